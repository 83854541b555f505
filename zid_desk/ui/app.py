"""Desktop app start-up: QApplication, bundled fonts, translators and layout direction, the
qasync loop (``qasync.run(main())``, Python 3.11 and 3.12+), one shared httpx client,
logging, the crash handler, GUI-thread garbage collection, demo mode and screenshots."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import logging
import os
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from zid_desk import __version__
from zid_desk.profile import Profile
from zid_desk.settings import Settings

log = logging.getLogger(__name__)

GC_INTERVAL_MS = 1000
SCREENSHOT_TIMEOUT = 120.0
SCREENSHOT_SIZE = (1280, 800)


def make_app() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Zid Desk")
    # No display name: X11 would append it to every title ("… Zid Desk — Zid Desk").
    app.setOrganizationName("zid-desk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sa.zid.ZidDesk")  # Wayland matches the window to its .desktop
    return app


NO_DISPLAY = (
    "Zid Desk needs a desktop session to open its window, and none was found (neither "
    "DISPLAY nor WAYLAND_DISPLAY is set). Start it from the desktop, or over SSH with X "
    "forwarding (ssh -X). Without a screen: `zid-desk --self-test` checks an installation, "
    "`zid-desk --demo --screenshot OUT.png` renders the window to a file, and the "
    "command-line tools (`zid-desk --help`) work as they are."
)


def display_ready(*, screenshot: bool) -> bool:
    """Whether Qt can open a window. On Linux with no display Qt aborts with a message that
    suggests reinstalling; say what to do instead. A screenshot needs no screen: it renders
    offscreen."""
    if os.environ.get("QT_QPA_PLATFORM") or not sys.platform.startswith("linux"):
        return True
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return True
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        return True
    return False


class GuiThreadGC:
    """Cyclic GC only on the GUI thread (stack notes §0.2): a QObject caught in a cycle
    and freed from a worker thread crashes Qt. Young generations every second, a full
    collection every 30 s.

    A few seconds after start-up everything alive (modules, Qt wrappers, the window) is
    frozen out of later collections (`gc.freeze`): those objects live for the whole run, and
    scanning them made every full collection a 56 ms GUI stall; without them it takes ~2 ms
    (bench/ui_pull_stall.py). The stock data lives in SQLite, not in Python objects."""

    FREEZE_AT_TICK = 5

    def __init__(self, interval_ms: int = GC_INTERVAL_MS) -> None:
        self.ticks = 0
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def collect(self) -> None:
        self.ticks += 1
        if self.ticks == self.FREEZE_AT_TICK:
            gc.collect(2)
            gc.freeze()
            return
        gc.collect(2 if self.ticks % 30 == 0 else 1)

    def stop(self) -> None:
        self.timer.stop()
        gc.unfreeze()
        gc.enable()


def run(args: argparse.Namespace, opts: argparse.Namespace) -> int:
    """Entry point of ``zid-desk`` (GUI). Returns the process exit code."""
    if getattr(opts, "self_test", False):
        from zid_desk.ui.selftest import run_self_test

        return run_self_test(args, opts)
    demo = bool(getattr(opts, "demo", False))
    if demo:
        from zid_desk.ui.demo import demo_profile, use_demo_keyring

        use_demo_keyring()
        profile = demo_profile(getattr(args, "profile", None))
    else:
        profile = Profile.resolve(getattr(args, "profile", None))
    profile.ensure()
    try:
        from zid_desk.logs import setup_logging

        setup_logging(profile, debug=bool(getattr(args, "debug", False)))
    except ImportError:  # pragma: no cover
        logging.basicConfig(level=logging.INFO)

    if not display_ready(screenshot=bool(getattr(opts, "screenshot", None))):
        print(NO_DISPLAY, file=sys.stderr)
        return 2
    app = make_app()
    from zid_desk.ui.fonts import apply_app_font
    from zid_desk.ui.i18n import install_language, resolve_language

    apply_app_font(app)
    settings = Settings.load(profile.settings_path)
    lang = resolve_language(getattr(opts, "lang", None), settings)
    install_language(app, lang)
    sandbox: Any = None
    if demo:
        # Before qasync.run: its event-loop policy is process-wide, and the sandbox thread's
        # asyncio.run() must get a plain asyncio loop, not a Qt one.
        from zid_desk.ui.demo import start_sandbox

        sandbox = start_sandbox()
    collector = GuiThreadGC()
    collector.start()
    try:
        import qasync

        result: int = qasync.run(
            main(
                app,
                profile,
                settings,
                lang=lang,
                sandbox=sandbox,
                screenshot=getattr(opts, "screenshot", None),
                view=getattr(opts, "view", None) or "stock",
            )
        )
        return result
    finally:
        collector.stop()
        if sandbox is not None:
            sandbox.stop()


async def main(
    app: QApplication,
    profile: Profile,
    settings: Settings,
    *,
    lang: str,
    sandbox: Any = None,
    screenshot: str | None = None,
    view: str = "stock",
) -> int:
    from zid_desk.api.client import make_http_client
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.crash import CrashHandler
    from zid_desk.ui.main_window import WindowHost

    loop = asyncio.get_running_loop()
    crash = CrashHandler(profile.log_path)
    crash.install(loop)
    if screenshot:
        crash.show_dialogs = False
    # Closing a window must not end the loop under our feet: we quit when the main window
    # is closed, after an orderly shutdown (stack notes §4a "loop lifetime").
    app.setQuitOnLastWindowClosed(False)
    http = make_http_client()
    demo = sandbox is not None
    ctx: AppContext | None = None
    try:
        if demo:
            from zid_desk.ui.demo import sign_in_demo

            await sign_in_demo(profile, http, sandbox)
            settings = Settings.load(profile.settings_path)
        ctx = AppContext(profile, settings, http=http, lang=lang, demo=demo)
        ctx.crash_handler = crash.handle
        crash.report_expected = ctx.report_error
        await ctx.open_store()
        host = WindowHost(app, ctx)
        window = host.open()
        sync_task = ctx.start_sync() if ctx.signed_in else None
        if screenshot:
            return await take_screenshot(ctx, host, sync_task, Path(screenshot), view)
        if not ctx.signed_in and ctx.cache is None:
            window.open_sign_in()
        closed = asyncio.Event()
        host.closed.connect(closed.set)
        app.aboutToQuit.connect(closed.set)
        await closed.wait()
        return 0
    finally:
        if ctx is not None:
            ctx.jobs.cancel_all()
            with contextlib.suppress(Exception):
                await ctx.jobs.wait_idle(timeout=5)
            ctx.close_store()
        await http.aclose()
        crash.uninstall()


async def take_screenshot(
    ctx: Any, host: Any, sync_task: asyncio.Task[Any] | None, out: Path, view: str
) -> int:
    """Wait for the first sync, show `view`, save ``window.grab()`` as PNG."""
    if sync_task is not None:
        try:
            await asyncio.wait_for(asyncio.shield(sync_task), SCREENSHOT_TIMEOUT)
        except Exception as exc:
            print(f"zid-desk: the first sync failed: {exc}", file=sys.stderr)
            return 1
    window = host.window
    window.message_bar.hide()
    window.resize(*SCREENSHOT_SIZE)  # the same picture whatever the saved geometry
    window.show_page(view)
    for _ in range(5):  # let views lay out and paint
        await asyncio.sleep(0.05)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        print(f"zid-desk: could not write {out}", file=sys.stderr)
        return 1
    print(str(out))
    return 0
