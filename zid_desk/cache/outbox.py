"""The outbox of stock changes waiting for Zid, batches, and the audit journal.

Durability: every enqueue is ONE durable transaction (synchronous=FULL) that writes the
outbox row AND the optimistic displayed value, before any network work — it survives a
crash or kill -9 right after the call returns.

Coalescing rule: a new SET for a product/location supersedes the earlier changes for that
cell that have not gone out (states queued, failed, conflict): they become `discarded`
with error "superseded by #<id>" (kept for history). Changes in `sending` are never touched
(they may already be on Zid; push settles them). ADJUSTs are never merged: each one stays a
row, and the push turns them into an absolute value against the fresh remote value.

`enqueue_many` gives what calling `enqueue_set` / `enqueue_adjust` for each change in order
gives (same ids, rows, errors, displayed values, flags and product totals;
tests/cache/test_enqueue_many.py; as always, it applies the coalescing rule to every cell it
touches, even one it only adjusts), but set-based: the changes are staged in a temp table,
written by one INSERT ... SELECT, superseded by one windowed pass over the few cells that
can have anything to supersede, and recomputed by `_stockmath.recompute_pairs` (a few
statements over temp tables), so ~95,000 changes take a few seconds, not ~9 s
(bench/enqueue_100k.py).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from zid_desk.cache._db import CacheBase, from_iso, now_iso, to_iso
from zid_desk.cache._stockmath import add_pairs, add_pairs_sql, prepare_temp, recompute_pairs
from zid_desk.cache.records import (
    PUSHABLE_STATES,
    Batch,
    CacheError,
    ChangeResult,
    JournalEntry,
    JournalFilter,
    NewChange,
    NewJournalEntry,
    OutboxChange,
    OutboxFilter,
)
from zid_desk.cache.text import code_key, fts_query, prefix_upper_bound
from zid_desk.domain.models import ChangeKind, ChangeState

_SUPERSEDABLE = "('queued', 'failed', 'conflict')"
_KIND_VALUES: dict[object, str] = {k: k.value for k in ChangeKind}

_INSERT_CHANGE = """
INSERT INTO outbox (batch_id, kind, product_id, location_id, value, base_quantity, state,
    source, note, created_at, updated_at)
VALUES (?, ?, ?, ?, ?,
    coalesce(?, (SELECT CASE WHEN remote_infinite THEN NULL ELSE remote_quantity END
                 FROM stocks WHERE product_id = ? AND location_id = ?)),
    'queued', ?, ?, ?, ?)
"""

_OUTBOX_SELECT = """
SELECT o.*, coalesce(p.sku, '') AS p_sku, coalesce(p.name_ar, '') AS p_ar,
       coalesce(p.name_en, '') AS p_en, coalesce(l.name_ar, '') AS l_ar,
       coalesce(l.name_en, '') AS l_en
FROM outbox o
LEFT JOIN products p ON p.id = o.product_id
LEFT JOIN locations l ON l.id = o.location_id
"""

_JOURNAL_SELECT = """
SELECT j.*, coalesce(p.sku, '') AS p_sku, coalesce(p.name_ar, '') AS p_ar,
       coalesce(p.name_en, '') AS p_en, coalesce(l.name_ar, '') AS l_ar,
       coalesce(l.name_en, '') AS l_en
FROM journal j
LEFT JOIN products p ON p.id = j.product_id
LEFT JOIN locations l ON l.id = j.location_id
"""


def _supersede(conn: sqlite3.Connection) -> None:
    """Apply the coalescing rule to the cells in `_pairs`."""
    conn.execute(
        f"""
        UPDATE outbox SET state = 'discarded', updated_at = ?,
            error = 'superseded by #' || (
                SELECT min(s.id) FROM outbox s
                WHERE s.product_id = outbox.product_id AND s.location_id = outbox.location_id
                  AND s.kind = 'set' AND s.state = 'queued' AND s.id > outbox.id)
        WHERE state IN {_SUPERSEDABLE}
          AND (product_id, location_id) IN (SELECT product_id, location_id FROM temp._pairs)
          AND EXISTS (
                SELECT 1 FROM outbox s
                WHERE s.product_id = outbox.product_id AND s.location_id = outbox.location_id
                  AND s.kind = 'set' AND s.state = 'queued' AND s.id > outbox.id)
        """,
        (now_iso(),),
    )


# The changes of one `enqueue_many` call, in order (seq), before they get outbox ids.
_STAGE_TABLE = """
CREATE TEMP TABLE IF NOT EXISTS _enqueue (
    seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, product_id TEXT NOT NULL,
    location_id TEXT NOT NULL, value INTEGER, base_quantity INTEGER, note TEXT NOT NULL)
"""

# `_INSERT_CHANGE` for every staged change at once, in order (ids ascending as in the
# list); the stock row of each cell exists by then (CROSS JOIN keeps `_enqueue` outer).
_INSERT_STAGED = """
INSERT INTO outbox (batch_id, kind, product_id, location_id, value, base_quantity, state,
    source, note, created_at, updated_at)
SELECT ?1, n.kind, n.product_id, n.location_id, n.value,
    coalesce(n.base_quantity, CASE WHEN s.remote_infinite THEN NULL ELSE s.remote_quantity END),
    'queued', ?2, n.note, ?3, ?3
FROM temp._enqueue n
CROSS JOIN stocks s ON s.product_id = n.product_id AND s.location_id = n.location_id
ORDER BY n.seq
"""

# `_supersede` as one pass over the cells listed in `_recheck`: for every row, the first
# later queued SET of its cell (window over the cell's rows by id, with the states as they
# were before this statement, as `_supersede` sees them); the supersedable rows that have
# one are discarded. Only a cell with two or more supersedable rows can have any, so
# `enqueue_many` lists only the cells it queues twice or more and those that already had
# a supersedable change: the other cells of a big batch are not read at all.
_SUPERSEDE_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS _recheck ("
    " product_id TEXT NOT NULL, location_id TEXT NOT NULL,"
    " PRIMARY KEY (product_id, location_id)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS _superseded (id INTEGER PRIMARY KEY, by_id INTEGER NOT NULL)",
)
_FIND_RECHECK = f"""
INSERT OR IGNORE INTO temp._recheck (product_id, location_id)
SELECT o.product_id, o.location_id
FROM outbox o
CROSS JOIN temp._pairs p ON p.product_id = o.product_id AND p.location_id = o.location_id
WHERE o.state IN {_SUPERSEDABLE}
"""
_FIND_SUPERSEDED = f"""
INSERT INTO temp._superseded (id, by_id)
SELECT id, by_id FROM (
    SELECT o.id, min(CASE WHEN o.kind = 'set' AND o.state = 'queued' THEN o.id END) OVER (
               PARTITION BY o.product_id, o.location_id ORDER BY o.id
               ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS by_id
    FROM temp._recheck p
    CROSS JOIN outbox o ON o.product_id = p.product_id AND o.location_id = p.location_id
    WHERE o.state IN {_SUPERSEDABLE}
)
WHERE by_id IS NOT NULL
"""


def _queued_twice(items: Sequence[NewChange]) -> set[tuple[str, str]]:
    """The cells that appear more than once in `items`."""
    seen: set[tuple[str, str]] = set()
    twice: set[tuple[str, str]] = set()
    for c in items:
        cell = (c.product_id, c.location_id)
        if cell in seen:
            twice.add(cell)
        else:
            seen.add(cell)
    return twice


def _supersede_rechecked(conn: sqlite3.Connection) -> None:
    """`_supersede` for the cells in `_recheck` (same rows, same errors); empties it."""
    conn.execute("DELETE FROM temp._superseded")
    conn.execute(_FIND_SUPERSEDED)
    conn.execute(
        "UPDATE outbox SET state = 'discarded', updated_at = ?,"
        " error = 'superseded by #' || t.by_id"
        " FROM temp._superseded t WHERE outbox.id = t.id",
        (now_iso(),),
    )
    conn.execute("DELETE FROM temp._superseded")
    conn.execute("DELETE FROM temp._recheck")


def _change(row: sqlite3.Row) -> OutboxChange:
    return OutboxChange(
        id=row["id"],
        batch_id=row["batch_id"],
        kind=ChangeKind(row["kind"]),
        product_id=row["product_id"],
        location_id=row["location_id"],
        value=row["value"],
        base_quantity=row["base_quantity"],
        state=ChangeState(row["state"]),
        error=row["error"],
        source=row["source"],
        note=row["note"],
        created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
        updated_at=from_iso(row["updated_at"]),  # type: ignore[arg-type]
        sent_value=row["sent_value"],
        remote_at_conflict=row["remote_at_conflict"],
        sent_base=row["sent_base"],
        sku=row["p_sku"],
        name_ar=row["p_ar"],
        name_en=row["p_en"],
        location_name_ar=row["l_ar"],
        location_name_en=row["l_en"],
    )


def _entry(row: sqlite3.Row) -> JournalEntry:
    return JournalEntry(
        id=row["id"],
        at=from_iso(row["at"]),  # type: ignore[arg-type]
        product_id=row["product_id"],
        location_id=row["location_id"],
        old=row["old"],
        new=row["new"],
        source=row["source"],
        batch_id=row["batch_id"],
        outbox_id=row["outbox_id"],
        result=row["result"],
        reversed_by=row["reversed_by"],
        sku=row["p_sku"],
        name_ar=row["p_ar"],
        name_en=row["p_en"],
        location_name_ar=row["l_ar"],
        location_name_en=row["l_en"],
    )


def _product_search(alias: str, text: str) -> tuple[str, list[object]]:
    """SQL restricting `alias.product_id` to products matching a search prefix."""
    parts: list[str] = []
    params: list[object] = []
    q = fts_query(text)
    if q:
        parts.append("SELECT rowid FROM products_fts WHERE products_fts MATCH ?")
        params.append(q)
    key = code_key(text)
    if key:
        parts.append("SELECT pk FROM products WHERE sku_key >= ? AND sku_key < ?")
        parts.append("SELECT pk FROM products WHERE barcode_key >= ? AND barcode_key < ?")
        params += [key, prefix_upper_bound(key), key, prefix_upper_bound(key)]
    if not parts:
        return "0", []
    return (
        f"{alias}.product_id IN (SELECT id FROM products WHERE pk IN ({' UNION '.join(parts)}))",
        params,
    )


def _lock_exclusive(fd: int) -> None:
    """Take an exclusive OS lock on `fd` without waiting (OSError when it is held)."""
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class OutboxMixin(CacheBase):
    # ------------------------------------------------------------------ push lock
    @contextlib.contextmanager
    def push_lock(self) -> Iterator[None]:
        """One push per store at a time, across processes (the app and `zid-desk push`):
        two pushes could otherwise resend each other's `sending` changes and let a stale
        write land last. An OS file lock next to the database, freed by the OS even on
        kill -9. Raises CacheError at once when another push holds it."""
        path = Path(f"{self._database.path}.push-lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                _lock_exclusive(fd)
            except OSError:
                raise CacheError(
                    "Another Zid Desk window or command is sending this store's edits; "
                    "try again when it has finished."
                ) from None
            yield
        finally:
            os.close(fd)  # closing the file releases the lock

    # ------------------------------------------------------------------ enqueue
    def _check_cell(self, conn: sqlite3.Connection, product_id: str, location_id: str) -> None:
        if conn.execute("SELECT 1 FROM products WHERE id = ?", (product_id,)).fetchone() is None:
            raise CacheError(f"Unknown product {product_id}: sync first.")
        conn.execute(
            "INSERT OR IGNORE INTO stocks (product_id, location_id, available_quantity,"
            " is_infinite, remote_quantity, remote_infinite, product_pk)"
            " VALUES (?1, ?2, NULL, 0, NULL, 0, (SELECT pk FROM products WHERE id = ?1))",
            (product_id, location_id),
        )

    def _enqueue_one(
        self,
        kind: ChangeKind,
        product_id: str,
        location_id: str,
        value: int | None,
        base_quantity: int | None,
        source: str,
        note: str,
        batch_id: int | None,
    ) -> int:
        now = now_iso()
        with self._database.transaction(durable=True) as conn:
            self._check_cell(conn, product_id, location_id)
            cur = conn.execute(
                _INSERT_CHANGE,
                (
                    batch_id,
                    kind.value,
                    product_id,
                    location_id,
                    value,
                    base_quantity,
                    product_id,
                    location_id,
                    source,
                    note,
                    now,
                    now,
                ),
            )
            change_id = int(cur.lastrowid or 0)
            add_pairs(conn, [(product_id, location_id)])
            if kind is ChangeKind.SET:
                _supersede(conn)
            recompute_pairs(conn)
        return change_id

    def enqueue_set(
        self,
        product_id: str,
        location_id: str,
        quantity: int | None,
        *,
        base_quantity: int | None = None,
        source: str = "manual",
        note: str = "",
        batch_id: int | None = None,
    ) -> int:
        """Queue "the quantity here is `quantity`" (None = infinite) and show it at once.
        `base_quantity` = the remote value the user saw (None: the cached remote value now).
        Supersedes earlier unsent changes of the cell. Returns the outbox id."""
        return self._enqueue_one(
            ChangeKind.SET,
            product_id,
            location_id,
            quantity,
            base_quantity,
            source,
            note,
            batch_id,
        )

    def enqueue_adjust(
        self,
        product_id: str,
        location_id: str,
        delta: int,
        *,
        source: str = "manual",
        note: str = "",
        batch_id: int | None = None,
    ) -> int:
        """Queue "+delta / -delta here" (goods received or removed) and show it at once."""
        return self._enqueue_one(
            ChangeKind.ADJUST, product_id, location_id, delta, None, source, note, batch_id
        )

    def create_batch(self, name: str, source: str) -> int:
        """A named group of changes (an import, a reversal of a batch)."""
        with self._database.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO batches (name, source, created_at) VALUES (?, ?, ?)",
                (name, source, now_iso()),
            )
            return int(cur.lastrowid or 0)

    def enqueue_many(self, changes: Iterable[NewChange], batch_name: str, source: str) -> int:
        """Queue many changes as one named batch in ONE durable transaction (all or none).
        Unknown products raise CacheError and nothing is queued. Returns the batch id."""
        items = list(changes)
        now = now_iso()
        with self._database.transaction(durable=True) as conn:
            prepare_temp(conn)
            batch_id = self.create_batch(batch_name, source)
            conn.execute(_STAGE_TABLE)
            conn.execute("DELETE FROM temp._enqueue")
            conn.executemany(
                "INSERT INTO temp._enqueue (kind, product_id, location_id, value,"
                " base_quantity, note) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (
                        _KIND_VALUES.get(c.kind) or ChangeKind(c.kind).value,
                        c.product_id,
                        c.location_id,
                        c.value,
                        c.base_quantity,
                        c.note,
                    )
                    for c in items
                ],
            )
            add_pairs_sql(conn, "SELECT product_id, location_id FROM temp._enqueue")
            if conn.execute(
                "SELECT 1 FROM temp._pairs WHERE product_id NOT IN (SELECT id FROM products)"
                " LIMIT 1"
            ).fetchone():
                conn.execute("CREATE TEMP TABLE IF NOT EXISTS _ids (id TEXT PRIMARY KEY)")
                conn.execute("DELETE FROM temp._ids")
                conn.execute(  # first seen first, as the list had them
                    "INSERT OR IGNORE INTO temp._ids SELECT product_id FROM temp._enqueue"
                    " ORDER BY seq"
                )
                missing = conn.execute(
                    "SELECT id FROM temp._ids WHERE id NOT IN (SELECT id FROM products) LIMIT 5"
                ).fetchall()
                raise CacheError(
                    "Unknown products (sync first): " + ", ".join(m[0] for m in missing)
                )
            conn.execute(
                "INSERT OR IGNORE INTO stocks (product_id, location_id, available_quantity,"
                " is_infinite, remote_quantity, remote_infinite, product_pk)"
                " SELECT p.product_id, p.location_id, NULL, 0, NULL, 0, pr.pk"
                " FROM temp._pairs p CROSS JOIN products pr ON pr.id = p.product_id"
            )
            for sql in _SUPERSEDE_TABLES:
                conn.execute(sql)
            conn.execute("DELETE FROM temp._recheck")
            conn.execute(_FIND_RECHECK)  # before the new rows exist
            conn.executemany(
                "INSERT OR IGNORE INTO temp._recheck VALUES (?, ?)", _queued_twice(items)
            )
            conn.execute(_INSERT_STAGED, (batch_id, source, now))
            conn.execute("DELETE FROM temp._enqueue")
            _supersede_rechecked(conn)
            recompute_pairs(conn)
        return batch_id

    # ------------------------------------------------------------------ state changes
    def mark(
        self,
        change_ids: Sequence[int],
        state: ChangeState,
        error: str | None = None,
        sent_value: int | None = None,
        remote: int | None = None,
    ) -> None:
        """Set the state of outbox rows (see `mark_results` for the meaning of the values)."""
        self.mark_results([ChangeResult(i, state, error, sent_value, remote) for i in change_ids])

    def mark_results(
        self,
        results: Iterable[ChangeResult],
        journal: Iterable[NewJournalEntry] = (),
    ) -> list[int]:
        """Record push outcomes and their journal entries in ONE durable transaction (so a
        crash can never leave an applied change without its journal line, or the reverse).

        APPLIED with `sent_value`: the cached remote value becomes `sent_value`.
        CONFLICT with `remote`: kept as `remote_at_conflict`. Any `remote` given also refreshes
        the cached remote value. Displayed values are recomputed. Returns the journal ids."""
        results = list(results)
        now = now_iso()
        with self._database.transaction(durable=True) as conn:
            prepare_temp(conn)
            conn.executemany(
                "UPDATE outbox SET state = ?, error = ?, updated_at = ?,"
                " sent_value = coalesce(?, sent_value),"
                " remote_at_conflict = CASE WHEN ? = 'conflict' THEN ? ELSE remote_at_conflict"
                " END, sent_base = CASE WHEN ? = 'sending' THEN ? ELSE sent_base END"
                " WHERE id = ?",
                [
                    (
                        r.state.value,
                        r.error,
                        now,
                        r.sent_value,
                        r.state.value,
                        r.remote,
                        r.state.value,
                        r.sent_base,
                        r.change_id,
                    )
                    for r in results
                ],
            )
            remote_updates = []
            for r in results:
                value = r.sent_value if r.state is ChangeState.APPLIED else None
                if r.remote is not None and value is None:
                    value = r.remote
                if value is not None:
                    remote_updates.append((value, r.change_id))
            conn.executemany(
                "UPDATE stocks SET remote_quantity = ?, remote_infinite = 0"
                " WHERE (product_id, location_id) ="
                " (SELECT product_id, location_id FROM outbox WHERE id = ?)",
                remote_updates,
            )
            conn.executemany(  # an applied "set to infinite" makes the remote infinite
                "UPDATE stocks SET remote_quantity = NULL, remote_infinite = 1"
                " WHERE (product_id, location_id) = (SELECT product_id, location_id FROM outbox"
                " WHERE id = ? AND kind = 'set' AND value IS NULL)",
                [
                    (r.change_id,)
                    for r in results
                    if r.state is ChangeState.APPLIED and r.sent_value is None
                ],
            )
            conn.executemany(
                "INSERT OR IGNORE INTO temp._pairs"
                " SELECT product_id, location_id FROM outbox WHERE id = ?",
                [(r.change_id,) for r in results],
            )
            recompute_pairs(conn)
            return self.journal_add(journal)

    def discard(self, change_id: int) -> None:
        """Drop an unsent change; the cell shows the remote value again (plus any other
        active changes). A change already applied cannot be discarded."""
        with self._database.transaction(durable=True) as conn:
            row = conn.execute("SELECT state FROM outbox WHERE id = ?", (change_id,)).fetchone()
            if row is None:
                raise CacheError(f"No pending change #{change_id}.")
            if row[0] in (ChangeState.APPLIED.value, ChangeState.DISCARDED.value):
                raise CacheError(f"Change #{change_id} is already {row[0]}.")
            self.mark([change_id], ChangeState.DISCARDED, error="discarded by the user")

    def retry(self, change_ids: Iterable[int]) -> list[int]:
        """Queue failed changes again (the others are left as they are); returns the ids
        that went back to `queued`."""
        ids = list(change_ids)
        if not ids:
            return []
        with self._database.transaction(durable=True) as conn:
            failed = [
                int(r[0])
                for r in conn.execute(
                    "SELECT id FROM outbox WHERE state = 'failed'"
                    f" AND id IN ({','.join('?' * len(ids))})",
                    ids,
                )
            ]
            if failed:
                self.mark(failed, ChangeState.QUEUED)
        return failed

    def resolve_conflict(self, change_id: int, *, keep_mine: bool) -> int | None:
        """Settle a conflict. keep_mine: re-queue the typed value as a new SET whose base is
        what Zid had at conflict time, or for an ADJUST (held when a push could not tell
        whether it landed) the same delta again; returns the new id. Otherwise discard it
        (Zid wins / it had landed)."""
        with self._database.transaction(durable=True):
            change = self.change(change_id)
            if change is None or change.state is not ChangeState.CONFLICT:
                raise CacheError(f"Change #{change_id} is not a conflict.")
            if not keep_mine:
                self.mark([change_id], ChangeState.DISCARDED, error="resolved: kept Zid's value")
                return None
            if change.kind is ChangeKind.ADJUST:
                new_id = self.enqueue_adjust(
                    change.product_id,
                    change.location_id,
                    int(change.value or 0),
                    source=change.source,
                    note=change.note,
                    batch_id=change.batch_id,
                )
                self.mark([change_id], ChangeState.DISCARDED)
            else:
                new_id = self.enqueue_set(
                    change.product_id,
                    change.location_id,
                    change.value,
                    base_quantity=change.remote_at_conflict,
                    source=change.source,
                    note=change.note,
                    batch_id=change.batch_id,
                )
            # enqueue_set superseded the conflict row; make the reason explicit
            self._database.conn().execute(
                "UPDATE outbox SET error = ? WHERE id = ?",
                (f"resolved: kept mine as #{new_id}", change_id),
            )
            return new_id

    # ------------------------------------------------------------------ outbox queries
    def change(self, change_id: int) -> OutboxChange | None:
        row = self._one(_OUTBOX_SELECT + " WHERE o.id = ?", (change_id,))
        return None if row is None else _change(row)

    def pending_changes(
        self, states: Sequence[ChangeState] = PUSHABLE_STATES
    ) -> list[OutboxChange]:
        """Changes in `states`, ordered by location then id (oldest first) — push groups
        them by location_id."""
        marks = ",".join("?" * len(states))
        rows = self._query(
            _OUTBOX_SELECT + f" WHERE o.state IN ({marks}) ORDER BY o.location_id, o.id",
            [ChangeState(s).value for s in states],
        )
        return [_change(r) for r in rows]

    def pending_by_location(
        self, states: Sequence[ChangeState] = PUSHABLE_STATES
    ) -> dict[str, list[OutboxChange]]:
        out: dict[str, list[OutboxChange]] = {}
        for c in self.pending_changes(states):
            out.setdefault(c.location_id, []).append(c)
        return out

    def conflicts(self) -> list[OutboxChange]:
        return self.pending_changes((ChangeState.CONFLICT,))

    def _outbox_where(self, f: OutboxFilter) -> tuple[str, list[object]]:
        where: list[str] = []
        params: list[object] = []
        if f.states is not None:
            where.append(f"o.state IN ({','.join('?' * len(f.states))})")
            params += [ChangeState(s).value for s in f.states]
        for col, value in (
            ("batch_id", f.batch_id),
            ("location_id", f.location_id),
            ("product_id", f.product_id),
        ):
            if value is not None:
                where.append(f"o.{col} = ?")
                params.append(value)
        if f.search.strip():
            sql, p = _product_search("o", f.search)
            where.append(sql)
            params += p
        return " AND ".join(where) or "1", params

    def outbox_count(self, filter: OutboxFilter | None = None) -> int:
        where, params = self._outbox_where(filter or OutboxFilter())
        return int(self._scalar(f"SELECT count(*) FROM outbox o WHERE {where}", params) or 0)

    def outbox_page(
        self, filter: OutboxFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[OutboxChange]:
        """Newest first."""
        where, params = self._outbox_where(filter or OutboxFilter())
        rows = self._query(
            _OUTBOX_SELECT + f" WHERE {where} ORDER BY o.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_change(r) for r in rows]

    # ------------------------------------------------------------------ journal
    def journal_add(self, entries: Iterable[NewJournalEntry]) -> list[int]:
        """Append journal entries (one transaction); returns their ids."""
        ids: list[int] = []
        now = now_iso()
        with self._database.transaction(durable=True) as conn:
            for e in entries:
                cur = conn.execute(
                    "INSERT INTO journal (at, product_id, location_id, old, new, source,"
                    " batch_id, outbox_id, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        to_iso(e.at) or now,
                        e.product_id,
                        e.location_id,
                        e.old,
                        e.new,
                        e.source,
                        e.batch_id,
                        e.outbox_id,
                        e.result,
                    ),
                )
                ids.append(int(cur.lastrowid or 0))
        return ids

    def mark_reversed(self, journal_ids: Iterable[int], reversed_by: int) -> None:
        """Note that these entries are reversed by outbox change `reversed_by`."""
        with self._database.transaction(durable=True) as conn:
            conn.executemany(
                "UPDATE journal SET reversed_by = ? WHERE id = ?",
                [(reversed_by, i) for i in journal_ids],
            )

    def journal_entry(self, entry_id: int) -> JournalEntry | None:
        row = self._one(_JOURNAL_SELECT + " WHERE j.id = ?", (entry_id,))
        return None if row is None else _entry(row)

    def journal_for_change(self, outbox_id: int) -> list[JournalEntry]:
        rows = self._query(_JOURNAL_SELECT + " WHERE j.outbox_id = ? ORDER BY j.id", (outbox_id,))
        return [_entry(r) for r in rows]

    def _journal_where(self, f: JournalFilter) -> tuple[str, list[object]]:
        where: list[str] = []
        params: list[object] = []
        for col, value in (
            ("product_id", f.product_id),
            ("location_id", f.location_id),
            ("batch_id", f.batch_id),
        ):
            if value is not None:
                where.append(f"j.{col} = ?")
                params.append(value)
        if f.source:
            if f.source.endswith(":"):
                where.append("j.source >= ? AND j.source < ?")
                params += [f.source, prefix_upper_bound(f.source)]
            else:
                where.append("j.source = ?")
                params.append(f.source)
        if f.result == "applied":
            where.append("j.result = 'applied'")
        elif f.result == "failed":
            where.append("j.result <> 'applied'")
        if f.date_from is not None:
            where.append("j.at >= ?")
            params.append(to_iso(f.date_from))
        if f.date_to is not None:
            where.append("j.at <= ?")
            params.append(to_iso(f.date_to))
        if f.search.strip():
            sql, p = _product_search("j", f.search)
            where.append(sql)
            params += p
        return " AND ".join(where) or "1", params

    def journal_count(self, filter: JournalFilter | None = None) -> int:
        where, params = self._journal_where(filter or JournalFilter())
        return int(self._scalar(f"SELECT count(*) FROM journal j WHERE {where}", params) or 0)

    def journal_page(
        self, filter: JournalFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[JournalEntry]:
        """Newest first."""
        where, params = self._journal_where(filter or JournalFilter())
        rows = self._query(
            _JOURNAL_SELECT + f" WHERE {where} ORDER BY j.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_entry(r) for r in rows]

    def batch(self, batch_id: int) -> Batch | None:
        """A batch with its outbox counts by state and its journal entries (oldest first)."""
        row = self._one("SELECT * FROM batches WHERE id = ?", (batch_id,))
        if row is None:
            return None
        counts = {
            state: n
            for state, n in self._database.conn().execute(
                "SELECT state, count(*) FROM outbox WHERE batch_id = ? GROUP BY state",
                (batch_id,),
            )
        }
        entries = self._query(_JOURNAL_SELECT + " WHERE j.batch_id = ? ORDER BY j.id", (batch_id,))
        return Batch(
            id=row["id"],
            name=row["name"],
            source=row["source"],
            created_at=from_iso(row["created_at"]),  # type: ignore[arg-type]
            state_counts=counts,
            entries=tuple(_entry(e) for e in entries),
        )

    def batches(self, limit: int = 100) -> list[Batch]:
        """Recent batches, newest first (without their entries)."""
        return [
            Batch(
                id=r["id"],
                name=r["name"],
                source=r["source"],
                created_at=from_iso(r["created_at"]),  # type: ignore[arg-type]
            )
            for r in self._query("SELECT * FROM batches ORDER BY id DESC LIMIT ?", (limit,))
        ]
