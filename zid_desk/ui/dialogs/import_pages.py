"""The steps of the import dialog as plain widgets (no engine calls, no async): the dialog
(`import_wizard.ImportWizard`) fills them from the engine's results and reads the user's
choices back. Each page translates its own strings."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zid_desk.importer import DUPLICATE_POLICIES, IGNORE, MODES, ColumnMapping, FileFormat
from zid_desk.ui.models.import_plan import PlanTableModel, PreviewModel
from zid_desk.ui.views.base import isolate

SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls", ".ods")
#: Encodings offered (codec name as the engine normalises it).
ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256", "iso8859-6")
DELIMITERS = (",", ";", "\t", "|")
MAPPED_FIELDS = ("sku", "barcode", "quantity", "location", "name")


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    return table


def fit_columns(table: QTableView, widest: int = 320, rows: int = 60) -> None:
    """Columns as wide as their title and the first `rows` rows, within reason; the last
    one (the reason) takes the rest. (resizeColumnToContents() asks a 100,000-row model
    for a thousand rows per column: a quarter of a second on the GUI thread.)"""
    model = table.model()
    header = table.horizontalHeader()
    cells, titles = table.fontMetrics(), header.fontMetrics()
    n = min(model.rowCount(), rows)
    for column in range(model.columnCount() - 1):
        title = model.headerData(column, Qt.Orientation.Horizontal)
        width = titles.horizontalAdvance(str(title or "")) + 24
        for row in range(n):
            text = model.data(model.index(row, column))
            if text:
                width = max(width, cells.horizontalAdvance(str(text)) + 16)
        header.resizeSection(column, min(width, widest))


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    label.hide()
    return label


class ImportPage(QWidget):
    """A step: a title, its widgets and an error line."""

    changed = Signal()  # something the Next button depends on changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.layout_.addWidget(self.heading)
        self.error = _error_label(self)

    def title(self) -> str:
        return self.heading.text()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def can_continue(self) -> bool:
        return True


class ImportFilePage(ImportPage):
    browse_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("file_page")
        self.heading.setText(self.tr("1. Choose the file"))
        intro = QLabel(
            self.tr(
                "Drop a stock file on this window, or browse for it. CSV and text files"
                " (any encoding) and Excel workbooks (.xlsx) are read."
            ),
            self,
        )
        intro.setWordWrap(True)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("path")
        self.path.setPlaceholderText(self.tr("Path of a .csv, .txt or .xlsx file"))
        self.path.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.path.setClearButtonEnabled(True)
        self.browse = QPushButton(self.tr("Browse…"), self)
        self.browse.setObjectName("browse")
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.drop_hint = QLabel(self.tr("Or drag and drop the file here."), self)
        self.drop_hint.setObjectName("drop_hint")
        self.drop_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_hint.setMinimumHeight(120)
        self.drop_hint.setStyleSheet("border: 2px dashed #999; border-radius: 8px;")
        self.layout_.addWidget(intro)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.drop_hint, 1)
        self.layout_.addWidget(self.error)
        self.browse.clicked.connect(self.browse_requested)
        self.path.textChanged.connect(lambda _t: self.changed.emit())

    def can_continue(self) -> bool:
        return bool(self.path.text().strip())


class ImportFormatPage(ImportPage):
    format_changed = Signal()  # the user picked another encoding / delimiter / sheet

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("format_page")
        self.heading.setText(self.tr("2. Encoding and delimiter"))
        self.detected = QLabel(self)
        self.detected.setObjectName("detected")
        self.detected.setWordWrap(True)
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("encoding")
        self.delimiter = QComboBox(self)
        self.delimiter.setObjectName("delimiter")
        self.sheet = QComboBox(self)
        self.sheet.setObjectName("sheet")
        self.kind = "csv"
        names = {
            "utf-8": self.tr("UTF-8"),
            "utf-8-sig": self.tr("UTF-8 with BOM"),
            "utf-16": self.tr("UTF-16"),
            "utf-16-le": self.tr("UTF-16 (little-endian)"),
            "utf-16-be": self.tr("UTF-16 (big-endian)"),
            "cp1256": self.tr("Windows-1256 (Arabic)"),
            "iso8859-6": self.tr("ISO-8859-6 (Arabic)"),
        }
        self._encoding_names = names
        for codec in ENCODINGS:
            self.encoding.addItem(names[codec], codec)
        delimiter_names = {
            ",": self.tr("Comma ( , )"),
            ";": self.tr("Semicolon ( ; )"),
            "\t": self.tr("Tab"),
            "|": self.tr("Vertical bar ( | )"),
        }
        self._delimiter_names = delimiter_names
        for d in DELIMITERS:
            self.delimiter.addItem(delimiter_names[d], d)
        form = QFormLayout()
        self.encoding_label = QLabel(self.tr("Encoding"), self)
        self.delimiter_label = QLabel(self.tr("Delimiter"), self)
        self.sheet_label = QLabel(self.tr("Sheet"), self)
        form.addRow(self.encoding_label, self.encoding)
        form.addRow(self.delimiter_label, self.delimiter)
        form.addRow(self.sheet_label, self.sheet)
        self.preview_label = QLabel(self.tr("The first rows as they will be read:"), self)
        self.model = PreviewModel(self)
        self.table = _table(self, "preview")
        self.table.setModel(self.model)
        self.layout_.addWidget(self.detected)
        self.layout_.addLayout(form)
        self.layout_.addWidget(self.preview_label)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.error)
        for combo in (self.encoding, self.delimiter, self.sheet):
            combo.currentIndexChanged.connect(lambda _i: self.format_changed.emit())
        self.model.modelReset.connect(self.table.resizeColumnsToContents)

    def encoding_name(self, codec: str | None) -> str:
        return self._encoding_names.get(codec or "", codec or "")

    def delimiter_name(self, delimiter: str | None) -> str:
        return self._delimiter_names.get(delimiter or "", delimiter or "")

    def show_format(self, fmt: FileFormat, detected: FileFormat) -> None:
        """Select `fmt` in the combos (adding an encoding we do not list) without signals."""
        self.kind = fmt.kind
        csv = fmt.kind == "csv"
        for w in (self.encoding, self.encoding_label, self.delimiter, self.delimiter_label):
            w.setVisible(csv)
        for w in (self.sheet, self.sheet_label):
            w.setVisible(not csv)
        combos = (self.encoding, self.delimiter, self.sheet)
        for combo in combos:
            combo.blockSignals(True)
        try:
            if csv:
                if self.encoding.findData(fmt.encoding) < 0:
                    self.encoding.addItem(str(fmt.encoding), fmt.encoding)
                self.encoding.setCurrentIndex(self.encoding.findData(fmt.encoding))
                if self.delimiter.findData(fmt.delimiter) < 0:
                    self.delimiter.addItem(isolate(fmt.delimiter), fmt.delimiter)
                self.delimiter.setCurrentIndex(self.delimiter.findData(fmt.delimiter))
                self.detected.setText(
                    self.tr("Detected: %1, %2. Change them if the preview looks wrong.")
                    .replace("%1", self.encoding_name(detected.encoding))
                    .replace("%2", self.delimiter_name(detected.delimiter))
                )
            else:
                self.sheet.clear()
                for name in fmt.sheets:
                    self.sheet.addItem(name, name)
                self.sheet.setCurrentIndex(max(0, self.sheet.findData(fmt.sheet)))
                self.detected.setText(
                    self.tr("An Excel workbook: choose the sheet that holds the stock.")
                )
        finally:
            for combo in combos:
                combo.blockSignals(False)

    def chosen(self) -> tuple[str | None, str | None, str | None]:
        """(encoding, delimiter, sheet) as selected."""
        if self.kind == "sheet":
            return None, None, self.sheet.currentData()
        return self.encoding.currentData(), self.delimiter.currentData(), None


class ImportMappingPage(ImportPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mapping_page")
        self.heading.setText(self.tr("3. Columns"))
        intro = QLabel(
            self.tr(
                "What each column of the file holds. A SKU or barcode column and a quantity"
                " column are needed; the location can come from a column or be chosen in"
                " the next step."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.remembered = QLabel(
            self.tr("These choices were remembered from a file with the same columns."), self
        )
        self.remembered.setObjectName("remembered")
        self.remembered.hide()
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.form_host = QWidget(self.scroll_area)
        self.form = QFormLayout(self.form_host)
        self.scroll_area.setWidget(self.form_host)
        self.layout_.addWidget(intro)
        self.layout_.addWidget(self.remembered)
        self.layout_.addWidget(self.scroll_area, 1)
        self.layout_.addWidget(self.error)
        self.combos: list[QComboBox] = []
        self._field_names = {
            "sku": self.tr("SKU"),
            "barcode": self.tr("Barcode"),
            "quantity": self.tr("Quantity"),
            "location": self.tr("Location"),
            "name": self.tr("Product name (not imported)"),
            IGNORE: self.tr("Ignore this column"),
        }

    def set_columns(
        self,
        header: Sequence[str],
        samples: Sequence[str],
        mapping: ColumnMapping,
        remembered: bool,
    ) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = []
        for index, title in enumerate(header):
            combo = QComboBox(self.form_host)
            combo.setObjectName(f"column_{index}")
            for fieldname in (*MAPPED_FIELDS, IGNORE):
                combo.addItem(self._field_names[fieldname], fieldname)
            combo.setCurrentIndex(combo.findData(mapping.columns.get(index, IGNORE)))
            combo.currentIndexChanged.connect(lambda _i, c=combo: self._picked(c))
            sample = samples[index] if index < len(samples) else ""
            text = title.strip() or self.tr("Column %1").replace("%1", str(index + 1))
            label = QLabel(text, self.form_host)
            row = QHBoxLayout()
            row.addWidget(combo, 1)
            example = QLabel(self.form_host)
            example.setObjectName(f"sample_{index}")
            example.setStyleSheet("color: palette(mid);")
            if sample:
                example.setText(self.tr("First value: %1").replace("%1", isolate(sample)))
            row.addWidget(example, 1)
            self.form.addRow(label, row)
            self.combos.append(combo)
        self.remembered.setVisible(remembered)
        self._check()

    def _picked(self, combo: QComboBox) -> None:
        """One column per field: picking a field frees it from any other column."""
        fieldname = combo.currentData()
        if fieldname != IGNORE:
            for other in self.combos:
                if other is not combo and other.currentData() == fieldname:
                    other.blockSignals(True)
                    other.setCurrentIndex(other.findData(IGNORE))
                    other.blockSignals(False)
        self._check()

    def set_field(self, column: int, fieldname: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(fieldname))

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(
            {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData() != IGNORE}
        )

    def _check(self) -> None:
        missing = self.mapping().missing()
        texts = {
            "sku or barcode": self.tr("a SKU or barcode column"),
            "quantity": self.tr("a quantity column"),
        }
        if missing:
            self.show_error(
                self.tr("Choose %1 to continue.").replace(
                    "%1", self.tr(" and ").join(texts.get(m, m) for m in missing)
                )
            )
        else:
            self.show_error("")
        self.changed.emit()

    def can_continue(self) -> bool:
        return not self.mapping().missing()


class ImportOptionsPage(ImportPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("options_page")
        self.heading.setText(self.tr("4. Mode and location"))
        mode_box = QGroupBox(self.tr("The quantities in the file are"), self)
        mode_layout = QVBoxLayout(mode_box)
        self.mode_group = QButtonGroup(self)
        texts = {
            "set": self.tr("Counts: set the stock to these numbers"),
            "add": self.tr("Goods received: add them to the stock"),
            "subtract": self.tr("Goods removed: subtract them from the stock"),
        }
        self.modes: dict[str, QRadioButton] = {}
        for i, mode in enumerate(MODES):
            button = QRadioButton(texts[mode], mode_box)
            button.setObjectName(f"mode_{mode}")
            self.mode_group.addButton(button, i)
            mode_layout.addWidget(button)
            self.modes[mode] = button
        self.modes["set"].setChecked(True)

        loc_box = QGroupBox(self.tr("Location"), self)
        loc_layout = QVBoxLayout(loc_box)
        self.from_column = QRadioButton(self.tr("From the file's location column"), loc_box)
        self.from_column.setObjectName("location_from_column")
        self.fixed = QRadioButton(self.tr("One location for the whole file:"), loc_box)
        self.fixed.setObjectName("location_fixed")
        self.location = QComboBox(loc_box)
        self.location.setObjectName("location")
        self.loc_group = QButtonGroup(self)
        self.loc_group.addButton(self.from_column)
        self.loc_group.addButton(self.fixed)
        loc_layout.addWidget(self.from_column)
        fixed_row = QHBoxLayout()
        fixed_row.addWidget(self.fixed)
        fixed_row.addWidget(self.location, 1)
        loc_layout.addLayout(fixed_row)

        dup_box = QGroupBox(self.tr("Several rows for the same product and location"), self)
        dup_layout = QVBoxLayout(dup_box)
        dup_texts = {
            "sum": self.tr("Sum them (equal counts are accepted once)"),
            "reject": self.tr("Reject them all as invalid"),
            "last": self.tr("Keep the last row"),
        }
        self.dup_group = QButtonGroup(self)
        self.duplicates: dict[str, QRadioButton] = {}
        for i, policy in enumerate(DUPLICATE_POLICIES):
            button = QRadioButton(dup_texts[policy], dup_box)
            button.setObjectName(f"duplicates_{policy}")
            self.dup_group.addButton(button, i)
            dup_layout.addWidget(button)
            self.duplicates[policy] = button
        self.duplicates["sum"].setChecked(True)
        self.layout_.addWidget(mode_box)
        self.layout_.addWidget(loc_box)
        self.layout_.addWidget(dup_box)
        self.layout_.addStretch(1)
        self.layout_.addWidget(self.error)
        self.fixed.toggled.connect(self._sync)
        self.location.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def set_locations(self, locations: Sequence[tuple[str, str]], has_column: bool) -> None:
        """(id, name in the UI language) pairs; `has_column`: a location column is mapped."""
        current = self.location.currentData()
        self.location.blockSignals(True)
        self.location.clear()
        for lid, name in locations:
            self.location.addItem(name, lid)
        if current is not None and self.location.findData(current) >= 0:
            self.location.setCurrentIndex(self.location.findData(current))
        self.location.blockSignals(False)
        self.from_column.setEnabled(has_column)
        if has_column and not self.fixed.isChecked():
            self.from_column.setChecked(True)
        elif not has_column:
            self.fixed.setChecked(True)
        self._sync()

    def _sync(self, _checked: bool = False) -> None:
        self.location.setEnabled(self.fixed.isChecked())
        self.changed.emit()

    def mode(self) -> str:
        return next(m for m, b in self.modes.items() if b.isChecked())

    def duplicate_policy(self) -> str:
        return next(p for p, b in self.duplicates.items() if b.isChecked())

    def fixed_location(self) -> str | None:
        return self.location.currentData() if self.fixed.isChecked() else None

    def can_continue(self) -> bool:
        return self.from_column.isChecked() or self.location.currentData() is not None


class ImportReviewPage(ImportPage):
    def __init__(self, model: PlanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_page")
        self.heading.setText(self.tr("5. Check the changes"))
        self.counts = QLabel(self)
        self.counts.setObjectName("counts")
        self.counts.setWordWrap(True)
        self.cost = QLabel(self)
        self.cost.setObjectName("cost")
        self.cost.setWordWrap(True)
        self.dry_run = QLabel(
            self.tr("Nothing has been written yet: this is a dry run until you apply."), self
        )
        self.dry_run.setWordWrap(True)
        filter_row = QHBoxLayout()
        self.filter_label = QLabel(self.tr("Show"), self)
        self.filter = QComboBox(self)
        self.filter.setObjectName("filter")
        for key, text in (
            ("all", self.tr("All rows")),
            ("changed", self.tr("Changed rows")),
            ("invalid", self.tr("Invalid rows")),
            ("unchanged", self.tr("Unchanged rows")),
        ):
            self.filter.addItem(text, key)
        filter_row.addWidget(self.filter_label)
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        self.model = model
        self.table = _table(self, "plan")
        self.table.setModel(model)
        self.table.horizontalHeader().setSectionResizeMode(
            len(model.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.layout_.addWidget(self.counts)
        self.layout_.addWidget(self.cost)
        self.layout_.addWidget(self.dry_run)
        self.layout_.addLayout(filter_row)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.error)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter.currentData())
        )

    def fit(self) -> None:
        """Fit the columns to the rows on screen (once per plan, not per filter)."""
        fit_columns(self.table)


class ImportReportPage(ImportPage):
    save_requested = Signal()

    def __init__(self, model: PlanTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_page")
        self.heading.setText(self.tr("6. Result"))
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.push_note = QLabel(self)
        self.push_note.setObjectName("push_note")
        self.push_note.setWordWrap(True)
        self.push_note.hide()
        filter_row = QHBoxLayout()
        self.filter = QComboBox(self)
        self.filter.setObjectName("report_filter")
        for key, text in (
            ("all", self.tr("All rows")),
            ("problems", self.tr("Rows not applied")),
            ("changed", self.tr("Changed rows")),
        ):
            self.filter.addItem(text, key)
        self.save = QPushButton(self.tr("Save report as CSV…"), self)
        self.save.setObjectName("save_report")
        filter_row.addWidget(QLabel(self.tr("Show"), self))
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        filter_row.addWidget(self.save)
        self.model = model
        self.table = _table(self, "report")
        self.table.setModel(model)
        self.table.horizontalHeader().setSectionResizeMode(
            len(model.COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.layout_.addWidget(self.summary)
        self.layout_.addWidget(self.push_note)
        self.layout_.addLayout(filter_row)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.error)
        self.save.clicked.connect(self.save_requested)
        self.filter.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(self.filter.currentData())
        )

    def fit(self) -> None:
        """Fit the columns to the rows on screen (once per plan, not per filter)."""
        fit_columns(self.table)
