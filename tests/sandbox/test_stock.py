"""Stock writes: location stock-update, product stocks, locations create/update."""

from __future__ import annotations

import pytest

from .helpers import http


@pytest.fixture
def sb(sandbox_factory):
    return sandbox_factory(rate_limit=0, products=60)


def finite_products(sb, n):
    with sb.state.lock:
        return [p.id for p in sb.state.products.values()
                if p.structure != "parent" and not any(s.is_infinite for s in p.stocks.values())
                ][:n]


def first_location(sb):
    with sb.state.lock:
        return next(iter(sb.state.locations))


def test_stock_update_batch_applies(sb):
    loc = first_location(sb)
    ids = finite_products(sb, 5)
    before = {pid: sb.control.stock(pid) for pid in ids}
    body = [{"product_id": pid, "available_quantity": 7 + i, "is_infinite": False}
            for i, pid in enumerate(ids)]
    with http(sb) as c:
        r = c.post(f"/v1/locations/{loc}/stock-update/", json=body, headers=sb.headers())
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [row["product_id"] for row in rows] == ids
    assert all(row["location"]["id"] == loc for row in rows)
    for i, pid in enumerate(ids):
        after = sb.control.stock(pid)
        assert after["stocks"][loc] == 7 + i
        others = sum(q for lid, q in after["stocks"].items() if lid != loc)
        assert after["quantity"] == others + 7 + i
        assert after["updated_at"] > before[pid]["updated_at"]
    with http(sb) as c:
        p = c.get(f"/v1/products/{ids[0]}/", headers=sb.headers()).json()
    assert p["quantity"] == sb.control.stock(ids[0])["quantity"]
    assert next(s for s in p["stocks"] if s["location"]["id"] == loc)["available_quantity"] == 7


def test_stock_update_over_batch_max_is_413(sandbox_factory):
    sb = sandbox_factory(rate_limit=0, batch_max=3)
    loc = first_location(sb)
    ids = finite_products(sb, 4)
    body = [{"product_id": pid, "available_quantity": 1} for pid in ids]
    with http(sb) as c:
        r = c.post(f"/v1/locations/{loc}/stock-update/", json=body, headers=sb.headers())
        assert r.status_code == 413 and "detail" in r.json()
        ok = c.post(f"/v1/locations/{loc}/stock-update/", json=body[:3], headers=sb.headers())
        assert ok.status_code == 200


def test_stock_update_bad_items_fail_whole_request(sb):
    loc = first_location(sb)
    ids = finite_products(sb, 3)
    before = sb.control.stock(ids[0])
    body = [
        {"product_id": ids[0], "available_quantity": 999},
        {"product_id": "00000000-0000-4000-8000-000000000000", "available_quantity": 1},
        {"product_id": ids[1], "available_quantity": -2},
        {"product_id": ids[2], "available_quantity": "ten"},
        {"product_id": ids[2]},
    ]
    with http(sb) as c:
        r = c.post(f"/v1/locations/{loc}/stock-update/", json=body, headers=sb.headers())
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert [e["index"] for e in errors] == [1, 2, 3, 4]
    assert "product_id" in errors[0]["errors"]
    assert "available_quantity" in errors[1]["errors"]
    assert sb.control.stock(ids[0]) == before  # nothing applied


def test_stock_update_infinite_and_disabled_location(sb):
    loc = first_location(sb)
    pid = finite_products(sb, 1)[0]
    with http(sb) as c:
        r = c.post(f"/v1/locations/{loc}/stock-update/", headers=sb.headers(),
                   json=[{"product_id": pid, "available_quantity": 5, "is_infinite": True}])
        assert r.status_code == 200
        assert r.json()[0]["available_quantity"] is None and r.json()[0]["is_infinite"]
        s = sb.control.stock(pid)
        assert s["is_infinite"] is True and s["stocks"][loc] is None
        assert c.patch(f"/v1/locations/{loc}/", json={"is_enabled": False},
                       headers=sb.headers()).status_code == 200
        r = c.post(f"/v1/locations/{loc}/stock-update/", headers=sb.headers(),
                   json=[{"product_id": pid, "available_quantity": 1}])
        assert r.status_code == 400 and "detail" in r.json()


def test_stock_update_rejects_non_list_and_unknown_location(sb):
    loc = first_location(sb)
    with http(sb) as c:
        r = c.post(f"/v1/locations/{loc}/stock-update/", json={"product_id": "x"},
                   headers=sb.headers())
        assert r.status_code == 400
        r = c.post("/v1/locations/00000000-0000-4000-8000-000000000000/stock-update/",
                   json=[], headers=sb.headers())
        assert r.status_code == 404


def test_product_stocks_endpoints(sb):
    pid = finite_products(sb, 1)[0]
    h = sb.headers()
    with sb.state.lock:
        stocked = set(sb.state.products[pid].stocks)
        free = [lid for lid in sb.state.locations if lid not in stocked]
    with http(sb) as c:
        listing = c.get(f"/v1/products/{pid}/stocks/", headers=h).json()
        assert listing["count"] == len(stocked)
        sid = listing["results"][0]["id"]
        one = c.get(f"/v1/products/{pid}/stocks/{sid}/", headers=h).json()
        assert one["id"] == sid
        r = c.patch(f"/v1/products/{pid}/stocks/{sid}/", headers=h,
                    json={"available_quantity": 42, "is_infinite": False})
        assert r.status_code == 200 and r.json()["available_quantity"] == 42
        if free:
            r = c.post(f"/v1/products/{pid}/stocks/", headers=h,
                       json={"location": free[0], "available_quantity": 3, "is_infinite": False})
            assert r.status_code == 201 and r.json()["location"] == free[0]
            dup = c.post(f"/v1/products/{pid}/stocks/", headers=h,
                         json={"location": free[0], "available_quantity": 3})
            assert dup.status_code == 400
        locs = list(sb.state.locations)[:2]
        r = c.patch(f"/v1/products/{pid}/stocks/", headers=h,
                    json=[{"location": locs[0], "available_quantity": 10, "is_infinite": False},
                          {"location": locs[1], "available_quantity": 20, "is_infinite": False}])
        assert r.status_code == 204
    s = sb.control.stock(pid)
    assert s["stocks"][locs[0]] == 10 and s["stocks"][locs[1]] == 20


def test_create_and_update_location(sb):
    h = sb.headers()
    with http(sb) as c:
        r = c.post("/v1/locations/", headers=h, json={"name": {"ar": "مخزن"}})
        assert r.status_code == 400
        assert {"city", "coordinates", "full_address"} <= set(r.json())
        r = c.post("/v1/locations/", headers=h, json={
            "name": {"ar": "مخزن الرياض", "en": "Riyadh warehouse"},
            "coordinates": {"latitude": 24.7, "longitude": 46.6},
            "full_address": "RHHB4094, Riyadh", "short_address": "RHHB4094", "city": 1})
        assert r.status_code == 201, r.text
        loc = r.json()
        assert loc["city"]["id"] == 1 and loc["is_enabled"] is True
        r = c.patch(f"/v1/locations/{loc['id']}/", headers=h, json={
            "name": "test 3333", "coordinates": {"latitude": "23.2532", "longitude": "23.3232"},
            "channels": ["catalog"]})
        assert r.status_code == 200, r.text
        assert r.json()["coordinates"] == {"latitude": 23.2532, "longitude": 23.3232}
        assert r.json()["name"]["en"] == "test 3333"
        bad = c.patch(f"/v1/locations/{loc['id']}/", headers=h,
                      json={"coordinates": {"latitude": "north", "longitude": 1}})
        assert bad.status_code == 400 and "coordinates" in bad.json()
        listing = c.get("/v1/locations/", params={"per_page": 2}, headers=h).json()
        assert len(listing["results"]) == 2 and listing["next"]
        assert listing["active_locations_count"] == listing["count"] == 5


def test_store_without_multi_inventory(sandbox_factory):
    sb = sandbox_factory(rate_limit=0, multi_inventory=False)
    h = sb.headers()
    with http(sb) as c:
        profile = c.get("/v1/managers/account/profile", headers=sb.headers(managers=True))
        assert profile.json()["user"]["store"]["has_multi_product_inventory"] is False
        listing = c.get("/v1/locations/", headers=h).json()
        assert listing["count"] == 0 and listing["results"] == []
        r = c.post("/v1/locations/", headers=h, json={"name": {"en": "x"}})
        assert r.status_code == 403 and "detail" in r.json()
