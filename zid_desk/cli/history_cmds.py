"""Headless conflict and history commands: conflicts, resolve, history, reverse (no Qt, no
network: they read and queue in the offline cache; `zid-desk push` sends what they queue).

    zid-desk conflicts [--json]
    zid-desk resolve ID --keep-mine | --keep-zid [--json]
    zid-desk history [--json] [--limit N] [--batch ID]
    zid-desk reverse ID [--json]          (a history entry id)
    zid-desk reverse --batch ID [--json]  (a whole batch, e.g. an import)

Stable `--json` output (one JSON object on stdout; keys are only ever added):
- conflicts: {"conflicts": [{"id", "kind" ("set"|"adjust"), "product_id", "sku", "name_ar",
  "name_en", "location_id", "location", "value" (your count, or your delta for an adjust;
  null = infinite), "base_quantity" (what Zid had when you typed it), "zid_quantity" (what
  Zid had when the conflict was found), "sent_base" and "sent_value" (for an edit held
  because a push died before Zid's answer: the value it was computed from and the value it
  writes; else null), "reason", "source", "created_at"}]}, by location then oldest first.
- resolve: {"id", "kept" ("mine"|"zid"), "queued" (the new change id, or null)}.
- history: {"entries": [{"id", "at", "product_id", "sku", "name_ar", "name_en",
  "location_id", "location", "old", "new", "source", "result" ("applied"|"failed:..."),
  "batch_id", "outbox_id", "reversed_by"}]}, newest first.
- reverse: {"queued": [change ids]}.

Errors: one line on stderr, exit 1 (unknown id, nothing to reverse, ...), 3 not signed in.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from zid_desk.api.errors import SignedOutError
from zid_desk.cache import Cache, CacheError
from zid_desk.cache.records import JournalEntry, JournalFilter, OutboxChange
from zid_desk.cli.sync_cmds import _fail, _open_cache
from zid_desk.sync import SyncEngine

DEFAULT_HISTORY_LIMIT = 50


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("conflicts", help="edits held because Zid's value changed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_conflicts)

    p = subparsers.add_parser("resolve", help="settle a conflict (see `conflicts`)")
    p.add_argument("id", type=int, metavar="ID", help="the conflict's change id")
    keep = p.add_mutually_exclusive_group(required=True)
    keep.add_argument("--keep-mine", dest="keep", action="store_const", const="mine",
                      help="send your value (a count) or your delta (an adjustment) again")
    keep.add_argument("--keep-zid", dest="keep", action="store_const", const="zid",
                      help="keep Zid's value and drop your edit")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_resolve)

    p = subparsers.add_parser(
        "history", help="stock changes sent to Zid, applied or failed (newest first)"
    )
    p.add_argument("--limit", type=int, default=DEFAULT_HISTORY_LIMIT, metavar="N",
                   help=f"at most N entries (default {DEFAULT_HISTORY_LIMIT})")
    p.add_argument("--batch", type=int, metavar="ID", help="only the entries of one batch")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_history)

    p = subparsers.add_parser("reverse", help="queue the reversal of a history entry or batch")
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("id", type=int, nargs="?", metavar="ID", help="a history entry id")
    target.add_argument("--batch", type=int, metavar="ID", help="a whole batch (an import)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_reverse)


def _cache_or_fail(args: argparse.Namespace) -> Cache | int:
    try:
        return _open_cache(args)
    except SignedOutError as exc:
        return _fail(str(exc), 3)
    except CacheError as exc:
        return _fail(str(exc))


def _location(name_en: str, name_ar: str, location_id: str) -> str:
    return name_en or name_ar or location_id


def _qty(value: int | None) -> str:
    return "infinite" if value is None else str(value)


def _conflict_json(c: OutboxChange) -> dict[str, Any]:
    return {
        "id": c.id, "kind": c.kind.value, "product_id": c.product_id, "sku": c.sku,
        "name_ar": c.name_ar, "name_en": c.name_en, "location_id": c.location_id,
        "location": _location(c.location_name_en, c.location_name_ar, c.location_id),
        "value": c.value, "base_quantity": c.base_quantity, "zid_quantity": c.remote_at_conflict,
        "sent_base": c.sent_base if c.sent_value is not None else None,
        "sent_value": c.sent_value,
        "reason": c.error or "", "source": c.source, "created_at": c.created_at.isoformat(),
    }


def _conflicts(args: argparse.Namespace) -> int:
    cache = _cache_or_fail(args)
    if isinstance(cache, int):
        return cache
    try:
        rows = [_conflict_json(c) for c in cache.conflicts()]
    finally:
        cache.close()
    if args.json:
        print(json.dumps({"conflicts": rows}, ensure_ascii=False))
        return 0
    if not rows:
        print("No conflicts.")
    for r in rows:
        yours = (f"{int(r['value'] or 0):+d}" if r["kind"] == "adjust"
                 else _qty(r["value"]))
        print(f"#{r['id']} {r['sku'] or r['product_id']} at {r['location']}: yours {yours}"
              f" ({r['kind']}), Zid {_qty(r['zid_quantity'])}: {r['reason']}")
    if rows:
        print("Settle each with `zid-desk resolve ID --keep-mine` or `--keep-zid`.")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    cache = _cache_or_fail(args)
    if isinstance(cache, int):
        return cache
    try:
        queued = SyncEngine(cache, None).resolve_conflict(args.id, args.keep)
    except CacheError as exc:
        return _fail(f"{exc} See `zid-desk conflicts`.")
    finally:
        cache.close()
    if args.json:
        print(json.dumps({"id": args.id, "kept": args.keep, "queued": queued}))
    elif queued is None:
        print(f"Kept Zid's value; change #{args.id} was dropped.")
    else:
        print(f"Kept your edit as change #{queued}; run `zid-desk push` to send it.")
    return 0


def _entry_json(e: JournalEntry) -> dict[str, Any]:
    return {
        "id": e.id, "at": e.at.isoformat(), "product_id": e.product_id, "sku": e.sku,
        "name_ar": e.name_ar, "name_en": e.name_en, "location_id": e.location_id,
        "location": _location(e.location_name_en, e.location_name_ar, e.location_id),
        "old": e.old, "new": e.new, "source": e.source, "result": e.result,
        "batch_id": e.batch_id, "outbox_id": e.outbox_id, "reversed_by": e.reversed_by,
    }


def _history(args: argparse.Namespace) -> int:
    if args.limit < 1:
        return _fail("--limit must be at least 1")
    cache = _cache_or_fail(args)
    if isinstance(cache, int):
        return cache
    try:
        if args.batch is not None and cache.batch(args.batch) is None:
            return _fail(f"No batch #{args.batch}.")
        entries = cache.journal_page(JournalFilter(batch_id=args.batch), 0, args.limit)
        rows = [_entry_json(e) for e in entries]
    finally:
        cache.close()
    if args.json:
        print(json.dumps({"entries": rows}, ensure_ascii=False))
        return 0
    if not rows:
        print("No history yet.")
    for r in rows:
        reversed_note = f", reversed by change #{r['reversed_by']}" if r["reversed_by"] else ""
        batch_note = f", batch #{r['batch_id']}" if r["batch_id"] else ""
        new = _qty(r["new"]) if r["result"] == "applied" else "(unchanged)"
        print(f"#{r['id']} {r['at'][:19]} {r['sku'] or r['product_id']} at {r['location']}:"
              f" {_qty(r['old'])} -> {new} {r['result']}"
              f" ({r['source']}{batch_note}{reversed_note})")
    return 0


def _reverse(args: argparse.Namespace) -> int:
    cache = _cache_or_fail(args)
    if isinstance(cache, int):
        return cache
    engine = SyncEngine(cache, None)
    try:
        if args.batch is not None:
            queued = engine.reverse_batch(args.batch)
        else:
            queued = [engine.reverse_entry(args.id)]
    except (ValueError, CacheError) as exc:
        return _fail(str(exc))
    finally:
        cache.close()
    if args.json:
        print(json.dumps({"queued": queued}))
    elif args.batch is not None:
        print(f"Queued {len(queued)} changes reversing batch #{args.batch};"
              " run `zid-desk push` to send them.")
    else:
        print(f"Queued change #{queued[0]} reversing entry #{args.id};"
              " run `zid-desk push` to send it.")
    return 0
