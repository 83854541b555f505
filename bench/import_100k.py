"""Benchmark the import engine on a 100,000-row file against a 100,000-product cache.

    .venv/bin/python bench/import_100k.py [--rows 100000] [--products 100000] [--locations 5]
                                          [--encoding cp1256] [--keep DIR]

Builds a synthetic store in a fresh cache (no network; `--keep DIR` keeps and reuses it),
writes a Windows-1256 CSV with Arabic headers (counts for a mix of locations, some
unchanged, some invalid), then times the steps the import dialog runs off the GUI thread:
sniff + preview, snapshot, and build_plan (parse + validate + diff), best of `--runs`.
Memory is measured on one import in a fresh process: peak RSS (VmHWM) against the RSS
before it, and peak Python allocations (tracemalloc). Also prints the requests planned
vs the minimum (the minimum ignores the one-location-per-request rule; both include
re-reading the edited products before the push, 50 per request).
Targets (issue 6): parse + validate + diff < 3 s, peak memory < 200 MB.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
import tempfile
import threading
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


def proc_status() -> dict[str, int]:
    """Memory lines of /proc/self/status in kB (Linux; empty elsewhere)."""
    out: dict[str, int] = {}
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return out
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            out[key] = int(value.split()[0])
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--locations", type=int, default=5)
    ap.add_argument("--encoding", default="cp1256")
    ap.add_argument("--runs", type=int, default=3, help="timing runs (best is shown)")
    ap.add_argument("--keep", type=Path, help="folder to keep the database and file in (reused)")
    ap.add_argument(
        "--ui",
        action="store_true",
        help="also drive the import dialog (offscreen) on a copy of the cache: time to the "
        "diff and to the queued batch, and the longest GUI-thread stall meanwhile",
    )
    ap.add_argument("--memory-child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--ui-child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.memory_child:
        memory_child(args.memory_child)
        return
    if args.ui_child:
        ui_child(args.ui_child)
        return
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

    # timing runs without tracemalloc (it slows Python down several times); best of N
    runs = []
    for _ in range(args.runs):
        t_preview, t_snapshot, t_plan, pv, mapping, plan = steps(cache, csv_path)
        runs.append((t_preview, t_snapshot, t_plan))
    cache.close()
    del plan
    gc.collect()
    t_preview = min(r[0] for r in runs)
    t_snapshot = min(r[1] for r in runs)
    t_plan = min(r[2] for r in runs)
    total = min(sum(r) for r in runs)
    # memory: one import in a fresh process (RSS), and once more under tracemalloc there
    child = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    mem = json.loads(child.stdout.strip().splitlines()[-1])

    print(
        f"detected: encoding {pv.format.encoding}, delimiter {pv.format.delimiter!r}, "
        f"mapping {mapping.describe(pv.header)}"
    )
    print(f"sniff + preview:              {t_preview * 1000:8.1f} ms")
    print(f"snapshot (cache -> lookups):  {t_snapshot * 1000:8.1f} ms")
    print(f"parse + validate + diff:      {t_plan * 1000:8.1f} ms   (target < 3000 ms)")
    print(f"all steps (best of {args.runs}):       {total * 1000:8.1f} ms")
    print(
        f"memory of one import (fresh process): peak RSS {mem['peak_rss_mb']:.1f} MB, "
        f"of which {mem['baseline_rss_mb']:.1f} MB before it started (interpreter + cache "
        f"opened); growth {mem['peak_rss_mb'] - mem['baseline_rss_mb']:.1f} MB"
    )
    print(
        f"  private (anonymous) memory: peak {mem['peak_anon_mb']:.1f} MB, "
        f"{mem['baseline_anon_mb']:.1f} MB before it (growth "
        f"{mem['peak_anon_mb'] - mem['baseline_anon_mb']:.1f} MB)"
    )
    print(
        f"  right after it: anonymous {mem['anon_mb']:.1f} MB + file-backed "
        f"{mem['file_mb']:.1f} MB (SQLite's mmap of the cache file, shared page cache)"
    )
    print(
        f"peak Python allocations (tracemalloc): {mem['traced_peak_mb']:.1f} MB   (target < 200 MB)"
    )
    print(
        f"rows: {mem['rows']:,}  changed {mem['changed']:,}  unchanged {mem['unchanged']:,}  "
        f"invalid {mem['invalid']:,}  changes {mem['changes']:,}"
    )
    print(
        f"requests planned: {mem['requests']:,}  minimum: {mem['minimum']:,}  "
        f"({mem['batch']} per request, {mem['locations']} locations; includes re-reading the "
        f"edited products, 50 per request)  eta {mem['minutes']:.1f} min at 60/min"
    )

    if args.ui:
        ui = subprocess.run(
            [sys.executable, __file__, "--ui-child", str(folder)],
            check=True,
            capture_output=True,
            text=True,
        )
        for line in ui.stdout.strip().splitlines():
            if line.startswith("ui "):
                print(line[3:])


def ui_child(folder: Path) -> None:
    """The dialog over a copy of the bench cache (signed out: the batch is queued, not
    pushed), with a 10 ms GUI-thread timer measuring stalls, and the app's GC policy
    (collections on the GUI thread only, zid_desk.ui.app.GuiThreadGC)."""
    import asyncio
    import os
    import shutil
    import statistics

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from zid_desk.profile import Profile
    from zid_desk.settings import Settings
    from zid_desk.ui.app import GuiThreadGC
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.dialogs.import_wizard import ImportWizard, Step

    work = Path(tempfile.mkdtemp(prefix="zid-bench-ui-"))
    for suffix in ("", "-wal"):
        src = Path(f"{folder / 'bench.sqlite3'}{suffix}")
        if src.exists():
            shutil.copy(src, work / f"bench.sqlite3{suffix}")
    app = QApplication([])
    cache = Cache.open(work / "bench.sqlite3")
    profile = Profile.in_dir(work / "profile").ensure()
    ctx = AppContext(profile, Settings(), cache=cache)
    gaps: list[float] = []
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - 10)
        last[0] = now

    async def until(pred: Any, timeout: float = 600) -> None:
        deadline = time.perf_counter() + timeout
        while not pred():
            if time.perf_counter() > deadline:
                raise TimeoutError
            await asyncio.sleep(0.005)

    def stalls(label: str, seconds: float) -> None:
        s = sorted(gaps)
        p99 = s[min(len(s) - 1, int(len(s) * 0.99))] if s else 0.0
        worst = s[-1] if s else 0.0
        print(
            f"ui {label:<28}{seconds * 1000:8.0f} ms   GUI stall: max {worst:5.0f} ms, "
            f"p99 {p99:4.0f} ms, median {statistics.median(s) if s else 0:3.0f} ms"
        )

    async def main() -> None:
        collector = GuiThreadGC()  # the app's GC policy: only on the GUI thread
        collector.start()
        timer = QTimer()
        timer.setInterval(10)
        timer.timeout.connect(tick)
        timer.start()
        dialog = ImportWizard(ctx)
        dialog.show()
        dialog.open_path(folder / "counts.csv")
        await until(lambda: dialog.step is Step.FORMAT)
        dialog.go_next()
        dialog.go_next()
        gaps.clear()
        last[0] = t = time.perf_counter()
        dialog.go_next()
        await until(lambda: dialog.step is Step.REVIEW and not dialog.busy)
        stalls("dialog: check -> diff shown", time.perf_counter() - t)
        gaps.clear()
        last[0] = t = time.perf_counter()
        dialog.review_page.filter.setCurrentIndex(2)  # invalid rows
        dialog.review_page.filter.setCurrentIndex(0)
        stalls("dialog: filter twice", time.perf_counter() - t)
        gaps.clear()
        last[0] = t = time.perf_counter()
        dialog.go_next()
        await until(lambda: dialog.step is Step.REPORT and not dialog.busy)
        stalls("dialog: apply -> report", time.perf_counter() - t)
        timer.stop()
        collector.stop()
        dialog.reject()
        cache.close()

    qasync.run(main())
    del app
    shutil.rmtree(work, ignore_errors=True)


def steps(cache: Cache, csv_path: Path) -> tuple[float, float, float, Any, Any, Any]:
    """What the dialog runs: sniff + preview, snapshot, plan (parse + validate + diff)."""
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


def memory_child(folder: Path) -> None:
    cache = Cache.open(folder / "bench.sqlite3")
    cache.counts()
    start = proc_status()
    baseline = start.get("VmRSS", 0) / 1024
    baseline_anon = start.get("RssAnon", 0) / 1024
    peak_anon = [0]
    stop = threading.Event()

    def sample() -> None:  # private (anonymous) memory, sampled every 5 ms
        while not stop.wait(0.005):
            peak_anon[0] = max(peak_anon[0], proc_status().get("RssAnon", 0))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    *_, plan = steps(cache, folder / "counts.csv")
    stop.set()
    sampler.join()
    status = proc_status()
    peak_rss = status.get("VmHWM", 0) / 1024
    anon, mapped = status.get("RssAnon", 0) / 1024, status.get("RssFile", 0) / 1024
    del plan
    gc.collect()
    tracemalloc.start()
    *_, plan = steps(cache, folder / "counts.csv")
    _current, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    c = plan.cost
    print(
        json.dumps(
            {
                "baseline_rss_mb": baseline,
                "peak_rss_mb": peak_rss,
                "anon_mb": anon,
                "baseline_anon_mb": baseline_anon,
                "peak_anon_mb": peak_anon[0] / 1024,
                "file_mb": mapped,
                "traced_peak_mb": traced / 2**20,
                "rows": len(plan.rows),
                "changed": plan.changed,
                "unchanged": plan.unchanged,
                "invalid": plan.invalid,
                "changes": len(plan.changes),
                "requests": c.requests,
                "minimum": c.minimum_requests,
                "batch": c.batch_size,
                "locations": len(c.by_location),
                "minutes": c.minutes,
            }
        )
    )


if __name__ == "__main__":
    main()
