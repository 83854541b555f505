"""The Stock view against a real sandbox: sorting by header clicks (SQL order), each filter,
editing a cell with real key events -> outbox -> push -> sandbox -> unmarked, the Receive
dialog, conflicts marked and opened, and the Arabic right-to-left grid."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import wait_until
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QWidget,
)

from zid_desk.cache.records import OutboxFilter
from zid_desk.domain.models import ChangeKind, ChangeState
from zid_desk.ui.dialogs.adjust import AdjustDialog
from zid_desk.ui.models.stock import (
    CONFLICT_COLOUR,
    CONFLICT_ROLE,
    LOCATION_ID_ROLE,
    PENDING_COLOUR,
    PENDING_ROLE,
    PRODUCT_ID_ROLE,
    parse_count,
)
from zid_desk.ui.views.stock import StockView

from .conftest import close_context, make_demo_context

AR_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABIC = re.compile("[\u0600-\u06ff]")


def open_view(ctx: Any, qtbot: Any) -> StockView:
    view = StockView(ctx)
    qtbot.addWidget(view)
    view.resize(1100, 600)
    view.show()
    return view


def sql(ctx: Any, query: str, params: tuple = ()) -> list[tuple]:
    return [tuple(r) for r in ctx.cache.connection().execute(query, params).fetchall()]


def product_ids(view: StockView) -> list[str]:
    model = view.model
    return [str(model.index(r, 0).data(PRODUCT_ID_ROLE)) for r in range(model.rowCount())]


def column_of_location(view: StockView, location_id: str) -> int:
    for c in range(view.model.columnCount()):
        if view.model.location_of(c) == location_id:
            return c
    raise AssertionError(f"no column for {location_id}")


def click_header(view: StockView, column: int) -> None:
    view.table.scrollTo(view.model.index(0, column))  # bring the section into view
    header: QHeaderView = view.table.horizontalHeader()
    assert 0 <= header.sectionViewportPosition(column) < header.viewport().width()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(x, header.height() // 2),
    )


def editable_cell(ctx: Any, *, min_qty: int = 0) -> tuple[str, str, int]:
    """A finite, conflict-free stock cell: (product_id, location_id, quantity)."""
    rows = sql(
        ctx,
        "SELECT product_id, location_id, available_quantity FROM stocks"
        " WHERE is_infinite = 0 AND available_quantity >= ? ORDER BY product_id LIMIT 1",
        (min_qty,),
    )
    assert rows, "the sandbox has no finite stock cell"
    pid, lid, qty = rows[0]
    return str(pid), str(lid), int(qty)


def double_click(widget: QWidget, pos: QPoint) -> None:
    """What a mouse sends for a double-click: press, release, double-click, release."""
    local = QPointF(pos)
    glob = QPointF(widget.mapToGlobal(pos))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, none),
        (QEvent.Type.MouseButtonDblClick, left),
        (QEvent.Type.MouseButtonRelease, none),
    ):
        event = QMouseEvent(kind, local, glob, left, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)


def current_editor(view: StockView) -> QLineEdit:
    editor = view.table.findChild(QLineEdit, "count_editor")
    assert editor is not None and editor.isVisible(), "no cell editor open"
    return editor


def test_parse_count_accepts_only_whole_numbers_in_any_digits() -> None:
    assert parse_count("42") == 42
    assert parse_count("٤٢") == 42
    assert parse_count("۴۲") == 42
    assert parse_count(" 0 ") == 0
    for bad in ("", "-1", "4.5", "12a", "1e3", "١٢x"):
        assert parse_count(bad) is None, bad


@pytest.mark.asyncio
async def test_header_clicks_sort_in_sql_order(demo_ctx, qtbot) -> None:
    view = open_view(demo_ctx, qtbot)
    model = view.model
    by_name = sql(demo_ctx, "SELECT id FROM products ORDER BY sort_en, pk")
    assert product_ids(view) == [r[0] for r in by_name]

    click_header(view, 1)  # SKU ascending
    assert model.sort_key == "sku" and not model.descending
    by_sku = sql(demo_ctx, "SELECT id FROM products ORDER BY sku_key, pk")
    assert product_ids(view) == [r[0] for r in by_sku]
    click_header(view, 1)  # SKU descending
    assert model.descending
    assert product_ids(view) == [r[0] for r in reversed(by_sku)]
    assert product_ids(view)[0] != by_sku[0][0]

    total = model.columnCount() - 1
    click_header(view, total)
    assert model.sort_key == "total"
    by_total = sql(demo_ctx, "SELECT id FROM products ORDER BY total_infinite, total_qty, pk")
    assert product_ids(view) == [r[0] for r in by_total]

    location_id = str(sql(demo_ctx, "SELECT id FROM locations ORDER BY position LIMIT 1")[0][0])
    column = column_of_location(view, location_id)
    click_header(view, column)
    assert model.sort_key == f"loc:{location_id}"
    stocked = sql(
        demo_ctx,
        "SELECT product_id FROM stocks WHERE location_id = ?"
        " ORDER BY is_infinite, available_quantity, product_pk",
        (location_id,),
    )
    assert product_ids(view)[: len(stocked)] == [r[0] for r in stocked]
    # the grid shows them in that order: finite counts rising, then unlimited
    shown = [model.index(r, column).data(Qt.ItemDataRole.EditRole) for r in range(len(stocked))]
    finite = [q for q in shown if q is not None]
    assert finite == sorted(finite)


@pytest.mark.asyncio
async def test_filters_narrow_the_rows(demo_ctx, qtbot) -> None:
    view = open_view(demo_ctx, qtbot)
    model = view.model
    total = sql(demo_ctx, "SELECT count(*) FROM products")[0][0]
    assert model.rowCount() == total

    # location: only the products stocked there
    location_id = str(sql(demo_ctx, "SELECT id FROM locations ORDER BY position DESC")[0][0])
    view.location_filter.setCurrentIndex(view.location_filter.findData(location_id))
    stocked = {
        r[0]
        for r in sql(
            demo_ctx, "SELECT product_id FROM stocks WHERE location_id = ?", (location_id,)
        )
    }
    assert stocked and set(product_ids(view)) == stocked

    # low stock at that location: the threshold from the settings
    threshold = demo_ctx.low_stock_threshold
    view.low_stock.setChecked(True)
    low_here = {
        r[0]
        for r in sql(
            demo_ctx,
            "SELECT product_id FROM stocks WHERE location_id = ? AND is_infinite = 0"
            " AND available_quantity <= ?",
            (location_id, threshold),
        )
    }
    assert set(product_ids(view)) == low_here
    column = column_of_location(view, location_id)
    for r in range(model.rowCount()):
        assert model.index(r, column).data(Qt.ItemDataRole.EditRole) <= threshold

    # low stock over all locations: the product total
    view.location_filter.setCurrentIndex(0)
    low_total = {
        r[0]
        for r in sql(
            demo_ctx,
            "SELECT id FROM products WHERE total_infinite = 0 AND total_qty <= ?",
            (threshold,),
        )
    }
    assert set(product_ids(view)) == low_total
    view.low_stock.setChecked(False)

    # out of stock
    view.out_of_stock.setChecked(True)
    out = {
        r[0]
        for r in sql(
            demo_ctx, "SELECT id FROM products WHERE total_infinite = 0 AND total_qty <= 0"
        )
    }
    assert set(product_ids(view)) == out
    view.out_of_stock.setChecked(False)
    assert model.rowCount() == total

    # edited, not yet pushed: exactly the products with a queued edit
    cells = sql(
        demo_ctx,
        "SELECT product_id, location_id, available_quantity FROM stocks WHERE is_infinite = 0"
        " ORDER BY product_id DESC LIMIT 2",
    )
    view.pending_only.setChecked(True)
    assert model.rowCount() == 0
    for pid, lid, qty in cells:
        demo_ctx.edit_count(str(pid), str(lid), int(qty) + 3)
    assert set(product_ids(view)) == {str(c[0]) for c in cells}
    view.pending_only.setChecked(False)

    # search as you type stays, and combines with the filters
    sku = str(sql(demo_ctx, "SELECT sku FROM products WHERE sku != '' ORDER BY id LIMIT 1")[0][0])
    QTest.keyClicks(view.search, sku)
    assert model.rowCount() == total  # the keystrokes are coalesced into one query...
    await wait_until(lambda: model.rowCount() < total)  # ...that runs on the next loop turn
    assert sku in {
        str(model.index(r, 1).data()).strip("\u2066\u2069") for r in range(model.rowCount())
    }
    assert 0 < model.rowCount() < total
    view.search.clear()
    await wait_until(lambda: model.rowCount() == total)


@pytest.mark.asyncio
async def test_edit_a_cell_with_keys_then_push_updates_zid_and_unmarks(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    view = open_view(demo_ctx, qtbot)
    click_header(view, 1)  # sorted by SKU: an edit must keep the row and cell after a sort
    product_id, location_id, quantity = editable_cell(demo_ctx)
    assert view.select_product(product_id, column=column_of_location(view, location_id))
    index = view.table.currentIndex()
    assert index.data(LOCATION_ID_ROLE) == location_id and not index.data(PENDING_ROLE)
    new = quantity + 35 if quantity + 35 < 100 else quantity - 1
    digits = str(new)

    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_F2)  # the edit trigger
    editor = current_editor(view)
    assert editor.text() == str(quantity)
    editor.selectAll()
    for ch in digits.translate(AR_DIGITS):  # an Arabic keyboard types Arabic-Indic digits
        QTest.sendKeyEvent(
            QTest.KeyAction.Click, editor, Qt.Key.Key_unknown, ch, Qt.KeyboardModifier.NoModifier
        )
    QTest.keyClicks(editor, "x-")  # not a digit: refused by the validator
    assert parse_count(editor.text()) == new
    QTest.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next loop turn
    await wait_until(lambda: demo_ctx.pending_count() == 1)

    changes = demo_ctx.cache.outbox_page(OutboxFilter(product_id=product_id), 0, 10)
    assert [(c.kind, c.location_id, c.value, c.state) for c in changes] == [
        (ChangeKind.SET, location_id, new, ChangeState.QUEUED)
    ]
    assert view.table.currentIndex() == index  # the current cell stayed (refresh in place)
    assert view.model.sort_key == "sku"
    assert index.data(PRODUCT_ID_ROLE) == product_id
    assert index.data() == str(new)  # left to right: no isolation needed
    assert index.data(Qt.ItemDataRole.EditRole) == new
    assert index.data(PENDING_ROLE) is True
    assert index.data(Qt.ItemDataRole.BackgroundRole) == PENDING_COLOUR
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Edited, not yet pushed"

    task = demo_ctx.start_push()
    assert task is not None
    await task
    assert ui_sandbox.control.stock(product_id)["stocks"][location_id] == new
    await wait_until(lambda: not view.model.index(index.row(), index.column()).data(PENDING_ROLE))
    cell = view.model.index(index.row(), index.column())
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is None
    assert cell.data(Qt.ItemDataRole.ToolTipRole) is None
    assert cell.data(Qt.ItemDataRole.EditRole) == new

    # typing straight on a cell starts the edit too (AnyKeyPressed), Escape cancels it
    view.table.setCurrentIndex(cell)
    QTest.keyClick(view.table, Qt.Key.Key_7)
    editor = current_editor(view)
    assert editor.text() == "7"
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert demo_ctx.pending_count() == 0


@pytest.mark.asyncio
async def test_which_cells_are_editable(demo_ctx, ui_sandbox, qtbot) -> None:
    """Counts are typed in finite cells, and in empty cells of a product stocked elsewhere
    (its first stock at that location); never in unlimited cells, names, or the cells of a
    product with no stock anywhere (a parent of variants)."""
    view = open_view(demo_ctx, qtbot)
    model = view.model
    first_stock = None
    for r in range(model.rowCount()):
        record = model.record(r)
        assert record is not None
        for c in range(model.columnCount()):
            index = model.index(r, c)
            editable = bool(model.flags(index) & Qt.ItemFlag.ItemIsEditable)
            lid = model.location_of(c)
            if lid is None:
                assert not editable
                continue
            value = index.data(Qt.ItemDataRole.EditRole)
            if index.data() == "∞":
                assert not editable and value is None
                assert index.data(Qt.ItemDataRole.ToolTipRole) == "Unlimited stock"
            elif index.data() == "":
                stocked_elsewhere = bool(record.cells) and not record.is_infinite
                assert editable is stocked_elsewhere
                if editable and first_stock is None:
                    first_stock = (index, record.product_id, lid)
            else:
                assert editable and isinstance(value, int)
    assert not model.setData(model.index(0, 0), "5")  # the name column
    assert first_stock is not None, "the sandbox data has no product missing a location"
    index, product_id, location_id = first_stock
    assert model.setData(index, "٣")  # Arabic-Indic 3
    task = demo_ctx.start_push()
    assert task is not None
    await task
    assert ui_sandbox.control.stock(product_id)["stocks"][location_id] == 3


@pytest.mark.asyncio
async def test_receive_dialog_adds_five_and_push_reaches_zid(demo_ctx, ui_sandbox, qtbot) -> None:
    view = open_view(demo_ctx, qtbot)
    product_id, location_id, quantity = editable_cell(demo_ctx)
    assert view.select_product(product_id, column=column_of_location(view, location_id))
    assert view.adjust_action.shortcut().toString() == "Ctrl+R"
    view.adjust_action.trigger()
    dialog = view.findChild(AdjustDialog, "adjust_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.location_id() == location_id  # the current column
    assert not dialog.ok_button.isEnabled()
    QTest.keyClicks(dialog.quantity, "5")
    QTest.keyClicks(dialog.note, "delivery 118")
    assert dialog.preview.text() == (
        f"Now: \u2066{quantity}\u2069, after the change: \u2066{quantity + 5}\u2069"
    )
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    changes = demo_ctx.cache.outbox_page(OutboxFilter(product_id=product_id), 0, 10)
    assert [(c.kind, c.value, c.note) for c in changes] == [(ChangeKind.ADJUST, 5, "delivery 118")]
    index = view.table.currentIndex()
    assert index.data(Qt.ItemDataRole.EditRole) == quantity + 5 and index.data(PENDING_ROLE)

    task = demo_ctx.start_push()
    assert task is not None
    await task
    assert ui_sandbox.control.stock(product_id)["stocks"][location_id] == quantity + 5
    await wait_until(lambda: not view.table.currentIndex().data(PENDING_ROLE))


@pytest.mark.asyncio
async def test_remove_more_than_in_stock_is_refused(demo_ctx, qtbot) -> None:
    view = open_view(demo_ctx, qtbot)
    product_id, location_id, quantity = editable_cell(demo_ctx, min_qty=1)
    dialog = view.open_adjust(product_id, location_id)
    assert isinstance(dialog, AdjustDialog)
    dialog.remove.setChecked(True)
    QTest.keyClicks(dialog.quantity, str(quantity + 1))
    assert not dialog.ok_button.isEnabled()
    assert "cannot remove" in dialog.preview.text()
    dialog.quantity.clear()
    QTest.keyClicks(dialog.quantity, str(quantity))
    assert dialog.ok_button.isEnabled()
    dialog.accept()
    changes = demo_ctx.cache.outbox_page(OutboxFilter(product_id=product_id), 0, 10)
    assert [(c.kind, c.value) for c in changes] == [(ChangeKind.ADJUST, -quantity)]
    cell = demo_ctx.cache.stock_cell(product_id, location_id)
    assert cell is not None and cell.quantity == 0 and cell.pending


@pytest.mark.asyncio
async def test_adjust_without_a_selection_says_what_to_do(demo_ctx, qtbot) -> None:
    view = open_view(demo_ctx, qtbot)
    messages: list[str] = []
    demo_ctx.message_posted.connect(lambda _level, text, _action: messages.append(text))
    view.table.clearSelection()
    view.table.setCurrentIndex(view.model.index(-1, -1))
    assert view.open_adjust() is None
    assert messages == ["Select a product in the Stock list first"]


@pytest.mark.asyncio
async def test_conflict_cells_are_marked_filtered_and_open_the_dialog(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    from zid_desk.ui.main_window import load_class

    view = open_view(demo_ctx, qtbot)
    product_id, location_id, quantity = editable_cell(demo_ctx)
    demo_ctx.edit_count(product_id, location_id, quantity + 10)
    ui_sandbox.control.change_product(product_id, quantity=quantity + 2, location_id=location_id)
    task = demo_ctx.start_push()
    assert task is not None
    await task
    conflicts = demo_ctx.cache.outbox_page(OutboxFilter(states=(ChangeState.CONFLICT,)), 0, 5)
    assert [c.product_id for c in conflicts] == [product_id]

    view.conflicts_only.setChecked(True)
    assert product_ids(view) == [product_id]
    index = view.model.index(0, column_of_location(view, location_id))
    assert index.data(CONFLICT_ROLE) is True
    assert index.data(Qt.ItemDataRole.BackgroundRole) == CONFLICT_COLOUR
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Conflict: Zid now has")
    assert not view.model.flags(index) & Qt.ItemFlag.ItemIsEditable  # resolve first
    assert view.model.conflict_change_id(product_id, location_id) == conflicts[0].id

    cls = load_class("zid_desk.ui.dialogs.conflict", "ConflictDialog")
    view.table.setCurrentIndex(index)
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Return)  # Enter on the conflict cell
    dialogs = [] if cls is None else [d for d in view.findChildren(cls) if d.isVisible()]
    if cls is None:
        assert view.open_conflict(index) is None  # the dialog module is not there yet
    else:
        assert len(dialogs) == 1
        assert dialogs[0].change_id == conflicts[0].id
        dialogs[0].close()
        # a double-click opens it too (the cell is not editable, so it activates)
        center = view.table.visualRect(index).center()
        double_click(view.table.viewport(), center)
        dialogs = [d for d in view.findChildren(cls) if d.isVisible()]
        assert len(dialogs) == 1 and dialogs[0].change_id == conflicts[0].id
        assert view.table.findChild(QLineEdit, "count_editor") is None  # no editor opened
        dialogs[0].close()
    # the context menu of a conflict cell offers to resolve it
    view._context_menu(view.table.visualRect(index).center())
    menus = [m for m in view.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1
    assert view.resolve_action in menus[0].actions()
    assert view.adjust_action in menus[0].actions()
    menus[0].close()
    view.conflicts_only.setChecked(False)
    assert view.model.rowCount() > 1


@pytest.mark.asyncio
async def test_arabic_grid_is_right_to_left(ui_sandbox, ui_profile, arabic, qtbot) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox, lang="ar")
    try:
        view = open_view(ctx, qtbot)
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert view.isRightToLeft() and view.table.isRightToLeft()
        assert view.table.layoutDirection() == Qt.LayoutDirection.RightToLeft
        model = view.model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
        assert headers == ["الاسم", "رمز المنتج", "الباركود"]
        assert view.pending_only.text() == "معدّلة ولم تُرسل بعد"
        assert view.location_filter.itemText(0) == "كل المواقع"
        name = model.index(0, 0).data()
        first = sql(
            ctx,
            "SELECT coalesce(nullif(name_ar, ''), name_en) FROM products"
            " ORDER BY sort_ar, pk LIMIT 1",
        )[0][0]
        assert name == first
        total = model.index(0, model.columnCount() - 1).data()
        assert total == "∞" or (total.startswith("\u2066") and total.endswith("\u2069"))
        sku = model.index(0, 1).data()  # "10-ZD" must not read "ZD-10" right to left
        assert sku == "" or (sku.startswith("\u2066") and sku.endswith("\u2069"))
        # the Receive / remove dialog in Arabic: right to left, every text translated
        product_id = str(model.index(0, 0).data(PRODUCT_ID_ROLE))
        dialog = view.open_adjust(product_id)
        assert isinstance(dialog, AdjustDialog) and dialog.isRightToLeft()
        assert dialog.windowTitle() == "استلام / إخراج بضاعة"
        texts = [w.text() for w in dialog.findChildren(QLabel)]
        texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
        texts += [dialog.quantity.placeholderText(), dialog.note.placeholderText()]
        product = ctx.cache.product(product_id)
        untranslated = [
            t
            for t in texts
            if t and not ARABIC.search(t) and t.strip("\u2066\u2069") != product.sku
        ]
        assert not untranslated, untranslated
        dialog.close()
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_low_stock_follows_the_threshold_in_settings(demo_ctx, qtbot) -> None:
    view = open_view(demo_ctx, qtbot)
    view.low_stock.setChecked(True)
    for threshold in (5, 60):
        demo_ctx.settings.low_stock_threshold = threshold
        demo_ctx.cache_changed.emit()  # what the Settings dialog does after saving
        assert view.low_stock.text() == f"Low stock (\u2066{threshold}\u2069 or less)"
        expected = {
            r[0]
            for r in sql(
                demo_ctx,
                "SELECT id FROM products WHERE total_infinite = 0 AND total_qty <= ?",
                (threshold,),
            )
        }
        assert set(product_ids(view)) == expected


@pytest.mark.asyncio
async def test_an_edit_that_leaves_the_filter_removes_the_row(demo_ctx, qtbot) -> None:
    """Out of stock, set to 6 with the keyboard: queued, and the row leaves the list."""
    rows = sql(
        demo_ctx,
        "SELECT s.product_id, s.location_id FROM stocks s JOIN products p ON p.pk = s.product_pk"
        " WHERE s.is_infinite = 0 AND p.total_infinite = 0 AND p.total_qty <= 0 LIMIT 1",
    )
    if not rows:  # make one: every finite cell of a product at 0
        product_id, location_id, _ = editable_cell(demo_ctx)
        for (lid,) in sql(
            demo_ctx,
            "SELECT location_id FROM stocks WHERE product_id = ? AND is_infinite = 0",
            (product_id,),
        ):
            demo_ctx.edit_count(product_id, str(lid), 0)
    else:
        product_id, location_id = str(rows[0][0]), str(rows[0][1])
    view = open_view(demo_ctx, qtbot)
    view.out_of_stock.setChecked(True)
    before = view.model.rowCount()
    assert product_id in product_ids(view)
    assert view.select_product(product_id, column=column_of_location(view, location_id))
    QTest.keyClick(view.table, Qt.Key.Key_6)  # typing on the cell starts the edit
    editor = current_editor(view)
    assert editor.text() == "6"
    QTest.keyClick(editor, Qt.Key.Key_Return)
    await wait_until(lambda: demo_ctx.cache.stock_cell(product_id, location_id).quantity == 6)
    await wait_until(lambda: view.model.rowCount() == before - 1)
    assert product_id not in product_ids(view)
    assert view.out_of_stock.isChecked()  # an edit never clears the user's filters
    cell = demo_ctx.cache.stock_cell(product_id, location_id)
    assert cell is not None and cell.quantity == 6 and cell.pending


@pytest.mark.asyncio
async def test_the_main_window_offers_receive_remove_in_the_toolbar(demo_ctx, qtbot) -> None:
    from zid_desk.ui.main_window import WindowHost

    host = WindowHost(QApplication.instance(), demo_ctx)  # type: ignore[arg-type]
    window = host.open()
    qtbot.addWidget(window)
    stock = window.views["stock"]
    assert isinstance(stock, StockView)
    assert stock.adjust_action in window.toolbar.actions()
    assert stock.adjust_action.text() == "Receive / remove goods…"
    # from another page: the Stock page comes up with the dialog for its selected product
    product_id, location_id, _ = editable_cell(demo_ctx)
    assert stock.select_product(product_id, column=column_of_location(stock, location_id))
    window.show_page("orders")
    stock.adjust_action.trigger()
    assert window.current_page() == "stock"
    dialog = stock.findChild(AdjustDialog, "adjust_dialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.product_id == product_id and dialog.location_id() == location_id
    dialog.close()
    window.close()


@pytest.mark.asyncio
async def test_receive_at_a_location_without_stock_gives_its_first_stock(
    demo_ctx, ui_sandbox, qtbot
) -> None:
    cache = demo_ctx.cache
    locations = cache.location_ids()
    found = None
    for pid in sorted(cache.product_ids()):
        stocked = {c.location_id for c in cache.product_stocks(pid)}
        missing = [lid for lid in locations if lid not in stocked]
        if stocked and missing and cache.is_stockable(pid):
            found = (pid, missing[0])
            break
    assert found is not None, "the sandbox data has no product missing a location"
    product_id, location_id = found
    view = open_view(demo_ctx, qtbot)
    dialog = view.open_adjust(product_id, location_id)
    assert isinstance(dialog, AdjustDialog) and dialog.location_id() == location_id
    QTest.keyClicks(dialog.quantity, "4")
    assert dialog.ok_button.isEnabled() and "first stock" in dialog.preview.text()
    dialog.remove.setChecked(True)
    assert not dialog.ok_button.isEnabled()  # nothing there to remove
    dialog.receive.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    task = demo_ctx.start_push()
    assert task is not None
    await task
    assert ui_sandbox.control.stock(product_id)["stocks"][location_id] == 4


@pytest.mark.asyncio
async def test_receive_for_a_parent_points_to_its_variants(demo_ctx, qtbot) -> None:
    parent = demo_ctx.cache.connection().execute(
        "SELECT DISTINCT parent_id FROM products WHERE parent_id IS NOT NULL LIMIT 1"
    ).fetchone()
    assert parent is not None, "the sandbox data has no product with variants"
    view = open_view(demo_ctx, qtbot)
    dialog = view.open_adjust(parent[0])
    assert isinstance(dialog, AdjustDialog)
    QTest.keyClicks(dialog.quantity, "2")
    assert "variants" in dialog.preview.text() and not dialog.ok_button.isEnabled()
