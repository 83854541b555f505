"""Stock: products x locations over the cache, search as you type, scan to jump."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from zid_desk.cache.records import GridFilter
from zid_desk.ui.views.base import TablePage, isolate

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise_scan(code: str) -> str:
    """Scanners on an Arabic layout type Arabic-Indic digits; accept both."""
    return "".join(ch for ch in code.translate(ARABIC_DIGITS) if ch.isprintable()).strip()


class StockView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        self._locations = ctx.cache.locations() if ctx.cache is not None else []
        super().__init__(ctx, parent)
        self.setObjectName("stock_view")
        self.search.setPlaceholderText(self.tr("Search name, SKU or barcode"))

    def refresh(self) -> None:
        """Re-query; the location columns follow the cache (a pull may add locations)."""
        locations = self.ctx.cache.locations() if self.ctx.cache is not None else []
        if [loc.id for loc in locations] != [loc.id for loc in self._locations]:
            self._locations = locations
            self.model.set_columns(self.columns())
        super().refresh()

    def filter(self) -> GridFilter:
        return GridFilter(search=self.search.text().strip(), lang=self.ctx.lang)

    def columns(self) -> list[tuple[str, Any]]:
        lang = self.ctx.lang
        cols: list[tuple[str, Any]] = [
            (self.tr("Name"), lambda r: r.name(lang)),
            (self.tr("SKU"), lambda r: isolate(r.sku)),
            (self.tr("Barcode"), lambda r: isolate(r.barcode)),
        ]
        for loc in self._locations:
            name = (loc.name_ar or loc.name_en) if lang == "ar" else (loc.name_en or loc.name_ar)
            cols.append((name, lambda r, lid=loc.id: self._cell(r, lid)))
        cols.append((self.tr("Total"), lambda r: "∞" if r.total_infinite else isolate(r.total)))
        return cols

    @staticmethod
    def _cell(row: Any, location_id: str) -> str:
        cell = row.cells.get(location_id)
        if cell is None:
            return ""
        text = "∞" if cell.is_infinite else isolate(cell.quantity)
        return text + (" *" if cell.pending else "") + (" !" if cell.conflict else "")

    def count(self) -> int:
        return int(self.ctx.cache.stock_grid_count(self.filter()))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.stock_grid_page(self.filter(), offset, limit))

    def select_product(self, product_id: str) -> bool:
        row = self.ctx.cache.row_index_of(product_id, self.filter())
        if row is None and self.search.text():
            self.search.clear()
            row = self.ctx.cache.row_index_of(product_id, self.filter())
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.scrollTo(index)
        self.table.selectRow(row)
        return True

    def apply_scan(self, code: str) -> bool:
        product = self.ctx.cache.find_product_by_code(normalise_scan(code))
        return product is not None and self.select_product(product.id)
