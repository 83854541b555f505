"""Reading tricky files: encodings, delimiters, line endings, quoting, workbooks."""

from __future__ import annotations

import codecs
import threading
from pathlib import Path

import openpyxl
import pytest

from zid_desk.importer import (
    ImportCancelled,
    ImportFileError,
    detect_delimiter,
    detect_encoding,
    iter_rows,
    preview,
    sniff,
)

ARABIC = (
    "رمز المنتج,الكمية,الموقع,اسم المنتج\n"
    "COF-1,5,المستودع الرئيسي,قهوة عربية\n"
    "TEA-2,7,فرع جدة,شاي أخضر ممتاز\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def cells(path: Path, **kw: str) -> list[tuple[int, list[str]]]:
    fmt = sniff(path, **kw)
    return [(r.line, r.cells) for r in iter_rows(path, fmt)]


@pytest.mark.parametrize(
    ("encoding", "data", "expected"),
    [
        ("utf-8", ARABIC.encode("utf-8"), "utf-8"),
        ("utf-8 BOM", codecs.BOM_UTF8 + ARABIC.encode("utf-8"), "utf-8-sig"),
        ("utf-16 LE BOM", ARABIC.encode("utf-16"), "utf-16"),
        ("utf-16 BE BOM", codecs.BOM_UTF16_BE + ARABIC.encode("utf-16-be"), "utf-16"),
        ("utf-16 LE no BOM", ARABIC.encode("utf-16-le"), "utf-16-le"),
        ("windows-1256", ARABIC.encode("cp1256"), "cp1256"),
        ("iso-8859-6", ARABIC.encode("iso8859-6"), "iso8859-6"),
    ],
)
def test_encodings_are_detected_and_decoded(
    tmp_path: Path, encoding: str, data: bytes, expected: str
) -> None:
    path = write(tmp_path, "f.csv", data)
    assert sniff(path).encoding == expected
    rows = cells(path)
    assert rows[0] == (1, ["رمز المنتج", "الكمية", "الموقع", "اسم المنتج"])
    assert rows[2] == (3, ["TEA-2", "7", "فرع جدة", "شاي أخضر ممتاز"])


@pytest.mark.parametrize(
    "text",
    [
        # words with the letters where the two code pages disagree (ل م ن ه و ي ى ف ق ك)
        "الاسم,الكمية\nحليب كامل الدسم,1\nمياه معدنية,2\nقهوة,3\n",
        "SKU,Name\nA1,ماء\nB2,هيل\nC3,ليمون\n",
        "SKU,Qty,Name\nX,1,مني\n",
    ],
)
def test_windows_1256_and_iso_8859_6_are_told_apart(tmp_path: Path, text: str) -> None:
    for enc in ("cp1256", "iso8859-6"):
        try:
            data = text.encode(enc)
        except UnicodeEncodeError:
            continue
        assert detect_encoding(data) == enc, enc
        path = write(tmp_path, f"{enc}.csv", data)
        assert [c for _, c in cells(path)][1:] == [
            line.split(",") for line in text.strip().split("\n")[1:]
        ]


def test_utf8_wins_when_valid_even_if_cut_mid_character() -> None:
    data = "اسم".encode() * 10
    assert detect_encoding(data[:-1]) == "utf-8"


@pytest.mark.parametrize("delim", [",", ";", "\t", "|"])
def test_delimiters(tmp_path: Path, delim: str) -> None:
    text = delim.join(["SKU", "Qty", "Location"]) + "\r\n" + delim.join(["A", "1", "Main"]) + "\r\n"
    path = write(tmp_path, "f.txt", text.encode())
    assert sniff(path).delimiter == delim
    assert cells(path) == [(1, ["SKU", "Qty", "Location"]), (2, ["A", "1", "Main"])]


def test_delimiter_with_quoted_separators_and_thousands() -> None:
    sample = 'SKU;Qty;Name\n"A,1";"1,200";"x, y"\nB;3;z\n'
    assert detect_delimiter(sample) == ";"


def test_crlf_quoted_newlines_blank_lines_trailing_columns(tmp_path: Path) -> None:
    text = (
        "SKU,Qty,Name,,\r\n"
        '\r\n'
        'A,1,"two\r\nlines",,\r\n'
        ",,,,\r\n"
        'B,2,"say ""hi""",,\r\n'
        "\r\n"
        "C,3\r\n"
    )
    path = write(tmp_path, "f.csv", text.encode())
    assert cells(path) == [
        (1, ["SKU", "Qty", "Name", "", ""]),
        (3, ["A", "1", "two\r\nlines", "", ""]),
        (6, ["B", "2", 'say "hi"', "", ""]),
        (8, ["C", "3"]),
    ]


def test_overrides_win_over_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "a;b,c\n1;2,3\n".encode("cp1256"))
    fmt = sniff(path, encoding="windows-1256", delimiter="semicolon")
    assert (fmt.encoding, fmt.delimiter) == ("cp1256", ";")
    assert [r.cells for r in iter_rows(path, fmt)] == [["a", "b,c"], ["1", "2,3"]]


def test_wrong_forced_encoding_is_a_clear_error(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", ("SKU,Qty\n" + "ا,1\n" * 5).encode("utf-8"))
    fmt = sniff(path, encoding="iso-8859-6")
    with pytest.raises(ImportFileError, match="not valid iso8859-6"):
        list(iter_rows(path, fmt))
    with pytest.raises(ImportFileError, match="unknown encoding"):
        sniff(path, encoding="klingon")


def test_utf16_read_as_utf8_hints_at_the_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "f.csv", "SKU,Qty\nA,1\n".encode("utf-16-le"))
    with pytest.raises(ImportFileError, match="UTF-16"):
        list(iter_rows(path, sniff(path, encoding="utf-8")))


def test_xlsx_first_or_named_sheet_numbers_and_offsets(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Notes"
    ws["A1"] = "nothing here"
    counts = wb.create_sheet("Counts")
    counts["B3"] = "الباركود"
    counts["C3"] = "الكمية"
    counts["B4"] = 6281000000011  # a barcode stored as a number
    counts["C4"] = 5
    counts["B6"] = "=HYPERLINK(\"x\")"
    counts["C6"] = 2.5
    path = tmp_path / "count.xlsx"
    wb.save(path)

    fmt = sniff(path, sheet="Counts")
    assert fmt.kind == "sheet" and fmt.sheets == ("Notes", "Counts")
    assert [(r.line, r.cells) for r in iter_rows(path, fmt)] == [
        (3, ["الباركود", "الكمية"]),
        (4, ["6281000000011", "5"]),
        (6, ["", "2.5"]),  # a formula cell is never evaluated (no cached value)
    ]
    assert sniff(path).sheet == "Notes"
    with pytest.raises(ImportFileError, match="no sheet named"):
        sniff(path, sheet="Missing")


def test_preview_gives_header_and_first_rows(tmp_path: Path) -> None:
    body = "SKU;Qty\n" + "".join(f"S{i};{i}\n" for i in range(100))
    path = write(tmp_path, "f.csv", body.encode("utf-16"))
    pv = preview(path, n=20)
    assert pv.header == ["SKU", "Qty"] and pv.header_line == 1
    assert len(pv.rows) == 20 and pv.rows[0].cells == ["S0", "0"] and pv.rows[-1].line == 21
    assert pv.format.encoding == "utf-16" and pv.format.delimiter == ";"


def test_reading_is_cancellable_and_reports_progress(tmp_path: Path) -> None:
    path = write(tmp_path, "big.csv", ("SKU,Qty\n" + "A,1\n" * 20000).encode())
    seen: list[tuple[int, int | None]] = []
    stop = threading.Event()

    def progress(done: int, total: int | None) -> None:
        seen.append((done, total))
        if len(seen) == 3:
            stop.set()

    with pytest.raises(ImportCancelled):
        list(iter_rows(path, sniff(path), progress=progress, cancelled=stop))
    assert len(seen) == 3 and seen[0][1] == path.stat().st_size and 0 < seen[0][0] <= seen[2][0]
    full: list[tuple[int, int | None]] = []
    rows = iter_rows(path, sniff(path), progress=lambda d, t: full.append((d, t)))
    assert sum(1 for _ in rows) == 20001
    assert full[-1] == (path.stat().st_size, path.stat().st_size)
