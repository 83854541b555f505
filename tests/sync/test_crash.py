"""kill -9 of `zid-desk push` at random points (issue 3 §5): every edit reaches Zid exactly
once, none is lost, and an adjustment whose answer was lost is never applied twice even when
a sale lands before the restart.

The sandbox runs in this test process (a thread), so it outlives the killed push subprocess.
Kills come three ways: at a random time after start; at a random time after the push has
durably marked its changes `sending` (stock-update requests are slowed with the sandbox's
latency fault, so these land mid-request; the sandbox drops a request whose client went away
before it reads the body); and from inside the sandbox right after it applied a write, before
its answer leaves (`AnswerLost`): the one case where Zid has the value and the outbox does
not know it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from zid_desk.cache import Cache
from zid_desk.cache.records import StockCell
from zid_desk.domain import ChangeState
from zid_desk.profile import Profile
from zid_desk.sandbox.server import SandboxOptions, SandboxServer
from zid_desk.settings import Settings
from zid_desk.sync import SyncEngine

ROOT = Path(__file__).resolve().parents[2]
AUTH_TESTS = ROOT / "tests" / "auth"  # fake_keyring.JsonFileKeyring lives there
WRITE_LATENCY_MS = 120
STOCK_UPDATE = "/v1/locations"  # path prefix of POST /v1/locations/{id}/stock-update/
STOCK_UPDATE_TEMPLATE = "POST /v1/locations/{location_id}/stock-update/"  # in sandbox stats

Cell = tuple[str, str]  # (product_id, location_id)


class AnswerLost:
    """Wraps the sandbox's stock writes: once armed, SIGKILLs the push process right after
    its `items`-th written item, so that request's whole batch lands but its answer never
    reaches the push."""

    def __init__(self, state: Any) -> None:
        self._write = state.set_stock
        self._pid: int | None = None
        self._countdown = 0
        state.set_stock = self._set_stock

    def arm(self, pid: int, items: int) -> None:
        self._pid, self._countdown = pid, items

    def disarm(self) -> None:
        self._pid = None

    def _set_stock(self, *args: Any, **kwargs: Any) -> Any:
        out = self._write(*args, **kwargs)
        if self._pid is not None:
            self._countdown -= 1
            if self._countdown <= 0:
                os.kill(self._pid, signal.SIGKILL)
                self._pid = None
        return out


@dataclass
class Store:
    sb: SandboxServer
    env: dict[str, str]
    profile: Path
    cache_path: Path
    answer_lost: AnswerLost

    def cli(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "zid_desk", "--profile", str(self.profile), *args],
            input=stdin, env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=60,
        )

    def start_push(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "zid_desk", "--profile", str(self.profile), "push", "--json"],
            env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def remote(self, cell: Cell) -> int | None:
        value = self.sb.control.stock(cell[0])["stocks"].get(cell[1])
        return None if value is None else int(value)

    def _read_only(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{self.cache_path}?mode=ro", uri=True, timeout=5)

    def landed_unrecorded(self) -> int:
        """`sending` changes whose value is on Zid: the kill hit between write and record."""
        with closing(self._read_only()) as conn:
            rows = conn.execute(
                "SELECT product_id, location_id, max(id), sent_value FROM outbox"
                " WHERE state = 'sending' GROUP BY product_id, location_id"
            ).fetchall()
        return sum(self.remote((pid, lid)) == value for pid, lid, _id, value in rows)

    def outbox_states(self) -> dict[str, int]:
        """Read-only look at the push subprocess's durable outbox."""
        with closing(self._read_only()) as conn:
            return dict(conn.execute("SELECT state, count(*) FROM outbox GROUP BY state"))


def _cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(AUTH_TESTS), str(ROOT)])
    env["PYTHON_KEYRING_BACKEND"] = "fake_keyring.JsonFileKeyring"
    env["ZID_TEST_KEYRING_FILE"] = str(tmp_path / "os-keyring.json")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    options = SandboxOptions(products=150, locations=4, orders=3, rate_limit=6000, burst=100)
    with SandboxServer(options) as sb:
        profile = tmp_path / "profile"
        st = Store(sb, _cli_env(tmp_path), profile,
                   Profile.in_dir(profile).cache_path(sb.info["store_id"]), AnswerLost(sb.state))
        out = st.cli("login", "--with-tokens", "--api-base", sb.api_base,
                     "--oauth-base", sb.oauth_base, stdin=json.dumps(sb.info["tokens"]))
        assert out.returncode == 0, out.stderr
        settings_path = Profile.in_dir(profile).settings_path
        settings = Settings.load(settings_path)
        settings.rate_limit_per_minute = 6000  # the sandbox's budget, not the 60/min default
        settings.save(settings_path)
        out = st.cli("sync")
        assert out.returncode == 0, out.stderr
        yield st


def stock_cell(cache: Cache, cell: Cell) -> StockCell:
    found = cache.stock_cell(*cell)
    assert found is not None, cell
    return found


def finite_cells(cache: Cache, minimum: int = 10) -> list[Cell]:
    cells = [
        (pid, c.location_id)
        for pid in sorted(cache.product_ids())
        for c in cache.product_stocks(pid)
        if not c.is_infinite and c.remote_quantity is not None and c.remote_quantity >= minimum
    ]
    assert len(cells) >= 300, "the sandbox data has too few finite stocks"
    return cells


def queue_round(
    cache: Cache, rng: random.Random, cells: list[Cell], expected: dict[Cell, int], n: int,
    touched: set[Cell],
) -> int:
    """Queue `n` cells' worth of edits (sets and adjusts, some cells twice) and update the
    expected Zid values. A SET is only typed on a cell with nothing unsent, so no edit is
    superseded and each one must reach Zid."""
    engine = SyncEngine(cache, None)
    queued = 0
    for cell in rng.sample(cells, n):
        value = expected[cell]
        busy = bool(stock_cell(cache, cell).pending)
        if not busy and rng.random() < 0.5:
            value = rng.randint(20, 200)
            engine.set_count(*cell, value, source="crash-test")
        else:
            delta = rng.choice([-3, -1, 2, 5, 7])
            if value + delta < 0:
                delta = -delta
            value += delta
            engine.adjust(*cell, delta, source="crash-test")
        queued += 1
        if rng.random() < 0.3:  # a second edit of the same cell: a chain in one push
            delta = rng.randint(1, 9)
            value += delta
            engine.adjust(*cell, delta, source="crash-test")
            queued += 1
        expected[cell] = value
        touched.add(cell)
    return queued


def kill_mid_push(st: Store, rng: random.Random, when: str) -> None:
    """Start a push and SIGKILL it: `when` = "random" (any time after start), "sending"
    (once changes are durably marked sending, plus a random part of the write window) or
    "answer_lost" (by the sandbox, right after a write landed)."""
    proc = st.start_push()
    try:
        if when == "answer_lost":
            pending = st.outbox_states().get("queued", 0) + st.outbox_states().get("sending", 0)
            st.answer_lost.arm(proc.pid, rng.randint(1, max(1, pending // 2)))
        elif when == "random":
            time.sleep(rng.uniform(0.2, 2.0))
            proc.send_signal(signal.SIGKILL)
        else:
            _wait(lambda: st.outbox_states().get("sending", 0) > 0 or proc.poll() is not None)
            time.sleep(rng.uniform(0.0, 0.8))
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        st.answer_lost.disarm()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    time.sleep(WRITE_LATENCY_MS / 1000 + 0.2)  # let the dead process's last request end


def push_until_done(st: Store) -> list[dict[str, Any]]:
    results = []
    for _ in range(5):
        out = st.cli("push", "--json")
        assert out.returncode == 0, out.stderr
        results.append(json.loads(out.stdout))
        states = st.outbox_states()
        if not states.get("queued") and not states.get("sending"):
            return results
    raise AssertionError(f"still pending after 5 pushes: {st.outbox_states()}")


def test_kill_9_at_random_points_applies_every_edit_exactly_once(store: Store) -> None:
    st = store
    rng = random.Random(20261201)
    st.sb.control.inject("latency", count=100_000, path_prefix=STOCK_UPDATE, method="POST",
                         latency_ms=WRITE_LATENCY_MS)
    cache = Cache.open(st.cache_path)
    cells = finite_cells(cache)
    expected = {cell: int(stock_cell(cache, cell).remote_quantity or 0) for cell in cells}
    touched: set[Cell] = set()
    queued = 0
    figures: dict[str, int] = {"kills": 0, "left_sending": 0, "landed_unrecorded": 0}
    rounds = ["answer_lost", "sending", "random", "answer_lost", "sending"]
    for round_no, when in enumerate(rounds):
        queued += queue_round(
            cache, rng, cells, expected, 240 if round_no == 0 else 60, touched
        )
        kill_mid_push(st, rng, when)
        figures["kills"] += 1
        figures["left_sending"] += st.outbox_states().get("sending", 0)
        figures["landed_unrecorded"] += st.landed_unrecorded()
    print("\ncrash figures:", figures, "edits:", queued)
    results = push_until_done(st)
    # the kills really hit pushes mid-flight, some right after Zid took a write
    assert figures["left_sending"] > 0 and figures["landed_unrecorded"] > 0, figures
    assert all(r["conflicts"] == 0 and r["failed"] == 0 for r in results), results

    for cell in cells:  # no adjustment doubled, none lost, nothing else touched
        assert st.remote(cell) == expected[cell], cell
    changes = cache.outbox_page(limit=10_000)
    assert len(changes) == queued
    assert {c.state for c in changes} == {ChangeState.APPLIED}
    for change in changes:  # one applied journal entry per edit
        entries = cache.journal_for_change(change.id)
        assert [e.result for e in entries] == ["applied"], (change, entries)
    for cell in touched:  # the cache agrees with Zid
        assert stock_cell(cache, cell).quantity == expected[cell]
    cache.close()


@pytest.mark.parametrize("landed", [True, False], ids=["landed", "lost"])
def test_a_sale_between_the_kill_and_the_restart_holds_the_adjust(
    store: Store, landed: bool
) -> None:
    st = store
    cache = Cache.open(st.cache_path)
    cell = finite_cells(cache)[0]
    base = int(st.remote(cell) or 0)
    change_id = SyncEngine(cache, None).adjust(*cell, 10, source="crash-test")
    # landed: Zid applies the write and the push dies before its answer arrives; lost: every
    # attempt is dropped before Zid handles it, and the push is killed while retrying
    if not landed:
        st.sb.control.inject("drop", count=1000, path_prefix=STOCK_UPDATE, method="POST",
                             latency_ms=200)
    proc = st.start_push()
    try:
        if landed:
            st.answer_lost.arm(proc.pid, 1)
        else:
            _wait(lambda: st.outbox_states().get("sending", 0) > 0)
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        st.answer_lost.disarm()
    assert proc.returncode == -signal.SIGKILL
    st.sb.control.clear_faults()
    time.sleep(0.3)
    assert st.remote(cell) == (base + 10 if landed else base)
    sent = cache.change(change_id)
    assert sent is not None and sent.state is ChangeState.SENDING
    assert (sent.sent_base, sent.sent_value) == (base, base + 10)

    zid_now = int(st.remote(cell) or 0) - 2  # a customer buys 2 before the restart
    st.sb.control.change_product(cell[0], location_id=cell[1], quantity=zid_now)
    out = st.cli("push", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["conflicts"] == 1
    assert st.remote(cell) == zid_now  # neither re-applied nor overwriting the sale
    held = cache.change(change_id)
    assert held is not None and held.state is ChangeState.CONFLICT
    assert held.remote_at_conflict == zid_now and "may have landed" in (held.error or "")
    out = st.cli("conflicts", "--json")
    assert out.returncode == 0, out.stderr
    [listed] = json.loads(out.stdout)["conflicts"]
    assert (listed["id"], listed["kind"], listed["value"]) == (change_id, "adjust", 10)
    assert (listed["sent_base"], listed["sent_value"], listed["zid_quantity"]) == (
        base, base + 10, zid_now)

    out = st.cli("resolve", str(change_id), "--keep-zid" if landed else "--keep-mine")
    assert out.returncode == 0, out.stderr
    out = st.cli("push", "--json")
    assert out.returncode == 0, out.stderr
    final = base + 10 - 2  # the delta exactly once, and the sale
    assert st.remote(cell) == final
    assert stock_cell(cache, cell).quantity == final
    assert cache.counts()["pending"] == 0 and cache.counts()["conflicts"] == 0
    cache.close()


def _wait(pred: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        time.sleep(0.005)


# ---------------------------------------------------------------- in-process, deterministic
# The same rule without subprocesses: the push "dies" (an exception the engine does not
# catch) right before or right after Zid takes a write, then a new push resumes.


class Died(Exception):
    """The push process died here."""


def die_on_write(eng: SyncEngine, *, after_landing: bool) -> Callable[[], None]:
    client = eng.client
    assert client is not None
    real = client.set_stocks_at_location

    async def dying(location_id: str, items: Any, **kwargs: Any) -> Any:
        if after_landing:
            await real(location_id, items, **kwargs)
        raise Died(location_id)

    client.set_stocks_at_location = dying  # type: ignore[method-assign]
    return lambda: delattr(client, "set_stocks_at_location")


async def _engine(sandbox_factory: Any, connect: Any) -> tuple[SyncEngine, Any, Cell, int]:
    sb = sandbox_factory(products=15, locations=3, orders=2, rate_limit=100_000, burst=1000)
    eng = connect(sb)
    await eng.pull()
    cell = finite_cells_of(eng.cache)[0]
    return eng, sb, cell, int(stock_cell(eng.cache, cell).remote_quantity or 0)


def finite_cells_of(cache: Cache) -> list[Cell]:
    return [
        (pid, c.location_id)
        for pid in sorted(cache.product_ids())
        for c in cache.product_stocks(pid)
        if not c.is_infinite and (c.remote_quantity or 0) >= 5
    ]


def zid(sb: Any, cell: Cell) -> int:
    return int(sb.control.stock(cell[0])["stocks"][cell[1]])


def writes(sb: Any) -> int:
    return int(sb.control.stats()["requests"].get(STOCK_UPDATE_TEMPLATE, 0))


@pytest.mark.asyncio
@pytest.mark.parametrize("landed", [True, False], ids=["answer-lost", "never-sent"])
async def test_a_chain_resumes_once_whether_or_not_it_landed(
    sandbox_factory: Any, connect: Any, landed: bool
) -> None:
    eng, sb, cell, base = await _engine(sandbox_factory, connect)
    first = eng.set_count(*cell, base + 40)
    second = eng.adjust(*cell, -2)
    restore = die_on_write(eng, after_landing=landed)
    with pytest.raises(Died):
        await eng.push()
    restore()
    assert zid(sb, cell) == (base + 38 if landed else base)
    sent = [eng.cache.change(first), eng.cache.change(second)]
    assert [(c.state, c.sent_base, c.sent_value) for c in sent if c] == [
        (ChangeState.SENDING, base, base + 40), (ChangeState.SENDING, base + 40, base + 38)]

    sb.control.reset_stats()
    result = await eng.push()
    assert (result.applied, result.conflicts, result.failed) == (2, 0, 0)
    assert writes(sb) == (0 if landed else 1)  # a landed chain is never sent again
    assert zid(sb, cell) == base + 38
    journal = [eng.cache.journal_for_change(i) for i in (first, second)]
    assert [[(e.old, e.new, e.result) for e in j] for j in journal] == [
        [(base, base + 40, "applied")], [(base + 40, base + 38, "applied")]]
    assert (await eng.push()).applied == 0 and zid(sb, cell) == base + 38


@pytest.mark.asyncio
async def test_a_count_whose_answer_was_lost_then_a_sale_is_held_not_guessed(
    sandbox_factory: Any, connect: Any
) -> None:
    eng, sb, cell, base = await _engine(sandbox_factory, connect)
    change = eng.set_count(*cell, base + 20)
    restore = die_on_write(eng, after_landing=True)
    with pytest.raises(Died):
        await eng.push()
    restore()
    sb.control.change_product(cell[0], location_id=cell[1], quantity=base + 19)  # a sale
    result = await eng.push()
    assert (result.applied, result.conflicts) == (0, 1)
    held = eng.cache.change(change)
    assert held is not None and held.state is ChangeState.CONFLICT
    assert held.remote_at_conflict == base + 19 and "may have landed" in (held.error or "")
    assert zid(sb, cell) == base + 19  # the sale was not overwritten
    assert eng.resolve_conflict(change, "zid") is None
    assert eng.cache.counts()["pending"] == 0
    assert stock_cell(eng.cache, cell).quantity == base + 19
