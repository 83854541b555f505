"""Generated data: deterministic for a seed, realistic, and big sandboxes start fast."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from zid_desk.sandbox.options import SandboxOptions
from zid_desk.sandbox.server import SandboxServer
from zid_desk.sandbox.state import SandboxState

from .helpers import http

ANCHOR = datetime(2026, 6, 1, tzinfo=UTC)
ARABIC = re.compile(r"[\u0600-\u06FF]")


def snapshot(seed: int) -> tuple:
    st = SandboxState(SandboxOptions(seed=seed, products=80, locations=6, orders=40,
                                     anchor=ANCHOR))
    products = [(p.id, p.sku, p.barcode, p.parent_id, p.name["ar"], p.name["en"], p.price,
                 p.updated_at, tuple((s.location_id, s.available_quantity, s.is_infinite)
                                     for s in p.stocks.values()))
                for p in st.products.values()]
    locations = [(loc.id, loc.name["ar"], loc.city_id) for loc in st.locations.values()]
    orders = [(o.id, o.code, o.status, o.currency, o.customer["name"], o.created_at,
               tuple((i.product_id, i.quantity) for i in o.items)) for o in st.orders.values()]
    return products, locations, orders


def test_same_seed_same_data_other_seed_other_data():
    a, b, c = snapshot(7), snapshot(7), snapshot(8)
    assert a == b
    assert a[0] != c[0] and a[1] != c[1]


def test_data_is_realistic():
    st = SandboxState(SandboxOptions(seed=3, products=300, locations=8, orders=150))
    cities = {st.locations[i].city_id for i in st.locations}
    assert {1, 2, 501} <= cities  # Riyadh, Jeddah, Dubai
    assert all(ARABIC.search(loc.name["ar"]) for loc in st.locations.values())
    products = list(st.products.values())
    assert all(ARABIC.search(p.name["ar"]) and p.name["en"].isascii() for p in products)
    structures = {p.structure for p in products}
    assert structures == {"standalone", "parent", "child"}
    stock_rows = [s for p in products for s in p.stocks.values()]
    assert any(s.is_infinite for s in stock_rows)
    assert any(s.available_quantity == 0 for s in stock_rows)
    assert any(s.available_quantity and s.available_quantity <= 5 for s in stock_rows)
    assert len({p.sku for p in products}) == len(products)
    assert all(ARABIC.search(o.customer["name"]) for o in st.orders.values())
    assert {o.currency for o in st.orders.values()} == {"SAR", "AED"}
    sold = {i.product_id for o in st.orders.values() for i in o.items}
    assert sold <= set(st.products)


def test_ten_thousand_products_start_fast_and_list_fast():
    t0 = time.perf_counter()
    with SandboxServer(SandboxOptions(products=10000, rate_limit=0)) as sb:
        started = time.perf_counter() - t0
        with http(sb) as c:
            t1 = time.perf_counter()
            first = c.get("/v1/products/", params={"page_size": 50, "ordering": "-updated_at"},
                          headers=sb.headers())
            t2 = time.perf_counter()
            last_page = first.json()["count"] // 50
            c.get("/v1/products/", params={"page_size": 50, "page": last_page,
                                           "ordering": "-updated_at"}, headers=sb.headers())
            t3 = time.perf_counter()
            searched = c.get("/v1/products/", params={"search": "قهوة"}, headers=sb.headers())
            t4 = time.perf_counter()
        assert first.status_code == 200 and first.json()["total_products_count"] == 10000
        assert searched.json()["count"] > 0
        print(f"\n10k sandbox: start {started:.2f}s, first page {1000 * (t2 - t1):.0f} ms, "
              f"cached page {1000 * (t3 - t2):.0f} ms, search {1000 * (t4 - t3):.0f} ms")


def test_ean13_check_digit_matches_known_codes():
    from zid_desk.sandbox.data import ean13_check_digit

    for code in ("4006381333931", "5901234123457", "6281007035484"):
        assert ean13_check_digit(code[:12]) == code[12]
