"""Settings: language, low-stock threshold, and the connection to Zid (API/OAuth base,
client id, callback URL and port). Saved to the profile's settings.json (no secrets)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from zid_desk.ui.context import AppContext


class SettingsDialog(QDialog):
    language_chosen = Signal(str)  # after saving, when changed: "ar", "en" or "" (system)
    connection_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("settings_dialog")
        self.setWindowTitle(self.tr("Settings"))
        s = ctx.settings

        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem(self.tr("Same as the system"), "")
        self.language.addItem("العربية", "ar")  # languages in their own names
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.threshold = QSpinBox(self)
        self.threshold.setObjectName("low_stock_threshold")
        self.threshold.setRange(0, 1_000_000)
        self.threshold.setValue(int(s.low_stock_threshold))
        general = QGroupBox(self.tr("General"), self)
        general_form = QFormLayout(general)
        general_form.addRow(self.tr("Language"), self.language)
        general_form.addRow(self.tr("Low stock at or below"), self.threshold)

        def ltr(text: str, name: str) -> QLineEdit:
            edit = QLineEdit(text, self)
            edit.setObjectName(name)
            edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
            return edit

        self.api_base = ltr(s.api_base, "api_base")
        self.oauth_base = ltr(s.oauth_base, "oauth_base")
        self.client_id = ltr(s.client_id, "client_id")
        self.redirect_uri = ltr(s.redirect_uri, "redirect_uri")
        self.redirect_uri.setPlaceholderText("http://127.0.0.1:53682/callback")
        self.port = QSpinBox(self)
        self.port.setObjectName("callback_port")
        self.port.setRange(1024, 65535)
        self.port.setValue(int(s.callback_port))
        connection = QGroupBox(self.tr("Connection to Zid"), self)
        conn_form = QFormLayout(connection)
        conn_form.addRow(self.tr("API address"), self.api_base)
        conn_form.addRow(self.tr("Sign-in address"), self.oauth_base)
        conn_form.addRow(self.tr("Client ID"), self.client_id)
        conn_form.addRow(self.tr("Callback URL"), self.redirect_uri)
        conn_form.addRow(self.tr("Callback port"), self.port)
        note = QLabel(
            self.tr(
                "The callback URL must be exactly the one registered for the app in the Zid"
                " Partner Dashboard: either %1 or a hosted relay page that forwards to that"
                " port."
            ).replace("%1", "\n\u2066http://127.0.0.1:<port>/callback\u2069\n"),
            self,
        )
        note.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(general)
        layout.addWidget(connection)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(560, 0)

    def accept(self) -> None:
        s = self.ctx.settings
        old_language = s.language
        old_connection = (s.api_base, s.oauth_base, s.client_id, s.redirect_uri, s.callback_port)
        s.language = str(self.language.currentData() or "")
        s.low_stock_threshold = int(self.threshold.value())
        s.api_base = self.api_base.text().strip().rstrip("/") or s.api_base
        s.oauth_base = self.oauth_base.text().strip().rstrip("/") or s.oauth_base
        s.client_id = self.client_id.text().strip()
        s.redirect_uri = self.redirect_uri.text().strip()
        s.callback_port = int(self.port.value())
        self.ctx.save_settings()
        super().accept()
        self.ctx.cache_changed.emit()  # the low-stock filter may have changed
        if (s.api_base, s.oauth_base, s.client_id, s.redirect_uri, s.callback_port) != (
            old_connection
        ):
            self.connection_changed.emit()
        if s.language != old_language:
            self.language_chosen.emit(s.language)  # "" = follow the system
