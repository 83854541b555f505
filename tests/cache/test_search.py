"""Search as you type: Arabic (diacritics, alef/ta marbuta/alef maqsura), English, SKU, barcode."""

from __future__ import annotations

import pytest

from zid_desk.cache import Cache, GridFilter
from zid_desk.cache.text import fts_query, normalize

from .catalogue import product


def ids(cache: Cache, text: str) -> set[str]:
    f = GridFilter(search=text)
    rows = cache.stock_grid_page(f, 0, 100)
    assert cache.stock_grid_count(f) == len(rows)
    return {r.product_id for r in rows}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("قهو", {"p-coffee"}),  # prefix; indexed text has tashkeel: قَهْوَة
        ("قهوة", {"p-coffee"}),
        ("قهوه", {"p-coffee"}),  # ta marbuta typed as ha
        ("قَهْوَةُ", {"p-coffee"}),  # query with tashkeel
        ("ابريق", {"p-ibrik"}),  # إبريق typed with a bare alef
        ("إبريق", {"p-ibrik"}),
        ("اصلي", {"p-oud"}),  # أصلي
        ("شاي", {"p-tea", "p-ibrik"}),
        ("سكري تمر", {"p-dates"}),  # every word, any order
        ("مستودع", set()),  # location names are not product names
    ],
)
def test_arabic(loaded: Cache, typed: str, expected: set[str]) -> None:
    assert ids(loaded, typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cof", {"p-coffee"}),
        ("COFFEE", {"p-coffee"}),
        ("ara cof", {"p-coffee"}),
        ("te", {"p-tea", "p-ibrik"}),  # "tea", "teapot"
        ("black ab", {"p-abaya"}),
        ("xyz", set()),
    ],
)
def test_english(loaded: Cache, typed: str, expected: set[str]) -> None:
    assert ids(loaded, typed) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ZD-10", {"p-coffee", "p-tea"}),
        ("zd-100", {"p-coffee", "p-tea"}),
        ("ZD-1001", {"p-coffee"}),
        ("ZD-2", {"p-dates"}),
        ("OUD/77", {"p-oud"}),  # punctuation inside a SKU
        ("oud/77.a", {"p-oud"}),
        ("628100000001", {"p-coffee"}),  # barcode prefix
        ("6281000000", {"p-coffee", "p-tea", "p-dates", "p-oud", "p-ibrik", "p-mushaf"}),
        ("٦٢٨١٠٠٠٠٠٠٠٤", {"p-oud"}),  # Arabic-Indic digits
    ],
)
def test_sku_and_barcode(loaded: Cache, typed: str, expected: set[str]) -> None:
    assert ids(loaded, typed) == expected


def test_blank_and_punctuation_only_queries(loaded: Cache) -> None:
    assert loaded.stock_grid_count(GridFilter(search="   ")) == 7
    assert ids(loaded, '"*()') == set()  # no crash on FTS syntax characters
    assert ids(loaded, "AND OR NOT") == set()


def test_search_follows_renames(loaded: Cache) -> None:
    loaded.upsert_products([product("p-oud", "دهن عود", "Oud oil", "OUD/77.a")])
    assert ids(loaded, "دهن") == {"p-oud"}
    assert ids(loaded, "original") == set()


def test_normalisation_rules() -> None:
    assert normalize("أإآٱ") == "اااا"
    assert normalize("مَدْرَسَةٌ") == "مدرسه"
    assert normalize("مستشفى") == "مستشفي"
    assert normalize("ســلام") == "سلام"  # tatweel
    assert normalize("Ｚ٣") == "z3"
    assert fts_query("ZD-10") == '"zd"* "10"*'
    assert fts_query("  -- ") is None
