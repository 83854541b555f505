"""Fixtures for the cache tests: a fresh cache file, optionally loaded with the catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from zid_desk.cache import Cache

from .catalogue import CATALOGUE, LOCATIONS


@pytest.fixture
def cache_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "store-42.sqlite3"


@pytest.fixture
def cache(cache_path: Path) -> Iterator[Cache]:
    c = Cache.open(cache_path)
    try:
        yield c
    finally:
        c.close()


@pytest.fixture
def loaded(cache: Cache) -> Cache:
    cache.upsert_locations(LOCATIONS)
    cache.upsert_products(CATALOGUE)
    return cache
