"""Headless sync commands: sync, status, push, stock, set, adjust (no Qt). The conflict and
history commands are in `history_cmds`.

Errors print one line on stderr (`error: ...`). Exit codes: 1 other expected error (unknown
product, ...), 2 usage or unknown location, 3 not signed in / signed out, 4 offline,
5 rate limited.

Stable `--json` output (one JSON object on stdout; keys are only ever added):
- sync: the fields of `PullResult` (locations, products, orders, deleted, requests, full,
  cancelled, ...).
- push: {"applied", "failed", "conflicts", "requests", "failures" (failure reasons)}.
- status: the sign-in (`describe`: signed_in, store_id, store_title, manager_name,
  manager_email, api_base, oauth_base, client_id, redirect_uri, callback_port, expires_at,
  expires_in_seconds, secure_storage, warning, ...) plus the cache counts locations,
  products, stocks, orders, pending (queued/sending/failed), conflicts and last_sync (ISO
  time of the last completed pull); counts are null when no store is signed in.
- stock: {"product_id", "stocks": [{"location", "location_id", "quantity", "is_infinite",
  "pending"}]}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from dataclasses import asdict
from typing import Any

from zid_desk.api.client import make_http_client
from zid_desk.api.errors import NetworkError, RateLimitedError, SignedOutError, ZidError
from zid_desk.auth.session import connect, describe
from zid_desk.cache import Cache, CacheError
from zid_desk.profile import Profile
from zid_desk.settings import Settings
from zid_desk.sync import SyncEngine


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("sync", help="pull the signed-in store into the cache")
    p.add_argument("--full", action="store_true", help="re-read everything")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda a: _run_online(a, lambda e: e.pull(full=a.full)))
    p = subparsers.add_parser("push", help="send queued stock edits to Zid")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=lambda a: _run_online(a, _push))
    p = subparsers.add_parser("status", help="signed-in store and cache counts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_status)
    p = subparsers.add_parser("stock", help="quantities of one product per location")
    p.add_argument("code", metavar="SKU_OR_BARCODE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_stock)
    for name, help_text in (("set", "queue a count"), ("adjust", "queue a +/- change")):
        p = subparsers.add_parser(name, help=help_text)
        p.add_argument("code", metavar="SKU_OR_BARCODE")
        p.add_argument("--location", required=True, metavar="LOC", help="id or Arabic/English name")
        p.add_argument("value", type=int, metavar="QTY" if name == "set" else "DELTA")
        p.set_defaults(func=_edit, edit=name)


async def _push(engine: SyncEngine) -> Any:
    with engine.cache.push_lock():  # never two pushes of one store at once
        return await engine.push()


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _open_cache(args: argparse.Namespace) -> Cache:
    profile = Profile.resolve(args.profile).ensure()
    store_id = Settings.load(profile.settings_path).store_id
    if not store_id:
        raise SignedOutError("Not signed in: sign in first (zid-desk login).")
    return Cache.open(profile.cache_path(store_id))


def _run_online(args: argparse.Namespace, job: Callable[[SyncEngine], Awaitable[Any]]) -> int:
    async def main() -> Any:
        profile = Profile.resolve(args.profile).ensure()
        async with make_http_client() as http:
            conn = await connect(profile, http)
            cache = Cache.open(profile.cache_path(conn.profile_store_id))
            try:
                return await job(SyncEngine(cache, conn.client))
            finally:
                cache.close()

    try:
        result = asyncio.run(main())
    except SignedOutError as exc:
        return _fail(str(exc), 3)
    except RateLimitedError as exc:
        return _fail(str(exc), 5)
    except NetworkError as exc:
        return _fail(str(exc), 4)
    except (ZidError, CacheError) as exc:
        return _fail(str(exc))
    values = asdict(result)
    if args.json:
        print(json.dumps(values))
        return 0
    if args.command == "push" and not any(
        values.get(k) for k in ("applied", "failed", "conflicts", "requests")
    ):
        print("Nothing to push.")
        return 0
    print(_summary(values))
    for reason in values.get("failures") or []:
        print(f"failed: {reason}")
    if values.get("conflicts"):
        print("Some edits are held as conflicts: see `zid-desk conflicts`.")
    return 0


def _summary(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in values.items() if not isinstance(v, list))


STATUS_COUNTS = ("locations", "products", "stocks", "orders", "pending", "conflicts")


def _status(args: argparse.Namespace) -> int:
    profile = Profile.resolve(args.profile).ensure()
    info: dict[str, Any] = describe(profile)
    info.update(dict.fromkeys(STATUS_COUNTS), last_sync=None)
    if info.get("store_id"):
        try:
            cache = Cache.open(profile.cache_path(info["store_id"]))
        except CacheError as exc:
            return _fail(str(exc))
        try:
            info.update(cache.counts())
            info["last_sync"] = cache.get_state("last_sync")
        finally:
            cache.close()
    if args.json:
        print(json.dumps(info, default=str))
    else:  # one "key: value" line each, empty values left out
        width = max(len(k) for k in info)
        for key, value in info.items():
            if value not in (None, ""):
                print(f"{key + ':':<{width + 1}} {value}")
    return 0


def _stock(args: argparse.Namespace) -> int:
    try:
        cache = _open_cache(args)
    except SignedOutError as exc:
        return _fail(str(exc), 3)
    except CacheError as exc:
        return _fail(str(exc))
    product = cache.find_product_by_code(args.code)
    if product is None:
        return _fail(f"No product with SKU or barcode {args.code} in the cache (run sync).")
    cells = [
        {"location": c.location_name_en or c.location_name_ar, "location_id": c.location_id,
         "quantity": c.quantity, "is_infinite": c.is_infinite, "pending": c.pending}
        for c in cache.product_stocks(product.id)
    ]
    if args.json:
        print(json.dumps({"product_id": product.id, "stocks": cells}, ensure_ascii=False))
    else:
        for c in cells:
            qty = "infinite" if c["is_infinite"] else c["quantity"]
            print(f"{c['location']}: {qty}{' (pending)' if c['pending'] else ''}")
    return 0


def _edit(args: argparse.Namespace) -> int:
    try:
        cache = _open_cache(args)
    except SignedOutError as exc:
        return _fail(str(exc), 3)
    except CacheError as exc:
        return _fail(str(exc))
    product = cache.find_product_by_code(args.code)
    if product is None:
        return _fail(f"No product with SKU or barcode {args.code} in the cache (run sync).")
    location = cache.location_by_key(args.location)
    if location is None:
        return _fail(f"No location called {args.location}.", 2)
    engine = SyncEngine(cache, None)
    if args.edit == "set":
        change = engine.set_count(product.id, location.id, args.value, source="cli")
    else:
        change = engine.adjust(product.id, location.id, args.value, source="cli")
    print(f"queued change #{change}; run `zid-desk push` to send it")
    return 0
