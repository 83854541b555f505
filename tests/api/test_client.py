"""The real client against the sandbox over loopback HTTP: reads, pagination, Arabic."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from typing import Any

import pytest

from zid_desk.api.client import ZidClient
from zid_desk.domain import Order
from zid_desk.sandbox.server import SandboxServer

from .helpers import zid_client


def _count(stats: dict, key: str) -> int:
    return int(stats["requests"].get(key, 0))


@pytest.mark.asyncio
async def test_profile_sets_store_id_then_locations(fresh: SandboxServer) -> None:
    async with zid_client(fresh, store_id=None) as client:
        locations = [loc async for loc in client.iter_locations()]
        assert client.store_id == str(fresh.info["store_id"])  # learnt from the profile
        prof = await client.profile()
    assert prof.store_id == client.store_id and prof.store_title
    assert len(locations) == 5 and len({x.id for x in locations}) == 5
    assert all(x.name.ar and x.name.en and x.city_id for x in locations)
    stats = fresh.control.stats()
    assert _count(stats, "GET /v1/managers/account/profile") == 2


@pytest.mark.asyncio
async def test_product_pages_follow_next(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        pages = [p async for p in client.iter_product_pages(page_size=50, ordering="-updated_at")]
    count = pages[0].count
    assert count >= 120  # products plus variants where listed
    assert len(pages) == math.ceil(count / 50)
    assert [p.page for p in pages] == list(range(1, len(pages) + 1))
    assert [p.has_next for p in pages] == [True] * (len(pages) - 1) + [False]
    ids = [prod.id for p in pages for prod in p.products]
    assert len(ids) == len(set(ids)) == count
    stamps = [prod.updated_at for p in pages for prod in p.products if prod.updated_at]
    assert len(stamps) == count
    assert stamps == sorted(stamps, reverse=True)  # ordering kept across `next` links
    assert _count(fresh.control.stats(), "GET /v1/products/") == len(pages)


@pytest.mark.asyncio
async def test_products_by_ids_variants_and_stocks(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        products = [p async for p in client.iter_products()]
        wanted = [p.id for p in products[:73]]
        got = await client.products_by_ids(wanted)
        assert sorted(p.id for p in got) == sorted(wanted)
        parent = next(p for p in products if p.structure == "parent")
        family = await client.get_product_with_variants(parent.id)
        assert family[0].id == parent.id and len(family) > 1
        assert all(v.parent_id == parent.id for v in family[1:])
        single = await client.get_product(products[0].id)
        assert single.id == products[0].id
        stocked = next(p for p in products if p.stocks and not p.is_infinite)
        stocks = await client.list_product_stocks(stocked.id)
    assert {s.location_id for s in stocks} == {s.location_id for s in stocked.stocks}
    stats = fresh.control.stats()
    assert _count(stats, "GET /v1/products/") >= 2 + math.ceil(len(products) / 50)


@pytest.mark.asyncio
async def test_orders_paged_by_count(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        pages = [p async for p in client.iter_order_pages(per_page=25)]
        total = pages[0].total
        assert total == 60
        assert len(pages) == math.ceil(total / 25)
        orders = [o for p in pages for o in p.orders]
        assert len({o.id for o in orders}) == total
        assert {o.status_code for o in orders} <= {
            "new",
            "preparing",
            "ready",
            "indelivery",
            "delivered",
            "cancelled",
            "reversed",
            "reverse_in_progress",
            "partially_reversed",
            "initial",
        }
        assert any(o.items for o in orders)  # payload_type=default includes products
        one = await client.get_order(orders[0].id)
        assert one.id == orders[0].id and one.code == orders[0].code
        cancelled = [o async for p in _aiter_pages(client, status="cancelled") for o in p]
    assert all(o.status_code == "cancelled" for o in cancelled)
    assert len(cancelled) == sum(o.status_code == "cancelled" for o in orders)


async def _aiter_pages(client: ZidClient, **kw: Any) -> AsyncIterator[list[Order]]:
    async for page in client.iter_order_pages(**kw):
        yield page.orders


@pytest.mark.asyncio
async def test_arabic_responses(fresh: SandboxServer) -> None:
    async with zid_client(fresh, lang="ar") as client:
        product = await anext(client.iter_products())
        page = await anext(client.iter_order_pages(per_page=10))
        location = await anext(client.iter_locations())
        cities = await client.list_cities(184)
        countries = await client.list_countries()

    def arabic(text: str) -> bool:
        return any("\u0600" <= ch <= "\u06ff" for ch in text)

    assert arabic(product.name.ar) and arabic(location.name.get("ar"))
    assert all(arabic(o.status_name) for o in page.orders)
    assert cities and countries


@pytest.mark.asyncio
async def test_create_and_update_location(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        cities = await client.list_cities(184)
        city_id = int(cities[0]["id"])
        created = await client.create_location(
            name_ar="مخزن الاختبار",
            name_en="Test store",
            city_id=city_id,
            full_address="1 Test Rd, Riyadh",
            short_address="RHHB4094",
            latitude=24.7,
            longitude=46.6,
        )
        assert created.name.ar == "مخزن الاختبار" and created.city_id == city_id
        updated = await client.update_location(
            created.id, name_en="Renamed", latitude="23.25", longitude="23.32", is_enabled=True
        )
        again = await client.get_location(created.id)
    assert updated.name.en == "Renamed" == again.name.en
    assert again.latitude == pytest.approx(23.25)
