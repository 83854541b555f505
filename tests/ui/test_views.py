"""Locations, Orders (+ detail), Pending changes and History views against a real sandbox:
data shown, filters narrow rows as the cache counts them, real clicks for Retry / Discard /
Push / Reverse, "Show in stock" selects the stock row, and the Arabic run is RTL with no
English left in the views' chrome."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

import pytest
from conftest import wait_until
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QWidget,
)

from zid_desk.cache.records import NewChange, OrderFilter, OutboxFilter
from zid_desk.domain.models import ChangeKind, ChangeState
from zid_desk.ui.dialogs.conflict import ConflictDialog
from zid_desk.ui.dialogs.order_detail import OrderDetailDialog
from zid_desk.ui.main_window import WindowHost
from zid_desk.ui.status_bar import StatusBar
from zid_desk.ui.views.history import HistoryView
from zid_desk.ui.views.locations import LocationsView
from zid_desk.ui.views.orders import OrdersView
from zid_desk.ui.views.pending import PendingView

from .conftest import close_context, make_demo_context

ISOLATED = re.compile("\u2066[^\u2069]*\u2069")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
KEEP_AS_IS = {"SKU"}
W = TypeVar("W", bound=QWidget)


# ---------------------------------------------------------------------------- helpers


def show(qtbot: Any, widget: W) -> W:
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def cells(table: QTableView, column: int) -> list[str]:
    model = table.model()
    return [str(model.index(r, column).data()) for r in range(model.rowCount())]


def header_index(table: QTableView, title: str) -> int:
    model = table.model()
    for c in range(model.columnCount()):
        if model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == title:
            return c
    raise AssertionError(f"no column {title!r}")


def click_row(qtbot: Any, table: QTableView, row: int, *, add: bool = False) -> None:
    """A real mouse click on a row (Ctrl held to add it to the selection)."""
    index = table.model().index(row, 0)
    table.scrollTo(index)
    modifier = Qt.KeyboardModifier.ControlModifier if add else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, modifier, table.visualRect(index).center()
    )


def record(view: Any, row: int) -> Any:
    found = view.model.record(row)
    assert found is not None, row
    return found


def button(parent: QWidget, name: str) -> QAbstractButton:
    found = parent.findChild(QAbstractButton, name)
    assert found is not None, name
    return found


def finite_cells(ctx: Any, count: int, minimum: int = 5) -> list[tuple[str, str, int]]:
    rows = ctx.cache.connection().execute(
        "SELECT product_id, location_id, available_quantity FROM stocks"
        " WHERE is_infinite = 0 AND available_quantity >= ? ORDER BY product_id, location_id"
        " LIMIT ?",
        (minimum, count),
    ).fetchall()
    assert len(rows) == count
    return [(str(p), str(loc), int(q)) for p, loc, q in rows]


def remote(sandbox: Any, product_id: str, location_id: str) -> int:
    return int(sandbox.control.stock(product_id)["stocks"][location_id])


async def push(ctx: Any) -> None:
    task = ctx.start_push()
    assert task is not None
    await task


def english_left(text: str) -> list[str]:
    words = ENGLISH_WORD.findall(ISOLATED.sub("", text.replace("&", "")))
    return [w for w in words if w not in KEEP_AS_IS]


def chrome(widget: QWidget) -> list[str]:
    """Visible UI strings of a widget: labels, buttons, placeholders, combo entries,
    tooltips and horizontal headers."""
    out = [widget.windowTitle()]
    for w in [widget, *widget.findChildren(QWidget)]:
        if not w.isVisibleTo(widget) and w is not widget:
            continue
        if w.toolTip():
            out.append(w.toolTip())
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal:
            model = w.model()
            if model is not None:
                out += [
                    str(model.headerData(s, Qt.Orientation.Horizontal,
                                         Qt.ItemDataRole.DisplayRole))
                    for s in range(model.columnCount())
                ]
    return [t for t in out if t]


# ---------------------------------------------------------------------------- locations


@pytest.mark.asyncio
async def test_locations_view_shows_every_location_with_counts(demo_ctx, qtbot) -> None:
    view = show(qtbot, LocationsView(demo_ctx))
    summaries = demo_ctx.cache.locations()
    assert view.model.rowCount() == len(summaries) == demo_ctx.cache.counts()["locations"]
    names = cells(view.table, header_index(view.table, "Name"))
    units = cells(view.table, header_index(view.table, "Total units"))
    for row, loc in enumerate(summaries):
        assert names[row].startswith(loc.name_en)  # English first in the English UI
        if loc.name_ar and loc.name_ar != loc.name_en:
            assert loc.name_ar in names[row]  # bilingual
        assert units[row] == f"\u2066{loc.total_units}\u2069"
    assert sum(loc.total_units for loc in summaries) > 0
    flags = set(cells(view.table, header_index(view.table, "Default")))
    assert flags <= {"Yes", "No"} and "Yes" in flags


@pytest.mark.asyncio
async def test_a_location_is_created_and_edited_on_zid(demo_ctx, qtbot) -> None:
    cache = demo_ctx.cache
    view = show(qtbot, LocationsView(demo_ctx))
    before = view.model.rowCount()
    qtbot.mouseClick(view.new_button, Qt.MouseButton.LeftButton)
    form = view.dialog
    assert form is not None and form.isVisible()
    await wait_until(lambda: form.save_button.isEnabled())
    form.country.setCurrentIndex(form.country.findData(184))  # Saudi Arabia
    await wait_until(lambda: form.save_button.isEnabled() and form.city.count() > 0)
    city_id = form.city.currentData()
    form.name_ar.setText("مستودع الدمام")  # QTest cannot type Arabic (stack notes §0.3)
    qtbot.keyClicks(form.name_en, "Dammam warehouse")
    qtbot.keyClicks(form.full_address, "King Saud Street")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: form.save_button.isEnabled())
    # Zid requires the national short address in Saudi Arabia: said in the dialog, kept open
    assert "short_address" in form.status.text() and form.isVisible()
    assert view.model.rowCount() == before
    qtbot.keyClicks(form.short_address, "DAMM1234")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: view.model.rowCount() == before + 1)
    created = next(loc for loc in cache.locations() if loc.name_en == "Dammam warehouse")
    assert created.name_ar == "مستودع الدمام" and created.is_enabled
    assert cache.location(created.id).city_id == city_id
    names = cells(view.table, header_index(view.table, "Name"))
    assert "Dammam warehouse \u2014 مستودع الدمام" in names
    # edit it: rename and disable
    await wait_until(lambda: view.dialog is None)
    click_row(qtbot, view.table, names.index("Dammam warehouse \u2014 مستودع الدمام"))
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    editor = view.dialog
    assert editor is not None and editor.location_id == created.id
    await wait_until(lambda: editor.save_button.isEnabled())
    assert editor.name_en.text() == "Dammam warehouse"
    assert editor.city.currentData() == city_id  # the location's city is preselected
    editor.name_en.clear()
    qtbot.keyClicks(editor.name_en, "Dammam hub")
    qtbot.keyClick(editor.is_enabled, Qt.Key.Key_Space)  # untick "Enabled"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: cache.location(created.id).name.en == "Dammam hub")
    assert not cache.location(created.id).is_enabled
    assert view.model.rowCount() == before + 1


# ---------------------------------------------------------------------------- orders


@pytest.mark.asyncio
async def test_order_filters_narrow_rows_as_the_cache_counts_them(demo_ctx, qtbot) -> None:
    cache = demo_ctx.cache
    view = show(qtbot, OrdersView(demo_ctx))
    assert view.model.rowCount() == cache.orders_count() == cache.counts()["orders"] > 0
    # status names in the UI language, not Zid's codes
    statuses = cache.order_statuses()
    status_column = header_index(view.table, "Status")
    assert set(cells(view.table, status_column)) <= {
        view.labels.status(code, name) for code, name, _n in statuses
    }
    assert "indelivery" not in cells(view.table, status_column)
    totals = cells(view.table, header_index(view.table, "Total"))
    assert all(re.fullmatch("\u2066\\d{1,3}(,\\d{3})*\\.\\d{2} (SAR|AED)\u2069", t) for t in totals)
    code, _name, n = next(s for s in statuses if s[2] < cache.orders_count())
    view.set_filters(status=code)
    assert view.model.rowCount() == n == cache.orders_count(OrderFilter(status=code))
    assert set(cells(view.table, status_column)) == {view.labels.status(code)}
    # payment status on top of it
    payment = cache.order_payment_statuses()[0][0]
    view.set_filters(payment=payment)
    expected = cache.orders_count(OrderFilter(status=code, payment_status=payment))
    assert view.model.rowCount() == expected
    view.status_combo.setCurrentIndex(0)  # "All statuses"
    assert view.status_combo.currentText() == "All statuses"
    assert view.model.rowCount() == cache.orders_count(OrderFilter(payment_status=payment))
    view.payment_combo.setCurrentIndex(0)
    # a date range: the day of the newest order only
    newest = cache.orders_page(OrderFilter(), 0, 1)[0]
    assert newest.created_at is not None
    day = newest.created_at.date()
    view.date_from.setDate(QDate(day.year, day.month, day.day))
    view.date_to.setDate(QDate(day.year, day.month, day.day))
    assert view.model.rowCount() == cache.orders_count()  # not applied until ticked
    view.dates_check.setChecked(True)
    in_range = cache.orders_count(OrderFilter(date_from=day, date_to=day))
    assert 1 <= view.model.rowCount() == in_range < cache.orders_count()
    view.dates_check.setChecked(False)
    # search by order code
    view.search.setText(newest.code or str(newest.id))
    assert view.model.rowCount() == 1
    assert record(view, 0).id == newest.id
    assert view.date_from.date().toPython() == date(day.year, day.month, day.day)


@pytest.mark.asyncio
async def test_order_filter_survives_a_sync_that_brings_new_orders(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    cache = demo_ctx.cache
    view = show(qtbot, OrdersView(demo_ctx))
    view.set_filters(status="new")
    before = cache.orders_count(OrderFilter(status="new"))
    assert view.model.rowCount() == before
    ui_sandbox.control.sales(3)  # three new orders on Zid
    task = demo_ctx.start_sync()
    assert task is not None
    await task
    assert cache.orders_count(OrderFilter(status="new")) == before + 3
    assert view.status_combo.currentData() == "new"
    assert view.model.rowCount() == before + 3
    assert f"(\u2066{before + 3}\u2069)" in view.status_combo.currentText()


@pytest.mark.asyncio
async def test_order_detail_and_show_in_stock_selects_the_stock_row(demo_ctx, qtbot) -> None:
    host = WindowHost(QApplication.instance(), demo_ctx)  # type: ignore[arg-type]
    window = host.open()
    qtbot.addWidget(window)
    view = window.show_page("orders")
    assert isinstance(view, OrdersView)
    cache = demo_ctx.cache
    orders = cache.orders_page(OrderFilter(), 0, 200)
    row, order = next(
        (i, cache.order(o.id)) for i, o in enumerate(orders)
        if any(it.product_id and cache.product(it.product_id) for it in cache.order(o.id).items)
    )
    # Enter on the row opens the detail
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    dialog = view.detail
    assert isinstance(dialog, OrderDetailDialog) and dialog.isVisible()
    assert dialog.items_model.rowCount() == len(order.items)
    cents = Decimal(order.total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert dialog.total_label.text() == f"\u2066{cents:,.2f} {order.currency}\u2069"
    assert dialog.customer_label.text().startswith(order.customer_name)
    skus = cells(dialog.items, header_index(dialog.items, "SKU"))
    assert skus == [f"\u2066{it.sku}\u2069" for it in order.items]
    quantities = cells(dialog.items, header_index(dialog.items, "Quantity"))
    assert quantities == [f"\u2066{it.quantity}\u2069" for it in order.items]
    item_row, item = next(
        (i, it)
        for i, it in enumerate(order.items)
        if it.product_id and cache.product(it.product_id)
    )
    click_row(qtbot, dialog.items, item_row)
    assert dialog.show_in_stock_button.isEnabled()
    qtbot.mouseClick(dialog.show_in_stock_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "stock"
    stock = window.views["stock"]
    selected = stock.table.selectionModel().selectedRows()  # type: ignore[attr-defined]
    assert len(selected) == 1
    assert stock.model.record(selected[0].row()).product_id == item.product_id  # type: ignore[attr-defined]
    await asyncio.sleep(0)
    assert view.detail is None or not view.detail.isVisible()
    window.close()


# ---------------------------------------------------------------------------- pending


@pytest.mark.asyncio
async def test_pending_retry_then_push_applies_a_failed_change(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    (pid, lid, qty), = finite_cells(demo_ctx, 1)
    demo_ctx.edit_adjust(pid, lid, -(qty + 10), "shrinkage")
    await push(demo_ctx)  # the stock would go negative: failed
    view = show(qtbot, PendingView(demo_ctx))
    assert record(view, 0).state is ChangeState.FAILED
    state_col, reason_col = header_index(view.table, "State"), header_index(view.table, "Reason")
    assert cells(view.table, state_col)[0] == "Failed"
    assert cells(view.table, reason_col)[0].startswith("Would make the stock negative")
    assert cells(view.table, header_index(view.table, "Source"))[0] == "Edit in the app"
    assert cells(view.table, header_index(view.table, "Note"))[0] == "shrinkage"
    assert not view.retry_button.isEnabled()
    click_row(qtbot, view.table, 0)
    assert view.retry_button.isEnabled() and not view.resolve_button.isEnabled()
    # meanwhile goods arrived on Zid's side: the adjustment now fits
    ui_sandbox.control.change_product(pid, location_id=lid, quantity=qty + 50)
    qtbot.mouseClick(view.retry_button, Qt.MouseButton.LeftButton)
    assert record(view, 0).state is ChangeState.QUEUED
    # the refresh after Retry keeps the row selected: now it can be discarded, not retried
    assert [c.id for c in view.selected_records()] == [record(view, 0).id]
    assert view.discard_button.isEnabled() and not view.retry_button.isEnabled()
    assert cells(view.table, state_col)[0] == "Queued"
    qtbot.mouseClick(view.push_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.busy
    await wait_until(lambda: not demo_ctx.busy)
    assert remote(ui_sandbox, pid, lid) == 40
    assert record(view, 0).state is ChangeState.APPLIED
    assert cells(view.table, state_col)[0] == "Applied"
    # the state filter
    view.set_state_filter("waiting")
    assert view.model.rowCount() == demo_ctx.cache.outbox_count(
        OutboxFilter(states=(ChangeState.QUEUED, ChangeState.SENDING, ChangeState.FAILED,
                             ChangeState.CONFLICT))
    ) == 0
    view.set_state_filter("applied")
    assert view.model.rowCount() == 1


@pytest.mark.asyncio
async def test_pending_discard_of_several_rows_asks_first(demo_ctx, qtbot) -> None:
    targets = finite_cells(demo_ctx, 3)
    for pid, lid, qty in targets:
        demo_ctx.edit_count(pid, lid, qty + 3)
    view = show(qtbot, PendingView(demo_ctx))
    assert view.model.rowCount() == 3
    click_row(qtbot, view.table, 0)
    click_row(qtbot, view.table, 1, add=True)  # multi-select
    assert len(view.selected_records()) == 2
    # "Keep them" changes nothing
    qtbot.mouseClick(view.discard_button, Qt.MouseButton.LeftButton)
    box = view.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "Discard 2 changes?" in box.text()
    button(box, "confirm_discard_no").click()
    assert demo_ctx.pending_count() == 3
    # "Discard" drops both selected changes; the cells show Zid's value again
    click_row(qtbot, view.table, 0)
    click_row(qtbot, view.table, 1, add=True)
    qtbot.mouseClick(view.discard_button, Qt.MouseButton.LeftButton)
    box = view.confirm
    assert isinstance(box, QMessageBox)
    discarded = [c.id for c in view.selected_records()]
    button(box, "confirm_discard_yes").click()
    assert demo_ctx.pending_count() == 1
    for change_id in discarded:
        change = demo_ctx.cache.change(change_id)
        assert change.state is ChangeState.DISCARDED
        cell = demo_ctx.cache.stock_cell(change.product_id, change.location_id)
        assert cell.quantity == cell.remote_quantity and not cell.pending
    state_col = header_index(view.table, "State")
    assert sorted(cells(view.table, state_col)) == ["Discarded", "Discarded", "Queued"]


# ---------------------------------------------------------------------------- history


@pytest.mark.asyncio
async def test_history_reverse_restores_the_old_value_on_zid(demo_ctx, ui_sandbox, qtbot) -> None:
    (pid, lid, qty), = finite_cells(demo_ctx, 1)
    demo_ctx.edit_count(pid, lid, qty + 11)
    await push(demo_ctx)
    assert remote(ui_sandbox, pid, lid) == qty + 11
    view = show(qtbot, HistoryView(demo_ctx))
    assert view.model.rowCount() == 1
    change_col = header_index(view.table, "Old → new")
    assert cells(view.table, change_col)[0] == f"\u2066{qty} → {qty + 11}\u2069"
    assert cells(view.table, header_index(view.table, "Source"))[0] == "Edit in the app"
    assert not view.reverse_button.isEnabled()
    click_row(qtbot, view.table, 0)
    assert view.reverse_button.isEnabled() and not view.reverse_batch_button.isEnabled()
    entry_id = record(view, 0).id
    qtbot.mouseClick(view.reverse_button, Qt.MouseButton.LeftButton)
    queued = demo_ctx.cache.pending_changes()
    assert [(c.product_id, c.location_id, c.value) for c in queued] == [(pid, lid, qty)]
    assert queued[0].source == f"reverse:{entry_id}"
    await push(demo_ctx)
    assert remote(ui_sandbox, pid, lid) == qty
    # history kept: the original entry marked reversed, the reversal its own entry
    assert view.model.rowCount() == 2
    source_col = header_index(view.table, "Source")
    assert cells(view.table, source_col)[0] == f"Reversal of entry \u2066#{entry_id}\u2069"
    reversed_col = header_index(view.table, "Reversed")
    assert cells(view.table, reversed_col)[1] == f"Reversed (change \u2066#{queued[0].id}\u2069)"
    click_row(qtbot, view.table, 1)
    assert not view.reverse_button.isEnabled()  # reversed once is enough
    view.set_filters(source="reverse")
    assert view.model.rowCount() == 1
    view.set_filters(source="manual", result="failed")
    assert view.model.rowCount() == 0


@pytest.mark.asyncio
async def test_history_reverse_batch_undoes_a_whole_import(demo_ctx, ui_sandbox, qtbot) -> None:
    targets = finite_cells(demo_ctx, 2)
    demo_ctx.cache.enqueue_many(
        [NewChange(ChangeKind.SET, pid, lid, qty + 5) for pid, lid, qty in targets],
        batch_name="counts.csv",
        source="csv:counts.csv",
    )
    await push(demo_ctx)
    assert [remote(ui_sandbox, p, loc) for p, loc, _q in targets] == [q + 5 for *_x, q in targets]
    view = show(qtbot, HistoryView(demo_ctx))
    view.set_filters(source="file")
    assert view.model.rowCount() == 2
    source_col = header_index(view.table, "Source")
    assert set(cells(view.table, source_col)) == {"File \u2066counts.csv\u2069"}
    click_row(qtbot, view.table, 0)  # one entry picks its whole batch
    assert view.reverse_batch_button.isEnabled()
    qtbot.mouseClick(view.reverse_batch_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.pending_count() == 2
    await push(demo_ctx)
    assert [remote(ui_sandbox, p, loc) for p, loc, _q in targets] == [q for *_x, q in targets]
    view.set_filters(source="all")
    assert view.model.rowCount() == 4
    assert sum(1 for e in demo_ctx.cache.journal_page() if e.reversed_by is not None) == 2
    batch_id = demo_ctx.cache.journal_page()[-1].batch_id
    view.set_filters(source="reverse")
    assert set(cells(view.table, source_col)) == {f"Reversal of batch \u2066#{batch_id}\u2069"}
    # the import is undone already: reversing it again queues nothing and says so
    view.set_filters(source="file")
    messages: list[tuple[str, str, str]] = []
    demo_ctx.message_posted.connect(lambda *m: messages.append(m))
    click_row(qtbot, view.table, 0)
    assert view.reverse_batch_button.isEnabled()
    qtbot.mouseClick(view.reverse_batch_button, Qt.MouseButton.LeftButton)
    assert demo_ctx.pending_count() == 0
    assert messages[-1][1] == "Nothing left to reverse there."


# ---------------------------------------------------------------------------- Arabic


@pytest.mark.asyncio
async def test_views_in_arabic_are_rtl_and_translated(
    ui_sandbox, ui_profile, arabic, qtbot
) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox, lang="ar")
    try:
        (pid, lid, qty), (pid2, lid2, qty2) = finite_cells(ctx, 2)
        ctx.edit_count(pid, lid, qty + 1)
        ui_sandbox.control.change_product(pid, location_id=lid, quantity=qty - 1)
        ctx.edit_adjust(pid2, lid2, -(qty2 + 5), "")
        await push(ctx)  # one conflict, one failure
        ctx.edit_count(pid2, lid2, qty2 + 2)
        await push(ctx)  # one applied entry in the history
        leftovers: list[str] = []
        views = [LocationsView(ctx), OrdersView(ctx), PendingView(ctx), HistoryView(ctx)]
        for view in views:
            show(qtbot, view)
            assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
            leftovers += [f"{view.objectName()}: {t!r}" for t in chrome(view) if english_left(t)]
        orders, pending, history = views[1], views[2], views[3]
        assert isinstance(orders, OrdersView) and isinstance(pending, PendingView)
        today = QDate.currentDate().toString("yyyy-MM-dd")
        assert orders.date_to.text() == today  # not reversed by the RTL layout
        assert isinstance(history, HistoryView)
        # translated data labels: order statuses, change states, reasons, sources
        for table, title in ((orders.table, "الحالة"), (orders.table, "الدفع"),
                             (pending.table, "الحالة"), (pending.table, "السبب"),
                             (pending.table, "المصدر"),
                             (history.table, "المصدر"), (history.table, "النتيجة")):
            for text in cells(table, header_index(table, title)):
                if english_left(text):
                    leftovers.append(f"{title} cell: {text!r}")
        # the dialogs
        first = orders.model.record(0)
        assert first is not None
        detail = orders.open_order(first.id)
        assert detail is not None
        leftovers += [f"detail: {t!r}" for t in chrome(detail) if english_left(t)]
        detail.close()
        conflict = next(c for c in ctx.cache.conflicts())
        dialog = ConflictDialog(ctx, conflict.id, pending)
        show(qtbot, dialog)
        assert dialog.isRightToLeft()
        leftovers += [f"conflict: {t!r}" for t in chrome(dialog) if english_left(t)]
        dialog.close()
        locations = views[0]
        assert isinstance(locations, LocationsView)
        editor = locations.new_location()
        await wait_until(lambda: editor.save_button.isEnabled())
        leftovers += [f"location: {t!r}" for t in chrome(editor) if english_left(t)]
        editor.reject()
        pending.set_state_filter("waiting")
        click_row(qtbot, pending.table, 0)
        qtbot.mouseClick(pending.discard_button, Qt.MouseButton.LeftButton)
        assert pending.confirm is not None
        leftovers += [f"confirm: {t!r}" for t in chrome(pending.confirm) if english_left(t)]
        pending.confirm.reject()
        assert not leftovers, "untranslated:\n" + "\n".join(sorted(set(leftovers)))
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_last_sync_time_reads_left_to_right_in_arabic(
    ui_sandbox, ui_profile, arabic, qtbot
) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox, lang="ar")
    try:
        bar = StatusBar(ctx)
        qtbot.addWidget(bar)
        text = bar.sync_label.text()
        assert text.startswith("آخر مزامنة: ")
        assert re.fullmatch(r"آخر مزامنة: \u2066\d{4}-\d{2}-\d{2} \d{2}:\d{2}\u2069", text), text
        assert not set(text) & {"\u200e", "\u200f", "\u061c"}
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_view_models_pass_the_model_tester(demo_ctx, qtbot, qtmodeltester) -> None:
    (pid, lid, qty), = finite_cells(demo_ctx, 1)
    demo_ctx.edit_count(pid, lid, qty + 1)
    await push(demo_ctx)
    demo_ctx.edit_count(pid, lid, qty + 2)  # one applied, one queued
    views = [LocationsView(demo_ctx), OrdersView(demo_ctx), PendingView(demo_ctx),
             HistoryView(demo_ctx)]
    for view in views:
        qtbot.addWidget(view)
        assert view.model.rowCount() > 0, view.objectName()
        qtmodeltester.check(view.model, force_py=True)
    orders = views[1]
    assert isinstance(orders, OrdersView)
    detail = orders.open_order(record(orders, 0).id)
    assert isinstance(detail, OrderDetailDialog)
    qtmodeltester.check(detail.items_model, force_py=True)  # left open: the tester
    # disconnects from the model at teardown, and closing deletes the dialog


def test_a_negative_delta_keeps_its_minus_on_the_left_in_rtl(qapp) -> None:
    """Qt lays "⁦-197⁩" out as "197-" in right-to-left text; `signed` must not."""
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    from zid_desk.ui.views.pending import signed

    def minus_left_of_digits(text: str) -> bool:
        layout = QTextLayout(f"نقص {text} وحدة", QFont())
        option = QTextOption()
        option.setTextDirection(Qt.LayoutDirection.RightToLeft)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(600)
        layout.endLayout()
        full = layout.text()
        minus, digit = full.index("-"), full.index("1")
        return x_of(line.cursorToX(minus)) < x_of(line.cursorToX(digit))

    def x_of(result: Any) -> float:  # PySide6 returns (x, cursor position)
        return float(result[0] if isinstance(result, tuple) else result)

    assert not minus_left_of_digits("\u2066-197\u2069")  # the Qt behaviour worked around
    assert minus_left_of_digits(signed(-197))
    assert signed(5).endswith("+5\u2069")


def test_old_to_new_reads_in_the_ui_direction(qapp) -> None:
    """In right-to-left text the old value stands right of the new one, as in the Arabic
    header "القديم ← الجديد"; a leading minus still sits left of its digits (isolate)."""
    from PySide6.QtGui import QFont, QTextLayout, QTextOption

    from zid_desk.ui.views.base import isolate, old_to_new

    def x_positions(text: str, direction: Qt.LayoutDirection, *marks: str) -> list[float]:
        layout = QTextLayout(text, QFont())
        option = QTextOption()
        option.setTextDirection(direction)
        layout.setTextOption(option)
        layout.beginLayout()
        line = layout.createLine()
        line.setLineWidth(600)
        layout.endLayout()
        out: list[float] = []
        for mark in marks:
            x: Any = line.cursorToX(text.index(mark))  # PySide6: (x, cursor) or x
            out.append(float(x[0] if isinstance(x, tuple) else x))
        return out

    rtl = old_to_new(178, 4, rtl=True)
    old_x, new_x = x_positions(rtl, Qt.LayoutDirection.RightToLeft, "178", "4")
    assert old_x > new_x
    ltr = old_to_new(178, 4, rtl=False)
    assert ltr == "\u2066178 \u2192 4\u2069"
    old_x, new_x = x_positions(ltr, Qt.LayoutDirection.LeftToRight, "178", "4")
    assert old_x < new_x
    minus, digit = x_positions(isolate(-5), Qt.LayoutDirection.RightToLeft, "-", "5")
    assert minus < digit
