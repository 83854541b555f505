"""Batched stock writes and the limiter's pacing, against the real sandbox."""

from __future__ import annotations

import asyncio
import bisect
import time
from collections.abc import Awaitable, Callable

import httpx
import pytest

from zid_desk.api.client import ZidClient
from zid_desk.api.errors import ServerError
from zid_desk.api.limiter import RateLimiter
from zid_desk.domain import StockWriteItem
from zid_desk.sandbox.server import SandboxOptions, SandboxServer

from .helpers import zid_client

UPDATE = "POST /v1/locations/{location_id}/stock-update/"


async def _targets(client: ZidClient, n: int) -> tuple[str, list[str]]:
    locations = [loc async for loc in client.iter_locations() if loc.is_enabled]
    location = locations[0]
    ids = [p.id async for p in client.iter_products() if p.structure != "parent"]
    assert len(ids) >= n
    return location.id, ids[:n]


def _updates(sb: SandboxServer) -> int:
    return int(sb.control.stats()["requests"].get(UPDATE, 0))


@pytest.mark.asyncio
async def test_items_are_split_into_batches(fresh: SandboxServer) -> None:
    async with zid_client(fresh, stock_batch_size=40) as client:
        location, ids = await _targets(client, 100)
        fresh.control.reset_stats()
        items = [StockWriteItem(pid, 1000 + i) for i, pid in enumerate(ids)]
        progress: list[tuple[int, int]] = []
        results = await client.set_stocks_at_location(
            location, items, on_batch_done=lambda d, t: progress.append((d, t))
        )
    assert [r.product_id for r in results] == ids and all(r.applied for r in results)
    assert _updates(fresh) == 3  # 40 + 40 + 20
    assert progress == [(40, 100), (80, 100), (100, 100)]
    for i in (0, 57, 99):
        assert fresh.control.stock(ids[i])["stocks"][location] == 1000 + i


@pytest.mark.asyncio
async def test_413_halves_the_batch_and_keeps_the_smaller_size(fresh: SandboxServer) -> None:
    async with zid_client(fresh, stock_batch_size=80) as client:  # sandbox max is 50
        location, ids = await _targets(client, 100)
        fresh.control.reset_stats()
        items = [StockWriteItem(pid, 7) for pid in ids]
        results = await client.set_stocks_at_location(location, items)
        assert client.stock_batch_size == 40
    assert all(r.applied for r in results) and len(results) == 100
    stats = fresh.control.stats()
    assert stats["requests"][UPDATE] == 4  # 80 refused, then 40 + 40 + 20
    assert stats["statuses"].get("413") == 1


@pytest.mark.asyncio
async def test_failing_items_are_reported_and_the_rest_resent(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        location, ids = await _targets(client, 10)
        parents = [p.id async for p in client.iter_products() if p.structure == "parent"]
        parent = parents[0]
        fresh.control.reset_stats()
        unknown = "00000000-0000-4000-8000-000000000000"
        items = [StockWriteItem(pid, 3) for pid in ids]
        items.insert(2, StockWriteItem(unknown, 5))
        items.insert(6, StockWriteItem(parent, 5))
        results = await client.set_stocks_at_location(location, items)
    failed = {r.product_id: r.error for r in results if not r.applied}
    assert set(failed) == {unknown, parent}
    assert "does not exist" in (failed[unknown] or "")
    assert "variants" in (failed[parent] or "")
    assert sum(r.applied for r in results) == 10
    assert _updates(fresh) == 2  # refused once, then the rest in one go
    assert fresh.control.stock(ids[5])["stocks"][location] == 3


@pytest.mark.asyncio
async def test_hard_error_keeps_the_partial_results(fresh: SandboxServer) -> None:
    async with zid_client(fresh, stock_batch_size=25, max_retries=1) as client:
        location, ids = await _targets(client, 60)
        items = [StockWriteItem(pid, 9) for pid in ids]

        def after_batch(done: int, total: int) -> None:
            if done == 25:  # Zid breaks down after the first batch
                fresh.control.inject("500", count=5, path_prefix=f"/v1/locations/{location}")

        with pytest.raises(ServerError) as info:
            await client.set_stocks_at_location(location, items, on_batch_done=after_batch)
    partial = info.value.partial_results
    assert len(partial) == 25 and all(r.applied for r in partial)
    assert [r.product_id for r in partial] == ids[:25]
    fresh.control.clear_faults()


@pytest.mark.asyncio
async def test_limiter_keeps_a_burst_within_the_rate() -> None:
    """40 concurrent requests at 1200/min: zero 429s from a bucket of 10, and no window of
    the client's own send times exceeds burst + rate * window."""
    rate, burst = 1200, 5
    opts = SandboxOptions(rate_limit=rate, burst=10, seed=2, products=60, locations=3, orders=0)
    with SandboxServer(opts) as sb:
        limiter = RateLimiter(rate, burst=burst)
        sent: list[float] = []
        async with zid_client(sb, limiter=limiter) as client:
            _, ids = await _targets(client, 40)
            sb.control.reset_stats()
            await asyncio.sleep(60 / rate * burst)  # let the server's bucket drain
            client._http.event_hooks["request"].append(_stamp(sent))
            started = time.monotonic()
            await asyncio.gather(*(client.get_product(pid) for pid in ids))
            elapsed = time.monotonic() - started
        stats = sb.control.stats()
    assert stats["responses_429"] == 0 and stats["rate_limited"] == 0
    assert stats["requests"]["GET /v1/products/{product_id}/"] == 40
    assert stats["peak_60s"] <= rate + 10
    ideal = (40 - burst) * 60 / rate
    assert elapsed >= ideal * 0.95  # paced, not fired at once
    sent.sort()
    for window in (0.25, 0.5, 1.0):
        most = max(bisect.bisect_right(sent, t + window) - i for i, t in enumerate(sent))
        assert most <= burst + rate / 60 * window + 1


def _stamp(sent: list[float]) -> Callable[[httpx.Request], Awaitable[None]]:
    async def hook(request: httpx.Request) -> None:
        sent.append(time.monotonic())

    return hook


@pytest.mark.asyncio
async def test_two_devices_sharing_a_store_back_off_and_finish() -> None:
    """Two PCs of one store (separate limiters, one server bucket): 429s arrive anyway,
    both slow down and every request still succeeds."""
    rate = 1200
    opts = SandboxOptions(rate_limit=rate, burst=10, seed=4, products=60, locations=3, orders=0)
    with SandboxServer(opts) as sb:
        a, b = RateLimiter(rate, burst=5), RateLimiter(rate, burst=5)
        async with zid_client(sb, limiter=a) as one, zid_client(sb, limiter=b) as two:
            _, ids = await _targets(one, 30)
            await asyncio.sleep(1.0)
            sb.control.reset_stats()
            got = await asyncio.gather(
                *(one.get_product(pid) for pid in ids), *(two.get_product(pid) for pid in ids)
            )
        stats = sb.control.stats()
    assert [p.id for p in got] == ids + ids
    assert a.total_429s + b.total_429s == stats["responses_429"] > 0
    assert stats["responses_429"] < 30  # backed off instead of hammering
