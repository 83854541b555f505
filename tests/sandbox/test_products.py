"""Products list/detail: pagination, ordering, filters, shapes (zid-api.md §6)."""

from __future__ import annotations

from datetime import datetime

import pytest

from zid_desk.sandbox.data import ean13_check_digit

from .helpers import http


@pytest.fixture(scope="module")
def sb():
    from zid_desk.sandbox.server import SandboxOptions, SandboxServer

    with SandboxServer(SandboxOptions(products=120, locations=4, orders=10,
                                      rate_limit=0)) as server:
        yield server


def get(sb, path, **params):
    with http(sb) as c:
        r = c.get(path, params=params, headers=sb.headers())
    assert r.status_code == 200, r.text
    return r.json()


def test_walk_all_pages_with_absolute_next(sb):
    seen: list[str] = []
    url = f"{sb.api_base}/products/?page_size=25&is_published=true"
    with http(sb) as c:
        while url:
            assert url.startswith(sb.api_base + "/products/")
            body = c.get(url, headers=sb.headers()).json()
            seen += [p["id"] for p in body["results"]]
            if body["next"]:
                assert "page_size=25" in body["next"] and "is_published=true" in body["next"]
            url = body["next"]
    assert len(seen) == len(set(seen)) == body["count"]
    assert body["total_products_count"] == 120
    assert body["count"] < 120  # a few products are unpublished


def test_page_size_default_10_and_clamped_to_50(sb):
    assert len(get(sb, "/v1/products/")["results"]) == 10
    body = get(sb, "/v1/products/", page_size=500)
    assert len(body["results"]) == 50
    second = get(sb, "/v1/products/", page_size=500, page=2)
    assert second["previous"] is not None and second["previous"].startswith("http://")
    assert {p["id"] for p in body["results"]}.isdisjoint(p["id"] for p in second["results"])


def test_invalid_page_is_404(sb):
    with http(sb) as c:
        r = c.get("/v1/products/", params={"page": 999}, headers=sb.headers())
    assert r.status_code == 404 and r.json() == {"detail": "Invalid page."}


def test_ordering_minus_updated_at(sb):
    sb.control.change_product(get(sb, "/v1/products/", page=5)["results"][3]["id"],
                              name_en="Freshly edited")
    rows = get(sb, "/v1/products/", ordering="-updated_at", page_size=50)["results"]
    stamps = [r["updated_at"] for r in rows]
    assert stamps == sorted(stamps, reverse=True)
    assert rows[0]["name"]["en"] == "Freshly edited"
    assert all(s.endswith("Z") and "." in s for s in stamps)
    datetime.strptime(stamps[0], "%Y-%m-%dT%H:%M:%S.%fZ")
    asc = get(sb, "/v1/products/", ordering="updated_at", page_size=50)["results"]
    assert [r["updated_at"] for r in asc] == sorted(r["updated_at"] for r in asc)


def test_id_in_and_search(sb):
    rows = get(sb, "/v1/products/", page_size=5)["results"]
    ids = [rows[0]["id"], rows[3]["id"]]
    found = get(sb, "/v1/products/", id__in=",".join(ids))["results"]
    assert sorted(p["id"] for p in found) == sorted(ids)
    with http(sb) as c:
        bad = c.get("/v1/products/", params={"id__in": "x"}, headers=sb.headers())
    assert bad.status_code == 400 and "id__in" in bad.json()
    target = rows[2]
    by_en = get(sb, "/v1/products/", search=target["name"]["en"])["results"]
    assert target["id"] in [p["id"] for p in by_en]
    by_ar = get(sb, "/v1/products/", search=target["name"]["ar"])["results"]
    assert target["id"] in [p["id"] for p in by_ar]
    by_sku = get(sb, "/v1/products/", search=target["sku"])["results"]
    assert [p["id"] for p in by_sku] == [target["id"]]


def test_product_shape_and_stocks(sb):
    rows = get(sb, "/v1/products/", page_size=50, structure="standalone")["results"]
    p = next(r for r in rows if not r["is_infinite"] and r["stocks"])
    assert isinstance(p["price"], float) and p["currency"] == "SAR"
    assert p["quantity"] == sum(s["available_quantity"] for s in p["stocks"])
    for s in p["stocks"]:
        assert set(s["location"]["name"]) == {"ar", "en"}
    infinite = get(sb, "/v1/products/", is_infinite="true")["results"]
    assert infinite and all(r["is_infinite"] for r in infinite)
    assert all(s["available_quantity"] is None for r in infinite for s in r["stocks"])
    assert any(r["barcode"] for r in rows)
    for r in rows:
        if r["barcode"]:
            assert len(r["barcode"]) == 13
            assert r["barcode"][-1] == ean13_check_digit(r["barcode"][:12])


def test_variants_nested_in_parent_and_listable_as_children(sb):
    parents = get(sb, "/v1/products/", structure="parent", page_size=50)["results"]
    assert parents, "seeded data has parents with variants"
    parent = parents[0]
    assert parent["stocks"] == [] and parent["has_options"] is True
    detail = get(sb, f"/v1/products/{parent['id']}/")
    variants = detail["variants"]
    assert len(variants) >= 2
    assert all(v["parent_id"] == parent["id"] and v["structure"] == "child" for v in variants)
    assert detail["quantity"] == sum(v["quantity"] or 0 for v in variants)
    default_ids = set()
    url = f"{sb.api_base}/products/?page_size=50"
    with http(sb) as c:
        while url:
            body = c.get(url, headers=sb.headers()).json()
            default_ids |= {p["id"] for p in body["results"]}
            url = body["next"]
    assert parent["id"] in default_ids
    assert not default_ids & {v["id"] for v in variants}
    children = get(sb, "/v1/products/", id__in=variants[0]["id"])["results"]
    assert children[0]["id"] == variants[0]["id"]
    extended = get(sb, "/v1/products/", structure="parent", extended="true")["results"]
    assert "variants" in extended[0]


def test_unknown_product_is_404(sb):
    with http(sb) as c:
        r = c.get("/v1/products/00000000-0000-4000-8000-000000000000/", headers=sb.headers())
    assert r.status_code == 404 and r.json() == {"detail": "Not found."}
