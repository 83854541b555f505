"""Start-up paths: the GUI sign-in dialog end to end against the sandbox's OAuth (URL shown
with a Copy button, scripted browser approves), sign-in errors, sign-out keeping the cache,
the crash handler, `--self-test`, and the demo screenshot command."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from auth.helpers import ScriptedBrowser, free_port
from conftest import wait_until
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from zid_desk.api.client import make_http_client
from zid_desk.api.errors import NetworkError
from zid_desk.settings import Settings
from zid_desk.ui.context import AppContext
from zid_desk.ui.crash import CrashHandler
from zid_desk.ui.dialogs.signin import SignInDialog, ask_sign_out

from .conftest import ROOT, close_context, make_demo_context

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def oauth_sandbox(sandbox_factory):
    port = free_port()
    sb = sandbox_factory(
        rate_limit=6000, burst=600, redirect_uris=[f"http://127.0.0.1:{port}/callback"]
    )
    return sb, port


def signin_context(profile, sb, port) -> AppContext:
    settings = Settings(
        api_base=sb.info["api_base"],
        oauth_base=sb.info["oauth_base"],
        client_id=sb.info["client_id"],
        redirect_uri=f"http://127.0.0.1:{port}/callback",
        callback_port=port,
        rate_limit_per_minute=6000,
    )
    settings.save(profile.settings_path)
    return AppContext(profile, settings, http=make_http_client(), lang="en")


@pytest.mark.asyncio
async def test_sign_in_dialog_end_to_end(oauth_sandbox, ui_profile, qtbot) -> None:
    sb, port = oauth_sandbox
    ctx = signin_context(ui_profile, sb, port)
    browser = ScriptedBrowser("approve")
    try:
        dialog = SignInDialog(ctx)
        qtbot.addWidget(dialog)
        opened: list[str] = []

        def fake_open(url: str) -> bool:  # offscreen: no browser, as on many machines
            opened.append(url)
            return False

        dialog.open_browser = fake_open  # type: ignore[method-assign]
        dialog.client_secret.setText(sb.info["client_secret"])
        dialog.show()
        assert not dialog.url.isVisible()
        dialog.sign_in_button.click()
        await wait_until(lambda: dialog.url.text() != "")
        url = dialog.url.text()
        assert url.startswith(f"{sb.oauth_base}/oauth/authorize?")
        assert dialog.url.isVisible() and dialog.url.isReadOnly()
        assert opened == [url]
        dialog.copy_button.click()
        assert QGuiApplication.clipboard().text() == url
        await browser.run(url)
        await wait_until(lambda: ctx.signed_in, timeout=20)
        assert dialog.result() == dialog.DialogCode.Accepted
        assert ctx.settings.store_id == str(sb.info["store_id"])
        assert ctx.cache is not None and ctx.engine is not None
        assert sb.info["client_secret"] not in ui_profile.settings_path.read_text()
        # the first sync starts by itself
        cache = ctx.cache
        await wait_until(lambda: cache.counts()["products"] > 0, timeout=30)
        await wait_until(lambda: not ctx.busy, timeout=30)
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_sign_in_dialog_shows_denial_and_busy_port(oauth_sandbox, ui_profile, qtbot) -> None:
    sb, port = oauth_sandbox
    ctx = signin_context(ui_profile, sb, port)
    try:
        dialog = SignInDialog(ctx)
        qtbot.addWidget(dialog)
        dialog.open_browser = lambda url: False  # type: ignore[method-assign]
        dialog.client_secret.setText(sb.info["client_secret"])
        dialog.show()
        dialog.sign_in_button.click()
        await wait_until(lambda: dialog.url.text() != "")
        await ScriptedBrowser("deny").run(dialog.url.text())
        await wait_until(lambda: dialog.sign_in_button.isEnabled())
        assert dialog.status.text() == (
            "Access was not approved in the browser: sign in again and approve."
        )
        assert not ctx.signed_in and dialog.isVisible()
        # the callback port is taken by another program
        blocker = await asyncio.start_server(lambda r, w: None, "127.0.0.1", port)
        try:
            dialog.sign_in_button.click()
            await wait_until(lambda: dialog.sign_in_button.isEnabled())
            assert f"The callback port {port} is in use" in dialog.status.text()
        finally:
            blocker.close()
            await blocker.wait_closed()
        # a short timeout ends with a clear message too
        dialog.timeout = 0.3
        dialog.sign_in_button.click()
        await wait_until(lambda: dialog.sign_in_button.isEnabled())
        assert dialog.status.text() == "Nobody approved the sign-in within 5 minutes: try again."
        dialog.close()
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_sign_out_keeps_the_cache_and_queued_edits(
    ui_sandbox, ui_profile, memory_keyring, qtbot
) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox)
    try:
        row = (
            ctx.cache.connection()
            .execute("SELECT product_id, location_id FROM stocks WHERE is_infinite = 0 LIMIT 1")
            .fetchone()
        )
        ctx.edit_count(str(row[0]), str(row[1]), 11)
        store_id = ctx.settings.store_id
        cache_path = ui_profile.cache_path(store_id)
        flow = asyncio.ensure_future(ask_sign_out(ctx, None))
        box = None

        def find_box() -> bool:
            nonlocal box
            box = next(
                (
                    w
                    for w in QApplication.topLevelWidgets()
                    if isinstance(w, QMessageBox) and w.isVisible()
                ),
                None,
            )
            return box is not None

        await wait_until(find_box)
        assert box is not None and "1 edits are not pushed yet." in box.informativeText()
        keep = box.findChild(QPushButton, "keep_cache")
        assert keep is not None
        keep.click()
        assert await flow is True
        assert not ctx.signed_in
        assert cache_path.exists()
        assert ctx.cache is not None and ctx.pending_count() == 1
        assert not any(k[1].startswith("tokens:") for k in memory_keyring.values)
        # signed out, sync asks to sign in again
        assert ctx.start_sync() is None
    finally:
        await close_context(ctx)


def test_crash_handler_logs_and_names_the_log_file(ui_profile, qtbot, caplog) -> None:
    handler = CrashHandler(ui_profile.log_path)
    expected: list[BaseException] = []
    handler.report_expected = expected.append
    with caplog.at_level(logging.CRITICAL, logger="zid_desk.crash"):
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError as exc:
            handler.handle(exc)
    assert handler.count == 1
    assert "boom in a slot" in caplog.text
    box = handler.dialogs[-1]
    qtbot.addWidget(box)
    assert box.isVisible()
    assert str(ui_profile.log_path) in box.informativeText()
    # an expected error that escaped a slot becomes a message, not a crash dialog
    handler.handle(NetworkError("offline"))
    assert handler.count == 1 and len(expected) == 1
    box.close()


def run_cli(
    *args: str, timeout: float = 90, display: bool = True
) -> subprocess.CompletedProcess[str]:
    """`display=False`: as on a machine with no screen (no DISPLAY, WAYLAND_DISPLAY nor
    QT_QPA_PLATFORM)."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHON_KEYRING_BACKEND=("keyring.backends.fail.Keyring"),
    )
    if not display:
        for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "zid_desk", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_demo_screenshot_command_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "orders_ar.png"
    result = run_cli(
        "--profile",
        str(tmp_path / "demo"),
        "--demo",
        "--lang",
        "ar",
        "--screenshot",
        str(out),
        "--view",
        "orders",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    image = QImage(str(out))
    assert not image.isNull()
    assert image.width() >= 800 and image.height() >= 500
    settings = Settings.load(tmp_path / "demo" / "config" / "settings.json")
    assert settings.extra.get("demo") is True and settings.store_id


def test_no_display_says_what_to_do_instead_of_a_qt_abort(tmp_path: Path) -> None:
    result = run_cli("--profile", str(tmp_path), "--demo", display=False, timeout=30)
    assert result.returncode == 2
    assert "needs a desktop session" in result.stderr and "--self-test" in result.stderr
    assert "Reinstalling" not in result.stderr  # Qt's misleading hint never shows


def test_a_screenshot_needs_no_display(tmp_path: Path) -> None:
    out = tmp_path / "stock_en.png"
    result = run_cli(
        "--profile", str(tmp_path / "demo"), "--demo", "--lang", "en", "--screenshot", str(out),
        display=False,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
