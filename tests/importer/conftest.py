"""A small store in a real cache (built with the cache's public API) for the importer tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from zid_desk.cache import Cache
from zid_desk.domain.models import LocalizedText, Location, Product, StockLevel
from zid_desk.importer import CatalogSnapshot, load_snapshot
from zid_desk.profile import Profile
from zid_desk.settings import Settings

STORE_ID = "4242"
MAIN, JEDDAH = "loc-main-0001", "loc-jed-0002"


def fill(cache: Cache) -> None:
    cache.upsert_locations(
        [
            Location(MAIN, LocalizedText("المستودع الرئيسي", "Main warehouse")),
            Location(JEDDAH, LocalizedText("فرع جدة", "Jeddah branch")),
        ]
    )
    cache.upsert_products(
        [
            Product("p-coffee", LocalizedText("قهوة عربية", "Arabic coffee"), sku="COF-1",
                    barcode="6281000000011",
                    stocks=(StockLevel(MAIN, 10), StockLevel(JEDDAH, 4))),
            Product("p-tea", LocalizedText("شاي أخضر", "Green tea"), sku="TEA-2",
                    barcode="6281000000028", stocks=(StockLevel(MAIN, 0),)),
            Product("p-dates", LocalizedText("تمر سكري", "Sukkari dates"), sku="DAT-3",
                    barcode="6281000000035",
                    stocks=(StockLevel(MAIN, 100), StockLevel(JEDDAH, 50))),
            Product("p-gift", LocalizedText("بطاقة هدية", "Gift card"), sku="GIFT",
                    barcode="6281000000042", is_infinite=True,
                    stocks=(StockLevel(MAIN, None, is_infinite=True),)),
            Product("p-formula", LocalizedText("صيغة", "Formula"), sku="=SUM(A1)",
                    barcode="+966", stocks=(StockLevel(MAIN, 3),)),
            Product("p-shirt", LocalizedText("قميص", "Shirt"), sku="SHIRT",
                    structure="parent"),
            Product("p-shirt-m", LocalizedText("قميص M", "Shirt M"), sku="SHIRT-M",
                    parent_id="p-shirt", structure="variant",
                    stocks=(StockLevel(MAIN, 7), StockLevel(JEDDAH, 1))),
        ]
    )


@pytest.fixture
def cache(tmp_path: Path) -> Iterator[Cache]:
    c = Cache.open(tmp_path / "store.sqlite3")
    fill(c)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def snapshot(cache: Cache) -> CatalogSnapshot:
    return load_snapshot(cache)


@pytest.fixture
def store_profile(tmp_path: Path) -> Profile:
    """A --profile folder with a signed-in store (settings) and its filled cache."""
    profile = Profile.in_dir(tmp_path / "profile").ensure()
    Settings(store_id=STORE_ID, stock_batch_size=2, rate_limit_per_minute=60).save(
        profile.settings_path
    )
    with Cache.open(profile.cache_path(STORE_ID)) as c:
        fill(c)
    return profile
