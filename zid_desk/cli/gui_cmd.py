"""Starts the desktop app (`zid-desk` with no sub-command). Qt is imported only here."""

from __future__ import annotations

import argparse


def run_gui(args: argparse.Namespace, extra: list[str]) -> int:
    gui = argparse.ArgumentParser(prog="zid-desk")
    gui.add_argument("--demo", action="store_true", help="run against the built-in sandbox")
    gui.add_argument("--lang", choices=["ar", "en"], help="UI language for this run")
    gui.add_argument(
        "--screenshot", metavar="OUT.png", help="save the window after the first sync and exit"
    )
    gui.add_argument(
        "--view",
        choices=["stock", "locations", "orders"],
        default="stock",
        help="page to show (with --screenshot)",
    )
    gui.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation end to end (Qt, translations, cache, sandbox sign-in,"
        " pull, push) offscreen with throw-away data; prints one line, exit 0 = ok",
    )
    gui.add_argument(
        "--with-display",
        action="store_true",
        help="with --self-test: use the real display instead of offscreen",
    )
    gui.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="with --self-test: fail after SECONDS (default 60)",
    )
    opts = gui.parse_args(extra)
    from zid_desk.ui.app import run

    return run(args, opts)
