"""The cache file: permissions, pragmas, versioned migrations."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from zid_desk.cache import SCHEMA_VERSION, Cache, CacheError, GridFilter
from zid_desk.cache.schema import MIGRATIONS, migrate, user_version
from zid_desk.domain.models import LocalizedText, Location, Product, StockLevel
from zid_desk.profile import Profile


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_file_is_private_and_in_wal_mode(tmp_path: Path) -> None:
    path = Profile.in_dir(tmp_path / "prof").cache_path("42")
    cache = Cache.open(path)
    try:
        cache.set_state("k", "v")  # a write creates the -wal file
        assert path.exists()
        assert mode(path) == 0o600
        wal = Path(f"{path}-wal")
        assert wal.exists() and mode(wal) == 0o600
        conn = cache.connection()
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert user_version(conn) == SCHEMA_VERSION
        assert cache.db.table_names()  # the sqlite-utils view works
    finally:
        cache.close()


def test_opening_a_v1_file_migrates_it_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=1)  # a file written by the first release
    assert user_version(conn) == 1
    conn.execute("INSERT INTO locations (id, name_ar, name_en) VALUES ('L1', 'الرياض', 'Riyadh')")
    conn.execute(
        "INSERT INTO products (id, name_ar, name_en, sku, barcode)"
        " VALUES ('p1', 'قهوة عربية', 'Arabic coffee', 'ZD-1001', '628100')"
    )
    conn.execute(
        "INSERT INTO stocks (product_id, location_id, available_quantity, remote_quantity)"
        " VALUES ('p1', 'L1', 7, 7)"
    )
    conn.close()

    cache = Cache.open(path)
    try:
        assert user_version(cache.connection()) == SCHEMA_VERSION == len(MIGRATIONS)
        # v4 built the search index over old rows, v5 the location bits and masks
        rows = cache.stock_grid_page(GridFilter(search="قهو"), 0, 10)
        assert [r.product_id for r in rows] == ["p1"]
        assert rows[0].total == 7
        assert cache.stock_grid_count(GridFilter(location_id="L1")) == 1
        assert cache.stock_grid_count(GridFilter(search="zd-10")) == 1
        # the new tables work
        change = cache.enqueue_set("p1", "L1", 9)
        assert cache.change(change) is not None
        # and new writes go through the new code paths
        cache.upsert_products(
            [Product("p2", LocalizedText("شاي", "Tea"), sku="T-1", stocks=(StockLevel("L1", 2),))]
        )
        assert cache.counts()["products"] == 2
    finally:
        cache.close()


def test_each_migration_step_is_reachable(tmp_path: Path) -> None:
    for version in range(SCHEMA_VERSION):
        path = tmp_path / f"v{version}.sqlite3"
        conn = sqlite3.connect(path, isolation_level=None)
        migrate(conn, target=version)
        conn.close()
        Cache.open(path).close()
        conn = sqlite3.connect(path)
        assert user_version(conn) == SCHEMA_VERSION
        conn.close()


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(CacheError, match="newer Zid Desk"):
        Cache.open(path)


def test_new_locations_get_bits_and_products_their_masks(cache: Cache) -> None:
    cache.upsert_products(
        [Product("p1", LocalizedText("أ", "A"), sku="A", stocks=(StockLevel("L9", 3),))]
    )
    # the location arrives after its stocks (an odd pull order): masks are refreshed
    assert cache.stock_grid_count(GridFilter(location_id="L9")) == 1
    cache.upsert_locations([Location("L9", LocalizedText("تسعة", "Nine"))])
    assert cache.stock_grid_count(GridFilter(location_id="L9")) == 1
    bit = cache.connection().execute("SELECT bit FROM locations WHERE id = 'L9'").fetchone()[0]
    mask = cache.connection().execute("SELECT loc_mask FROM products").fetchone()[0]
    assert mask == 1 << bit
