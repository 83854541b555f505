"""Pending changes: the outbox with each change's state, filtered by state, with Push,
Retry (failed -> queued), Discard (confirmed) and Resolve… (conflicts)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from zid_desk.cache.records import ACTIVE_STATES, CacheError, OutboxChange, OutboxFilter
from zid_desk.domain.models import ChangeKind, ChangeState, display_name
from zid_desk.ui.context import LEVEL_INFO, LEVEL_WARNING
from zid_desk.ui.views.base import TablePage, isolate

#: (key, states shown); the combo's labels come from PendingView.filter_labels().
STATE_FILTERS: tuple[tuple[str, tuple[ChangeState, ...] | None], ...] = (
    ("all", None),
    ("waiting", ACTIVE_STATES),
    ("queued", (ChangeState.QUEUED,)),
    ("sending", (ChangeState.SENDING,)),
    ("failed", (ChangeState.FAILED,)),
    ("conflict", (ChangeState.CONFLICT,)),
    ("applied", (ChangeState.APPLIED,)),
    ("discarded", (ChangeState.DISCARDED,)),
)
DISCARDABLE = (ChangeState.QUEUED, ChangeState.FAILED, ChangeState.CONFLICT)

_NEGATIVE = re.compile(r"^would make the stock negative \((-?\d+)\)$")
_SUPERSEDED = re.compile(r"^superseded by #(\d+)$")
_KEPT_MINE = re.compile(r"^resolved: kept mine as #(\d+)$")
#: zid_desk.sync.engine._ambiguous_reason: Zid changed while the change was being sent
AMBIGUOUS = re.compile(
    r"^Zid's value changed while this change was being sent \(Zid has (.+?), it had (.+?),"
    r" the change makes it (.+?)\), so it may have landed"
)


def quantity_word(text: str) -> str:
    """A quantity from an engine message: a number (isolated) or infinite/unknown."""
    return "∞" if text == "infinite/none" else isolate(text)


def signed(delta: int) -> str:
    """A delta such as "-5" for right-to-left text. Qt's item views still put a leading
    minus on the wrong side inside an isolate ("5-"); a left-to-right mark before it makes
    the sign and the digits one left-to-right run."""
    return isolate(f"\u200e{delta:+d}")


#: how far down a refresh looks for the rows that were selected (5 pages)
KEEP_SCAN_ROWS = 1000


def refresh_keeping_selection(page: TablePage, refresh: Callable[[], None]) -> None:
    """Re-query, then select again the records (by id) that were selected and put the
    scroll position back: a push or a pull finishing must not lose the user's place."""
    table = page.table
    wanted = {r.id for r in page.selected_records()}
    scroll = table.verticalScrollBar().value()
    refresh()
    if wanted:
        model = page.model
        last = model.columnCount() - 1
        selection = QItemSelection()
        found = 0
        for row in range(min(model.rowCount(), KEEP_SCAN_ROWS)):
            record = model.record(row)
            if record is not None and record.id in wanted:
                selection.select(model.index(row, 0), model.index(row, last))
                found += 1
                if found == len(wanted):
                    break
        if found:
            table.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
    table.verticalScrollBar().setValue(scroll)


def fit_columns(page: TablePage) -> None:
    """Columns as wide as their text, once there are rows (measured on the first 40 rows:
    the model is lazy). A width the user dragged, or restored with the window, stays."""
    if getattr(page, "_columns_fitted", False) or page.model.rowCount() == 0:
        return
    header = page.table.horizontalHeader()
    header.setResizeContentsPrecision(40)  # rows measured: 200 stalled the GUI ~90 ms
    page.table.resizeColumnsToContents()
    page._columns_fitted = True  # type: ignore[attr-defined]


def add_bars(page: TablePage, filters: list[QWidget], actions: list[QWidget]) -> None:
    """Above the table: the search box with the filters, then a row of action buttons.
    Combos get a small minimum so a page never forces a wide window (the navigation
    splitter must keep its restored width on an 800-pixel screen)."""
    layout = cast(QVBoxLayout, page.layout())
    layout.removeWidget(page.search)
    top = QHBoxLayout()
    top.addWidget(page.search, 1)
    for w in filters:
        if isinstance(w, QComboBox):
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            w.setMinimumContentsLength(8)
        top.addWidget(w)
    layout.insertLayout(0, top)
    if actions:
        bottom = QHBoxLayout()
        for w in actions:
            bottom.addWidget(w)
        bottom.addStretch(1)
        layout.insertLayout(1, bottom)


class ChangeSources(QObject):
    """Where a change came from, in the UI language: "manual" | "cli" | "csv:<file>" |
    "reverse:<journal id>" | "reverse:batch:<batch id>" (anything else as it is)."""

    def label(self, source: str) -> str:
        kind, _, rest = source.partition(":")
        if source == "manual":
            return self.tr("Edit in the app")
        if source == "cli":
            return self.tr("Command line")
        if kind == "csv" and rest:
            return self.tr("File %1").replace("%1", isolate(rest))
        if kind == "reverse" and rest.startswith("batch:"):
            batch_id = rest.partition(":")[2]
            return self.tr("Reversal of batch %1").replace("%1", isolate("#" + batch_id))
        if kind == "reverse" and rest:
            return self.tr("Reversal of entry %1").replace("%1", isolate("#" + rest))
        return source


class PendingView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        self._states: tuple[ChangeState, ...] | None = None
        self.sources = ChangeSources()
        super().__init__(ctx, parent)
        self.sources.setParent(self)
        self.setObjectName("pending_view")
        self.search.setPlaceholderText(self.tr("Search SKU or name"))
        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("state_filter")
        labels = self.filter_labels()
        for key, _states in STATE_FILTERS:
            self.state_combo.addItem(labels[key], key)
        self.state_combo.currentIndexChanged.connect(self._state_filter_changed)
        self.push_button = QPushButton(self.tr("Push"), self)
        self.push_button.setObjectName("push")
        self.push_button.clicked.connect(self.push)
        self.retry_button = QPushButton(self.tr("Retry"), self)
        self.retry_button.setObjectName("retry")
        self.retry_button.clicked.connect(self.retry_selected)
        self.discard_button = QPushButton(self.tr("Discard…"), self)
        self.discard_button.setObjectName("discard")
        self.discard_button.clicked.connect(self.discard_selected)
        self.resolve_button = QPushButton(self.tr("Resolve…"), self)
        self.resolve_button.setObjectName("resolve")
        self.resolve_button.clicked.connect(self.resolve_selected)
        add_bars(
            self,
            [self.state_combo],
            [self.push_button, self.retry_button, self.discard_button, self.resolve_button],
        )
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.activated.connect(self._activated)
        ctx.busy_changed.connect(self._busy_changed)
        self.confirm: QMessageBox | None = None
        fit_columns(self)
        self.update_buttons()

    # ---- labels ---------------------------------------------------------------------------
    def filter_labels(self) -> dict[str, str]:
        return {
            "all": self.tr("All changes"),
            "waiting": self.tr("Not yet on Zid"),
            "queued": self.tr("Queued"),
            "sending": self.tr("Sending"),
            "failed": self.tr("Failed"),
            "conflict": self.tr("Conflicts"),
            "applied": self.tr("Applied"),
            "discarded": self.tr("Discarded"),
        }

    def state_label(self, state: ChangeState) -> str:
        return {
            ChangeState.QUEUED: self.tr("Queued"),
            ChangeState.SENDING: self.tr("Sending"),
            ChangeState.APPLIED: self.tr("Applied"),
            ChangeState.FAILED: self.tr("Failed"),
            ChangeState.CONFLICT: self.tr("Conflict"),
            ChangeState.DISCARDED: self.tr("Discarded"),
        }.get(state, str(state))

    def reason_label(self, change: OutboxChange) -> str:
        """The cache/engine record reasons in English; known ones are said in the UI
        language, anything else (e.g. Zid's own message) as it came."""
        error = change.error or ""
        if not error:
            return ""
        if error == "Zid's value changed since this count was typed":
            return self.tr("Zid's value changed since this count was typed")
        if error == "discarded by the user":
            return self.tr("Discarded by you")
        if error == "resolved: kept Zid's value":
            return self.tr("Resolved: kept Zid's value")
        if m := AMBIGUOUS.match(error):
            return (
                self.tr(
                    "Zid's value changed while this was being sent (Zid has %1, it had %2,"
                    " this change makes it %3): it may have landed. Resolve to choose."
                )
                .replace("%1", quantity_word(m[1]))
                .replace("%2", quantity_word(m[2]))
                .replace("%3", quantity_word(m[3]))
            )
        if m := _NEGATIVE.match(error):
            return self.tr("Would make the stock negative (%1)").replace("%1", isolate(m[1]))
        if m := _SUPERSEDED.match(error):
            return self.tr("Replaced by change %1").replace("%1", isolate("#" + m[1]))
        if m := _KEPT_MINE.match(error):
            return self.tr("Resolved: your value queued again as %1").replace(
                "%1", isolate("#" + m[1])
            )
        return error

    def change_text(self, change: OutboxChange) -> str:
        if change.kind is ChangeKind.ADJUST:
            return signed(int(change.value or 0))
        if change.value is None:
            return "∞"
        return self.tr("Set to %1").replace("%1", isolate(change.value))

    def columns(self) -> list[tuple[str, Any]]:
        lang = self.ctx.lang
        return [
            (self.tr("Product"), lambda r: display_name(lang, r.name_ar, r.name_en)),
            (self.tr("SKU"), lambda r: isolate(r.sku)),
            (self.tr("Location"),
             lambda r: display_name(lang, r.location_name_ar, r.location_name_en)),
            (self.tr("Change"), self.change_text),
            (self.tr("Loaded"), lambda r: "" if r.base_quantity is None
             else isolate(r.base_quantity)),
            (self.tr("State"), lambda r: self.state_label(r.state)),
            (self.tr("Reason"), self.reason_label),
            (self.tr("Source"), lambda r: self.sources.label(r.source)),
            (self.tr("Note"), lambda r: r.note),
            (self.tr("When"),
             lambda r: isolate(r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M"))),
        ]

    # ---- data -----------------------------------------------------------------------------
    def _filter(self) -> OutboxFilter:
        return OutboxFilter(states=self._states, search=self.search.text().strip())

    def count(self) -> int:
        return int(self.ctx.cache.outbox_count(self._filter()))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.outbox_page(self._filter(), offset, limit))

    def refresh(self) -> None:
        if not hasattr(self, "resolve_button"):  # still in TablePage.__init__
            super().refresh()
            return
        refresh_keeping_selection(self, super().refresh)
        fit_columns(self)
        self.update_buttons()

    def set_state_filter(self, key: str) -> None:
        index = self.state_combo.findData(key)
        if index >= 0:
            self.state_combo.setCurrentIndex(index)

    def _state_filter_changed(self, _index: int) -> None:
        key = self.state_combo.currentData()
        self._states = dict(STATE_FILTERS).get(key)
        self.refresh()

    # ---- actions --------------------------------------------------------------------------
    def _selected(self, states: tuple[ChangeState, ...]) -> list[OutboxChange]:
        return [c for c in self.selected_records() if c.state in states]

    def update_buttons(self) -> None:
        has_store = getattr(self.ctx, "engine", None) is not None
        self.push_button.setEnabled(has_store and not self.ctx.busy)
        self.retry_button.setEnabled(bool(self._selected((ChangeState.FAILED,))))
        self.discard_button.setEnabled(bool(self._selected(DISCARDABLE)))
        self.resolve_button.setEnabled(
            has_store and len(self._selected((ChangeState.CONFLICT,))) == 1
        )

    def _selection_changed(self, *_args: Any) -> None:
        self.update_buttons()

    def _busy_changed(self, _busy: bool) -> None:
        self.update_buttons()

    def _notify(self) -> None:
        self.ctx.cache_changed.emit()
        self.ctx.status_changed.emit()

    def push(self) -> None:
        self.ctx.start_push()

    def retry_selected(self) -> None:
        ids = [c.id for c in self._selected((ChangeState.FAILED,))]
        if not ids:
            return
        queued = self.ctx.cache.retry(ids)
        self._notify()
        self.ctx.message_posted.emit(
            LEVEL_INFO,
            self.tr("Queued again: %1 changes. Push to send them.").replace(
                "%1", str(len(queued))
            ),
            "",
        )

    def discard_selected(self) -> None:
        changes = self._selected(DISCARDABLE)
        if not changes:
            return
        box = QMessageBox(self)
        box.setObjectName("confirm_discard")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Discard changes"))
        box.setText(
            self.tr("Discard %1 changes? They will not be sent to Zid.").replace(
                "%1", str(len(changes))
            )
        )
        discard = box.addButton(self.tr("Discard"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("confirm_discard_yes")
        keep = box.addButton(self.tr("Keep them"), QMessageBox.ButtonRole.RejectRole)
        keep.setObjectName("confirm_discard_no")
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [c.id for c in changes]

        def answered(button: Any) -> None:
            if button is discard:
                self._discard(ids)

        box.buttonClicked.connect(answered)
        box.finished.connect(self._confirm_closed)
        self.confirm = box
        box.open()

    def _confirm_closed(self, _result: int) -> None:
        self.confirm = None

    def _discard(self, ids: list[int]) -> None:
        skipped = 0
        for change_id in ids:
            try:
                self.ctx.cache.discard(change_id)
            except CacheError:  # applied or sent meanwhile
                skipped += 1
        self._notify()
        if skipped:
            self.ctx.message_posted.emit(
                LEVEL_WARNING,
                self.tr("%1 changes had already been sent and were kept").replace(
                    "%1", str(skipped)
                ),
                "",
            )

    def resolve_selected(self) -> None:
        conflicts = self._selected((ChangeState.CONFLICT,))
        if len(conflicts) == 1:
            self.open_conflict(conflicts[0].id)

    def open_conflict(self, change_id: int) -> QWidget:
        from zid_desk.ui.dialogs.conflict import ConflictDialog

        dialog = ConflictDialog(self.ctx, change_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _activated(self, index: Any) -> None:
        """Enter or double-click on a conflict row opens its dialog."""
        change = self.model.record(index.row())
        if change is not None and change.state is ChangeState.CONFLICT:
            self.open_conflict(change.id)
