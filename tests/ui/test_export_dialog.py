"""File > Export stock… (Ctrl+E) against the sandbox: the chosen location and format reach
the file, headers follow the UI language, and the file imports back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from conftest import wait_until
from PySide6.QtCore import Qt

from zid_desk.importer import build_plan, choose_mapping, load_snapshot, preview
from zid_desk.ui.dialogs.export import ExportDialog

from .conftest import close_context, make_demo_context


def open_export(ctx: Any, qtbot: Any) -> tuple[Any, ExportDialog]:
    from zid_desk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.export_action.isEnabled()
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    window.export_action.trigger()
    dialog = window.findChild(ExportDialog, "export_dialog")
    assert dialog is not None and dialog.isVisible()
    return window, dialog


def export_and_wait(dialog: ExportDialog, qtbot: Any) -> list[tuple[str, int]]:
    """Click Export; the returned list fills when the file is written (the dialog then
    closes and is deleted)."""
    done: list[tuple[str, int]] = []
    dialog.exported.connect(lambda path, rows: done.append((path, rows)))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    return done


def read_csv(path: Path, encoding: str) -> list[list[str]]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.reader(f))


@pytest.mark.asyncio
async def test_export_one_location_as_plain_csv_and_import_it_back(
    demo_ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    window, dialog = open_export(demo_ctx, qtbot)
    location = demo_ctx.cache.locations()[1]
    dialog.location.setCurrentIndex(dialog.location.findData(location.id))
    qtbot.mouseClick(dialog.plain_csv, Qt.MouseButton.LeftButton)
    assert dialog.path.text().endswith(".csv")  # the suffix follows the format
    out = tmp_path / "count-sheet.csv"
    dialog.path.setText(str(out))
    done = export_and_wait(dialog, qtbot)
    await wait_until(lambda: bool(done), timeout=20)
    assert out.read_bytes()[:3] != b"\xef\xbb\xbf"  # plain: no BOM
    rows = read_csv(out, "utf-8")
    assert done == [(str(out), len(rows) - 1)]
    assert rows[0] == ["SKU", "Barcode", "Name", "Location", "Quantity"]
    assert {r[3] for r in rows[1:]} == {location.name_en}
    stockable = demo_ctx.cache.connection().execute(
        "SELECT count(*) FROM products WHERE id NOT IN"
        " (SELECT parent_id FROM products WHERE parent_id IS NOT NULL)"
    ).fetchone()[0]
    assert len(rows) - 1 == stockable  # a count sheet: every stockable product, 0 if none
    assert window.message_bar.isVisible()
    snapshot = load_snapshot(demo_ctx.cache)
    found = preview(out)
    plan = build_plan(out, snapshot, found.format, choose_mapping(found.header), mode="set")
    assert plan.changed == 0 and plan.invalid == 0 and plan.unchanged == len(rows) - 1


@pytest.mark.asyncio
async def test_export_in_arabic_writes_arabic_headers_for_excel(
    ui_sandbox: Any, ui_profile: Any, arabic: str, qtbot: Any, tmp_path: Path
) -> None:
    ctx = await make_demo_context(ui_profile, ui_sandbox, lang="ar")
    try:
        _window, dialog = open_export(ctx, qtbot)
        assert dialog.isRightToLeft()
        assert dialog.windowTitle() == "تصدير المخزون"
        qtbot.mouseClick(dialog.excel_csv, Qt.MouseButton.LeftButton)
        out = tmp_path / "مخزون.csv"
        dialog.path.setText(str(out))
        done = export_and_wait(dialog, qtbot)
        await wait_until(lambda: bool(done), timeout=20)
        assert out.read_bytes()[:3] == b"\xef\xbb\xbf"  # Excel shows Arabic
        rows = read_csv(out, "utf-8-sig")
        assert rows[0] == ["رمز المنتج", "الباركود", "اسم المنتج", "الموقع", "الكمية"]
        names = {loc.name_ar for loc in ctx.cache.locations()}
        assert {r[3] for r in rows[1:]} <= names
    finally:
        await close_context(ctx)


@pytest.mark.asyncio
async def test_an_unwritable_path_is_said_in_the_dialog(
    demo_ctx: Any, qtbot: Any, tmp_path: Path
) -> None:
    _window, dialog = open_export(demo_ctx, qtbot)
    dialog.path.setText(str(tmp_path / "no-such-folder" / "stock.csv"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    await wait_until(lambda: dialog.task is None and dialog.status.text().startswith("Could"))
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    dialog.cancel_button.click()
    assert not dialog.isVisible()
