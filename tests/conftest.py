"""Shared test set-up. Facts behind each line: shared/qt-stack-notes.md."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any PySide6 import (§0.9)

import asyncio
import gc
from collections.abc import Callable, Iterator

import keyring
import keyring.backend
import keyring.errors
import pytest


def pytest_asyncio_loop_factories(config, item):
    """Async tests run on a qasync loop over the one QApplication (recipe A, §5)."""
    import qasync
    from PySide6.QtWidgets import QApplication

    return {"qasync": lambda: qasync.QEventLoop(QApplication.instance() or QApplication([]))}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        gc.collect()  # free closed loops / cyclic QObjects on the GUI thread (§0.2)


class InMemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.values[(service, username)]
        except KeyError:
            raise keyring.errors.PasswordDeleteError(username) from None


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[InMemoryKeyring]:
    """No test ever touches the machine's real keyring."""
    previous = keyring.get_keyring()
    ring = InMemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(previous)


async def wait_until(pred: Callable[[], bool], timeout: float = 10.0, step: float = 0.01) -> None:
    """Use in async tests instead of qtbot.waitUntil (§0.4)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not pred():
        if loop.time() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(step)


@pytest.fixture
def profile_dir(tmp_path):
    """A fresh `--profile` folder."""
    d = tmp_path / "profile"
    d.mkdir()
    return d


# --- sandbox fixtures ---
# (appended by the sandbox helper; see zid_desk/sandbox/__init__.py for the control API)


@pytest.fixture
def sandbox_factory():
    """Start sandboxes with chosen options: `sb = sandbox_factory(rate_limit=600, products=30)`.
    Small data by default; every sandbox started is stopped at teardown."""
    from zid_desk.sandbox.server import SandboxOptions, SandboxServer

    started = []

    def make(**options):
        opts = {"products": 40, "locations": 4, "orders": 30, **options}
        sb = SandboxServer(SandboxOptions(**opts)).start()
        started.append(sb)
        return sb

    yield make
    for sb in started:
        sb.stop()


@pytest.fixture
def sandbox(sandbox_factory):
    """A running sandbox with small data (40 products, 4 locations, 30 orders), default
    rate limit 60/min burst 10. Use sandbox_factory for other options."""
    return sandbox_factory()
