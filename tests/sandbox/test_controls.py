"""/_sandbox controls: faults, stats, sales, remote edits; and robustness (never a 500)."""

from __future__ import annotations

import time

import httpx
import pytest

from .helpers import http


@pytest.fixture
def sb(sandbox_factory):
    return sandbox_factory(rate_limit=0)


def test_injected_status_faults(sb):
    sb.control.inject(503, count=2, path_prefix="/products", retry_after=3)
    sb.control.inject(500, count=1, method="GET", path_prefix="/v1/managers")
    with http(sb) as c:
        r1 = c.get("/v1/products/", headers=sb.headers())
        r2 = c.get("/v1/products/", headers=sb.headers())
        assert (r1.status_code, r2.status_code) == (503, 503)
        assert r1.headers["Retry-After"] == "3" and "detail" in r1.json()
        assert c.get("/v1/locations/", headers=sb.headers()).status_code == 200  # no match
        assert c.get("/v1/products/", headers=sb.headers()).status_code == 200  # used up
        m = c.get("/v1/managers/store/orders", headers=sb.headers(managers=True))
        assert m.status_code == 500 and m.json()["status"] == "error"
    stats = sb.control.stats()
    assert stats["injected_5xx"] == 3
    assert stats["requests"]["GET /v1/products/"] == 3
    assert sb.control.faults() == []


def test_injected_429_and_drop_and_latency(sb):
    sb.control.inject(429, retry_after=7)
    sb.control.inject("drop")
    sb.control.inject("latency", latency_ms=300)
    with http(sb) as c:
        r = c.get("/v1/locations/", headers=sb.headers())
        assert r.status_code == 429 and r.headers["Retry-After"] == "7"
        with pytest.raises(httpx.RemoteProtocolError):
            c.get("/v1/locations/", headers=sb.headers())
        t = time.monotonic()
        assert c.get("/v1/locations/", headers=sb.headers()).status_code == 200
        assert time.monotonic() - t >= 0.28
    stats = sb.control.stats()
    assert stats["responses_429"] == 1 and stats["rate_limited"] == 0
    assert stats["injected"] == {"429": 1, "drop": 1, "latency": 1}


def test_stats_by_path_template_and_reset(sb):
    with sb.state.lock:
        pid = next(iter(sb.state.products))
    with http(sb) as c:
        c.get(f"/v1/products/{pid}/", headers=sb.headers())
        c.get(f"/v1/products/{pid}/", headers=sb.headers())
        c.get("/v1/products/", headers=sb.headers())
    stats = sb.control.stats()
    assert stats["requests"] == {"GET /v1/products/": 1, "GET /v1/products/{product_id}/": 2}
    assert stats["total"] == 3 and stats["peak_60s"] == 3
    sb.control.reset_stats()
    assert sb.control.stats()["total"] == 0


def test_sales_decrement_stock_and_create_orders(sb):
    before_orders = len(sb.state.orders)
    sales = sb.control.sales(5)
    assert len(sales) == 5
    assert len(sb.state.orders) == before_orders + 5
    totals: dict[tuple[str, str], int] = {}
    for s in sales:
        totals[(s["product_id"], s["location_id"])] = s["available_quantity"]
    for (pid, loc), left in totals.items():
        assert sb.control.stock(pid)["stocks"][loc] == left
    with http(sb) as c:
        new = c.get("/v1/managers/store/orders", params={"status": "new", "per_page": 100,
                                                          "payload_type": "default"},
                    headers=sb.headers(managers=True)).json()["orders"]
    sold_orders = {s["order_id"] for s in sales}
    assert sold_orders <= {o["id"] for o in new}
    o = next(o for o in new if o["id"] == sales[0]["order_id"])
    assert o["products"][0]["id"] == sales[0]["product_id"]
    assert o["products"][0]["quantity"] == sales[0]["quantity"]


def test_auto_sales_runs_in_background(sb):
    n = len(sb.state.orders)
    sb.control.auto_sales(20)
    time.sleep(0.3)
    sb.control.auto_sales(0)
    grown = len(sb.state.orders) - n
    assert grown >= 3
    time.sleep(0.1)
    assert len(sb.state.orders) - n == grown  # stopped


def test_change_and_delete_product_remotely(sb):
    with sb.state.lock:
        p = next(p for p in sb.state.products.values() if p.structure == "standalone"
                 and p.stocks and not any(s.is_infinite for s in p.stocks.values()))
        pid, loc = p.id, next(iter(p.stocks))
    old = sb.control.stock(pid)
    out = sb.control.change_product(pid, name={"ar": "اسم جديد", "en": "New name"},
                                    quantity=3, location_id=loc)
    assert out["stocks"][loc] == 3 and out["updated_at"] > old["updated_at"]
    with http(sb) as c:
        got = c.get(f"/v1/products/{pid}/", headers=sb.headers()).json()
        assert got["name"] == {"ar": "اسم جديد", "en": "New name"}
        assert sb.control.delete_product(pid) == [pid]
        assert c.get(f"/v1/products/{pid}/", headers=sb.headers()).status_code == 404
    with pytest.raises(httpx.HTTPStatusError):
        sb.control.stock(pid)


def test_malformed_bodies_are_400_not_500(sb):
    with sb.state.lock:
        loc = next(iter(sb.state.locations))
        pid = next(iter(sb.state.products))
    h = {**sb.headers(), "Content-Type": "application/json"}
    with http(sb) as c:
        for method, path, body in [
            ("POST", f"/v1/locations/{loc}/stock-update/", b"[{"),
            ("POST", f"/v1/locations/{loc}/stock-update/", b"\xff\xfe"),
            ("POST", f"/v1/locations/{loc}/stock-update/", b"[1, 2, null]"),
            ("POST", f"/v1/locations/{loc}/stock-update/", b'[{"product_id": 5}]'),
            ("POST", "/v1/locations/", b"not json"),
            ("POST", "/v1/locations/", b"[]"),
            ("POST", "/v1/locations/", b'{"name": 5, "city": "x", "coordinates": []}'),
            ("PATCH", f"/v1/locations/{loc}/", b'{"is_enabled": "yes"}'),
            ("PATCH", f"/v1/products/{pid}/stocks/", b'{"a": 1}'),
            ("POST", f"/v1/products/{pid}/stocks/", b"{"),
        ]:
            r = c.request(method, path, content=body, headers=h)
            assert r.status_code == 400, (path, body, r.status_code, r.text)
            assert isinstance(r.json(), dict)
        r = c.post("/oauth/token", content=b"{", headers={"Content-Type": "application/json"})
        assert r.status_code == 400 and r.json()["error"] == "invalid_request"
        r = c.delete("/v1/products/", headers=sb.headers())
        assert r.status_code == 405 and "detail" in r.json()
        assert c.get("/v1/nothing/here/", headers=sb.headers()).status_code == 404
    assert "500" not in sb.control.stats()["statuses"]


def test_bug_becomes_zid_shaped_500(sb, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(sb.state, "product_json", broken)
    with http(sb) as c:
        r = c.get("/v1/products/", headers=sb.headers())
    assert r.status_code == 500 and r.json() == {"detail": "A server error occurred."}


def test_add_product_remotely_and_deleted_listing(sb):
    added = sb.control.add_product(name={"ar": "تمر جديد", "en": "New dates"}, sku="NEW-1",
                                   price=45, quantity=4)
    pid = added["product_id"]
    assert added["quantity"] == 4 * len(sb.state.locations)
    with http(sb) as c:
        newest = c.get("/v1/products/", params={"ordering": "-created_at"},
                       headers=sb.headers()).json()["results"][0]
        assert newest["id"] == pid and newest["sku"] == "NEW-1"
        sb.control.delete_product(pid)
        gone = c.get("/v1/products/", params={"deleted": "true"}, headers=sb.headers()).json()
        assert [p["id"] for p in gone["results"]] == [pid]
        live = c.get("/v1/products/", params={"search": "NEW-1"}, headers=sb.headers()).json()
        assert live["count"] == 0
