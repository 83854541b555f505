"""The sandbox's in-memory records and how each one is rendered as Zid JSON.

Rendering follows zid-api.md: product component objects (§4.1, §5.1, §6.2) and managers
objects (§7.2, §8). `lang` is the request's Accept-Language ("ar" or "en").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from zid_desk.sandbox.data import Category

# Orders carry store-local times (zid-api.md §13.33: "YYYY-MM-DD HH:MM:SS", no zone); we take
# the store to be in Asia/Riyadh (UTC+3, no DST) and date filters use that local date.
RIYADH = timezone(timedelta(hours=3))


def iso_z(dt: datetime) -> str:
    """Product-component timestamp: ISO-8601 UTC with microseconds and Z (§13.33)."""
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def local_str(dt: datetime) -> str:
    """Managers timestamp: store-local 'YYYY-MM-DD HH:MM:SS' (§13.33)."""
    return dt.astimezone(RIYADH).strftime("%Y-%m-%d %H:%M:%S")


def pick(text: dict[str, str], lang: str) -> str:
    if lang == "ar":
        return text.get("ar") or text.get("en") or ""
    return text.get("en") or text.get("ar") or ""


# ----------------------------------------------------------------------------- geography


@dataclass(frozen=True)
class Country:
    id: int
    code: str
    code3: str
    ar: str
    en: str


@dataclass(frozen=True)
class City:
    id: int
    country_id: int
    ar: str
    en: str
    priority: int = 10


# Saudi Arabia is 184 in the merchant APIs (zid-api.md §13.34). The other ids are the
# sandbox's own assumption (no source gives them).
COUNTRIES: dict[int, Country] = {
    c.id: c
    for c in [
        Country(184, "SA", "SAU", "السعودية", "Saudi Arabia"),
        Country(229, "AE", "ARE", "الإمارات", "United Arab Emirates"),
        Country(117, "KW", "KWT", "الكويت", "Kuwait"),
        Country(17, "BH", "BHR", "البحرين", "Bahrain"),
        Country(178, "QA", "QAT", "قطر", "Qatar"),
        Country(165, "OM", "OMN", "عمان", "Oman"),
        Country(64, "EG", "EGY", "مصر", "Egypt"),
        Country(111, "JO", "JOR", "الأردن", "Jordan"),
    ]
}
OPERATING_COUNTRIES = (184, 229)

CITIES: list[City] = [
    City(1, 184, "الرياض", "Riyadh", 1),
    City(2, 184, "جدة", "Jeddah", 2),
    City(3, 184, "الدمام", "Dammam", 3),
    City(4, 184, "مكة المكرمة", "Mecca", 4),
    City(5, 184, "المدينة المنورة", "Medina", 5),
    City(6, 184, "الخبر", "Khobar", 6),
    City(7, 184, "الطائف", "Taif", 7),
    City(8, 184, "أبها", "Abha", 8),
    City(9, 184, "تبوك", "Tabuk", 9),
    City(10, 184, "بريدة", "Buraidah", 10),
    City(501, 229, "دبي", "Dubai", 1),
    City(502, 229, "أبوظبي", "Abu Dhabi", 2),
    City(503, 229, "الشارقة", "Sharjah", 3),
    City(504, 229, "عجمان", "Ajman", 4),
    City(505, 229, "العين", "Al Ain", 5),
]
_CITY_BY_ID = {c.id: c for c in CITIES}


def city_by_id(city_id: int) -> City | None:
    return _CITY_BY_ID.get(city_id)


def country_json(c: Country) -> dict[str, Any]:
    return {"id": c.id, "name": c.en, "ar_name": c.ar, "iso_code_2": c.code,
            "iso_code_3": c.code3, "code": c.code}


def city_json(c: City) -> dict[str, Any]:
    country = COUNTRIES[c.country_id]
    return {"id": c.id, "name": c.en, "ar_name": c.ar, "country": country_json(country),
            "country_code": country.code}


# ----------------------------------------------------------------------------- locations


@dataclass
class LocationRec:
    id: str
    name: dict[str, str]
    city_id: int
    coordinates: tuple[float, float]  # (latitude, longitude)
    full_address: str
    short_address: str | None = None
    district: str = ""
    street: str = ""
    fulfillment_priority: int = 1
    is_default: bool = False
    is_private: bool = False
    is_enabled: bool = True
    type: str = "PHYSICAL"
    channels: list[str] = field(default_factory=lambda: ["pos", "catalog"])
    linked_users: list[dict[str, str]] = field(default_factory=list)

    @property
    def hex_id(self) -> str:
        """Orders' `inventory_address.id`: the location uuid without dashes (§13.30)."""
        return self.id.replace("-", "")

    def to_json(self, has_stocks: bool) -> dict[str, Any]:
        city = city_by_id(self.city_id)
        return {
            "id": self.id,
            "name": dict(self.name),
            "city": city_json(city) if city else None,
            "type": self.type,
            "coordinates": {"latitude": self.coordinates[0], "longitude": self.coordinates[1]},
            "full_address": self.full_address,
            "short_address": self.short_address,
            "district": self.district,
            "street": self.street,
            "fulfillment_priority": self.fulfillment_priority,
            "is_default": self.is_default,
            "is_private": self.is_private,
            "is_enabled": self.is_enabled,
            "has_stocks": has_stocks,
            "channels": list(self.channels),
            "linked_users": [dict(u) for u in self.linked_users],
        }

    def summary_json(self) -> dict[str, Any]:
        """The nested `location` inside stock objects; name as object (§13.18)."""
        return {"id": self.id, "name": dict(self.name), "type": self.type,
                "full_address": self.full_address}


# ----------------------------------------------------------------------------- products


@dataclass
class StockRec:
    id: str
    product_id: str
    location_id: str
    available_quantity: int | None
    is_infinite: bool = False


@dataclass
class ProductRec:
    id: str
    sku: str
    barcode: str
    parent_id: str | None
    name: dict[str, str]
    price: float
    sale_price: float | None
    cost: float
    category: Category
    structure: str  # standalone | parent | child
    created_at: datetime
    updated_at: datetime
    display_order: int = 0
    is_published: bool = True
    stocks: dict[str, StockRec] = field(default_factory=dict)  # location id -> stock
    variant_ids: list[str] = field(default_factory=list)
    options: list[dict[str, Any]] = field(default_factory=list)
    attributes: list[dict[str, Any]] = field(default_factory=list)


def finite_sum(stocks: list[StockRec]) -> int | None:
    """Product `quantity` = sum of finite stocks (zid-api.md §13.26); None when every stock
    is infinite or there is no stock row at all."""
    finite = [s.available_quantity or 0 for s in stocks if not s.is_infinite]
    if not finite:
        return None if any(s.is_infinite for s in stocks) else 0
    return sum(finite)


def stock_json(stock: StockRec, location: LocationRec | None) -> dict[str, Any]:
    return {
        "id": stock.id,
        "location": location.summary_json() if location else {"id": stock.location_id},
        "available_quantity": None if stock.is_infinite else stock.available_quantity,
        "is_infinite": stock.is_infinite,
    }


# ----------------------------------------------------------------------------- orders

# order status code -> (en, ar, display color); emitted spellings per zid-api.md §13.28
ORDER_STATUS_NAMES: dict[str, tuple[str, str, str]] = {
    "new": ("New", "جديد", "#3498db"),
    "preparing": ("Preparing", "جاري التجهيز", "#f39c12"),
    "ready": ("Ready", "جاهز", "#9b59b6"),
    "indelivery": ("In delivery", "جاري التوصيل", "#1abc9c"),
    "delivered": ("Delivered", "تم التوصيل", "#27ae60"),
    "cancelled": ("Cancelled", "ملغي", "#e74c3c"),
    "reversed": ("Reversed", "مسترجع", "#7f8c8d"),
    "reverse_in_progress": ("Reverse in progress", "جاري الاسترجاع", "#95a5a6"),
    "partially_reversed": ("Partially reversed", "مسترجع جزئياً", "#bdc3c7"),
    "initial": ("Initial", "مبدئي", "#34495e"),
}
# accepted input spellings (§13.28): canceled/cancelled, inDelivery/indelivery, any case
STATUS_ALIASES = {"canceled": "cancelled", "in_delivery": "indelivery"}

PAYMENT_METHOD_NAMES: dict[str, tuple[str, str]] = {
    "zid_cod": ("Cash On Delivery", "الدفع عند الاستلام"),
    "zid_bank_transfer": ("Bank Transfer", "تحويل بنكي"),
    "zid_credit_card": ("Credit Card", "بطاقة ائتمانية"),
    "zid_cop": ("Cash On Pickup", "الدفع عند الاستلام من الفرع"),
}


def normalize_status(value: str) -> str:
    v = value.strip().lower()
    return STATUS_ALIASES.get(v, v)


@dataclass
class OrderItemRec:
    product_id: str
    order_product_id: int
    parent_id: str | None
    name: dict[str, str]
    sku: str
    barcode: str | None
    quantity: int
    price: float


@dataclass
class OrderRec:
    id: int
    code: str
    store_id: int
    status: str
    currency: str
    customer: dict[str, Any]
    payment_status: str
    payment_method: str
    source: str
    source_code: str
    created_at: datetime
    updated_at: datetime
    location_id: str | None
    items: list[OrderItemRec]
    shipping_fee: float = 0.0

    @property
    def total(self) -> float:
        return round(sum(i.price * i.quantity for i in self.items) + self.shipping_fee, 2)


def money(value: float, currency: str) -> str:
    return f"{value:.2f} {currency}"


def order_json(
    order: OrderRec,
    lang: str,
    *,
    with_products: bool,
    store_name: str,
    store_url: str,
    location: LocationRec | None,
) -> dict[str, Any]:
    en, ar, color = ORDER_STATUS_NAMES[order.status]
    status_name = ar if lang == "ar" else en
    pm_en, pm_ar = PAYMENT_METHOD_NAMES[order.payment_method]
    total = order.total
    inventory_address: dict[str, Any] | None = None
    if location is not None:
        city = city_by_id(location.city_id)
        inventory_address = {
            "id": location.hex_id,  # uuid without dashes (§13.30)
            "name": pick(location.name, lang),
            "city": {"id": city.id, "name": city.ar if lang == "ar" else city.en} if city else None,
            "full_address": location.full_address,
            "coordinates": {"lat": location.coordinates[0], "lon": location.coordinates[1]},
            "is_pickup_option": "pos" in location.channels,
            "working_hours": [],
        }
    out: dict[str, Any] = {
        "id": order.id,
        "invoice_number": order.id,
        "code": order.code,
        "store_id": order.store_id,
        "order_url": f"{store_url}o/{order.code}/inv",
        "store_name": store_name,
        "store_url": store_url,
        "shipping_method_code": "custom",
        "currency_code": order.currency,
        "order_status": {"name": status_name, "code": order.status},
        "display_status": {"id": list(ORDER_STATUS_NAMES).index(order.status) + 1,
                           "code": order.status, "color": color, "name": status_name},
        "customer": dict(order.customer),
        "has_different_consignee": 0,
        "is_guest_customer": 0,
        "is_gift_order": 0,
        "order_total": f"{total:.14f}",
        "order_total_string": money(total, order.currency),
        "transaction_amount": total,
        "payment_status": order.payment_status,
        "source": order.source,
        "source_code": order.source_code,
        "created_at": local_str(order.created_at),
        "updated_at": local_str(order.updated_at),
        "requires_shipping": True,
        "shipping": {"method": {"name": "شحن سريع" if lang == "ar" else "Express shipping",
                                "code": "custom",
                                "tracking": {"number": None, "status": None, "url": None}}},
        "payment": {"method": {"name": pm_ar if lang == "ar" else pm_en,
                               "code": order.payment_method,
                               "transaction_status": order.payment_status}},
        "inventory_address": inventory_address,
        "products_count": len(order.items),
        "is_marketplace_order": False,
    }
    if with_products:
        out["products"] = [
            {
                "id": i.product_id,
                "order_product_id": i.order_product_id,
                "parent_id": i.parent_id,
                "parent_name": None,
                "product_class": None,
                "name": pick(i.name, lang),  # a localized string in orders (§7.2)
                "sku": i.sku,
                "barcode": i.barcode,
                "quantity": i.quantity,
                "price": i.price,
                "price_string": money(i.price, order.currency),
                "total": round(i.price * i.quantity, 2),
                "total_string": money(i.price * i.quantity, order.currency),
                "is_external_product": False,
                "images": [],
                "options": [],
                "custom_fields": [],
                "inventory_allocations": [],
            }
            for i in order.items
        ]
    return out
