"""Status bar: online/offline, signed-in store, last sync, pending edits, conflicts, the
rate budget of a push, and the running job with a progress bar and Cancel."""

from __future__ import annotations

import math
from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from zid_desk.ui.context import AppContext
from zid_desk.ui.jobs import JobHandle

BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


def isolate(text: str) -> str:
    return "\u2066" + text + "\u2069"


def sync_time(when: datetime) -> str:
    """The last sync as local date and time for a left-to-right isolate. Arabic locales put
    right-to-left marks between the date's parts and an Arabic AM/PM (ص/م), which reorder
    inside an LTR isolate ("2026/11/ 25 ص"): Arabic gets an unambiguous 24-hour
    year-month-day form, other languages their locale's short form without bidi marks."""
    local = QDateTime.fromSecsSinceEpoch(int(when.timestamp()))
    locale = QLocale()
    if locale.language() == QLocale.Language.Arabic:
        return local.toString("yyyy-MM-dd HH:mm")
    return locale.toString(local, QLocale.FormatType.ShortFormat).translate(BIDI_MARKS)


class StatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.online_label = QLabel(self)
        self.online_label.setObjectName("online")
        self.store_label = QLabel(self)
        self.store_label.setObjectName("store")
        self.sync_label = QLabel(self)
        self.sync_label.setObjectName("last_sync")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName("pending")
        # a flat button: a click shows the conflicts in Pending changes, where they are resolved
        self.conflicts_label = QPushButton(self)
        self.conflicts_label.setObjectName("conflicts")
        self.conflicts_label.setFlat(True)
        self.conflicts_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.conflicts_label.setToolTip(self.tr("Show the conflicts in Pending changes"))
        self.conflicts_label.clicked.connect(self.show_conflicts)
        self.budget_label = QLabel(self)
        self.budget_label.setObjectName("budget")
        self.job_label = QLabel(self)
        self.job_label.setObjectName("job")
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel_job")
        self.cancel_button.clicked.connect(self.cancel_jobs)
        for w in (self.online_label, self.store_label, self.sync_label):
            self.addWidget(w)
        self.addPermanentWidget(self.pending_label)
        self.addPermanentWidget(self.conflicts_label)
        self.addPermanentWidget(self.budget_label)
        self.addPermanentWidget(self.job_label)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self._show_job(None)
        ctx.jobs.started.connect(self._job_update)
        ctx.jobs.progressed.connect(self._job_update)
        ctx.jobs.finished.connect(self._job_finished)
        ctx.online_changed.connect(self._flag_changed)
        ctx.signed_in_changed.connect(self._flag_changed)
        ctx.status_changed.connect(self.refresh)
        ctx.cache_changed.connect(self.refresh)
        self.refresh()

    # ---- counts ---------------------------------------------------------------------------
    def refresh(self) -> None:
        ctx = self.ctx
        if ctx.online and ctx.signed_in:
            self.online_label.setText(self.tr("Online"))
        elif ctx.signed_in:
            self.online_label.setText(self.tr("Offline: showing cached data"))
        else:
            self.online_label.setText(self.tr("Not signed in"))
        if ctx.store_name:
            self.store_label.setText(self.tr("Store: %1").replace("%1", ctx.store_name))
        else:
            self.store_label.setText("")
        if ctx.last_sync is not None:
            self.sync_label.setText(
                self.tr("Last sync: %1").replace("%1", isolate(sync_time(ctx.last_sync)))
            )
        else:
            self.sync_label.setText(self.tr("Never synced"))
        pending = ctx.pending_count()
        conflicts = ctx.conflict_count()
        self.pending_label.setText(self.tr("Pending edits: %1").replace("%1", str(pending)))
        self.conflicts_label.setText(self.tr("Conflicts: %1").replace("%1", str(conflicts)))
        self.conflicts_label.setVisible(conflicts > 0)
        self.budget_label.setText(self.budget_text())

    def show_conflicts(self) -> None:
        """Pending changes, filtered to the conflicts (through the window's page API)."""
        show_page = getattr(self.window(), "show_page", None)
        if not callable(show_page):
            return
        view = show_page("pending")
        set_filter = getattr(view, "set_state_filter", None)
        if callable(set_filter):
            set_filter("conflict")

    def _flag_changed(self, _value: bool) -> None:
        self.refresh()

    def budget_text(self) -> str:
        estimate = self.ctx.push_estimate()
        if estimate is None:
            return ""
        edits, seconds = estimate
        if edits <= 0:
            return ""
        if seconds < 60:
            return self.tr("Push of %1 edits: under a minute").replace("%1", str(edits))
        minutes = max(1, math.ceil(seconds / 60))
        return (
            self.tr("Push of %1 edits: about %2 min")
            .replace("%1", str(edits))
            .replace("%2", str(minutes))
        )

    # ---- jobs -----------------------------------------------------------------------------
    def _show_job(self, handle: JobHandle | None) -> None:
        visible = handle is not None
        self.job_label.setVisible(visible)
        self.progress.setVisible(visible)
        self.cancel_button.setVisible(visible)
        if handle is None:
            return
        s = handle.state
        text = s.title if not s.text else f"{s.title}: {s.text}"
        if handle.cancelled:
            text = self.tr("Cancelling: %1").replace("%1", s.title)
            self.cancel_button.setEnabled(False)
        else:
            self.cancel_button.setEnabled(True)
        if s.eta_seconds is not None and s.eta_seconds >= 1:
            text += " " + self.tr("(about %1 s left)").replace("%1", str(math.ceil(s.eta_seconds)))
        self.job_label.setText(text)
        if s.total > 0:
            self.progress.setRange(0, s.total)
            self.progress.setValue(min(s.done, s.total))
        else:
            self.progress.setRange(0, 0)  # busy indicator

    def _job_update(self, handle: JobHandle) -> None:
        self._show_job(handle)

    def _job_finished(self, handle: JobHandle, exc: object) -> None:
        remaining = self.ctx.jobs.handles()
        self._show_job(remaining[-1] if remaining else None)

    def cancel_jobs(self) -> None:
        self.ctx.jobs.cancel_all()
