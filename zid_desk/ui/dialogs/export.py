"""Export stock (File > Export stock…, Ctrl+E): all locations or one, to an Excel workbook or
a CSV file, with headers and location names in the UI language. The engine
(`zid_desk.importer.export`) writes a file the import reads back unchanged; this dialog only
picks the options and runs it off the GUI thread with progress and Cancel."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from zid_desk.domain.models import display_name
from zid_desk.importer.export import ExportError, ExportResult, export_stock
from zid_desk.importer.read import ImportCancelled
from zid_desk.ui.context import LEVEL_INFO
from zid_desk.ui.jobs import JobHandle
from zid_desk.ui.views.base import isolate

PROGRESS_EVERY_S = 0.1
SUFFIXES = {"xlsx": ".xlsx", "excel_csv": ".csv", "plain_csv": ".csv"}


class ExportDialog(QDialog):
    """Non-modal options dialog; `exported(path, rows)` when a file is written."""

    exported = Signal(str, int)

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.task: asyncio.Task[Any] | None = None
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export stock"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.location = QComboBox(self)
        self.location.setObjectName("export_location")
        self.location.addItem(self.tr("All locations"), None)
        for loc in ctx.cache.locations() if ctx.cache is not None else []:
            name = display_name(ctx.lang, loc.name_ar, loc.name_en)
            self.location.addItem(name or loc.id, loc.id)
        form.addRow(self.tr("Location:"), self.location)
        self.xlsx = QRadioButton(self.tr("Excel workbook (.xlsx)"), self)
        self.excel_csv = QRadioButton(self.tr("CSV for Excel (UTF-8 with BOM: Arabic shows)"), self)
        self.plain_csv = QRadioButton(self.tr("Plain CSV (UTF-8, no BOM: other systems)"), self)
        self.xlsx.setChecked(True)
        formats = QVBoxLayout()
        for button in (self.xlsx, self.excel_csv, self.plain_csv):
            formats.addWidget(button)
            button.toggled.connect(self._format_changed)
        form.addRow(self.tr("Format:"), formats)
        path_row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("export_path")
        self.path.setText(str(default_folder() / f"zid-stock-{date.today().isoformat()}.xlsx"))
        self.path.textChanged.connect(self._update_buttons)
        self.choose = QPushButton(self.tr("Choose…"), self)
        self.choose.clicked.connect(self.choose_path)
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.choose)
        form.addRow(self.tr("File:"), path_row)
        layout.addLayout(form)
        self.status = QLabel(self)
        self.status.setObjectName("export_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    # ---- options ---------------------------------------------------------------------------
    def format_key(self) -> str:
        if self.xlsx.isChecked():
            return "xlsx"
        return "excel_csv" if self.excel_csv.isChecked() else "plain_csv"

    def _format_changed(self, checked: bool = True) -> None:
        if not checked:
            return
        current = Path(self.path.text().strip() or "zid-stock")
        self.path.setText(str(current.with_suffix(SUFFIXES[self.format_key()])))

    def choose_path(self) -> None:
        dialog = QFileDialog(self, self.tr("Export stock to"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters(
            [self.tr("Excel workbook (*.xlsx)"), self.tr("CSV file (*.csv)")]
            if self.xlsx.isChecked()
            else [self.tr("CSV file (*.csv)"), self.tr("Excel workbook (*.xlsx)")]
        )
        dialog.selectFile(self.path.text())
        dialog.fileSelected.connect(self.path.setText)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _update_buttons(self) -> None:
        busy = self.task is not None
        self.export_button.setEnabled(not busy and bool(self.path.text().strip()))
        for w in (self.location, self.xlsx, self.excel_csv, self.plain_csv, self.path):
            w.setEnabled(not busy)
        self.choose.setEnabled(not busy)

    # ---- export ----------------------------------------------------------------------------
    def start_export(self) -> None:
        text = self.path.text().strip()
        if not text or self.task is not None or self.ctx.cache is None:
            return
        path = Path(text).expanduser()
        if path.suffix.lower() not in (".xlsx", ".csv", ".txt"):
            path = path.with_suffix(SUFFIXES[self.format_key()])
        cache = self.ctx.cache
        location = self.location.currentData()
        excel = self.format_key() != "plain_csv"
        lang = self.ctx.lang
        title = self.tr("Exporting stock")
        loop = asyncio.get_running_loop()

        async def job(h: JobHandle) -> ExportResult | str | None:
            last = [0.0]

            def progress(done: int, total: int | None) -> None:
                now = time.monotonic()
                if now - last[0] >= PROGRESS_EVERY_S:
                    last[0] = now
                    loop.call_soon_threadsafe(h.progress, done, total or 0, None, title)

            try:
                return await asyncio.to_thread(
                    export_stock, cache, path, location=location, lang=lang, excel=excel,
                    progress=progress, cancelled=lambda: h.cancelled,
                )
            except ImportCancelled:
                return None  # the engine removed its partial file
            except (ExportError, OSError) as exc:  # expected: say it in the dialog
                return str(exc)

        self.status.setText(title)
        self.task = self.ctx.run(title, job)
        self.task.add_done_callback(self._finished)
        self._update_buttons()

    def _finished(self, task: asyncio.Task[Any]) -> None:
        self.task = None
        self._update_buttons()
        outcome = None if task.cancelled() or task.exception() else task.result()
        if outcome is None:
            if task.cancelled() or task.exception() is None:
                self.status.setText(self.tr("Export cancelled: no file was written."))
            else:  # a bug: ctx.run has sent it to the crash handler and the log
                self.status.setText(self.tr("Export failed: see the log."))
            return
        if isinstance(outcome, str):
            self.status.setText(self.tr("Could not export: %1").replace("%1", outcome))
            return
        message = self.tr("Exported %1 rows to %2").replace("%1", isolate(outcome.rows))
        message = message.replace("%2", isolate(outcome.path))
        self.ctx.message_posted.emit(LEVEL_INFO, message, "")
        self.exported.emit(str(outcome.path), outcome.rows)
        self.accept()

    def reject(self) -> None:
        if self.task is not None:  # Cancel while writing: stop the job, keep the dialog
            self.ctx.jobs.cancel_all()
            return
        super().reject()


def default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()
