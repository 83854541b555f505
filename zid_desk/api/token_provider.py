"""What the client needs from sign-in, as a protocol so `api` never imports `auth`."""

from __future__ import annotations

from typing import Protocol

from zid_desk.domain import Tokens


class TokenProvider(Protocol):
    async def current(self) -> Tokens:
        """Valid tokens (refreshing first if they expire soon). Raises SignedOutError."""
        ...

    async def refresh_after_401(self, rejected: Tokens) -> Tokens:
        """Zid answered 401 with `rejected`: refresh once (unless another job already did)
        and return the new tokens. Raises SignedOutError when refresh is impossible."""
        ...


class StaticTokenProvider:
    """Tokens that never refresh (tests, `login --with-tokens` before auth exists)."""

    def __init__(self, tokens: Tokens) -> None:
        self._tokens = tokens

    async def current(self) -> Tokens:
        return self._tokens

    async def refresh_after_401(self, rejected: Tokens) -> Tokens:
        from zid_desk.api.errors import SignedOutError

        raise SignedOutError("Zid rejected the saved sign-in. Sign in again.", status=401)
