"""Which column holds what: recognise English and Arabic headers, apply the user's
overrides, and remember a mapping for files with the same header row.

Remembered mappings live in `Settings.extra["import_mappings"]`, keyed by a hash of the
normalised header row. The functions here take and return that dict; the caller saves the
settings (a dry run never does).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from zid_desk.cache.text import normalize

FIELDS = ("sku", "barcode", "quantity", "location", "name")
IGNORE = "ignore"
SETTINGS_KEY = "import_mappings"
MAX_REMEMBERED = 50

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "sku": (
        "sku",
        "sku code",
        "skucode",
        "product sku",
        "item sku",
        "sku id",
        "code",
        "product code",
        "item code",
        "رمز المنتج",
        "الرمز",
        "رمز",
        "كود",
        "كود المنتج",
        "رمز الصنف",
        "كود الصنف",
        "sku رمز المنتج",
    ),
    "barcode": (
        "barcode",
        "bar code",
        "barcode number",
        "ean",
        "ean13",
        "upc",
        "gtin",
        "الباركود",
        "باركود",
        "رقم الباركود",
    ),
    "quantity": (
        "quantity",
        "qty",
        "count",
        "stock",
        "available quantity",
        "available qty",
        "on hand",
        "الكمية",
        "العدد",
        "الكمية المتوفرة",
        "الكمية المتاحة",
        "كمية",
        "المخزون",
    ),
    "location": (
        "location",
        "location id",
        "location name",
        "warehouse",
        "branch",
        "store location",
        "inventory location",
        "الموقع",
        "المستودع",
        "الفرع",
        "المخزن",
        "موقع المخزون",
    ),
    "name": (
        "name",
        "product name",
        "product",
        "item name",
        "title",
        "الاسم",
        "اسم المنتج",
        "المنتج",
        "اسم الصنف",
        "الصنف",
    ),
}


def header_norm(text: str) -> str:
    """Case, spacing, punctuation and Arabic diacritics/letter-form insensitive."""
    t = normalize(text.replace("\ufeff", ""))
    t = re.sub(r"[\s_\-.:#*()\[\]/|\\]+", " ", t)
    return t.strip()


_LOOKUP: dict[str, str] = {
    header_norm(word): fieldname for fieldname, words in _SYNONYMS.items() for word in words
}


def recognise(header_cell: str) -> str | None:
    """The field a header names, if any ("Qty" -> "quantity", "الكمية" -> "quantity");
    bilingual headers such as "SKU / رمز المنتج" are recognised by either part."""
    key = header_norm(header_cell)
    if not key:
        return None
    if key in _LOOKUP:
        return _LOOKUP[key]
    for part in re.split(r"[/|()\[\]]", normalize(header_cell)):
        hit = _LOOKUP.get(header_norm(part))
        if hit:
            return hit
    return None


@dataclass
class ColumnMapping:
    """Column index (0-based) -> field. Unmapped columns are ignored."""

    columns: dict[int, str] = field(default_factory=dict)

    def index_of(self, fieldname: str) -> int | None:
        for index, name in self.columns.items():
            if name == fieldname:
                return index
        return None

    def missing(self) -> list[str]:
        """What still has to be mapped before an import can run (location is optional:
        a fixed location can stand in for it)."""
        fields = set(self.columns.values())
        out = []
        if "sku" not in fields and "barcode" not in fields:
            out.append("sku or barcode")
        if "quantity" not in fields:
            out.append("quantity")
        return out

    def describe(self, header: Sequence[str]) -> dict[str, str]:
        return {
            (header[i] if i < len(header) and header[i] else f"column {i + 1}"): name
            for i, name in sorted(self.columns.items())
        }


def auto_map(header: Sequence[str]) -> ColumnMapping:
    """Map each recognised header to its field (the first column wins a field)."""
    columns: dict[int, str] = {}
    taken: set[str] = set()
    for index, cell in enumerate(header):
        name = recognise(cell)
        if name and name not in taken:
            columns[index] = name
            taken.add(name)
    return ColumnMapping(columns)


def parse_override(text: str) -> tuple[str, str]:
    """ "COLUMN=FIELD" -> (column, field); FIELD is a field name or "ignore"."""
    column, sep, target = text.rpartition("=")
    target = target.strip().lower()
    if not sep or not column.strip():
        raise ValueError(f"expected COLUMN=FIELD, got {text!r}")
    if target not in (*FIELDS, IGNORE):
        raise ValueError(f"unknown field {target!r}: use one of {', '.join((*FIELDS, IGNORE))}")
    return column.strip(), target


def find_column(header: Sequence[str], column: str) -> int:
    """A column by its header text (normalised) or 1-based number."""
    key = header_norm(column)
    for index, cell in enumerate(header):
        if header_norm(cell) == key:
            return index
    if column.strip().isdigit() and 1 <= int(column) <= max(len(header), 1):
        return int(column) - 1
    raise ValueError(f"no column {column!r} in the header ({', '.join(h for h in header if h)})")


def apply_overrides(
    mapping: ColumnMapping, header: Sequence[str], overrides: Iterable[str | tuple[str, str]]
) -> ColumnMapping:
    """A new mapping with the user's choices applied; mapping a field to a column takes the
    field away from any other column."""
    columns = dict(mapping.columns)
    for item in overrides:
        column, target = parse_override(item) if isinstance(item, str) else item
        index = find_column(header, column)
        if target == IGNORE:
            columns.pop(index, None)
            continue
        for other, name in list(columns.items()):
            if name == target:
                del columns[other]
        columns[index] = target
    return ColumnMapping(columns)


def header_key(header: Sequence[str]) -> str:
    """The remembered-mapping key: a hash of the normalised header row."""
    norm = "\x1f".join(header_norm(h) for h in header).rstrip("\x1f")
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:24]


def remembered(extra: Mapping[str, Any], header: Sequence[str]) -> ColumnMapping | None:
    """The mapping saved for files with this header row, if any."""
    saved = (extra.get(SETTINGS_KEY) or {}).get(header_key(header))
    if not isinstance(saved, dict):
        return None
    columns = {
        int(k): v
        for k, v in (saved.get("columns") or {}).items()
        if str(k).isdigit() and v in FIELDS and int(k) < len(header)
    }
    return ColumnMapping(columns)


def remember(
    extra: Mapping[str, Any], header: Sequence[str], mapping: ColumnMapping
) -> dict[str, Any]:
    """A copy of `extra` with this mapping saved for this header row (most recent last,
    at most MAX_REMEMBERED kept). The caller stores it in Settings.extra and saves."""
    out = dict(extra)
    saved = dict(out.get(SETTINGS_KEY) or {})
    key = header_key(header)
    saved.pop(key, None)
    saved[key] = {
        "header": list(header),
        "columns": {str(i): name for i, name in sorted(mapping.columns.items())},
    }
    while len(saved) > MAX_REMEMBERED:
        saved.pop(next(iter(saved)))
    out[SETTINGS_KEY] = saved
    return out


def choose_mapping(
    header: Sequence[str],
    extra: Mapping[str, Any] | None = None,
    overrides: Iterable[str | tuple[str, str]] = (),
) -> ColumnMapping:
    """Remembered mapping for this header if any, else recognised headers; then overrides."""
    base = (remembered(extra, header) if extra else None) or auto_map(header)
    return apply_overrides(base, header, overrides)
