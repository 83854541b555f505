"""Pull against the sandbox over loopback: full, incremental, deletions, Arabic, resume."""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from zid_desk.api.client import ZidClient
from zid_desk.cache import GridFilter
from zid_desk.domain import ChangeState
from zid_desk.sync import CancelToken, Progress
from zid_desk.sync.pull import HIGH_WATER_KEY, WALK_KEY

from .conftest import Connect
from .helpers import cache_catalogue, product_requests, sandbox_catalogue

FAST = {"rate_limit": 100_000, "burst": 1000}


def listable(sb: Any) -> int:
    with sb.state.lock:
        return len(sb.state.listable())


def stocked_ids(sb: Any, structure: str) -> list[str]:
    with sb.state.lock:
        return sorted(
            p.id for p in sb.state.products.values() if p.structure == structure and p.stocks
        )


@pytest.mark.asyncio
async def test_full_pull_matches_the_sandbox_in_the_minimum_of_product_pages(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=130, orders=25, **FAST)
    eng = connect(sb)
    result = await eng.pull()
    assert result.full and not result.cancelled and not result.resumed
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    counts = eng.cache.counts()
    assert counts["orders"] == result.orders == 25
    assert counts["locations"] == result.locations == 4
    assert counts["products"] == result.products == len(sandbox_catalogue(sb))
    assert stocked_ids(sb, "child"), "the data must hold variants, listed nested in parents"
    # one walk over standalone products and parents (variants nested): no structure=child walk
    assert product_requests(sb) == math.ceil(listable(sb) / 50)
    assert eng.cache.get_state(WALK_KEY) is None  # the walk is closed


@pytest.mark.asyncio
async def test_incremental_pull_after_20_remote_changes_takes_two_product_requests(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=150, orders=5, **FAST)
    eng = connect(sb)
    await eng.pull()
    variants = stocked_ids(sb, "child")[:8]
    standalone = stocked_ids(sb, "standalone")[:12]
    for i, pid in enumerate(variants + standalone):
        loc = next(iter(sb.control.stock(pid)["stocks"]))
        sb.control.change_product(pid, location_id=loc, quantity=500 + i)
    sb.control.change_product(standalone[0], price=321)
    sb.control.reset_stats()
    result = await eng.pull()
    assert not result.full
    assert product_requests(sb) <= 2  # the changed listing + the deletions listing
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    for i, pid in enumerate(variants + standalone):
        assert 500 + i in [c.quantity for c in eng.cache.product_stocks(pid)]
    # nothing changed since: still <= 2, nothing re-stored
    sb.control.reset_stats()
    again = await eng.pull()
    assert again.products == 0 and product_requests(sb) <= 2


@pytest.mark.asyncio
async def test_products_deleted_on_zid_disappear_incrementally_and_on_a_full_pull(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=120, orders=0, **FAST)
    eng = connect(sb)
    other = connect(sb, cache_name="other")
    await eng.pull()
    await other.pull()
    with sb.state.lock:
        parent = next(p for p in sb.state.products.values() if p.structure == "parent")
        parent_id, variant_ids = parent.id, list(parent.variant_ids)
    single = stocked_ids(sb, "standalone")[5]
    gone = {parent_id, single, *variant_ids}
    sb.control.delete_product(parent_id)
    sb.control.delete_product(single)
    assert gone <= eng.cache.product_ids()

    incremental = await eng.pull()
    assert not incremental.full and incremental.deleted == len(gone)
    assert not gone & eng.cache.product_ids()
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)

    full = await other.pull(full=True)
    assert full.full and full.deleted == len(gone)
    assert cache_catalogue(other.cache) == sandbox_catalogue(sb)


@pytest.mark.asyncio
async def test_arabic_names_arrive_intact_and_are_searchable(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=60, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    name = {"ar": "عود كمبودي فاخر ١٢ مل", "en": "Cambodian oud 12 ml"}
    added = sb.control.add_product(name=name, sku="OUD-KH-12", quantity=7)
    renamed = stocked_ids(sb, "standalone")[0]
    sb.control.change_product(renamed, name_ar="تمر سكري القصيم - علبة ٣ كغ")
    result = await eng.pull()
    assert not result.full and result.products == 2
    ref = eng.cache.product(added["product_id"])
    assert ref is not None and (ref.name_ar, ref.name_en) == (name["ar"], name["en"])
    renamed_ref = eng.cache.product(renamed)
    assert renamed_ref is not None and renamed_ref.name_ar == "تمر سكري القصيم - علبة ٣ كغ"
    for term, wanted in (("عود كمبودي", added["product_id"]), ("سكري القصيم", renamed),
                         ("OUD-KH", added["product_id"])):
        rows = eng.cache.stock_grid_page(GridFilter(search=term), 0, 50)
        assert wanted in [r.product_id for r in rows], term
    # the seeded catalogue's Arabic names match the sandbox's, character for character
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)


@pytest.mark.asyncio
async def test_a_cancelled_full_pull_resumes_from_its_saved_page(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=320, orders=10, **FAST)
    pages = math.ceil(listable(sb) / 50)
    assert pages >= 6
    reference = connect(sb, cache_name="reference")
    await reference.pull(full=True)

    eng = connect(sb)
    cancel = CancelToken()
    seen: list[Progress] = []

    def on_progress(p: Progress) -> None:
        seen.append(p)
        if p.phase == "products" and p.done >= 4 * 50:
            cancel.cancel()  # after page 4 is stored

    sb.control.reset_stats()
    first = await eng.pull(full=True, progress=on_progress, cancel=cancel)
    assert first.cancelled and first.orders == 0
    assert product_requests(sb) == 4
    products_phase = [p for p in seen if p.phase == "products"]
    assert products_phase[-1].total == listable(sb) and products_phase[-1].eta_seconds is not None
    assert eng.cache.get_state(WALK_KEY) is not None
    assert eng.cache.counts()["products"] > 0

    sb.control.reset_stats()
    second = await eng.pull(full=True)
    assert second.resumed and not second.cancelled
    # pages 5.. only, plus the resumed walk's catch-up (changed + deleted listings)
    assert product_requests(sb) == pages - 4 + 2 < pages
    assert cache_catalogue(eng.cache) == cache_catalogue(reference.cache)
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.counts() == reference.cache.counts()
    assert eng.cache.get_state(WALK_KEY) is None


@pytest.mark.asyncio
async def test_a_resumed_pull_catches_up_on_changes_made_while_it_was_interrupted(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=200, orders=0, **FAST)
    eng = connect(sb)
    cancel = CancelToken()

    def on_progress(p: Progress) -> None:
        if p.phase == "products" and p.done >= 100:
            cancel.cancel()

    await eng.pull(full=True, progress=on_progress, cancel=cancel)
    walked = sorted(eng.cache.product_ids())
    # while interrupted: edit and delete products already walked, delete one not walked yet
    standalone = [i for i in walked if i in set(stocked_ids(sb, "standalone"))]
    edited, deleted_walked = standalone[0], standalone[1]
    not_walked = sorted(set(stocked_ids(sb, "standalone")) - set(walked))[0]
    loc = next(iter(sb.control.stock(edited)["stocks"]))
    sb.control.change_product(edited, location_id=loc, quantity=4321)
    sb.control.delete_product(deleted_walked)
    sb.control.delete_product(not_walked)
    added = sb.control.add_product(name={"ar": "منتج جديد", "en": "Fresh item"}, quantity=3)

    result = await eng.pull(full=True)
    assert result.resumed
    ids = eng.cache.product_ids()
    assert deleted_walked not in ids and not_walked not in ids
    assert added["product_id"] in ids
    cell = eng.cache.stock_cell(edited, loc)
    assert cell is not None and cell.quantity == 4321
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)


@pytest.mark.asyncio
async def test_a_pull_cancelled_in_its_orders_phase_does_not_walk_the_products_again(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=120, orders=250, **FAST)
    eng = connect(sb)
    cancel = CancelToken()

    def cancel_in_orders(p: Progress) -> None:
        if p.phase == "orders":
            cancel.cancel()

    first = await eng.pull(progress=cancel_in_orders, cancel=cancel)
    assert first.cancelled and 0 < first.orders < 250
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)  # the walk itself completed
    sb.control.change_product(stocked_ids(sb, "standalone")[0], name_en="Renamed meanwhile")
    sb.control.reset_stats()
    second = await eng.pull(full=True)
    assert second.resumed and second.orders == 250
    assert product_requests(sb) == 2  # no new walk: the catch-up only
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.counts()["orders"] == 250
    assert eng.cache.get_state(WALK_KEY) is None


@pytest.mark.asyncio
async def test_more_changes_than_a_page_are_pulled_page_by_page_down_to_the_mark(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=150, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    changed = stocked_ids(sb, "standalone")[:70]
    for pid in changed:
        sb.control.change_product(pid, price=1234)
    sb.control.reset_stats()
    result = await eng.pull()
    assert not result.full and result.products == 70
    assert product_requests(sb) == 2 + 1  # two pages of changes + the deletions listing
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    prices = dict(eng.cache.connection().execute(
        f"SELECT id, price FROM products WHERE id IN ({','.join('?' * 70)})", changed))
    assert set(prices.values()) == {1234}


@pytest.mark.asyncio
async def test_when_zid_ignores_the_ordering_pull_and_push_fall_back_safely(
    sandbox_factory: Any, connect: Connect, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that ignores `ordering=-updated_at` (zid-api.md §6.1: unconfirmed) must not
    make the incremental pull stop early and miss changes."""
    sb = sandbox_factory(products=150, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    original = ZidClient.iter_product_pages

    def ignoring_ordering(self: ZidClient, *, ordering: str | None = None, **kw: Any) -> Any:
        return original(self, ordering=None, **kw)  # the sandbox's default: -created_at

    monkeypatch.setattr(ZidClient, "iter_product_pages", ignoring_ordering)
    oldest = min(stocked_ids(sb, "standalone"), key=lambda i: sb.state.products[i].created_at)
    loc = next(iter(sb.control.stock(oldest)["stocks"]))
    sb.control.change_product(oldest, location_id=loc, quantity=777)
    result = await eng.pull()
    assert result.full  # fell back to a full walk
    cell = eng.cache.stock_cell(oldest, loc)
    assert cell is not None and cell.quantity == 777
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)

    # no trustworthy mark is kept: every later pull is a full one
    assert eng.cache.get_state(HIGH_WATER_KEY) is None
    # push with a (stale) mark: the refresh notices the disorder and re-reads the edited
    # product by id, so a sale still becomes a conflict
    eng.cache.set_state(HIGH_WATER_KEY, "2020-01-01T00:00:00+00:00")
    change = eng.set_count(oldest, loc, 5)
    sb.control.change_product(oldest, location_id=loc, quantity=776)
    pushed = await eng.push()
    assert pushed.conflicts == 1 and pushed.applied == 0
    assert sb.control.stock(oldest)["stocks"][loc] == 776
    stored = eng.cache.change(change)
    assert stored is not None and stored.state is ChangeState.CONFLICT


PULL_SCRIPT = """
import asyncio, json, sys
from zid_desk.api.client import ZidClient, make_http_client
from zid_desk.api.limiter import RateLimiter
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.cache import Cache
from zid_desk.domain import Tokens
from zid_desk.sync import SyncEngine

async def main(cfg):
    async with make_http_client() as http:
        client = ZidClient(http, api_base=cfg["api_base"], store_id=cfg["store_id"],
                           tokens=StaticTokenProvider(Tokens.from_response(cfg["tokens"])),
                           limiter=RateLimiter(cfg["rate"], burst=1))
        await SyncEngine(Cache.open(cfg["path"]), client).pull(full=True)

asyncio.run(main(json.loads(sys.argv[1])))
"""


def saved_walk_page(path: Path) -> int:
    if not path.exists():
        return 0
    try:
        with contextlib.closing(sqlite3.connect(path, timeout=1)) as conn:
            row = conn.execute(
                "SELECT value FROM sync_state WHERE key = ?", (WALK_KEY,)
            ).fetchone()
    except sqlite3.Error:
        return 0
    return int(json.loads(row[0])["page"]) if row else 0


@pytest.mark.asyncio
async def test_a_full_pull_killed_mid_walk_resumes_after_restart(
    sandbox_factory: Any, connect: Connect, tmp_path: Path
) -> None:
    sb = sandbox_factory(products=400, orders=5, **FAST)
    pages = math.ceil(listable(sb) / 50)
    path = tmp_path / "store.sqlite3"
    cfg = {"api_base": sb.api_base, "store_id": str(sb.info["store_id"]),
           "tokens": sb.info["tokens"], "rate": 300, "path": str(path)}  # 5 requests/s
    proc = subprocess.Popen([sys.executable, "-c", PULL_SCRIPT, json.dumps(cfg)])
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while saved_walk_page(path) < 4:  # pages 1-3 stored
            assert proc.poll() is None, "the pull ended before it could be killed"
            assert loop.time() < deadline
            await asyncio.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    done = saved_walk_page(path) - 1
    assert 3 <= done < pages

    eng = connect(sb)  # the same file, in this process: the restart
    sb.control.reset_stats()
    result = await eng.pull(full=True)
    assert result.resumed and not result.cancelled
    assert product_requests(sb) == pages - done + 2  # the rest of the walk + its catch-up
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.get_state(WALK_KEY) is None


@pytest.mark.asyncio
async def test_the_push_refresh_costs_what_changed_on_zid_not_the_size_of_the_push(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=200, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    location = eng.cache.location_ids()[0]
    cells = [
        c for pid in sorted(eng.cache.product_ids()) for c in eng.cache.product_stocks(pid)
        if c.location_id == location and not c.is_infinite and c.quantity is not None
    ][:120]
    assert len(cells) == 120  # 120 distinct products: 3 pages of id__in the old way
    for cell in cells:
        eng.set_count(cell.product_id, location, 50)
    sold = cells[7]
    sb.control.change_product(sold.product_id, location_id=location,
                              quantity=int(sold.remote_quantity or 0) + 1)  # changed on Zid
    assert eng.estimate_push().requests == 3 + 1
    sb.control.reset_stats()
    phases: list[Progress] = []
    result = await eng.push(progress=phases.append)
    assert product_requests(sb) == 1  # one incremental page: only `sold` changed on Zid
    assert (result.applied, result.conflicts) == (119, 1)
    assert result.requests == 1 + 3
    assert phases[0].phase == "refresh" and phases[-1].phase == "push"
    zid_now = sb.control.stock(sold.product_id)["stocks"][location]
    assert zid_now == (sold.remote_quantity or 0) + 1  # Zid's newer value was kept


@pytest.mark.asyncio
async def test_sales_on_zid_reach_the_cache_through_the_incremental_pull(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=150, orders=3, **FAST)
    eng = connect(sb)
    await eng.pull()
    sold = sb.control.sales(6)  # bumps updated_at of the product and of its parent
    assert len(sold) == 6
    sb.control.reset_stats()
    result = await eng.pull()
    assert not result.full and product_requests(sb) <= 2
    assert cache_catalogue(eng.cache) == sandbox_catalogue(sb)
    assert eng.cache.counts()["orders"] == 3 + 6  # the sales' new orders too


@pytest.mark.asyncio
async def test_an_edit_of_a_product_deleted_on_zid_fails_with_a_reason_the_rest_lands(
    sandbox_factory: Any, connect: Connect
) -> None:
    sb = sandbox_factory(products=100, orders=0, **FAST)
    eng = connect(sb)
    await eng.pull()
    location = eng.cache.location_ids()[0]
    cells = [
        c for pid in stocked_ids(sb, "standalone") for c in eng.cache.product_stocks(pid)
        if c.location_id == location and not c.is_infinite
    ][:5]
    changes = [eng.set_count(c.product_id, location, 30 + i) for i, c in enumerate(cells)]
    sb.control.delete_product(cells[2].product_id)
    result = await eng.push()
    assert (result.applied, result.failed) == (4, 1)
    failed = eng.cache.change(changes[2])
    assert failed is not None and failed.state is ChangeState.FAILED and failed.error
    for i, cell in enumerate(cells):
        if i != 2:
            assert sb.control.stock(cell.product_id)["stocks"][location] == 30 + i
    await eng.pull()  # the deletion reaches the cache on the next pull
    assert cells[2].product_id not in eng.cache.product_ids()
