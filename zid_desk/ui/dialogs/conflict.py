"""The conflict dialog: a count was typed against a value that changed on Zid meanwhile
(a sale, an edit in Zid's dashboard). It shows what was loaded, what was typed and what Zid
has, and the user picks: keep mine (queued again against Zid's new value) or keep Zid's.

Opened with ``ConflictDialog(ctx, change_id, parent).open()`` (never ``exec()``)."""

from __future__ import annotations

from typing import Any, Literal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from zid_desk.cache.records import CacheError, OutboxChange
from zid_desk.domain.models import ChangeKind, ChangeState, display_name
from zid_desk.ui.context import LEVEL_INFO, LEVEL_WARNING
from zid_desk.ui.views.base import isolate
from zid_desk.ui.views.pending import AMBIGUOUS, signed


class ConflictDialog(QDialog):
    def __init__(self, ctx: Any, change_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.change_id = change_id
        self.setObjectName("conflict_dialog")
        self.setWindowTitle(self.tr("Resolve a conflict"))
        self.change: OutboxChange | None = ctx.cache.change(change_id) if ctx.cache else None
        layout = QVBoxLayout(self)
        self.explanation = QLabel(
            self.tr(
                "This count was typed against a value that has changed on Zid since (a sale or"
                " an edit elsewhere). Choose which value Zid should keep."
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        layout.addWidget(self.explanation)
        form = QFormLayout()
        self.product_label = self._value_label("product")
        self.location_label = self._value_label("location")
        self.base_label = self._value_label("base_value")
        self.mine_label = self._value_label("mine_value")
        self.remote_label = self._value_label("remote_value")
        self.current_label = self._value_label("current_value")
        form.addRow(self.tr("Product:"), self.product_label)
        form.addRow(self.tr("Location:"), self.location_label)
        form.addRow(self.tr("Loaded when you typed:"), self.base_label)
        form.addRow(self.tr("You typed:"), self.mine_label)
        form.addRow(self.tr("Zid had when pushing:"), self.remote_label)
        form.addRow(self.tr("Zid has now (last sync):"), self.current_label)
        layout.addLayout(form)
        buttons = QDialogButtonBox(self)
        self.keep_mine_button = QPushButton(self.tr("Keep mine"), self)
        self.keep_mine_button.setObjectName("keep_mine")
        self.keep_zid_button = QPushButton(self.tr("Keep Zid's value"), self)
        self.keep_zid_button.setObjectName("keep_zid")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cancel")
        buttons.addButton(self.keep_mine_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_zid_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.keep_mine_button.clicked.connect(self.keep_mine)
        self.keep_zid_button.clicked.connect(self.keep_zid)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.fill()

    def _value_label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        return label

    @staticmethod
    def quantity(value: int | None, *, infinite: bool = False) -> str:
        if infinite:
            return "∞"
        return "—" if value is None else isolate(value)

    def fill(self) -> None:
        change = self.change
        if change is None or change.state is not ChangeState.CONFLICT:
            self.explanation.setText(self.tr("This change is no longer a conflict."))
            self.keep_mine_button.setEnabled(False)
            self.keep_zid_button.setEnabled(False)
            return
        if AMBIGUOUS.match(change.error or ""):
            self.explanation.setText(
                self.tr(
                    "Zid's value changed while this change was being sent, so it may already"
                    " have landed. If Zid's value already includes it, keep Zid's value;"
                    " otherwise keep yours to send it again."
                )
            )
        lang = self.ctx.lang
        name = display_name(lang, change.name_ar, change.name_en)
        self.product_label.setText(f"{name} ({isolate(change.sku)})" if change.sku else name)
        self.location_label.setText(
            (change.location_name_ar or change.location_name_en)
            if lang == "ar"
            else (change.location_name_en or change.location_name_ar)
        )
        self.base_label.setText(self.quantity(change.base_quantity))
        if change.kind is ChangeKind.ADJUST:  # goods received / removed: the delta
            self.mine_label.setText(signed(int(change.value or 0)))
        else:
            self.mine_label.setText(self.quantity(change.value, infinite=change.value is None))
        self.remote_label.setText(self.quantity(change.remote_at_conflict))
        cell = self.ctx.cache.stock_cell(change.product_id, change.location_id)
        if cell is None:
            self.current_label.setText("—")
        else:
            self.current_label.setText(
                self.quantity(cell.remote_quantity, infinite=cell.remote_infinite)
            )

    # ---- choices --------------------------------------------------------------------------
    def keep_mine(self) -> None:
        self._resolve("mine")

    def keep_zid(self) -> None:
        self._resolve("zid")

    def _resolve(self, keep: Literal["mine", "zid"]) -> None:
        try:
            self.ctx.engine.resolve_conflict(self.change_id, keep)
        except CacheError:
            self.ctx.message_posted.emit(
                LEVEL_WARNING,
                self.tr("This change is no longer a conflict: nothing to resolve."),
                "",
            )
            self.ctx.cache_changed.emit()
            self.reject()
            return
        self.ctx.cache_changed.emit()
        self.ctx.status_changed.emit()
        if keep == "mine":
            text = self.tr("Your value is queued again: push to send it to Zid.")
        else:
            text = self.tr("Kept Zid's value; your count was dropped.")
        self.ctx.message_posted.emit(LEVEL_INFO, text, "")
        self.accept()
