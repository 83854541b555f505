"""Fixtures for the client tests: a real sandbox over loopback HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from zid_desk.sandbox.server import SandboxOptions, SandboxServer

from .helpers import FAST_RATE


@pytest.fixture(scope="module")
def sb() -> Iterator[SandboxServer]:
    """One sandbox per test module with a generous rate limit."""
    opts = SandboxOptions(
        rate_limit=FAST_RATE, burst=100, seed=3, products=120, locations=5, orders=60
    )
    with SandboxServer(opts) as server:
        yield server


@pytest.fixture
def fresh(sb: SandboxServer) -> SandboxServer:
    sb.control.clear_faults()
    sb.control.reset_stats()
    return sb
