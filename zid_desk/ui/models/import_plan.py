"""Table models of the import dialog: the preview of a file's first rows, and the plan's
rows (validation + diff, later the per-row report).

The plan already sits in memory (built off the GUI thread by the import engine); the model
keeps only an index list for the active filter and fetches product names from the cache for
the rows on screen, a block at a time."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication

from zid_desk.importer import Plan, PlanRow, ReportRow, RowStatus, SourceRow
from zid_desk.ui.views.base import isolate, old_to_new

Index = QModelIndex | QPersistentModelIndex
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
NAME_BLOCK = 200

#: Plan filters (review step) and report filters (last step).
FILTERS = ("all", "changed", "invalid", "unchanged", "problems")


def has_arabic(text: str) -> bool:
    return bool(ARABIC.search(text))


class PreviewModel(QAbstractTableModel):
    """The header and first rows of a file; Arabic cells are right-aligned."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._header: list[str] = []
        self._rows: list[list[str]] = []
        self._width = 0

    def set_rows(self, header: Sequence[str], rows: Sequence[SourceRow]) -> None:
        self.beginResetModel()
        self._header = list(header)
        self._rows = [list(r.cells) for r in rows]
        self._width = max([len(self._header), *(len(r) for r in self._rows)], default=0)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._width

    def cell(self, row: int, column: int) -> str:
        cells = self._rows[row]
        return cells[column] if column < len(cells) else ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and has_arabic(
            self.cell(index.row(), index.column())
        ):
            return int(RIGHT.value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None  # never super(): PySide6 None-refcount bug (stack notes §0.1)
        if orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._header) and self._header[section].strip():
                return self._header[section]
            return self.tr("Column %1").replace("%1", str(section + 1))
        return str(section + 1)


class PlanTableModel(QAbstractTableModel):
    """One line per file row: row, SKU, product, location, old -> new, status, reason.
    With report rows set (after apply) the status column shows each row's result."""

    COLUMNS = ("row", "sku", "product", "location", "change", "status", "reason")

    def __init__(
        self,
        names: Callable[[Sequence[str]], dict[str, str]],
        location_name: Callable[[str], str],
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._names_fn = names
        self._location_name = location_name
        self._plan: Plan | None = None
        self._report: list[ReportRow] | None = None
        self._visible: list[int] = []
        self._filter = "all"
        self._names: dict[str, str] = {}
        self._fetched_blocks: set[int] = set()
        self._titles = {
            "row": self.tr("Row"),
            "sku": self.tr("SKU / barcode"),
            "product": self.tr("Product"),
            "location": self.tr("Location"),
            "change": self.tr("Old → new"),
            "status": self.tr("Status"),
            "reason": self.tr("Reason"),
        }
        self._status_text = {
            "changed": self.tr("Changed"),
            "unchanged": self.tr("Unchanged"),
            "invalid": self.tr("Invalid"),
            "planned": self.tr("Planned"),
            "queued": self.tr("Queued"),
            "applied": self.tr("Applied"),
            "conflict": self.tr("Conflict"),
            "failed": self.tr("Failed"),
        }
        self._reasons = self._reason_patterns()

    # ---- content ---------------------------------------------------------------------------
    def set_plan(self, plan: Plan | None, report: list[ReportRow] | None = None) -> None:
        self.beginResetModel()
        self._plan = plan
        self._report = report
        self._names.clear()
        self._fetched_blocks.clear()
        self._visible = self._select(self._filter)
        self.endResetModel()

    def set_filter(self, name: str) -> None:
        if name not in FILTERS:
            raise ValueError(name)
        self.beginResetModel()
        self._filter = name
        self._fetched_blocks.clear()
        self._visible = self._select(name)
        self.endResetModel()

    @property
    def filter(self) -> str:
        return self._filter

    def _select(self, name: str) -> list[int]:
        plan = self._plan
        if plan is None:
            return []
        rows = plan.rows
        if name == "all":
            return list(range(len(rows)))
        if name == "problems" and self._report is not None:
            bad = ("invalid", "conflict", "failed", "queued")
            return [i for i, r in enumerate(self._report) if r.result in bad]
        status = {
            "changed": RowStatus.CHANGED,
            "invalid": RowStatus.INVALID,
            "unchanged": RowStatus.UNCHANGED,
            "problems": RowStatus.INVALID,
        }[name]
        return [i for i, r in enumerate(rows) if r.status is status]

    def plan_row(self, row: int) -> PlanRow | None:
        if self._plan is None or not 0 <= row < len(self._visible):
            return None
        return self._plan.rows[self._visible[row]]

    def result(self, row: int) -> str:
        """The status column's key for a visible row ("changed", "applied", ...)."""
        r = self.plan_row(row)
        if r is None:
            return ""
        if self._report is not None:
            return self._report[self._visible[row]].result
        return r.status.value

    def reason(self, row: int) -> str:
        r = self.plan_row(row)
        if r is None:
            return ""
        if self._report is not None:
            return self._report[self._visible[row]].reason
        return r.reason

    def status_text(self, key: str) -> str:
        return self._status_text.get(key, key)

    # ---- product names (a block of visible rows at a time) ---------------------------------
    def _name(self, row: int, r: PlanRow) -> str:
        if r.product_id is None:
            return r.name
        name = self._names.get(r.product_id)
        if name is None:
            block = row // NAME_BLOCK
            if block not in self._fetched_blocks:
                self._fetched_blocks.add(block)
                ids = []
                end = min(len(self._visible), (block + 1) * NAME_BLOCK)
                for i in range(block * NAME_BLOCK, end):
                    other = self.plan_row(i)
                    pid = other.product_id if other is not None else None
                    if pid and pid not in self._names:
                        ids.append(pid)
                self._names.update(self._names_fn(ids))
            name = self._names.get(r.product_id)
        return name if name else r.name

    # ---- texts ----------------------------------------------------------------------------
    def change_text(self, r: PlanRow) -> str:
        def show(value: int | None, infinite: bool) -> str:
            return "∞" if infinite else ("" if value is None else str(value))

        old_infinite = r.old is None and r.product_id is not None and r.location_id is not None
        old = show(r.old, old_infinite and r.status is not RowStatus.INVALID)
        if r.status is RowStatus.INVALID:
            return isolate(old) if old else ""
        new = show(r.new, r.new is None)
        return old_to_new(old, new, rtl=QGuiApplication.isRightToLeft())

    def _reason_patterns(self) -> list[tuple[re.Pattern[str], str]]:
        q = r"(['\"])(?P<v>.*)\1"
        return [
            (re.compile(rf"unknown SKU {q}$"), self.tr("unknown SKU %1")),
            (re.compile(rf"unknown barcode {q}$"), self.tr("unknown barcode %1")),
            (re.compile(r"no SKU or barcode$"), self.tr("no SKU or barcode")),
            (re.compile(rf"unknown location {q}$"), self.tr("unknown location %1")),
            (
                re.compile(r"no location: .*"),
                self.tr("no location: fill the location column or choose one location"),
            ),
            (re.compile(r"empty quantity$"), self.tr("empty quantity")),
            (re.compile(rf"not a whole number: {q}$"), self.tr("not a whole number: %1")),
            (re.compile(rf"not a number: {q}$"), self.tr("not a number: %1")),
            (
                re.compile(rf"ambiguous number {q} .*"),
                self.tr(
                    "ambiguous number %1 (thousands or decimals?): write it without separators"
                ),
            ),
            (re.compile(r"negative result: (?P<v>.*)$"), self.tr("negative result: %1")),
            (
                re.compile(r"infinite-stock product.*"),
                self.tr("infinite-stock product: its stock is not counted"),
            ),
            (
                re.compile(r"the product has variants.*"),
                self.tr("the product has variants: import its variants' SKUs instead"),
            ),
            (
                re.compile(r"'infinite' is only valid in set mode$"),
                self.tr("“infinite” is only valid in set mode"),
            ),
            (
                re.compile(rf"a '\+' sign in a subtract file is ambiguous: {q}$"),
                self.tr("a + sign in a subtract file is ambiguous: %1"),
            ),
            (
                re.compile(rf"SKU {q} matches several products.*"),
                self.tr("SKU %1 matches several products: use the barcode"),
            ),
            (
                re.compile(rf"barcode {q} matches several products.*"),
                self.tr("barcode %1 matches several products: use the SKU"),
            ),
            (
                re.compile(r"duplicate rows with different counts \(rows (?P<v>.*)\)$"),
                self.tr("duplicate rows with different counts (rows %1)"),
            ),
            (
                re.compile(r"duplicate: the same product and location as row (?P<v>.*)$"),
                self.tr("duplicate: the same product and location as row %1"),
            ),
            (re.compile(r"same count as row (?P<v>.*)$"), self.tr("same count as row %1")),
            (re.compile(r"summed with row (?P<v>.*)$"), self.tr("summed with row %1")),
            (
                re.compile(r"superseded by row (?P<v>\d+) \(last wins\)$"),
                self.tr("superseded by row %1 (the last row wins)"),
            ),
            (
                re.compile(r"last of duplicate rows (?P<v>.*)$"),
                self.tr("last of duplicate rows %1"),
            ),
            (
                re.compile(r"Zid's value changed since.*"),
                self.tr("Zid's value changed since the last sync: resolve it in Pending changes"),
            ),
            (
                re.compile(r"would make the stock negative \((?P<v>.*)\)$"),
                self.tr("would make the stock negative (%1)"),
            ),
            (re.compile(r"not found in the outbox$"), self.tr("not found in the outbox")),
        ]

    def reason_text(self, reason: str) -> str:
        """The engine's English reason in the UI language (values kept, isolated)."""
        if not reason:
            return ""
        for pattern, text in self._reasons:
            m = pattern.match(reason)
            if m is not None:
                value = m.groupdict().get("v") or ""
                return text.replace("%1", isolate(value)) if "%1" in text else text
        return reason

    # ---- Qt model ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def display(self, row: int, column: str) -> str:
        r = self.plan_row(row)
        if r is None:
            return ""
        if column == "row":
            return str(r.row)
        if column == "sku":
            return isolate(r.sku.strip() or r.barcode.strip())
        if column == "product":
            return self._name(row, r)
        if column == "location":
            if r.location_id is not None:
                return self._location_name(r.location_id)
            return r.location
        if column == "change":
            return self.change_text(r)
        if column == "status":
            return self.status_text(self.result(row))
        if column == "reason":
            return self.reason_text(self.reason(row))
        raise KeyError(column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(index.row(), column)
        if role == Qt.ItemDataRole.ToolTipRole and column == "reason":
            return self.display(index.row(), column) or None
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and column in ("product", "location")
            and has_arabic(self.display(index.row(), column))
        ):
            return int(RIGHT.value)  # Arabic names read from the right in any UI language
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None  # never super(): PySide6 None-refcount bug (stack notes §0.1)
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self._titles[self.COLUMNS[section]]
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None
