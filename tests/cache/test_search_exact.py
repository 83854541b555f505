"""Search plans against a straightforward reference query, on a generated catalogue.

The grid reduces a search with cheap part counts (empty parts dropped, the SKU part dropped
when every SKU match is a name match, "everything" when one part matches every product)
and picks a page strategy (walk a sort index, top-N sort, memoised order). Whatever it
picks, rows and counts must equal those of the plain query: names (FTS) OR SKU prefix OR
barcode prefix, ordered by the sort's columns.
"""

from __future__ import annotations

import itertools
import random

import pytest

from zid_desk.cache import Cache, GridFilter
from zid_desk.cache.text import code_key, fts_query, prefix_upper_bound

from .catalogue import DAMMAM, JEDDAH, LOCATIONS, RIYADH, product

WORDS = ["Coffee", "Tea", "Zdravo", "Premium", "Pen", "Perfume", "Oud", "Zaatar", "Sixty"]
ARABIC = ["قهوة", "شاي", "قلم", "عطر", "زعتر", "فاخر"]


def catalogue(n: int, rng: random.Random) -> list:
    items = []
    for i in range(n):
        name_en = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i % 97}"
        if i % 11 == 0:
            name_en = f"Plain item {i % 7}"  # no word starting with z/p in most
        sku = [
            f"ZD-{1000 + i}",
            f"zd_{i}",  # "_" splits FTS tokens but not the SKU key
            f"SKU.{i}/COF",
            f" zd-{i}",  # leading space in the SKU
            f"ZD{chr(0x0660 + i % 3)}{i}",  # Arabic-Indic digit
            f"62{i}",  # a SKU that looks like a barcode
            f"6-{i}",  # ... and one whose prefix is also a barcode's (below)
            f"قلم-{i}",  # an Arabic SKU: its word is also an Arabic name word
            f"क्षत्र-{i}",  # the virama splits Python's words, not FTS5's: not a name match
            "",
        ][i % 10 if i % 5 else 0]
        barcode = f"6-{i}" if i % 13 == 0 else f"628{rng.randrange(10**6, 10**7)}"
        stocks: dict[str, int | None] = {
            loc: rng.randrange(0, 50) for loc in (RIYADH, JEDDAH, DAMMAM) if rng.random() < 0.7
        }
        items.append(
            product(
                f"p-{i:04d}",
                f"{rng.choice(ARABIC)} {rng.choice(ARABIC)} {i % 89}",
                name_en,
                sku,
                barcode,
                stocks,
            )
        )
    return items


def looks_like_code(text: str) -> bool:
    """What the grid searches by code ranges only (the rule in zid_desk.cache.grid)."""
    from zid_desk.cache.grid import _looks_like_code

    return _looks_like_code(text)


ORDER = {
    "name-en": "p.sort_en, p.pk",
    "name-ar": "p.sort_ar, p.pk",
    "sku": "p.sku_key, p.pk",
    "barcode": "p.barcode_key, p.pk",
    "total": "p.total_infinite, p.total_qty, p.pk",
}


def reference(cache: Cache, f: GridFilter) -> list[str]:
    """The ids `f` selects, in grid order (for a location sort: in any order)."""
    q = None if looks_like_code(f.search) else fts_query(f.search)
    key = code_key(f.search)
    conds: list[str] = []
    params: list[object] = []
    if q:
        conds.append("p.pk IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)")
        params.append(q)
    if key:
        conds += [
            "(p.sku_key >= ? AND p.sku_key < ?)",
            "(p.barcode_key >= ? AND p.barcode_key < ?)",
        ]
        params += [key, prefix_upper_bound(key)] * 2
    where = f"({' OR '.join(conds)})" if conds else "0"
    if f.location_id:
        where += " AND p.pk IN (SELECT product_pk FROM stocks WHERE location_id = ?)"
        params.append(f.location_id)
    sort = f"name-{f.lang}" if f.sort_key == "name" else f.sort_key
    order = ORDER.get(sort, "p.pk")
    if f.descending:
        order = ", ".join(c + " DESC" for c in order.split(", "))
    rows = cache.connection().execute(
        f"SELECT p.id FROM products p WHERE {where} ORDER BY {order}", params
    )
    return [r[0] for r in rows]


def grid_rows(cache: Cache, f: GridFilter, page: int) -> list[str]:
    out: list[str] = []
    for offset in itertools.count(0, page):
        rows = cache.stock_grid_page(f, offset, page)
        out += [r.product_id for r in rows]
        if len(rows) < page:
            return out
    raise AssertionError


# fmt: off
TEXTS = [
    "z", "Z", "zd", "ZD-", "zd-1", "zd_", "zd_1", "ZD٠", "zd0", "zdr", "zdravo", "6", "62",
    "628", "6281", "62 1", "p", "pr", "pre", "premium", "premium co", "pe", "s", "sku",
    "sku.1", "sku.1/", "61", "6-", "6-1", "قلم", "क्ष", "ق", "قه", "قهوة فاخر", "ز", "1", "12",
    "xyz", " zd", "-", "sixty 6",
]
# fmt: on
FILTERS = [
    GridFilter(lang="en"),
    GridFilter(lang="ar", descending=True),
    GridFilter(sort_key="sku"),
    GridFilter(sort_key="barcode", descending=True),
    GridFilter(sort_key="total"),
    GridFilter(location_id=JEDDAH),
    GridFilter(location_id=RIYADH, sort_key="sku", descending=True),
    GridFilter(sort_key=f"loc:{DAMMAM}"),
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Cache:
    cache = Cache.open(tmp_path_factory.mktemp("exact") / "store.sqlite3")
    cache.upsert_locations(LOCATIONS)
    cache.upsert_products(catalogue(700, random.Random(5)))
    return cache


@pytest.mark.parametrize(
    ("broad", "top", "walk"),
    [
        (0, 0, 1000),  # every search is wide: walk the sort index
        (0, 10**6, 1000),  # wide FTS selections: top-N sort
        (40, 150, 90),  # a mix, deep pages from the memoised order
        (10**6, 10**6, 1000),  # every search narrow: UNION of keys, memoised order
    ],
)
def test_search_results_equal_the_reference_query(
    generated: Cache, monkeypatch: pytest.MonkeyPatch, broad: int, top: int, walk: int
) -> None:
    from zid_desk.cache import grid

    monkeypatch.setattr(grid, "BROAD_SEARCH_ROWS", broad)
    monkeypatch.setattr(grid, "TOP_SORT_ROWS", top)
    monkeypatch.setattr(grid, "WALK_ROWS", walk)
    generated.set_state("thresholds", f"{broad} {top} {walk}")  # a write: forget the plans
    seen_sizes = set()
    for text, base in itertools.product(TEXTS, FILTERS):
        f = GridFilter(
            search=text,
            location_id=base.location_id,
            sort_key=base.sort_key,
            descending=base.descending,
            lang=base.lang,
        )
        expected = reference(generated, f)
        seen_sizes.add(len(expected))
        got = grid_rows(generated, f, page=37)
        if f.sort_key.startswith("loc:"):
            assert sorted(got) == sorted(expected), f
        else:
            assert got == expected, f
        assert generated.stock_grid_count(f) == len(expected), f
        for pid in expected[:: max(1, len(expected) // 3)]:
            assert generated.row_index_of(pid, f) == got.index(pid), f
    assert 0 in seen_sizes and max(seen_sizes) >= 600  # empty, narrow and broad searches ran


def shape(cache: Cache, text: str) -> str:
    """Which reduction the grid picked for `text` (see zid_desk.cache.grid._search)."""
    from zid_desk.cache import grid

    s = grid._search(cache.connection(), text, cache._memo)
    if s.everything:
        return "everything"
    if s.condition == "0":
        return "nothing"
    if " UNION " in s.condition:
        return "union"
    if " OR " in s.condition:
        return "or"
    return "names" if s.keys_subquery else "one range"


def test_the_reference_texts_exercise_every_reduction(
    generated: Cache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zid_desk.cache import grid

    monkeypatch.setattr(grid, "BROAD_SEARCH_ROWS", 40)
    generated.set_state("thresholds", "40")  # a write: forget the plans
    shapes = {text: shape(generated, text) for text in TEXTS}
    assert shapes["zd0"] == "one range"  # names == SKUs: the SKU range alone
    assert shapes["zd"] == "names"  # SKU matches are name matches ("Zdravo" adds more)
    assert shapes["6"] == "everything"  # every barcode starts with 6
    assert shapes["xyz"] == "nothing"
    assert shapes["sku.1"] == "one range"  # code-like: ranges only
    assert {"union", "or"} <= set(shapes.values())


def test_reductions_follow_renames(cache: Cache) -> None:
    """A name or SKU change is seen by the next search (the part counts are per state)."""
    cache.upsert_locations(LOCATIONS)
    items = catalogue(120, random.Random(9))
    cache.upsert_products(items)
    for text in ("zd", "zdravo", "6", "p"):
        assert grid_rows(cache, GridFilter(search=text), 50) == reference(
            cache, GridFilter(search=text)
        )
    # every name gets a "Zdravo" word: the name part grows past the SKU part
    cache.upsert_products(
        [product(p.id, p.name.ar, f"Zdrop {p.name.en}", p.sku, p.barcode, None) for p in items[:60]]
    )
    for text in ("zd", "zdr", "6", "62", "p"):
        f = GridFilter(search=text, sort_key="sku")
        assert grid_rows(cache, f, 50) == reference(cache, f)
        assert cache.stock_grid_count(f) == len(reference(cache, f))
