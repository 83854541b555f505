"""The sync engine against the sandbox over loopback: pull, push, conflicts, offline edits."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio

from zid_desk.api.client import ZidClient, make_http_client
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.cache import Cache
from zid_desk.domain import ChangeState, Tokens
from zid_desk.sync import OfflineError, SyncEngine


@pytest_asyncio.fixture
async def engine(sandbox_factory: Any, tmp_path: Any) -> AsyncIterator[tuple[SyncEngine, Any]]:
    sb = sandbox_factory(rate_limit=6000, burst=50, products=30, orders=10)
    async with make_http_client() as http:
        client = ZidClient(
            http,
            api_base=sb.api_base,
            tokens=StaticTokenProvider(Tokens.from_response(sb.info["tokens"])),
            store_id=sb.info["store_id"],
        )
        cache = Cache.open(tmp_path / "store.sqlite3")
        eng = SyncEngine(cache, client)
        await eng.pull()
        yield eng, sb
        cache.close()


def finite_cell(cache: Cache, minimum: int = 5) -> Any:
    for pid in sorted(cache.product_ids()):
        for cell in cache.product_stocks(pid):
            if not cell.is_infinite and (cell.quantity or 0) >= minimum:
                return cell
    raise AssertionError("no finite stock in the sandbox data")


def quantity(cache: Cache, cell: Any) -> int | None:
    """The cached (optimistic) quantity of a cell."""
    now = cache.stock_cell(cell.product_id, cell.location_id)
    assert now is not None
    return now.quantity


def remote(sb: Any, cell: Any) -> int:
    return int(sb.control.stock(cell.product_id)["stocks"][cell.location_id])


@pytest.mark.asyncio
async def test_pull_fills_the_cache(engine: tuple[SyncEngine, Any]) -> None:
    eng, _sb = engine
    counts = eng.cache.counts()
    assert counts["locations"] > 0 and counts["products"] >= 30 and counts["orders"] == 10


@pytest.mark.asyncio
async def test_set_then_adjust_lands_once_and_cache_agrees(
    engine: tuple[SyncEngine, Any],
) -> None:
    eng, sb = engine
    cell = finite_cell(eng.cache)
    eng.set_count(cell.product_id, cell.location_id, 42)
    eng.adjust(cell.product_id, cell.location_id, -2)
    result = await eng.push()
    assert (result.applied, result.failed, result.conflicts) == (2, 0, 0)
    assert remote(sb, cell) == 40
    assert quantity(eng.cache, cell) == 40
    again = await eng.push()  # nothing left: pushing twice applies nothing twice
    assert again.applied == 0 and remote(sb, cell) == 40


@pytest.mark.asyncio
async def test_a_sale_turns_a_stale_count_into_a_conflict(
    engine: tuple[SyncEngine, Any],
) -> None:
    eng, sb = engine
    cell = finite_cell(eng.cache)
    before = remote(sb, cell)
    change = eng.set_count(cell.product_id, cell.location_id, 99)
    sb.control.change_product(cell.product_id, location_id=cell.location_id, quantity=before - 1)
    result = await eng.push()
    assert result.conflicts == 1 and result.applied == 0
    assert remote(sb, cell) == before - 1  # Zid's newer value was not overwritten
    held = eng.cache.change(change)
    assert held is not None and held.state is ChangeState.CONFLICT
    new_id = eng.resolve_conflict(change, "mine")
    assert new_id is not None
    assert (await eng.push()).applied == 1
    assert remote(sb, cell) == 99


@pytest.mark.asyncio
async def test_an_adjustment_lands_on_the_value_after_a_sale(
    engine: tuple[SyncEngine, Any],
) -> None:
    eng, sb = engine
    cell = finite_cell(eng.cache)
    before = remote(sb, cell)
    eng.adjust(cell.product_id, cell.location_id, 10)
    sb.control.change_product(cell.product_id, location_id=cell.location_id, quantity=before - 3)
    result = await eng.push()
    assert result.applied == 1
    assert remote(sb, cell) == before - 3 + 10


@pytest.mark.asyncio
async def test_offline_edits_queue_and_push_says_offline(
    engine: tuple[SyncEngine, Any],
) -> None:
    eng, _sb = engine
    offline = SyncEngine(eng.cache, None)
    cell = finite_cell(eng.cache)
    offline.set_count(cell.product_id, cell.location_id, 7)
    assert quantity(eng.cache, cell) == 7
    with pytest.raises(OfflineError, match="1 edits are queued"):
        await offline.push()
    assert eng.cache.counts()["pending"] == 1


@pytest.mark.asyncio
async def test_reversing_a_first_stock_at_a_location_restores_zero_not_infinite(
    engine: tuple[SyncEngine, Any],
) -> None:
    """Goods received at a location where the product had no stock row: the journal's old
    value is 0, and reversing it writes 0 (None would mean infinite stock on Zid)."""
    eng, sb = engine
    locations = eng.cache.location_ids()
    found = None
    for pid in sorted(eng.cache.product_ids()):
        cells = eng.cache.product_stocks(pid)
        product = eng.cache.product(pid)
        finite = product is not None and not product.is_infinite
        if cells and finite and all(not c.is_infinite for c in cells):
            missing = [lid for lid in locations if lid not in {c.location_id for c in cells}]
            if missing:
                found = (pid, missing[0])
                break
    assert found is not None, "the sandbox data has no product missing a location"
    pid, lid = found
    eng.adjust(pid, lid, 5, note="first delivery")
    pushed = await eng.push()
    assert pushed.applied == 1
    assert sb.control.stock(pid)["stocks"][lid] == 5
    entry = eng.cache.journal_page(None, 0, 1)[0]
    assert (entry.old, entry.new) == (0, 5)
    eng.reverse_entry(entry.id)
    assert (await eng.push()).applied == 1
    assert sb.control.stock(pid)["stocks"][lid] == 0
    cell = eng.cache.stock_cell(pid, lid)
    assert cell is not None and not cell.is_infinite and cell.quantity == 0
