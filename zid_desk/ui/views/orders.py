"""Orders: newest first, searchable, status names as Zid localised them."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zid_desk.cache.records import OrderFilter
from zid_desk.ui.views.base import TablePage, isolate


class OrdersView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("orders_view")
        self.search.setPlaceholderText(self.tr("Search order number or customer"))

    def columns(self) -> list[tuple[str, Any]]:
        return [
            (self.tr("Order"), lambda r: isolate(r.id)),
            (self.tr("Status"), lambda r: r.status_name or r.status_code),
            (self.tr("Payment"), lambda r: r.payment_status),
            (self.tr("Customer"), lambda r: r.customer_name),
            (self.tr("Total"), lambda r: isolate(f"{r.total} {r.currency}")),
            (self.tr("Date"), lambda r: isolate(r.created_at.strftime("%Y-%m-%d %H:%M"))
             if r.created_at else ""),
        ]

    def _filter(self) -> OrderFilter:
        return OrderFilter(search=self.search.text().strip())

    def count(self) -> int:
        return int(self.ctx.cache.orders_count(self._filter()))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.orders_page(self._filter(), offset, limit))
