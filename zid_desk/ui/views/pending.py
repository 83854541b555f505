"""Pending changes: the outbox with each change's state."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zid_desk.cache.records import OutboxFilter
from zid_desk.ui.views.base import TablePage, isolate


class PendingView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("pending_view")
        self.search.setPlaceholderText(self.tr("Search SKU or name"))

    def columns(self) -> list[tuple[str, Any]]:
        ar = self.ctx.lang == "ar"
        return [
            (self.tr("Product"), lambda r: (r.name_ar or r.name_en) if ar else (r.name_en or r.name_ar)),
            (self.tr("SKU"), lambda r: isolate(r.sku)),
            (self.tr("Location"), lambda r: (r.location_name_ar or r.location_name_en) if ar
             else (r.location_name_en or r.location_name_ar)),
            (self.tr("Change"), lambda r: isolate(r.value if r.kind.value == "set" else f"{r.value:+d}")),
            (self.tr("State"), lambda r: r.state.value),
            (self.tr("Reason"), lambda r: r.error or ""),
        ]

    def _filter(self) -> OutboxFilter:
        return OutboxFilter(search=self.search.text().strip())

    def count(self) -> int:
        return int(self.ctx.cache.outbox_count(self._filter()))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.outbox_page(self._filter(), offset, limit))
