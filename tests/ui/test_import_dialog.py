"""The import dialog driven end to end against the sandbox: a Windows-1256 file with Arabic
headers dropped on the dialog, every step clicked through, the diff checked, applied,
pushed, and the report saved; the same in Arabic (right to left); a dry run and a cancelled
plan build leave the cache, the outbox, the settings and the sandbox untouched."""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from conftest import wait_until
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QWidget,
)

from zid_desk.importer import remembered
from zid_desk.settings import Settings
from zid_desk.ui.dialogs.import_wizard import ImportWizard, Step
from zid_desk.ui.models.import_plan import PlanTableModel
from zid_desk.ui.views.base import isolate

from .conftest import close_context, make_demo_context

HEADER = ["رمز المنتج", "الكمية", "المستودع"]
ISOLATED = re.compile("\u2066[^\u2069]*\u2069")
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
# Names that stay as they are in Arabic: formats, encodings, and the file's own data.
UNTRANSLATED_OK = {
    "CSV",
    "UTF",
    "BOM",
    "Windows",
    "ISO",
    "Excel",
    "SKU",
    "API",
    "xlsx",
    "txt",
    "csv",
}


# ----------------------------------------------------------------------------- helpers


def finite_cells(cache: Any, n: int, *, at_least: bool = False) -> list[Any]:
    """`n` stock cells of distinct simple products (no variants, finite, quantity >= 2);
    `at_least`: as many as there are when fewer."""
    refs = cache.products_by_ids(sorted(cache.product_ids()))
    parents = {r.parent_id for r in refs.values() if r.parent_id}
    out = []
    for pid in sorted(refs):
        ref = refs[pid]
        if pid in parents or ref.is_infinite or not ref.sku:
            continue
        for cell in cache.product_stocks(pid):
            if not cell.is_infinite and (cell.quantity or 0) >= 2:
                out.append((ref, cell))
                break
        if len(out) == n:
            return out
    if at_least and out:
        return out
    raise AssertionError("not enough simple finite products in the sandbox data")


def same_location_cells(cache: Any, n: int, exclude: str) -> list[Any]:
    """`n` simple finite products stocked (>= 2) at one same location."""
    by_location: dict[str, list[Any]] = {}
    for ref, _cell in finite_cells(cache, len(cache.product_ids()), at_least=True):
        if ref.id == exclude:
            continue
        for cell in cache.product_stocks(ref.id):
            if not cell.is_infinite and (cell.quantity or 0) >= 2:
                group = by_location.setdefault(cell.location_id, [])
                group.append((ref, cell))
                if len(group) == n:
                    return group
    raise AssertionError("no location with enough simple finite products")


def remote(sb: Any, product_id: str, location_id: str) -> int:
    return int(sb.control.stock(product_id)["stocks"][location_id])


def write_counts(path: Path, cache: Any) -> dict[str, Any]:
    """Rows 2-6: two counts that change, one that does not, a bad quantity, an unknown SKU;
    Windows-1256 with Arabic headers and Arabic location names."""
    (a, ca), (b, cb), (c, cc), (d, cd) = finite_cells(cache, 4)

    def loc_ar(cell: Any) -> str:
        loc = cache.location(cell.location_id)
        return str(loc.name.ar)

    rows = [
        HEADER,
        [a.sku, str(ca.quantity + 5), loc_ar(ca)],
        [b.sku, "1", loc_ar(cb)],
        [c.sku, str(cc.quantity), loc_ar(cc)],
        [d.sku, "abc", loc_ar(cd)],
        ["NOPE-404", "3", loc_ar(cd)],
    ]
    with path.open("w", encoding="cp1256", newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)
    return {
        "changed": [(ca, ca.quantity + 5), (cb, 1)],
        "unchanged": cc,
        "untouched": cd,
    }


def drop(dialog: ImportWizard, path: Path) -> None:
    """What a drag and drop of `path` delivers to the dialog."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    dialog.dropEvent(event)
    assert event.isAccepted()


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(qtbot: Any, radio: QAbstractButton) -> None:
    """Click a radio button on its indicator (a click past its text does nothing)."""
    assert radio.isVisible() and radio.isEnabled(), radio.text()
    h = radio.height() // 2
    rtl = radio.layoutDirection() == Qt.LayoutDirection.RightToLeft
    qtbot.mouseClick(
        radio, Qt.MouseButton.LeftButton, pos=QPoint(radio.width() - 8 if rtl else 8, h)
    )
    assert radio.isChecked()


def column(model: PlanTableModel, name: str) -> list[str]:
    index = PlanTableModel.COLUMNS.index(name)
    return [model.data(model.index(r, index)) for r in range(model.rowCount())]


def cache_fingerprint(cache: Any) -> tuple[str, str, int]:
    """(sha256 of the cache files' bytes, sha256 of a full SQL dump, outbox rows)."""
    files = hashlib.sha256()
    base = Path(cache.path)
    for suffix in ("", "-wal"):
        p = Path(f"{base}{suffix}")
        if p.exists():
            files.update(p.read_bytes())
    import sqlite3

    conn = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
    try:
        dump = hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
        outbox = conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    finally:
        conn.close()
    return files.hexdigest(), dump, int(outbox)


def sandbox_stock(sb: Any, cache: Any) -> dict[str, Any]:
    return {pid: sb.control.stock(pid)["stocks"] for pid in sorted(cache.product_ids())}


def stock_writes(sb: Any) -> int:
    stats = sb.control.stats()
    return sum(int(n) for key, n in stats["requests"].items() if "stock-update" in key)


def visible_texts(root: QWidget) -> list[str]:
    out = [root.windowTitle()] if root.isWindow() else []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if hasattr(w, "placeholderText") and callable(w.placeholderText):
            out.append(w.placeholderText())
    return [t for t in out if t]


def english_left(texts: list[str], data: set[str]) -> list[str]:
    bad = []
    for text in texts:
        if text in data:
            continue
        stripped = ISOLATED.sub("", text)
        words = {w for w in ENGLISH_WORD.findall(stripped)} - UNTRANSLATED_OK
        if words:
            bad.append(text)
    return bad


async def step_to_review(qtbot: Any, dialog: ImportWizard, path: Path) -> None:
    drop(dialog, path)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    click(qtbot, dialog.next_button)
    assert dialog.step is Step.MAPPING
    click(qtbot, dialog.next_button)
    assert dialog.step is Step.OPTIONS
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)


@pytest_asyncio.fixture
async def arabic_ctx(ui_sandbox: Any, ui_profile: Any, arabic: str) -> AsyncIterator[Any]:
    ctx = await make_demo_context(ui_profile, ui_sandbox, lang="ar")
    try:
        yield ctx
    finally:
        await close_context(ctx)


# ----------------------------------------------------------------------------- tests


@pytest.mark.asyncio
async def test_import_end_to_end_in_english(
    demo_ctx: Any, ui_sandbox: Any, ui_profile: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = demo_ctx
    path = tmp_path / "counts.csv"
    expect = write_counts(path, ctx.cache)
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.step is Step.FILE and dialog.layoutDirection() == Qt.LayoutDirection.LeftToRight

    # 1-2: dropped; the detected encoding and delimiter are pre-selected, preview shown
    drop(dialog, path)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    page = dialog.format_page
    assert dialog.file_page.path.text() == str(path)
    assert page.encoding.currentData() == "cp1256"
    assert page.encoding.currentText() == "Windows-1256 (Arabic)"
    assert page.delimiter.currentData() == ","
    assert "Windows-1256 (Arabic)" in page.detected.text() and "Comma" in page.detected.text()
    preview = page.model
    assert preview.rowCount() == 5 and preview.columnCount() == 3
    assert [preview.headerData(i, Qt.Orientation.Horizontal) for i in range(3)] == HEADER
    assert preview.data(preview.index(4, 0)) == "NOPE-404"
    arabic_cell = preview.index(0, 2)  # a location name in Arabic: right-aligned
    assert int(preview.data(arabic_cell, Qt.ItemDataRole.TextAlignmentRole)) & int(
        Qt.AlignmentFlag.AlignRight.value
    )
    assert preview.data(preview.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) is None
    # overriding the encoding re-reads the preview (ISO-8859-6 garbles these headers)
    page.encoding.setCurrentIndex(page.encoding.findData("iso8859-6"))
    await wait_until(
        lambda: not dialog.busy and preview.headerData(0, Qt.Orientation.Horizontal) != HEADER[0]
    )
    # a wrong encoding is refused with what to do, and blocks Next until fixed
    page.encoding.setCurrentIndex(page.encoding.findData("utf-8"))
    await wait_until(lambda: not dialog.busy and page.error.isVisible())
    assert page.error.text() == (
        f"Cannot read this file: it is not {isolate('utf-8')} text (near line {isolate(1)}):"
        " choose another encoding"
    )
    assert preview.rowCount() == 0 and not dialog.next_button.isEnabled()
    page.encoding.setCurrentIndex(page.encoding.findData("cp1256"))
    await wait_until(
        lambda: not dialog.busy and preview.headerData(0, Qt.Orientation.Horizontal) == HEADER[0]
    )

    # two quick changes: the preview ends on the last one
    page.encoding.setCurrentIndex(page.encoding.findData("iso8859-6"))
    assert dialog.busy
    page.encoding.setCurrentIndex(page.encoding.findData("cp1256"))
    await wait_until(
        lambda: (
            not dialog.busy
            and preview.headerData(0, Qt.Orientation.Horizontal) == HEADER[0]
            and page.encoding.currentData() == "cp1256"
        )
    )

    # 3: the Arabic headers are recognised
    click(qtbot, dialog.next_button)
    assert dialog.step is Step.MAPPING
    combos = dialog.mapping_page.combos
    assert [c.currentData() for c in combos] == ["sku", "quantity", "location"]
    assert not dialog.mapping_page.remembered.isVisible()
    dialog.mapping_page.set_field(1, "ignore")  # no quantity: cannot continue
    assert not dialog.next_button.isEnabled()
    assert "quantity" in dialog.mapping_page.error.text()
    dialog.mapping_page.set_field(1, "quantity")
    assert dialog.next_button.isEnabled()

    # 4: the location comes from the column; set mode, duplicates summed
    click(qtbot, dialog.next_button)
    options = dialog.options_page
    assert dialog.step is Step.OPTIONS
    assert options.from_column.isChecked() and options.mode() == "set"
    assert options.duplicate_policy() == "sum"
    assert options.location.count() == len(ctx.cache.locations())

    # 5: validation and diff (a dry run so far)
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)
    review = dialog.review_page
    assert review.counts.text() == "5 rows: 2 changed, 1 unchanged, 2 invalid (2 stock changes)"
    (ca, new_a), (cb, new_b) = expect["changed"]
    locations = {ca.location_id, cb.location_id}
    writes = len(locations)  # one stock-update per location, plus one refresh read
    assert review.cost.text() == (
        f"Sending costs {writes + 1} API requests: under a minute at the store's rate of"
        f" {ctx.settings.rate_limit_per_minute} requests/min."
    )
    assert dialog.next_button.text() == "Apply 2 changes"
    model = dialog.model
    assert model.rowCount() == 5
    assert column(model, "status") == ["Changed", "Changed", "Unchanged", "Invalid", "Invalid"]
    assert column(model, "change")[0] == isolate(f"{ca.quantity} → {new_a}")
    loc_name = ctx.cache.location(ca.location_id).name.en
    assert column(model, "location")[0] == loc_name  # shown in the UI language
    assert column(model, "product")[0] == ctx.cache.product(ca.product_id).name_en
    location = PlanTableModel.COLUMNS.index("location")
    assert model.data(model.index(0, location), Qt.ItemDataRole.TextAlignmentRole) is None
    unknown = model.index(4, location)  # the file's own Arabic location name
    assert model.data(unknown) == ctx.cache.location(expect["untouched"].location_id).name.ar
    assert int(model.data(unknown, Qt.ItemDataRole.TextAlignmentRole)) & int(
        Qt.AlignmentFlag.AlignRight.value
    )
    review.filter.setCurrentIndex(review.filter.findData("invalid"))
    assert column(model, "row") == ["5", "6"]
    assert column(model, "reason") == [
        f"not a number: {isolate('abc')}",
        f"unknown SKU {isolate('NOPE-404')}",
    ]
    review.filter.setCurrentIndex(review.filter.findData("changed"))
    assert column(model, "row") == ["2", "3"]

    # 6: apply -> one batch -> pushed
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=60)
    assert remote(ui_sandbox, ca.product_id, ca.location_id) == new_a
    assert remote(ui_sandbox, cb.product_id, cb.location_id) == new_b
    cd = expect["untouched"]
    assert remote(ui_sandbox, cd.product_id, cd.location_id) == cd.quantity
    report = dialog.report_page
    assert report.summary.text() == (
        "Applied: 2 · Conflicts: 0 · Failed: 0 · Still queued: 0 · Invalid: 2 · Unchanged: 1"
    )
    assert "reversible as a whole from History" in report.push_note.text()
    rm = dialog.report_model
    assert column(rm, "status") == ["Applied", "Applied", "Unchanged", "Invalid", "Invalid"]
    report.filter.setCurrentIndex(report.filter.findData("problems"))
    assert column(rm, "row") == ["5", "6"]
    assert dialog.cancel_button.text() == "Close" and not dialog.next_button.isVisible()

    # the report as CSV (UTF-8 with BOM), row by row
    out = tmp_path / "report.csv"
    assert await dialog.save_report(out) == 5
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        saved = list(csv.DictReader(f))
    assert [(r["row"], r["result"]) for r in saved] == [
        ("2", "applied"),
        ("3", "applied"),
        ("4", "unchanged"),
        ("5", "invalid"),
        ("6", "invalid"),
    ]
    assert saved[4]["reason"] == "unknown SKU 'NOPE-404'"

    # the mapping is remembered for files with the same headers
    assert remembered(Settings.load(ui_profile.settings_path).extra, HEADER) is not None
    click(qtbot, dialog.cancel_button)
    assert not dialog.isVisible()
    again = ImportWizard(ctx)
    qtbot.addWidget(again)
    again.show()
    drop(again, path)
    await wait_until(lambda: again.step is Step.FORMAT)
    click(qtbot, again.next_button)
    assert again.mapping_page.remembered.isVisible()
    assert [c.currentData() for c in again.mapping_page.combos] == ["sku", "quantity", "location"]
    again.reject()


@pytest.mark.asyncio
async def test_import_in_arabic_is_right_to_left_and_translated(
    arabic_ctx: Any, ui_sandbox: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = arabic_ctx
    path = tmp_path / "جرد.csv"
    expect = write_counts(path, ctx.cache)
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    data = {str(path), *HEADER}
    seen: list[str] = visible_texts(dialog)
    drop(dialog, path)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    assert dialog.format_page.encoding.currentData() == "cp1256"
    seen += visible_texts(dialog)
    click(qtbot, dialog.next_button)
    seen += visible_texts(dialog)
    click(qtbot, dialog.next_button)
    seen += visible_texts(dialog)
    # the locations are offered in Arabic
    options = dialog.options_page
    names_ar = {loc.name_ar for loc in ctx.cache.locations()}
    assert {options.location.itemText(i) for i in range(options.location.count())} == names_ar
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)
    seen += visible_texts(dialog)
    model = dialog.model
    headers = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    assert headers == [
        "الصف",
        "رمز المنتج / الباركود",
        "المنتج",
        "الموقع",
        "القديم ← الجديد",
        "الحالة",
        "السبب",
    ]
    assert column(model, "status") == ["تغيّر", "تغيّر", "دون تغيير", "غير صالح", "غير صالح"]
    reasons = column(model, "reason")
    assert reasons[3] == "ليس رقمًا: " + isolate("abc")
    assert reasons[4] == "رمز منتج غير معروف: " + isolate("NOPE-404")
    (ca, new_a), (cb, new_b) = expect["changed"]
    assert column(model, "location")[0] == ctx.cache.location(ca.location_id).name.ar
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=60)
    seen += visible_texts(dialog)
    assert remote(ui_sandbox, ca.product_id, ca.location_id) == new_a
    assert remote(ui_sandbox, cb.product_id, cb.location_id) == new_b
    assert column(dialog.report_model, "status")[:2] == ["طُبّق", "طُبّق"]
    left = english_left(seen, data)
    assert not left, left
    dialog.reject()


@pytest.mark.asyncio
async def test_a_dry_run_writes_nothing_anywhere(
    demo_ctx: Any, ui_sandbox: Any, ui_profile: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = demo_ctx
    path = tmp_path / "counts.csv"
    write_counts(path, ctx.cache)
    cache_before = cache_fingerprint(ctx.cache)
    stock_before = sandbox_stock(ui_sandbox, ctx.cache)
    writes_before = stock_writes(ui_sandbox)
    settings_before = ui_profile.settings_path.read_bytes()
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    await step_to_review(qtbot, dialog, path)
    assert dialog.plan is not None and len(dialog.plan.changes) == 2
    click(qtbot, dialog.cancel_button)  # stop at the diff: a dry run
    assert not dialog.isVisible()
    assert cache_fingerprint(ctx.cache) == cache_before
    assert sandbox_stock(ui_sandbox, ctx.cache) == stock_before
    assert stock_writes(ui_sandbox) == writes_before
    assert ui_profile.settings_path.read_bytes() == settings_before


@pytest.mark.asyncio
async def test_cancel_during_a_long_plan_build_writes_nothing(
    demo_ctx: Any, ui_sandbox: Any, ui_profile: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = demo_ctx
    ((ref, cell),) = finite_cells(ctx.cache, 1)
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("SKU,Quantity,Location\n")
        for i in range(300_000):
            sku = ref.sku if i % 1000 == 0 else f"NOPE-{i}"
            f.write(f"{sku},{i % 50},{cell.location_id}\n")
    cache_before = cache_fingerprint(ctx.cache)
    settings_before = ui_profile.settings_path.read_bytes()
    switch = sys.getswitchinterval()
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    drop(dialog, path)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.busy and dialog.progress.value() > 0, timeout=30)
    assert sys.getswitchinterval() == pytest.approx(0.001)  # the GUI keeps the GIL's turn
    assert dialog.cancel_button.text() == "Stop"
    click(qtbot, dialog.cancel_button)
    await wait_until(lambda: not dialog.busy, timeout=30)
    assert sys.getswitchinterval() == switch
    assert dialog.step is Step.OPTIONS and dialog.plan is None
    assert dialog.options_page.error.text() == "Cancelled: nothing was written."
    assert dialog.isVisible()  # Stop ends the step, not the dialog
    assert cache_fingerprint(ctx.cache) == cache_before
    assert ui_profile.settings_path.read_bytes() == settings_before
    # closing the window mid-check stops the check first, then closes; still nothing written
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.busy and dialog.progress.value() > 0, timeout=30)
    dialog.close()
    assert dialog.isVisible()  # not while the check is still reporting into it
    await wait_until(lambda: not dialog.isVisible(), timeout=30)
    assert not dialog.busy and dialog.plan is None
    assert cache_fingerprint(ctx.cache) == cache_before


@pytest.mark.asyncio
async def test_stop_during_the_push_keeps_the_rest_queued(
    demo_ctx: Any, ui_sandbox: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = demo_ctx
    cells = finite_cells(ctx.cache, len(ctx.cache.product_ids()), at_least=True)
    (a, ca) = cells[0]
    (b, cb) = next((r, c) for r, c in cells if c.location_id != ca.location_id)
    path = tmp_path / "two-locations.csv"
    path.write_text(
        "SKU,Quantity,Location\n"
        f"{a.sku},{ca.quantity + 2},{ca.location_id}\n{b.sku},{cb.quantity + 3},{cb.location_id}\n",
        encoding="utf-8",
    )
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    await step_to_review(qtbot, dialog, path)
    assert dialog.review_page.cost.text().startswith("Sending costs 3 API requests")
    # the first location's write is slow: Stop while it is on its way
    ui_sandbox.control.inject(
        "latency", count=1, path_prefix="/v1/locations/", method="POST", latency_ms=1500
    )
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.progress_text.text() == "Sending to Zid", timeout=30)
    # the slow write is on its way once the sandbox has taken the fault for it
    await wait_until(lambda: ui_sandbox.control.stats()["injected"].get("latency", 0) == 1)
    click(qtbot, dialog.cancel_button)
    assert not dialog.cancel_button.isEnabled()  # stopping: at the next safe point
    await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=30)
    statuses = column(dialog.report_model, "status")
    assert sorted(statuses) == ["Applied", "Queued"]
    assert "Sending stopped: 1 changes stay queued" in dialog.report_page.push_note.text()
    sent = {
        (a.id, ca.location_id): ca.quantity + 2,
        (b.id, cb.location_id): cb.quantity + 3,
    }
    on_zid = {key: remote(ui_sandbox, *key) for key in sent}
    applied = [key for key in sent if on_zid[key] == sent[key]]
    assert len(applied) == 1  # the other one is still queued, not lost
    assert ctx.pending_count() >= 1
    dialog.reject()


@pytest.mark.asyncio
async def test_a_file_dropped_on_the_main_window_opens_the_import(
    demo_ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    from zid_desk.ui.main_window import MainWindow

    path = tmp_path / "counts.csv"
    write_counts(path, demo_ctx.cache)
    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.acceptDrops() and window.import_action.isEnabled()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()
    dialog = window.findChild(ImportWizard, "import_dialog")
    assert dialog is not None and dialog.isVisible()
    await wait_until(lambda: dialog.step is Step.FORMAT)
    assert dialog.format_page.encoding.currentData() == "cp1256"
    dialog.reject()
    # a file the importer does not read is refused
    other = tmp_path / "photo.png"
    other.write_bytes(b"\x89PNG")
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    refused = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    refused.setAccepted(False)
    window.dropEvent(refused)
    assert not refused.isAccepted()
    window.close()


@pytest.mark.asyncio
async def test_the_report_says_conflict_and_failed_with_the_reason(
    demo_ctx: Any, ui_sandbox: Any, qtbot: Any, tmp_path: Path
) -> None:
    """A sale between the check and the apply: a count becomes a conflict; a subtraction
    that would go below zero on Zid fails with the reason; the others are applied."""
    ctx = demo_ctx
    ((a, ca),) = finite_cells(ctx.cache, 1)
    (b, cb), (c, cc2) = same_location_cells(ctx.cache, 2, exclude=a.id)
    sets = tmp_path / "counts.csv"
    sets.write_text(
        f"SKU;Quantity;Location\n{a.sku};{ca.quantity + 1};{ca.location_id}\n",
        encoding="utf-8-sig",
    )
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    drop(dialog, sets)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    assert dialog.format_page.encoding.currentData() == "utf-8-sig"
    assert dialog.format_page.delimiter.currentData() == ";"
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)
    ui_sandbox.control.change_product(a.id, location_id=ca.location_id, quantity=ca.quantity - 1)
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=60)
    assert column(dialog.report_model, "status") == ["Conflict"]
    assert column(dialog.report_model, "reason") == [
        "Zid's value changed since the last sync: resolve it in Pending changes"
    ]
    assert "open Pending changes" in dialog.report_page.push_note.text()
    assert remote(ui_sandbox, a.id, ca.location_id) == ca.quantity - 1  # the sale is kept
    dialog.reject()

    # goods removed at one fixed location (no location column)
    subtract = tmp_path / "removed.txt"
    b_loc = cb.location_id
    subtract.write_text(f"SKU\tQty\n{b.sku}\t2\n{c.sku}\t1\n", encoding="utf-8")
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    drop(dialog, subtract)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    assert dialog.format_page.delimiter.currentData() == "\t"
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.next_button)
    options = dialog.options_page
    assert not options.from_column.isEnabled() and options.fixed.isChecked()
    options.location.setCurrentIndex(options.location.findData(b_loc))
    pick(qtbot, options.modes["subtract"])
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)
    assert column(dialog.model, "status") == ["Changed", "Changed"]
    assert column(dialog.model, "change") == [
        isolate(f"{cb.quantity} → {cb.quantity - 2}"),
        isolate(f"{cc2.quantity} → {(cc2.quantity or 0) - 1}"),
    ]
    ui_sandbox.control.change_product(b.id, location_id=b_loc, quantity=1)  # sold meanwhile
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=60)
    assert column(dialog.report_model, "status") == ["Failed", "Applied"]
    assert column(dialog.report_model, "reason")[0] == (
        f"would make the stock negative ({isolate(-1)})"
    )
    assert remote(ui_sandbox, b.id, b_loc) == 1
    assert remote(ui_sandbox, c.id, b_loc) == (cc2.quantity or 0) - 1
    dialog.reject()


@pytest.mark.asyncio
async def test_offline_at_apply_keeps_the_batch_queued_and_says_so(
    demo_ctx: Any, ui_sandbox: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = demo_ctx
    path = tmp_path / "counts.csv"
    write_counts(path, ctx.cache)
    pending_before = ctx.pending_count()
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    await step_to_review(qtbot, dialog, path)
    ctx.engine.client.max_retries = 0  # fail fast: the fault below drops every write
    ui_sandbox.control.inject("drop", count=50, path_prefix="/v1/locations/", method="POST")
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=60)
    note = dialog.report_page.push_note.text()
    assert note.startswith("Not sent to Zid: Offline") and "stay queued" in note
    assert column(dialog.report_model, "status")[:2] == ["Queued", "Queued"]
    assert "Still queued: 2" in dialog.report_page.summary.text()
    assert ctx.pending_count() == pending_before + 2
    assert not ctx.online
    dialog.reject()


@pytest.mark.asyncio
async def test_an_excel_workbook_picks_its_sheet(demo_ctx: Any, qtbot: Any, tmp_path: Path) -> None:
    import openpyxl

    ctx = demo_ctx
    ((ref, cell),) = finite_cells(ctx.cache, 1)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws["A1"] = "nothing here"
    counts = wb.create_sheet("Counts")
    counts.append(["الباركود", "الكمية"])
    counts.append([ref.barcode or ref.sku, (cell.quantity or 0) + 3])
    path = tmp_path / "counts.xlsx"
    wb.save(path)
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    drop(dialog, path)
    await wait_until(lambda: dialog.step is Step.FORMAT)
    page = dialog.format_page
    assert page.sheet.isVisible() and not page.encoding.isVisible()
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["Notes", "Counts"]
    assert page.error.text() == "Only one column: is this the right sheet?"
    page.sheet.setCurrentIndex(1)
    await wait_until(lambda: not dialog.busy and page.model.columnCount() == 2)
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "الكمية"
    click(qtbot, dialog.next_button)
    field = "barcode" if ref.barcode else "sku"
    if field == "sku":
        dialog.mapping_page.set_field(0, "sku")
    assert [c.currentData() for c in dialog.mapping_page.combos] == [field, "quantity"]
    click(qtbot, dialog.next_button)
    options = dialog.options_page
    options.location.setCurrentIndex(options.location.findData(cell.location_id))
    click(qtbot, dialog.next_button)
    await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)
    assert column(dialog.model, "change") == [isolate(f"{cell.quantity} → {cell.quantity + 3}")]
    dialog.reject()


@pytest.mark.asyncio
async def test_browse_and_save_report_through_qt_file_dialogs(
    demo_ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    """Browse… and Save report as CSV… open non-blocking file dialogs (Qt's own here, never
    a native one) and act on the chosen file."""
    app = QApplication.instance()
    assert app is not None
    native = app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    try:
        ctx = demo_ctx
        path = tmp_path / "counts.csv"
        write_counts(path, ctx.cache)
        dialog = ImportWizard(ctx)
        qtbot.addWidget(dialog)
        dialog.show()
        click(qtbot, dialog.file_page.browse)
        chooser = dialog.findChild(QFileDialog, "browse_dialog")
        assert chooser is not None and chooser.isVisible() and chooser.isModal()
        chooser.selectFile(str(path))
        chooser.accept()
        await wait_until(lambda: dialog.step is Step.FORMAT)
        assert dialog.file_page.path.text() == str(path)
        click(qtbot, dialog.next_button)
        click(qtbot, dialog.next_button)
        click(qtbot, dialog.next_button)
        await wait_until(lambda: dialog.step is Step.REVIEW and not dialog.busy, timeout=30)
        click(qtbot, dialog.next_button)
        await wait_until(lambda: dialog.step is Step.REPORT and not dialog.busy, timeout=60)
        click(qtbot, dialog.report_page.save)
        saver = dialog.findChild(QFileDialog, "save_dialog")
        assert saver is not None and saver.isVisible()
        assert saver.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        out = tmp_path / "saved-report.csv"
        saver.selectFile(str(out))
        saver.accept()
        await wait_until(lambda: out.exists() and out.stat().st_size > 0)
        with out.open(encoding="utf-8-sig", newline="") as f:
            assert [r["result"] for r in csv.DictReader(f)] == [
                "applied",
                "applied",
                "unchanged",
                "invalid",
                "invalid",
            ]
        dialog.reject()
    finally:
        app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, native)


@pytest.mark.asyncio
async def test_every_kind_of_invalid_row_reads_in_arabic(
    arabic_ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    """The engine's reasons (English) are shown in Arabic, values kept and isolated."""
    ctx = arabic_ctx
    cache = ctx.cache
    refs = cache.products_by_ids(sorted(cache.product_ids()))
    parents = {r.parent_id for r in refs.values() if r.parent_id}
    infinite = next((r for r in refs.values() if r.is_infinite and r.sku), None)
    parent = next((refs[p] for p in sorted(parents) if refs[p].sku), None)
    (a, ca), (b, cb) = finite_cells(cache, 2)
    loc = cache.location(ca.location_id).name.ar
    rows = [
        ["SKU", "Barcode", "Qty", "Location"],
        ["NOPE-1", "", "1", loc],  # unknown SKU
        ["", "999000111", "1", loc],  # unknown barcode
        ["", "", "1", loc],  # neither
        [a.sku, "", "1", "Atlantis"],  # unknown location
        [a.sku, "", "abc", loc],  # not a number
        [a.sku, "", "3.5", loc],  # not a whole number
        [a.sku, "", "", loc],  # empty
        [a.sku, "", "-4", loc],  # negative count
        [a.sku, "", "1,200", loc],  # ambiguous separators
        [b.sku, "", "5", cache.location(cb.location_id).name.ar],  # duplicate counts differ
        [b.sku, "", "6", cache.location(cb.location_id).name.ar],
    ]
    assert infinite is not None and parent is not None  # the sandbox's seed data has both
    rows.append([infinite.sku, "", "3", loc])  # infinite stock is not counted
    rows.append([parent.sku, "", "3", loc])  # a product with variants
    path = tmp_path / "bad.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    await step_to_review(qtbot, dialog, path)
    assert dialog.plan is not None and dialog.plan.invalid == len(rows) - 1
    reasons = column(dialog.model, "reason")
    assert all(reasons), reasons
    english = english_left(reasons, set())
    assert not english, english
    assert reasons[0] == "رمز منتج غير معروف: " + isolate("NOPE-1")
    assert reasons[3] == "موقع غير معروف: " + isolate("Atlantis")
    assert reasons[8] == (
        "رقم ملتبس " + isolate("1,200") + " (آلاف أم كسور عشرية؟): اكتبه دون فواصل"
    )
    dialog.reject()


@pytest.mark.asyncio
async def test_closing_while_sending_goes_on_in_the_background(
    demo_ctx: Any, ui_sandbox: Any, qtbot: Any, tmp_path: Path
) -> None:
    ctx = demo_ctx
    path = tmp_path / "counts.csv"
    expect = write_counts(path, ctx.cache)
    messages: list[tuple[str, str]] = []
    ctx.message_posted.connect(lambda level, text, _action: messages.append((level, text)))
    dialog = ImportWizard(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    await step_to_review(qtbot, dialog, path)
    ui_sandbox.control.inject(
        "latency", count=1, path_prefix="/v1/locations/", method="POST", latency_ms=1000
    )
    click(qtbot, dialog.next_button)
    await wait_until(lambda: ui_sandbox.control.stats()["injected"].get("latency", 0) == 1)
    dialog.reject()  # Esc / the window's close button while sending
    assert not dialog.isVisible() and ctx.busy  # hidden; the push goes on
    assert messages[-1] == (
        "info",
        "The import goes on in the background: its progress is in the status bar.",
    )
    await wait_until(lambda: not ctx.busy, timeout=30)
    await wait_until(lambda: "finished" in messages[-1][1])
    assert messages[-1] == (
        "info",
        f"Import of {isolate(path.name)} finished: 2 applied, 0 conflicts, 0 failed,"
        " 0 still queued.",
    )
    for cell, value in expect["changed"]:
        assert remote(ui_sandbox, cell.product_id, cell.location_id) == value
