"""Starts the desktop app (or, until the window exists, the headless demo walk)."""

from __future__ import annotations

import argparse


def run_gui(args: argparse.Namespace, extra: list[str]) -> int:
    gui = argparse.ArgumentParser(prog="zid-desk")
    gui.add_argument("--demo", action="store_true", help="run against the built-in sandbox")
    gui.add_argument("--lang", choices=["ar", "en"])
    gui.add_argument("--screenshot", metavar="OUT.png")
    gui.add_argument("--view", choices=["stock", "locations", "orders"], default="stock")
    gui.add_argument("--self-test", action="store_true")
    opts = gui.parse_args(extra)
    from zid_desk.ui.app import run  # noqa: PLC0415  (Qt is imported only here)

    return run(args, opts)
