"""Outbox, coalescing, push outcomes, conflicts, journal and batches; durability; threads."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from zid_desk.cache import (
    Cache,
    CacheError,
    ChangeResult,
    GridFilter,
    JournalFilter,
    NewChange,
    NewJournalEntry,
    OutboxFilter,
)
from zid_desk.domain.models import ChangeKind, ChangeState

from .catalogue import CATALOGUE, DAMMAM, JEDDAH, LOCATIONS, RIYADH, product

QUEUED, SENDING, APPLIED = ChangeState.QUEUED, ChangeState.SENDING, ChangeState.APPLIED
FAILED, CONFLICT, DISCARDED = ChangeState.FAILED, ChangeState.CONFLICT, ChangeState.DISCARDED


def qty(cache: Cache, pid: str, loc: str) -> int | None:
    cell = cache.stock_cell(pid, loc)
    assert cell is not None
    return cell.quantity


def test_set_and_adjust_show_at_once(loaded: Cache) -> None:
    set_id = loaded.enqueue_set("p-coffee", RIYADH, 40, note="counted")
    change = loaded.change(set_id)
    assert change is not None
    assert (change.kind, change.value, change.base_quantity, change.state) == (
        ChangeKind.SET,
        40,
        10,
        QUEUED,
    )
    assert change.sku == "ZD-1001" and change.location_name_en == "Riyadh warehouse"
    assert qty(loaded, "p-coffee", RIYADH) == 40
    loaded.enqueue_adjust("p-coffee", RIYADH, -3)
    loaded.enqueue_adjust("p-coffee", RIYADH, +1)
    assert qty(loaded, "p-coffee", RIYADH) == 38  # last set, then the adjustments after it
    assert loaded.grid_rows(["p-coffee"])[0].total == 38 + 0 + 5
    loaded.enqueue_adjust("p-tea", DAMMAM, 4)  # no stock row there yet: unknown remote = 0
    assert qty(loaded, "p-tea", DAMMAM) == 4
    assert loaded.counts()["pending"] == 4
    with pytest.raises(CacheError, match="Unknown product"):
        loaded.enqueue_set("nope", RIYADH, 1)


def test_infinite_values(loaded: Cache) -> None:
    infinite = loaded.enqueue_set("p-coffee", RIYADH, None)  # set to infinite
    cell = loaded.stock_cell("p-coffee", RIYADH)
    assert cell is not None and cell.is_infinite and cell.quantity is None
    loaded.mark([infinite], APPLIED)
    cell = loaded.stock_cell("p-coffee", RIYADH)
    assert cell is not None and cell.remote_infinite and cell.is_infinite and not cell.pending
    assert loaded.grid_rows(["p-coffee"])[0].total_infinite
    loaded.enqueue_adjust("p-dates", RIYADH, 5)  # adjusting infinite stock keeps it infinite
    cell = loaded.stock_cell("p-dates", RIYADH)
    assert cell is not None and cell.is_infinite
    loaded.enqueue_set("p-dates", RIYADH, 12)  # a count makes it finite
    assert qty(loaded, "p-dates", RIYADH) == 12
    base = loaded.pending_changes()[-1].base_quantity
    assert base is None  # the user saw "infinite"


def test_a_new_set_supersedes_unsent_changes(loaded: Cache) -> None:
    a = loaded.enqueue_adjust("p-tea", RIYADH, 2)
    b = loaded.enqueue_set("p-tea", RIYADH, 8)
    loaded.mark([b], FAILED, error="HTTP 500")
    c = loaded.enqueue_set("p-tea", RIYADH, 9)
    sending = loaded.enqueue_set("p-tea", JEDDAH, 1)
    loaded.mark([sending], SENDING)
    d = loaded.enqueue_set("p-tea", JEDDAH, 2)
    states = {i: loaded.change(i).state for i in (a, b, c, sending, d)}  # type: ignore[union-attr]
    assert states == {a: DISCARDED, b: DISCARDED, c: QUEUED, sending: SENDING, d: QUEUED}
    assert loaded.change(a).error == f"superseded by #{b}"  # type: ignore[union-attr]
    assert loaded.change(b).error == f"superseded by #{c}"  # type: ignore[union-attr]
    assert qty(loaded, "p-tea", RIYADH) == 9 and qty(loaded, "p-tea", JEDDAH) == 2
    # adjustments are never merged
    e = loaded.enqueue_adjust("p-tea", RIYADH, 1)
    f = loaded.enqueue_adjust("p-tea", RIYADH, 1)
    assert loaded.change(e).state == loaded.change(f).state == QUEUED  # type: ignore[union-attr]
    assert qty(loaded, "p-tea", RIYADH) == 11
    pushable = loaded.pending_changes()
    assert [ch.id for ch in pushable] == [sending, d, c, e, f]  # by location, then id
    assert list(loaded.pending_by_location()) == [JEDDAH, RIYADH]


def test_applied_results_update_the_remote_value_and_the_journal(loaded: Cache) -> None:
    s = loaded.enqueue_set("p-coffee", RIYADH, 40)
    a = loaded.enqueue_adjust("p-coffee", RIYADH, 2)
    loaded.mark([s, a], SENDING)
    assert loaded.grid_rows(["p-coffee"])[0].cells[RIYADH].pending
    journal_ids = loaded.mark_results(
        [ChangeResult(s, APPLIED, sent_value=42), ChangeResult(a, APPLIED, sent_value=42)],
        journal=[NewJournalEntry("p-coffee", RIYADH, 10, 42, "manual", "applied", outbox_id=s)],
    )
    cell = loaded.stock_cell("p-coffee", RIYADH)
    assert cell is not None
    assert (cell.quantity, cell.remote_quantity, cell.pending) == (42, 42, False)
    assert loaded.change(s).sent_value == 42  # type: ignore[union-attr]
    assert loaded.counts()["pending"] == 0
    entry = loaded.journal_entry(journal_ids[0])
    assert entry is not None and entry.applied and (entry.old, entry.new) == (10, 42)
    assert loaded.journal_for_change(s) == [entry]
    # a later pull with the same value changes nothing
    loaded.upsert_products([c for c in CATALOGUE if c.id == "p-coffee"])
    assert qty(loaded, "p-coffee", RIYADH) == 10  # the catalogue fixture still says 10


def test_conflict_then_resolve(loaded: Cache) -> None:
    mine = loaded.enqueue_set("p-mushaf", JEDDAH, 9, base_quantity=4)
    loaded.mark([mine], CONFLICT, error="Zid changed from 4 to 3", remote=3)
    conflict = loaded.conflicts()[0]
    assert (conflict.id, conflict.base_quantity, conflict.value, conflict.remote_at_conflict) == (
        mine,
        4,
        9,
        3,
    )
    cell = loaded.stock_cell("p-mushaf", JEDDAH)
    assert cell is not None and cell.conflict and not cell.pending
    assert (cell.quantity, cell.remote_quantity) == (9, 3)  # typed value still shown
    assert loaded.counts()["conflicts"] == 1
    again = loaded.resolve_conflict(mine, keep_mine=True)
    assert again is not None
    new = loaded.change(again)
    assert new is not None and (new.value, new.base_quantity, new.state) == (9, 3, QUEUED)
    assert loaded.change(mine).error == f"resolved: kept mine as #{again}"  # type: ignore[union-attr]
    assert loaded.counts()["conflicts"] == 0

    other = loaded.enqueue_set("p-oud", JEDDAH, 5)
    loaded.mark([other], CONFLICT, remote=1)
    assert loaded.resolve_conflict(other, keep_mine=False) is None
    assert qty(loaded, "p-oud", JEDDAH) == 1  # Zid's value
    with pytest.raises(CacheError):
        loaded.resolve_conflict(other, keep_mine=True)


def test_discard_restores_the_remote_value(loaded: Cache) -> None:
    a = loaded.enqueue_adjust("p-abaya", DAMMAM, -10)
    b = loaded.enqueue_adjust("p-abaya", DAMMAM, +1)
    assert qty(loaded, "p-abaya", DAMMAM) == 31
    loaded.discard(a)
    assert qty(loaded, "p-abaya", DAMMAM) == 41
    loaded.discard(b)
    cell = loaded.stock_cell("p-abaya", DAMMAM)
    assert cell is not None and (cell.quantity, cell.pending) == (40, False)
    with pytest.raises(CacheError):
        loaded.discard(a)
    with pytest.raises(CacheError):
        loaded.discard(12345)


def test_enqueue_many_as_a_batch(loaded: Cache) -> None:
    changes = [
        NewChange(ChangeKind.SET, "p-coffee", RIYADH, 1),
        NewChange(ChangeKind.SET, "p-coffee", RIYADH, 2),  # same cell: the later set wins
        NewChange(ChangeKind.ADJUST, "p-tea", JEDDAH, -2, note="damaged"),
        NewChange(ChangeKind.SET, "p-oud", DAMMAM, 6),  # new stock row
    ]
    batch_id = loaded.enqueue_many(changes, "counts.csv", "csv:counts.csv")
    assert qty(loaded, "p-coffee", RIYADH) == 2
    assert qty(loaded, "p-tea", JEDDAH) == 5
    assert qty(loaded, "p-oud", DAMMAM) == 6
    batch = loaded.batch(batch_id)
    assert batch is not None and batch.name == "counts.csv" and batch.source == "csv:counts.csv"
    assert batch.state_counts == {"queued": 3, "discarded": 1}
    assert loaded.outbox_count(OutboxFilter(batch_id=batch_id)) == 4
    assert loaded.outbox_count(OutboxFilter(states=(QUEUED,), location_id=RIYADH)) == 1
    assert [c.value for c in loaded.outbox_page(OutboxFilter(search="ZD-1001"))] == [2, 1]
    assert all(c.source == "csv:counts.csv" for c in loaded.pending_changes())
    # all or nothing
    before = loaded.outbox_count()
    with pytest.raises(CacheError, match="missing-product"):
        loaded.enqueue_many(
            [
                NewChange(ChangeKind.SET, "p-tea", RIYADH, 1),
                NewChange(ChangeKind.SET, "missing-product", RIYADH, 1),
            ],
            "bad.csv",
            "csv:bad.csv",
        )
    assert loaded.outbox_count() == before
    assert qty(loaded, "p-tea", RIYADH) == 3
    assert [b.id for b in loaded.batches()] == [batch_id]


def test_enqueue_many_at_import_scale(cache: Cache) -> None:
    cache.upsert_locations(LOCATIONS)
    cache.upsert_products(
        [
            product(f"id-{i}", f"منتج {i}", f"Product {i}", f"S-{i}", "", {RIYADH: i % 9})
            for i in range(20_000)
        ]
    )
    started = time.perf_counter()
    changes = [
        NewChange(ChangeKind.SET, f"id-{i}", loc, 5)
        for i in range(20_000)
        for loc in (RIYADH, JEDDAH)
    ]
    batch_id = cache.enqueue_many(changes, "big.csv", "csv:big.csv")
    elapsed = time.perf_counter() - started
    print(f"enqueue_many of {len(changes):,} changes: {elapsed:.2f} s")
    assert cache.outbox_count(OutboxFilter(batch_id=batch_id)) == 40_000
    assert cache.stock_grid_count(GridFilter(pending_only=True)) == 20_000
    assert cache.grid_rows(["id-7"])[0].total == 10


def test_journal_queries_and_reversal(loaded: Cache) -> None:
    batch_id = loaded.create_batch("stock.xlsx", "csv:stock.xlsx")
    ids = loaded.journal_add(
        [
            NewJournalEntry("p-coffee", RIYADH, 10, 12, "manual", "applied"),
            NewJournalEntry("p-tea", JEDDAH, 7, 5, "csv:stock.xlsx", "applied", batch_id=batch_id),
            NewJournalEntry(
                "p-oud",
                JEDDAH,
                0,
                3,
                "csv:stock.xlsx",
                "failed:location disabled",
                batch_id=batch_id,
            ),
        ]
    )
    assert loaded.journal_count() == 3
    assert [e.id for e in loaded.journal_page()] == ids[::-1]  # newest first
    assert loaded.journal_count(JournalFilter(source="csv:")) == 2
    assert loaded.journal_count(JournalFilter(result="failed")) == 1
    assert [e.id for e in loaded.journal_page(JournalFilter(search="قهو"))] == [ids[0]]
    assert loaded.journal_count(JournalFilter(location_id=JEDDAH, result="applied")) == 1
    batch = loaded.batch(batch_id)
    assert batch is not None and [e.id for e in batch.entries] == ids[1:]
    reverse = loaded.enqueue_set("p-tea", JEDDAH, 7, source=f"reverse:{ids[1]}")
    loaded.mark_reversed([ids[1]], reverse)
    assert loaded.journal_entry(ids[1]).reversed_by == reverse  # type: ignore[union-attr]
    assert loaded.journal_entry(ids[1]).name_ar == "شاي أخضر"  # type: ignore[union-attr]


KILL_SCRIPT = """
import os, signal, sys
from zid_desk.cache import Cache
cache = Cache.open(sys.argv[1])
change = cache.enqueue_set("p-coffee", "loc-riyadh", 77, note="before the crash")
cache.enqueue_adjust("p-tea", "loc-jeddah", 3)
print(change, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_an_enqueue_survives_kill_9(loaded: Cache, cache_path: Path) -> None:
    loaded.close()
    proc = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(cache_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.returncode == -9, proc.stderr
    change_id = int(proc.stdout.strip())
    cache = Cache.open(cache_path)
    try:
        change = cache.change(change_id)
        assert change is not None and change.value == 77 and change.note == "before the crash"
        assert qty(cache, "p-coffee", RIYADH) == 77  # the optimistic value was written with it
        assert qty(cache, "p-tea", JEDDAH) == 10
        assert len(cache.pending_changes()) == 2
    finally:
        cache.close()


def test_readers_do_not_wait_for_a_writer(loaded: Cache) -> None:
    inside = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []
    big = [
        product(f"bulk-{i}", f"صنف {i}", f"Item {i}", f"B-{i}", "", {RIYADH: i})
        for i in range(3000)
    ]

    def writer() -> None:
        try:
            with loaded.transaction():
                loaded.upsert_products(big)
                inside.set()
                assert release.wait(10)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    t = threading.Thread(target=writer)
    t.start()
    assert inside.wait(20)
    started = time.perf_counter()
    assert loaded.stock_grid_count(GridFilter()) == 7  # the uncommitted batch is invisible
    assert len(loaded.stock_grid_page(GridFilter(sort_key="sku"), 0, 100)) == 7
    assert time.perf_counter() - started < 1.0  # did not wait for the writer
    release.set()
    t.join(20)
    assert not errors
    assert loaded.stock_grid_count(GridFilter()) == 3007


def test_writers_on_several_threads_are_serialised(loaded: Cache) -> None:
    errors: list[BaseException] = []

    def edits(loc: str) -> None:
        try:
            for i in range(40):
                loaded.enqueue_adjust("p-mushaf", loc, 1, note=str(i))
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=edits, args=(loc,)) for loc in (RIYADH, JEDDAH, DAMMAM)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors
    assert loaded.counts()["pending"] == 120
    assert [qty(loaded, "p-mushaf", loc) for loc in (RIYADH, JEDDAH, DAMMAM)] == [44, 44, 44]
