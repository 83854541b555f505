"""Header strictness per service (zid-api.md §3, §13.8-13.11) and Arabic localisation."""

from __future__ import annotations

import pytest

from .helpers import http


@pytest.fixture
def sb(sandbox_factory):
    return sandbox_factory(rate_limit=0)


def test_missing_store_id_is_401_no_such_user(sb):
    h = sb.headers()
    del h["Store-Id"]
    with http(sb) as c:
        r = c.get("/v1/products/", headers=h)
    assert r.status_code == 401
    assert r.json() == {"detail": "No such user"}


def test_other_store_id_is_403(sb):
    with http(sb) as c:
        r = c.get("/v1/locations/", headers={**sb.headers(), "Store-Id": "99999"})
    assert r.status_code == 403 and "detail" in r.json()


def test_role_optional_but_must_be_manager(sb):
    h = sb.headers()
    with http(sb) as c:
        del h["Role"]
        assert c.get("/v1/products/", headers=h).status_code == 200
        r = c.get("/v1/products/", headers={**h, "Role": "Customer"})
        assert r.status_code == 403 and "detail" in r.json()


def test_x_manager_token_accepted_on_product_component(sb):
    h = sb.headers()
    h["X-Manager-Token"] = h.pop("Access-Token")
    with http(sb) as c:
        assert c.get("/v1/products/", headers=h).status_code == 200


@pytest.mark.parametrize("drop", ["Authorization", "Access-Token"])
def test_missing_tokens_on_product_component(sb, drop):
    h = sb.headers()
    del h[drop]
    with http(sb) as c:
        r = c.get("/v1/products/", headers=h)
    assert r.status_code == 401 and "detail" in r.json()


def test_bearer_prefix_required(sb):
    h = sb.headers()
    h["Authorization"] = h["Authorization"].removeprefix("Bearer ")
    with http(sb) as c:
        r = c.get("/v1/locations/", headers=h)
    assert r.status_code == 401


def test_managers_errors_use_their_envelope(sb):
    with http(sb) as c:
        h = sb.headers(managers=True)
        ok = c.get("/v1/managers/account/profile", headers=h)
        assert ok.status_code == 200 and ok.json()["status"] == "object"
        del h["X-Manager-Token"]
        r = c.get("/v1/managers/account/profile", headers=h)
        assert r.status_code == 401
        body = r.json()
        assert body["status"] == "error"
        assert set(body["message"]) >= {"type", "code", "name", "description"}
        # Access-Token is accepted as the manager token too
        h["Access-Token"] = sb.info["tokens"]["access_token"]
        assert c.get("/v1/managers/store/orders", headers=h).status_code == 200


def test_profile_shape(sb):
    with http(sb) as c:
        store = c.get("/v1/managers/account/profile",
                      headers=sb.headers(managers=True)).json()["user"]["store"]
    assert store["id"] == int(sb.info["store_id"])
    assert store["currency"]["code"] == "SAR"
    assert store["has_multi_product_inventory"] is True
    assert isinstance(store["low_stock_quantity_limit"], int)
    assert store["title"] == "Al Rayyan Electronics"


def test_arabic_localisation(sb):
    with http(sb) as c:
        ar = c.get("/v1/managers/store/orders", params={"status": "new", "per_page": 1},
                   headers=sb.headers(managers=True, lang="ar")).json()["orders"][0]
        en = c.get("/v1/managers/store/orders", params={"status": "new", "per_page": 1},
                   headers=sb.headers(managers=True, lang="en")).json()["orders"][0]
        assert ar["order_status"] == {"name": "جديد", "code": "new"}
        assert en["order_status"] == {"name": "New", "code": "new"}
        title = c.get("/v1/managers/account/profile",
                      headers=sb.headers(managers=True, lang="ar")).json()["user"]["store"]
        assert title["title"] == "متجر الريان للإلكترونيات"
        # name objects stay objects in either language
        p = c.get("/v1/products/", headers=sb.headers(lang="ar")).json()["results"][0]
        assert set(p["name"]) == {"ar", "en"}
        cities = c.get("/v1/managers/cities/by-country-id/184",
                       headers=sb.headers(managers=True, lang="ar")).json()["cities"]
        assert any(x["name"] == "الرياض" for x in cities)


def test_countries_and_cities(sb):
    with http(sb) as c:
        h = sb.headers(managers=True)
        countries = c.get("/v1/managers/countries", headers=h).json()["countries"]
        assert {x["code"] for x in countries} == {"SA", "AE"}
        assert {"id": 184, "code": "SA"}.items() <= next(
            x for x in countries if x["code"] == "SA").items()
        ae = next(x for x in countries if x["code"] == "AE")
        cities = c.get(f"/v1/managers/cities/by-country-id/{ae['id']}", headers=h).json()
        assert {"Dubai", "Abu Dhabi", "Sharjah"} <= {x["en_name"] for x in cities["cities"]}
        # /settings/countries documents only the Bearer token
        r = c.get("/v1/settings/countries",
                  headers={"Authorization": h["Authorization"]})
        assert r.status_code == 200 and len(r.json()["countries"]) > 2
        assert c.get("/v1/managers/cities/by-country-id/1", headers=h).status_code == 404


def test_no_slash_redirects(sb):
    with http(sb) as c:
        r = c.get("/v1/products", headers=sb.headers())
    assert r.status_code == 404 and r.json() == {"detail": "Not found."}
