"""Tolerant JSON -> domain parsing for Zid payloads.

Every §13 shape difference of zid-api.md is accepted here; unknown fields are ignored and
missing optional fields fall back to defaults. Only a missing identity (e.g. a product
without `id`) is an error, raised as ValueError (the client turns it into a ZidError).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from zid_desk.domain import (
    LocalizedText,
    Location,
    Order,
    OrderItem,
    Product,
    StockLevel,
    StoreProfile,
)

# zid-api.md §13.33: order timestamps are store-local without zone, presumably Asia/Riyadh.
# Riyadh is UTC+3 all year (no DST), so a fixed offset needs no tz database.
RIYADH = timezone(timedelta(hours=3), "Asia/Riyadh")

_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")


# -- scalars ----------------------------------------------------------------------------
def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def localized(value: Any) -> LocalizedText:
    """Names come as `{ar?, en?}` (manager role) or a plain string (customer role, stock
    `location.name` on the docs pages, order products): zid-api.md §6.2, §13.18."""
    if isinstance(value, Mapping):
        return LocalizedText(ar=str(value.get("ar") or ""), en=str(value.get("en") or ""))
    if value is None:
        return LocalizedText()
    text = str(value)
    if any("\u0600" <= ch <= "\u06ff" for ch in text):
        return LocalizedText(ar=text)
    return LocalizedText(en=text)


def to_int(value: Any) -> int | None:
    if value is None or value == "" or isinstance(value, bool):
        return int(value) if isinstance(value, bool) else None
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None


def to_float(value: Any) -> float | None:
    """Money and coordinates arrive as numbers or strings (zid-api.md §6.4, §13.22)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def to_bool(value: Any, default: bool = False) -> bool:
    """Booleans, 0/1 ints (order flags, §7.2) and "true"/"1" strings."""
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value != 0
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return default


def money_str(value: Any) -> str:
    """Money as an exact decimal string (orders send `"201.85999896568000"`, §7.2)."""
    if value is None or value == "":
        return "0"
    if isinstance(value, float):
        return repr(value)
    try:
        return str(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def parse_datetime(value: Any, *, naive_tz: timezone = UTC) -> datetime | None:
    """ISO-8601 (products: `...813306Z`) or `YYYY-MM-DD HH:MM:SS` (orders, store-local:
    zid-api.md §13.33). Returns an aware UTC datetime, or None when absent/unreadable."""
    if not value or not isinstance(value, str):
        return None
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    try:
        dt = datetime.fromisoformat(text)
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=naive_tz)
    return dt.astimezone(UTC)


def location_uuid(value: Any) -> str | None:
    """Order `inventory_address.id` is 32 hex without dashes; `/v1/locations/` ids are uuids
    with dashes. zid-api.md §13.30: the sandbox uses the same uuid without dashes, so we map
    it back (an assumption; real Zid's mapping is unconfirmed)."""
    if value is None or value == "":
        return None
    text = str(value)
    if _HEX32.match(text):
        t = text.lower()
        return f"{t[0:8]}-{t[8:12]}-{t[12:16]}-{t[16:20]}-{t[20:32]}"
    return text


def normalise_status(code: Any) -> str:
    """zid-api.md §13.28: `canceled`/`cancelled` -> `cancelled`; `inDelivery`/`indelivery`
    (and `in_delivery`) -> `indelivery`; everything else lower-cased."""
    text = str(code or "").strip()
    low = text.lower().replace("_", "").replace("-", "").replace(" ", "")
    if low in {"canceled", "cancelled"}:
        return "cancelled"
    if low == "indelivery":
        return "indelivery"
    return text.lower()


# -- resources --------------------------------------------------------------------------
def parse_location(data: Mapping[str, Any]) -> Location:
    """A location object (zid-api.md §4.1). `name` may be an object or a string (§13.22)."""
    if not data.get("id"):
        raise ValueError("location without id")
    city = data.get("city")
    city_d = as_dict(city)
    country = as_dict(city_d.get("country"))
    coords = as_dict(data.get("coordinates"))
    city_name = LocalizedText(
        ar=str(city_d.get("ar_name") or ""),
        en=str(city_d.get("name") or city_d.get("en_name") or ""),
    )
    return Location(
        id=str(data["id"]),
        name=localized(data.get("name")),
        city_id=to_int(city_d.get("id")) if city_d else to_int(city),
        city_name=city_name,
        country_code=str(city_d.get("country_code") or country.get("code") or ""),
        full_address=str(data.get("full_address") or ""),
        short_address=data.get("short_address") or None,
        type=str(data.get("type") or "PHYSICAL"),
        is_default=to_bool(data.get("is_default")),
        is_private=to_bool(data.get("is_private")),
        is_enabled=to_bool(data.get("is_enabled"), default=True),
        has_stocks=to_bool(data.get("has_stocks")),
        latitude=to_float(coords.get("latitude", coords.get("lat"))),
        longitude=to_float(coords.get("longitude", coords.get("lon"))),
        fulfillment_priority=to_int(data.get("fulfillment_priority")),
        channels=tuple(str(c) for c in data.get("channels") or () if c is not None),
    )


def parse_stock(data: Mapping[str, Any]) -> StockLevel:
    """A stock row (zid-api.md §5.1). `location` is an object or an id string (§13.19);
    `available_quantity` is null when infinite (§13.21); PATCH placeholders say `quantity`
    (§13.20)."""
    loc = data.get("location")
    loc_id = as_dict(loc).get("id") if isinstance(loc, Mapping) else loc
    if loc_id is None:
        loc_id = data.get("location_id")
    is_infinite = to_bool(data.get("is_infinite"))
    qty_raw = data.get("available_quantity", data.get("quantity"))
    qty = None if is_infinite else to_int(qty_raw)
    return StockLevel(
        location_id=str(loc_id or ""),
        available_quantity=qty,
        is_infinite=is_infinite,
        stock_id=str(data["id"]) if data.get("id") else None,
    )


def parse_product(data: Mapping[str, Any], *, parent_id: str | None = None) -> Product:
    """A product (zid-api.md §6.2); variants are products with `parent_id`."""
    if not data.get("id"):
        raise ValueError("product without id (external product?)")
    currency = data.get("currency")
    if isinstance(currency, Mapping):
        currency = currency.get("code")
    stocks = tuple(parse_stock(s) for s in data.get("stocks") or () if isinstance(s, Mapping))
    is_infinite = to_bool(data.get("is_infinite"))
    return Product(
        id=str(data["id"]),
        name=localized(data.get("name")),
        sku=str(data.get("sku") or ""),
        barcode=str(data.get("barcode") or ""),
        parent_id=str(data.get("parent_id") or parent_id or "") or None,
        structure=str(data.get("structure") or "standalone"),
        price=to_float(data.get("price")),
        sale_price=to_float(data.get("sale_price")),
        currency=str(currency or ""),
        quantity=None if is_infinite else to_int(data.get("quantity")),
        is_infinite=is_infinite,
        is_published=to_bool(data.get("is_published"), default=True),
        stocks=stocks,
        created_at=parse_datetime(data.get("created_at")),
        updated_at=parse_datetime(data.get("updated_at")),
    )


def parse_variants(data: Mapping[str, Any]) -> list[Product]:
    parent = str(data.get("id") or "")
    out = []
    for v in data.get("variants") or ():
        if isinstance(v, Mapping) and v.get("id"):
            out.append(parse_product(v, parent_id=parent or None))
    return out


def parse_order_item(data: Mapping[str, Any], order_location: str | None) -> OrderItem:
    loc = order_location
    for alloc in data.get("inventory_allocations") or ():
        # shape unconfirmed (zid-api.md §7.2): accept {location: {id}|id} or {location_id}
        a = as_dict(alloc)
        raw = a.get("location_id") or a.get("location")
        if isinstance(raw, Mapping):
            raw = raw.get("id")
        if raw:
            loc = location_uuid(raw)
            break
    name = data.get("name")
    return OrderItem(
        product_id=str(data["id"]) if data.get("id") else None,
        name=localized(name).get("en") if isinstance(name, Mapping) else str(name or ""),
        sku=str(data.get("sku") or ""),
        barcode=str(data.get("barcode") or ""),
        quantity=to_int(data.get("quantity")) or 0,
        price=to_float(data.get("price")) or 0.0,
        total=to_float(data.get("total")) or 0.0,
        location_id=loc,
    )


def parse_order(data: Mapping[str, Any]) -> Order:
    """An order (zid-api.md §7.2)."""
    if data.get("id") is None:
        raise ValueError("order without id")
    status = data.get("order_status")
    status_d = as_dict(status)
    display = as_dict(data.get("display_status"))
    code = status_d.get("code") if status_d else status
    code = code or display.get("code")
    name = status_d.get("name") or display.get("name") or code
    customer = as_dict(data.get("customer"))
    inv = as_dict(data.get("inventory_address"))
    order_loc = location_uuid(inv.get("id"))
    items = tuple(
        parse_order_item(p, order_loc) for p in data.get("products") or () if isinstance(p, Mapping)
    )
    return Order(
        id=int(data["id"]),
        code=str(data.get("code") or ""),
        status_code=normalise_status(code),
        status_name=str(name or ""),
        payment_status=str(data.get("payment_status") or ""),
        currency=str(data.get("currency_code") or ""),
        total=money_str(data.get("order_total", data.get("transaction_amount"))),
        customer_name=str(customer.get("name") or ""),
        customer_mobile=str(customer.get("mobile") or customer.get("phone") or ""),
        created_at=parse_datetime(data.get("created_at"), naive_tz=RIYADH),
        updated_at=parse_datetime(data.get("updated_at"), naive_tz=RIYADH),
        inventory_location_id=order_loc,
        items=items,
        products_count=to_int(data.get("products_count")) or len(items),
    )


def parse_profile(data: Mapping[str, Any]) -> StoreProfile:
    """GET /v1/managers/account/profile (zid-api.md §8.1); `store` sits under `user`."""
    user = as_dict(data.get("user")) or as_dict(data)
    store = as_dict(user.get("store")) or as_dict(data.get("store"))
    if store.get("id") is None:
        raise ValueError("profile without store id")
    currency = store.get("currency")
    if isinstance(currency, Mapping):
        currency = currency.get("code")
    multi = store.get("has_multi_product_inventory")
    return StoreProfile(
        store_id=str(store["id"]),
        store_title=str(store.get("title") or store.get("name") or ""),
        manager_name=str(user.get("name") or ""),
        manager_email=str(user.get("email") or ""),
        currency=str(currency or ""),
        store_url=str(store.get("url") or ""),
        has_multi_inventory=to_bool(multi, default=True),
        low_stock_limit=to_int(store.get("low_stock_quantity_limit")),
    )


def results_of(body: Any, *keys: str) -> list[Any]:
    """The item list of a response: DRF `results`, a managers key (`orders`, `cities`...),
    the newer `payload` envelope (zid-api.md §1), or a bare array."""
    if isinstance(body, list):
        return body
    if isinstance(body, Mapping):
        for key in (*keys, "results", "payload", "data"):
            value = body.get(key)
            if isinstance(value, list):
                return value
            if isinstance(value, Mapping):
                inner = results_of(value, *keys)
                if inner:
                    return inner
    return []
