"""`zid-desk --self-test`: checks that an installed or packaged Zid Desk really works.

In one process, within a time limit, against throw-away data:

0. The platform's keyring backend imports (it is loaded by name, so a bundle may lack it).
1. Qt starts (offscreen unless ``--with-display``) and the bundled fonts load.
2. Both translations load: the app's Arabic catalogue AND Qt's own ``qtbase_ar.qm`` (each
   checked by a string that must come back in Arabic), then English again.
3. A temporary cache is created and migrated to the current schema (FTS5 included).
4. The Zid sandbox starts in-process (as in demo mode) and the app signs in to it with no
   interaction; secrets go to an in-memory keyring, never the user's real one.
5. The main window opens in Arabic (right to left), Help > About shows the version and the
   font licence, the store is pulled, one count is queued and pushed, and the sandbox must
   then hold the new value.

Prints one line: ``self-test ok: ...`` on stdout and exits 0, or
``self-test failed at STEP: WHY`` on stderr and exits 1. The temporary folder is removed in
both cases. ``ZID_DESK_I18N_DIR`` points the check at another folder of compiled
translations (a translator's build; also how the tests make the check fail)."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TIMEOUT_SECONDS = 60.0
# Extra time before the watchdog ends a process stuck in C++ (where asyncio cannot time out).
WATCHDOG_GRACE = 15.0
I18N_DIR_ENV = "ZID_DESK_I18N_DIR"
EXIT_FAILED = 1

log = logging.getLogger(__name__)


class SelfTestFailure(Exception):
    def __init__(self, step: str, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


@dataclass
class Report:
    """What the checks found, for the summary line."""

    step: str = "start"
    facts: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @contextlib.contextmanager
    def check(self, step: str) -> Iterator[None]:
        """Run one step; any error in it becomes a SelfTestFailure naming the step."""
        self.step = step
        try:
            yield
        except SelfTestFailure:
            raise
        except (asyncio.CancelledError, KeyboardInterrupt):
            raise
        except BaseException as exc:
            raise SelfTestFailure(step, _describe(exc)) from exc

    def fail(self, reason: str) -> SelfTestFailure:
        return SelfTestFailure(self.step, reason)


class _WarningCollector(logging.Handler):
    """Keeps the last warnings, to explain a failure (the app logs why a file was missing)."""

    def __init__(self, report: Report) -> None:
        super().__init__(logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(Exception):
            self.report.warnings = [*self.report.warnings[-4:], record.getMessage()]


class _QtMessages:
    """Qt's warnings go to the report (one may explain a failure), not to the terminal; the
    offscreen platform's harmless "does not support propagateSizeHints()" is dropped."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def __call__(self, mode: Any, context: Any, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        self.report.warnings = [*self.report.warnings[-4:], f"Qt: {message}"]


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def run_self_test(args: argparse.Namespace, opts: argparse.Namespace) -> int:
    """Entry point of ``zid-desk --self-test``; returns the exit code."""
    if not getattr(opts, "with_display", False):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    timeout = float(getattr(opts, "timeout", None) or TIMEOUT_SECONDS)
    started = time.monotonic()
    report = Report()
    collector = _WarningCollector(report)
    root = logging.getLogger()
    root.addHandler(collector)
    if getattr(args, "debug", False):
        logging.basicConfig(level=logging.DEBUG)
    tmp = Path(tempfile.mkdtemp(prefix="zid-desk-self-test-"))
    watchdog = threading.Timer(timeout + WATCHDOG_GRACE, _hung, (report, timeout, tmp))
    watchdog.daemon = True
    watchdog.start()
    try:
        _run_steps(report, tmp, timeout, started)
    except SelfTestFailure as failure:
        reason = failure.reason
        if report.warnings:
            reason += f" (log: {report.warnings[-1]})"
        print(f"self-test failed at {failure.step}: {reason}", file=sys.stderr, flush=True)
        return EXIT_FAILED
    finally:
        watchdog.cancel()
        root.removeHandler(collector)
        shutil.rmtree(tmp, ignore_errors=True)
    total = time.monotonic() - started
    print(f"self-test ok: {', '.join(report.facts)}, total {total:.1f} s", flush=True)
    return 0


def _hung(report: Report, timeout: float, tmp: Path) -> None:
    """Watchdog: the process is stuck where asyncio's timeout cannot reach (inside Qt)."""
    print(
        f"self-test failed at {report.step}: hung for more than {timeout:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    shutil.rmtree(tmp, ignore_errors=True)
    os._exit(EXIT_FAILED)


def _run_steps(report: Report, tmp: Path, timeout: float, started: float) -> None:
    from zid_desk import __version__
    from zid_desk.profile import Profile

    report.facts.append(f"zid-desk {__version__}")
    with report.check("keyring"):
        from zid_desk.ui.demo import use_demo_keyring

        report.facts.append(f"keyring {_check_keyring_backend(report)}")
        use_demo_keyring()  # in memory: nothing reaches the user's real keyring
    profile = Profile.in_dir(tmp / "profile").ensure()
    app = _start_qt(report)
    _check_fonts(report, app)
    _check_translations(report, app)
    _check_cache(report, tmp)
    with report.check("sandbox"):
        from zid_desk.ui.demo import start_sandbox

        # Before qasync.run (as in demo mode): the sandbox thread needs a plain asyncio loop.
        sandbox = start_sandbox()
    from zid_desk.ui.app import GuiThreadGC

    gc_timer = GuiThreadGC()
    gc_timer.start()
    try:
        import qasync

        remaining = max(0.05, timeout - (time.monotonic() - started))
        qasync.run(_online_steps_in_time(report, app, profile, sandbox, remaining))
    finally:
        gc_timer.stop()
        sandbox.stop()


# The OS keyring backend each platform needs (keyring imports them by name at run time, so a
# bundle without them would silently fall back to session-only sign-ins). Only imported here:
# whether the keyring service itself runs is the desktop's business (CI has none).
KEYRING_MODULES = {
    "linux": ("SecretService", ["keyring.backends.SecretService", "secretstorage", "jeepney"]),
    "win32": ("Windows Credential Manager", ["keyring.backends.Windows", "win32ctypes"]),
    "darwin": ("macOS Keychain", ["keyring.backends.macOS"]),
}


def _check_keyring_backend(report: Report) -> str:
    import importlib

    platform = "linux" if sys.platform.startswith("linux") else sys.platform
    name, modules = KEYRING_MODULES.get(platform, ("none", []))
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise report.fail(f"the {name} keyring backend cannot load: {exc}") from exc
    return name


def _start_qt(report: Report) -> Any:
    with report.check("qt"):
        from PySide6.QtCore import qInstallMessageHandler, qVersion

        from zid_desk.ui.app import make_app

        qInstallMessageHandler(_QtMessages(report))
        app = make_app()
        app.setQuitOnLastWindowClosed(False)  # closing our window must not stop the loop
        report.facts.append(f"Qt {qVersion()} ({app.platformName()})")
    return app


def _check_fonts(report: Report, app: Any) -> None:
    with report.check("fonts"):
        from zid_desk.ui.fonts import APP_FAMILIES, FONTS_DIR, apply_app_font, load_bundled_fonts

        apply_app_font(app)
        missing = [f for f in APP_FAMILIES if f not in load_bundled_fonts()]
        if missing:
            raise report.fail(f"bundled fonts {', '.join(missing)} not loaded from {FONTS_DIR}")
        report.facts.append("fonts ok")


def _check_translations(report: Report, app: Any) -> None:
    with report.check("translations"):
        from PySide6.QtCore import QCoreApplication, QLibraryInfo, Qt
        from PySide6.QtWidgets import QDialogButtonBox

        from zid_desk.ui import i18n

        override = os.environ.get(I18N_DIR_ENV)
        if override:
            i18n.I18N_DIR = Path(override)
        qm = i18n.I18N_DIR / i18n.APP_QM.format(lang="ar")
        if not i18n.install_language(app, "ar"):
            raise report.fail(f"the Arabic UI translations are missing: {qm}")
        ours = QCoreApplication.translate("AboutDialog", "About Zid Desk")
        if not _has_arabic(ours):
            raise report.fail(f"{qm} did not translate 'About Zid Desk' (got {ours!r})")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qt_text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
        box.deleteLater()
        if not _has_arabic(qt_text):
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            raise report.fail(
                f"Qt's own Arabic strings (qtbase_ar.qm) are missing in {qt_dir}:"
                f" Cancel stayed {qt_text!r}"
            )
        if app.layoutDirection() != Qt.LayoutDirection.RightToLeft:
            raise report.fail("the Arabic UI is not right to left")
        i18n.install_language(app, "en")
        english = QCoreApplication.translate("AboutDialog", "About Zid Desk")
        if english != "About Zid Desk" or app.layoutDirection() != Qt.LayoutDirection.LeftToRight:
            raise report.fail(f"switching back to English failed (got {english!r})")
        i18n.install_language(app, "ar")  # the window below is built in Arabic
        report.facts.append("ar+en")


def _check_cache(report: Report, tmp: Path) -> None:
    with report.check("cache"):
        from zid_desk.cache import SCHEMA_VERSION, Cache

        cache = Cache.open(tmp / "migrate-check.sqlite3")
        try:
            version = int(cache.connection().execute("PRAGMA user_version").fetchone()[0])
        finally:
            cache.close()
        if version != SCHEMA_VERSION:
            raise report.fail(f"migrated to v{version}, expected v{SCHEMA_VERSION}")
        report.facts.append(f"cache v{version}")


async def _online_steps_in_time(
    report: Report, app: Any, profile: Any, sandbox: Any, timeout: float
) -> None:
    try:
        await asyncio.wait_for(_online_steps(report, app, profile, sandbox), timeout)
    except TimeoutError:
        raise report.fail(f"timed out (the whole self-test may take {timeout:.0f} s)") from None


async def _online_steps(report: Report, app: Any, profile: Any, sandbox: Any) -> None:
    from PySide6.QtCore import Qt

    from zid_desk.api.client import make_http_client
    from zid_desk.settings import Settings
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.demo import sign_in_demo
    from zid_desk.ui.main_window import WindowHost

    http = make_http_client()
    ctx: AppContext | None = None
    host: WindowHost | None = None
    try:
        with report.check("sign-in"):
            await sign_in_demo(profile, http, sandbox)
            settings = Settings.load(profile.settings_path)
            ctx = AppContext(profile, settings, http=http, lang="ar", demo=True)
            await ctx.open_store()
            if not ctx.signed_in or ctx.engine is None:
                raise report.fail("not signed in after the sandbox sign-in")
        with report.check("window"):
            host = WindowHost(app, ctx)
            window = host.open()
            if window.layoutDirection() != Qt.LayoutDirection.RightToLeft:
                raise report.fail("the Arabic main window is not right to left")
        with report.check("about"):
            _check_about(report, window)
        with report.check("pull"):
            t0 = time.monotonic()
            task = ctx.start_sync()
            if task is None:
                raise report.fail("the sync did not start")
            await task
            pulled = time.monotonic() - t0
            counts = ctx.cache.counts() if ctx.cache is not None else {}
            if not counts.get("locations") or not counts.get("products"):
                raise report.fail(f"the cache is empty after the pull: {counts}")
            report.facts.append(
                f"sandbox {counts['locations']} locations/{counts['products']} products"
                f"/{counts.get('orders', 0)} orders, pull {pulled:.1f} s"
            )
        with report.check("push"):
            await _push_one_edit(report, ctx, sandbox)
    finally:
        if host is not None and host.window is not None:
            host.window.close()
        if ctx is not None:
            ctx.jobs.cancel_all()
            with contextlib.suppress(Exception):
                await ctx.jobs.wait_idle(timeout=5)
            ctx.close_store()
        await http.aclose()


def _check_about(report: Report, window: Any) -> None:
    """Help > About shows this version and the bundled font licence (read from its file)."""
    from PySide6.QtWidgets import QLabel, QPlainTextEdit

    from zid_desk import __version__
    from zid_desk.ui.dialogs.about import AboutDialog
    from zid_desk.ui.fonts import FONT_LICENSE

    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    if dialog is None:
        raise report.fail("Help > About did not open the About dialog")
    try:
        labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
        if __version__ not in labels:
            raise report.fail(f"the About dialog does not show version {__version__}")
        licence = dialog.findChild(QPlainTextEdit, "font_licence")
        if licence is None or "SIL OPEN FONT LICENSE" not in licence.toPlainText():
            raise report.fail(f"the About dialog lacks the font licence text ({FONT_LICENSE})")
    finally:
        dialog.close()


async def _push_one_edit(report: Report, ctx: Any, sandbox: Any) -> None:
    cache = ctx.cache
    cell = next(
        (
            c
            for pid in sorted(cache.product_ids())
            for c in cache.product_stocks(pid)
            if not c.is_infinite and c.quantity is not None
        ),
        None,
    )
    if cell is None:
        raise report.fail("no product with a finite stock to edit")
    wanted = int(cell.quantity) + 7
    ctx.edit_count(cell.product_id, cell.location_id, wanted)
    if ctx.pending_count() != 1:
        raise report.fail(f"the edit was not queued ({ctx.pending_count()} pending)")
    t0 = time.monotonic()
    task = ctx.start_push()
    if task is None:
        raise report.fail("the push did not start")
    result = await task
    pushed = time.monotonic() - t0
    if (result.applied, result.failed, result.conflicts) != (1, 0, 0):
        raise report.fail(
            f"applied {result.applied}, failed {result.failed}, conflicts {result.conflicts}"
            f" {result.failures[:1]}"
        )
    remote = await asyncio.to_thread(sandbox.control.stock, cell.product_id)
    value = remote["stocks"].get(cell.location_id)
    if value is None or int(value) != wanted:
        raise report.fail(f"the sandbox has {value!r}, not the pushed {wanted}")
    if ctx.pending_count() != 0:
        raise report.fail(f"{ctx.pending_count()} edits still pending after the push")
    report.facts.append(f"push 1 edit {pushed:.1f} s")
