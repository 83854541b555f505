"""Sign-in dialog: the Zid app's credentials and callback, then OAuth in the system browser.
The sign-in URL is always shown with a Copy button (on many machines no browser opens).
Also the sign-out question (keep the cache or not)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from zid_desk.api.errors import ZidError
from zid_desk.settings import Settings
from zid_desk.ui.context import AppContext
from zid_desk.ui.jobs import JobHandle, execute_dialog

log = logging.getLogger(__name__)


def _ltr(edit: QLineEdit) -> QLineEdit:
    """URLs, ids and secrets read left to right even in the Arabic UI."""
    edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    return edit


class SignInDialog(QDialog):
    signed_in = Signal(str)  # store id

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("sign_in_dialog")
        self.setWindowTitle(self.tr("Sign in to Zid"))
        self.timeout = 300.0
        self.task: asyncio.Task[Any] | None = None
        settings = ctx.settings
        intro = QLabel(
            self.tr(
                "Enter the credentials of your Zid app (Zid Partner Dashboard), then sign in"
                " in your browser. The callback URL must match the one registered for the app"
                " exactly."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.client_id = _ltr(QLineEdit(settings.client_id, self))
        self.client_id.setObjectName("client_id")
        self.client_secret = _ltr(QLineEdit(self))
        self.client_secret.setObjectName("client_secret")
        self.client_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.client_secret.setPlaceholderText(self.tr("Kept in the system keyring"))
        self.redirect_uri = _ltr(QLineEdit(settings.redirect_uri, self))
        self.redirect_uri.setObjectName("redirect_uri")
        self.redirect_uri.setPlaceholderText("http://127.0.0.1:53682/callback")
        self.port = QSpinBox(self)
        self.port.setObjectName("callback_port")
        self.port.setRange(1024, 65535)
        self.port.setValue(int(settings.callback_port))
        form = QFormLayout()
        form.addRow(self.tr("Client ID"), self.client_id)
        form.addRow(self.tr("Client secret"), self.client_secret)
        form.addRow(self.tr("Callback URL"), self.redirect_uri)
        form.addRow(self.tr("Callback port"), self.port)

        self.url_label = QLabel(
            self.tr("If no browser opens, copy this address into a browser:"), self
        )
        self.url_label.setWordWrap(True)
        self.url = _ltr(QLineEdit(self))
        self.url.setObjectName("sign_in_url")
        self.url.setReadOnly(True)
        self.copy_button = QPushButton(self.tr("Copy"), self)
        self.copy_button.setObjectName("copy_url")
        self.copy_button.clicked.connect(self.copy_url)
        self.open_button = QPushButton(self.tr("Open browser"), self)
        self.open_button.setObjectName("open_browser")
        self.open_button.clicked.connect(lambda: self.open_browser(self.url.text()))
        url_row = QHBoxLayout()
        url_row.addWidget(self.url, 1)
        url_row.addWidget(self.copy_button)
        url_row.addWidget(self.open_button)
        self._set_url_visible(False)

        self.status = QLabel(self)
        self.status.setObjectName("sign_in_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setObjectName("sign_in_button")
        self.sign_in_button.setDefault(True)
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.sign_in_button.clicked.connect(self.start)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.url_label)
        layout.addLayout(url_row)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.resize(560, 0)

    # ---- URL --------------------------------------------------------------------------
    def _set_url_visible(self, visible: bool) -> None:
        for w in (self.url_label, self.url, self.copy_button, self.open_button):
            w.setVisible(visible)

    def show_url(self, url: str) -> None:
        self.url.setText(url)
        self.url.setCursorPosition(0)
        self._set_url_visible(True)
        self.status.setText(self.tr("Waiting for you to approve access in the browser…"))

    def copy_url(self) -> None:
        QGuiApplication.clipboard().setText(self.url.text())
        self.status.setText(self.tr("Address copied: paste it into your browser."))

    def open_browser(self, url: str) -> bool:
        if not url:
            return False
        opened = QDesktopServices.openUrl(QUrl(url))
        if not opened:
            self.status.setText(
                self.tr("No browser could be opened here: copy the address into a browser.")
            )
        return bool(opened)

    # ---- the flow ---------------------------------------------------------------------
    def settings_from_form(self) -> Settings:
        settings = self.ctx.settings
        settings.client_id = self.client_id.text().strip()
        settings.redirect_uri = self.redirect_uri.text().strip()
        settings.callback_port = int(self.port.value())
        return settings

    def start(self) -> asyncio.Task[Any] | None:
        if self.task is not None and not self.task.done():
            return self.task
        settings = self.settings_from_form()
        self.ctx.save_settings()
        secret = self.client_secret.text()
        self.sign_in_button.setEnabled(False)
        self.status.setText(self.tr("Starting the sign-in…"))
        self.task = self.ctx.run(self.tr("Signing in"), lambda h: self._flow(h, settings, secret))
        return self.task

    async def _flow(self, h: JobHandle, settings: Settings, secret: str) -> str | None:
        from zid_desk.auth.oauth import sign_in
        from zid_desk.auth.session import save_sign_in
        from zid_desk.auth.token_store import TokenStore

        try:
            if not secret and settings.client_id:
                stored = await asyncio.to_thread(
                    TokenStore().load_client_secret, settings.client_id
                )
                secret = stored or ""
            if self.ctx.http is None:
                raise RuntimeError("no HTTP client")
            result = await sign_in(
                http=self.ctx.http,
                settings=settings,
                client_secret=secret,
                open_browser=self.open_browser,
                on_url=self.show_url,
                timeout=self.timeout,
                lang=self.ctx.lang,
            )
            save_sign_in(self.ctx.profile, settings, result)
            await self.ctx.open_store()
        except ZidError as exc:
            self.status.setText(self.error_text(exc))
            self.sign_in_button.setEnabled(True)
            return None
        except asyncio.CancelledError:
            self.sign_in_button.setEnabled(True)
            raise
        if result.warning:
            self.ctx.message_posted.emit("warning", self._no_keyring_text(), "")
        self.signed_in.emit(result.profile.store_id)
        self.accept()
        self.ctx.start_sync()
        return result.profile.store_id

    def _no_keyring_text(self) -> str:
        return self.tr(
            "No secure storage (keyring) is available: you stay signed in only until Zid Desk"
            " closes."
        )

    def error_text(self, exc: ZidError) -> str:
        reason = getattr(exc, "reason", "")
        if reason == "port_busy":
            return self.tr(
                "The callback port %1 is in use by another program: close it, or choose"
                " another port (and register the matching callback URL with Zid)."
            ).replace("%1", str(self.port.value()))
        if reason == "timeout":
            return self.tr("Nobody approved the sign-in within 5 minutes: try again.")
        if reason == "denied":
            return self.tr("Access was not approved in the browser: sign in again and approve.")
        if reason == "state_mismatch":
            return self.tr(
                "The browser answered for another sign-in attempt (wrong state): try again."
            )
        if reason == "bad_callback":
            return self.tr("The browser came back without a sign-in code: try again.")
        if reason == "config":
            return self.tr(
                "Fill in the client ID, client secret and a callback URL with a port, as"
                " registered in the Zid Partner Dashboard."
            )
        return self.ctx.error_text(exc)

    def reject(self) -> None:
        if self.task is not None and not self.task.done():
            self.task.cancel()
        super().reject()


async def ask_sign_out(ctx: AppContext, parent: QWidget | None = None) -> bool:
    """Ask whether to keep the cache (and the queued edits in it), then sign out."""
    box = QMessageBox(parent)
    box.setObjectName("sign_out_box")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("SignOutQuestion", "Sign out"))
    box.setText(QCoreApplication.translate("SignOutQuestion", "Sign out of this store?"))
    pending = ctx.pending_count()
    info = QCoreApplication.translate(
        "SignOutQuestion",
        "Keep the cached data to browse offline and to keep your queued edits for the next"
        " sign-in. Deleting it removes the local copy of this store.",
    )
    if pending:
        info += "\n" + QCoreApplication.translate(
            "SignOutQuestion", "%1 edits are not pushed yet."
        ).replace("%1", str(pending))
    box.setInformativeText(info)
    keep = box.addButton(
        QCoreApplication.translate("SignOutQuestion", "Sign out, keep data"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    keep.setObjectName("keep_cache")
    delete = box.addButton(
        QCoreApplication.translate("SignOutQuestion", "Sign out, delete data"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    delete.setObjectName("delete_cache")
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    await execute_dialog(box)
    clicked = box.clickedButton()
    box.deleteLater()
    if clicked is None or clicked is cancel:
        return False
    await ctx.sign_out(keep_cache=clicked is keep)
    ctx.message_posted.emit("info", QCoreApplication.translate("SignOutQuestion", "Signed out"), "")
    return True
