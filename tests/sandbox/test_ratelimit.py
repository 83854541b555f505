"""The per-store leaky bucket (zid-api.md §9, §13.12/13.13)."""

from __future__ import annotations

import time
from collections import deque

from zid_desk.sandbox.ratelimit import LeakyBucket

from .helpers import CALLBACK, http


def test_burst_then_429_with_retry_after(sandbox_factory):
    sb = sandbox_factory(rate_limit=60, burst=10)
    with http(sb) as c:
        codes = [c.get("/v1/products/", headers=sb.headers()).status_code for _ in range(10)]
        assert codes == [200] * 10
        r = c.get("/v1/locations/", headers=sb.headers())
        assert r.status_code == 429
        assert r.headers["Retry-After"].isdigit() and int(r.headers["Retry-After"]) >= 1
        assert "detail" in r.json()
        m = c.get("/v1/managers/store/orders", headers=sb.headers(managers=True))
        assert m.status_code == 429 and m.json()["status"] == "error"  # all /v1 share it
        # OAuth and the controls are never limited
        page = c.get("/oauth/authorize", params={"client_id": sb.info["client_id"],
                                                 "redirect_uri": CALLBACK,
                                                 "response_type": "code"})
        assert page.status_code == 200
        stats = sb.control.stats()
        assert stats["rate_limited"] == 2 and stats["responses_429"] == 2
        sb.control.advance_clock(int(r.headers["Retry-After"]))
        assert c.get("/v1/products/", headers=sb.headers()).status_code == 200


def test_greedy_client_never_gets_more_than_rate_plus_burst(sandbox_factory):
    rate, burst, seconds = 600, 5, 2.0  # 10 per second
    sb = sandbox_factory(rate_limit=rate, burst=burst)
    accepted: list[float] = []
    rejected = 0
    with http(sb) as c:
        start = time.monotonic()
        while time.monotonic() - start < seconds:
            r = c.get("/v1/locations/", headers=sb.headers())
            if r.status_code == 200:
                accepted.append(time.monotonic() - start)
            else:
                assert r.status_code == 429
                rejected += 1
    elapsed = time.monotonic() - start
    allowed = burst + rate / 60.0 * elapsed
    print(f"accepted {len(accepted)} rejected {rejected} in {elapsed:.2f}s (allowed {allowed:.1f})")
    assert rejected > 0
    assert len(accepted) <= allowed + 1
    assert len(accepted) >= allowed * 0.7  # the bucket does let the steady rate through
    assert sb.control.stats()["peak_60s"] == len(accepted)


def test_bucket_window_property_with_fake_time():
    """A greedy client over 5 simulated minutes: in every 60-s window at most rate+burst
    requests pass, and the long-run throughput is the rate."""
    rate, burst = 60, 10
    bucket = LeakyBucket(rate, burst)
    window: deque[float] = deque()
    peak = total = 0
    t = 0.0
    while t < 300.0:
        if bucket.try_acquire(t) == 0.0:
            total += 1
            window.append(t)
            while window[0] <= t - 60.0:
                window.popleft()
            peak = max(peak, len(window))
        t += 0.05
    assert peak <= rate + burst
    assert peak >= rate  # not starving either
    assert abs(total - (burst + rate * 5)) <= 2


def test_retry_after_is_time_until_one_slot():
    bucket = LeakyBucket(60, 2)
    assert bucket.try_acquire(0.0) == 0.0
    assert bucket.try_acquire(0.0) == 0.0
    wait = bucket.try_acquire(0.0)
    assert 0.99 <= wait <= 1.01
    assert bucket.try_acquire(0.5) > 0
    assert bucket.try_acquire(1.0) == 0.0


def test_rate_limit_zero_disables(sandbox_factory):
    sb = sandbox_factory(rate_limit=0)
    with http(sb) as c:
        assert all(c.get("/v1/locations/", headers=sb.headers()).status_code == 200
                   for _ in range(30))


def test_throttle_mode_holds_requests_instead_of_rejecting(sandbox_factory):
    sb = sandbox_factory(rate_limit=600, burst=2, throttle_max_delay=1.0)
    with http(sb) as c:
        t = time.monotonic()
        codes = [c.get("/v1/locations/", headers=sb.headers()).status_code for _ in range(6)]
        elapsed = time.monotonic() - t
    assert codes == [200] * 6
    assert elapsed >= 0.35  # 4 requests beyond the burst at 10/s were held ~0.1 s each
    sb.control.configure(throttle_max_delay=0)
    with http(sb) as c:
        codes = [c.get("/v1/locations/", headers=sb.headers()).status_code for _ in range(6)]
    assert 429 in codes


def test_scope_products_only_leaves_managers_unlimited(sandbox_factory):
    sb = sandbox_factory(rate_limit=60, burst=3, rate_limit_scope="products")
    with http(sb) as c:
        m = [c.get("/v1/managers/store/orders", headers=sb.headers(managers=True)).status_code
             for _ in range(8)]
        p = [c.get("/v1/products/", headers=sb.headers()).status_code for _ in range(5)]
    assert m == [200] * 8
    assert p[:3] == [200] * 3 and p[3:] == [429, 429]
