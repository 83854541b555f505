"""A small bilingual catalogue for the cache tests."""

from __future__ import annotations

from zid_desk.domain.models import LocalizedText, Location, Product, StockLevel

RIYADH = "loc-riyadh"
JEDDAH = "loc-jeddah"
DAMMAM = "loc-dammam"


def location(id_: str, ar: str, en: str) -> Location:
    return Location(id=id_, name=LocalizedText(ar, en), city_name=LocalizedText(ar, en))


LOCATIONS = [
    location(RIYADH, "مستودع الرياض", "Riyadh warehouse"),
    location(JEDDAH, "فرع جدة", "Jeddah branch"),
    location(DAMMAM, "مستودع الدمام", "Dammam store"),
]


def product(
    id_: str,
    ar: str,
    en: str,
    sku: str,
    barcode: str = "",
    stocks: dict[str, int | None] | None = None,
    parent_id: str | None = None,
) -> Product:
    """`stocks`: location -> quantity (None = infinite)."""
    return Product(
        id=id_,
        name=LocalizedText(ar, en),
        sku=sku,
        barcode=barcode,
        parent_id=parent_id,
        stocks=tuple(StockLevel(loc, qty, qty is None) for loc, qty in (stocks or {}).items()),
    )


CATALOGUE = [
    product(
        "p-coffee",
        "قَهْوَة عربية",
        "Arabic coffee",
        "ZD-1001",
        "6281000000011",
        {RIYADH: 10, JEDDAH: 0, DAMMAM: 5},
    ),
    product("p-tea", "شاي أخضر", "Green tea", "ZD-1002", "6281000000028", {RIYADH: 3, JEDDAH: 7}),
    product(
        "p-dates",
        "تمر سكري",
        "Sukkari dates",
        "ZD-2001",
        "6281000000035",
        {RIYADH: None, JEDDAH: 25, DAMMAM: 1},
    ),
    product(
        "p-oud", "عود أصلي", "Original oud", "OUD/77.a", "6281000000042", {RIYADH: 0, JEDDAH: 0}
    ),
    product("p-abaya", "عباءة سوداء", "Black abaya", "AB-9", "", {JEDDAH: 2, DAMMAM: 40}),
    product("p-ibrik", "إبريق شاي", "Teapot", "TP-1", "6281000000059", {DAMMAM: 12}),
    product(
        "p-mushaf",
        "مصحف مكتبة",
        "Library mushaf",
        "MS-5",
        "6281000000066",
        {RIYADH: 4, JEDDAH: 4, DAMMAM: 4},
    ),
]
