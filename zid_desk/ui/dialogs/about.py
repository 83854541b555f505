"""About: version, the app's licence and the bundled fonts' licence."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from zid_desk import __version__
from zid_desk.ui.fonts import FONT_LICENSE


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Zid Desk"))
        title = QLabel(
            self.tr("Zid Desk %1").replace("%1", "\u2066" + __version__ + "\u2069"), self
        )
        title.setObjectName("about_title")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            self.tr(
                "Stock and orders of your Zid store on the desktop, in Arabic and English,"
                " online and offline."
            ),
            self,
        )
        text.setWordWrap(True)
        licence = QLabel(self.tr("Licence: MIT."), self)
        fonts = QLabel(
            self.tr(
                "Fonts: Noto Sans and Noto Sans Arabic, \u00a9 Google, under the SIL Open Font"
                " License 1.1:"
            ),
            self,
        )
        fonts.setWordWrap(True)
        ofl = QPlainTextEdit(self)
        ofl.setObjectName("font_licence")
        ofl.setReadOnly(True)
        ofl.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # the licence text is English
        try:
            ofl.setPlainText(FONT_LICENSE.read_text(encoding="utf-8"))
        except OSError:
            ofl.setPlainText("SIL Open Font License 1.1: https://openfontlicense.org")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        for w in (title, text, licence, fonts, ofl, buttons):
            layout.addWidget(w)
        self.resize(520, 460)
