"""Zid's rate limit as the sandbox enforces it: a leaky bucket per store (zid-api.md §9).

The bucket's level rises by one per accepted request and leaks at `rate_per_minute / 60`
per second; a request that would lift it above `burst` is rejected with the whole seconds
until it would fit (`Retry-After`, rounded up, at least 1). Hence in any 60-s window at
most `rate_per_minute + burst` requests are accepted. Zid states 60/min but no burst size
(§9, §13.12/13.13); the sandbox's default burst of 10 is its own choice: small enough that
a client that ignores the rate is caught within seconds, big enough for a UI's few parallel
reads. `rate_per_minute <= 0` disables the limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class LeakyBucket:
    rate_per_minute: float
    burst: int
    level: float = 0.0
    last: float | None = None

    def _leak(self, now: float) -> None:
        if self.last is not None and now > self.last:
            self.level = max(0.0, self.level - (now - self.last) * self.rate_per_minute / 60.0)
        if self.last is None or now > self.last:
            self.last = now

    def try_acquire(self, now: float) -> float:
        """0.0 when the request is accepted, else the seconds until it would be."""
        if self.rate_per_minute <= 0:
            return 0.0
        self._leak(now)
        if self.level + 1.0 <= self.burst + 1e-9:
            self.level += 1.0
            return 0.0
        return (self.level + 1.0 - self.burst) * 60.0 / self.rate_per_minute

    def budget(self, now: float) -> float:
        """Requests that would be accepted right now."""
        if self.rate_per_minute <= 0:
            return math.inf
        self._leak(now)
        return max(0.0, self.burst - self.level)


def retry_after_header(wait_seconds: float) -> str:
    """Integer seconds, rounded up, at least 1 (§13.13)."""
    return str(max(1, math.ceil(wait_seconds - 1e-9)))
