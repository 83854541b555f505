"""Per-store client-side rate limiter matched to Zid's leaky bucket.

Zid allows 60 requests per minute per app per store and enforces it with a leaky bucket
(zid-api.md §9, §13.12): the bucket drains at `per_minute` and rejects with 429 when full.
We mirror it with GCRA ("virtual scheduling"), which is the same algorithm seen from the
sender: request k may leave once `tat - tau <= now`, where `tat` is the theoretical
arrival time of the next request at the steady rate and `tau = (burst - 1) * interval`.
A long job therefore gets a small initial burst, then exactly one request per interval,
and never provokes a 429 by itself.

When a 429 arrives anyway (another PC of the same store shares the budget) `note_429`
pauses everyone for `retry_after`, halves the effective rate and then recovers linearly
(additive increase) back to the nominal rate.

No asyncio primitives are kept between calls, so one limiter can serve several event
loops (the process-wide registry outlives a test's loop).
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable

_MIN_FACTOR = 0.1  # never slow below 10% of nominal
_BACKOFF_FACTOR = 0.5  # multiplicative decrease on 429
_RECOVERY_SECONDS = 60.0  # additive increase: +nominal per this many seconds without 429


class RateLimiter:
    """One per store per process. All methods are called from the event-loop thread."""

    def __init__(
        self,
        per_minute: float = 60,
        burst: int = 5,
        clock: Callable[[], float] = time.monotonic,
        *,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        recovery_seconds: float = _RECOVERY_SECONDS,
    ) -> None:
        if per_minute <= 0:
            raise ValueError("per_minute must be positive")
        self.nominal_per_minute = float(per_minute)
        self.per_minute = float(per_minute)
        self.burst = max(1, int(burst))
        self._clock = clock
        self._sleep = sleep or asyncio.sleep
        self._recovery_seconds = recovery_seconds
        now = clock()
        self._tat = now  # theoretical arrival time of the next request
        self._paused_until = now
        self._last_adjust = now
        self._generation = 0  # bumped by note_429 so sleeping waiters re-plan
        self.total_429s = 0

    # -- derived quantities -------------------------------------------------------------
    @property
    def interval(self) -> float:
        """Seconds between requests at the current effective rate."""
        return 60.0 / self.per_minute

    @property
    def _tau(self) -> float:
        return (self.burst - 1) * self.interval

    def _recover(self, now: float) -> None:
        """Additive increase towards nominal, proportional to time since the last adjust."""
        if self.per_minute < self.nominal_per_minute and now > self._last_adjust:
            gained = self.nominal_per_minute * (now - self._last_adjust) / self._recovery_seconds
            self.per_minute = min(self.nominal_per_minute, self.per_minute + gained)
        self._last_adjust = max(self._last_adjust, now)

    def _earliest(self, now: float) -> float:
        """When the next request may leave."""
        return max(now, self._paused_until, self._tat - self._tau)

    # -- public API ---------------------------------------------------------------------
    async def acquire(self) -> None:
        """Wait for a slot. Cancellable: a cancelled waiter gives its slot back when no
        later waiter has reserved after it."""
        while True:
            now = self._clock()
            self._recover(now)
            at = self._earliest(now)
            before = self._tat
            self._tat = max(self._tat, at) + self.interval
            reserved_tat = self._tat
            generation = self._generation
            delay = at - now
            if delay <= 0:
                return
            try:
                await self._sleep(delay)
            except asyncio.CancelledError:
                if self._tat == reserved_tat and self._generation == generation:
                    self._tat = before
                raise
            if self._generation == generation:
                return
            # a 429 arrived while we slept: our slot is void, plan again
            if self._tat == reserved_tat:
                self._tat = before

    def budget_left(self) -> int:
        """Requests that could go right now without waiting."""
        now = self._clock()
        self._recover(now)
        if self._paused_until > now:
            return 0
        tat = max(self._tat, now)
        n = math.floor((now + self._tau - tat) / self.interval + 1e-9) + 1
        return max(0, min(self.burst, n))

    def wait_for(self, n: int) -> float:
        """Seconds until `n` more requests could have gone (for the UI's ETA)."""
        if n <= 0:
            return 0.0
        now = self._clock()
        self._recover(now)
        tat = max(self._tat, now, self._paused_until)
        last = max(now, self._paused_until, tat + (n - 1) * self.interval - self._tau)
        return max(0.0, last - now)

    def note_429(self, retry_after: float | None) -> None:
        """Zid said 429: pause everyone for `retry_after` (or our estimate) and halve the
        effective rate; `_recover` brings it back gradually. Several 429s from requests that
        were already in flight count once (no halving while already paused)."""
        now = self._clock()
        self._recover(now)
        self.total_429s += 1
        already_paused = self._paused_until > now
        if not already_paused:
            floor = self.nominal_per_minute * _MIN_FACTOR
            self.per_minute = max(floor, self.per_minute * _BACKOFF_FACTOR)
            self._last_adjust = now
        wait = retry_after if retry_after is not None and retry_after >= 0 else self.interval
        self._paused_until = max(self._paused_until, now + wait)
        # the server's bucket is full: after the pause, one request, then steady spacing
        self._tat = self._paused_until + self._tau
        self._generation += 1

    def estimate_retry_after(self) -> float:
        """Our guess when a 429 carries no Retry-After (zid-api.md §9/§13.13)."""
        return self.interval

    def __repr__(self) -> str:
        return (
            f"RateLimiter(per_minute={self.per_minute:.1f}/{self.nominal_per_minute:.1f}, "
            f"burst={self.burst})"
        )


_registry: dict[str, RateLimiter] = {}


def limiter_for_store(store_id: str, per_minute: float = 60, burst: int = 5) -> RateLimiter:
    """The process-wide limiter of a store (created on first use; later calls return the
    same object whatever rate they pass, so every job of a store shares one budget)."""
    limiter = _registry.get(str(store_id))
    if limiter is None:
        limiter = RateLimiter(per_minute=per_minute, burst=burst)
        _registry[str(store_id)] = limiter
    return limiter
