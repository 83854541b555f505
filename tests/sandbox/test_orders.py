"""Orders list/view: paging without next links, filters, payload types (zid-api.md §7)."""

from __future__ import annotations

import re

import pytest

from .helpers import http


@pytest.fixture(scope="module")
def sb():
    from zid_desk.sandbox.server import SandboxOptions, SandboxServer

    with SandboxServer(SandboxOptions(products=60, locations=8, orders=120,
                                      rate_limit=0)) as server:
        yield server


def orders(sb, **params):
    with http(sb) as c:
        r = c.get("/v1/managers/store/orders", params=params, headers=sb.headers(managers=True))
    assert r.status_code == 200, r.text
    return r.json()


def test_paging_by_count(sb):
    first = orders(sb)
    assert first["status"] == "object" and "next" not in first
    assert len(first["orders"]) == 10 and first["total_order_count"] == 120
    ids: list[int] = []
    page = 1
    while True:
        body = orders(sb, page=page, per_page=25)
        ids += [o["id"] for o in body["orders"]]
        if page * 25 >= body["total_order_count"]:
            break
        page += 1
    assert len(ids) == len(set(ids)) == 120
    assert len(orders(sb, per_page=500)["orders"]) == 100  # per_page capped at 100


def test_every_status_and_both_currencies(sb):
    body = orders(sb, per_page=100)
    counts = body["total_order_count_per_status"]
    for status in ("new", "preparing", "ready", "indelivery", "delivered", "cancelled",
                   "reversed"):
        assert counts[status] >= 1
    all_orders = body["orders"] + orders(sb, per_page=100, page=2)["orders"]
    assert {o["currency_code"] for o in all_orders} == {"SAR", "AED"}
    assert all(re.fullmatch(r"[0-9a-f]{32}", o["inventory_address"]["id"])
               for o in all_orders)
    with sb.state.lock:
        hex_ids = {loc.id.replace("-", "") for loc in sb.state.locations.values()}
    assert {o["inventory_address"]["id"] for o in all_orders} <= hex_ids


def test_status_filter_accepts_both_spellings(sb):
    a = orders(sb, order_status="canceled", per_page=100)
    b = orders(sb, status="cancelled", per_page=100)
    assert a["total_order_count"] == b["total_order_count"] >= 1
    assert {o["order_status"]["code"] for o in a["orders"]} == {"cancelled"}
    d = orders(sb, status="inDelivery", per_page=100)
    assert {o["order_status"]["code"] for o in d["orders"]} == {"indelivery"}


def test_payload_type_and_view(sb):
    simple = orders(sb, per_page=3)["orders"]
    assert all("products" not in o for o in simple)
    full = orders(sb, per_page=3, payload_type="default")["orders"]
    item = full[0]["products"][0]
    assert isinstance(item["name"], str) and item["sku"] and item["quantity"] >= 1
    with sb.state.lock:
        assert item["id"] in sb.state.products
    with http(sb) as c:
        view = c.get(f"/v1/managers/store/orders/{full[0]['id']}/view",
                     headers=sb.headers(managers=True)).json()
        assert view["order"]["id"] == full[0]["id"] and view["order"]["products"]
        missing = c.get("/v1/managers/store/orders/1/view", headers=sb.headers(managers=True))
        assert missing.status_code == 404 and missing.json()["status"] == "error"


def test_date_filter_and_sorting(sb):
    body = orders(sb, per_page=100, sort_by="asc")
    stamps = [o["created_at"] for o in body["orders"]]
    assert stamps == sorted(stamps)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", s) for s in stamps)
    day = stamps[len(stamps) // 2][:10]
    same_day = orders(sb, per_page=100, date_from=day, date_to=day)["orders"]
    assert same_day and all(o["created_at"][:10] == day for o in same_day)
    upd = orders(sb, per_page=100, date_from=day, date_attribute="updated_at")["orders"]
    assert all(o["updated_at"][:10] >= day for o in upd)
    paid = orders(sb, per_page=100, payment_status="paid")["orders"]
    assert paid and {o["payment_status"] for o in paid} == {"paid"}


def test_bad_params_are_422_in_managers_envelope(sb):
    with http(sb) as c:
        r = c.get("/v1/managers/store/orders", params={"date_from": "01/02/2026", "page": "x"},
                  headers=sb.headers(managers=True))
    assert r.status_code == 422
    body = r.json()
    assert body["status"] == "error" and {"date_from", "page"} <= set(body["errors"])
