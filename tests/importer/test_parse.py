"""Quantities as typed in Arabic and English spreadsheets."""

from __future__ import annotations

import pytest

from zid_desk.importer import QuantityError, parse_quantity


@pytest.mark.parametrize(
    ("text", "value", "sign"),
    [
        ("5", 5, ""),
        ("  12 ", 12, ""),
        ("٤٢", 42, ""),  # Arabic-Indic
        ("۱۲۳", 123, ""),  # Extended Arabic-Indic (Persian)
        ("١٬٢٠٠", 1200, ""),  # Arabic thousands separator
        ("1 200", 1200, ""),
        ("1\u00a0200", 1200, ""),  # NBSP
        ("1\u202f200", 1200, ""),  # narrow NBSP
        ("1,200,300", 1200300, ""),  # a repeated separator can only group thousands
        ("1.200.300", 1200300, ""),
        ("1,200.00", 1200, ""),
        ("1.200,00", 1200, ""),
        ("12.00", 12, ""),
        ("12٫0", 12, ""),  # Arabic decimal separator
        ("0,000", 0, ""),  # both readings agree
        ("+5", 5, "+"),
        ("-5", -5, "-"),
        ("−7", -7, "-"),  # Unicode minus
        ("\u200f-3\u200f", -3, "-"),  # bidi marks around a number
        ("- 4", -4, "-"),
        ("١٠-".replace("-", ""), 10, ""),
    ],
)
def test_accepted(text: str, value: int, sign: str) -> None:
    q = parse_quantity(text)
    assert (q.value, q.sign) == (value, sign)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty quantity"),
        ("   ", "empty quantity"),
        ("12.5", "not a whole number"),
        ("1,5", "not a whole number"),
        ("1,200.50", "not a whole number"),
        ("1,200", "ambiguous number"),  # 1200 or 1.2?
        ("1.500", "ambiguous number"),
        ("abc", "not a number"),
        ("=5+1", "not a number"),  # formulas are data, never evaluated
        ("=SUM(A1:A3)", "not a number"),
        ("@A1", "not a number"),
        ("1e3", "not a number"),
        ("12 34", "not a number"),  # not groups of three
        ("--5", "not a number"),
    ],
)
def test_rejected_with_reason(text: str, reason: str) -> None:
    with pytest.raises(QuantityError, match=reason):
        parse_quantity(text)


@pytest.mark.parametrize("word", ["infinite", "Unlimited", "∞", "غير محدود"])
def test_infinite_word(word: str) -> None:
    assert parse_quantity(word).infinite
