"""A view page: optional search box above a table over a PagedTableModel."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLineEdit, QTableView, QVBoxLayout, QWidget

from zid_desk.ui.models.paged import PagedTableModel


class TablePage(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None, *, searchable: bool = True):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setVisible(searchable)
        self.search.textChanged.connect(lambda _text: self.refresh())
        layout.addWidget(self.search)
        self.table = QTableView(self)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table)
        self.model = self.make_model()
        self.table.setModel(self.model)
        self._stale = False
        ctx.cache_changed.connect(self._cache_changed)

    def _cache_changed(self) -> None:
        """Re-query now if on screen; a page hidden behind another one in a visible window
        re-queries when it is shown. (The end of a pull re-queried and re-measured all five
        pages in one event-loop turn: a 70 ms stall, bench/ui_pull_stall.py.)"""
        window = self.window()
        if not self.isVisible() and window is not self and window.isVisible():
            self._stale = True
            return
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.refresh()

    # subclasses
    def make_model(self) -> PagedTableModel:
        """The table's model; override to pass PagedTableModel hooks (sort, roles...)."""
        return PagedTableModel(self._count, self._page, self.columns(), self)

    def columns(self) -> list[tuple[str, Any]]:
        raise NotImplementedError

    def count(self) -> int:
        raise NotImplementedError

    def page(self, offset: int, limit: int) -> list[Any]:
        raise NotImplementedError

    def _count(self) -> int:
        return 0 if getattr(self.ctx, "cache", None) is None else self.count()

    def _page(self, offset: int, limit: int) -> list[Any]:
        return [] if getattr(self.ctx, "cache", None) is None else self.page(offset, limit)

    def refresh(self) -> None:
        self.model.refresh()

    def selected_records(self) -> list[Any]:
        """The records of the selected rows, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.record(row) for row in rows) if r is not None]

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


def isolate(text: object) -> str:
    """Keep numbers, SKUs and barcodes left-to-right inside right-to-left text. A leading
    sign also gets a left-to-right mark: Qt's layout otherwise shows "-197" as "197-" in a
    right-to-left cell, isolate or not."""
    if text is None:
        return ""
    value = str(text)
    mark = "\u200e" if value[:1] in ("-", "+") else ""
    return f"\u2066{mark}{value}\u2069"


def old_to_new(old: object, new: object, *, rtl: bool) -> str:
    """"12 → 15" for a change, reading in the UI's direction like its "Old → new" header: in
    right-to-left text the old value stands on the right, "15 ← 12" (arrows do not mirror)."""
    if rtl:
        return f"{isolate(old)} \u2190 {isolate(new)}"
    return isolate(f"{old} \u2192 {new}")
