"""Search text normalisation shared by indexing and querying.

Both the indexed copy (`products.search_text`) and the user's query go through
`normalize()`, so users find "قهوة" whether they type "قهوه", "قَهوة" or "قهو":

- Arabic diacritics (tashkeel, U+064B..U+065F, superscript alef U+0670) and tatweel dropped;
- alef forms أ إ آ ٱ -> ا; ta marbuta ة -> ه; alef maqsura ى -> ي; ؤ -> و, ئ -> ي;
- Arabic-Indic and Persian digits -> ASCII (a scanner on an Arabic layout types ٤٢٦٣٢٦);
- NFKC (presentation forms) and case folding; Latin diacritics are left to FTS5's
  `unicode61 remove_diacritics 2` tokenizer.
"""

from __future__ import annotations

import re
import unicodedata

_ARABIC_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ـ": None,  # tatweel
        **{chr(0x0660 + i): str(i) for i in range(10)},  # Arabic-Indic digits
        **{chr(0x06F0 + i): str(i) for i in range(10)},  # Extended (Persian) digits
    }
)
_TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed]")
_TOKEN = re.compile(r"\w+", re.UNICODE)


def normalize_digits(text: str) -> str:
    """Arabic-Indic / Persian digits -> ASCII digits (nothing else changes)."""
    return text.translate(
        {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}
    )


def normalize(text: str | None) -> str:
    """The normalised, case-folded form used for search and name sorting."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _TASHKEEL.sub("", text)
    return text.translate(_ARABIC_MAP).casefold()


def code_key(code: str | None) -> str:
    """The key SKUs and barcodes are matched on: digits normalised, trimmed, case-folded."""
    if not code:
        return ""
    return normalize_digits(unicodedata.normalize("NFKC", code)).strip().casefold()


def search_document(*parts: str | None) -> str:
    """The text indexed by FTS for one product."""
    return " ".join(normalize(p) for p in parts if p)


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for search-as-you-type: every token must match as a prefix.
    None when the text has no searchable token."""
    tokens = _TOKEN.findall(normalize(text))
    if not tokens:
        return None
    return " ".join(f'"{t}"*' for t in tokens)


_ASCII_WORD = re.compile(r"[0-9a-z]+")


def sku_matches_are_name_matches(text: str) -> bool:
    """True when every product whose SKU key starts with `code_key(text)` also matches
    `fts_query(text)`, so the SKU part of a search adds nothing to its FTS part.

    Holds when the query is one ASCII word W (letters/digits) and the code key starts with
    W ("z", "zd", "zd-", "6281"): the SKU is in the FTS document (`search_document(ar, en,
    sku)`), a SKU key starting with W starts the SKU's first token with W (ASCII letters and
    digits are token characters for both Python's \\w and FTS5's unicode61, and normalize()
    and code_key() agree on them), and `"W"*` matches every token starting with W."""
    tokens = _TOKEN.findall(normalize(text))
    return (
        len(tokens) == 1
        and _ASCII_WORD.fullmatch(tokens[0]) is not None
        and code_key(text).startswith(tokens[0])
    )


def prefix_upper_bound(prefix: str) -> str:
    """`key >= prefix AND key < prefix_upper_bound(prefix)` is an index range for a prefix."""
    return prefix + "\U0010ffff"
