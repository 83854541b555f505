"""Receive / Remove goods: add or subtract a quantity at one location of one product, with a
note. Queues one ADJUST change (`ctx.edit_adjust`); the push turns it into an absolute value
from Zid's current count, so sales made meanwhile are not lost.

Open with ``dialog.open()`` (never exec()); ``adjusted(delta)`` fires once the change is
queued."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
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
from zid_desk.ui.models.stock import CountValidator, parse_count
from zid_desk.ui.views.base import isolate


class AdjustDialog(QDialog):
    adjusted = Signal(int)  # the delta queued

    def __init__(
        self,
        ctx: Any,
        product_id: str,
        location_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.product_id = product_id
        self.setObjectName("adjust_dialog")
        self.setWindowTitle(self.tr("Receive / remove goods"))
        cache = ctx.cache
        product = cache.product(product_id) if cache is not None else None
        self._cells = {
            c.location_id: c
            for c in (cache.product_stocks(product_id) if cache is not None else [])
        }
        lang = ctx.lang

        name = product.name(lang) if product is not None else ""
        sku = product.sku if product is not None else ""
        self.product_label = QLabel(name + (f"  ({isolate(sku)})" if sku else ""), self)
        self.product_label.setObjectName("adjust_product")
        self.product_label.setWordWrap(True)

        self.location = QComboBox(self)
        self.location.setObjectName("adjust_location")
        for cell in self._cells.values():
            label = display_name(lang, cell.location_name_ar, cell.location_name_en)
            self.location.addItem(label or cell.location_id, cell.location_id)
        # Goods can also arrive where the product has no stock yet (its first stock there).
        self._first_stock_ok = cache is not None and cache.is_stockable(product_id)
        self._is_parent = not self._first_stock_ok and product_is_parent(cache, product_id)
        if self._first_stock_ok and cache is not None:
            for loc in cache.locations():
                if loc.id not in self._cells:
                    label = display_name(lang, loc.name_ar, loc.name_en)
                    self.location.addItem(label or loc.id, loc.id)
        if location_id is not None:
            at = self.location.findData(location_id)
            if at >= 0:
                self.location.setCurrentIndex(at)

        self.receive = QRadioButton(self.tr("Receive (add to stock)"), self)
        self.receive.setObjectName("adjust_receive")
        self.remove = QRadioButton(self.tr("Remove (take out of stock)"), self)
        self.remove.setObjectName("adjust_remove")
        self.receive.setChecked(True)
        direction = QButtonGroup(self)
        direction.addButton(self.receive)
        direction.addButton(self.remove)
        kinds = QHBoxLayout()
        kinds.addWidget(self.receive)
        kinds.addWidget(self.remove)
        kinds.addStretch(1)

        self.quantity = QLineEdit(self)
        self.quantity.setObjectName("adjust_quantity")
        self.quantity.setValidator(CountValidator(self.quantity))
        self.quantity.setPlaceholderText(self.tr("How many units"))
        self.note = QLineEdit(self)
        self.note.setObjectName("adjust_note")
        self.note.setPlaceholderText(self.tr("e.g. delivery note number, damaged goods"))
        self.preview = QLabel(self)
        self.preview.setObjectName("adjust_preview")
        self.preview.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Product:"), self.product_label)
        form.addRow(self.tr("Location:"), self.location)
        form.addRow(self.tr("Change:"), kinds)
        form.addRow(self.tr("Quantity:"), self.quantity)
        form.addRow(self.tr("Note:"), self.note)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button: QPushButton = self.buttons.addButton(
            self.tr("Queue the change"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setObjectName("adjust_ok")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)

        for signal in (self.quantity.textChanged, self.location.currentIndexChanged):
            signal.connect(self._update)
        self.receive.toggled.connect(self._update)
        self._update()
        self.quantity.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(460, self.sizeHint().height())

    def delta(self) -> int | None:
        quantity = parse_count(self.quantity.text())
        if not quantity:
            return None
        return quantity if self.receive.isChecked() else -quantity

    def location_id(self) -> str | None:
        data = self.location.currentData()
        return None if data is None else str(data)

    def _update(self, *_args: object) -> None:
        delta = self.delta()
        location_id = self.location_id()
        cell = self._cells.get(location_id or "")
        first = cell is None and location_id is not None and self._first_stock_ok
        ok = delta is not None and (cell is not None or first) and self.ctx.engine is not None
        if first:
            if delta is not None and delta < 0:
                ok = False
                text = self.tr("No stock here yet: nothing to remove.")
            else:
                text = self.tr("No stock here yet: this becomes its first stock here.")
        elif cell is None and self._is_parent:
            text = self.tr("Zid keeps this product's stock on its variants: choose a variant.")
        elif cell is None:
            text = self.tr("This product has no stock at any location yet.")
        elif cell.is_infinite:
            ok = False
            text = self.tr("Unlimited stock at this location: nothing to count.")
        elif delta is None:
            text = self.tr("Now: %1").replace("%1", isolate(cell.quantity or 0))
        else:
            after = (cell.quantity or 0) + delta
            if after < 0:
                ok = False
                text = (
                    self.tr("Only %1 in stock here: cannot remove %2.")
                    .replace("%1", isolate(cell.quantity or 0))
                    .replace("%2", isolate(-delta))
                )
            else:
                text = (
                    self.tr("Now: %1, after the change: %2")
                    .replace("%1", isolate(cell.quantity or 0))
                    .replace("%2", isolate(after))
                )
        self.preview.setText(text)
        self.ok_button.setEnabled(ok)

    def accept(self) -> None:
        delta = self.delta()
        location_id = self.location_id()
        if delta is None or location_id is None or not self.ok_button.isEnabled():
            return
        self.ctx.edit_adjust(self.product_id, location_id, delta, self.note.text().strip())
        self.adjusted.emit(delta)
        super().accept()


def product_is_parent(cache: Any, product_id: str) -> bool:
    """A product with variants (its stock lives on them)."""
    if cache is None:
        return False
    row = cache.connection().execute(
        "SELECT 1 FROM products WHERE parent_id = ? LIMIT 1", (product_id,)
    ).fetchone()
    return row is not None
