"""History: the journal of every change that reached Zid (or failed to), filterable by
search, source and result, with Reverse (one entry) and Reverse batch (a whole import).
A reversal queues new changes back to the old values; the history itself is kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from zid_desk.cache.records import JournalEntry, JournalFilter
from zid_desk.domain.models import display_name
from zid_desk.ui.context import LEVEL_INFO
from zid_desk.ui.views.base import TablePage, isolate, old_to_new
from zid_desk.ui.views.pending import (
    ChangeSources,
    add_bars,
    fit_columns,
    refresh_keeping_selection,
)

#: (key, JournalFilter.source): exact source or a prefix ending in ":".
SOURCE_FILTERS: tuple[tuple[str, str | None], ...] = (
    ("all", None),
    ("manual", "manual"),
    ("file", "csv:"),
    ("reverse", "reverse:"),
    ("cli", "cli"),
)
RESULT_FILTERS: tuple[tuple[str, str | None], ...] = (
    ("all", None),
    ("applied", "applied"),
    ("failed", "failed"),
)


def reversible(entry: JournalEntry) -> bool:
    return entry.applied and entry.reversed_by is None


class HistoryView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        self._source: str | None = None
        self._result: str | None = None
        self.sources = ChangeSources()
        super().__init__(ctx, parent)
        self.sources.setParent(self)
        self.setObjectName("history_view")
        self.search.setPlaceholderText(self.tr("Search SKU or name"))
        self.source_combo = QComboBox(self)
        self.source_combo.setObjectName("source_filter")
        source_labels = {
            "all": self.tr("All sources"),
            "manual": self.tr("Edits in the app"),
            "file": self.tr("File imports"),
            "reverse": self.tr("Reversals"),
            "cli": self.tr("Command line"),
        }
        for key, _value in SOURCE_FILTERS:
            self.source_combo.addItem(source_labels[key], key)
        self.result_combo = QComboBox(self)
        self.result_combo.setObjectName("result_filter")
        result_labels = {
            "all": self.tr("All results"),
            "applied": self.tr("Applied"),
            "failed": self.tr("Failed"),
        }
        for key, _value in RESULT_FILTERS:
            self.result_combo.addItem(result_labels[key], key)
        self.source_combo.currentIndexChanged.connect(self._filters_changed)
        self.result_combo.currentIndexChanged.connect(self._filters_changed)
        self.reverse_button = QPushButton(self.tr("Reverse"), self)
        self.reverse_button.setObjectName("reverse")
        self.reverse_button.setToolTip(
            self.tr("Queue changes that put the old values back (the history is kept)")
        )
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.reverse_batch_button = QPushButton(self.tr("Reverse batch"), self)
        self.reverse_batch_button.setObjectName("reverse_batch")
        self.reverse_batch_button.setToolTip(
            self.tr("Queue changes that undo the whole import the selected entry belongs to")
        )
        self.reverse_batch_button.clicked.connect(self.reverse_batch)
        add_bars(
            self,
            [self.source_combo, self.result_combo],
            [self.reverse_button, self.reverse_batch_button],
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        fit_columns(self)
        self.update_buttons()

    # ---- labels ---------------------------------------------------------------------------
    def source_label(self, source: str) -> str:
        return self.sources.label(source)

    def result_label(self, entry: JournalEntry) -> str:
        if entry.applied:
            return self.tr("Applied")
        _, _, reason = entry.result.partition(":")
        if reason and reason != "None":
            return self.tr("Failed: %1").replace("%1", reason)
        return self.tr("Failed")

    def reversed_label(self, entry: JournalEntry) -> str:
        if entry.reversed_by is None:
            return ""
        return self.tr("Reversed (change %1)").replace("%1", isolate(f"#{entry.reversed_by}"))

    @staticmethod
    def quantity(value: int | None) -> str:
        return "—" if value is None else str(value)

    def change_text(self, entry: JournalEntry) -> str:
        return old_to_new(
            self.quantity(entry.old), self.quantity(entry.new), rtl=self.isRightToLeft()
        )

    def columns(self) -> list[tuple[str, Any]]:
        lang = self.ctx.lang
        return [
            (self.tr("When"), lambda r: isolate(r.at.astimezone().strftime("%Y-%m-%d %H:%M"))),
            (self.tr("Product"), lambda r: display_name(lang, r.name_ar, r.name_en)),
            (self.tr("SKU"), lambda r: isolate(r.sku)),
            (self.tr("Location"),
             lambda r: display_name(lang, r.location_name_ar, r.location_name_en)),
            (self.tr("Old → new"), self.change_text),
            (self.tr("Source"), lambda r: self.source_label(r.source)),
            (self.tr("Result"), self.result_label),
            (self.tr("Reversed"), self.reversed_label),
        ]

    # ---- data -----------------------------------------------------------------------------
    def _filter(self) -> JournalFilter:
        return JournalFilter(
            search=self.search.text().strip(), source=self._source, result=self._result
        )

    def count(self) -> int:
        return int(self.ctx.cache.journal_count(self._filter()))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.journal_page(self._filter(), offset, limit))

    def refresh(self) -> None:
        if not hasattr(self, "reverse_batch_button"):  # still in TablePage.__init__
            super().refresh()
            return
        refresh_keeping_selection(self, super().refresh)
        fit_columns(self)
        self.update_buttons()

    def set_filters(self, *, source: str | None = None, result: str | None = None) -> None:
        """Pick the combos' entries by key (tests, other views)."""
        if source is not None:
            self.source_combo.setCurrentIndex(self.source_combo.findData(source))
        if result is not None:
            self.result_combo.setCurrentIndex(self.result_combo.findData(result))

    def _filters_changed(self, _index: int) -> None:
        self._source = dict(SOURCE_FILTERS).get(self.source_combo.currentData())
        self._result = dict(RESULT_FILTERS).get(self.result_combo.currentData())
        self.refresh()

    # ---- actions --------------------------------------------------------------------------
    def update_buttons(self) -> None:
        has_engine = getattr(self.ctx, "engine", None) is not None
        selected = self.selected_records()
        self.reverse_button.setEnabled(has_engine and any(reversible(e) for e in selected))
        self.reverse_batch_button.setEnabled(
            has_engine and any(e.batch_id is not None for e in selected)
        )

    def _selection_changed(self, *_args: Any) -> None:
        self.update_buttons()

    def _queued(self, change_ids: list[int]) -> None:
        self.ctx.cache_changed.emit()
        self.ctx.status_changed.emit()
        if change_ids:
            text = self.tr("Queued %1 changes that undo it: push to send them.").replace(
                "%1", str(len(change_ids))
            )
        else:
            text = self.tr("Nothing left to reverse there.")
        self.ctx.message_posted.emit(LEVEL_INFO, text, "")

    def reverse_selected(self) -> list[int]:
        ids: list[int] = []
        for entry in self.selected_records():
            if reversible(entry):
                try:
                    ids.append(self.ctx.engine.reverse_entry(entry.id))
                except ValueError:  # reversed or gone meanwhile (another window, the CLI)
                    continue
        self._queued(ids)
        return ids

    def reverse_batch(self) -> list[int]:
        batches = sorted({e.batch_id for e in self.selected_records() if e.batch_id is not None})
        ids: list[int] = []
        for batch_id in batches:
            try:
                ids += self.ctx.engine.reverse_batch(batch_id)
            except ValueError:  # nothing applied left to reverse in that batch
                continue
        self._queued(ids)
        return ids
