"""Upserts and deletions from a pull; pending edits survive a re-pull; lookups."""

from __future__ import annotations

import dataclasses
import time
from datetime import UTC, datetime

from zid_desk.cache import Cache, GridFilter, OrderFilter
from zid_desk.domain.models import (
    Order,
    OrderItem,
    StoreProfile,
)

from .catalogue import CATALOGUE, DAMMAM, JEDDAH, LOCATIONS, RIYADH, product


def test_upsert_and_read_back(loaded: Cache) -> None:
    assert loaded.counts() == {
        "locations": 3,
        "products": 7,
        "stocks": 16,
        "orders": 0,
        "pending": 0,
        "conflicts": 0,
    }
    cells = {c.location_id: c for c in loaded.product_stocks("p-dates")}
    assert cells[RIYADH].is_infinite and cells[RIYADH].quantity is None
    assert cells[JEDDAH].quantity == 25 and cells[JEDDAH].remote_quantity == 25
    assert [c.location_id for c in loaded.product_stocks("p-coffee")] == [RIYADH, JEDDAH, DAMMAM]
    row = loaded.grid_rows(["p-dates"])[0]
    assert row.total == 26 and row.total_infinite
    assert loaded.location(RIYADH) == LOCATIONS[0]


def test_upsert_updates_and_replaces_stock_rows(loaded: Cache) -> None:
    renamed = product("p-tea", "شاي أحمر", "Red tea", "ZD-1002", "", {DAMMAM: 9})
    loaded.upsert_products([renamed])
    assert loaded.product("p-tea").name_en == "Red tea"  # type: ignore[union-attr]
    assert [(c.location_id, c.quantity) for c in loaded.product_stocks("p-tea")] == [(DAMMAM, 9)]
    assert loaded.stock_grid_count(GridFilter(search="green")) == 0
    assert loaded.stock_grid_count(GridFilter(search="red tea")) == 1
    assert loaded.grid_rows(["p-tea"])[0].total == 9


def test_ten_thousand_products_upsert_quickly(cache: Cache) -> None:
    cache.upsert_locations(LOCATIONS)
    products = [
        product(
            f"id-{i}",
            f"منتج {i}",
            f"Product {i}",
            f"S-{i}",
            f"62{i:011d}",
            {RIYADH: i % 50, JEDDAH: i % 7, DAMMAM: None if i % 13 == 0 else 3},
        )
        for i in range(10_000)
    ]
    started = time.perf_counter()
    cache.upsert_products(products)
    elapsed = time.perf_counter() - started
    assert cache.counts()["stocks"] == 30_000
    print(f"10,000 products x 3 locations upserted in {elapsed:.2f} s")  # figure, not an assert


def test_a_re_pull_does_not_clobber_pending_edits(loaded: Cache) -> None:
    loaded.enqueue_set("p-coffee", RIYADH, 42)  # the user counted 42
    loaded.enqueue_adjust("p-tea", JEDDAH, +5)  # received 5
    # Zid meanwhile sold some: the pull brings new remote values
    loaded.upsert_products(
        [
            product(
                "p-coffee",
                "قهوة عربية",
                "Arabic coffee",
                "ZD-1001",
                "",
                {RIYADH: 8, JEDDAH: 0, DAMMAM: 5},
            ),
            product("p-tea", "شاي أخضر", "Green tea", "ZD-1002", "", {RIYADH: 3, JEDDAH: 6}),
        ]
    )
    coffee = loaded.stock_cell("p-coffee", RIYADH)
    assert coffee is not None
    assert coffee.quantity == 42 and coffee.remote_quantity == 8 and coffee.pending
    tea = loaded.stock_cell("p-tea", JEDDAH)
    assert tea is not None
    assert tea.remote_quantity == 6 and tea.quantity == 11  # new remote + pending adjustment
    assert loaded.grid_rows(["p-tea"])[0].total == 3 + 11
    # a pull that no longer lists the edited location keeps the pending cell
    loaded.upsert_products([product("p-tea", "شاي أخضر", "Green tea", "ZD-1002", "", {RIYADH: 3})])
    assert {c.location_id for c in loaded.product_stocks("p-tea")} == {RIYADH, JEDDAH}


def test_delete_products(loaded: Cache) -> None:
    loaded.enqueue_set("p-oud", RIYADH, 1)
    assert loaded.delete_products(["p-abaya"]) == 1
    assert loaded.delete_products_not_in([p.id for p in CATALOGUE if p.id != "p-oud"]) == 1
    assert loaded.product("p-oud") is None and loaded.product("p-abaya") is None
    assert loaded.product_stocks("p-oud") == []  # stocks cascade
    assert loaded.counts()["products"] == 5
    assert loaded.stock_grid_count(GridFilter(search="oud")) == 0  # FTS follows
    assert len(loaded.pending_changes()) == 1  # history stays; push reports it


def test_delete_locations_not_in(loaded: Cache) -> None:
    assert loaded.delete_locations_not_in([RIYADH, JEDDAH]) == 1
    assert [loc.id for loc in loaded.locations()] == [RIYADH, JEDDAH]
    assert loaded.grid_rows(["p-abaya"])[0].total == 2
    assert loaded.stock_grid_count(GridFilter(location_id=DAMMAM)) == 0


def test_locations_summary_and_lookup(loaded: Cache) -> None:
    summary = {loc.id: loc for loc in loaded.locations()}
    assert summary[RIYADH].products_in_stock == 4  # coffee, tea, dates (infinite), mushaf
    assert summary[RIYADH].total_units == 10 + 3 + 4 + 0
    assert summary[JEDDAH].products_in_stock == 4
    assert loaded.location_by_key(RIYADH).id == RIYADH  # type: ignore[union-attr]
    assert loaded.location_by_key("riyadh WAREHOUSE").id == RIYADH  # type: ignore[union-attr]
    assert loaded.location_by_key("فرع جده").id == JEDDAH  # type: ignore[union-attr]  # ة/ه
    assert loaded.location_by_key("nowhere") is None


def test_find_product_by_code(loaded: Cache) -> None:
    assert loaded.find_product_by_code("ZD-1001").id == "p-coffee"  # type: ignore[union-attr]
    assert loaded.find_product_by_code(" zd-1001 ").id == "p-coffee"  # type: ignore[union-attr]
    # a scanner on an Arabic keyboard layout types Arabic-Indic digits
    hit = loaded.find_product_by_code("٦٢٨١٠٠٠٠٠٠٠٢٨")
    assert hit is not None and hit.id == "p-tea"
    assert loaded.find_product_by_code("ZD-100") is None  # exact, not prefix
    found = loaded.find_products_by_codes(["ZD-2001", "6281000000059", "nope", "oud/77.A"])
    assert {k: v.id for k, v in found.items()} == {
        "ZD-2001": "p-dates",
        "6281000000059": "p-ibrik",
        "oud/77.A": "p-oud",
    }


def test_store_state_and_orders(cache: Cache) -> None:
    profile = StoreProfile("42", "متجر", "Osama", currency="SAR")
    cache.upsert_store(profile)
    assert cache.store() == profile
    assert cache.get_state("cursor") is None
    cache.set_state("cursor", "page=7")
    assert cache.get_state("cursor") == "page=7"
    assert cache.states() == {"cursor": "page=7"}
    cache.set_state("cursor", None)
    assert cache.get_state("cursor", "none") == "none"

    def order(i: int, status: str, paid: str, day: int, name: str) -> Order:
        return Order(
            id=i,
            code=f"C{i}x",
            status_code=status,
            status_name=status.title(),
            payment_status=paid,
            currency="SAR",
            total=f"{i}.50",
            customer_name=name,
            customer_mobile=f"9665000000{i:02d}",
            created_at=datetime(2026, 1, day, 12, tzinfo=UTC),
            items=(OrderItem("p1", "قهوة", "ZD-1", quantity=2, price=1.0, total=2.0),),
        )

    orders = [
        order(1, "new", "pending", 1, "أحمد"),
        order(2, "delivered", "paid", 2, "Sara"),
        order(3, "new", "paid", 3, "سارة"),
    ]
    assert cache.upsert_orders(orders) == 3
    assert cache.orders_count() == 3
    assert [o.id for o in cache.orders_page(OrderFilter(status="new"))] == [3, 1]
    assert cache.orders_count(OrderFilter(payment_status="paid")) == 2
    assert [
        o.id
        for o in cache.orders_page(
            OrderFilter(date_from=datetime(2026, 1, 2, tzinfo=UTC), descending=False)
        )
    ] == [2, 3]
    assert [o.id for o in cache.orders_page(OrderFilter(search="sara"))] == [2]
    assert [o.id for o in cache.orders_page(OrderFilter(search="ساره"))] == [3]
    assert [o.id for o in cache.orders_page(OrderFilter(search="c1"))] == [1]
    assert cache.order(1) == dataclasses.replace(orders[0], products_count=1)
    changed = dataclasses.replace(orders[0], status_code="ready", items=())
    cache.upsert_orders([changed])
    got = cache.order(1)
    assert got is not None and got.status_code == "ready" and len(got.items) == 1
    assert cache.counts()["orders"] == 3
