"""History: the journal of every change that reached Zid."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zid_desk.ui.views.base import TablePage, isolate


class HistoryView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, searchable=False)
        self.setObjectName("history_view")

    def columns(self) -> list[tuple[str, Any]]:
        return [
            (self.tr("When"), lambda r: isolate(r.at.strftime("%Y-%m-%d %H:%M"))),
            (self.tr("SKU"), lambda r: isolate(r.sku)),
            (self.tr("Old"), lambda r: isolate(r.old)),
            (self.tr("New"), lambda r: isolate(r.new)),
            (self.tr("Source"), lambda r: r.source),
            (self.tr("Result"), lambda r: r.result),
        ]

    def count(self) -> int:
        return int(self.ctx.cache.journal_count(None))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.journal_page(None, offset, limit))
