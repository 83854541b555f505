"""Bundled fonts (Noto Sans + Noto Sans Arabic, OFL, resources/fonts/) so Arabic renders on
machines with no Arabic font. Load before creating any window."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

import zid_desk

log = logging.getLogger(__name__)

RESOURCES = Path(zid_desk.__file__).resolve().parents[1] / "resources"
FONTS_DIR = RESOURCES / "fonts"
FONT_FILES = ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
APP_FAMILIES = ["Noto Sans", "Noto Sans Arabic"]
FONT_LICENSE = FONTS_DIR / "OFL.txt"

_loaded: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Register the bundled fonts once; returns the families that were registered."""
    if _loaded:
        return list(_loaded)
    for name in FONT_FILES:
        path = FONTS_DIR / name
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load bundled font %s", path)
            continue
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in _loaded:
                _loaded.append(family)
    return list(_loaded)


def apply_app_font(app: QApplication) -> None:
    """Latin text in Noto Sans, Arabic in Noto Sans Arabic, at the platform's size."""
    load_bundled_fonts()
    font = QFont(app.font())
    font.setFamilies(APP_FAMILIES)
    app.setFont(font)
