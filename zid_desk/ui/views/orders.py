"""Orders: the cached orders with status, payment status and date filters and search;
status names in the UI language; Enter or double-click opens the order's detail."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QWidget

from zid_desk.cache.records import OrderFilter, OrderRow
from zid_desk.ui.views.base import TablePage, isolate
from zid_desk.ui.views.pending import add_bars, fit_columns, refresh_keeping_selection


class OrderLabels(QObject):
    """Zid's order and payment status codes in the UI language (Zid's own localised name,
    or the code, for custom statuses)."""

    def status(self, code: str, zid_name: str = "") -> str:
        known = {
            "new": self.tr("New"),
            "preparing": self.tr("Preparing"),
            "ready": self.tr("Ready"),
            "indelivery": self.tr("In delivery"),
            "delivered": self.tr("Delivered"),
            "cancelled": self.tr("Cancelled"),
            "reversed": self.tr("Returned"),
            "reverse_in_progress": self.tr("Return in progress"),
            "partially_reversed": self.tr("Partly returned"),
        }
        return known.get(code) or zid_name or code

    def payment(self, code: str) -> str:
        known = {
            "paid": self.tr("Paid"),
            "pending": self.tr("Awaiting payment"),
            "refunded": self.tr("Refunded"),
            "voided": self.tr("Voided"),
            "partially_refunded": self.tr("Partly refunded"),
        }
        return known.get(code) or code


def qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def money(amount: object, currency: str) -> str:
    """An amount in its currency, rounded to cents for display (Zid sends totals such as
    "201.85999896568000"), with thousands separators, isolated: "⁦2,768.05 SAR⁩"."""
    try:
        cents = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        text = f"{cents:,.2f}"
    except (InvalidOperation, ValueError):
        text = str(amount)
    return isolate(f"{text} {currency}".strip())


class OrdersView(TablePage):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        self._status: str | None = None
        self._payment: str | None = None
        self._dates: tuple[date, date] | None = None
        self.labels = OrderLabels()
        super().__init__(ctx, parent)
        self.labels.setParent(self)
        self.setObjectName("orders_view")
        self.search.setPlaceholderText(self.tr("Search order number or customer"))
        self.status_combo = QComboBox(self)
        self.status_combo.setObjectName("status_filter")
        self.payment_combo = QComboBox(self)
        self.payment_combo.setObjectName("payment_filter")
        self.dates_check = QCheckBox(self.tr("Dates"), self)
        self.dates_check.setObjectName("dates_filter")
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30), self)
        self.date_from.setObjectName("date_from")
        self.date_to = QDateEdit(today, self)
        self.date_to.setObjectName("date_to")
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            # a date reads left to right in Arabic too; set before the format, which an RTL
            # date edit would reverse ("01-12-2026")
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self._filters_changed)
        self.dates_check.toggled.connect(self._dates_toggled)
        self._fill_combos()
        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.payment_combo.currentIndexChanged.connect(self._filters_changed)
        add_bars(
            self,
            [self.status_combo, self.payment_combo],
            [self.dates_check, self.date_from, self.date_to],
        )
        self.table.activated.connect(self._activated)
        self.detail: QWidget | None = None
        fit_columns(self)

    def columns(self) -> list[tuple[str, Any]]:
        return [
            (self.tr("Order"), lambda r: isolate(r.code or r.id)),
            (self.tr("Status"), lambda r: self.labels.status(r.status_code, r.status_name)),
            (self.tr("Payment"), lambda r: self.labels.payment(r.payment_status)),
            (self.tr("Customer"), lambda r: r.customer_name),
            (self.tr("Items"), lambda r: isolate(r.products_count)),
            (self.tr("Total"), lambda r: money(r.total, r.currency)),
            (self.tr("Date"), lambda r: isolate(r.created_at.strftime("%Y-%m-%d %H:%M"))
             if r.created_at else ""),
        ]

    # ---- filters --------------------------------------------------------------------------
    def _fill_combos(self) -> None:
        """Statuses and payment statuses seen in the cache (a pull may add some); keeps the
        current choice."""
        cache = self.ctx.cache
        statuses = cache.order_statuses() if cache is not None else []
        payments = cache.order_payment_statuses() if cache is not None else []
        for combo, everything, entries in (
            (self.status_combo, self.tr("All statuses"),
             [(code, self.labels.status(code, name), n) for code, name, n in statuses]),
            (self.payment_combo, self.tr("All payments"),
             [(code, self.labels.payment(code), n) for code, n in payments]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for code, label, n in entries:
                combo.addItem(f"{label} ({isolate(n)})", code)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        # a status no longer in the cache falls back to "All": the filter follows the combo
        self._status = self.status_combo.currentData()
        self._payment = self.payment_combo.currentData()

    def order_filter(self) -> OrderFilter:
        date_from, date_to = self._dates if self._dates else (None, None)
        return OrderFilter(
            status=self._status,
            payment_status=self._payment,
            date_from=date_from,  # type: ignore[arg-type]  # dates are accepted (inclusive)
            date_to=date_to,  # type: ignore[arg-type]
            search=self.search.text().strip(),
        )

    def _dates_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self._filters_changed()

    def _filters_changed(self, *_args: Any) -> None:
        self._status = self.status_combo.currentData()
        self._payment = self.payment_combo.currentData()
        if self.dates_check.isChecked():
            self._dates = (qdate(self.date_from.date()), qdate(self.date_to.date()))
        else:
            self._dates = None
        self.refresh()

    def set_filters(self, *, status: str | None = None, payment: str | None = None) -> None:
        """Pick the combos' entries by code (None: leave as is)."""
        if status is not None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(status))
        if payment is not None:
            self.payment_combo.setCurrentIndex(self.payment_combo.findData(payment))

    def refresh(self) -> None:
        if not hasattr(self, "payment_combo"):  # still in TablePage.__init__
            super().refresh()
            return
        self._fill_combos()
        refresh_keeping_selection(self, super().refresh)
        fit_columns(self)

    def count(self) -> int:
        return int(self.ctx.cache.orders_count(self.order_filter()))

    def page(self, offset: int, limit: int) -> list[Any]:
        return list(self.ctx.cache.orders_page(self.order_filter(), offset, limit))

    # ---- detail ---------------------------------------------------------------------------
    def _activated(self, index: Any) -> None:
        row: OrderRow | None = self.model.record(index.row())
        if row is not None:
            self.open_order(row.id)

    def open_order(self, order_id: int) -> QWidget | None:
        from zid_desk.ui.dialogs.order_detail import OrderDetailDialog

        order = self.ctx.cache.order(order_id)
        if order is None:
            return None
        dialog = OrderDetailDialog(self.ctx, order, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._detail_closed)
        self.detail = dialog
        dialog.open()
        return dialog

    def _detail_closed(self, *_args: Any) -> None:
        self.detail = None
