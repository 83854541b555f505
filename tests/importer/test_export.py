"""Export: what it writes, the import reads back unchanged (issue 6), in both languages and
every format; formula-looking values are neutralised in CSV and kept as text in .xlsx."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from zid_desk.cache import Cache
from zid_desk.importer import (
    CatalogSnapshot,
    ExportError,
    build_plan,
    choose_mapping,
    export_stock,
    preview,
)
from zid_desk.importer.read import ImportCancelled

from .conftest import MAIN

FORMATS = [("csv", True), ("csv", False), ("xlsx", True)]


@pytest.mark.parametrize("location", [None, MAIN], ids=["all", "one"])
@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize(("suffix", "excel"), FORMATS, ids=["excel-csv", "plain-csv", "xlsx"])
def test_an_export_imports_back_unchanged(
    cache: Cache, snapshot: CatalogSnapshot, tmp_path: Path, suffix: str, excel: bool,
    lang: str, location: str | None,
) -> None:
    out = tmp_path / f"stock.{suffix}"
    result = export_stock(cache, out, location=location, lang=lang, excel=excel)
    assert result.path == out and result.format == suffix
    if suffix == "csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf") is excel
    found = preview(out)
    mapping = choose_mapping(found.header)
    plan = build_plan(out, snapshot, found.format, mapping, mode="set")
    assert len(plan.rows) == result.rows > 0
    problems = [(r.row, r.reason) for r in plan.rows if r.reason]
    assert plan.changed == 0 and plan.invalid == 0, problems
    assert plan.unchanged == result.rows and not plan.changes


def test_csv_neutralises_formulas_and_xlsx_keeps_them_as_text(
    cache: Cache, tmp_path: Path
) -> None:
    export_stock(cache, tmp_path / "s.csv", lang="en", excel=True)
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["SKU", "Barcode", "Name", "Location", "Quantity"]
    formula = next(r for r in rows if "SUM" in r[0])
    assert formula[:2] == ["'=SUM(A1)", "'+966"]
    export_stock(cache, tmp_path / "s.xlsx", lang="en")
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    assert sheet is not None
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
    assert cells["=SUM(A1)"] == "s" and cells["+966"] == "s"  # strings, never formulas


def test_one_location_lists_every_stockable_product_in_the_ui_language(
    cache: Cache, tmp_path: Path
) -> None:
    out = tmp_path / "main.csv"
    export_stock(cache, out, location="المستودع الرئيسي", lang="ar", excel=False)
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["رمز المنتج", "الباركود", "اسم المنتج", "الموقع", "الكمية"]
    skus = {r[0] for r in rows[1:]}
    assert "SHIRT" not in skus and "SHIRT-M" in skus  # a parent has no stock of its own
    assert {r[3] for r in rows[1:]} == {"المستودع الرئيسي"}
    assert {r[0]: r[4] for r in rows[1:]}["GIFT"] == "غير محدود"


def test_unknown_location_and_cancel_leave_no_file(cache: Cache, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError):
        export_stock(cache, out / "x.csv", location="nowhere")
    with pytest.raises(ImportCancelled):
        export_stock(cache, out / "y.xlsx", cancelled=lambda: True)
    assert not list(out.iterdir())
