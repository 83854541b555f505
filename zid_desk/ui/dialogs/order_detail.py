"""One order: customer, status, items (SKU, quantity, which location ships it when known)
and totals in the order's currency; "Show in stock" jumps to an item's stock row."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from zid_desk.domain.models import Order, OrderItem
from zid_desk.ui.models.paged import PagedTableModel
from zid_desk.ui.views.base import isolate
from zid_desk.ui.views.orders import OrderLabels, money


class OrderDetailDialog(QDialog):
    def __init__(self, ctx: Any, order: Order, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.order = order
        self.labels = OrderLabels(self)
        self.setObjectName("order_detail")
        self.setWindowTitle(self.tr("Order %1").replace("%1", isolate(order.code or order.id)))
        self.resize(760, 460)
        self._location_names = {
            loc.id: loc.name(ctx.lang) for loc in (ctx.cache.locations() if ctx.cache else [])
        }
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number_label = self._label("number", isolate(order.code or order.id))
        self.status_label = self._label(
            "status", self.labels.status(order.status_code, order.status_name)
        )
        self.payment_label = self._label("payment", self.labels.payment(order.payment_status))
        customer = order.customer_name
        if order.customer_mobile:
            customer = f"{customer} {isolate(order.customer_mobile)}".strip()
        self.customer_label = self._label("customer", customer)
        when = order.created_at.strftime("%Y-%m-%d %H:%M") if order.created_at else ""
        self.date_label = self._label("date", isolate(when) if when else "")
        ships = self.location_name(order.inventory_location_id)
        self.location_label = self._label("ships_from", ships or self.tr("Not known"))
        self.total_label = self._label("total", money(order.total, order.currency))
        form.addRow(self.tr("Order number:"), self.number_label)
        form.addRow(self.tr("Status:"), self.status_label)
        form.addRow(self.tr("Payment:"), self.payment_label)
        form.addRow(self.tr("Customer:"), self.customer_label)
        form.addRow(self.tr("Date:"), self.date_label)
        form.addRow(self.tr("Ships from:"), self.location_label)
        form.addRow(self.tr("Total:"), self.total_label)
        layout.addLayout(form)
        self.items = QTableView(self)
        self.items.setObjectName("order_items")
        self.items.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.items_model = PagedTableModel(
            lambda: len(order.items),
            lambda offset, limit: order.items[offset : offset + limit],
            self.item_columns(),
            self,
        )
        self.items.setModel(self.items_model)
        self.items.selectionModel().selectionChanged.connect(self._selection_changed)
        self.items.activated.connect(self._item_activated)
        layout.addWidget(self.items, 1)
        buttons = QDialogButtonBox(self)
        self.show_in_stock_button = QPushButton(self.tr("Show in stock"), self)
        self.show_in_stock_button.setObjectName("show_in_stock")
        self.show_in_stock_button.clicked.connect(self.show_in_stock)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setObjectName("close")
        self.close_button.clicked.connect(self.reject)
        buttons.addButton(self.show_in_stock_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        if order.items:
            self.items.selectRow(0)
        self._selection_changed()

    def _label(self, name: str, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        return label

    def location_name(self, location_id: str | None) -> str:
        return self._location_names.get(location_id or "", "") if location_id else ""

    def item_columns(self) -> list[tuple[str, Any]]:
        currency = self.order.currency
        return [
            (self.tr("Product"), lambda i: i.name),
            (self.tr("SKU"), lambda i: isolate(i.sku)),
            (self.tr("Quantity"), lambda i: isolate(i.quantity)),
            (self.tr("Price"), lambda i: money(i.price, currency)),
            (self.tr("Total"), lambda i: money(i.total, currency) if i.total else ""),
            (self.tr("Ships from"), lambda i: self.location_name(
                i.location_id or self.order.inventory_location_id)),
        ]

    def selected_item(self) -> OrderItem | None:
        rows = self.items.selectionModel().selectedRows()
        if not rows:
            return None
        item: OrderItem | None = self.items_model.record(rows[0].row())
        return item

    def _in_cache(self, item: OrderItem | None) -> bool:
        return (
            item is not None
            and bool(item.product_id)
            and self.ctx.cache is not None
            and self.ctx.cache.product(item.product_id) is not None
        )

    def _selection_changed(self, *_args: Any) -> None:
        self.show_in_stock_button.setEnabled(self._in_cache(self.selected_item()))

    def _item_activated(self, *_args: Any) -> None:
        if self._in_cache(self.selected_item()):
            self.show_in_stock()

    def show_in_stock(self) -> None:
        item = self.selected_item()
        if item is None or not item.product_id:
            return
        self.ctx.show_product(item.product_id)
        self.accept()
