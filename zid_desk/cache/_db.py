"""Connections, transactions and small conversions shared by the cache modules.

Threading rule: every thread gets its own `sqlite3.Connection` (threading.local) to the same
WAL file. Reads never block and never see a half-written batch. Writes are serialised by
one lock per `Cache` and run as `BEGIN IMMEDIATE ... COMMIT` (`busy_timeout` covers another
process, e.g. the CLI while the GUI runs). Nested `transaction()` blocks join the outer one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import sqlite_utils

from zid_desk.cache.schema import migrate

T = TypeVar("T")
MMAP_BYTES = 64 * 2**20
BUSY_TIMEOUT_MS = 10_000
MEMO_ENTRIES = 12  # per thread: a few filters' ordered keys and counts


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def to_iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.isoformat()


def from_iso(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _secure(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):
            os.chmod(p, 0o600)


class Database:
    """Per-thread connections to one cache file plus the write lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._all: list[sqlite3.Connection] = []
        self._all_lock = threading.Lock()
        self._closed = False
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # never world-readable
        os.close(fd)
        conn = self.conn()
        migrate(conn)
        _secure(self.path)

    # ------------------------------------------------------------------ connections
    def conn(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise sqlite3.ProgrammingError("the cache is closed")
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -32000")  # 32 MB per connection
            # 64 MB of the file memory-mapped: searches were as fast as with 256 MB (bench/
            # ui_stock_grid.py, 100k products x 8 locations: keystroke p95 77 vs 127 ms on a
            # busy machine) and the app's resident memory is 254 MB instead of 373 MB.
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            self._local.conn = conn
            self._local.depth = 0
            with self._all_lock:
                self._all.append(conn)
        return conn

    def memo(self) -> dict[object, tuple[object, object]]:
        """This thread's memo of query results (see CacheBase._memo)."""
        memo: dict | None = getattr(self._local, "memo", None)
        if memo is None:
            memo = self._local.memo = {}
        return memo

    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils view over this thread's connection."""
        sdb: sqlite_utils.Database | None = getattr(self._local, "sdb", None)
        if sdb is None:
            sdb = sqlite_utils.Database(self.conn())
            self._local.sdb = sdb
        return sdb

    def close(self) -> None:
        self._closed = True
        with self._all_lock:
            conns, self._all = self._all, []
        for conn in conns:
            with contextlib.suppress(sqlite3.Error):
                conn.close()
        self._local = threading.local()

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def transaction(self, durable: bool = False) -> Iterator[sqlite3.Connection]:
        """A write transaction (joins an enclosing one on this thread). `durable` makes the
        commit fsync the WAL (synchronous=FULL) — used for outbox writes."""
        conn = self.conn()
        if self._local.depth:
            self._local.depth += 1
            try:
                yield conn
            finally:
                self._local.depth -= 1
            return
        with self._write_lock:
            if durable:
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            self._local.depth = 1
            try:
                yield conn
            except BaseException:
                self._local.depth = 0
                conn.execute("ROLLBACK")
                if durable:
                    conn.execute("PRAGMA synchronous = NORMAL")
                raise
            self._local.depth = 0
            conn.execute("COMMIT")
            if durable:
                conn.execute("PRAGMA synchronous = NORMAL")
            if not getattr(self, "_secured_wal", False):
                _secure(self.path)
                self._secured_wal = True


class CacheBase:
    """What every part of `Cache` shares: the database and two query helpers."""

    _database: Database

    def _query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        cur = self._database.conn().cursor()
        cur.row_factory = sqlite3.Row
        return cur.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple | list = ()) -> sqlite3.Row | None:
        cur = self._database.conn().cursor()
        cur.row_factory = sqlite3.Row
        row: sqlite3.Row | None = cur.execute(sql, params).fetchone()
        return row

    def _memo(self, key: object, compute: Callable[[], T]) -> T:
        """`compute()` once per database state: cached until any connection commits."""
        conn = self._database.conn()
        version = (conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes)
        memo: dict[object, tuple[object, object]] = self._database.memo()
        hit = memo.get(key)
        if hit is not None and hit[0] == version:
            return hit[1]  # type: ignore[return-value]
        value = compute()
        memo.pop(key, None)
        memo[key] = (version, value)
        while len(memo) > MEMO_ENTRIES:  # forget the oldest
            memo.pop(next(iter(memo)))
        return value

    def _scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self._database.conn().execute(sql, params).fetchone()
        return None if row is None else row[0]
