"""Every error path of the client, provoked on the real sandbox over loopback HTTP."""

from __future__ import annotations

import socket
import time

import pytest

from zid_desk.api.errors import (
    MissingScopeError,
    NetworkError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    SignedOutError,
    ValidationError,
)
from zid_desk.api.limiter import RateLimiter
from zid_desk.domain import Tokens
from zid_desk.sandbox.server import SandboxServer

from .helpers import FAST_RATE, provider_for, zid_client

PRODUCTS = "GET /v1/products/"


def _requests(sb: SandboxServer, key: str = PRODUCTS) -> int:
    return int(sb.control.stats()["requests"].get(key, 0))


@pytest.mark.asyncio
async def test_401_refreshes_once_then_succeeds(fresh: SandboxServer) -> None:
    tokens = provider_for(fresh)
    async with zid_client(fresh, tokens) as client:
        await anext(client.iter_products())
        old = tokens.tokens
        fresh.control.expire_tokens()
        product = await anext(client.iter_products())
    assert product.id
    assert tokens.refreshes == 1 and tokens.tokens is not old
    assert _requests(fresh) == 3  # ok, 401, retried ok
    assert fresh.control.stats()["statuses"].get("401") == 1


@pytest.mark.asyncio
async def test_refresh_impossible_is_signed_out(fresh: SandboxServer) -> None:
    tokens = provider_for(fresh)
    fresh.control.revoke_tokens()
    async with zid_client(fresh, tokens) as client:
        with pytest.raises(SignedOutError):
            await client.profile()
    assert tokens.refreshes == 0


@pytest.mark.asyncio
async def test_still_401_after_refresh_is_signed_out(fresh: SandboxServer) -> None:
    class RefreshesToDeadTokens:
        def __init__(self) -> None:
            self.inner = provider_for(fresh)
            self.calls = 0

        async def current(self) -> Tokens:
            return self.inner.tokens

        async def refresh_after_401(self, rejected: Tokens) -> Tokens:
            self.calls += 1
            return rejected  # pretends to refresh, Zid still refuses

    tokens = RefreshesToDeadTokens()
    fresh.control.expire_tokens()
    async with zid_client(fresh, tokens) as client:  # type: ignore[arg-type]
        with pytest.raises(SignedOutError) as info:
            await client.get_location("8ee590fe-d02d-4c50-9184-f628bb8b115a")
    assert tokens.calls == 1
    assert "Sign in again" in str(info.value)


@pytest.mark.asyncio
async def test_403_names_the_scope(fresh: SandboxServer) -> None:
    async with zid_client(fresh, store_id="999999") as client:  # another store (§13.11)
        with pytest.raises(MissingScopeError) as info:
            await anext(client.iter_products())
    assert info.value.scope == "products.read" and info.value.status == 403
    assert "products.read" in str(info.value)


@pytest.mark.asyncio
async def test_404_not_found(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        with pytest.raises(NotFoundError):
            await client.get_product("00000000-0000-4000-8000-000000000000")
        with pytest.raises(NotFoundError):
            await client.get_order(1)


@pytest.mark.asyncio
async def test_400_field_messages(fresh: SandboxServer) -> None:
    async with zid_client(fresh) as client:
        with pytest.raises(ValidationError) as info:
            await client.create_location(name_ar="x", name_en="x", city_id=987654, full_address="")
    fields = info.value.fields
    assert "city" in fields and "full_address" in fields
    assert info.value.status == 400


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", ["500", "503", "drop"])
async def test_transient_fault_is_retried(fresh: SandboxServer, kind: str) -> None:
    fresh.control.inject(kind, count=2, path_prefix="/v1/products/")
    async with zid_client(fresh) as client:
        product = await anext(client.iter_products())
    assert product.id
    assert _requests(fresh) == 3


@pytest.mark.asyncio
async def test_persistent_500_is_server_error(fresh: SandboxServer) -> None:
    fresh.control.inject("500", count=10, path_prefix="/v1/products/")
    async with zid_client(fresh, max_retries=3) as client:
        with pytest.raises(ServerError) as info:
            await anext(client.iter_products())
    assert info.value.status == 500
    assert _requests(fresh) == 4  # first try + 3 retries


@pytest.mark.asyncio
async def test_server_down_is_network_error(fresh: SandboxServer) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once closed
    async with zid_client(fresh, api_base=f"http://127.0.0.1:{port}/v1") as client:
        with pytest.raises(NetworkError) as info:
            await anext(client.iter_products())
    assert "can't be reached" in str(info.value)


@pytest.mark.asyncio
async def test_429_waits_retry_after_and_slows_down(fresh: SandboxServer) -> None:
    fresh.control.inject("429", count=1, path_prefix="/v1/products/", retry_after=1)
    limiter = RateLimiter(FAST_RATE, burst=50)
    async with zid_client(fresh, limiter=limiter) as client:
        started = time.monotonic()
        product = await anext(client.iter_products())
        elapsed = time.monotonic() - started
    assert product.id
    assert elapsed >= 0.95  # waited Retry-After
    assert limiter.total_429s == 1 and limiter.per_minute < limiter.nominal_per_minute
    assert _requests(fresh) == 2


@pytest.mark.asyncio
async def test_429_beyond_the_patience_is_rate_limited(fresh: SandboxServer) -> None:
    fresh.control.inject("429", count=5, path_prefix="/v1/products/", retry_after=30)
    async with zid_client(fresh, max_rate_limit_wait=5) as client:
        started = time.monotonic()
        with pytest.raises(RateLimitedError) as info:
            await anext(client.iter_products())
    assert time.monotonic() - started < 5
    assert info.value.retry_after == pytest.approx(30)
