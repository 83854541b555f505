"""The headless CLI against the sandbox over loopback, in-process through
`zid_desk.cli.main([...])` (cheaper than subprocesses; the crash test covers those): status,
push, conflicts, resolve, history, reverse; errors are one line and a non-zero exit."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from zid_desk.cache import Cache, NewChange
from zid_desk.cli import main
from zid_desk.domain import ChangeKind
from zid_desk.profile import Profile
from zid_desk.sandbox.server import SandboxServer
from zid_desk.settings import Settings

STATUS_KEYS = {"store_id", "locations", "products", "stocks", "orders", "pending",
               "conflicts", "last_sync"}


@dataclass
class Cli:
    sb: SandboxServer
    profile: Path
    capsys: Any

    def __call__(self, *args: str) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main(["--profile", str(self.profile), *args])
        out, err = self.capsys.readouterr()
        return code, out, err

    def json(self, *args: str) -> Any:
        code, out, err = self(*args, "--json")
        assert code == 0, err
        return json.loads(out)

    def cache(self) -> Cache:
        return Cache.open(Profile.in_dir(self.profile).cache_path(self.sb.info["store_id"]))

    def remote(self, product_id: str, location_id: str) -> int:
        return int(self.sb.control.stock(product_id)["stocks"][location_id])


@pytest.fixture
def cli(sandbox_factory: Any, tmp_path: Path, capsys: Any, monkeypatch: Any) -> Iterator[Cli]:
    # a fresh process-wide limiter, at the sandbox's budget (not Zid's 60/min default)
    monkeypatch.setattr("zid_desk.api.limiter._registry", {})
    sb = sandbox_factory(products=20, locations=3, orders=3, rate_limit=6000, burst=100)
    c = Cli(sb, tmp_path / "profile", capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(sb.info["tokens"])))
    code, _out, err = c("login", "--with-tokens", "--api-base", sb.api_base,
                        "--oauth-base", sb.oauth_base)
    assert code == 0, err
    settings_path = Profile.in_dir(c.profile).settings_path
    settings = Settings.load(settings_path)
    settings.rate_limit_per_minute = 6000
    settings.save(settings_path)
    code, _out, err = c("sync")
    assert code == 0, err
    yield c


def cells(c: Cli, n: int) -> list[tuple[str, str, str, int]]:
    """n finite cells on different products: (sku, product_id, location_id, quantity)."""
    cache = c.cache()
    out = []
    for pid in sorted(cache.product_ids()):
        ref = cache.product(pid)
        for cell in cache.product_stocks(pid):
            if ref and ref.sku and not cell.is_infinite and (cell.quantity or 0) >= 5:
                out.append((ref.sku, pid, cell.location_id, int(cell.quantity or 0)))
                break
    cache.close()
    assert len(out) >= n
    return out[:n]


def one_line_error(code: int, err: str, expected_code: int, text: str) -> None:
    assert code == expected_code, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and text in lines[0], err


def test_status_and_push_print_their_stable_keys(cli: Cli) -> None:
    status = cli.json("status")
    assert set(status) >= STATUS_KEYS
    assert status["store_id"] == str(cli.sb.info["store_id"]) and status["last_sync"]
    assert status["products"] >= 20 and status["locations"] == 3 and status["orders"] == 3
    assert (status["pending"], status["conflicts"]) == (0, 0)
    assert cli("push")[1].strip() == "Nothing to push."

    sku, pid, lid, _qty = cells(cli, 1)[0]
    cache = cli.cache()
    location = cache.location_by_key(lid)
    cache.close()
    assert location is not None and location.name_ar
    assert cli("set", sku, "--location", location.name_ar, "30")[0] == 0  # LOC by Arabic name
    assert cli("adjust", sku, "--location", location.name_en, "--", "-4")[0] == 0
    assert cli.json("status")["pending"] == 2

    pushed = cli.json("push")
    assert {"applied", "failed", "conflicts", "requests"} <= set(pushed)
    assert (pushed["applied"], pushed["failed"], pushed["conflicts"]) == (2, 0, 0)
    assert pushed["requests"] >= 2  # the refresh and one write
    assert cli.remote(pid, lid) == 26
    assert cli.json("status")["pending"] == 0


def test_conflicts_then_resolve_keep_mine_and_keep_zid(cli: Cli) -> None:
    (sku_a, pid_a, lid_a, qty_a), (sku_b, pid_b, lid_b, qty_b) = cells(cli, 2)
    assert cli("set", sku_a, "--location", lid_a, "50")[0] == 0
    assert cli("set", sku_b, "--location", lid_b, "60")[0] == 0
    cli.sb.control.change_product(pid_a, location_id=lid_a, quantity=qty_a - 1)  # sales
    cli.sb.control.change_product(pid_b, location_id=lid_b, quantity=qty_b - 2)
    code, out, _err = cli("push")
    assert code == 0 and "conflicts: 2" in out and "see `zid-desk conflicts`" in out

    listed = cli.json("conflicts")["conflicts"]
    by_product = {c["product_id"]: c for c in listed}
    assert set(by_product) == {pid_a, pid_b}
    a = by_product[pid_a]
    assert (a["kind"], a["value"], a["base_quantity"], a["zid_quantity"]) == (
        "set", 50, qty_a, qty_a - 1)
    assert a["sku"] == sku_a and a["location_id"] == lid_a and a["reason"]
    code, out, _err = cli("conflicts")
    assert code == 0 and f"#{a['id']} {sku_a}" in out and "resolve" in out

    kept = cli.json("resolve", str(a["id"]), "--keep-mine")
    assert kept["kept"] == "mine" and isinstance(kept["queued"], int)
    code, out, _err = cli("resolve", str(by_product[pid_b]["id"]), "--keep-zid")
    assert code == 0 and "Kept Zid's value" in out
    assert cli.json("conflicts") == {"conflicts": []}
    assert cli("conflicts")[1].strip() == "No conflicts."

    assert cli.json("push")["applied"] == 1
    assert cli.remote(pid_a, lid_a) == 50  # mine, sent on top of the sale
    assert cli.remote(pid_b, lid_b) == qty_b - 2  # Zid's value kept

    one_line_error(*cli("resolve", str(a["id"]), "--keep-zid")[::2], 1, "is not a conflict")
    one_line_error(*cli("resolve", "9999", "--keep-mine")[::2], 1, "#9999")
    with pytest.raises(SystemExit) as usage:  # neither --keep-mine nor --keep-zid
        cli("resolve", "1")
    assert usage.value.code == 2


def test_history_and_reverse_an_entry(cli: Cli) -> None:
    sku, pid, lid, qty = cells(cli, 1)[0]
    assert cli.json("history") == {"entries": []}
    assert cli("history")[1].strip() == "No history yet."
    cli("set", sku, "--location", lid, "77")
    cli("adjust", sku, "--location", lid, "3")
    assert cli.json("push")["applied"] == 2

    entries = cli.json("history")["entries"]
    assert [(e["old"], e["new"], e["result"]) for e in entries] == [
        (77, 80, "applied"), (qty, 77, "applied")]  # newest first
    assert entries[0]["sku"] == sku and entries[0]["location_id"] == lid
    assert len(cli.json("history", "--limit", "1")["entries"]) == 1
    code, out, _err = cli("history")
    assert code == 0 and f"{qty} -> 77 applied" in out

    newest = entries[0]["id"]
    queued = cli.json("reverse", str(newest))["queued"]
    assert len(queued) == 1
    assert cli.json("push")["applied"] == 1
    assert cli.remote(pid, lid) == 77  # back to the entry's old value
    again = cli.json("history")["entries"]
    assert again[0]["source"] == f"reverse:{newest}" and (again[0]["old"], again[0]["new"]) == (
        80, 77)
    assert next(e for e in again if e["id"] == newest)["reversed_by"] == queued[0]

    one_line_error(*cli("reverse", str(newest))[::2], 1, "already reversed")
    one_line_error(*cli("reverse", "9999")[::2], 1, "No history entry #9999")
    one_line_error(*cli("history", "--limit", "0")[::2], 1, "--limit")


def test_reverse_a_whole_batch(cli: Cli) -> None:
    picked = cells(cli, 3)
    cache = cli.cache()
    batch_id = cache.enqueue_many(
        [NewChange(ChangeKind.SET, pid, lid, qty + 10) for _sku, pid, lid, qty in picked]
        + [NewChange(ChangeKind.ADJUST, picked[0][1], picked[0][2], 5)],
        batch_name="counts.csv", source="csv:counts.csv",
    )
    cache.close()
    assert cli.json("push")["applied"] == 4
    assert cli.remote(picked[0][1], picked[0][2]) == picked[0][3] + 15
    assert len(cli.json("history", "--batch", str(batch_id))["entries"]) == 4

    code, out, err = cli("reverse", "--batch", str(batch_id))
    assert code == 0 and "Queued 3 changes" in out, err  # one per cell
    assert cli.json("push")["applied"] == 3
    for _sku, pid, lid, qty in picked:
        assert cli.remote(pid, lid) == qty  # every cell back to before the batch
    assert all(e["reversed_by"] for e in cli.json("history", "--batch", str(batch_id))["entries"])

    one_line_error(*cli("reverse", "--batch", str(batch_id))[::2], 1, "nothing applied left")
    one_line_error(*cli("reverse", "--batch", "999")[::2], 1, "No batch #999")
    one_line_error(*cli("history", "--batch", "999")[::2], 1, "No batch #999")


def test_errors_are_one_line_not_signed_in_and_offline(
    cli: Cli, tmp_path: Path, capsys: Any
) -> None:
    nobody = Cli(cli.sb, tmp_path / "nobody", capsys)
    for args in (["conflicts"], ["history"], ["reverse", "1"], ["resolve", "1", "--keep-zid"],
                 ["push"], ["stock", "X"]):
        one_line_error(*nobody(*args)[::2], 3, "Not signed in")
    status = nobody.json("status")
    assert set(status) >= STATUS_KEYS and status["store_id"] is None
    assert status["pending"] is None and status["signed_in"] is False

    sku, _pid, lid, _qty = cells(cli, 1)[0]
    assert cli("set", sku, "--location", lid, "12")[0] == 0
    one_line_error(*cli("set", sku, "--location", "Atlantis", "1")[::2], 2, "Atlantis")
    cache = cli.cache()
    with cache.push_lock():  # e.g. the app is pushing this store right now
        one_line_error(*cli("push")[::2], 1, "Another Zid Desk")
    cache.close()
    cli.sb.stop()  # the network is gone
    one_line_error(*cli("push")[::2], 4, "")
    assert cli.json("status")["pending"] == 1  # the edit is still queued


def test_history_shows_a_write_zid_refused(cli: Cli) -> None:
    with cli.sb.state.lock:
        parent = next(p for p in cli.sb.state.products.values() if p.structure == "parent")
        parent_id = parent.id
    cache = cli.cache()
    location_id = cache.location_ids()[0]
    sku = (cache.product(parent_id) or pytest.fail("parent not cached")).sku
    cache.close()
    assert cli("set", sku, "--location", location_id, "5")[0] == 0
    code, out, _err = cli("push")
    assert code == 0 and "failed: 1" in out and "failed: " in out.splitlines()[-1]
    entry = cli.json("history")["entries"][0]
    assert entry["product_id"] == parent_id and entry["result"].startswith("failed:")
    assert entry["new"] is None
    code, out, _err = cli("history")
    assert "(unchanged) failed:" in out
    one_line_error(*cli("reverse", str(entry["id"]))[::2], 1, "did not reach Zid")
