"""`zid-desk` command line. Each area registers its sub-commands from its own module
(listed in COMMAND_MODULES) with a `register(subparsers)` function; a sub-command's
handler is `func(args) -> int`. The GUI is started (lazily imported) when no
sub-command is given, so headless commands never load Qt."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from zid_desk import __version__

# Each module exposes `register(subparsers: argparse._SubParsersAction) -> None`.
COMMAND_MODULES: list[str] = [
    "zid_desk.cli.sandbox_cmd",
    "zid_desk.cli.sync_cmds",
    "zid_desk.cli.history_cmds",
    "zid_desk.cli.auth_cmds",
    "zid_desk.cli.import_cmds",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zid-desk",
        description="Zid Desk: inventory manager for Zid stores.",
    )
    parser.add_argument("--version", action="version", version=f"zid-desk {__version__}")
    parser.add_argument(
        "--profile", metavar="DIR", help="keep all data, settings and logs in DIR"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    commands = _command_names(parser)
    globals_only = argparse.ArgumentParser(add_help=False)
    globals_only.add_argument("--profile")
    known, rest = globals_only.parse_known_args(argv)
    if not rest or (rest[0] not in commands and rest[0] not in ("-h", "--help", "--version")):
        # No sub-command: the desktop app, with its own options (--demo, --lang, ...).
        from zid_desk.cli.gui_cmd import run_gui  # Qt only loads here

        return run_gui(known, rest)
    args = parser.parse_args(argv)
    return int(args.func(args))


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()
