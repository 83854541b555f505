"""Stock: products x locations over the cache. Search as you type, filters (location, low
stock, out of stock, edited not yet pushed, conflicts), sort by a header click (SQL), edit a
location cell to SET a count, Receive / remove goods (Ctrl+R) to adjust, Enter or a
double-click on a conflict cell to resolve it, and scan to jump."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from zid_desk.cache.records import GridFilter
from zid_desk.domain.models import display_name
from zid_desk.ui.models.paged import PagedTableModel
from zid_desk.ui.models.stock import (
    CONFLICT_ROLE,
    LOCATION_ID_ROLE,
    PRODUCT_ID_ROLE,
    CountDelegate,
    StockModel,
)
from zid_desk.ui.views.base import TablePage

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
CONFLICT_DIALOG = ("zid_desk.ui.dialogs.conflict", "ConflictDialog")


@dataclass(frozen=True, slots=True)
class GridLocation:
    """A location column: id and bilingual name (no per-location totals: those cost a pass
    over every stock row, and the grid needs only names)."""

    id: str
    name_ar: str
    name_en: str

    def name(self, lang: str) -> str:
        return display_name(lang, self.name_ar, self.name_en)


def grid_locations(cache: Any) -> list[GridLocation]:
    """The grid's location columns, in display order (two cheap queries)."""
    if cache is None:
        return []
    out = []
    for location_id in cache.location_ids():
        loc = cache.location(location_id)
        if loc is not None:
            out.append(GridLocation(loc.id, loc.name.ar, loc.name.en))
    return out


def normalise_scan(code: str) -> str:
    """Scanners on an Arabic layout type Arabic-Indic digits; accept both."""
    return "".join(ch for ch in code.translate(ARABIC_DIGITS) if ch.isprintable()).strip()


class StockView(TablePage):
    model: StockModel

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        self._locations = grid_locations(ctx.cache)
        self._queried: GridFilter | None = None
        self._building = True
        super().__init__(ctx, parent)
        self.setObjectName("stock_view")
        self.search.setPlaceholderText(self.tr("Search name, SKU or barcode"))
        # Search as you type, coalesced: a 0-ms timer runs the query once the keystrokes
        # already queued are in (typing while a query ran costs one query, not one each).
        self.search.textChanged.disconnect()
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(0)
        self.search_timer.timeout.connect(self.refresh)
        timer = self.search_timer  # not self: keeps the view out of a reference cycle
        self.search.textChanged.connect(lambda _text: timer.start())
        self._build_filters()
        self._build_table()
        self._build_actions()
        self._building = False
        self._queried = self.filter()

    # ---- building ---------------------------------------------------------------------------
    def make_model(self) -> PagedTableModel:
        return StockModel(self.ctx, self._count, self._page, self._locations, self)

    def _build_filters(self) -> None:
        # Two rows (search + location, then the toggles) so the page still fits a narrow
        # window, or an 800-pixel screen, next to the navigation list.
        bar = QWidget(self)
        bar.setObjectName("stock_filters")
        rows = QVBoxLayout(bar)
        rows.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        toggles = QHBoxLayout()
        rows.addLayout(row)
        rows.addLayout(toggles)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.search)
        row.addWidget(self.search, 1)
        self.location_filter = QComboBox(bar)
        self.location_filter.setObjectName("location_filter")
        self.location_filter.setToolTip(self.tr("Show only the products stocked at a location"))
        self.location_filter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.location_filter.setMinimumContentsLength(14)
        self._fill_locations()
        row.addWidget(self.location_filter)
        self.low_stock = QCheckBox(bar)
        self._low_stock_label()
        self.low_stock.setObjectName("low_stock_filter")
        self.low_stock.setToolTip(self.tr("The threshold is in Settings"))
        self.out_of_stock = QCheckBox(self.tr("Out of stock"), bar)
        self.out_of_stock.setObjectName("out_of_stock_filter")
        self.pending_only = QCheckBox(self.tr("Edited, not yet pushed"), bar)
        self.pending_only.setObjectName("pending_filter")
        self.conflicts_only = QCheckBox(self.tr("Conflicts"), bar)
        self.conflicts_only.setObjectName("conflicts_filter")
        for box in (self.low_stock, self.out_of_stock, self.pending_only, self.conflicts_only):
            toggles.addWidget(box)
            box.toggled.connect(lambda _on: self.refresh())
        toggles.addStretch(1)
        self.location_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        layout.insertWidget(0, bar)

    def _low_stock_label(self) -> None:
        """The threshold in the label follows Settings (read at every query)."""
        threshold = self.ctx.low_stock_threshold
        self.low_stock.setText(
            self.tr("Low stock (%1 or less)").replace("%1", f"\u2066{threshold}\u2069")
        )

    def _fill_locations(self) -> None:
        combo = self.location_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All locations"), None)
        for loc in self._locations:
            combo.addItem(loc.name(self.ctx.lang), loc.id)
        at = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(0, at))
        combo.blockSignals(False)

    def _build_table(self) -> None:
        table = self.table
        table.setObjectName("stock_table")
        table.setItemDelegate(CountDelegate(table))
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = table.horizontalHeader()
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        table.setSortingEnabled(True)
        rows = table.verticalHeader()
        rows.setDefaultSectionSize(table.fontMetrics().height() + 8)
        # No row numbers: they change with every sort and filter, and a shown vertical
        # header asks the model for ~1,000 header texts to size itself on every reset.
        rows.hide()
        self._size_columns()
        table.activated.connect(self._activated)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)

    def _size_columns(self) -> None:
        """Starting widths from the header texts (never from the data: measuring cells
        would read rows); the main window restores the user's own widths after this."""
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        widths = {"name": 260, "sku": 130, "barcode": 130, "total": 90}
        for i, column in enumerate(self.model.stock_columns):
            title = metrics.horizontalAdvance(column.title) + 36  # + sort indicator
            width = widths.get(column.kind, max(90, min(title, 180)))
            header.resizeSection(i, max(width, min(title, 180)))

    def _build_actions(self) -> None:
        self.adjust_action = QAction(self.tr("Receive / remove goods…"), self)
        self.adjust_action.setObjectName("adjust")
        self.adjust_action.setShortcut(QKeySequence("Ctrl+R"))
        self.adjust_action.setToolTip(
            self.tr("Add received goods to, or take goods out of, the selected product (Ctrl+R)")
        )
        self.adjust_action.triggered.connect(lambda _checked=False: self.open_adjust())
        self.addAction(self.adjust_action)
        self.edit_action = QAction(self.tr("Set the count"), self)
        self.edit_action.setObjectName("edit_count")
        self.edit_action.triggered.connect(lambda _checked=False: self.table.edit(self.current()))
        self.resolve_action = QAction(self.tr("Resolve the conflict…"), self)
        self.resolve_action.setObjectName("resolve_conflict")
        self.resolve_action.triggered.connect(lambda _checked=False: self.open_conflict())

    # ---- querying ---------------------------------------------------------------------------
    def filter(self) -> GridFilter:
        if self._building:
            return GridFilter(lang=self.ctx.lang)
        location = self.location_filter.currentData()
        return GridFilter(
            search=self.search.text().strip(),
            location_id=None if location is None else str(location),
            low_stock_threshold=(
                self.ctx.low_stock_threshold if self.low_stock.isChecked() else None
            ),
            out_of_stock=self.out_of_stock.isChecked(),
            pending_only=self.pending_only.isChecked(),
            conflicts_only=self.conflicts_only.isChecked(),
            sort_key=self.model.sort_key,
            descending=self.model.descending,
            lang=self.ctx.lang,
        )

    def count(self) -> int:
        f = self.filter()
        if not self._building:
            self._queried = f  # what the rows on screen were selected by (incl. the sort)
        return int(self.ctx.cache.stock_grid_count(f))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.stock_grid_page(self.filter(), offset, limit))

    def refresh(self) -> None:
        """Re-query. A new filter starts from the top; new data (an edit, a pull) keeps the
        selection and the current cell. The location columns follow the cache."""
        if self._building:
            return
        self._low_stock_label()
        ids = self.ctx.cache.location_ids() if self.ctx.cache is not None else []
        if ids != [loc.id for loc in self._locations]:
            locations = grid_locations(self.ctx.cache)
            self._locations = locations
            self._fill_locations()
            self.model.set_locations(locations)
            self._size_columns()
            sort_column = self.model.column_of(self.model.sort_key)
            order = (
                Qt.SortOrder.DescendingOrder
                if self.model.descending
                else Qt.SortOrder.AscendingOrder
            )
            self.table.horizontalHeader().setSortIndicator(max(0, sort_column), order)
        f = self.filter()
        if f != self._queried:
            self.model.reset()
            return
        selected = self.selected_product()
        column = self.current().column()
        rows = self.model.rowCount()
        self.model.refresh()
        if selected is not None and self.model.rowCount() != rows:
            self.select_product(selected, column=column, keep_filters=True)

    # ---- selection --------------------------------------------------------------------------
    def current(self) -> QModelIndex:
        return self.table.currentIndex()

    def selected_product(self) -> str | None:
        index = self.current()
        if not index.isValid():
            rows = self.table.selectionModel().selectedRows()
            if not rows:
                return None
            index = rows[0]
        value = index.data(PRODUCT_ID_ROLE)
        return None if value is None else str(value)

    def select_product(
        self, product_id: str, *, column: int = 0, keep_filters: bool = False
    ) -> bool:
        """Scroll to and select a product's row; when the filters hide it, clear them
        (unless `keep_filters`)."""
        if self.ctx.cache is None:
            return False
        row = self.ctx.cache.row_index_of(product_id, self.filter())
        if (
            row is None
            and not keep_filters
            and self.filter()
            != GridFilter(
                lang=self.ctx.lang, sort_key=self.model.sort_key, descending=self.model.descending
            )
        ):
            self.clear_filters()
            row = self.ctx.cache.row_index_of(product_id, self.filter())
        if row is None:
            return False
        index = self.model.index(row, max(0, column))
        self.table.scrollTo(index)
        self.table.selectRow(row)
        self.table.setCurrentIndex(index)
        return True

    def clear_filters(self) -> None:
        widgets = (
            self.search,
            self.location_filter,
            self.low_stock,
            self.out_of_stock,
            self.pending_only,
            self.conflicts_only,
        )
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        self.location_filter.setCurrentIndex(0)
        for box in (self.low_stock, self.out_of_stock, self.pending_only, self.conflicts_only):
            box.setChecked(False)
        for w in widgets:
            w.blockSignals(False)
        self.refresh()

    def apply_scan(self, code: str) -> bool:
        if self.ctx.cache is None:
            return False
        product = self.ctx.cache.find_product_by_code(normalise_scan(code))
        return product is not None and self.select_product(product.id)

    # ---- editing ----------------------------------------------------------------------------
    def open_adjust(self, product_id: str | None = None, location_id: str | None = None) -> Any:
        """The Receive / remove dialog for the selected product (or `product_id`), at the
        current location column (or `location_id`)."""
        from zid_desk.ui.context import LEVEL_WARNING
        from zid_desk.ui.dialogs.adjust import AdjustDialog

        if product_id is None:
            product_id = self.selected_product()
            if location_id is None:
                value = self.current().data(LOCATION_ID_ROLE)
                location_id = None if value is None else str(value)
        if product_id is None or self.ctx.engine is None:
            self.ctx.message_posted.emit(
                LEVEL_WARNING, self.tr("Select a product in the Stock list first"), ""
            )
            return None
        dialog = AdjustDialog(self.ctx, product_id, location_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_conflict(self, index: QModelIndex | None = None) -> Any:
        """The conflict dialog of a conflict cell (another module; nothing if absent)."""
        from zid_desk.ui.main_window import load_class

        index = self.current() if index is None else index
        if not index.isValid() or not index.data(CONFLICT_ROLE):
            return None
        product_id = str(index.data(PRODUCT_ID_ROLE))
        location_id = str(index.data(LOCATION_ID_ROLE))
        change_id = self.model.conflict_change_id(product_id, location_id)
        cls = load_class(*CONFLICT_DIALOG)
        if cls is None or change_id is None:
            return None
        dialog = cls(self.ctx, change_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _activated(self, index: QModelIndex) -> None:
        if index.data(CONFLICT_ROLE):
            self.open_conflict(index)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if index.isValid():
            self.table.setCurrentIndex(index)
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.adjust_action)
        editable = bool(self.model.flags(index) & Qt.ItemFlag.ItemIsEditable)
        self.edit_action.setEnabled(editable)
        menu.addAction(self.edit_action)
        if index.isValid() and index.data(CONFLICT_ROLE):
            menu.addAction(self.resolve_action)
        menu.popup(self.table.viewport().mapToGlobal(pos))
