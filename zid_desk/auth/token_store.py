"""Tokens and the app's client secret in the OS keyring (never in files).

One keyring entry per store holds its tokens as a small JSON object, so another process
never reads a half-written set. Keyring calls can block (D-Bus prompts): they are plain
blocking methods here, and async callers run them with `asyncio.to_thread`.

With no usable keyring backend (common on Linux without a desktop session) the store
says so (`secure` is False, `warning` explains) and keeps secrets in this process's
memory only. It never falls back to a plain file. `PYTHON_KEYRING_BACKEND` is honoured
by keyring itself; nothing here overrides the backend.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading

import keyring
import keyring.backends.null
import keyring.errors

from zid_desk.domain import Tokens
from zid_desk.logs import register_secret

log = logging.getLogger(__name__)

SERVICE = "zid-desk"

NO_KEYRING_WARNING = (
    "No secure password storage (keyring) is available on this computer, so the sign-in is "
    "kept in memory for this session only and will be lost when Zid Desk closes. "
    "Start a desktop session with a keyring (e.g. GNOME Keyring or KWallet) or set "
    "PYTHON_KEYRING_BACKEND to a working backend to stay signed in."
)

# Secrets of this process when no keyring works: shared by every TokenStore so that the
# CLI, the sign-in dialog and the sync engine see the same session. Never written to disk.
_memory: dict[tuple[str, str], str] = {}
_memory_lock = threading.Lock()


def _tokens_key(store_id: str) -> str:
    return f"tokens:{store_id}"


def _secret_key(client_id: str) -> str:
    return f"client-secret:{client_id}"


class TokenStore:
    """Per-store tokens and per-app client secret under the keyring service "zid-desk"."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service
        self._secure: bool | None = None  # probed lazily (the probe itself may block)
        self.warning = ""

    # -- backend state -------------------------------------------------------------------
    @property
    def secure(self) -> bool:
        """True when a keyring backend works; False means memory-only for this process."""
        if self._secure is None:
            try:
                if isinstance(keyring.get_keyring(), keyring.backends.null.Keyring):
                    # accepts every secret and keeps none: a sign-in would vanish silently
                    raise keyring.errors.NoKeyringError("the null keyring stores nothing")
                keyring.get_password(self.service, "probe")
            except keyring.errors.KeyringError as exc:
                self._degrade(exc)
            else:
                self._secure = True
        return bool(self._secure)

    def _degrade(self, exc: Exception) -> None:
        if self._secure is not False:
            log.warning("keyring unavailable (%s): secrets kept in memory only", type(exc).__name__)
        self._secure = False
        self.warning = NO_KEYRING_WARNING

    # -- raw entries ---------------------------------------------------------------------
    def _get(self, key: str) -> str | None:
        if self.secure:
            try:
                return keyring.get_password(self.service, key)
            except keyring.errors.KeyringError as exc:
                self._degrade(exc)
        with _memory_lock:
            return _memory.get((self.service, key))

    def _set(self, key: str, value: str) -> None:
        if self.secure:
            try:
                keyring.set_password(self.service, key, value)
                return
            except keyring.errors.KeyringError as exc:
                self._degrade(exc)
        with _memory_lock:
            _memory[(self.service, key)] = value

    def _delete(self, key: str) -> None:
        with _memory_lock:
            _memory.pop((self.service, key), None)
        if self.secure:
            try:
                keyring.delete_password(self.service, key)
            except keyring.errors.PasswordDeleteError:
                pass  # nothing stored: already signed out
            except keyring.errors.KeyringError as exc:
                self._degrade(exc)

    # -- tokens --------------------------------------------------------------------------
    # Real Zid tokens add up to a few kilobytes, more than some backends take in one entry
    # (Windows Credential Manager: 2,560 bytes). Long values are split into chunks under a
    # fresh generation id; the store's main entry is written last and names that
    # generation, so a reader in another process sees the old set or the new one, never a mix.
    CHUNK = 1000

    def _read_chunked(self, key: str) -> str | None:
        for _attempt in range(3):
            head = self._get(key)
            if not head or not head.startswith("chunks:"):
                return head
            try:
                _, gen, count = head.split(":")
                parts = [self._get(f"{key}#{gen}.{i}") for i in range(int(count))]
            except ValueError:
                return None
            if all(part is not None for part in parts):
                return "".join(part or "" for part in parts)
            # a concurrent save replaced this generation: read the new head
        return None

    def _write_chunked(self, key: str, value: str) -> None:
        old_head = self._get(key)
        if len(value) <= self.CHUNK:
            self._set(key, value)
        else:
            gen = secrets.token_hex(4)
            parts = [value[i : i + self.CHUNK] for i in range(0, len(value), self.CHUNK)]
            for i, part in enumerate(parts):
                self._set(f"{key}#{gen}.{i}", part)
            self._set(key, f"chunks:{gen}:{len(parts)}")
        self._delete_chunks(key, old_head)

    def _delete_chunks(self, key: str, head: str | None) -> None:
        if head and head.startswith("chunks:"):
            try:
                _, gen, count = head.split(":")
                n = int(count)
            except ValueError:
                return
            for i in range(n):
                self._delete(f"{key}#{gen}.{i}")

    def load(self, store_id: str) -> Tokens | None:
        raw = self._read_chunked(_tokens_key(store_id))
        if not raw:
            return None
        try:
            data = json.loads(raw)
            tokens = Tokens(
                authorization=str(data["authorization"]),
                access_token=str(data["access_token"]),
                refresh_token=str(data.get("refresh_token") or ""),
                expires_at=float(data["expires_at"]),
            )
        except (ValueError, KeyError, TypeError):
            log.warning("the saved sign-in for store %s is unreadable; ignoring it", store_id)
            return None
        _register(tokens)
        return tokens

    def save(self, store_id: str, tokens: Tokens) -> None:
        _register(tokens)
        value = json.dumps(
            {
                "authorization": tokens.authorization,
                "access_token": tokens.access_token,
                "refresh_token": tokens.refresh_token,
                "expires_at": tokens.expires_at,
            }
        )
        self._write_chunked(_tokens_key(store_id), value)

    def delete(self, store_id: str) -> None:
        key = _tokens_key(store_id)
        head = self._get(key)
        self._delete(key)
        self._delete_chunks(key, head)

    # -- the app's client secret ---------------------------------------------------------
    def load_client_secret(self, client_id: str) -> str | None:
        secret = self._get(_secret_key(client_id))
        if secret:
            register_secret(secret)
        return secret or None

    def save_client_secret(self, client_id: str, secret: str) -> None:
        register_secret(secret)
        self._set(_secret_key(client_id), secret)

    def delete_client_secret(self, client_id: str) -> None:
        self._delete(_secret_key(client_id))

    def __repr__(self) -> str:
        return f"TokenStore(service={self.service!r}, secure={self._secure})"


def _register(tokens: Tokens) -> None:
    """Tell the log redactor the exact values, whatever they look like."""
    for value in (tokens.authorization, tokens.access_token, tokens.refresh_token):
        register_secret(value)


def forget_memory_secrets() -> None:
    """Drop every memory-only secret of this process (tests; sign out of everything)."""
    with _memory_lock:
        _memory.clear()
