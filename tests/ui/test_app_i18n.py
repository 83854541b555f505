"""The Arabic catalogue is complete: every tr() string under zid_desk/ui is in
i18n/zid_desk_ar.ts with a real translation, placeholders kept, and it compiles."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from .conftest import AR_TS, ROOT, ensure_qm

ARABIC = re.compile(r"[\u0600-\u06FF]")
PLACEHOLDER = re.compile(r"%\d|%n")


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message
    return out


def placeholders(text: str, numerus: bool) -> set[str]:
    """%1, %2... must survive translation; %n may be left out of a numerus form (Arabic
    says "one edit" and "two edits" without the number)."""
    found = set(PLACEHOLDER.findall(text))
    return found - {"%n"} if numerus else found


def translations(message: ET.Element) -> list[str]:
    tr = message.find("translation")
    assert tr is not None
    forms = [f.text or "" for f in tr.iter("numerusform")]
    return forms or [tr.text or ""]


def test_every_message_is_translated_by_hand() -> None:
    found = messages(AR_TS)
    assert len(found) > 50
    problems = []
    for (context, source), message in found.items():
        numerus = message.get("numerus") == "yes"
        tr = message.find("translation")
        assert tr is not None
        if tr.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{context}: {source!r} is {tr.get('type')}")
            continue
        for text in translations(message):
            if not text.strip():
                problems.append(f"{context}: {source!r} has an empty translation")
            elif not ARABIC.search(text):
                problems.append(f"{context}: {source!r} -> {text!r} has no Arabic")
            elif placeholders(source, numerus) != placeholders(text, numerus):
                problems.append(f"{context}: {source!r} -> {text!r} loses a placeholder")
    assert not problems, "\n".join(problems)


def test_every_tr_string_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """Run lupdate over zid_desk/ui into a fresh catalogue: nothing it finds may be missing
    from the committed one (someone added a string and forgot `i18n/build.py --update`)."""
    fresh = tmp_path / "fresh_ar.ts"
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    sources = sorted(str(p) for p in (ROOT / "zid_desk" / "ui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), "-locations", "none", *sources, "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    in_code = set(messages(fresh))
    assert len(in_code) > 50
    committed = set(messages(AR_TS))
    missing = sorted(in_code - committed)
    assert not missing, "run `python i18n/build.py --update` and translate:\n" + "\n".join(
        f"{c}: {s!r}" for c, s in missing
    )


def test_catalogue_compiles_and_loads() -> None:
    ensure_qm()
    tr = QTranslator()
    assert tr.load(str(AR_TS.with_suffix(".qm")))
    assert tr.translate("MainWindow", "Stock") == "المخزون"
    assert tr.language().startswith("ar")
