"""Quantities as people type them in spreadsheets, in Arabic and English.

Accepted: ASCII, Arabic-Indic (٠-٩) and Extended Arabic-Indic (۰-۹) digits; thousands
separators (Arabic ٬ always; spaces, NBSP and thin spaces between groups of three; `,` or
`.` only when the reading is unambiguous); surrounding spaces and bidi marks; a leading sign
(`+`, `-`, the Unicode minus `−`) for add/subtract files; decimals whose fraction is zero
("12.00"). Everything is data: "=5+1" or "@x" is simply not a number, never evaluated.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: The word a cell may hold for infinite stock (what the export writes for it).
INFINITE_WORDS = frozenset({"infinite", "unlimited", "∞", "غير محدود", "لا نهائي", "غير محدوده"})

_DIGITS = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
_TRANSLATE = _DIGITS | {
    0x066B: ".",  # Arabic decimal separator
    0x066C: "_",  # Arabic thousands separator -> unambiguous group mark
    0x2212: "-",  # minus sign
    0xFE63: "-",
    0xFF0D: "-",
    0x2010: "-",
    0x2011: "-",
    0x00A0: "_",  # spaces inside a number group digits
    0x202F: "_",
    0x2009: "_",
    0x2007: "_",
    0x0020: "_",
    0x0027: "_",  # 1'200 (Swiss style)
    0x200E: None,  # bidi marks Excel and Arabic systems scatter around numbers
    0x200F: None,
    0x061C: None,
    0x202A: None,
    0x202B: None,
    0x202C: None,
    0x202D: None,
    0x202E: None,
    0x2066: None,
    0x2067: None,
    0x2068: None,
    0x2069: None,
    0xFEFF: None,
}
_GROUPED = re.compile(r"\d{1,3}(?:_\d{3})+")
_PLAIN = re.compile(r"\d+")
_STRIP = " \t\r\n\u00a0\u202f\u2009\u2007\u200e\u200f\u061c\ufeff"


class QuantityError(ValueError):
    """A cell that is not a usable quantity; `str(err)` is the reason shown to the user."""


@dataclass(frozen=True, slots=True)
class Quantity:
    value: int | None  # None: the infinite word
    sign: str  # "", "+" or "-" as written

    @property
    def infinite(self) -> bool:
        return self.value is None


def parse_quantity(text: str | None) -> Quantity:
    """Read one quantity cell; raises QuantityError with the reason."""
    raw = (text or "").strip(_STRIP)
    if not raw:
        raise QuantityError("empty quantity")
    if raw.isascii() and raw.isdigit():  # fast path: the overwhelmingly common case
        return Quantity(int(raw), "")
    s = unicodedata.normalize("NFKC", raw).translate(_TRANSLATE).strip("_")
    if s.casefold() in INFINITE_WORDS or raw.casefold() in INFINITE_WORDS:
        return Quantity(None, "")
    sign = ""
    if s[:1] in "+-":
        sign, s = s[0], s[1:].lstrip("_")
    value = _unsigned(s, raw)
    return Quantity(-value if sign == "-" else value, sign)


def _unsigned(s: str, raw: str) -> int:
    if _PLAIN.fullmatch(s):
        return int(s)
    if "," in s and "." in s:  # both: the last one is the decimal separator
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        whole, _, frac = s.rpartition(dec)
        return _whole(_grouped(whole.replace(thou, "_"), raw), frac, raw)
    for sep in ",.":
        if sep in s:
            parts = s.split(sep)
            if len(parts) > 2:  # 1,200,300: a repeated separator can only group thousands
                return _grouped(s.replace(sep, "_"), raw)
            whole, frac = parts
            if _GROUPED.fullmatch(f"{whole}_{frac}"):  # 1,200 or 1.200: also reads as 1.2
                if frac.strip("0") or whole.strip("0"):
                    raise QuantityError(
                        f"ambiguous number {raw!r} (thousands or decimals?): write it"
                        " without separators"
                    )
                return 0
            return _whole(_grouped(whole or "0", raw), frac, raw)
    return _grouped(s, raw)


def _grouped(s: str, raw: str) -> int:
    if _PLAIN.fullmatch(s):
        return int(s)
    if _GROUPED.fullmatch(s):
        return int(s.replace("_", ""))
    raise QuantityError(f"not a number: {raw!r}")


def _whole(whole: int, frac: str, raw: str) -> int:
    if frac and not _PLAIN.fullmatch(frac):
        raise QuantityError(f"not a number: {raw!r}")
    if frac.strip("0"):
        raise QuantityError(f"not a whole number: {raw!r}")
    return whole
