"""Benchmark queuing a 100,000-row import: `Cache.enqueue_many` of the import plan.

    .venv/bin/python bench/enqueue_100k.py [--rows 100000] [--products 100000] [--locations 5]
                                           [--runs 3] [--keep DIR] [--profile]

Builds the same synthetic store and Windows-1256 file as bench/import_100k.py (reused from
`--keep DIR` when it holds them), builds the import plan (parse + validate + diff, "set"
mode), and puts an outbox in the cache like a day's work would leave it: queued SETs and
ADJUSTs, a few conflicts, a few changes in `sending` on cells the import also touches.
Each run copies that cache to a scratch file and times `enqueue_plan` (what the import
dialog runs in its worker thread: one `enqueue_many` of ~95,000 changes in one durable
transaction, then reading the outcomes back) and the `enqueue_many` inside it, best of
`--runs`. `--profile` prints the
top functions of one run (cProfile). Target: well under 3 s.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cache_queries import make_locations, make_products
from import_100k import steps, write_file

from zid_desk.cache import Cache, ChangeResult, NewChange
from zid_desk.domain.models import ChangeKind, ChangeState
from zid_desk.importer.apply import enqueue_plan


def day_of_edits(cache: Cache, rng: random.Random) -> None:
    """Pending work an import lands on: queued sets/adjusts, conflicts, sending changes."""
    conn = cache.connection()
    cells = conn.execute(
        "SELECT product_id, location_id FROM stocks ORDER BY product_id, location_id"
    ).fetchall()
    picked = rng.sample(cells, min(4000, len(cells) // 4))
    edits = [
        NewChange(
            ChangeKind.SET if i % 3 else ChangeKind.ADJUST,
            pid,
            lid,
            rng.randrange(50) if i % 3 else rng.randrange(-3, 4),
        )
        for i, (pid, lid) in enumerate(picked)
    ]
    batch = cache.enqueue_many(edits, "earlier edits", "manual")
    ids = [r[0] for r in conn.execute("SELECT id FROM outbox WHERE batch_id = ?", (batch,))]
    n = len(ids) // 20
    cache.mark_results([ChangeResult(i, ChangeState.CONFLICT, remote=3) for i in ids[:n]])
    cache.mark_results([ChangeResult(i, ChangeState.SENDING) for i in ids[n : 2 * n]])
    cache.mark_results(
        [ChangeResult(i, ChangeState.FAILED, error="HTTP 500") for i in ids[2 * n : 3 * n]]
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--locations", type=int, default=5)
    ap.add_argument("--runs", type=int, default=3, help="timing runs (best is shown)")
    ap.add_argument("--keep", type=Path, help="folder to keep the database and file in (reused)")
    ap.add_argument("--profile", action="store_true", help="cProfile one more run")
    args = ap.parse_args()
    rng = random.Random(11)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="zid-bench-enqueue-"))
    db = folder / "enqueue.sqlite3"
    csv_path = folder / "counts.csv"
    if not (args.keep and db.exists() and csv_path.exists()):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        locations = make_locations(args.locations)
        products = make_products(args.products, locations, rng)
        t0 = time.perf_counter()
        with Cache.open(db) as cache:
            cache.upsert_locations(locations)
            for i in range(0, len(products), 5000):
                cache.upsert_products(products[i : i + 5000])
            write_file(csv_path, products, locations, args.rows, "cp1256", rng)
            del products
            day_of_edits(cache, rng)
            cache.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"built the cache and the file in {time.perf_counter() - t0:.1f} s")
    with Cache.open(db) as cache:
        counts = cache.counts()
        *_, plan = steps(cache, csv_path)
    print(
        f"cache: {counts['products']:,} products x {counts['locations']} locations, "
        f"{counts['pending']:,} pending + {counts['conflicts']:,} conflicts in the outbox"
    )
    print(f"plan: {len(plan.rows):,} rows -> {len(plan.changes):,} changes")

    scratch = Path(tempfile.mkdtemp(prefix="zid-bench-enqueue-run-"))

    def one_run() -> tuple[float, float, int]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{scratch / 'run.sqlite3'}{suffix}").unlink(missing_ok=True)
        shutil.copy(db, scratch / "run.sqlite3")
        with Cache.open(scratch / "run.sqlite3") as cache:
            cache.counts()  # connection open, schema checked
            inner: list[float] = []
            enqueue_many = cache.enqueue_many

            def timed_enqueue_many(*a: Any, **k: Any) -> int:
                t = time.perf_counter()
                try:
                    return enqueue_many(*a, **k)
                finally:
                    inner.append(time.perf_counter() - t)

            cache.enqueue_many = timed_enqueue_many  # type: ignore[method-assign]
            t = time.perf_counter()
            applied = enqueue_plan(cache, plan, name="bench import")
            return time.perf_counter() - t, inner[0], len(applied.outcomes)

    runs = [one_run() for _ in range(args.runs)]
    print(
        f"enqueue_many ({len(plan.changes):,} changes, one durable transaction, commit "
        f"included): best {min(r[1] for r in runs) * 1000:.0f} ms, runs "
        + ", ".join(f"{r[1] * 1000:.0f}" for r in runs)
        + " ms   (target well under 3000 ms)"
    )
    print(
        f"enqueue_plan (what the dialog runs: building the list, enqueue_many, reading back "
        f"{runs[0][2]:,} outcomes): best {min(r[0] for r in runs) * 1000:.0f} ms"
    )
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        one_run()
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(18)
    shutil.rmtree(scratch, ignore_errors=True)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
