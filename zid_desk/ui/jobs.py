"""Background jobs on the qasync loop: a handle for progress and Cancel, and the runner that
keeps strong references to running tasks (asyncio only keeps weak ones, stack notes §4a)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog

try:  # the sync engine's token, so a job's cancel reaches pull()/push()
    from zid_desk.sync.progress import CancelToken
except ImportError:  # pragma: no cover - only while zid_desk.sync is being written

    class CancelToken:  # type: ignore[no-redef]
        def __init__(self) -> None:
            self._cancelled = False

        def cancel(self) -> None:
            self._cancelled = True

        @property
        def cancelled(self) -> bool:
            return self._cancelled


T = TypeVar("T")


@dataclass
class JobState:
    title: str
    done: int = 0
    total: int = 0
    eta_seconds: float | None = None
    text: str = ""
    started: float = field(default_factory=time.monotonic)


class JobHandle:
    """What a job coroutine receives: report progress, look at the cancel token."""

    def __init__(self, runner: JobRunner, title: str) -> None:
        self._runner = runner
        self.state = JobState(title)
        self.cancel_token = CancelToken()
        self.task: asyncio.Task[Any] | None = None

    def progress(
        self, done: int, total: int, eta_seconds: float | None = None, text: str = ""
    ) -> None:
        s = self.state
        s.done, s.total, s.eta_seconds, s.text = done, total, eta_seconds, text
        self._runner.progressed.emit(self)

    def sync_progress(self, p: Any) -> None:
        """Adapter for the sync engine's Progress callbacks (done/total/eta_seconds/phase)."""
        done = int(getattr(p, "done", 0) or 0)
        total = int(getattr(p, "total", 0) or 0)
        eta = getattr(p, "eta_seconds", None)
        text = str(getattr(p, "text", "") or getattr(p, "phase", "") or "")
        self.progress(done, total, eta, text)

    @property
    def cancelled(self) -> bool:
        return bool(self.cancel_token.cancelled)

    def cancel(self) -> None:
        """Ask politely (the engine stops at the next safe point); the task is cancelled too
        if it does not finish within a few seconds."""
        self.cancel_token.cancel()
        self._runner.progressed.emit(self)
        task = self.task
        if task is not None and not task.done():
            asyncio.get_event_loop().call_later(5.0, _hard_cancel, task)


def _hard_cancel(task: asyncio.Task[Any]) -> None:
    if not task.done():
        task.cancel()


class JobRunner(QObject):
    """Starts jobs and tells the status bar about them."""

    started = Signal(object)  # JobHandle
    progressed = Signal(object)  # JobHandle
    finished = Signal(object, object)  # JobHandle, BaseException | None
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: dict[asyncio.Task[Any], JobHandle] = {}

    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def handles(self) -> list[JobHandle]:
        return list(self._jobs.values())

    def start(
        self,
        title: str,
        job: Callable[[JobHandle], Awaitable[T]],
        on_done: Callable[[JobHandle, asyncio.Task[T]], None],
    ) -> asyncio.Task[T]:
        handle = JobHandle(self, title)

        async def wrapper() -> T:
            return await job(handle)

        task: asyncio.Task[T] = asyncio.ensure_future(wrapper())
        handle.task = task
        was_busy = self.busy
        self._jobs[task] = handle

        def done(t: asyncio.Task[T]) -> None:
            self._jobs.pop(t, None)
            exc: BaseException | None
            exc = asyncio.CancelledError() if t.cancelled() else t.exception()
            self.finished.emit(handle, exc)
            on_done(handle, t)
            if not self.busy:
                self.busy_changed.emit(False)

        task.add_done_callback(done)
        self.started.emit(handle)
        if not was_busy:
            self.busy_changed.emit(True)
        return task

    def cancel_all(self) -> None:
        for h in list(self._jobs.values()):
            h.cancel()

    async def wait_idle(self, timeout: float = 10.0) -> None:
        tasks = list(self._jobs)
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)


async def execute_dialog(dialog: QDialog) -> int:
    """Awaitable replacement for ``QDialog.exec()`` (no nested loop inside the qasync loop,
    stack notes §4a): shows the dialog window-modal with ``open()`` and resolves when it
    finishes with its result code."""
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if not future.done():
            future.set_result(int(result))

    dialog.finished.connect(finished)
    dialog.open()
    try:
        return await future
    finally:
        dialog.finished.disconnect(finished)
