"""Tolerant parsing of every zid-api.md §13 shape variant (pure, no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime

from zid_desk.api.client import parse_error_body
from zid_desk.api.parse import (
    location_uuid,
    normalise_status,
    parse_datetime,
    parse_location,
    parse_order,
    parse_product,
    parse_profile,
    parse_stock,
    parse_variants,
    results_of,
)
from zid_desk.domain import Tokens

LOC_ID = "8ee590fe-d02d-4c50-9184-f628bb8b115a"


def test_location_name_object_or_string_and_string_coordinates() -> None:
    doc = {
        "id": LOC_ID,
        "name": {"ar": "الرياض - فرع عبد العزيز"},
        "city": {"id": 1, "name": "Riyadh", "ar_name": "الرياض", "country_code": "SA"},
        "coordinates": {"latitude": "24.77", "longitude": 46.66},
        "is_enabled": True,
        "channels": ["pos", "catalog"],
        "brand_new_field": {"x": 1},
    }
    loc = parse_location(doc)
    assert loc.name.get("en") == "الرياض - فرع عبد العزيز"  # falls back to Arabic
    assert loc.city_id == 1 and loc.city_name.ar == "الرياض" and loc.country_code == "SA"
    assert loc.latitude == 24.77 and loc.channels == ("pos", "catalog")
    plain = parse_location({"id": LOC_ID, "name": "test 3333", "city": 236})
    assert plain.name.en == "test 3333" and plain.city_id == 236 and plain.is_enabled


def test_stock_variants() -> None:
    infinite = parse_stock(
        {
            "id": "s1",
            "location": {"id": LOC_ID, "name": "الرياض"},
            "available_quantity": None,
            "is_infinite": True,
        }
    )
    assert infinite.available_quantity is None and infinite.is_infinite
    assert infinite.location_id == LOC_ID
    created = parse_stock({"id": "s2", "location": LOC_ID, "available_quantity": 3})
    assert created.location_id == LOC_ID and created.available_quantity == 3
    placeholder = parse_stock({"product_id": "p", "location": LOC_ID, "quantity": 7})
    assert placeholder.available_quantity == 7


def test_product_with_stocks_variants_and_missing_fields() -> None:
    doc = {
        "id": "a1477bb2-72ea-4be9-b2cf-093cefc721bb",
        "name": {"ar": "قسيمة", "en": "voucher"},
        "price": "100.5",
        "currency": "SAR",
        "quantity": 4,
        "stocks": [
            {
                "id": "x",
                "location": {"id": LOC_ID, "name": {"ar": "الدمام", "en": "Dammam"}},
                "available_quantity": 4,
                "is_infinite": False,
            }
        ],
        "structure": "parent",
        "variants": [{"id": "v1", "sku": "V-1", "quantity": 2, "name": {"en": "Red"}}],
        "created_at": "2026-02-11T10:20:25.813306Z",
        "updated_at": "2026-02-11T10:21:46Z",
    }
    p = parse_product(doc)
    assert p.name.ar == "قسيمة" and p.price == 100.5 and p.stocks[0].available_quantity == 4
    assert p.updated_at == datetime(2026, 2, 11, 10, 21, 46, tzinfo=UTC)
    (variant,) = parse_variants(doc)
    assert variant.parent_id == doc["id"] and variant.sku == "V-1"
    minimal = parse_product({"id": "m", "name": "Plain", "is_infinite": True, "quantity": None})
    assert minimal.name.en == "Plain" and minimal.is_infinite and minimal.quantity is None
    assert minimal.stocks == () and minimal.updated_at is None


def test_order_statuses_timestamps_money_and_location() -> None:
    doc = {
        "id": 64086815,
        "code": "hK0w7KCJzo",
        "order_status": {"name": "ملغي", "code": "canceled"},
        "currency_code": "SAR",
        "order_total": "201.85999896568000",
        "created_at": "2026-01-30 15:56:02",
        "inventory_address": {"id": "9059ae2c3cd54e0c850bcd5ed3cdbeca"},
        "customer": {"name": "J*** D***", "mobile": None},
        "products": [
            {
                "id": "p1",
                "name": "قميص",
                "quantity": 2,
                "price": 100,
                "total": 200,
                "inventory_allocations": [],
            }
        ],
        "is_gift_order": 0,
    }
    o = parse_order(doc)
    assert o.status_code == "cancelled" and o.status_name == "ملغي"
    assert o.total == "201.85999896568000"
    assert o.created_at == datetime(2026, 1, 30, 12, 56, 2, tzinfo=UTC)  # Riyadh = UTC+3
    assert o.inventory_location_id == "9059ae2c-3cd5-4e0c-850b-cd5ed3cdbeca"
    assert o.items[0].location_id == o.inventory_location_id and o.items[0].quantity == 2
    assert normalise_status("inDelivery") == "indelivery"
    assert normalise_status("cancelled") == "cancelled"
    bare = parse_order({"id": "5", "order_status": "new"})
    assert bare.id == 5 and bare.status_code == "new" and bare.items == ()


def test_profile_currency_object_and_tokens_key_casing() -> None:
    body = {
        "status": "object",
        "user": {
            "name": "Osama",
            "store": {
                "id": 37213,
                "title": "متجر",
                "currency": {"code": "SAR"},
                "has_multi_product_inventory": True,
            },
        },
    }
    prof = parse_profile(body)
    assert prof.store_id == "37213" and prof.currency == "SAR" and prof.has_multi_inventory
    lower = Tokens.from_response({"authorization": "a", "access_token": "b", "expires_in": 10})
    upper = Tokens.from_response({"Authorization": "a", "access_token": "b"})
    assert lower.authorization == upper.authorization == "a"


def test_helpers() -> None:
    assert location_uuid(LOC_ID) == LOC_ID
    assert location_uuid(None) is None
    assert parse_datetime("garbage") is None
    assert results_of({"status": "object", "cities": [1]}, "cities") == [1]
    assert results_of({"code": "X", "message": None, "payload": [2]}) == [2]
    assert results_of([3]) == [3]


def test_error_bodies() -> None:
    msg, fields = parse_error_body({"detail": "No such user"})
    assert msg == "No such user" and fields == {}
    msg, fields = parse_error_body({"full_address": ["This field is required."]})
    assert fields == {"full_address": ["This field is required."]}
    msg, fields = parse_error_body([{}, {"product_id": ["Unknown product."]}, {}])
    assert fields == {"1": ["product_id: Unknown product."]}
    msg, fields = parse_error_body(
        {
            "status": "error",
            "message": {
                "type": "error",
                "code": "validation_failed",
                "description": "Invalid input",
            },
            "errors": {"per_page": ["must be <= 100"]},
        }
    )
    assert msg == "Invalid input" and fields == {"per_page": ["must be <= 100"]}
    msg, fields = parse_error_body(
        {
            "status": 422,
            "success": False,
            "error": {
                "code": "validation_failed",
                "message": "Invalid input data.",
                "fields": {"email": ["Email format is invalid."]},
            },
        }
    )
    assert msg == "Invalid input data." and fields == {"email": ["Email format is invalid."]}
    msg, fields = parse_error_body(
        {"detail": [{"loc": ["body", 3, "available_quantity"], "msg": "must be >= 0"}]}
    )
    assert fields == {"3.available_quantity": ["must be >= 0"]}


def test_next_links_stay_on_our_origin() -> None:
    import httpx

    from zid_desk.api.client import ZidClient
    from zid_desk.api.limiter import limiter_for_store
    from zid_desk.api.token_provider import StaticTokenProvider

    tokens = StaticTokenProvider(Tokens("a", "b", "c", 0))
    client = ZidClient(httpx.AsyncClient(), api_base="https://api.zid.sa/v1", tokens=tokens)
    # zid-api.md §13.25: Zid's example `next` uses http://; never leave our https origin
    assert (
        client._same_origin("http://api.zid.sa/v1/products/?is_infinite=false&page=2")
        == "https://api.zid.sa/v1/products/?is_infinite=false&page=2"
    )
    assert client._same_origin("https://evil.example/v1/products/?page=3").startswith(
        "https://api.zid.sa/v1/products/"
    )
    # the store's shared limiter is picked up once the store is known
    assert client.limiter is not limiter_for_store("777")
    client.store_id = "777"
    assert client.limiter is limiter_for_store("777")


def test_size_errors_are_told_apart_from_other_validation_errors() -> None:
    import httpx

    from zid_desk.api.client import ZidClient
    from zid_desk.api.errors import PayloadTooLargeError, ValidationError
    from zid_desk.api.token_provider import StaticTokenProvider

    client = ZidClient(
        httpx.AsyncClient(), tokens=StaticTokenProvider(Tokens("a", "b", "c", 0)), store_id="1"
    )
    path = "/locations/x/stock-update/"
    msg, fields = parse_error_body({"detail": "Ensure this list has at most 50 items."})
    assert isinstance(client._client_error("POST", path, 400, msg, fields), PayloadTooLargeError)
    assert isinstance(client._client_error("POST", path, 413, "", {}), PayloadTooLargeError)
    msg, fields = parse_error_body({"detail": "This location is disabled."})
    err = client._client_error("POST", path, 400, msg, fields)
    assert type(err) is ValidationError
    msg, fields = parse_error_body({"available_quantity": ["Exceeds the limit of 99999."]})
    assert type(client._client_error("POST", path, 400, msg, fields)) is ValidationError
