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
    gui.add_argument("--self-test", action="store_true", help="check a packaged build")
    opts = gui.parse_args(extra)
    from zid_desk.ui.app import run

    return run(args, opts)
