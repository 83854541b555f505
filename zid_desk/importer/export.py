"""Stock export to CSV or .xlsx, in a shape the importer reads back unchanged.

One row per product x location (long format): SKU, Barcode, Name, Location, Quantity, with
headers in the UI language. For one location every stockable product is listed (0 where it
has no stock record), so the file doubles as a count sheet. Infinite stock is written as
the word "infinite" / "غير محدود", which the importer understands in set mode.

Formula injection: CSV text cells starting with `=`, `+`, `-`, `@` (or tab/CR) get a `'`
prefix; the importer strips that prefix again. In .xlsx every text cell is written as a
string cell (never a formula), so no prefix is needed there. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zid_desk.cache import Cache
from zid_desk.domain.models import display_name
from zid_desk.importer.neutral import neutralise
from zid_desk.importer.read import Cancelled, Progress, check_cancelled
from zid_desk.importer.snapshot import AMBIGUOUS, load_snapshot

HEADERS = {
    "en": ("SKU", "Barcode", "Name", "Location", "Quantity"),
    "ar": ("رمز المنتج", "الباركود", "اسم المنتج", "الموقع", "الكمية"),
}
INFINITE_WORD = {"en": "infinite", "ar": "غير محدود"}
_CHECK_EVERY = 2000


class ExportError(Exception):
    """An export we cannot do (unknown location); the message says what to do."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    rows: int
    format: str  # "csv" or "xlsx"


def _rows(
    cache: Cache, location_id: str | None, lang: str
) -> Iterator[tuple[str, str, str, str, int | str]]:
    snap = load_snapshot(cache, include_products=False)
    labels: dict[str, str] = {}
    for loc in snap.locations.values():
        label = loc.name(lang)
        if not label or snap.location_keys.get(_norm(label)) != loc.id:
            label = loc.id  # unnamed or a name shared by several locations: the id
        labels[loc.id] = label
    infinite = INFINITE_WORD.get(lang, "infinite")
    sort = "p.sort_ar" if lang == "ar" else "p.sort_en"
    not_parent = "p.id NOT IN (SELECT parent_id FROM products WHERE parent_id IS NOT NULL)"
    conn = cache.connection()
    if location_id is None:
        sql = (
            "SELECT p.sku, p.barcode, p.name_ar, p.name_en, s.location_id,"
            " s.available_quantity, s.is_infinite"
            " FROM stocks s JOIN products p ON p.id = s.product_id"
            " JOIN locations l ON l.id = s.location_id"
            f" WHERE {not_parent}"
            f" ORDER BY l.position, l.name_en, l.id, {sort}, p.sku, p.id"
        )
        params: tuple[Any, ...] = ()
    else:
        sql = (
            "SELECT p.sku, p.barcode, p.name_ar, p.name_en, ?,"
            " s.available_quantity, coalesce(s.is_infinite, p.is_infinite AND s.product_id"
            " IS NULL)"
            " FROM products p LEFT JOIN stocks s ON s.product_id = p.id AND s.location_id = ?"
            f" WHERE {not_parent} ORDER BY {sort}, p.sku, p.id"
        )
        params = (location_id, location_id)
    for sku, barcode, ar, en, lid, qty, inf in conn.execute(sql, params):
        name = display_name(lang, ar, en)
        quantity: int | str = infinite if inf else (qty or 0)
        yield sku, barcode, name, labels.get(lid, lid), quantity


def _norm(text: str) -> str:
    from zid_desk.importer.mapping import header_norm

    return header_norm(text)


def resolve_location(cache: Cache, location: str) -> str:
    snap = load_snapshot(cache, include_products=False)
    lid, reason = snap.location_for(location)
    if lid is None or lid == AMBIGUOUS:
        raise ExportError(reason)
    return lid


def export_stock(
    cache: Cache,
    path: str | Path,
    *,
    location: str | None = None,
    lang: str = "en",
    excel: bool = True,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ExportResult:
    """Write the stock to `path` (.xlsx by suffix, else CSV). `location`: id or name (None:
    all locations). `excel`: CSV in UTF-8 with BOM (Excel then shows Arabic); plain: no BOM.
    The file is written next to its final name and renamed, so a cancel leaves nothing."""
    path = Path(path)
    lang = "ar" if lang == "ar" else "en"
    location_id = resolve_location(cache, location) if location else None
    check_cancelled(cancelled)  # then every few thousand rows while writing
    total = int(
        cache.connection()
        .execute(
            "SELECT count(*) FROM stocks"
            if location_id is None
            else "SELECT count(*) FROM products"
        )
        .fetchone()[0]
    )
    tmp = path.with_name(f".{path.name}.part")
    is_xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    try:
        rows = _rows(cache, location_id, lang)
        if is_xlsx:
            n = _write_xlsx(tmp, HEADERS[lang], rows, total, progress, cancelled)
        else:
            n = _write_csv(tmp, HEADERS[lang], rows, excel, total, progress, cancelled)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return ExportResult(path, n, "xlsx" if is_xlsx else "csv")


def _tick(n: int, total: int, progress: Progress | None, cancelled: Cancelled | None) -> None:
    if n % _CHECK_EVERY == 0:
        check_cancelled(cancelled)
        if progress is not None:
            progress(n, total)


def _write_csv(
    path: Path,
    header: tuple[str, ...],
    rows: Iterator[tuple[str, str, str, str, int | str]],
    excel: bool,
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    n = 0
    with path.open("w", encoding="utf-8-sig" if excel else "utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n" if excel else "\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([neutralise(v) if isinstance(v, str) else v for v in row])
            n += 1
            _tick(n, total, progress, cancelled)
    if progress is not None:
        progress(n, total)
    return n


def _write_xlsx(
    path: Path,
    header: tuple[str, ...],
    rows: Iterator[tuple[str, str, str, str, int | str]],
    total: int,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Stock")
    if header[0] != "SKU":
        ws.sheet_view.rightToLeft = True

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"  # a string cell: "=..." is shown, never evaluated
        return cell

    ws.append([text(h) for h in header])
    n = 0
    for row in rows:
        ws.append([text(v) if isinstance(v, str) else v for v in row])
        n += 1
        _tick(n, total, progress, cancelled)
    wb.save(path)
    if progress is not None:
        progress(n, total)
    return n
