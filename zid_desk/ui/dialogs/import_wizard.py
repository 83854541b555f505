"""The import dialog (issue 6): file -> encoding and delimiter (live preview) -> column
mapping -> mode and location -> validation and diff with the cost (a dry run: nothing is
written) -> apply (one outbox batch, then push) -> per-row report, savable as CSV.

Everything is the import engine's (`zid_desk.importer`), driven the way the CLI drives it;
this module only runs it: the preview in a short `ctx.spawn`, the plan and the apply in
`ctx.run` jobs (progress + Cancel in the dialog and the status bar) whose blocking parts go
through `asyncio.to_thread`. Expected problems (a file we cannot read, a cancelled step,
offline) end as a message on the page; anything else reaches the crash handler.

Stop (the Cancel button while a step runs) ends the step at its next safe point: a check
writes nothing, a queued batch stays queued. Closing the dialog while the batch is being
sent hides it instead: the push goes on in the status bar and a message says how it ended.
"""

from __future__ import annotations

import asyncio
import enum
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from zid_desk.api.errors import ZidError
from zid_desk.importer import (
    AppliedBatch,
    ChangeOutcome,
    ColumnMapping,
    FileFormat,
    ImportCancelled,
    ImportFileError,
    Plan,
    Preview,
    ReportRow,
    build_plan,
    choose_mapping,
    enqueue_plan,
    load_snapshot,
    outcomes,
    preview,
    remember,
    remembered,
    report_rows,
    tally,
    write_report_csv,
)
from zid_desk.ui.context import LEVEL_INFO, LEVEL_WARNING, AppContext
from zid_desk.ui.dialogs.import_pages import (
    SUFFIXES,
    ImportFilePage,
    ImportFormatPage,
    ImportMappingPage,
    ImportOptionsPage,
    ImportPage,
    ImportReportPage,
    ImportReviewPage,
)
from zid_desk.ui.jobs import JobHandle
from zid_desk.ui.models.import_plan import PlanTableModel
from zid_desk.ui.views.base import isolate

PREVIEW_ROWS = 20
PROGRESS_EVERY_S = 0.1
#: The GIL switch interval while a step runs in a worker thread. At CPython's default
#: (5 ms) a thread validating 100,000 rows starves Qt's event loop: every call from Qt
#: into Python waits for the GIL, and the window froze for up to 0.7 s at a time
#: (bench/import_100k.py --ui); at 1 ms the longest stall is ~40 ms for ~10 % more time.
WORKER_SWITCH_INTERVAL_S = 0.001


class GuiFirst:
    """Shorter GIL switch interval while any worker step runs (process-wide, counted)."""

    _active = 0
    _saved = 0.005

    @classmethod
    def enter(cls) -> None:
        if cls._active == 0:
            cls._saved = sys.getswitchinterval()
            sys.setswitchinterval(min(cls._saved, WORKER_SWITCH_INTERVAL_S))
        cls._active += 1

    @classmethod
    def leave(cls) -> None:
        cls._active = max(0, cls._active - 1)
        if cls._active == 0:
            sys.setswitchinterval(cls._saved)


class Step(enum.IntEnum):
    FILE = 0
    FORMAT = 1
    MAPPING = 2
    OPTIONS = 3
    REVIEW = 4
    REPORT = 5


@dataclass
class PlanOutcome:
    plan: Plan | None = None
    error: str = ""
    cancelled: bool = False


@dataclass
class ApplyOutcome:
    applied: AppliedBatch | None = None
    outcomes: dict[int, ChangeOutcome] = field(default_factory=dict)
    rows: list[ReportRow] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    push_error: str = ""
    push_cancelled: bool = False
    cancelled: bool = False


def local_file(mime: QMimeData) -> Path | None:
    """The first dropped local file with a suffix we read."""
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in SUFFIXES:
                return path
    return None


class ImportWizard(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_dialog")
        self.setWindowTitle(self.tr("Import stock from a file"))
        self.setLayoutDirection(QApplication.layoutDirection())
        self.setAcceptDrops(True)
        self.resize(900, 640)
        self.lang = ctx.lang
        self._locations = self._location_names()

        self.model = PlanTableModel(self._product_names, self._location_name, self)
        self.report_model = PlanTableModel(self._product_names, self._location_name, self)
        self.file_page = ImportFilePage(self)
        self.format_page = ImportFormatPage(self)
        self.mapping_page = ImportMappingPage(self)
        self.options_page = ImportOptionsPage(self)
        self.review_page = ImportReviewPage(self.model, self)
        self.report_page = ImportReportPage(self.report_model, self)
        self.pages: list[ImportPage] = [
            self.file_page,
            self.format_page,
            self.mapping_page,
            self.options_page,
            self.review_page,
            self.report_page,
        ]
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("steps")
        for page in self.pages:
            self.stack.addWidget(page)

        self.progress = QProgressBar(self)
        self.progress.setObjectName("progress")
        self.progress_text = QLabel(self)
        self.progress_text.setObjectName("progress_text")
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress_text)
        progress_row.addWidget(self.progress, 1)
        self.back_button = QPushButton(self.tr("Back"), self)
        self.back_button.setObjectName("back")
        self.next_button = QPushButton(self.tr("Next"), self)
        self.next_button.setObjectName("next")
        self.next_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addLayout(progress_row)
        layout.addLayout(buttons)

        # state, filled step by step
        self.path: Path | None = None
        self.preview: Preview | None = None
        self.detected: FileFormat | None = None
        self.plan: Plan | None = None
        self.outcome: ApplyOutcome | None = None
        self.task: asyncio.Task[Any] | None = None
        self.handle: JobHandle | None = None
        self._close_when_idle = False
        self._closed = False
        self._pending_format: tuple[str | None, str | None, str | None] | None = None
        self._pushing = False
        self._in_background = False

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.cancel_button.clicked.connect(self.cancel)
        self.file_page.browse_requested.connect(self.browse)
        self.file_page.path.returnPressed.connect(self.go_next)
        self.format_page.format_changed.connect(self._format_changed)
        self.report_page.save_requested.connect(self.ask_report_path)
        for page in self.pages:
            page.changed.connect(self._update_buttons)
        self._show_progress(None)
        self.show_step(Step.FILE)

    # ---- lookups for the models ------------------------------------------------------------
    def _location_names(self) -> dict[str, str]:
        cache = self.ctx.cache
        if cache is None:
            return {}
        return {loc.id: loc.name(self.lang) for loc in cache.locations()}

    def _location_name(self, location_id: str) -> str:
        return self._locations.get(location_id, location_id)

    def _product_names(self, ids: Any) -> dict[str, str]:
        cache = self.ctx.cache
        if cache is None or not ids:
            return {}
        return {pid: ref.name(self.lang) for pid, ref in cache.products_by_ids(list(ids)).items()}

    # ---- navigation ------------------------------------------------------------------------
    @property
    def step(self) -> Step:
        return Step(self.stack.currentIndex())

    @property
    def busy(self) -> bool:
        """A step is running (until its result is shown, not just until its task ends)."""
        return self.task is not None

    def show_step(self, step: Step) -> None:
        self.stack.setCurrentIndex(int(step))
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        busy = self.busy
        page = self.pages[step]
        self.back_button.setVisible(step is not Step.REPORT)
        self.back_button.setEnabled(not busy and step is not Step.FILE)
        self.next_button.setVisible(step is not Step.REPORT)
        # Enter moves through the steps but never applies: that takes a deliberate click
        self.next_button.setDefault(step is not Step.REVIEW)
        self.next_button.setAutoDefault(step is not Step.REVIEW)
        if step is Step.REVIEW:
            n = len(self.plan.changes) if self.plan is not None else 0
            self.next_button.setText(self.tr("Apply %1 changes").replace("%1", str(n)))
            self.next_button.setEnabled(not busy and n > 0)
        else:
            self.next_button.setText(self.tr("Next"))
            ready = page.can_continue()
            if step is Step.FORMAT:
                ready = ready and self.preview is not None and bool(self.preview.header)
            self.next_button.setEnabled(not busy and ready)
        if busy:
            self.cancel_button.setText(self.tr("Stop"))
        elif step is Step.REPORT:
            self.cancel_button.setText(self.tr("Close"))
        else:
            self.cancel_button.setText(self.tr("Cancel"))
        stopping = busy and self.handle is not None and self.handle.cancelled
        self.cancel_button.setEnabled(not stopping)

    def go_back(self) -> None:
        if self.busy or self.step in (Step.FILE, Step.REPORT):
            return
        if self.step is Step.REVIEW:
            self.plan = None
            self.model.set_plan(None)
        self.pages[self.step].show_error("")
        self.show_step(Step(self.step - 1))

    def go_next(self) -> None:
        if self.busy or not self.next_button.isEnabled():
            return
        step = self.step
        if step is Step.FILE:
            self.load_file(Path(self.file_page.path.text().strip()))
        elif step is Step.FORMAT:
            self._enter_mapping()
        elif step is Step.MAPPING:
            self._enter_options()
        elif step is Step.OPTIONS:
            self.build_plan()
        elif step is Step.REVIEW:
            self.apply()

    def cancel(self) -> None:
        """Stop the running step (nothing half-written), or close the dialog."""
        if self.busy:
            if self.handle is not None:
                self.handle.cancel()
            elif self.task is not None:
                self.task.cancel()
            self._update_buttons()
            return
        self.reject()

    def reject(self) -> None:
        stopping = self.handle is not None and self.handle.cancelled
        if self.busy and self._pushing and not stopping:
            # the batch is queued: sending goes on in the background (status bar: progress
            # and Cancel); the dialog closes itself when it is done
            self._in_background = True
            self.hide()
            self.ctx.message_posted.emit(
                LEVEL_INFO,
                self.tr("The import goes on in the background: its progress is in the status bar."),
                "",
            )
            return
        if self.busy:  # finish (cancelled) first: the job still reports into this dialog
            self._close_when_idle = True
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.busy:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    # ---- drag and drop, browse -------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if not self.busy and self.step is not Step.REPORT and local_file(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = local_file(event.mimeData())
        if path is None or self.busy or self.step is Step.REPORT:
            event.ignore()
            return
        event.acceptProposedAction()
        self.open_path(path)

    def open_path(self, path: Path) -> None:
        """Start over with `path` (a drop, Browse…, or the main window's drop)."""
        self.file_page.path.setText(str(path))
        self.show_step(Step.FILE)
        self.load_file(path)

    def browse(self) -> None:
        dialog = QFileDialog(self, self.tr("Choose a stock file"))
        dialog.setObjectName("browse_dialog")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(
            [
                self.tr("Stock files (*.csv *.txt *.xlsx *.xlsm *.xls *.ods)"),
                self.tr("All files (*)"),
            ]
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.open_path(Path(name)))
        dialog.open()

    # ---- step 1-2: file and format ---------------------------------------------------------
    def load_file(self, path: Path) -> None:
        if self.busy:
            return
        self.file_page.show_error("")
        if not path.is_file():
            self.file_page.show_error(
                self.tr("There is no file at %1: check the path.").replace("%1", isolate(path))
            )
            return
        self.path = path
        self.detected = None
        self._start_preview(None, None, None, first=True)

    def _format_changed(self) -> None:
        if self.path is None:
            return
        if self.busy:  # re-read with the latest choice once the running preview is shown
            self._pending_format = self.format_page.chosen()
            return
        encoding, delimiter, sheet = self.format_page.chosen()
        self._start_preview(encoding, delimiter, sheet, first=False)

    def _start_preview(
        self, encoding: str | None, delimiter: str | None, sheet: str | None, *, first: bool
    ) -> None:
        path = self.path
        assert path is not None
        page = self.file_page if first else self.format_page

        async def run() -> None:
            pv: Preview | None = None
            error = ""
            try:
                pv = await asyncio.to_thread(
                    preview, path, PREVIEW_ROWS, encoding, delimiter, sheet
                )
            except ImportFileError as exc:
                error = str(exc)
            except (OSError, UnicodeError) as exc:
                error = str(exc)
            finally:
                self.task = None
                self._close_if_requested()
            if self._closed:
                return
            if pv is None:
                self._preview_failed(page, error)
            else:
                self._show_preview(pv, first=first)
            pending, self._pending_format = self._pending_format, None
            if pending is not None and not first:
                self._start_preview(*pending, first=False)

        self.task = self.ctx.spawn(run())
        self._update_buttons()

    def _preview_failed(self, page: ImportPage, message: str) -> None:
        page.show_error(
            self.tr("Cannot read this file: %1").replace("%1", self.file_error_text(message))
        )
        if page is self.format_page:  # no going on with a format that cannot be read
            self.preview = None
            self.format_page.model.set_rows([], [])
        self._update_buttons()

    def file_error_text(self, message: str) -> str:
        """The engine's English file errors in the UI language (others as they are)."""
        patterns = (
            (
                r"the file is not valid (?P<a>\S+) \(near line (?P<b>\d+)\): .*",
                self.tr("it is not %1 text (near line %2): choose another encoding"),
            ),
            (
                r"the file does not look like (?P<a>\S+) text \(NUL characters\).*",
                self.tr("it does not look like %1 text: is it UTF-16? Choose the encoding"),
            ),
            (r"cannot read line (?P<a>\d+): (?P<b>.*)", self.tr("cannot read line %1 (%2)")),
            (
                r"cannot read the workbook (?P<a>.+?): (?P<b>.*)",
                self.tr("the workbook %1 cannot be read (%2)"),
            ),
            (r"the workbook (?P<a>.+) has no sheets", self.tr("the workbook %1 has no sheets")),
        )
        for pattern, text in patterns:
            m = re.fullmatch(pattern, message, re.DOTALL)
            if m is not None:
                values = m.groupdict()
                return text.replace("%1", isolate(values.get("a") or "")).replace(
                    "%2", isolate(values.get("b") or "")
                )
        return message

    def _show_preview(self, pv: Preview, *, first: bool) -> None:
        self.preview = pv
        if first or self.detected is None:
            self.detected = pv.format
        self.format_page.show_error("")
        self.format_page.show_format(pv.format, self.detected)
        self.format_page.model.set_rows(pv.header, pv.rows)
        if not pv.header:
            self.format_page.show_error(self.tr("The file is empty."))
        elif len(pv.header) < 2 and pv.format.kind == "sheet":
            self.format_page.show_error(self.tr("Only one column: is this the right sheet?"))
        elif len(pv.header) < 2:
            self.format_page.show_error(self.tr("Only one column: is the delimiter right?"))
        if first:
            self.show_step(Step.FORMAT)
        self._update_buttons()

    # ---- step 3: mapping -------------------------------------------------------------------
    def _enter_mapping(self) -> None:
        pv = self.preview
        if pv is None or not pv.header:
            return
        extra = self.ctx.settings.extra
        mapping = choose_mapping(pv.header, extra)
        was_remembered = remembered(extra, pv.header) is not None
        samples = pv.rows[0].cells if pv.rows else []
        self.mapping_page.set_columns(pv.header, samples, mapping, was_remembered)
        self.show_step(Step.MAPPING)

    # ---- step 4: options -------------------------------------------------------------------
    def _enter_options(self) -> None:
        has_column = self.mapping_page.mapping().index_of("location") is not None
        self._locations = self._location_names()
        self.options_page.set_locations(list(self._locations.items()), has_column)
        self.show_step(Step.OPTIONS)

    def plan_inputs(self) -> tuple[ColumnMapping, str, str | None, str]:
        """(mapping, mode, fixed location id, duplicates) as chosen."""
        mapping = self.mapping_page.mapping()
        fixed = self.options_page.fixed_location()
        if fixed is not None:  # one location for the whole file: the column is not read
            mapping = ColumnMapping({i: f for i, f in mapping.columns.items() if f != "location"})
        return mapping, self.options_page.mode(), fixed, self.options_page.duplicate_policy()

    # ---- step 5: the plan (dry run) --------------------------------------------------------
    def build_plan(self) -> None:
        cache, path, pv = self.ctx.cache, self.path, self.preview
        if cache is None or path is None or pv is None:
            self.options_page.show_error(self.tr("No store is open: sign in and sync first."))
            return
        mapping, mode, fixed, duplicates = self.plan_inputs()
        fmt = pv.format
        settings = self.ctx.settings
        self.options_page.show_error("")

        async def job(h: JobHandle) -> PlanOutcome:
            self.handle = h
            loop = asyncio.get_running_loop()
            progress = self._threadsafe_progress(loop, h, self.tr("Checking the rows"))
            try:
                snapshot = await asyncio.to_thread(
                    load_snapshot,
                    cache,
                    batch_size=settings.stock_batch_size,
                    rate_per_minute=settings.rate_limit_per_minute,
                    location_ids=None if fixed is None else [fixed],  # only the stock read
                )
                if h.cancelled:
                    return PlanOutcome(cancelled=True)
                plan = await asyncio.to_thread(
                    build_plan,
                    path,
                    snapshot,
                    fmt,
                    mapping,
                    mode=mode,
                    location=fixed,
                    duplicates=duplicates,
                    progress=progress,
                    cancelled=lambda: h.cancelled,
                )
            except ImportCancelled:
                return PlanOutcome(cancelled=True)
            except ImportFileError as exc:
                return PlanOutcome(error=str(exc))
            if h.cancelled:
                return PlanOutcome(cancelled=True)
            return PlanOutcome(plan=plan)

        title = self.tr("Checking %1").replace("%1", path.name)
        self._start_job(title, job, self._plan_done)

    def _plan_done(self, task: asyncio.Task[Any]) -> None:
        outcome: PlanOutcome | None = None
        if not task.cancelled():
            exc = task.exception()
            if exc is not None:  # a bug: the crash handler has it (ctx.run)
                self.options_page.show_error(
                    self.tr("The check failed: %1").replace("%1", str(exc))
                )
                return
            outcome = task.result()
        if outcome is None or outcome.cancelled:
            self.options_page.show_error(self.tr("Cancelled: nothing was written."))
            return
        if outcome.error or outcome.plan is None:
            self.options_page.show_error(
                self.tr("Cannot check this file: %1").replace(
                    "%1", self.file_error_text(outcome.error)
                )
            )
            return
        self.show_plan(outcome.plan)

    def show_plan(self, plan: Plan) -> None:
        self.plan = plan
        self.review_page.filter.setCurrentIndex(0)
        self.model.set_filter("all")
        self.model.set_plan(plan)
        self.review_page.fit()
        self.review_page.counts.setText(
            self.tr("%1 rows: %2 changed, %3 unchanged, %4 invalid (%5 stock changes)")
            .replace("%1", str(len(plan.rows)))
            .replace("%2", str(plan.changed))
            .replace("%3", str(plan.unchanged))
            .replace("%4", str(plan.invalid))
            .replace("%5", str(len(plan.changes)))
        )
        self.review_page.cost.setText(self.cost_text(plan))
        self.show_step(Step.REVIEW)

    def cost_text(self, plan: Plan) -> str:
        cost = plan.cost
        if not plan.changes:
            return self.tr("Nothing to send to Zid.")
        minutes = cost.minutes
        if minutes < 1:
            eta = self.tr("under a minute")
        else:
            eta = self.tr("about %1 min").replace("%1", str(round(minutes)))
        return (
            self.tr("Sending costs %1 API requests: %2 at the store's rate of %3 requests/min.")
            .replace("%1", str(cost.requests))
            .replace("%2", eta)
            .replace("%3", str(cost.rate_per_minute))
        )

    # ---- step 6: apply + push --------------------------------------------------------------
    def apply(self) -> None:
        plan, cache, pv = self.plan, self.ctx.cache, self.preview
        if plan is None or cache is None or pv is None or not plan.changes:
            return
        ctx = self.ctx
        header = pv.header
        chosen_mapping = self.mapping_page.mapping()

        async def job(h: JobHandle) -> ApplyOutcome:
            self.handle = h
            h.progress(0, len(plan.changes), None, self.tr("Queuing the changes"))
            self._show_progress((0, len(plan.changes), self.tr("Queuing the changes")))
            try:
                applied = await asyncio.to_thread(
                    enqueue_plan, cache, plan, cancelled=lambda: h.cancelled
                )
            except ImportCancelled:
                return ApplyOutcome(cancelled=True)
            ctx.settings.extra = remember(ctx.settings.extra, header, chosen_mapping)
            await asyncio.to_thread(ctx.save_settings)
            ctx.cache_changed.emit()
            ctx.status_changed.emit()
            out = ApplyOutcome(applied=applied)
            engine = ctx.engine
            if applied.batch_id is not None:
                if engine is None or ctx.connection is None:
                    out.push_error = self.tr("Not signed in.")
                else:
                    out.push_error = await self._push(h, engine)
                out.push_cancelled = h.cancelled
                out.outcomes = await asyncio.to_thread(outcomes, cache, plan, applied.batch_id)
            out.rows = await asyncio.to_thread(lambda: list(report_rows(plan, out.outcomes)))
            out.counts = await asyncio.to_thread(tally, plan, out.outcomes)
            return out

        title = self.tr("Importing %1").replace("%1", plan.path.name)
        self._start_job(title, job, self._apply_done)

    async def _push(self, h: JobHandle, engine: Any) -> str:
        """Push the outbox (this batch included); a push problem is reported, not raised:
        the batch stays queued."""
        pushing = self.tr("Sending to Zid")

        def progress(p: Any) -> None:
            h.sync_progress(p)
            self._show_progress((int(p.done), int(p.total), pushing))

        self._show_progress((0, 0, pushing))
        self._pushing = True
        try:
            await engine.push(progress=progress, cancel=h.cancel_token)
        except ZidError as exc:
            self.ctx.report_error(exc)
            return self.ctx.error_text(exc)
        finally:
            self._pushing = False
        self.ctx.set_online(True)
        return ""

    def _apply_done(self, task: asyncio.Task[Any]) -> None:
        result: ApplyOutcome | None = None
        if not task.cancelled():
            exc = task.exception()
            if exc is not None:  # a bug: the crash handler has it (ctx.run)
                self.review_page.show_error(
                    self.tr("The import failed: %1").replace("%1", str(exc))
                )
                return
            result = task.result()
        if result is None or result.cancelled or result.applied is None:
            self.review_page.show_error(self.tr("Cancelled: nothing was queued."))
            return
        self.show_report(result)
        if self._in_background:  # closed while sending: say how it ended, then go
            self._post_summary(result)
            self._closed = True
            super().reject()

    def _post_summary(self, result: ApplyOutcome) -> None:
        c = result.counts
        name = self.plan.path.name if self.plan is not None else ""
        if result.push_error:
            text = self.tr("Import of %1 is queued but not sent: %2").replace("%1", isolate(name))
            self.ctx.message_posted.emit(LEVEL_WARNING, text.replace("%2", result.push_error), "")
            return
        text = (
            self.tr("Import of %1 finished: %2 applied, %3 conflicts, %4 failed, %5 still queued.")
            .replace("%1", isolate(name))
            .replace("%2", str(c.get("applied", 0)))
            .replace("%3", str(c.get("conflict", 0)))
            .replace("%4", str(c.get("failed", 0)))
            .replace("%5", str(c.get("queued", 0)))
        )
        trouble = c.get("conflict", 0) or c.get("failed", 0) or c.get("queued", 0)
        self.ctx.message_posted.emit(LEVEL_WARNING if trouble else LEVEL_INFO, text, "")

    def show_report(self, result: ApplyOutcome) -> None:
        self.outcome = result
        plan = self.plan
        assert plan is not None
        self.report_page.filter.setCurrentIndex(0)
        self.report_model.set_filter("all")
        self.report_model.set_plan(plan, result.rows)
        self.report_page.fit()
        c = result.counts
        self.report_page.summary.setText(
            self.tr(
                "Applied: %1 · Conflicts: %2 · Failed: %3 · Still queued: %4 ·"
                " Invalid: %5 · Unchanged: %6"
            )
            .replace("%1", str(c.get("applied", 0)))
            .replace("%2", str(c.get("conflict", 0)))
            .replace("%3", str(c.get("failed", 0)))
            .replace("%4", str(c.get("queued", 0)))
            .replace("%5", str(c.get("invalid", 0)))
            .replace("%6", str(c.get("unchanged", 0)))
        )
        note = ""
        batch = result.applied
        queued = c.get("queued", 0)
        if result.push_error:
            note = self.tr(
                "Not sent to Zid: %1 The changes stay queued as one batch: push them later."
            ).replace("%1", result.push_error)
        elif result.push_cancelled and queued:
            note = self.tr("Sending stopped: %1 changes stay queued. Push them later.").replace(
                "%1", str(queued)
            )
        elif c.get("conflict", 0):
            note = self.tr(
                "Some counts conflict with sales made since the last sync: open Pending"
                " changes to choose."
            )
        if batch is not None and batch.batch_id is not None:
            history = self.tr("Queued as batch %1, reversible as a whole from History.").replace(
                "%1", isolate(batch.batch_id)
            )
            note = f"{note}\n{history}" if note else history
        self.report_page.push_note.setText(note)
        self.report_page.push_note.setVisible(bool(note))
        self.show_step(Step.REPORT)

    # ---- report ----------------------------------------------------------------------------
    def ask_report_path(self) -> None:
        plan = self.plan
        if plan is None:
            return
        suggested = plan.path.with_name(f"{plan.path.stem}-report.csv")
        dialog = QFileDialog(self, self.tr("Save the report"), str(suggested))
        dialog.setObjectName("save_dialog")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("csv")
        dialog.setNameFilters([self.tr("CSV files (*.csv)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.ctx.spawn(self.save_report(Path(name))))
        dialog.open()

    async def save_report(self, path: Path) -> int:
        """Write the per-row report (UTF-8 with BOM); returns the rows written."""
        plan, result = self.plan, self.outcome
        if plan is None:
            return 0
        outs = result.outcomes if result is not None else None
        try:
            n = await asyncio.to_thread(write_report_csv, path, plan, outs)
        except OSError as exc:
            self.report_page.show_error(
                self.tr("Cannot save the report: %1").replace("%1", exc.strerror or str(exc))
            )
            return 0
        self.report_page.show_error("")
        self.ctx.message_posted.emit(
            LEVEL_INFO, self.tr("Report saved to %1").replace("%1", isolate(path)), ""
        )
        return int(n)

    # ---- jobs ------------------------------------------------------------------------------
    def _start_job(
        self,
        title: str,
        job: Callable[[JobHandle], Any],
        done: Callable[[asyncio.Task[Any]], None],
    ) -> None:
        self.handle = None
        GuiFirst.enter()
        task = self.ctx.run(title, job)
        self.task = task
        self._show_progress((0, 0, title))
        self._update_buttons()

        def finished(t: asyncio.Task[Any]) -> None:
            GuiFirst.leave()
            self.task = None
            self.handle = None
            if self._close_when_idle:
                self._close_if_requested()
                return
            self._show_progress(None)
            done(t)
            self._update_buttons()

        task.add_done_callback(finished)

    def _close_if_requested(self) -> None:
        if self._close_when_idle and not self.busy:
            self._close_when_idle = False
            self._closed = True
            super().reject()

    def _threadsafe_progress(
        self, loop: asyncio.AbstractEventLoop, h: JobHandle, text: str
    ) -> Callable[[int, int | None], None]:
        """The engine's progress(done, total) from a worker thread, throttled and posted to
        the GUI thread (the status bar's job line and this dialog's bar)."""
        last = [0.0]

        def post(done: int, total: int | None) -> None:
            h.progress(done, total or 0, None, text)
            self._show_progress((done, total or 0, text))

        def progress(done: int, total: int | None) -> None:
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_S or (total and done >= total):
                last[0] = now
                loop.call_soon_threadsafe(post, done, total)

        return progress

    def _show_progress(self, state: tuple[int, int, str] | None) -> None:
        if state is None:
            self.progress.hide()
            self.progress_text.hide()
            return
        done, total, text = state
        self.progress.show()
        self.progress_text.show()
        self.progress_text.setText(text)
        if total > 0:
            scale = max(1, total // 1_000_000 + 1)  # QProgressBar holds ints only
            self.progress.setRange(0, total // scale)
            self.progress.setValue(min(done, total) // scale)
        else:
            self.progress.setRange(0, 0)  # busy indicator
