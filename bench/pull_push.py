"""Benchmark: full pull, incremental pull and push through the real sync engine (issue 3 §6).

An in-process sandbox (10,000 listable products x 5 locations, 2,000 orders) limits the
store to 6,000 requests/min (leaky bucket of 10); the client's RateLimiter paces at the
same rate. Prints, from the sandbox's own request stats:

1. full pull into an empty cache: requests made vs the minimum (product pages of 50 +
   location pages + order pages of 100, plus the profile call), wall time vs
   (requests / rate);
2. incremental pull after 20 remote changes: product requests (target <= 2) and all;
3. push of 1,000 edits at 3 locations: requests vs the minimum (stock-update batches of 50
   per location + one refresh).

    ./dev bench pull_push [--products 10000] [--orders 2000] [--rate 6000] [--edits 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zid_desk.api.client import ZidClient, make_http_client
from zid_desk.api.limiter import RateLimiter
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.cache import Cache
from zid_desk.domain import Tokens
from zid_desk.sandbox.server import SandboxControl, SandboxOptions, SandboxServer
from zid_desk.sync import SyncEngine

PRODUCTS = "GET /v1/products/"
LOCATIONS = "GET /v1/locations/"
ORDERS = "GET /v1/managers/store/orders"
PROFILE = "GET /v1/managers/account/profile"
UPDATE = "POST /v1/locations/{location_id}/stock-update/"


def requests_by_kind(control: SandboxControl) -> tuple[Counter[str], int, int]:
    stats = control.stats()
    return Counter(stats["requests"]), int(stats["total"]), int(stats["responses_429"])


def show(title: str, rows: list[tuple[str, Any]]) -> None:
    print(f"\n{title}")
    for label, value in rows:
        print(f"  {label:<28}: {value}")


async def run(products: int, orders: int, rate: int, edits: int, edit_locations: int) -> int:
    opts = SandboxOptions(
        rate_limit=rate, burst=10, seed=1, products=products, locations=5, orders=orders
    )
    print(f"starting a sandbox: {products} listable products x 5 locations, {orders} orders")
    ok = True
    with SandboxServer(opts) as sb, tempfile.TemporaryDirectory() as tmp:
        with sb.state.lock:
            listable = len(sb.state.listable())
            all_products = len(sb.state.products)
        async with make_http_client() as http:
            client = ZidClient(
                http,
                api_base=sb.api_base,
                tokens=StaticTokenProvider(Tokens.from_response(sb.info["tokens"])),
                store_id=str(sb.info["store_id"]),
                limiter=RateLimiter(rate, burst=5),
            )
            cache = Cache.open(Path(tmp) / "store.sqlite3")
            engine = SyncEngine(cache, client)
            await asyncio.sleep(1.0)  # the bucket is empty before the run starts
            sb.control.reset_stats()

            # 1. full pull
            started = time.monotonic()
            full = await engine.pull(full=True)
            wall = time.monotonic() - started
            by, total, n429 = requests_by_kind(sb.control)
            locations = full.locations
            minimum = (
                math.ceil(listable / 50) + max(1, math.ceil(locations / 50))
                + max(1, math.ceil(full.orders / 100))
            )
            ratio = wall / (total / (rate / 60.0))
            counts = cache.counts()
            show("full pull", [
                ("cache after", f"{counts['products']} products ({listable} listable + "
                                f"variants; sandbox {all_products}), {counts['stocks']} "
                                f"stocks, {counts['orders']} orders, {locations} locations"),
                ("requests made", f"{total} (products {by[PRODUCTS]}, locations "
                                  f"{by[LOCATIONS]}, orders {by[ORDERS]}, profile "
                                  f"{by[PROFILE]})"),
                ("minimum", f"{minimum} + 1 profile = {minimum + 1}"),
                ("429s received", n429),
                ("wall time", f"{wall:.2f} s"),
                ("requests / rate", f"{total / (rate / 60.0):.2f} s"),
                ("wall/(requests/rate)", f"{ratio:.3f}"),
            ])
            ok &= counts["products"] == all_products and total == minimum + 1 and n429 == 0
            # what the in-process sandbox alone costs per product page (it filters and sorts
            # its whole catalogue on every request, on the same 2 cores as the client)
            sb.control.configure(rate_limit=0)
            samples = []
            for page in (3, 60, 120, 180, 199):
                t0 = time.monotonic()
                await http.get(f"{sb.api_base}/products/", headers=sb.headers(), params={
                    "ordering": "-updated_at", "page_size": 50, "extended": "true",
                    "page": page})
                samples.append(time.monotonic() - t0)
            sb.control.configure(rate_limit=rate)
            page_time = sorted(samples)[len(samples) // 2]
            print(f"  {'sandbox time per page':<28}: {page_time * 1000:.0f} ms (median of 5"
                  f" raw GETs) -> {by[PRODUCTS] * page_time:.1f} s of the wall time is the"
                  " sandbox serving product pages")

            # 2. incremental pull after 20 remote changes
            rng = random.Random(3)
            with sb.state.lock:
                stocked = sorted(p.id for p in sb.state.products.values() if p.stocks)
            changed = rng.sample(stocked, 20)
            for i, pid in enumerate(changed):
                loc = next(iter(sb.control.stock(pid)["stocks"]))
                sb.control.change_product(pid, location_id=loc, quantity=700 + i)
            sb.control.reset_stats()
            started = time.monotonic()
            inc = await engine.pull()
            wall = time.monotonic() - started
            by, total, n429 = requests_by_kind(sb.control)
            landed = sum(
                1 for i, pid in enumerate(changed)
                if 700 + i in [c.quantity for c in cache.product_stocks(pid)]
            )
            show("incremental pull after 20 remote changes", [
                ("changes picked up", f"{landed}/20 ({inc.products} products stored)"),
                ("product requests", f"{by[PRODUCTS]} (target <= 2: changed + deleted)"),
                ("all requests", f"{total} (profile {by[PROFILE]}, locations "
                                 f"{by[LOCATIONS]}, orders {by[ORDERS]})"),
                ("wall time", f"{wall:.2f} s"),
            ])
            ok &= by[PRODUCTS] <= 2 and landed == 20 and not inc.full

            # 3. push of `edits` edits at `edit_locations` locations
            loc_ids = cache.location_ids()[:edit_locations]
            queued: Counter[str] = Counter()
            finite = {
                lid: [pid for (pid,) in cache.connection().execute(
                    "SELECT product_id FROM stocks WHERE location_id = ? AND is_infinite = 0"
                    " ORDER BY product_id", (lid,))]
                for lid in loc_ids
            }
            for n in range(edits):
                lid = loc_ids[n % len(loc_ids)]
                engine.set_count(finite[lid][n // len(loc_ids)], lid, rng.randint(0, 900))
                queued[lid] += 1
            estimate = engine.estimate_push()
            sb.control.reset_stats()
            started = time.monotonic()
            pushed = await engine.push()
            wall = time.monotonic() - started
            by, total, n429 = requests_by_kind(sb.control)
            minimum = sum(math.ceil(n / 50) for n in queued.values()) + 1
            show(f"push of {edits} edits at {len(loc_ids)} locations", [
                ("result", f"{pushed.applied} applied, {pushed.failed} failed, "
                           f"{pushed.conflicts} conflicts"),
                ("requests made", f"{total} (stock-update {by[UPDATE]}, refresh "
                                  f"{by[PRODUCTS]}); engine counted {pushed.requests}"),
                ("minimum", f"{minimum} (writes {minimum - 1} + one refresh)"),
                ("estimate_push()", f"{estimate.requests} requests, {estimate.seconds:.2f} s"),
                ("429s received", n429),
                ("wall time", f"{wall:.2f} s"),
            ])
            ok &= total == minimum and pushed.applied == sum(queued.values())
            cache.close()
    print("\ntargets: " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=10_000)
    ap.add_argument("--orders", type=int, default=2_000)
    ap.add_argument("--rate", type=int, default=6_000)
    ap.add_argument("--edits", type=int, default=1_000)
    ap.add_argument("--edit-locations", type=int, default=3)
    a = ap.parse_args()
    return asyncio.run(run(a.products, a.orders, a.rate, a.edits, a.edit_locations))


if __name__ == "__main__":
    raise SystemExit(main())
