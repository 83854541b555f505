"""The one crash path: uncaught exceptions (GUI thread, asyncio tasks) are logged (redacted,
by zid_desk.logs) and shown in a dialog that names the log file. Expected ZidErrors never get
here: AppContext.report_error turns them into messages."""

from __future__ import annotations

import asyncio
import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from zid_desk.api.errors import ZidError

log = logging.getLogger("zid_desk.crash")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


class CrashHandler(QObject):
    """Install with ``install()``; ``handle(exc)`` logs and shows the dialog."""

    def __init__(self, log_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = log_path
        self.dialogs: list[QMessageBox] = []
        self.count = 0
        self.show_dialogs = True
        self._previous: ExceptHook | None = None
        self.report_expected: Callable[[BaseException], None] | None = None

    def install(self, loop: asyncio.AbstractEventLoop | None = None) -> None:
        self._previous = sys.excepthook
        sys.excepthook = self._excepthook
        if loop is not None:
            loop.set_exception_handler(self._loop_handler)

    def uninstall(self) -> None:
        if self._previous is not None and sys.excepthook == self._excepthook:
            sys.excepthook = self._previous

    def _excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        self.handle(exc)

    def _loop_handler(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            self.handle(exc)
        else:
            log.error("asyncio: %s", context.get("message", context))

    def handle(self, exc: BaseException) -> None:
        if isinstance(exc, ZidError) and self.report_expected is not None:
            self.report_expected(exc)  # an expected error that escaped a slot: a message
            return
        self.count += 1
        log.critical(
            "unexpected error\n%s",
            "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
        )
        if self.show_dialogs and QApplication.instance() is not None:
            self._show(exc)

    def _show(self, exc: BaseException) -> None:
        parent: QWidget | None = QApplication.activeWindow()
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(QCoreApplication.translate("CrashHandler", "Zid Desk: unexpected error"))
        box.setText(
            QCoreApplication.translate(
                "CrashHandler",
                "Something went wrong inside Zid Desk. Your cached data and queued edits are"
                " safe. Please send the log file to support:",
            )
        )
        box.setInformativeText("\u2066" + str(self.log_path) + "\u2069")
        box.setDetailedText(f"{type(exc).__name__}: {exc}")
        box.finished.connect(lambda _r, b=box: self._forget(b))
        self.dialogs.append(box)
        box.open()  # never exec(): no nested loop inside the qasync loop

    def _forget(self, box: QMessageBox) -> None:
        if box in self.dialogs:
            self.dialogs.remove(box)
        box.deleteLater()
