"""Reading stock files: `.csv`/`.txt` in any of the encodings merchants' tools write, and
`.xlsx` (also `.xlsm`, `.xls`, `.ods`) through python-calamine.

Text files stream: rows are decoded and split lazily, so a 100,000-row file never sits in
memory as text. Each row carries its 1-based line number (the line the record starts on; a
quoted field may span lines) or, for workbooks, its sheet row number.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import threading
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import charset_normalizer

Progress = Callable[[int, "int | None"], None]
Cancelled = Callable[[], bool] | threading.Event

SNIFF_BYTES = 64 * 1024
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
DELIMITERS = (",", ";", "\t", "|")
#: The encodings detection chooses among (anything Python knows can be forced).
CANDIDATE_ENCODINGS = ("utf_8", "cp1256", "iso8859_6")
ENCODING_NAMES = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-8-bom": "utf-8-sig",
    "utf-16": "utf-16",
    "utf-16le": "utf-16-le",
    "utf-16-le": "utf-16-le",
    "utf-16be": "utf-16-be",
    "utf-16-be": "utf-16-be",
    "windows-1256": "cp1256",
    "cp1256": "cp1256",
    "iso-8859-6": "iso8859-6",
    "iso8859-6": "iso8859-6",
    "arabic": "iso8859-6",
}
_CHECK_EVERY = 2000


class ImportFileError(Exception):
    """A file we cannot read as asked; the message says what to do."""


class ImportCancelled(Exception):
    """The user cancelled a long step."""


def is_cancelled(cancelled: Cancelled | None) -> bool:
    if cancelled is None:
        return False
    if isinstance(cancelled, threading.Event):
        return cancelled.is_set()
    return bool(cancelled())


def check_cancelled(cancelled: Cancelled | None) -> None:
    if is_cancelled(cancelled):
        raise ImportCancelled("import cancelled")


@dataclass(frozen=True, slots=True)
class FileFormat:
    """How to read a file; `sniff()` fills in what the user did not choose."""

    kind: str  # "csv" or "sheet"
    encoding: str | None = None  # csv: Python codec name
    delimiter: str | None = None  # csv
    sheet: str | None = None  # workbook: sheet name (None: the first)
    sheets: tuple[str, ...] = ()  # workbook: all sheet names (for the dialog)


@dataclass(frozen=True, slots=True)
class SourceRow:
    line: int  # 1-based line (csv) or row (sheet) number
    cells: list[str]


@dataclass
class Preview:
    format: FileFormat
    header: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    header_line: int = 1


def normalise_encoding_name(name: str) -> str:
    key = name.strip().lower().replace("_", "-")
    if key in ENCODING_NAMES:
        return ENCODING_NAMES[key]
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise ImportFileError(f"unknown encoding {name!r}") from None


def normalise_delimiter(value: str) -> str:
    names = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}
    d = names.get(value.lower(), value)
    if len(d) != 1:
        raise ImportFileError(f"the delimiter must be one character, not {value!r}")
    return d


# ----------------------------------------------------------------------------- detection


def detect_encoding(data: bytes) -> str:
    """The codec for a file starting with `data` (a prefix: a cut multibyte character at the
    end is fine). BOMs win; then valid UTF-8; then charset-normalizer among the Arabic code
    pages, with a tie-break for Windows-1256 vs ISO-8859-6 (see `_arabic_penalty`)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    even, odd = data[0:4000:2], data[1:4000:2]
    if len(data) >= 4 and odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
        return "utf-16-le"  # UTF-16 without a BOM: ASCII's zero high bytes give it away
    if len(data) >= 4 and even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
        return "utf-16-be"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = [enc for enc in ("cp1256", "iso8859-6") if _decodes(data, enc)]
    if not candidates:
        return "cp1256"
    if len(candidates) == 1:
        return candidates[0]
    best = charset_normalizer.from_bytes(data, cp_isolation=list(CANDIDATE_ENCODINGS)).best()
    guess = best.encoding.replace("_", "-") if best is not None else "cp1256"
    if guess not in candidates:
        guess = "cp1256"
    other = candidates[1] if guess == candidates[0] else candidates[0]
    if _arabic_penalty(data, other) < _arabic_penalty(data, guess):
        return other
    return guess


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
        return True
    except UnicodeDecodeError:
        return False


_LATIN_ACCENTED = re.compile("[\u00c0-\u00ff]")
_HARAKAT = re.compile("[\u064b-\u0652]")


def _arabic_penalty(data: bytes, encoding: str) -> int:
    """How implausible a decoding is for an Arabic stock file. Both code pages share the
    Arabic letters at 0xC1-0xDA but differ above: ISO-8859-6 text read as Windows-1256 sprouts
    Latin accented letters (ç è ê for ه و ي), while Windows-1256 text read as ISO-8859-6
    turns ي ى into tashkeel marks, which spreadsheets of SKUs and counts almost never hold."""
    text = data.decode(encoding)
    return len(_LATIN_ACCENTED.findall(text)) + len(_HARAKAT.findall(text))


def detect_delimiter(sample: str) -> str:
    """Comma, semicolon, tab or pipe: csv.Sniffer on the sample, checked against counts
    (the delimiter appears the same number of times on most of the first lines)."""
    lines = [ln for ln in sample.splitlines() if ln.strip()][:50]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last line of a prefix may be cut
    try:
        sniffed: str | None = (
            csv.Sniffer().sniff("\n".join(lines), delimiters="".join(DELIMITERS)).delimiter
        )
    except csv.Error:
        sniffed = None
    scores: dict[str, tuple[int, int]] = {}
    for d in DELIMITERS:
        counts = [_count_outside_quotes(ln, d) for ln in lines]
        if not counts or counts[0] == 0:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        scores[d] = (consistent, counts[0])
    if sniffed in scores:
        return sniffed
    if scores:
        return max(scores, key=lambda d: scores[d])
    return ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def sniff(
    path: str | Path,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> FileFormat:
    """Work out how to read `path`; given values are kept (overrides)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"no such file: {path}")
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return _sniff_sheet(path, sheet)
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    enc = normalise_encoding_name(encoding) if encoding else detect_encoding(head)
    if delimiter:
        delim = normalise_delimiter(delimiter)
    else:
        try:
            text = codecs.getincrementaldecoder(enc)(errors="replace").decode(head, final=False)
        except LookupError:
            raise ImportFileError(f"unknown encoding {enc!r}") from None
        delim = detect_delimiter(text.lstrip("\ufeff"))
    return FileFormat(kind="csv", encoding=enc, delimiter=delim)


def _open_workbook(path: Path) -> Any:
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for unreadable workbooks
        raise ImportFileError(f"cannot read the workbook {path.name}: {exc}") from exc


def _sniff_sheet(path: Path, sheet: str | None) -> FileFormat:
    wb = _open_workbook(path)
    try:
        names = tuple(wb.sheet_names)
    finally:
        wb.close()
    if not names:
        raise ImportFileError(f"the workbook {path.name} has no sheets")
    if sheet is not None and sheet not in names:
        raise ImportFileError(
            f"no sheet named {sheet!r} in {path.name} (sheets: {', '.join(names)})"
        )
    return FileFormat(kind="sheet", sheet=sheet or names[0], sheets=names)


# ----------------------------------------------------------------------------- reading


def iter_rows(
    path: str | Path,
    fmt: FileFormat,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Generator[SourceRow, None, None]:
    """Every non-blank row of the file, header included, lazily. `progress(done, total)` is
    in bytes for text files and rows for workbooks."""
    path = Path(path)
    if fmt.kind == "sheet":
        yield from _iter_sheet(path, fmt, progress, cancelled)
    else:
        yield from _iter_csv(path, fmt, progress, cancelled)


def _iter_csv(
    path: Path, fmt: FileFormat, progress: Progress | None, cancelled: Cancelled | None
) -> Iterator[SourceRow]:
    encoding = fmt.encoding or "utf-8"
    total = path.stat().st_size
    raw = path.open("rb")
    try:
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        reader = csv.reader(text, delimiter=fmt.delimiter or ",", quotechar='"', strict=False)
        last_line = 0
        n = 0
        try:
            for cells in reader:
                start, last_line = last_line + 1, reader.line_num
                n += 1
                if n % _CHECK_EVERY == 0:
                    check_cancelled(cancelled)
                    if progress is not None:
                        progress(raw.tell(), total)
                if n == 1:
                    if any("\x00" in c for c in cells):
                        raise ImportFileError(
                            f"the file does not look like {encoding} text (NUL characters):"
                            " is it UTF-16? choose the encoding"
                        )
                    if cells and cells[0].startswith("\ufeff"):
                        cells[0] = cells[0][1:]  # a BOM the chosen codec did not eat
                if not any(c.strip() for c in cells):
                    continue  # blank line (or only delimiters)
                yield SourceRow(start, cells)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"the file is not valid {encoding} (near line {last_line + 1}): choose another"
                " encoding"
            ) from exc
        except csv.Error as exc:
            hint = " (is it UTF-16? choose the encoding)" if "NUL" in str(exc) else ""
            raise ImportFileError(f"cannot read line {last_line + 1}: {exc}{hint}") from exc
        if progress is not None:
            progress(total, total)
    finally:
        raw.close()


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV would hold (5.0 -> "5", big barcodes whole)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**63:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _iter_sheet(
    path: Path, fmt: FileFormat, progress: Progress | None, cancelled: Cancelled | None
) -> Iterator[SourceRow]:
    wb = _open_workbook(path)
    try:
        try:
            sheet = wb.get_sheet_by_name(fmt.sheet) if fmt.sheet else wb.get_sheet_by_index(0)
        except Exception as exc:
            raise ImportFileError(f"cannot open sheet {fmt.sheet!r}: {exc}") from exc
        total = int(sheet.total_height)
        for index, values in enumerate(sheet.iter_rows()):
            if index % _CHECK_EVERY == 0:
                check_cancelled(cancelled)
                if progress is not None:
                    progress(index, total)
            cells = [cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                yield SourceRow(index + 1, cells)
        if progress is not None:
            progress(total, total)
    finally:
        wb.close()


def preview(
    path: str | Path,
    n: int = 20,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Preview:
    """The detected format, the header row and the first `n` data rows (for the dialog)."""
    fmt = sniff(path, encoding, delimiter, sheet)
    rows = iter_rows(path, fmt)
    try:
        first = next(rows, None)
        if first is None:
            return Preview(format=fmt, header=[])
        out: list[SourceRow] = []
        for row in rows:
            out.append(row)
            if len(out) >= n:
                break
        return Preview(format=fmt, header=first.cells, rows=out, header_line=first.line)
    finally:
        rows.close()


def with_overrides(fmt: FileFormat, **changes: Any) -> FileFormat:
    return replace(fmt, **{k: v for k, v in changes.items() if v is not None})
