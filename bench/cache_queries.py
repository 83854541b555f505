"""Benchmark the offline cache on a big synthetic store (no network, no sandbox).

    .venv/bin/python bench/cache_queries.py [--products 100000] [--locations 5] [--keep DIR]

Prints build time, database size, and p50/p95 (ms) of stock-grid pages (several sorts and
filters at random offsets) and of search-as-you-type queries (Arabic, English, SKU, barcode).
Target: p95 < 20 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from zid_desk.cache import Cache, GridFilter, NewChange
from zid_desk.domain.models import ChangeKind, LocalizedText, Location, Product, StockLevel

NOUNS = [
    ("قهوة", "Coffee"),
    ("شاي", "Tea"),
    ("تمر", "Dates"),
    ("عسل", "Honey"),
    ("زعفران", "Saffron"),
    ("هيل", "Cardamom"),
    ("بخور", "Incense"),
    ("عود", "Oud"),
    ("عطر", "Perfume"),
    ("قميص", "Shirt"),
    ("ثوب", "Thobe"),
    ("عباءة", "Abaya"),
    ("شماغ", "Shemagh"),
    ("حذاء", "Shoes"),
    ("حقيبة", "Bag"),
    ("ساعة", "Watch"),
    ("كوب", "Mug"),
    ("إبريق", "Teapot"),
    ("دلة", "Dallah"),
    ("سجادة", "Rug"),
    ("مصحف", "Quran"),
    ("كتاب", "Book"),
    ("قلم", "Pen"),
    ("أرز", "Rice"),
    ("زيت زيتون", "Olive oil"),
    ("صابون", "Soap"),
    ("مسواك", "Miswak"),
]
ADJECTIVES = [
    ("عربية", "Arabic"),
    ("فاخر", "Premium"),
    ("أصلي", "Original"),
    ("كبير", "Large"),
    ("صغير", "Small"),
    ("أحمر", "Red"),
    ("أسود", "Black"),
    ("أبيض", "White"),
    ("ذهبي", "Gold"),
    ("مُحمَّص", "Roasted"),
    ("طبيعي", "Natural"),
    ("يدوي", "Handmade"),
    ("خليجي", "Gulf"),
]
CITIES = [
    ("الرياض", "Riyadh"),
    ("جدة", "Jeddah"),
    ("الدمام", "Dammam"),
    ("مكة", "Makkah"),
    ("المدينة", "Madinah"),
    ("أبها", "Abha"),
    ("تبوك", "Tabuk"),
    ("الخبر", "Khobar"),
]


def make_locations(n: int) -> list[Location]:
    return [
        Location(
            id=f"00000000-0000-4000-8000-{i:012d}",
            name=LocalizedText(f"مستودع {CITIES[i % 8][0]}", f"{CITIES[i % 8][1]} warehouse"),
            city_name=LocalizedText(*CITIES[i % 8]),
            country_code="SA",
            is_default=i == 0,
        )
        for i in range(n)
    ]


def make_products(n: int, locations: list[Location], rng: random.Random) -> list[Product]:
    out: list[Product] = []
    parent: str | None = None
    for i in range(n):
        noun, adj = rng.choice(NOUNS), rng.choice(ADJECTIVES)
        is_variant = parent is not None and rng.random() < 0.5
        if not is_variant:
            parent = f"{i:08d}-1111-4000-8000-000000000000" if rng.random() < 0.2 else None
        stocks = []
        for loc in locations:
            if rng.random() < 0.03:
                continue  # not stocked here
            infinite = rng.random() < 0.02
            qty = None if infinite else max(0, int(rng.expovariate(1 / 40)) - 5)
            stocks.append(StockLevel(loc.id, qty, infinite))
        out.append(
            Product(
                id=f"{i:08d}-2222-4000-8000-{rng.getrandbits(48):012x}",
                name=LocalizedText(
                    f"{noun[0]} {adj[0]} {i % 997}", f"{adj[1]} {noun[1]} {i % 997}"
                ),
                sku=f"ZD-{100000 + i}" if i % 3 else f"SKU.{i}/{noun[1][:3].upper()}",
                barcode=f"628{rng.randrange(10**9, 10**10)}",
                parent_id=parent if is_variant else None,
                price=round(rng.uniform(5, 900), 2),
                currency="SAR",
                stocks=tuple(stocks),
            )
        )
    return out


def timed(
    fn: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> list[float]:
    out = []
    for _ in range(runs):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def report(label: str, samples: list[float]) -> None:
    if not samples:
        print(f"  {label}")
        return
    s = sorted(samples)
    p95 = s[min(len(s) - 1, int(len(s) * 0.95))]
    print(f"  {label:<44} p50 {statistics.median(s):6.2f} ms   p95 {p95:6.2f} ms   (n={len(s)})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--products", type=int, default=100_000)
    ap.add_argument("--locations", type=int, default=5)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--keep", type=Path, help="folder to keep the database in")
    args = ap.parse_args()
    rng = random.Random(7)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="zid-bench-"))
    path = folder / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

    locations = make_locations(args.locations)
    products = make_products(args.products, locations, rng)
    cache = Cache.open(path)
    t0 = time.perf_counter()
    cache.upsert_locations(locations)
    for i in range(0, len(products), 5000):  # pages as a pull would write them
        cache.upsert_products(products[i : i + 5000])
    build = time.perf_counter() - t0
    # a realistic outbox: some pending edits and a few conflicts
    edits = [
        NewChange(ChangeKind.SET, p.id, locations[0].id, rng.randrange(100))
        for p in rng.sample(products, 300)
    ]
    cache.enqueue_many(edits, "bench import", "csv:bench.csv")
    cache.connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(
        Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
    )
    counts = cache.counts()
    print(
        f"cache: {counts['products']:,} products x {counts['locations']} locations "
        f"({counts['stocks']:,} stock rows)"
    )
    print(
        f"build (upsert in pages of 5,000): {build:.2f} s ({args.products / build:,.0f} products/s)"
    )
    print(f"database size: {size / 1e6:.1f} MB")

    loc0, loc1 = locations[0].id, locations[-1].id
    n = counts["products"]
    grids: list[tuple[str, GridFilter]] = [
        ("name (en)", GridFilter(sort_key="name", lang="en")),
        ("name (ar) desc", GridFilter(sort_key="name", lang="ar", descending=True)),
        ("sku", GridFilter(sort_key="sku")),
        ("barcode", GridFilter(sort_key="barcode")),
        ("total desc", GridFilter(sort_key="total", descending=True)),
        (f"loc:{loc1[-4:]} column", GridFilter(sort_key=f"loc:{loc1}")),
        ("location filter + loc sort", GridFilter(location_id=loc0, sort_key=f"loc:{loc0}")),
        ("low stock <= 5", GridFilter(low_stock_threshold=5)),
        ("out of stock at location", GridFilter(location_id=loc1, out_of_stock=True)),
        ("pending only", GridFilter(pending_only=True)),
        ("search 'قهوة' + name sort", GridFilter(search="قهوة", lang="ar")),
    ]

    def touch() -> None:  # any write invalidates the memoised orders and counts
        cache.set_state("bench", str(time.perf_counter()))

    print("stock grid, page of 100 at random offsets:")
    for label, f in grids:
        total = cache.stock_grid_count(f)

        def page(f: GridFilter = f, total: int = total) -> None:
            cache.stock_grid_page(f, rng.randrange(max(1, total - 100)), 100)

        def count(f: GridFilter = f) -> None:
            cache.stock_grid_count(f)

        report(f"{label} [{total:,} rows]", [])
        report("  page, warm", timed(page, args.runs))
        report("  page, cold (after a write)", timed(page, max(10, args.runs // 3), touch))
        report("  count", timed(count, max(10, args.runs // 3), touch))

    print("search as you type (count + first page of 100, name sort):")
    typed = {
        "Arabic": ["ق", "قه", "قهو", "قهوه", "قهوة عر", "عسل طب"],
        "English": ["c", "co", "cof", "coffee", "premium te", "gold wat"],
        "SKU": ["ZD-1", "ZD-12", "ZD-123", "ZD-12345", "sku.3"],
        "barcode": ["628", "6281", "62812", "628123"],
    }
    for label, queries in typed.items():
        samples: list[float] = []
        per_query: dict[str, list[float]] = {q: [] for q in queries}
        for _ in range(max(1, args.runs // len(queries))):
            for q in queries:
                touch()  # each keystroke is a new filter: nothing memoised helps
                f = GridFilter(search=q, lang="ar" if label == "Arabic" else "en")
                t = time.perf_counter()
                cache.stock_grid_count(f)
                cache.stock_grid_page(f, 0, 100)
                ms = (time.perf_counter() - t) * 1000
                samples.append(ms)
                per_query[q].append(ms)
        report(label, samples)
        print(
            "      median per query: "
            + ", ".join(
                f"{q!r} {statistics.median(v):.1f} ms"
                f" [{cache.stock_grid_count(GridFilter(search=q)):,} rows]"
                for q, v in per_query.items()
            )
        )

    pid = products[rng.randrange(n)].id
    report("row_index_of (name sort)", timed(lambda: cache.row_index_of(pid, GridFilter()), 20))
    report("find_product_by_code", timed(lambda: cache.find_product_by_code(products[5].sku), 50))
    report("locations() summary", timed(cache.locations, 10))
    report("counts()", timed(cache.counts, 10))
    t = time.perf_counter()
    batch = [NewChange(ChangeKind.SET, p.id, loc1, 7) for p in products[:100_000]]
    cache.enqueue_many(batch, "big import", "csv:big.csv")
    print(f"enqueue_many of {len(batch):,} sets: {time.perf_counter() - t:.2f} s")
    cache.close()
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
