"""Benchmark the import engine on a 100,000-row file against a 100,000-product cache.

    .venv/bin/python bench/import_100k.py [--rows 100000] [--products 100000] [--locations 5]
                                          [--encoding cp1256] [--keep DIR]

Builds a synthetic store in a fresh cache (no network), writes a Windows-1256 CSV with
Arabic headers (counts for a mix of locations, some unchanged, some invalid), then times
the steps the import dialog runs off the GUI thread: sniff + preview, snapshot, and
build_plan (parse + validate + diff). Prints wall times, peak Python memory (tracemalloc)
and the process's peak RSS, and the requests planned vs the minimum (one location per
request costs extra only when a location's last batch is partial).
Targets (issue 6): parse + validate + diff < 3 s, peak memory < 200 MB.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from cache_queries import make_locations, make_products

from zid_desk.cache import Cache
from zid_desk.importer import build_plan, choose_mapping, load_snapshot, preview


def write_file(
    path: Path, products: list, locations: list, rows: int, encoding: str, rng: random.Random
) -> None:
    stocked = products
    with path.open("w", encoding=encoding, newline="") as f:
        f.write("رمز المنتج,الباركود,الكمية,المستودع\r\n")
        for i in range(rows):
            p = stocked[i % len(stocked)]
            loc = locations[i % len(locations)]
            roll = rng.random()
            if roll < 0.01:
                sku, qty = f"NOPE-{i}", "5"  # unknown SKU
            elif roll < 0.02:
                sku, qty = p.sku, "3.5"  # not a whole number
            else:
                sku, qty = p.sku, str(rng.randrange(0, 200))
            use_barcode = roll > 0.9
            f.write(
                f"{'' if use_barcode else sku},{p.barcode if use_barcode else ''},"
                f"{qty},{loc.name.ar}\r\n"
            )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--locations", type=int, default=5)
    ap.add_argument("--encoding", default="cp1256")
    ap.add_argument("--runs", type=int, default=3, help="timing runs (best is shown)")
    ap.add_argument("--keep", type=Path, help="folder to keep the database and file in (reused)")
    args = ap.parse_args()
    rng = random.Random(11)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="zid-bench-import-"))
    db = folder / "bench.sqlite3"
    csv_path = folder / "counts.csv"
    reuse = args.keep is not None and db.exists() and csv_path.exists()
    if not reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        locations = make_locations(args.locations)
        products = make_products(args.products, locations, rng)
    cache = Cache.open(db)
    if not reuse:
        t0 = time.perf_counter()
        cache.upsert_locations(locations)
        for i in range(0, len(products), 5000):
            cache.upsert_products(products[i : i + 5000])
        print(f"built the cache in {time.perf_counter() - t0:.1f} s")
        write_file(csv_path, products, locations, args.rows, args.encoding, rng)
        del products
        gc.collect()
    counts = cache.counts()
    print(f"cache: {counts['products']:,} products x {counts['locations']} locations")
    print(f"file: {csv_path.stat().st_size / 1e6:.1f} MB, {args.encoding}")

    def steps() -> tuple[float, float, float, Any, Any, Any]:
        t = time.perf_counter()
        pv = preview(csv_path)
        mapping = choose_mapping(pv.header)
        t_preview = time.perf_counter() - t
        t = time.perf_counter()
        snap = load_snapshot(cache, batch_size=50, rate_per_minute=60)
        t_snapshot = time.perf_counter() - t
        t = time.perf_counter()
        plan = build_plan(csv_path, snap, pv.format, mapping, mode="set", duplicates="last")
        t_plan = time.perf_counter() - t
        return t_preview, t_snapshot, t_plan, pv, mapping, plan

    # timing runs without tracemalloc (it slows Python down several times); best of N
    runs = [steps()[:3] for _ in range(args.runs)]
    t_preview = min(r[0] for r in runs)
    t_snapshot = min(r[1] for r in runs)
    t_plan = min(r[2] for r in runs)
    total = min(sum(r) for r in runs)
    gc.collect()
    tracemalloc.start()
    _, _, _, pv, mapping, plan = steps()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(
        f"detected: encoding {pv.format.encoding}, delimiter {pv.format.delimiter!r}, "
        f"mapping {mapping.describe(pv.header)}"
    )
    print(f"sniff + preview:              {t_preview * 1000:8.1f} ms")
    print(f"snapshot (cache -> lookups):  {t_snapshot * 1000:8.1f} ms")
    print(f"parse + validate + diff:      {t_plan * 1000:8.1f} ms   (target < 3000 ms)")
    print(f"all steps (best run):         {total * 1000:8.1f} ms")
    print(f"peak traced memory:           {peak / 2**20:8.1f} MB   (target < 200 MB)")
    print(f"process peak RSS:             {rss_mb:8.1f} MB   (includes building the store)")
    print(
        f"rows: {len(plan.rows):,}  changed {plan.changed:,}  unchanged {plan.unchanged:,}  "
        f"invalid {plan.invalid:,}  changes {len(plan.changes):,}"
    )
    c = plan.cost
    print(
        f"requests planned: {c.requests:,}  minimum: {c.minimum_requests:,}  "
        f"({c.batch_size} per request, {len(c.by_location)} locations)  "
        f"eta {c.minutes:.1f} min at {c.rate_per_minute}/min"
    )
    cache.close()


if __name__ == "__main__":
    main()
