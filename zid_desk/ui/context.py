"""AppContext: the one object every window, view and dialog gets. It holds the profile,
settings, the signed-in store's cache and sync engine, runs background jobs and turns
expected errors into clear messages.

Contract with the views (H6b), see briefs/ui_contract.md:

- Each view is a ``QWidget`` subclass taking ``(ctx: AppContext, parent=None)`` with
  ``refresh()`` connected to ``ctx.cache_changed`` (re-query, keep selection/scroll).
- **Language switch: the main window REBUILDS itself** (and every view) after
  ``language_changed``; views do not need ``retranslate()`` (one is harmless if present).
  Views should therefore translate their strings in ``__init__`` and keep no global state.
- Long work goes through ``ctx.run(title, job)``; ``job`` is ``async def job(h: JobHandle)``
  and may call ``h.progress(done, total, eta_seconds, text)``; pass ``h.cancel_token`` /
  ``h.sync_progress`` to the sync engine. Expected ``ZidError``s end as a message in the
  window (``report_error``); the task's exception is also re-raised to whoever awaits it.
- Edits: ``ctx.edit_count(...)`` / ``ctx.edit_adjust(...)`` (engine + ``cache_changed``).
- Orders → stock: ``ctx.show_product(product_id)``.
- Blocking calls (keyring, big SQLite writes) never on the GUI thread without an executor.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import sys
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from zid_desk.api.errors import (
    MissingScopeError,
    NetworkError,
    OAuthError,
    PayloadTooLargeError,
    RateLimitedError,
    ServerError,
    SignedOutError,
    ValidationError,
    ZidError,
)
from zid_desk.cache.records import CacheError
from zid_desk.profile import Profile
from zid_desk.settings import Settings
from zid_desk.ui.jobs import JobHandle, JobRunner

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

T = TypeVar("T")

LEVEL_INFO = "info"
LEVEL_WARNING = "warning"
LEVEL_ERROR = "error"
ACTION_SIGN_IN = "sign_in"


class AppContext(QObject):
    cache_changed = Signal()  # after a pull, push, edit, discard, resolve, reverse
    busy_changed = Signal(bool)  # a background job started / all finished
    language_changed = Signal(str)  # "ar" | "en"
    signed_in_changed = Signal(bool)
    online_changed = Signal(bool)
    # (level: info|warning|error, text, action: "" | "sign_in") for the window's message bar
    message_posted = Signal(str, str, str)
    show_product_requested = Signal(str)
    status_changed = Signal()  # last sync / pending / conflicts may have changed

    def __init__(
        self,
        profile: Profile,
        settings: Settings,
        *,
        cache: Any | None = None,
        engine: Any | None = None,
        http: httpx.AsyncClient | None = None,
        lang: str = "en",
        demo: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.profile = profile
        self.settings = settings
        self.cache = cache  # zid_desk.cache.Cache | None
        self.engine = engine  # zid_desk.sync.SyncEngine | None
        self.http = http  # the one shared httpx.AsyncClient
        self.connection: Any | None = None  # zid_desk.auth.session.Connection when signed in
        self.lang = lang
        self.demo = demo
        self.online = True
        self.last_sync: datetime | None = None
        self.store_name = ""
        self.jobs = JobRunner(self)
        self.jobs.busy_changed.connect(self.busy_changed)
        self.crash_handler: Callable[[BaseException], None] | None = None
        self._spawned: set[asyncio.Task[Any]] = set()

    # ---- settings -------------------------------------------------------------------------
    @property
    def low_stock_threshold(self) -> int:
        return int(self.settings.low_stock_threshold)

    def save_settings(self) -> None:
        self.settings.save(self.profile.settings_path)

    @property
    def signed_in(self) -> bool:
        return self.connection is not None

    @property
    def busy(self) -> bool:
        return self.jobs.busy

    def set_online(self, online: bool) -> None:
        if online != self.online:
            self.online = online
            self.online_changed.emit(online)

    # ---- the signed-in store ---------------------------------------------------------------
    async def open_store(self) -> None:
        """Open the cache and sync engine of the store the settings name, with an API client
        when signed in (no network needed: tokens come from the keyring). Signed out, the
        cache still opens read-mostly so the user can browse and queue edits."""
        from zid_desk.auth.session import connect
        from zid_desk.cache import Cache
        from zid_desk.sync import SyncEngine

        self.settings = Settings.load(self.profile.settings_path)
        store_id = self.settings.store_id
        if not store_id:
            self.close_store()
            self.connection = None
            self.signed_in_changed.emit(False)
            self.cache_changed.emit()
            return
        connection = None
        if self.http is not None:
            try:
                connection = await connect(self.profile, self.http, lang=self.lang)
            except SignedOutError as exc:
                log.info("not signed in: %s", exc)
        if self.cache is None or Path(self.cache.path) != self.profile.cache_path(store_id):
            self.close_store()
            self.profile.ensure()
            path = self.profile.cache_path(store_id)
            self.cache = await asyncio.to_thread(Cache.open, path)
        self.connection = connection
        client = connection.client if connection is not None else None
        assert self.cache is not None  # opened just above
        self.engine = SyncEngine(self.cache, client, lang=self.lang)
        self._load_store_info()
        self.signed_in_changed.emit(connection is not None)
        self.cache_changed.emit()
        self.status_changed.emit()

    def _load_store_info(self) -> None:
        account = self.settings.extra.get("account") or {}
        name = str(account.get("store_title") or "")
        if self.cache is not None:
            store = self.cache.store()
            if store is not None and store.store_title:
                name = store.store_title
            raw = self.cache.get_state("last_pull_at") or self.cache.get_state("last_sync")
            if raw:
                try:
                    self.last_sync = datetime.fromisoformat(raw)
                except ValueError:
                    self.last_sync = None
        self.store_name = name

    def close_store(self) -> None:
        if self.cache is not None:
            self.cache.close()
        self.cache = None
        self.engine = None
        self.store_name = ""
        self.last_sync = None

    def start_sync(self, *, full: bool = False) -> asyncio.Task[Any] | None:
        """Pull from Zid in the background (progress + Cancel in the status bar)."""
        if self.engine is None:
            self.message_posted.emit(
                LEVEL_WARNING, self.tr("Sign in to a store first"), ACTION_SIGN_IN
            )
            return None
        if self.connection is None:
            self.report_error(SignedOutError("signed out"))
            return None
        engine = self.engine

        async def job(h: JobHandle) -> Any:
            result = await engine.pull(full=full, progress=h.sync_progress, cancel=h.cancel_token)
            self.set_online(True)
            self.last_sync = datetime.now().astimezone()
            self._load_store_info()
            if not h.cancelled:
                self.message_posted.emit(LEVEL_INFO, self.tr("Sync finished"), "")
            return result

        return self.run(self.tr("Syncing with Zid"), job)

    def start_push(self) -> asyncio.Task[Any] | None:
        """Send the outbox to Zid in the background."""
        if self.engine is None:
            self.message_posted.emit(
                LEVEL_WARNING, self.tr("Sign in to a store first"), ACTION_SIGN_IN
            )
            return None
        if self.connection is None:
            self.report_error(SignedOutError("signed out"))
            return None
        engine = self.engine

        async def job(h: JobHandle) -> Any:
            with contextlib.ExitStack() as held:
                try:  # one push per store, across windows and `zid-desk push`
                    held.enter_context(engine.cache.push_lock())
                except CacheError:
                    self.message_posted.emit(
                        LEVEL_WARNING,
                        self.tr(
                            "Another Zid Desk window or command is sending this store's edits:"
                            " try again when it has finished"
                        ),
                        "",
                    )
                    return None
                result = await engine.push(progress=h.sync_progress, cancel=h.cancel_token)
            self.set_online(True)
            conflicts = self.conflict_count()
            if conflicts:
                self.message_posted.emit(
                    LEVEL_WARNING,
                    self.tr(
                        "Push finished; %1 changes conflict with newer values on Zid:"
                        " open Pending changes to choose"
                    ).replace("%1", str(conflicts)),
                    "",
                )
            elif not h.cancelled:
                self.message_posted.emit(LEVEL_INFO, self.tr("Push finished"), "")
            return result

        return self.run(self.tr("Pushing edits to Zid"), job)

    async def sign_out(self, *, keep_cache: bool) -> None:
        from zid_desk.auth.session import sign_out

        self.jobs.cancel_all()
        await self.jobs.wait_idle()
        if not keep_cache:
            self.close_store()
        await asyncio.to_thread(sign_out, self.profile, keep_cache=keep_cache)
        self.connection = None
        if keep_cache and self.engine is not None and self.cache is not None:
            from zid_desk.sync import SyncEngine

            self.engine = SyncEngine(self.cache, None, lang=self.lang)
        self.settings = Settings.load(self.profile.settings_path)
        self.signed_in_changed.emit(False)
        self.cache_changed.emit()
        self.status_changed.emit()

    # ---- jobs -----------------------------------------------------------------------------
    def run(self, title: str, job: Callable[[JobHandle], Awaitable[T]]) -> asyncio.Task[T]:
        """Run ``job`` on the qasync loop with a progress bar and Cancel in the status bar."""
        return self.jobs.start(title, job, self._job_done)

    def _job_done(self, handle: JobHandle, task: asyncio.Task[Any]) -> None:
        if task.cancelled():
            self.message_posted.emit(
                LEVEL_INFO, self.tr("Cancelled: %1").replace("%1", handle.state.title), ""
            )
        else:
            exc = task.exception()
            if exc is None:
                if handle.cancelled:
                    self.message_posted.emit(
                        LEVEL_INFO, self.tr("Cancelled: %1").replace("%1", handle.state.title), ""
                    )
            elif isinstance(exc, asyncio.CancelledError):
                pass
            else:
                self.report_error(exc)
        self.cache_changed.emit()
        self.status_changed.emit()

    def spawn(self, coro: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
        """Run a short coroutine (a dialog flow) without progress UI; keeps a strong
        reference; expected errors become messages, others go to the crash handler."""
        task = asyncio.ensure_future(coro)
        self._spawned.add(task)

        def done(t: asyncio.Task[T]) -> None:
            self._spawned.discard(t)
            if not t.cancelled() and t.exception() is not None:
                self.report_error(t.exception())  # type: ignore[arg-type]

        task.add_done_callback(done)
        return task

    # ---- errors ---------------------------------------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        """Expected errors become a message that says what to do; anything else is a bug and
        goes to the crash handler (log + dialog with the log path)."""
        if not isinstance(exc, ZidError):
            if self.crash_handler is not None:
                self.crash_handler(exc)
            else:
                sys.excepthook(type(exc), exc, exc.__traceback__)
            return
        log.info("expected error: %s: %s", type(exc).__name__, exc)
        if isinstance(exc, NetworkError):
            self.set_online(False)
        action = ACTION_SIGN_IN if isinstance(exc, SignedOutError) else ""
        if isinstance(exc, SignedOutError):
            self.signed_in_changed.emit(False)
        self.message_posted.emit(LEVEL_ERROR, self.error_text(exc), action)

    def error_text(self, exc: BaseException) -> str:
        if isinstance(exc, SignedOutError):
            return self.tr("Signed out: sign in again. Your cached data and queued edits are kept.")
        if isinstance(exc, RateLimitedError):
            secs = max(1, math.ceil(exc.retry_after))
            return self.tr("Zid is rate limiting: resuming in %1 s").replace("%1", str(secs))
        if isinstance(exc, NetworkError):
            n = self.pending_count()
            if n:
                return self.tr("Offline: your %1 edits are queued").replace("%1", str(n))
            return self.tr("Offline: Zid cannot be reached. You can keep browsing the cache.")
        if isinstance(exc, MissingScopeError):
            scope = exc.scope or self.tr("unknown")
            return self.tr(
                "The Zid app lacks the permission \u201c%1\u201d: ask the store owner to grant it,"
                " then sign in again"
            ).replace("%1", "\u2066" + scope + "\u2069")
        if isinstance(exc, PayloadTooLargeError):
            return self.tr("Zid refused a batch as too large: lower the batch size in Settings")
        if isinstance(exc, ValidationError):
            lines = [self.tr("Zid refused the change:")]
            for fld, messages in exc.fields.items():
                lines.append("\u2066" + str(fld) + "\u2069: " + "; ".join(messages))
            if not exc.fields:
                lines.append(str(exc))
            return "\n".join(lines)
        if isinstance(exc, OAuthError):
            return self.tr("Zid refused the sign-in (%1): sign in again").replace(
                "%1", "\u2066" + exc.code + "\u2069"
            )
        if isinstance(exc, ServerError):
            return self.tr("Zid has a problem right now: try again in a few minutes")
        if isinstance(exc, ZidError):
            return str(exc)
        return self.tr("Unexpected error: %1").replace("%1", repr(exc))

    def _counts(self) -> dict[str, int]:
        if self.cache is None:
            return {}
        return dict(self.cache.counts())

    def pending_count(self) -> int:
        """Edits waiting in the outbox (queued, sending, failed)."""
        return int(self._counts().get("pending", 0))

    def conflict_count(self) -> int:
        return int(self._counts().get("conflicts", 0))

    def push_estimate(self) -> tuple[int, float] | None:
        """(edits, seconds) a push of the outbox would take under the rate limit."""
        if self.engine is None:
            return None
        estimate = self.engine.estimate_push()
        edits = getattr(estimate, "changes", None)
        if edits is None:
            edits = getattr(estimate, "edits", 0)
        seconds = getattr(estimate, "seconds", None)
        if seconds is None:
            seconds = getattr(estimate, "eta_seconds", 0.0)
        return int(edits or 0), float(seconds or 0.0)

    # ---- edits ----------------------------------------------------------------------------
    def edit_count(self, product_id: str, location_id: str, quantity: int) -> None:
        if self.engine is None:
            raise RuntimeError("no store open")
        self.engine.set_count(product_id, location_id, quantity)
        self.cache_changed.emit()
        self.status_changed.emit()

    def edit_adjust(self, product_id: str, location_id: str, delta: int, note: str) -> None:
        if self.engine is None:
            raise RuntimeError("no store open")
        self.engine.adjust(product_id, location_id, delta, note=note)
        self.cache_changed.emit()
        self.status_changed.emit()

    def show_product(self, product_id: str) -> None:
        self.show_product_requested.emit(product_id)

    # ---- language -------------------------------------------------------------------------
    @property
    def rtl(self) -> bool:
        return self.lang == "ar"
