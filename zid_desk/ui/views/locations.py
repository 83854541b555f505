"""Locations: bilingual name, city, flags, products in stock and total units."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zid_desk.ui.views.base import TablePage, isolate


class LocationsView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, searchable=False)
        self.setObjectName("locations_view")

    def columns(self) -> list[tuple[str, Any]]:
        yes, no = self.tr("Yes"), self.tr("No")
        ar = self.ctx.lang == "ar"
        return [
            (self.tr("Name"), lambda r: (r.name_ar or r.name_en) if ar else (r.name_en or r.name_ar)),
            (self.tr("City"), lambda r: (r.city_ar or r.city_en) if ar else (r.city_en or r.city_ar)),
            (self.tr("Address"), lambda r: r.full_address),
            (self.tr("Default"), lambda r: yes if r.is_default else no),
            (self.tr("Private"), lambda r: yes if r.is_private else no),
            (self.tr("Enabled"), lambda r: yes if r.is_enabled else no),
            (self.tr("Products in stock"), lambda r: isolate(r.products_in_stock)),
            (self.tr("Total units"), lambda r: isolate(r.total_units)),
        ]

    def count(self) -> int:
        return len(self.ctx.cache.locations())

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.locations())[offset : offset + limit]
