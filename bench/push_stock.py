"""Benchmark: push 10,000 stock changes across 5 locations through the real client.

An in-process sandbox limits the store to 600 requests/min (a leaky bucket of 10); the
client's RateLimiter paces the batched stock-update requests. Prints the requests made
(from the sandbox's stats), the theoretical minimum (sum over locations of
ceil(items / batch size)), the 429s received, the wall time and wall / (requests / rate).
Targets: requests == minimum, zero 429s, ratio <= 1.05.

    .venv/bin/python bench/push_stock.py [--items-per-location 2000] [--rate 600]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zid_desk.api.client import ZidClient, make_http_client
from zid_desk.api.limiter import RateLimiter
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.domain import StockWriteItem, Tokens
from zid_desk.sandbox.server import SandboxOptions, SandboxServer

UPDATE = "POST /v1/locations/{location_id}/stock-update/"


async def run(per_location: int, rate: int, locations: int, batch: int, burst: int) -> int:
    opts = SandboxOptions(
        rate_limit=rate,
        burst=10,
        seed=1,
        products=int(per_location * 1.25),
        locations=locations,
        orders=0,
    )
    with SandboxServer(opts) as sb:
        tokens = StaticTokenProvider(Tokens.from_response(sb.info["tokens"]))
        async with make_http_client() as http:
            # set-up reads (locations, product ids) are not part of the measurement
            sb.control.configure(rate_limit=0)
            setup = ZidClient(
                http,
                api_base=sb.api_base,
                tokens=tokens,
                store_id=str(sb.info["store_id"]),
                limiter=RateLimiter(1e6, burst=100),
            )
            locs = [loc.id async for loc in setup.iter_locations() if loc.is_enabled]
            ids = [p.id async for p in setup.iter_products() if p.structure != "parent"]
            if len(locs) < locations or len(ids) < per_location:
                print(f"not enough data: {len(locs)} locations, {len(ids)} products")
                return 1
            locs, ids = locs[:locations], ids[:per_location]
            rng = random.Random(7)
            plan = {loc: [StockWriteItem(pid, rng.randint(0, 500)) for pid in ids] for loc in locs}
            sb.control.configure(rate_limit=rate)
            await asyncio.sleep(2.0)  # the bucket is empty before the run starts
            sb.control.reset_stats()

            limiter = RateLimiter(rate, burst=burst)
            client = ZidClient(
                http,
                api_base=sb.api_base,
                tokens=tokens,
                store_id=str(sb.info["store_id"]),
                limiter=limiter,
                stock_batch_size=batch,
            )
            started = time.monotonic()
            results = await asyncio.gather(
                *(client.set_stocks_at_location(loc, items) for loc, items in plan.items())
            )
            wall = time.monotonic() - started
        stats = sb.control.stats()
        # spot-check that the values really landed
        wrong = 0
        for loc, items in plan.items():
            for item in items[:: max(1, len(items) // 20)]:
                if sb.control.stock(item.product_id)["stocks"].get(loc) != item.available_quantity:
                    wrong += 1

    total_items = sum(len(v) for v in plan.values())
    applied = sum(r.applied for rs in results for r in rs)
    requests = stats["requests"].get(UPDATE, 0)
    minimum = sum(math.ceil(len(v) / batch) for v in plan.values())
    ratio = wall / (requests / (rate / 60.0)) if requests else float("nan")
    print(
        f"stock changes         : {total_items} across {len(plan)} locations "
        f"({applied} applied, {wrong} spot-check mismatches)"
    )
    print(f"batch size            : {batch}; client burst {burst}; sandbox burst 10")
    print(f"requests made         : {requests} (all /v1 requests: {stats['total']})")
    print(f"theoretical minimum   : {minimum}")
    print(f"429s received         : {stats['responses_429']}")
    print(f"rate                  : {rate}/min")
    print(f"wall time             : {wall:.2f} s")
    print(f"wall/(requests/rate)  : {ratio:.3f}")
    ok = requests == minimum and stats["responses_429"] == 0 and ratio <= 1.05 and not wrong
    print("targets               : " + ("met" if ok else "NOT met"))
    return 0 if ok else 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items-per-location", type=int, default=2000)
    ap.add_argument("--locations", type=int, default=5)
    ap.add_argument("--rate", type=int, default=600)
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--burst", type=int, default=5)
    a = ap.parse_args()
    return asyncio.run(run(a.items_per_location, a.rate, a.locations, a.batch, a.burst))


if __name__ == "__main__":
    raise SystemExit(main())
