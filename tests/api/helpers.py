"""Helpers for the client tests: a token provider that refreshes through the sandbox's own
/oauth/token (so refresh-on-401 is real) and a client factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from zid_desk.api.client import ZidClient, make_http_client
from zid_desk.api.errors import SignedOutError
from zid_desk.api.limiter import RateLimiter
from zid_desk.domain import Tokens
from zid_desk.sandbox.server import SandboxServer

FAST_RATE = 60_000  # per minute: the limiter stays out of the way of functional tests


class SandboxTokens:
    """TokenProvider that refreshes with the sandbox's OAuth server."""

    def __init__(self, info: dict[str, Any], tokens: dict[str, Any]) -> None:
        self.info = info
        self.tokens = Tokens.from_response(tokens)
        self.refreshes = 0

    async def current(self) -> Tokens:
        return self.tokens

    async def refresh_after_401(self, rejected: Tokens) -> Tokens:
        if rejected is not self.tokens:  # another job already refreshed
            return self.tokens
        async with httpx.AsyncClient() as http:
            resp = await http.post(
                self.info["oauth_base"] + "/oauth/token",
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": self.tokens.refresh_token,
                    "client_id": self.info["client_id"],
                    "client_secret": self.info["client_secret"],
                    "redirect_uri": self.info["redirect_uris"][0],
                },
            )
        if resp.status_code != 200:
            raise SignedOutError(f"refresh refused: {resp.text}", status=401)
        self.refreshes += 1
        self.tokens = Tokens.from_response(resp.json())
        return self.tokens


def provider_for(sb: SandboxServer) -> SandboxTokens:
    """Fresh tokens per test (other tests expire/revoke theirs)."""
    return SandboxTokens(sb.info, sb.control.issue_tokens())


@asynccontextmanager
async def zid_client(
    sb: SandboxServer, tokens: SandboxTokens | None = None, **kw: Any
) -> AsyncIterator[ZidClient]:
    kw.setdefault("limiter", RateLimiter(FAST_RATE, burst=50))
    kw.setdefault("backoff_base", 0.01)
    kw.setdefault("store_id", str(sb.info["store_id"]))
    api_base = kw.pop("api_base", sb.api_base)
    async with make_http_client() as http:
        client = ZidClient(http, api_base=api_base, tokens=tokens or provider_for(sb), **kw)
        try:
            yield client
        finally:
            await client.aclose()
