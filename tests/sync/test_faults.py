"""Fault injection during pull and push (sandbox `/_sandbox/faults`, tokens/revoke).

Whatever fails, nothing is lost and the final state is clear: the cache ends equal to the
sandbox, every outbox row ends applied or still pending (sending/queued/failed, with a
reason), never silently gone, and the sandbox's values are what the journal says.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from zid_desk.api.errors import NetworkError, ServerError, SignedOutError
from zid_desk.cache import Cache
from zid_desk.domain import ChangeState
from zid_desk.sync import Progress, SyncEngine
from zid_desk.sync.pull import WALK_KEY

from .conftest import Connect
from .helpers import (
    STOCK_UPDATE,
    cache_catalogue,
    client_for,
    product_requests,
    sandbox_catalogue,
)

FAST = {"rate_limit": 100_000, "burst": 1000}
PENDING = (ChangeState.QUEUED, ChangeState.SENDING, ChangeState.FAILED)

Cell = tuple[str, str]


def plan_edits(eng: SyncEngine, per_location: int = 20, locations: int = 3) -> dict[Cell, int]:
    """Queue a SET (even rows) or an ADJUST (odd rows) on distinct finite cells at
    `locations` locations; returns the value each cell must end with on Zid."""
    expected: dict[Cell, int] = {}
    for location_id in eng.cache.location_ids()[:locations]:
        cells = [
            c for pid in sorted(eng.cache.product_ids()) for c in eng.cache.product_stocks(pid)
            if c.location_id == location_id and not c.is_infinite and c.quantity is not None
        ][:per_location]
        assert len(cells) == per_location
        for i, cell in enumerate(cells):
            key = (cell.product_id, cell.location_id)
            if i % 2 == 0:
                eng.set_count(*key, 100 + i)
                expected[key] = 100 + i
            else:
                eng.adjust(*key, 5)
                expected[key] = int(cell.remote_quantity or 0) + 5
    return expected


def zid_values(sb: Any, cells: dict[Cell, int]) -> dict[Cell, int | None]:
    with sb.state.lock:
        out: dict[Cell, int | None] = {}
        for pid, lid in cells:
            stock = sb.state.products[pid].stocks[lid]
            out[(pid, lid)] = None if stock.is_infinite else stock.available_quantity
        return out


def journal_values(cache: Cache) -> dict[Cell, int | None]:
    """The last applied value per cell, as the journal tells it."""
    out: dict[Cell, int | None] = {}
    for pid, lid, new in cache.connection().execute(
        "SELECT product_id, location_id, new FROM journal WHERE result = 'applied' ORDER BY id"
    ):
        out[(pid, lid)] = new
    return out


def outbox_states(cache: Cache) -> dict[ChangeState, int]:
    counts: dict[ChangeState, int] = {}
    for change in cache.outbox_page(limit=10_000):
        counts[change.state] = counts.get(change.state, 0) + 1
    return counts


def assert_all_applied(sb: Any, eng: SyncEngine, expected: dict[Cell, int]) -> None:
    assert zid_values(sb, expected) == expected
    journal = journal_values(eng.cache)
    assert {cell: journal.get(cell) for cell in expected} == expected
    assert outbox_states(eng.cache) == {ChangeState.APPLIED: len(expected)}
    for (pid, lid), value in expected.items():
        cell = eng.cache.stock_cell(pid, lid)
        assert cell is not None and cell.quantity == value and cell.remote_quantity == value


# ---------------------------------------------------------------------- pull


@pytest.mark.asyncio
async def test_pull_rides_out_a_429_storm(sandbox_factory: Any, connect: Connect) -> None:
    sb = sandbox_factory(products=120, orders=20, **FAST)
    eng = connect(sb)
    sb.control.inject("429", count=12, path_prefix="/v1/products", retry_after=0)
    sb.control.inject("429", count=3, path_prefix="/v1/managers/store/orders", retry_after=0)
    result = await eng.pull()
    assert not result.cancelled
    stats = sb.control.stats()
    assert stats["injected"]["429"] == 15
    assert eng.client is not None and eng.client.limiter.total_429s == 15
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.counts()["orders"] == 20


@pytest.mark.asyncio
async def test_pull_and_push_against_zids_own_bucket(
    sandbox_factory: Any, connect: Connect
) -> None:
    """Real 429s from the leaky bucket (no pacing on our side): Retry-After is honoured."""
    sb = sandbox_factory(products=40, orders=5, rate_limit=120, burst=2)
    eng = connect(sb)
    await eng.pull()
    expected = plan_edits(eng, per_location=4)
    await eng.push()
    assert sb.control.stats()["rate_limited"] > 0
    assert_all_applied(sb, eng, expected)


@pytest.mark.asyncio
async def test_pull_rides_out_500_503_bursts_and_dropped_connections(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=120, orders=20, **FAST)
    eng = connect(sb)
    sb.control.inject("500", count=2, path_prefix="/v1/products")
    sb.control.inject("503", count=3, path_prefix="/v1/managers/store/orders")
    sb.control.inject("drop", count=2, path_prefix="/v1/locations")
    sb.control.inject("drop", count=1, path_prefix="/v1/products")
    result = await eng.pull()
    assert not result.cancelled
    injected = sb.control.stats()["injected"]
    assert (injected["500"], injected["503"], injected["drop"]) == (2, 3, 3)
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.counts()["orders"] == 20
    assert sb.control.faults() == []


@pytest.mark.asyncio
@pytest.mark.parametrize(("kind", "error"), [("503", ServerError), ("drop", NetworkError)])
async def test_a_pull_failing_past_its_retries_resumes_where_it_stopped(
    sandbox_factory: Any, connect: Connect, kind: str, error: type[Exception]
) -> None:
    sb = sandbox_factory(products=260, orders=5, **FAST)
    eng = connect(sb, max_retries=2)
    injected = False

    def break_after_page_3(p: Progress) -> None:
        nonlocal injected
        if p.phase == "products" and p.done >= 150 and not injected:
            injected = True
            sb.control.inject(kind, count=50, path_prefix="/v1/products")

    with pytest.raises(error):
        await eng.pull(progress=break_after_page_3)
    walk = eng.cache.get_state(WALK_KEY)
    assert walk is not None and '"page": 4' in walk
    assert eng.cache.counts()["products"] > 0
    sb.control.clear_faults()
    sb.control.reset_stats()
    result = await eng.pull(full=True)
    assert result.resumed and not result.cancelled
    pages = -(-len(sb.state.listable()) // 50)
    assert product_requests(sb) == pages - 3 + 2  # the rest of the walk + its catch-up
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.get_state(WALK_KEY) is None


# ---------------------------------------------------------------------- push


@pytest.mark.asyncio
async def test_push_rides_out_a_429_storm_server_errors_and_drops(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=80, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    expected = plan_edits(eng)
    prefix = "/v1/locations/"
    sb.control.inject("429", count=6, path_prefix=prefix, method="POST", retry_after=0)
    sb.control.inject("500", count=1, path_prefix=prefix, method="POST")
    sb.control.inject("503", count=1, path_prefix=prefix, method="POST")
    sb.control.inject("drop", count=1, path_prefix=prefix, method="POST")
    result = await eng.push()
    assert (result.applied, result.failed, result.conflicts) == (len(expected), 0, 0)
    assert sb.control.faults() == []
    assert_all_applied(sb, eng, expected)
    # the writes themselves: one batch per location, plus the retries of the faults
    assert sb.control.stats()["requests"][STOCK_UPDATE] == 3 + 6 + 3


@pytest.mark.asyncio
async def test_a_push_failing_past_its_retries_loses_nothing_and_finishes_later(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=80, orders=0, **FAST)
    eng = connect(sb, max_retries=1)
    await eng.pull()
    expected = plan_edits(eng)
    calls = {"n": 0}

    def fail_after_first_location(p: Progress) -> None:
        if p.phase == "push":  # the first location's batch landed; Zid fails from now on
            calls["n"] += 1
            if calls["n"] == 1:
                sb.control.inject("503", count=50, path_prefix="/v1/locations/", method="POST")

    with pytest.raises(ServerError):
        await eng.push(progress=fail_after_first_location)
    states = outbox_states(eng.cache)
    assert sum(states.values()) == len(expected)  # nothing silently gone
    assert states.get(ChangeState.APPLIED) == 20
    assert sum(states.get(s, 0) for s in PENDING) == 40
    assert eng.cache.counts()["pending"] == 40
    journal = journal_values(eng.cache)
    assert {c: v for c, v in zid_values(sb, expected).items() if c in journal} == journal

    sb.control.clear_faults()
    again = await eng.push()
    assert again.failed == 0 and again.conflicts == 0
    assert_all_applied(sb, eng, expected)


@pytest.mark.asyncio
async def test_a_token_revoked_mid_push_keeps_the_edits_until_the_next_sign_in(
    sandbox_factory: Any, connect: Connect, http: httpx.AsyncClient
) -> None:
    sb = sandbox_factory(products=80, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    expected = plan_edits(eng)

    def revoke_after_first_location(p: Progress) -> None:
        if p.phase == "push" and p.done == 20:
            sb.control.revoke_tokens()

    with pytest.raises(SignedOutError):
        await eng.push(progress=revoke_after_first_location)
    assert eng.cache.counts()["pending"] == 40
    assert sum(outbox_states(eng.cache).values()) == len(expected)
    with pytest.raises(SignedOutError):  # still signed out: nothing moves
        await eng.push()
    assert eng.cache.counts()["pending"] == 40

    # sign in again: a fresh token set, same cache
    signed_in = SyncEngine(eng.cache, client_for(http, sb, sb.control.issue_tokens()))
    result = await signed_in.push()
    assert result.failed == 0 and result.conflicts == 0
    assert_all_applied(sb, eng, expected)
