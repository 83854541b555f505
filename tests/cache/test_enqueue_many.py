"""`enqueue_many` (set-based) against the per-row path (`enqueue_set` / `enqueue_adjust`):
the same batch on the same store must leave every table identical, row by row."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from zid_desk.cache import Cache, ChangeResult, NewChange
from zid_desk.domain.models import ChangeKind, ChangeState

from .catalogue import CATALOGUE, DAMMAM, JEDDAH, LOCATIONS, RIYADH, product

LOCS = (RIYADH, JEDDAH, DAMMAM)
ACTIVE = ("queued", "sending", "failed", "conflict")
EXTRA = [
    product(
        f"x-{i}",
        f"صنف {i}",
        f"Item {i}",
        f"X-{i}",
        "",
        # some locations missing (no stock row yet), some infinite (None)
        {
            loc: (None if (i + n) % 7 == 0 else (i * 3 + n) % 11)
            for n, loc in enumerate(LOCS)
            if (i + n) % 4
        },
    )
    for i in range(60)
]
PRODUCT_IDS = [p.id for p in CATALOGUE + EXTRA]


def build(path: Path) -> Cache:
    """The store with some earlier work in the outbox: queued, failed, sending, conflict."""
    cache = Cache.open(path)
    cache.upsert_locations(LOCATIONS)
    cache.upsert_products(CATALOGUE + EXTRA)
    earlier = [
        cache.enqueue_set("p-coffee", RIYADH, 12),
        cache.enqueue_adjust("p-coffee", RIYADH, -1),
        cache.enqueue_set("p-tea", JEDDAH, 4),
        cache.enqueue_adjust("x-3", DAMMAM, 5),
        cache.enqueue_set("x-5", RIYADH, 9),
        cache.enqueue_set("x-6", JEDDAH, None),
        cache.enqueue_set("p-dates", DAMMAM, 2),
    ]
    cache.mark([earlier[2]], ChangeState.FAILED, error="HTTP 500")
    cache.mark([earlier[3]], ChangeState.SENDING)
    cache.mark([earlier[4]], ChangeState.CONFLICT, remote=6)
    cache.mark([earlier[6]], ChangeState.APPLIED, sent_value=2)
    return cache


def mixed_batch(seed: int, n: int) -> list[NewChange]:
    """Sets (some infinite, some with an explicit base), adjusts, several changes on one
    cell, cells without a stock row, and cells with earlier changes."""
    rng = random.Random(seed)
    hot = [("p-coffee", RIYADH), ("p-tea", JEDDAH), ("x-3", DAMMAM), ("x-5", RIYADH)]
    out: list[NewChange] = []
    for i in range(n):
        anywhere = (rng.choice(PRODUCT_IDS), rng.choice(LOCS))
        cell = rng.choice(hot) if rng.random() < 0.2 else anywhere
        if rng.random() < 0.55:
            value = None if rng.random() < 0.1 else rng.randrange(0, 60)
            base = rng.choice([None, None, rng.randrange(0, 9)])
            out.append(NewChange(ChangeKind.SET, *cell, value, base, note=f"row {i}"))
        else:
            out.append(NewChange(ChangeKind.ADJUST, *cell, rng.randrange(-4, 9), note=f"row {i}"))
    return out


def per_row(cache: Cache, changes: list[NewChange], name: str, source: str) -> int:
    """The reference: one enqueue_set / enqueue_adjust per change, in one batch."""
    batch_id = cache.create_batch(name, source)
    for c in changes:
        if c.kind is ChangeKind.SET:
            cache.enqueue_set(
                c.product_id,
                c.location_id,
                c.value,
                base_quantity=c.base_quantity,
                source=source,
                note=c.note,
                batch_id=batch_id,
            )
        else:
            assert c.value is not None
            cache.enqueue_adjust(
                c.product_id, c.location_id, c.value, source=source, note=c.note, batch_id=batch_id
            )
    return batch_id


def tables(cache: Cache) -> dict[str, list[tuple]]:
    """Every row of every table the enqueue writes (timestamps of the moment left out)."""
    conn = cache.connection()
    columns = {
        "outbox": "id, batch_id, kind, product_id, location_id, value, base_quantity, state,"
        " error, source, note, sent_value, remote_at_conflict, sent_base",
        "stocks": "*",
        "products": "pk, id, total_qty, total_infinite, loc_mask, quantity, is_infinite",
        "batches": "id, name, source",
        "journal": "*",
        "sqlite_sequence": "*",
    }
    return {
        table: conn.execute(f"SELECT {cols} FROM {table} ORDER BY 1, 2").fetchall()
        for table, cols in columns.items()
    }


def assert_same(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> None:
    for table in a:
        assert len(a[table]) == len(b[table]), table
        for row_a, row_b in zip(a[table], b[table], strict=True):
            assert row_a == row_b, table


def expected_cells(cache: Cache) -> dict[tuple[str, str], tuple[int | None, int, int, int]]:
    """The display rule computed in Python from the outbox and the remote values."""
    conn = cache.connection()
    out = {}
    for pid, lid, remote, remote_inf in conn.execute(
        "SELECT product_id, location_id, remote_quantity, remote_infinite FROM stocks"
    ):
        rows = conn.execute(
            "SELECT kind, value, state FROM outbox WHERE product_id = ? AND location_id = ?"
            " ORDER BY id",
            (pid, lid),
        ).fetchall()
        active = [r for r in rows if r[2] in ACTIVE]
        pending = sum(r[2] in ("queued", "sending", "failed") for r in active)
        conflict = sum(r[2] == "conflict" for r in active)
        sets = [i for i, r in enumerate(active) if r[0] == "set"]
        if not active:
            qty, inf = (None if remote_inf else remote), remote_inf
        elif sets:
            value = active[sets[-1]][1]
            delta = sum(r[1] for r in active[sets[-1] + 1 :] if r[0] == "adjust")
            qty, inf = (None if value is None else value + delta), int(value is None)
        else:
            delta = sum(r[1] for r in active)
            qty, inf = (None if remote_inf else (remote or 0) + delta), remote_inf
        out[(pid, lid)] = (qty, inf, pending, conflict)
    return out


def check_display_rule(cache: Cache) -> None:
    conn = cache.connection()
    expected = expected_cells(cache)
    actual = {
        (pid, lid): (q, i, p, c)
        for pid, lid, q, i, p, c in conn.execute(
            "SELECT product_id, location_id, available_quantity, is_infinite, pending, conflict"
            " FROM stocks"
        )
    }
    assert actual == expected
    for pid, total, infinite in conn.execute("SELECT id, total_qty, total_infinite FROM products"):
        cells = [v for (p, _), v in expected.items() if p == pid]
        assert total == sum(q for q, i, _, _ in cells if not i and q is not None), pid
        assert infinite == int(any(i for _, i, _, _ in cells)), pid


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_enqueue_many_matches_the_per_row_path(tmp_path: Path, seed: int) -> None:
    reference = build(tmp_path / "per-row.sqlite3")
    batched = build(tmp_path / "batched.sqlite3")
    try:
        assert_same(tables(reference), tables(batched))
        changes = mixed_batch(seed, 400)
        ref_batch = per_row(reference, changes, "counts.csv", "csv:counts.csv")
        batch = batched.enqueue_many(changes, "counts.csv", "csv:counts.csv")
        assert batch == ref_batch
        after = tables(batched)
        assert_same(tables(reference), after)
        states = {row[7] for row in after["outbox"]}
        assert {"queued", "discarded", "sending", "applied"} <= states
        # stocks columns: product, location, stock id, shown, infinite, remote, remote
        # infinite, pending, conflict, product pk
        assert any(r[5] is None and not r[6] and r[7] for r in after["stocks"])  # new rows
        assert any(r[4] and r[7] for r in after["stocks"])  # set to infinite
        assert any(r[6] and r[7] and r[4] for r in after["stocks"])  # adjusted infinite
        check_display_rule(batched)
        # a second batch over the first (its queued changes are now the earlier work)
        more = mixed_batch(seed + 100, 150)
        per_row(reference, more, "again.csv", "csv:again.csv")
        batched.enqueue_many(more, "again.csv", "csv:again.csv")
        assert_same(tables(reference), tables(batched))
        check_display_rule(batched)
    finally:
        reference.close()
        batched.close()


def test_enqueue_many_then_push_results_match(tmp_path: Path) -> None:
    """The batch's rows are ordinary outbox rows: settling them recomputes the same way."""
    reference = build(tmp_path / "per-row.sqlite3")
    batched = build(tmp_path / "batched.sqlite3")
    try:
        changes = mixed_batch(7, 200)
        per_row(reference, changes, "c.csv", "csv:c.csv")
        batched.enqueue_many(changes, "c.csv", "csv:c.csv")
        for cache in (reference, batched):
            queued = [c.id for c in cache.pending_changes() if c.state is ChangeState.QUEUED]
            cache.mark_results(
                [ChangeResult(i, ChangeState.APPLIED, sent_value=i % 13) for i in queued[::2]]
                + [ChangeResult(i, ChangeState.CONFLICT, remote=1) for i in queued[1::4]]
            )
        assert_same(tables(reference), tables(batched))
        check_display_rule(batched)
    finally:
        reference.close()
        batched.close()


def test_an_adjust_only_batch_still_applies_the_coalescing_rule(tmp_path: Path) -> None:
    """A change left in `sending` when a later SET was queued, then failed: the next batch
    touching the cell discards it (superseded by that SET), as enqueue_many always did."""
    cache = build(tmp_path / "c.sqlite3")
    try:
        first = cache.enqueue_set("p-oud", JEDDAH, 3)
        cache.mark([first], ChangeState.SENDING)
        later = cache.enqueue_set("p-oud", JEDDAH, 5)
        cache.mark([first], ChangeState.FAILED, error="HTTP 500")
        cache.enqueue_many([NewChange(ChangeKind.ADJUST, "p-oud", JEDDAH, 2)], "a", "manual")
        change = cache.change(first)
        assert change is not None and change.state is ChangeState.DISCARDED
        assert change.error == f"superseded by #{later}"
        cell = cache.stock_cell("p-oud", JEDDAH)
        assert cell is not None and cell.quantity == 7
    finally:
        cache.close()


KILL_SCRIPT = """
import os, signal, sys
from zid_desk.cache import Cache, NewChange
import zid_desk.cache.outbox as outbox
from zid_desk.domain.models import ChangeKind

cache = Cache.open(sys.argv[1])
changes = [NewChange(ChangeKind.SET, f"x-{i}", loc, i)
           for i in range(60) for loc in ("loc-riyadh", "loc-dammam")]
changes += [NewChange(ChangeKind.ADJUST, "p-coffee", "loc-riyadh", 1)] * 500
if sys.argv[2] == "inside":
    real = outbox.recompute_pairs

    def crash(conn):
        real(conn)
        os.kill(os.getpid(), signal.SIGKILL)  # everything written, nothing committed

    outbox.recompute_pairs = crash
batch = cache.enqueue_many(changes, "crash.csv", "csv:crash.csv")
print(batch, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("when", ["inside", "after"])
def test_kill_9_leaves_all_or_nothing(tmp_path: Path, when: str) -> None:
    path = tmp_path / "c.sqlite3"
    build(path).close()
    with sqlite3.connect(path) as conn:
        before = {
            t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in ("outbox", "stocks", "products", "batches")
        }
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(path), when],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.returncode == -9, proc.stderr
    cache = Cache.open(path)
    try:
        conn = cache.connection()
        if when == "inside":
            assert proc.stdout == ""
            for table, rows in before.items():
                assert conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall() == rows
        else:
            batch = cache.batch(int(proc.stdout))
            assert batch is not None and sum(batch.state_counts.values()) == 620
            assert batch.state_counts["queued"] == 620
            cell = cache.stock_cell("x-7", DAMMAM)
            assert cell is not None and cell.quantity == 7 and cell.pending
            coffee = cache.stock_cell("p-coffee", RIYADH)
            assert coffee is not None and coffee.quantity == 11 + 500  # set 12, -1, +500
            check_display_rule(cache)
    finally:
        cache.close()
