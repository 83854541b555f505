"""Sync-engine test fixtures (helpers: tests/sync/helpers.py).

`connect(sb)` builds an engine on a fresh cache file with its own limiter (the process-wide
per-store limiter paces at Zid's 60/min) and short backoffs, so fault tests stay fast.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from zid_desk.api.client import make_http_client
from zid_desk.cache import Cache
from zid_desk.sandbox.server import SandboxServer
from zid_desk.sync import SyncEngine

from .helpers import client_for


@pytest_asyncio.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with make_http_client() as client:
        yield client


Connect = Callable[..., SyncEngine]


@pytest.fixture
def connect(http: httpx.AsyncClient, tmp_path: Path) -> Iterator[Connect]:
    """`connect(sb, cache_name="a", tokens=None, **client_options) -> SyncEngine`."""
    caches: list[Cache] = []

    def make(
        sb: SandboxServer, cache_name: str = "store", tokens: dict[str, Any] | None = None,
        **options: Any,
    ) -> SyncEngine:
        cache = Cache.open(tmp_path / f"{cache_name}.sqlite3")
        caches.append(cache)
        return SyncEngine(cache, client_for(http, sb, tokens, **options))

    yield make
    for cache in caches:
        cache.close()
