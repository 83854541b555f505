"""Benchmark the Stock view on a big cache, offscreen: 100,000 products x 8 locations.

    ./dev bench ui_stock_grid [--products 100000] [--locations 8] [--keep DIR]

The cache is built in a child process (bench/cache_queries.py's synthetic store), so the
measuring process holds only what the app holds. Prints:

- first paint: StockView built + shown + first rows fetched + a grab() (target < 300 ms);
  also the whole main window;
- filter as you type: prefixes typed one character at a time (English, Arabic, SKU,
  barcode); time from setText to the model reset, and to the first rows painted
  (target p95 < 50 ms);
- SQL sort by a header click (name, SKU, total, a location column), to the first paint;
- scrolling 1,000 rows one row at a time with a repaint each (total and per step);
- peak RSS from resource.getrusage (target < 300 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

TYPED = {
    "English": "premium coffee",
    "Arabic": "قهوة فاخر",
    "SKU": "ZD-12345",
    "barcode": "6281234",
}


def build(path: Path, products: int, locations: int) -> None:
    """Write the synthetic store (runs in a child process: its Python objects never count
    against the measured RSS)."""
    from cache_queries import make_locations, make_products

    from zid_desk.cache import Cache, NewChange
    from zid_desk.domain.models import ChangeKind

    rng = random.Random(7)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    locs = make_locations(locations)
    items = make_products(products, locs, rng)
    cache = Cache.open(path)
    t = time.perf_counter()
    cache.upsert_locations(locs)
    for i in range(0, len(items), 5000):
        cache.upsert_products(items[i : i + 5000])
    edits = [
        NewChange(ChangeKind.SET, p.id, locs[0].id, rng.randrange(100))
        for p in rng.sample(items, 300)
    ]
    cache.enqueue_many(edits, "bench import", "csv:bench.csv")
    cache.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    cache.close()
    print(f"built {products:,} products x {locations} locations in {time.perf_counter() - t:.1f} s")


def pct(samples: list[float], q: float) -> float:
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * q))]


def report(label: str, samples: list[float]) -> None:
    print(
        f"  {label:<40} p50 {statistics.median(samples):7.2f} ms   p95 {pct(samples, 0.95):7.2f} ms"
        f"   max {max(samples):7.2f} ms   (n={len(samples)})"
    )


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(path: Path, runs: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from zid_desk.cache import Cache
    from zid_desk.profile import Profile
    from zid_desk.settings import Settings
    from zid_desk.sync import SyncEngine
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.fonts import apply_app_font
    from zid_desk.ui.main_window import MainWindow
    from zid_desk.ui.views.stock import StockView

    app = QApplication.instance() or QApplication([])
    apply_app_font(app)  # type: ignore[arg-type]
    print(f"RSS after Qt start: {rss_mb():.0f} MB")
    cache = Cache.open(path)
    profile = Profile.in_dir(Path(tempfile.mkdtemp(prefix="zid-bench-profile-"))).ensure()
    ctx = AppContext(profile, Settings(), cache=cache, lang="en")
    ctx.engine = SyncEngine(cache, None, lang="en")
    counts = cache.counts()
    print(
        f"cache: {counts['products']:,} products x {counts['locations']} locations,"
        f" {counts['pending']} pending edits"
    )

    def touch() -> None:  # any write drops the memoised counts and orders: a cold start
        cache.set_state("bench", str(time.perf_counter()))

    def paint(view: StockView) -> None:
        view.table.viewport().repaint()  # synchronous paint: fetches the visible rows

    print("first paint (build + show + first rows + grab):")
    samples: list[float] = []
    for _ in range(max(3, runs // 10)):
        touch()
        t = time.perf_counter()
        view = StockView(ctx)
        view.resize(1280, 800)
        view.show()
        app.processEvents()
        assert view.model.index(0, 0).data()
        view.grab()
        samples.append((time.perf_counter() - t) * 1000)
        view.close()
        view.deleteLater()
        app.processEvents()
    report("Stock view", samples)
    samples = []
    for _ in range(3):
        touch()
        t = time.perf_counter()
        window = MainWindow(ctx)
        window.resize(1280, 800)
        window.show()
        app.processEvents()
        window.grab()
        samples.append((time.perf_counter() - t) * 1000)
        window.close()
        window.deleteLater()
        app.processEvents()
    report("main window (5 views)", samples)

    view = StockView(ctx)
    view.resize(1280, 800)
    view.show()
    app.processEvents()

    print("filter as you type (one character at a time; each prefix a new SQL filter):")
    all_reset: list[float] = []
    all_paint: list[float] = []
    for label, text in TYPED.items():
        reset: list[float] = []
        painted: list[float] = []
        for _ in range(max(1, runs // 10)):
            touch()
            view.search.clear()
            paint(view)
            for i in range(1, len(text) + 1):
                t = time.perf_counter()
                view.search.setText(text[:i])  # textChanged -> filter -> count -> reset
                t_reset = time.perf_counter()
                paint(view)
                t_paint = time.perf_counter()
                reset.append((t_reset - t) * 1000)
                painted.append((t_paint - t) * 1000)
        report(f"{label} {text!r}: to reset", reset)
        report(f"{label}: to first rows painted", painted)
        all_reset += reset
        all_paint += painted
    report("ALL keystrokes: to reset", all_reset)
    report("ALL keystrokes: to first rows painted", all_paint)
    view.search.clear()

    print("sort by a header click (SQL), to the first rows painted:")
    header = view.table.horizontalHeader()
    model = view.model
    columns = {"SKU": 1, "total": model.columnCount() - 1, "location 1": 3, "name": 0}
    for label, column in columns.items():
        samples = []
        for run in range(max(3, runs // 10)):
            touch()
            order = Qt.SortOrder.DescendingOrder if run % 2 else Qt.SortOrder.AscendingOrder
            t = time.perf_counter()
            header.setSortIndicator(column, order)  # what a header click does
            paint(view)
            samples.append((time.perf_counter() - t) * 1000)
        report(label, samples)
    header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)

    print("scroll 1,000 rows, one row at a time, repainting each step:")
    touch()
    bar = view.table.verticalScrollBar()
    bar.setValue(0)
    paint(view)
    steps: list[float] = []
    t0 = time.perf_counter()
    for i in range(1, 1001):
        t = time.perf_counter()
        bar.setValue(i)
        paint(view)
        steps.append((time.perf_counter() - t) * 1000)
    total = (time.perf_counter() - t0) * 1000
    print(f"  1,000 rows in {total:.0f} ms")
    report("per step", steps)
    t = time.perf_counter()
    bar.setValue(bar.maximum())
    paint(view)
    print(f"  jump to the last row: {(time.perf_counter() - t) * 1000:.1f} ms")
    view.close()
    print(f"peak RSS: {rss_mb():.0f} MB")
    cache.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--locations", type=int, default=8)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--keep", type=Path, help="folder to keep (and reuse) the database in")
    ap.add_argument("--build-only", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build_only:
        build(args.build_only, args.products, args.locations)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="zid-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"stock-{args.products}x{args.locations}.sqlite3"
    if not path.exists():
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--build-only",
                str(path),
                "--products",
                str(args.products),
                "--locations",
                str(args.locations),
            ],
            check=True,
        )
    try:
        measure(path, args.runs)
    finally:
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
