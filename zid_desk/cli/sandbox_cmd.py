"""`zid-desk sandbox`: placeholder until the sandbox lands."""

from __future__ import annotations


def register(subparsers) -> None:  # replaced by the sandbox implementation
    pass
