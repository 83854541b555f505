"""The main window against a real sandbox: data shown, Arabic RTL with nothing left in
English, LTR in English, sync and push from the toolbar, offline, error messages, Cancel,
and window/splitter state saved per direction."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from conftest import wait_until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QWidget,
)

from zid_desk.api.errors import (
    MissingScopeError,
    NetworkError,
    RateLimitedError,
    SignedOutError,
    ValidationError,
)
from zid_desk.ui.main_window import PAGES, MainWindow, WindowHost

from .conftest import close_context, make_demo_context

ISOLATED = re.compile("\u2066[^\u2069]*\u2069")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
URL = re.compile(r"https?://\S+")
# Names that stay as they are in any language: the language menu's own entry, brands, keys,
# file formats and the app's permanently-LTR technical fields.
UNTRANSLATED_OK = {
    "English",
    "CSV",
    "Excel",
    "SKU",
    "Enter",
    "Ctrl",
    "API",
    "Client",
    "ID",
    "URL",
    "Callback",
    "secret",
    "MIT",
    "Noto",
    "Sans",
    "Arabic",
    "Google",
    "SIL",
    "Open",
    "Font",
    "License",
}


def chrome_texts(window: MainWindow) -> list[tuple[str, str]]:
    """Every user-visible UI string of the window: menus, actions, labels, buttons,
    placeholders, navigation, group boxes and table headers (not the data cells)."""
    out: list[tuple[str, str]] = [("title", window.windowTitle())]
    for menu in window.menuBar().findChildren(QMenu):
        out.append(("menu", menu.title()))
        for action in menu.actions():
            if not action.isSeparator():
                out.append(("action", action.text()))
                out.append(("tooltip", action.toolTip()))
    for action in window.toolbar.actions():
        out.append(("toolbar", action.text()))
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window):
            continue
        if isinstance(w, QLabel) and not w.pixmap().isNull():
            continue
        if isinstance(w, QLabel | QAbstractButton):
            out.append((type(w).__name__, w.text()))
        elif isinstance(w, QLineEdit):
            out.append(("placeholder", w.placeholderText()))
        elif isinstance(w, QGroupBox):
            out.append(("group", w.title()))
        elif isinstance(w, QListWidget):
            out += [("nav", w.item(i).text()) for i in range(w.count())]
        elif isinstance(w, QHeaderView) and w.model() is not None:
            orientation = w.orientation()
            for section in range(w.count()):
                value = w.model().headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
                if isinstance(value, str) and orientation == Qt.Orientation.Horizontal:
                    out.append(("header", value))
    return out


def english_left(text: str) -> list[str]:
    """English words in a UI text, ignoring bidi-isolated data (SKUs, numbers, paths)."""
    words = ENGLISH_WORD.findall(URL.sub("", ISOLATED.sub("", text.replace("&", ""))))
    return [w for w in words if w not in UNTRANSLATED_OK]


def table_of(view: QWidget) -> QAbstractItemView:
    tables = [t for t in view.findChildren(QAbstractItemView) if t.model() is not None]
    assert tables, f"{view.objectName()} has no item view"
    return max(tables, key=lambda t: t.model().rowCount())


def open_window(ctx) -> tuple[WindowHost, MainWindow]:
    host = WindowHost(QApplication.instance(), ctx)  # type: ignore[arg-type]
    window = host.open()
    return host, window


def model_texts(view: QWidget, rows: int = 50) -> set[str]:
    model = table_of(view).model()
    out = set()
    for r in range(min(rows, model.rowCount())):
        for c in range(model.columnCount()):
            value = model.index(r, c).data(Qt.ItemDataRole.DisplayRole)
            if value is not None:
                out.add(str(value))
    return out


@pytest.mark.asyncio
async def test_window_shows_sandbox_data(demo_ctx, qtbot) -> None:
    _host, window = open_window(demo_ctx)
    qtbot.addWidget(window)
    assert "Demo" in window.windowTitle()
    assert demo_ctx.store_name and demo_ctx.store_name in window.windowTitle()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
    counts = demo_ctx.cache.counts()
    assert counts["products"] > 0 and counts["orders"] > 0 and counts["locations"] > 0
    for page in ("stock", "locations", "orders"):
        view = window.show_page(page)

        def has_rows(v: QWidget = view) -> bool:
            return table_of(v).model().rowCount() > 0

        await wait_until(has_rows)
    # a product name from the cache is on screen
    stock = window.show_page("stock")
    names = model_texts(stock, rows=500)
    first = (
        demo_ctx.cache.connection()
        .execute("SELECT name_en FROM products WHERE name_en != '' ORDER BY name_en LIMIT 1")
        .fetchone()
    )
    assert first is not None
    assert any(first[0] in text for text in names)
    assert window.status.online_label.text() == "Online"
    assert demo_ctx.store_name in window.status.store_label.text()
    assert window.status.sync_label.text().startswith("Last sync")
    window.close()


@pytest.mark.asyncio
async def test_arabic_window_is_rtl_and_fully_translated(
    ui_sandbox, ui_profile, arabic, qtbot
) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox, lang="ar")
    try:
        _host, window = open_window(ctx)
        qtbot.addWidget(window)
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert window.isRightToLeft()
        assert "تجريبي" in window.windowTitle()
        assert window.sync_action.text() == "مزامنة"
        assert window.nav.item(0).text() == "المخزون"
        ctx.report_error(NetworkError("offline"))
        leftovers = []
        for page in PAGES:
            window.show_page(page)
            await asyncio.sleep(0.02)
            for kind, text in chrome_texts(window):
                if english_left(text):
                    leftovers.append(f"{page} {kind}: {text!r}")
        # the dialogs of the shell too
        for action in (window.settings_action, window.sign_in_action, window.about_action):
            action.trigger()
            await asyncio.sleep(0.02)
            for kind, text in chrome_texts(window):
                if english_left(text):
                    leftovers.append(f"{action.objectName()} {kind}: {text!r}")
            for dialog in window.findChildren(QDialog):
                dialog.close()
        assert not leftovers, "untranslated:\n" + "\n".join(sorted(set(leftovers)))
        # numbers inside Arabic sentences are isolated so RTL never reorders them
        assert "\u2066" in window.status.sync_label.text()
        window.close()
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_language_switch_rebuilds_the_window(demo_ctx, qtbot) -> None:
    from zid_desk.ui.i18n import install_language

    host, window = open_window(demo_ctx)
    qtbot.addWidget(window)
    window.show_page("orders")
    closed: list[bool] = []
    host.closed.connect(lambda: closed.append(True))
    try:
        window.arabic_action.trigger()
        assert host.window is not None and host.window is not window
        qtbot.addWidget(host.window)
        assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert host.window.sync_action.text() == "مزامنة"
        assert host.window.current_page() == "orders"
        assert demo_ctx.settings.language == "ar"
        assert not closed  # a rebuild is not the user closing the app
        host.window.english_action.trigger()
        assert QApplication.layoutDirection() == Qt.LayoutDirection.LeftToRight
        assert host.window.sync_action.text() == "Sync"
        host.window.close()
        assert closed == [True]
    finally:
        install_language(QApplication.instance(), "en")  # type: ignore[arg-type]


@pytest.mark.asyncio
async def test_sync_and_push_from_the_toolbar(demo_ctx, ui_sandbox, qtbot) -> None:
    _host, window = open_window(demo_ctx)
    qtbot.addWidget(window)
    row = (
        demo_ctx.cache.connection()
        .execute(
            "SELECT s.product_id, s.location_id, s.available_quantity FROM stocks s"
            " WHERE s.is_infinite = 0 ORDER BY s.product_id LIMIT 1"
        )
        .fetchone()
    )
    product_id, location_id, quantity = str(row[0]), str(row[1]), int(row[2] or 0)
    new_quantity = quantity + 7
    demo_ctx.edit_count(product_id, location_id, new_quantity)
    assert demo_ctx.pending_count() == 1
    assert window.status.pending_label.text() == "Pending edits: 1"
    assert window.push_action.isEnabled()
    window.push_action.trigger()
    assert demo_ctx.busy and not window.push_action.isEnabled()
    assert window.status.progress.isVisible() and window.status.cancel_button.isVisible()
    await wait_until(lambda: not demo_ctx.busy)
    assert ui_sandbox.control.stock(product_id)["stocks"][location_id] == new_quantity
    assert demo_ctx.pending_count() == 0
    assert window.status.pending_label.text() == "Pending edits: 0"
    assert not window.status.progress.isVisible()
    # a change on Zid's side arrives with Sync (F5)
    ui_sandbox.control.sales(3)
    before = demo_ctx.cache.counts()["orders"]
    window.sync_action.trigger()
    await wait_until(lambda: not demo_ctx.busy)
    assert demo_ctx.cache.counts()["orders"] >= before
    assert window.message_bar.label.text() == "Sync finished"
    window.close()


@pytest.mark.asyncio
async def test_offline_shows_a_clear_message_and_still_browses(demo_ctx, ui_sandbox, qtbot) -> None:
    _host, window = open_window(demo_ctx)
    qtbot.addWidget(window)
    stock = window.show_page("stock")
    await wait_until(lambda: table_of(stock).model().rowCount() > 0)
    rows_before = table_of(stock).model().rowCount()
    row = (
        demo_ctx.cache.connection()
        .execute("SELECT product_id, location_id FROM stocks WHERE is_infinite = 0 LIMIT 2")
        .fetchall()
    )
    for product_id, location_id in row:
        demo_ctx.edit_count(str(product_id), str(location_id), 3)
    ui_sandbox.stop()
    window.sync_action.trigger()
    await wait_until(lambda: not demo_ctx.busy, timeout=30)
    assert window.message_bar.isVisible()
    assert window.message_bar.label.text() == "Offline: your 2 edits are queued"
    assert not demo_ctx.online
    assert window.status.online_label.text() == "Offline: showing cached data"
    # browsing and editing keep working from the cache
    assert table_of(stock).model().rowCount() == rows_before
    for page in ("locations", "orders", "pending", "history"):
        window.show_page(page)
    demo_ctx.edit_count(str(row[0][0]), str(row[0][1]), 4)
    assert demo_ctx.pending_count() >= 2
    window.close()


@pytest.mark.asyncio
async def test_errors_become_messages_that_say_what_to_do(demo_ctx, qtbot) -> None:
    _host, window = open_window(demo_ctx)
    qtbot.addWidget(window)
    bar = window.message_bar
    demo_ctx.report_error(RateLimitedError("429", retry_after=39.2))
    assert bar.label.text() == "Zid is rate limiting: resuming in 40 s"
    assert not bar.action_button.isVisibleTo(window)
    demo_ctx.report_error(SignedOutError("revoked"))
    assert bar.label.text().startswith("Signed out: sign in again")
    assert bar.action_button.isVisibleTo(window) and bar.action_button.text() == "Sign in…"
    demo_ctx.report_error(ValidationError("bad", fields={"quantity": ["must be >= 0"]}))
    assert "Zid refused the change:" in bar.label.text()
    assert "quantity" in bar.label.text() and "must be >= 0" in bar.label.text()
    demo_ctx.report_error(MissingScopeError("403", scope="inventory.write"))
    assert "inventory.write" in bar.label.text() and "permission" in bar.label.text()
    demo_ctx.report_error(NetworkError("down"))
    assert bar.label.text().startswith("Offline")
    # not a ZidError: a bug, goes to the crash handler and not to the message bar
    crashes: list[BaseException] = []
    demo_ctx.crash_handler = crashes.append
    demo_ctx.report_error(KeyError("boom"))
    assert len(crashes) == 1 and bar.label.text().startswith("Offline")
    # Sign in… on the bar opens the sign-in dialog
    demo_ctx.report_error(SignedOutError("revoked"))
    bar.action_button.click()
    dialog = window.findChild(QWidget, "sign_in_dialog")
    assert dialog is not None and dialog.isVisible()
    dialog.close()
    window.close()


@pytest.mark.asyncio
async def test_cancel_stops_a_running_sync(ui_sandbox, ui_profile, english, qtbot) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox, pull=False)
    try:
        _host, window = open_window(ctx)
        qtbot.addWidget(window)
        ui_sandbox.control.inject("latency", count=1000, latency_ms=300)
        window.sync_action.trigger()
        await wait_until(lambda: window.status.cancel_button.isVisible())
        await asyncio.sleep(0.5)
        window.status.cancel_button.click()
        await wait_until(lambda: not ctx.busy, timeout=15)
        assert window.message_bar.label.text().startswith("Cancelled")
        assert not window.status.cancel_button.isVisible()
        ui_sandbox.control.clear_faults()
        window.close()
    finally:
        await close_context(ctx)


def test_window_state_is_saved_per_direction(ui_profile, qtbot, english) -> None:
    from zid_desk.settings import Settings
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.i18n import install_language

    app = QApplication.instance()
    ctx = AppContext(ui_profile, Settings(), lang="en")
    try:
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        w.splitter.setSizes([300, 700])
        ltr_sizes = w.splitter.sizes()
        w.show_page("orders")
        w.close()
        install_language(app, "ar")  # type: ignore[arg-type]
        ctx.lang = "ar"
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        assert w.current_page() == "stock"  # nothing saved for RTL yet
        w.splitter.setSizes([200, 800])
        rtl_sizes = w.splitter.sizes()
        w.show_page("history")
        w.close()
        install_language(app, "en")  # type: ignore[arg-type]
        ctx.lang = "en"
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        assert w.splitter.sizes()[0] == ltr_sizes[0]
        assert w.current_page() == "orders"
        w.close()
        install_language(app, "ar")  # type: ignore[arg-type]
        w = MainWindow(ctx)
        qtbot.addWidget(w)
        w.show()
        assert w.splitter.sizes()[0] == rtl_sizes[0]
        assert w.current_page() == "history"
        w.close()
        ini = (ui_profile.config_dir / "window.ini").read_text()
        assert "[ltr]" in ini and "[rtl]" in ini
    finally:
        install_language(app, "en")  # type: ignore[arg-type]


def test_directional_icons_mirror_in_rtl_and_others_do_not(qapp) -> None:
    from PySide6.QtWidgets import QStyle

    from zid_desk.ui.i18n import directional_icon, install_language

    def image(icon):
        return icon.pixmap(16, 16).toImage()

    reload_icon = QStyle.StandardPixmap.SP_BrowserReload
    try:
        install_language(qapp, "en")
        back_ltr = image(directional_icon("undo"))
        sync_ltr = image(qapp.style().standardIcon(reload_icon))
        install_language(qapp, "ar")
        back_rtl = image(directional_icon("undo"))
        sync_rtl = image(qapp.style().standardIcon(reload_icon))
    finally:
        install_language(qapp, "en")
    assert back_rtl != back_ltr
    assert sync_rtl == sync_ltr


@pytest.mark.asyncio
async def test_scan_box_jumps_to_the_product_with_arabic_indic_digits(demo_ctx, qtbot) -> None:
    from PySide6.QtTest import QTest

    _host, window = open_window(demo_ctx)
    qtbot.addWidget(window)
    window.show_page("orders")
    row = (
        demo_ctx.cache.connection()
        .execute(
            "SELECT id, barcode FROM products WHERE barcode GLOB '[0-9]*' AND barcode != ''"
            " ORDER BY id LIMIT 1"
        )
        .fetchone()
    )
    assert row is not None
    product_id, barcode = str(row[0]), str(row[1])
    arabic_digits = barcode.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    window.scan_box.setFocus()
    for ch in arabic_digits:  # a scanner on an Arabic keyboard layout (keyClicks can't)
        QTest.sendKeyEvent(
            QTest.KeyAction.Click,
            window.scan_box,
            Qt.Key.Key_unknown,
            ch,
            Qt.KeyboardModifier.NoModifier,
        )
    assert window.scan_box.text() == arabic_digits
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.current_page() == "stock"
    assert window.scan_box.text() == ""  # found: ready for the next scan
    assert not window.message_bar.isVisible()
    # the stock view selected that product
    stock = window.views["stock"]
    table = table_of(stock)
    selected = table.selectionModel().selectedRows() or table.selectionModel().selectedIndexes()
    assert selected
    texts = {
        str(table.model().index(selected[0].row(), c).data() or "")
        for c in range(table.model().columnCount())
    }
    view: Any = stock  # StockView (H6b)
    assert any(barcode in t for t in texts) or view.select_product(product_id)
    # an unknown code: a clear message, the code stays selected for a rescan
    QTest.keyClicks(window.scan_box, "0000000000000")
    QTest.keyClick(window.scan_box, Qt.Key.Key_Return)
    assert window.message_bar.isVisible()
    assert window.message_bar.label.text().startswith("No product with the code")
    assert window.scan_box.selectedText() == "0000000000000"
    window.close()
