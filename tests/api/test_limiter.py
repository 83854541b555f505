"""RateLimiter against a simulated clock, checked with the sandbox's own leaky bucket."""

from __future__ import annotations

import asyncio
import itertools

import pytest

from zid_desk.api.limiter import RateLimiter, limiter_for_store
from zid_desk.sandbox.ratelimit import LeakyBucket


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


def make(per_minute: float = 60, burst: int = 5) -> tuple[RateLimiter, FakeClock]:
    clock = FakeClock()
    return RateLimiter(per_minute, burst, clock, sleep=clock.sleep), clock


async def _send_times(lim: RateLimiter, clock: FakeClock, n: int) -> list[float]:
    times = []
    for _ in range(n):
        await lim.acquire()
        times.append(clock.now)
    return times


def test_initial_burst_then_steady_spacing() -> None:
    lim, clock = make(60, 5)
    times = asyncio.run(_send_times(lim, clock, 12))
    start = times[0]
    assert times[:5] == [start] * 5  # the burst
    gaps = [round(b - a, 6) for a, b in itertools.pairwise(times[4:])]
    assert gaps == [1.0] * 7  # then one per interval


def test_long_job_never_overflows_server_bucket_and_reaches_full_rate() -> None:
    lim, clock = make(600, 5)
    bucket = LeakyBucket(rate_per_minute=600, burst=10)
    times = asyncio.run(_send_times(lim, clock, 1000))
    assert all(bucket.try_acquire(t) == 0.0 for t in times)  # zero 429s
    elapsed = times[-1] - times[0]
    ideal = (1000 - 5) / 10.0  # 600/min after a burst of 5
    assert elapsed == pytest.approx(ideal, rel=1e-6)
    # no 60-s window holds more than rate + burst requests
    j = 0
    for i, t in enumerate(times):
        while times[j] < t - 60:
            j += 1
        assert i - j + 1 <= 600 + 5


def test_budget_and_wait_for() -> None:
    lim, clock = make(60, 5)
    assert lim.budget_left() == 5
    assert lim.wait_for(5) == 0
    assert lim.wait_for(7) == pytest.approx(2.0)
    asyncio.run(_send_times(lim, clock, 5))
    assert lim.budget_left() == 0
    assert lim.wait_for(1) == pytest.approx(1.0)
    clock.now += 3
    assert lim.budget_left() == 3
    clock.now += 100
    assert lim.budget_left() == 5  # never more than the burst


def test_note_429_pauses_halves_and_recovers() -> None:
    lim, clock = make(60, 5)
    asyncio.run(_send_times(lim, clock, 5))
    lim.note_429(7.0)
    assert lim.per_minute == pytest.approx(30)
    assert lim.budget_left() == 0
    assert lim.wait_for(1) == pytest.approx(7.0)
    t0 = clock.now
    times = asyncio.run(_send_times(lim, clock, 2))
    assert times[0] == pytest.approx(t0 + 7.0)
    assert times[1] - times[0] >= 1.9  # slower than nominal (~2 s at 30/min)
    # a second 429 from a request already in flight during the pause does not halve again
    lim2, _ = make(60, 5)
    lim2.note_429(5)
    lim2.note_429(5)
    assert lim2.per_minute == pytest.approx(30)
    # additive recovery: back to nominal after enough quiet time
    clock.now += 120
    lim.budget_left()
    assert lim.per_minute == pytest.approx(60)


def test_429_without_retry_after_uses_estimate() -> None:
    lim, _clock = make(60, 5)
    lim.note_429(None)
    assert 0 < lim.wait_for(1) <= 2.0


def test_cancelled_waiter_gives_its_slot_back() -> None:
    clock = FakeClock()

    async def never(_s: float) -> None:
        await asyncio.Event().wait()

    lim = RateLimiter(60, 1, clock, sleep=never)

    async def scenario() -> None:
        await lim.acquire()  # immediate
        task = asyncio.ensure_future(lim.acquire())
        await asyncio.sleep(0)
        assert lim.wait_for(1) == pytest.approx(2.0)  # the waiter holds the next slot
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert lim.wait_for(1) == pytest.approx(1.0)

    asyncio.run(scenario())


def test_registry_is_per_store() -> None:
    a = limiter_for_store("test-store-a", 60, 5)
    assert limiter_for_store("test-store-a", 120, 9) is a
    assert limiter_for_store("test-store-b") is not a
