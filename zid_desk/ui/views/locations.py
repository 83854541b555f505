"""Locations: bilingual name (UI language first), city, address, default / private /
enabled, products in stock and total units (numbers isolated for right-to-left)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zid_desk.ui.views.base import TablePage, isolate


def bilingual(lang: str, ar: str, en: str) -> str:
    """Both names, the UI language's first: "الرياض — Riyadh" / "Riyadh — الرياض"."""
    first, second = (ar, en) if lang == "ar" else (en, ar)
    if first and second and first != second:
        return f"{first} \u2014 {second}"
    return first or second


class LocationsView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, searchable=False)
        self.setObjectName("locations_view")

    def columns(self) -> list[tuple[str, Any]]:
        yes, no = self.tr("Yes"), self.tr("No")
        lang = self.ctx.lang
        return [
            (self.tr("Name"), lambda r: bilingual(lang, r.name_ar, r.name_en)),
            (self.tr("City"), lambda r: (r.city_ar or r.city_en) if lang == "ar"
             else (r.city_en or r.city_ar)),
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
