"""The one error hierarchy of the Zid client.

Expected failures (offline, signed out, rate limited, bad input) are `ZidError`
subclasses; the UI and CLI turn them into clear messages. Anything else is a bug.
"""

from __future__ import annotations

from typing import Any


class ZidError(Exception):
    """Base of every expected failure talking to Zid."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        # Stock-update results (StockWriteResult) already decided when a batched write had
        # to stop on this error; set by ZidClient.set_stocks_at_location, else empty.
        self.partial_results: list[Any] = []


class NetworkError(ZidError):
    """Zid could not be reached (offline, DNS, refused, dropped connection, timeout)."""


class SignedOutError(ZidError):
    """No tokens, or Zid rejected them and refresh failed (revoked, invalid_grant)."""


class MissingScopeError(ZidError):
    """403: the app's token lacks a permission. `scope` names it when known."""

    def __init__(self, message: str, *, scope: str | None = None, status: int | None = 403):
        super().__init__(message, status=status)
        self.scope = scope


class NotFoundError(ZidError):
    """404 on a resource."""


class ValidationError(ZidError):
    """400/422: Zid refused the request body. `fields` maps a field (or item index) to messages."""

    def __init__(
        self, message: str, *, fields: dict[str, list[str]] | None = None, status: int | None = 400
    ):
        super().__init__(message, status=status)
        self.fields = fields or {}


class PayloadTooLargeError(ValidationError):
    """413 or a batch-size validation error: the caller should send smaller batches."""


class RateLimitedError(ZidError):
    """429 that retries could not absorb. `retry_after` is in seconds."""

    def __init__(self, message: str, *, retry_after: float, status: int | None = 429):
        super().__init__(message, status=status)
        self.retry_after = retry_after


class ServerError(ZidError):
    """5xx that retries could not absorb."""


class OAuthError(ZidError):
    """The OAuth server refused a grant. `code` is the OAuth error code (invalid_grant, ...)."""

    def __init__(self, message: str, *, code: str, status: int | None = None):
        super().__init__(message, status=status)
        self.code = code
