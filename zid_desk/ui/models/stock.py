"""The Stock grid's model: products x locations over `Cache.stock_grid_page`, sorted in SQL
by a header click, location cells editable to SET a count, pending / conflict cells marked
through roles (background + tooltip), never through text suffixes.

Roles: DisplayRole (the number bidi-isolated, "∞" for unlimited stock), EditRole (the int),
BackgroundRole / ForegroundRole / ToolTipRole for marks, TextAlignmentRole (numbers at the
trailing edge), and the user roles below for the views and tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QValidator
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from zid_desk.cache.records import GridRow, OutboxFilter
from zid_desk.cache.text import normalize_digits
from zid_desk.domain.models import ChangeState, display_name
from zid_desk.ui.models.paged import PagedTableModel
from zid_desk.ui.views.base import isolate

Index = QModelIndex | QPersistentModelIndex

PRODUCT_ID_ROLE = Qt.ItemDataRole.UserRole + 1  # str
LOCATION_ID_ROLE = Qt.ItemDataRole.UserRole + 2  # str | None (None: not a location column)
PENDING_ROLE = Qt.ItemDataRole.UserRole + 3  # bool
CONFLICT_ROLE = Qt.ItemDataRole.UserRole + 4  # bool

PENDING_COLOUR = QColor(255, 236, 179)  # amber: edited here, not yet on Zid
CONFLICT_COLOUR = QColor(255, 205, 210)  # red: Zid changed meanwhile, the user must choose
MARK_TEXT_COLOUR = QColor(33, 33, 33)  # readable on both marks in light and dark themes

MAX_COUNT = 999_999_999
#: Rows per grid page: about two screenfuls. The first page is on the critical path of
#: every keystroke of search-as-you-type (its cells are pivoted in Python).
STOCK_PAGE = 64
INFINITY = "∞"

_NUMERIC = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_R = Qt.ItemDataRole
_DISPLAY, _EDIT, _ALIGN = int(_R.DisplayRole), int(_R.EditRole), int(_R.TextAlignmentRole)
_BACKGROUND, _FOREGROUND, _TOOLTIP = (
    int(_R.BackgroundRole),
    int(_R.ForegroundRole),
    int(_R.ToolTipRole),
)
_UNUSED_ROLES = frozenset(
    int(r)
    for r in (
        _R.FontRole,
        _R.DecorationRole,
        _R.CheckStateRole,
        _R.SizeHintRole,
        _R.StatusTipRole,
        _R.WhatsThisRole,
        _R.AccessibleTextRole,
    )
)
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
_BASE_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_EDITABLE_FLAGS = _BASE_FLAGS | Qt.ItemFlag.ItemIsEditable


def parse_count(text: str) -> int | None:
    """A whole number >= 0 typed with Western, Arabic-Indic or Persian digits; else None."""
    digits = normalize_digits(str(text)).strip()
    if not digits.isascii() or not digits.isdigit():
        return None
    value = int(digits)
    return value if value <= MAX_COUNT else None


class CountValidator(QValidator):
    """Only digits (any of the three digit sets), at most nine of them."""

    def validate(self, text: str, pos: int) -> Any:
        if text == "":
            return QValidator.State.Intermediate
        if len(text) <= 9 and parse_count(text) is not None:
            return QValidator.State.Acceptable
        return QValidator.State.Invalid


@dataclass(frozen=True, slots=True)
class StockColumn:
    kind: str  # "name" | "sku" | "barcode" | "location" | "total"
    title: str
    location_id: str | None = None

    @property
    def sort_key(self) -> str:
        return f"loc:{self.location_id}" if self.kind == "location" else self.kind


def display_text(row: GridRow, column: StockColumn, lang: str) -> str:
    """What a grid cell shows, "∞" for unlimited. In the right-to-left UI numbers, SKUs and
    barcodes are bidi-isolated (so "10-ZD" or "-5" never reorder); a left-to-right cell
    needs no isolation, and painting without the control characters is cheaper."""
    kind = column.kind
    if kind == "name":
        return row.name(lang)
    wrap = isolate if lang == "ar" else _plain
    if kind == "sku":
        return wrap(row.sku) if row.sku else ""
    if kind == "barcode":
        return wrap(row.barcode) if row.barcode else ""
    if kind == "total":
        return INFINITY if row.total_infinite else wrap(row.total)
    cell = row.cells.get(column.location_id or "")
    if cell is None:
        return ""
    return INFINITY if cell.is_infinite else wrap(cell.quantity)


def _plain(value: object) -> str:
    return "" if value is None else str(value)


class StockModel(PagedTableModel):
    """`count()` and `page(offset, limit)` come from the view (they apply its filter, which
    reads `sort_key` / `descending` from here)."""

    def __init__(
        self,
        ctx: Any,
        count: Callable[[], int],
        page: Callable[[int, int], Sequence[Any]],
        locations: Sequence[Any],
        parent: QObject | None = None,
    ) -> None:
        self.ctx = ctx
        self.sort_key = "name"
        self.descending = False
        self.stock_columns: list[StockColumn] = []
        self._lang = str(ctx.lang)
        self._tips = {
            "pending": self.tr("Edited, not yet pushed"),
            "infinite": self.tr("Unlimited stock"),
        }
        super().__init__(count, page, self._make_columns(locations), parent, page_size=STOCK_PAGE)

    # ---- columns ----------------------------------------------------------------------------
    def _make_columns(self, locations: Sequence[Any]) -> list[tuple[str, Callable[[Any], Any]]]:
        lang = self.ctx.lang
        cols = [
            StockColumn("name", self.tr("Name")),
            StockColumn("sku", self.tr("SKU")),
            StockColumn("barcode", self.tr("Barcode")),
        ]
        for loc in locations:
            name = display_name(lang, loc.name_ar, loc.name_en)
            cols.append(StockColumn("location", name, loc.id))
        cols.append(StockColumn("total", self.tr("Total")))
        self.stock_columns = cols
        return [(c.title, self._displayer(c)) for c in cols]

    def _displayer(self, column: StockColumn) -> Callable[[Any], Any]:
        lang = self.ctx.lang  # no reference to self: QObjects stay out of cycles
        return lambda row: display_text(row, column, lang)

    def set_locations(self, locations: Sequence[Any]) -> None:
        columns = self._make_columns(locations)
        if not any(c.sort_key == self.sort_key for c in self.stock_columns):
            self.sort_key, self.descending = "name", False
        self.set_columns(columns)

    def column_of(self, sort_key: str) -> int:
        for i, c in enumerate(self.stock_columns):
            if c.sort_key == sort_key:
                return i
        return -1

    def location_of(self, column: int) -> str | None:
        if 0 <= column < len(self.stock_columns):
            return self.stock_columns[column].location_id
        return None

    # ---- data -------------------------------------------------------------------------------
    def display(self, row: GridRow, column: StockColumn) -> str:
        return display_text(row, column, self.ctx.lang)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # hot path (every painted cell asks ~7 roles): int compares, no enum lookups
        row = self.record(index.row())  # an invalid index has row -1: None
        if row is None:
            return None
        column = self.stock_columns[index.column()]
        if role == _DISPLAY:
            return display_text(row, column, self._lang)
        if role in _UNUSED_ROLES:
            return None
        kind = column.kind
        if role == _ALIGN:
            return _NUMERIC if kind == "location" or kind == "total" else None
        if role == PRODUCT_ID_ROLE:
            return row.product_id
        if role == LOCATION_ID_ROLE:
            return column.location_id
        if kind != "location":
            if role == _EDIT:
                if kind == "total":
                    return None if row.total_infinite else row.total
                return display_text(row, column, self._lang)
            return None
        cell = row.cells.get(column.location_id or "")
        if cell is None:
            return False if role in (PENDING_ROLE, CONFLICT_ROLE) else None
        if role == _BACKGROUND:
            if cell.conflict:
                return CONFLICT_COLOUR
            return PENDING_COLOUR if cell.pending else None
        if role == _FOREGROUND:
            return MARK_TEXT_COLOUR if cell.conflict or cell.pending else None
        if role == _EDIT:
            return None if cell.is_infinite else cell.quantity
        if role == PENDING_ROLE:
            return cell.pending
        if role == CONFLICT_ROLE:
            return cell.conflict
        if role == _TOOLTIP:
            if cell.conflict:
                return self.conflict_tip(row.product_id, column.location_id or "")
            if cell.pending:
                return self._tips["pending"]
            return self._tips["infinite"] if cell.is_infinite else None
        return None

    def conflict_change_id(self, product_id: str, location_id: str) -> int | None:
        """The outbox change in conflict at that cell (newest), if any."""
        cache = self.ctx.cache
        if cache is None:
            return None
        f = OutboxFilter(
            states=(ChangeState.CONFLICT,), product_id=product_id, location_id=location_id
        )
        changes = cache.outbox_page(f, 0, 1)
        return int(changes[0].id) if changes else None

    def conflict_tip(self, product_id: str, location_id: str) -> str:
        cache = self.ctx.cache
        f = OutboxFilter(
            states=(ChangeState.CONFLICT,), product_id=product_id, location_id=location_id
        )
        changes = cache.outbox_page(f, 0, 1) if cache is not None else []
        remote = changes[0].remote_at_conflict if changes else None
        if remote is None:
            return self.tr("Conflict: Zid changed this count meanwhile. Press Enter to choose.")
        return self.tr("Conflict: Zid now has %1. Press Enter to choose.").replace(
            "%1", isolate(remote)
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        row = self.record(index.row())
        if row is None:
            return _NO_FLAGS if not index.isValid() else _BASE_FLAGS
        column = self.stock_columns[index.column()]
        if column.kind != "location" or self.ctx.engine is None:
            return _BASE_FLAGS
        cell = row.cells.get(column.location_id or "")
        if cell is None:
            # No stock there yet: a first count is fine for a product stocked elsewhere
            # (a parent of variants, or a product with no stock anywhere, has no cells).
            return _EDITABLE_FLAGS if row.cells and not row.is_infinite else _BASE_FLAGS
        if cell.is_infinite or cell.conflict:
            return _BASE_FLAGS  # unlimited: nothing to count; conflict: resolve it first
        return _EDITABLE_FLAGS

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """SET the count of a location cell: one outbox row (ctx.edit_count)."""
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        quantity = parse_count(str(value))
        row = self.record(index.row())
        location_id = self.location_of(index.column())
        if quantity is None or row is None or location_id is None:
            return False
        cell = row.cells.get(location_id)
        if cell is not None and cell.quantity == quantity:
            return False  # unchanged: no outbox row
        self.ctx.edit_count(row.product_id, location_id, quantity)
        return True

    # ---- sorting (SQL) ----------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.stock_columns):
            return
        key = self.stock_columns[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self.sort_key, self.descending) and self.rowCount() > 0:
            return
        self.sort_key, self.descending = key, descending
        self.reset()


class CountDelegate(QStyledItemDelegate):
    """Edits a location cell with a line edit that accepts only whole numbers >= 0 (Western
    or Arabic-Indic digits); the model turns the text into a SET."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("count_editor")
        editor.setValidator(CountValidator(editor))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QLineEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setText("" if value is None else str(value))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QLineEdit) and parse_count(editor.text()) is not None:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
