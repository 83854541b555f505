"""The stock grid: paging, sorting, filters, row lookup."""

from __future__ import annotations

import itertools

import pytest

from zid_desk.cache import Cache, Cell, GridFilter
from zid_desk.domain.models import ChangeState

from .catalogue import DAMMAM, JEDDAH, RIYADH, product


def all_rows(cache: Cache, f: GridFilter, page: int = 3) -> list[str]:
    """Every row id, fetched in small pages (checks paging stitches correctly)."""
    out: list[str] = []
    for offset in itertools.count(0, page):
        rows = cache.stock_grid_page(f, offset, page)
        out += [r.product_id for r in rows]
        if len(rows) < page:
            return out
    raise AssertionError


def test_row_content(loaded: Cache) -> None:
    row = loaded.stock_grid_page(GridFilter(search="ZD-2001"), 0, 10)[0]
    assert row.name("ar") == "تمر سكري" and row.name("en") == "Sukkari dates"
    assert row.cells[RIYADH] == Cell(None, True, False, False)
    assert row.quantities[JEDDAH] == (25, False, False, False)
    assert row.total == 26 and row.total_infinite


def test_name_sort_in_each_language(loaded: Cache) -> None:
    en = all_rows(loaded, GridFilter(sort_key="name", lang="en"))
    assert en == ["p-coffee", "p-abaya", "p-tea", "p-mushaf", "p-oud", "p-dates", "p-ibrik"]
    ar = all_rows(loaded, GridFilter(sort_key="name", lang="ar"))
    # normalised Arabic order: ابريق, تمر, شاي, عباءه, عود, قهوه, مصحف
    assert ar == ["p-ibrik", "p-dates", "p-tea", "p-abaya", "p-oud", "p-coffee", "p-mushaf"]
    assert all_rows(loaded, GridFilter(lang="ar", descending=True)) == ar[::-1]


def test_other_sorts(loaded: Cache) -> None:
    assert all_rows(loaded, GridFilter(sort_key="sku")) == [
        "p-abaya",
        "p-mushaf",
        "p-oud",
        "p-ibrik",
        "p-coffee",
        "p-tea",
        "p-dates",
    ]
    barcode = all_rows(loaded, GridFilter(sort_key="barcode"))
    assert barcode[0] == "p-abaya"  # empty barcode first
    totals = all_rows(loaded, GridFilter(sort_key="total"))
    # finite totals ascending (oud 0, tea 10, ibrik 12, mushaf 12, coffee 15, abaya 42),
    # then infinite (dates)
    assert totals == ["p-oud", "p-tea", "p-ibrik", "p-mushaf", "p-coffee", "p-abaya", "p-dates"]
    assert all_rows(loaded, GridFilter(sort_key="total", descending=True)) == totals[::-1]


def test_location_column_sort(loaded: Cache) -> None:
    f = GridFilter(sort_key=f"loc:{RIYADH}")
    # stocked at Riyadh by quantity (oud 0, tea 3, mushaf 4, coffee 10), infinite (dates),
    # then the products not stocked there
    assert all_rows(loaded, f) == [
        "p-oud",
        "p-tea",
        "p-mushaf",
        "p-coffee",
        "p-dates",
        "p-abaya",
        "p-ibrik",
    ]
    desc = all_rows(loaded, GridFilter(sort_key=f"loc:{RIYADH}", descending=True))
    assert desc == ["p-dates", "p-coffee", "p-mushaf", "p-tea", "p-oud", "p-abaya", "p-ibrik"]
    only = GridFilter(location_id=RIYADH, sort_key=f"loc:{RIYADH}")
    assert all_rows(loaded, only) == ["p-oud", "p-tea", "p-mushaf", "p-coffee", "p-dates"]
    assert loaded.stock_grid_count(only) == 5
    searched = GridFilter(search="شاي", sort_key=f"loc:{DAMMAM}", descending=True)
    assert all_rows(loaded, searched) == ["p-ibrik", "p-tea"]


def test_location_filter(loaded: Cache) -> None:
    f = GridFilter(location_id=DAMMAM, lang="en")
    assert all_rows(loaded, f) == ["p-coffee", "p-abaya", "p-mushaf", "p-dates", "p-ibrik"]
    assert loaded.stock_grid_count(f) == 5


def test_low_and_out_of_stock(loaded: Cache) -> None:
    # totals: oud 0, tea 10, ibrik 12, mushaf 12, coffee 15, abaya 42; dates infinite
    assert set(all_rows(loaded, GridFilter(low_stock_threshold=12))) == {
        "p-oud",
        "p-tea",
        "p-ibrik",
        "p-mushaf",
    }
    assert all_rows(loaded, GridFilter(out_of_stock=True)) == ["p-oud"]
    # per location: Jeddah has coffee 0, oud 0, abaya 2, mushaf 4
    assert set(all_rows(loaded, GridFilter(location_id=JEDDAH, out_of_stock=True))) == {
        "p-coffee",
        "p-oud",
    }
    assert set(all_rows(loaded, GridFilter(location_id=JEDDAH, low_stock_threshold=4))) == {
        "p-coffee",
        "p-oud",
        "p-abaya",
        "p-mushaf",
    }
    # infinite stock is never low
    assert "p-dates" not in all_rows(loaded, GridFilter(location_id=RIYADH, out_of_stock=True))


def test_pending_and_conflict_filters(loaded: Cache) -> None:
    loaded.enqueue_set("p-tea", JEDDAH, 1)
    conflict = loaded.enqueue_set("p-mushaf", DAMMAM, 9)
    loaded.mark([conflict], ChangeState.CONFLICT, remote=2)
    assert all_rows(loaded, GridFilter(pending_only=True)) == ["p-tea"]
    assert all_rows(loaded, GridFilter(conflicts_only=True)) == ["p-mushaf"]
    assert all_rows(loaded, GridFilter(pending_only=True, location_id=RIYADH)) == []
    row = loaded.grid_rows(["p-mushaf"])[0]
    assert row.cells[DAMMAM] == Cell(9, False, False, True)
    # the edited value is what low/out filters see
    assert "p-tea" in all_rows(loaded, GridFilter(location_id=JEDDAH, low_stock_threshold=1))


def test_combined_filters_and_page_edges(loaded: Cache) -> None:
    f = GridFilter(search="ZD", location_id=RIYADH, low_stock_threshold=5, sort_key="sku")
    assert all_rows(loaded, f) == ["p-tea"]
    assert loaded.stock_grid_page(GridFilter(), 100, 10) == []
    assert len(loaded.stock_grid_page(GridFilter(), 5, 100)) == 2


FILTERS = [
    GridFilter(),
    GridFilter(lang="ar", descending=True),
    GridFilter(sort_key="sku", descending=True),
    GridFilter(sort_key="total"),
    GridFilter(sort_key=f"loc:{JEDDAH}"),
    GridFilter(sort_key=f"loc:{DAMMAM}", descending=True),
    GridFilter(location_id=JEDDAH, sort_key=f"loc:{JEDDAH}", descending=True),
    GridFilter(location_id=DAMMAM, sort_key="name"),
    GridFilter(search="شاي", sort_key="barcode"),
]


@pytest.mark.parametrize("f", FILTERS)
def test_row_index_of_matches_the_page_order(loaded: Cache, f: GridFilter) -> None:
    # unknown remote values and duplicates of names exercise the tie-breakers
    loaded.upsert_products(
        [
            product("p-twin", "قهوة عربية", "Arabic coffee", "ZD-1003", "", {JEDDAH: 0, DAMMAM: 5}),
        ]
    )
    loaded.enqueue_adjust("p-abaya", RIYADH, 3)  # creates a stock row with unknown remote
    rows = all_rows(loaded, f)
    assert rows
    for i, pid in enumerate(rows):
        assert loaded.row_index_of(pid, f) == i, pid
    hidden = {
        "p-coffee",
        "p-tea",
        "p-dates",
        "p-oud",
        "p-abaya",
        "p-ibrik",
        "p-mushaf",
        "p-twin",
    } - set(rows)
    for pid in hidden:
        assert loaded.row_index_of(pid, f) is None


def test_deep_pages_match_the_order_and_follow_writes(cache: Cache) -> None:
    from .catalogue import LOCATIONS

    cache.upsert_locations(LOCATIONS)
    n = 2600
    cache.upsert_products(
        [
            product(
                f"id-{i:05d}",
                f"صنف {i % 97}",
                f"Item {i % 97}",
                f"S-{i:05d}",
                "",
                {RIYADH: (i * 7919) % 113} if i % 10 else {JEDDAH: 1},
            )
            for i in range(n)
        ]
    )
    by_sku = GridFilter(sort_key="sku", descending=True)
    rows = all_rows(cache, by_sku, page=700)
    assert rows == [f"id-{i:05d}" for i in reversed(range(n))]
    by_loc = GridFilter(sort_key=f"loc:{RIYADH}")
    rows = all_rows(cache, by_loc, page=650)
    assert len(rows) == n and len(set(rows)) == n
    cells = {r.product_id: r.cells.get(RIYADH) for r in cache.grid_rows(rows)}
    stocked = [pid for pid in rows if cells[pid] is not None]
    quantities = [cells[pid].quantity for pid in stocked]  # type: ignore[union-attr]
    assert quantities == sorted(quantities)  # type: ignore[type-var]
    assert rows[len(stocked) :] == sorted(pid for pid in rows if cells[pid] is None)
    for pid in (rows[0], rows[2100], rows[-1]):
        assert cache.row_index_of(pid, by_loc) == rows.index(pid)
    # a write invalidates the memoised order: move the last stocked row to the top
    last = stocked[-1]
    cache.enqueue_set(last, RIYADH, -1)
    after = cache.stock_grid_page(by_loc, 0, 1)[0].product_id
    assert after == last
    deep = [r.product_id for r in cache.stock_grid_page(by_loc, 2200, 400)]
    assert deep == all_rows(cache, by_loc, page=650)[2200:2600]
    # a search selects through a subquery: its ordered keys are memoised until a write
    searched = GridFilter(search="item", sort_key=f"loc:{RIYADH}")
    assert all_rows(cache, searched, page=650) == all_rows(cache, by_loc, page=650)
    cache.enqueue_set(stocked[0], RIYADH, 1000)
    assert (
        cache.stock_grid_page(searched, n - 1 - len(rows[len(stocked) :]), 1)[0].product_id
        == stocked[0]
    )
    assert all_rows(cache, searched, page=650) == all_rows(cache, by_loc, page=650)


@pytest.mark.parametrize("threshold", [0, 10_000])
@pytest.mark.parametrize(
    "f",
    [
        GridFilter(search="ZD"),  # FTS (SKU words) or SKU prefix
        GridFilter(search="62810", sort_key="barcode", descending=True),  # barcode prefix
        GridFilter(search="ZD-1", lang="ar"),  # code-like: ranges only
        GridFilter(search="ش", sort_key="total", location_id=JEDDAH),
    ],
)
def test_broad_and_narrow_search_plans_agree(
    loaded: Cache, monkeypatch: pytest.MonkeyPatch, f: GridFilter, threshold: int
) -> None:
    from zid_desk.cache import grid

    expected = {
        "ZD": ["p-coffee", "p-tea", "p-dates"],
        "62810": ["p-mushaf", "p-ibrik", "p-oud", "p-dates", "p-tea", "p-coffee"],
        "ZD-1": ["p-coffee", "p-tea"],
        "ش": ["p-tea"],
    }[f.search]
    if f.search == "ZD-1":
        expected = ["p-tea", "p-coffee"]  # Arabic names: شاي before قهوه
    monkeypatch.setattr(grid, "BROAD_SEARCH_ROWS", threshold)  # 0: always walk the index
    assert all_rows(loaded, f, page=2) == expected
    assert loaded.stock_grid_count(f) == len(expected)
