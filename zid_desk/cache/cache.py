"""`Cache`: the offline SQLite cache of one Zid store (one file per store).

Open with `Cache.open(profile.cache_path(store_id))`. The file is created with mode 0600,
in WAL mode (`synchronous=NORMAL`; outbox writes commit with `synchronous=FULL`), with
`foreign_keys=ON`, and migrated to the current schema (`PRAGMA user_version`).

Threading rule: a `Cache` can be shared by every thread. Each thread transparently gets its
own connection; reads (e.g. the GUI thread's table models) never block on a write and always
see a committed state; writes (e.g. the sync engine in `asyncio.to_thread`) are serialised by
a lock and run in their own transaction. Group several writes atomically with
`with cache.transaction(): ...` (nested calls join it). Call `close()` once at the end.

Stock values: `stocks.remote_quantity` is the last value seen on Zid; `available_quantity`
is what the grid shows = the remote value with the active outbox changes applied (the last
SET, then later ADJUSTs). A pull never clobbers an edit that has not reached Zid.
See `zid_desk.cache.outbox` for the outbox durability and coalescing rules.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import sqlite_utils

from zid_desk.cache._db import Database
from zid_desk.cache.catalog import CatalogMixin
from zid_desk.cache.grid import GridMixin
from zid_desk.cache.orders import OrdersMixin
from zid_desk.cache.outbox import OutboxMixin
from zid_desk.cache.pullstate import PullStateMixin


class Cache(CatalogMixin, GridMixin, OrdersMixin, OutboxMixin, PullStateMixin):
    def __init__(self, database: Database) -> None:
        self._database = database

    @classmethod
    def open(cls, path: Path | str) -> Cache:
        """Open (create, migrate) the cache file at `path`."""
        return cls(Database(Path(path)))

    @property
    def path(self) -> Path:
        return self._database.path

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils view over the calling thread's connection (reads, diagnostics)."""
        return self._database.db()

    def connection(self) -> sqlite3.Connection:
        """The calling thread's raw connection."""
        return self._database.conn()

    def transaction(self) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        """Group writes atomically: `with cache.transaction(): ...` (nested calls join)."""
        return self._database.transaction()

    def close(self) -> None:
        self._database.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ sync state
    def get_state(self, key: str, default: str | None = None) -> str | None:
        value = self._scalar("SELECT value FROM sync_state WHERE key = ?", (key,))
        return default if value is None else str(value)

    def set_state(self, key: str, value: str | None) -> None:
        """Set (or with None, delete) a sync-state value."""
        with self._database.transaction() as conn:
            if value is None:
                conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
            else:
                conn.execute(
                    "INSERT INTO sync_state (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (key, value),
                )

    def states(self, prefix: str = "") -> dict[str, str]:
        return {
            k: v
            for k, v in self._database.conn().execute(
                "SELECT key, value FROM sync_state WHERE key >= ? AND key < ?",
                (prefix, prefix + "\U0010ffff"),
            )
        }

    # ------------------------------------------------------------------ status bar
    def counts(self) -> dict[str, int]:
        """locations, products, stocks, orders, pending (queued/sending/failed), conflicts."""
        row = (
            self._database.conn()
            .execute(
                "SELECT (SELECT count(*) FROM locations), (SELECT count(*) FROM products),"
                " (SELECT count(*) FROM stocks), (SELECT count(*) FROM orders),"
                " (SELECT count(*) FROM outbox WHERE state IN ('queued', 'sending', 'failed')),"
                " (SELECT count(*) FROM outbox WHERE state = 'conflict')"
            )
            .fetchone()
        )
        keys = ("locations", "products", "stocks", "orders", "pending", "conflicts")
        return dict(zip(keys, (int(v) for v in row), strict=True))


@contextlib.contextmanager
def open_cache(path: Path | str) -> Iterator[Cache]:
    """`with open_cache(path) as cache:` — opens and always closes."""
    cache = Cache.open(path)
    try:
        yield cache
    finally:
        cache.close()
