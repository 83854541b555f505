"""`zid-desk import FILE` (bulk stock from CSV/Excel) and `zid-desk export FILE`.

Both work on the signed-in store's cache (profile settings -> store id -> cache file).
`import` validates and diffs the whole file against the cache, prints the plan and its cost;
without --dry-run it queues every change as ONE outbox batch (reversible from History) and
pushes it through the sync engine, then prints the per-row outcome.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from zid_desk.cache import Cache, CacheError
from zid_desk.importer import (
    DUPLICATE_POLICIES,
    MODES,
    ExportError,
    ImportCancelled,
    ImportFileError,
    build_plan,
    choose_mapping,
    enqueue_plan,
    export_stock,
    load_snapshot,
    outcomes,
    remember,
    sniff,
    tally,
    write_report_csv,
)
from zid_desk.importer.read import iter_rows
from zid_desk.profile import Profile
from zid_desk.settings import Settings

MAX_LISTED = 20


def register(subparsers: argparse._SubParsersAction) -> None:
    imp = subparsers.add_parser(
        "import",
        help="bulk-load stock counts from a CSV or Excel file",
        description="Validate a CSV/Excel stock file against the local cache, show the "
        "changes and their cost, then queue them as one batch and push them to Zid.",
    )
    imp.add_argument("file", metavar="FILE", help=".csv, .txt or .xlsx")
    imp.add_argument(
        "--location", metavar="LOC",
        help="one location (id or Arabic/English name) for the whole file, or the default "
        "for rows with an empty location cell",
    )
    imp.add_argument("--mode", choices=MODES, default="set",
                     help="set: counts; add/subtract: goods received/removed (default set)")
    imp.add_argument("--encoding", metavar="E",
                     help="force the text encoding (e.g. utf-8, windows-1256, iso-8859-6, utf-16)")
    imp.add_argument("--delimiter", metavar="D", help="force the delimiter: , ; tab |")
    imp.add_argument("--sheet", metavar="NAME", help="workbook sheet (default: the first)")
    imp.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=FIELD",
        help="map a column (header text or 1-based number) to sku, barcode, quantity, "
        "location, name or ignore (repeatable)",
    )
    imp.add_argument(
        "--duplicates", choices=DUPLICATE_POLICIES, default="sum",
        help="rows for the same product and location: sum (add/subtract; equal counts in set "
        "mode), reject, or last (default sum)",
    )
    imp.add_argument("--dry-run", action="store_true", help="show the plan; write nothing")
    imp.add_argument("--no-push", action="store_true",
                     help="queue the batch but do not push it now (run `zid-desk push`)")
    imp.add_argument("--report", metavar="CSV", help="save the per-row report as CSV")
    imp.add_argument("--json", action="store_true", help="machine-readable output")
    imp.set_defaults(func=run_import)

    exp = subparsers.add_parser(
        "export",
        help="export stock to CSV or Excel (re-importable)",
        description="Write the cached stock (one row per product and location) to a .csv or "
        ".xlsx file that `zid-desk import` reads back unchanged.",
    )
    exp.add_argument("file", metavar="FILE", help=".csv or .xlsx")
    exp.add_argument("--location", metavar="LOC", help="one location (default: all)")
    exp.add_argument("--excel", action="store_true",
                     help="CSV for Excel: UTF-8 with BOM so Arabic shows correctly")
    exp.add_argument("--lang", choices=("ar", "en"), help="header language (default: settings)")
    exp.add_argument("--json", action="store_true", help="machine-readable output")
    exp.set_defaults(func=run_export)


# ----------------------------------------------------------------------------- helpers


class _Fail(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _store_cache_path(profile: Profile, settings: Settings) -> Path:
    if not settings.store_id:
        raise _Fail("not signed in: run `zid-desk login` first")
    path = profile.cache_path(settings.store_id)
    if not path.exists():
        raise _Fail("no local copy of the store yet: run `zid-desk sync` first")
    return path


def _progress_printer(enabled: bool, label: str) -> Any:
    last = [0.0]

    def show(done: int, total: int | None) -> None:
        now = time.monotonic()
        if not enabled or now - last[0] < 0.5:
            return
        last[0] = now
        pct = f"{100 * done // total}%" if total else str(done)
        print(f"\r{label} {pct}", end="", file=sys.stderr, flush=True)

    return show


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


# ----------------------------------------------------------------------------- import


def run_import(args: argparse.Namespace) -> int:
    try:
        return _run_import(args)
    except _Fail as exc:
        return _fail(str(exc), exc.code)
    except (ImportFileError, ExportError, CacheError, ValueError) as exc:
        return _fail(str(exc))
    except (ImportCancelled, KeyboardInterrupt):
        return _fail("import cancelled (nothing was queued)", 130)


def _run_import(args: argparse.Namespace) -> int:
    profile = Profile.resolve(args.profile)
    settings = Settings.load(profile.settings_path)
    cache_path = _store_cache_path(profile, settings)
    path = Path(args.file)
    fmt = sniff(path, args.encoding, args.delimiter, args.sheet)
    rows = iter_rows(path, fmt)
    first = next(rows, None)
    rows.close()
    if first is None:
        raise _Fail(f"{path.name} is empty")
    header = first.cells
    mapping = choose_mapping(header, settings.extra, args.map)
    interactive = not args.json and sys.stderr.isatty()
    with Cache.open(cache_path) as cache:
        snapshot = load_snapshot(
            cache,
            batch_size=settings.stock_batch_size,
            rate_per_minute=settings.rate_limit_per_minute,
        )
        plan = build_plan(
            path, snapshot, fmt, mapping,
            mode=args.mode, location=args.location, duplicates=args.duplicates,
            progress=_progress_printer(interactive, "reading"),
        )
        if interactive:
            print("\r", end="", file=sys.stderr)
        result: dict[str, Any] = {
            **plan.summary(),
            "encoding": fmt.encoding,
            "delimiter": fmt.delimiter,
            "sheet": fmt.sheet,
            "mapping": mapping.describe(header),
            "dry_run": bool(args.dry_run),
        }
        pushed: dict[str, Any] | None = None
        batch_outcomes = None
        if not args.dry_run:
            applied = enqueue_plan(cache, plan)
            result["batch_id"] = applied.batch_id
            if args.map:  # remember the user's mapping for files with this header
                settings.extra = remember(settings.extra, header, mapping)
                settings.save(profile.settings_path)
            if applied.batch_id is not None and not args.no_push:
                pushed = _push(profile, cache, interactive)
            if applied.batch_id is not None:
                batch_outcomes = outcomes(cache, plan, applied.batch_id)
            counts = tally(plan, batch_outcomes if applied.batch_id is not None else {})
            result.update(
                applied=counts["applied"], conflicts=counts["conflict"],
                failed=counts["failed"], queued=counts["queued"],
            )
            if pushed is not None:
                result["push"] = pushed
        if args.report:
            write_report_csv(args.report, plan, batch_outcomes)
            result["report"] = str(args.report)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_human(result)
    return 0


def _push(profile: Profile, cache: Cache, interactive: bool) -> dict[str, Any]:
    """Push the queued changes through the sync engine; a push problem (offline, signed
    out) leaves the batch queued and is reported, not raised."""
    try:
        from zid_desk.sync import push_pending  # type: ignore[attr-defined]
    except ImportError:
        return {"pushed": False, "error": "the sync engine is not available: run `zid-desk push`"}
    try:
        outcome = push_pending(profile, cache, progress=_progress_printer(interactive, "pushing"))
    except Exception as exc:  # an expected ZidError (offline, signed out, ...) ends up here
        if type(exc).__module__.startswith("zid_desk."):
            return {"pushed": False, "error": f"{exc} (the batch stays queued: `zid-desk push`)"}
        raise
    return {"pushed": True, **(outcome if isinstance(outcome, dict) else {})}


def _print_human(result: dict[str, Any]) -> None:
    print(
        f"{result['file']}: {result['rows']} rows ({result['encoding'] or result['sheet']}, "
        f"mode {result['mode']})"
    )
    invalid = result["invalid"]
    print(
        f"  changed: {result['changed']}  unchanged: {result['unchanged']}  "
        f"invalid: {len(invalid)}  ({result['changes']} stock changes)"
    )
    for item in invalid[:MAX_LISTED]:
        print(f"  row {item['row']}: {item['reason']}")
    if len(invalid) > MAX_LISTED:
        print(f"  ... and {len(invalid) - MAX_LISTED} more invalid rows (see --report)")
    minutes = result["eta_seconds"] / 60
    print(f"  cost: {result['requests']} API requests, about {minutes:.1f} min at the store's rate")
    if result["dry_run"]:
        print("dry run: nothing was written")
        return
    if result.get("batch_id") is None:
        print("nothing to change")
        return
    print(f"queued as batch #{result['batch_id']} (reversible from History)")
    push = result.get("push")
    if push is None:
        print("not pushed: run `zid-desk push`")
    elif not push.get("pushed"):
        print(f"not pushed: {push.get('error')}")
    print(
        f"  applied: {result['applied']}  conflicts: {result['conflicts']}  "
        f"failed: {result['failed']}  still queued: {result['queued']}"
    )
    if result.get("report"):
        print(f"report saved to {result['report']}")


# ----------------------------------------------------------------------------- export


def run_export(args: argparse.Namespace) -> int:
    try:
        profile = Profile.resolve(args.profile)
        settings = Settings.load(profile.settings_path)
        cache_path = _store_cache_path(profile, settings)
        lang = args.lang or ("ar" if settings.language == "ar" else "en")
        with Cache.open(cache_path) as cache:
            res = export_stock(
                cache, args.file, location=args.location, lang=lang, excel=args.excel
            )
    except _Fail as exc:
        return _fail(str(exc), exc.code)
    except (ExportError, CacheError, OSError) as exc:
        return _fail(str(exc))
    except (ImportCancelled, KeyboardInterrupt):
        return _fail("export cancelled", 130)
    if args.json:
        print(json.dumps({"file": str(res.path), "rows": res.rows, "format": res.format}))
    else:
        print(f"exported {res.rows} rows to {res.path}")
    return 0
