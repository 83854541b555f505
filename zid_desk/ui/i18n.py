"""UI language: translators (ours + Qt's own qtbase), layout direction and locale.

The layout direction follows the APP language, not the OS (set explicitly on every switch;
qt-stack-notes §4c). Translators are kept referenced here: a collected QTranslator silently
stops translating."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QIcon, QTransform
from PySide6.QtWidgets import QApplication, QStyle, QWidget

import zid_desk
from zid_desk.settings import Settings

log = logging.getLogger(__name__)

LANGUAGES = ("ar", "en")
I18N_DIR = Path(zid_desk.__file__).resolve().parents[1] / "i18n"
APP_QM = "zid_desk_{lang}.qm"

_installed: list[QTranslator] = []


def system_language() -> str:
    return "ar" if QLocale.system().language() == QLocale.Language.Arabic else "en"


def resolve_language(requested: str | None, settings: Settings) -> str:
    """--lang beats the setting, which beats the OS locale."""
    for candidate in (requested, settings.language):
        if candidate in LANGUAGES:
            return str(candidate)
    return system_language()


def is_rtl(lang: str) -> bool:
    return lang == "ar"


def locale_for(lang: str) -> QLocale:
    """Digits policy: Western digits everywhere (counts, prices, dates), as Zid's own
    dashboard shows them and as scanners and CSV files produce them. CLDR's ar_SA uses
    Arabic-Indic digits, so the Arabic UI formats with Gulf Arabic ar_AE (same month
    names and AM/PM words, Western digits). Input accepts both digit sets."""
    if lang == "ar":
        return QLocale(QLocale.Language.Arabic, QLocale.Country.UnitedArabEmirates)
    return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def install_language(app: QApplication, lang: str) -> bool:
    """Install the translators for `lang` (removing earlier ones) and set the direction.
    Returns False when our Arabic catalogue is missing (run i18n/build.py)."""
    for tr in _installed:
        QCoreApplication.removeTranslator(tr)
    _installed.clear()
    ok = True
    if lang != "en":
        qt_tr = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt_tr.load(f"qtbase_{lang}", qt_dir):
            QCoreApplication.installTranslator(qt_tr)
            _installed.append(qt_tr)
        else:
            log.warning("Qt's own %s translations not found in %s", lang, qt_dir)
        ours = QTranslator()
        path = I18N_DIR / APP_QM.format(lang=lang)
        if ours.load(str(path)):
            QCoreApplication.installTranslator(ours)
            _installed.append(ours)
        else:
            log.warning("UI translations not found: %s (run i18n/build.py)", path)
            ok = False
    QLocale.setDefault(locale_for(lang))
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if is_rtl(lang) else Qt.LayoutDirection.LeftToRight
    )
    return ok


# ---- icons ------------------------------------------------------------------------------
# Qt mirrors layouts, not pixels. Directional icons (back/forward, undo/redo, "reverse")
# must point the other way in RTL; all others (sync, push, search, logos) stay as they are.
_DIRECTIONAL = {
    "back": QStyle.StandardPixmap.SP_ArrowBack,  # Qt picks left/right by layout direction
    "forward": QStyle.StandardPixmap.SP_ArrowForward,
    "undo": QStyle.StandardPixmap.SP_ArrowBack,
    "redo": QStyle.StandardPixmap.SP_ArrowForward,
}


def directional_icon(kind: str, widget: QWidget | None = None) -> QIcon:
    """An icon that points the reading direction's way: "back", "forward", "undo", "redo"."""
    style = widget.style() if widget is not None else QApplication.style()
    return style.standardIcon(_DIRECTIONAL[kind])


def mirrored(icon: QIcon, size: int = 32) -> QIcon:
    """A horizontally flipped copy of a (custom) directional icon when the UI is RTL."""
    if QApplication.layoutDirection() != Qt.LayoutDirection.RightToLeft:
        return icon
    pixmap = icon.pixmap(size, size)
    flipped = pixmap.transformed(QTransform().scale(-1, 1))
    return QIcon(flipped)
