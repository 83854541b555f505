"""Header recognition, overrides and remembered mappings."""

from __future__ import annotations

import pytest

from zid_desk.importer import (
    ColumnMapping,
    apply_overrides,
    auto_map,
    choose_mapping,
    header_key,
    recognise,
    remember,
    remembered,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("SKU", "sku"),
        (" sku code ", "sku"),
        ("Sku_Code", "sku"),
        ("رمز المنتج", "sku"),
        ("الرمز", "sku"),
        ("Barcode", "barcode"),
        ("الباركود", "barcode"),
        ("باركود", "barcode"),
        ("Quantity", "quantity"),
        ("QTY", "quantity"),
        ("الكمية", "quantity"),
        ("الكميه", "quantity"),  # ta marbuta written as ha
        ("الكَمِّيَّة", "quantity"),  # with diacritics
        ("العدد", "quantity"),
        ("Location", "location"),
        ("الموقع", "location"),
        ("المستودع", "location"),
        ("الفرع", "location"),
        ("Name", "name"),
        ("اسم المنتج", "name"),
        ("إسم المنتج", "name"),  # hamza under alef
        ("SKU / رمز المنتج", "sku"),  # bilingual header
        ("Quantity (الكمية)", "quantity"),
        ("Price", None),
        ("", None),
    ],
)
def test_recognise(header: str, field: str | None) -> None:
    assert recognise(header) == field


def test_auto_map_first_column_wins_and_unknown_columns_are_ignored() -> None:
    header = ["رمز المنتج", "السعر", "الكمية", "Qty", "الموقع", ""]
    assert auto_map(header).columns == {0: "sku", 2: "quantity", 4: "location"}
    assert auto_map(["Price", "Qty"]).missing() == ["sku or barcode"]
    assert auto_map(["SKU"]).missing() == ["quantity"]


def test_overrides_by_name_or_number_and_ignore() -> None:
    header = ["Code", "Stock", "Count", "Branch"]
    m = auto_map(header)
    assert m.columns == {0: "sku", 1: "quantity", 3: "location"}
    m = apply_overrides(m, header, ["count=quantity", "4=ignore", "CODE=barcode"])
    assert m.columns == {0: "barcode", 2: "quantity"}
    with pytest.raises(ValueError, match="no column"):
        apply_overrides(m, header, ["Nope=sku"])
    with pytest.raises(ValueError, match="unknown field"):
        apply_overrides(m, header, ["Code=price"])
    with pytest.raises(ValueError, match="COLUMN=FIELD"):
        apply_overrides(m, header, ["Code"])


def test_remembered_mapping_for_the_same_header() -> None:
    header = ["Item", "On shelf", "Where"]
    mapping = ColumnMapping({0: "sku", 1: "quantity", 2: "location"})
    extra = {"window": {"w": 1}}
    saved = remember(extra, header, mapping)
    assert extra == {"window": {"w": 1}}  # the input is not modified
    assert saved["window"] == {"w": 1}
    # same header modulo case and spacing -> same key
    assert header_key(["ITEM ", "on  shelf", "where"]) == header_key(header)
    assert remembered(saved, ["ITEM ", "on  shelf", "where"]) == mapping
    assert remembered(saved, ["Other", "On shelf", "Where"]) is None
    assert choose_mapping(header, saved).columns == mapping.columns
    assert choose_mapping(header, saved, ["Where=ignore"]).columns == {0: "sku", 1: "quantity"}
    assert choose_mapping(header, {}).columns == {}
