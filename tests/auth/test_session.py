"""Sessions against the sandbox: refresh before expiry, refresh once on 401, refresh under
a lock (once), another process's refresh is reused, revoked → signed out with the cache
kept; sign-out and status."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from zid_desk.api.errors import SignedOutError
from zid_desk.auth.oauth import OAuthClient
from zid_desk.auth.session import (
    SIGNED_OUT_MESSAGE,
    connect,
    describe,
    login_with_tokens,
    sign_out,
)
from zid_desk.auth.token_store import TokenStore
from zid_desk.cache import open_cache
from zid_desk.domain import Tokens
from zid_desk.profile import Profile
from zid_desk.sandbox.server import SandboxServer
from zid_desk.settings import Settings

from .helpers import sandbox_options

REDIRECT = "http://127.0.0.1:53682/callback"  # registered in every sandbox


@pytest.fixture
def sb():
    with SandboxServer(sandbox_options()) as server:
        yield server


async def sign_in_with_tokens(sb, profile_dir) -> Profile:
    """A profile signed in to the sandbox store through `login --with-tokens`'s code path,
    with the app's client id/secret set up (needed to refresh)."""
    profile = Profile.in_dir(profile_dir).ensure()
    Settings(
        client_id=sb.info["client_id"], redirect_uri=REDIRECT, rate_limit_per_minute=6000
    ).save(profile.settings_path)
    TokenStore().save_client_secret(sb.info["client_id"], sb.info["client_secret"])
    async with httpx.AsyncClient(timeout=10) as http:
        store = await login_with_tokens(
            profile, http, dict(sb.info["tokens"]), api_base=sb.api_base,
            oauth_base=sb.oauth_base,
        )
    assert store.store_id == str(sb.info["store_id"])
    return profile


def make_near_expiry(store_id: str, seconds_left: float = 600) -> Tokens:
    store = TokenStore()
    tokens = store.load(store_id)
    assert tokens is not None
    near = Tokens(tokens.authorization, tokens.access_token, tokens.refresh_token,
                  time.time() + seconds_left)
    store.save(store_id, near)
    return near


async def call(result):
    if asyncio.iscoroutine(result):
        return await result
    return result


@pytest.mark.asyncio
async def test_refresh_30_minutes_before_expiry(sb, profile_dir) -> None:
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    old = make_near_expiry(store_id, seconds_left=20 * 60)
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        assert (await conn.client.profile()).store_id == store_id
    assert conn.tokens is not None and conn.tokens.refresh_count == 1
    new = TokenStore().load(store_id)
    assert new is not None
    assert new.access_token != old.access_token and new.refresh_token != old.refresh_token
    assert new.expires_at > time.time() + 24 * 3600


@pytest.mark.asyncio
async def test_no_refresh_while_far_from_expiry(sb, profile_dir) -> None:
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        await conn.client.profile()
        await conn.client.profile()
    assert conn.tokens is not None and conn.tokens.refresh_count == 0


@pytest.mark.asyncio
async def test_refresh_once_on_401(sb, profile_dir) -> None:
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    before = TokenStore().load(store_id)
    await call(sb.control.expire_tokens())  # Zid now answers 401 to the current tokens
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        assert (await conn.client.profile()).store_id == store_id
        assert (await conn.client.profile()).store_id == store_id
    assert conn.tokens is not None and conn.tokens.refresh_count == 1
    after = TokenStore().load(store_id)
    assert before is not None and after is not None
    assert after.access_token != before.access_token


@pytest.mark.asyncio
async def test_concurrent_jobs_refresh_once(sb, profile_dir) -> None:
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    make_near_expiry(store_id)
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        provider = conn.tokens
        assert provider is not None
        results = await asyncio.gather(*(provider.current() for _ in range(6)))
    assert provider.refresh_count == 1
    assert len({t.access_token for t in results}) == 1


@pytest.mark.asyncio
async def test_refresh_done_by_another_process_is_reused(sb, profile_dir) -> None:
    """Two sessions (e.g. the app and a CLI sync) share the keyring: when one refreshed,
    the other's 401 is answered from the keyring, without a second refresh (which, with
    rotating refresh tokens, would fail)."""
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    async with httpx.AsyncClient(timeout=10) as http:
        a = await connect(signed_in, http)
        b = await connect(signed_in, http)
        await b.client.profile()  # b caches the current tokens
        make_near_expiry(store_id)
        await a.client.profile()  # a refreshes (rotation: the old tokens die)
        assert a.tokens is not None and a.tokens.refresh_count == 1
        assert (await b.client.profile()).store_id == store_id  # b: 401 → reads the keyring
    assert b.tokens is not None and b.tokens.refresh_count == 0


@pytest.mark.asyncio
async def test_revoked_token_signs_out_and_keeps_queued_edits(sb, profile_dir) -> None:
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        locations = [loc async for loc in conn.client.iter_locations()]
        products = [p async for p in conn.client.iter_products()]
    with open_cache(signed_in.cache_path(store_id)) as cache:
        cache.upsert_locations(locations)
        cache.upsert_products(products)
        queued = cache.enqueue_adjust(products[0].id, locations[0].id, 7, note="received")

    await call(sb.control.revoke_tokens())  # e.g. the app was uninstalled from the store
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        with pytest.raises(SignedOutError) as err:
            await conn.client.profile()
    assert str(err.value) == SIGNED_OUT_MESSAGE
    assert conn.tokens is not None and conn.tokens.signed_out
    assert TokenStore().load(store_id) is None
    assert describe(signed_in)["signed_in"] is False
    async with httpx.AsyncClient(timeout=10) as http:
        with pytest.raises(SignedOutError):
            await connect(signed_in, http)

    # signing in again finds the queued edit untouched
    fresh = await call(sb.control.issue_tokens())
    async with httpx.AsyncClient(timeout=10) as http:
        await login_with_tokens(signed_in, http, dict(fresh), api_base=None, oauth_base=None)
    with open_cache(signed_in.cache_path(store_id)) as cache:
        pending = cache.pending_changes()
    assert [(c.id, c.product_id, c.location_id) for c in pending] == [
        (queued, products[0].id, locations[0].id)
    ]


@pytest.mark.asyncio
async def test_connect_when_never_signed_in(profile_dir) -> None:
    profile = Profile.in_dir(profile_dir).ensure()
    async with httpx.AsyncClient() as http:
        with pytest.raises(SignedOutError, match="Not signed in"):
            await connect(profile, http)


@pytest.mark.asyncio
async def test_sign_out_keeps_or_deletes_the_cache(sb, profile_dir) -> None:
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    cache = signed_in.cache_path(store_id)
    cache.write_bytes(b"cache")
    sign_out(signed_in, keep_cache=True)
    assert TokenStore().load(store_id) is None and cache.exists()
    assert TokenStore().load_client_secret(sb.info["client_id"])  # app credentials stay
    info = describe(signed_in)
    assert info["signed_in"] is False and info["store_id"] is None
    # sign in again, then sign out deleting the cache
    async with httpx.AsyncClient(timeout=10) as http:
        await login_with_tokens(signed_in, http, dict(sb.info["tokens"]),
                                api_base=None, oauth_base=None)
    assert describe(signed_in)["signed_in"] is True
    sign_out(signed_in, keep_cache=False)
    assert not cache.exists()


@pytest.mark.asyncio
async def test_rotation_by_another_process_landing_late_is_not_a_sign_out(
    sb, profile_dir
) -> None:
    """Another process refreshed (Zid rotated the refresh token) but its new tokens reach
    the keyring only after our own refresh was refused: we pick them up, no sign-out."""
    signed_in = await sign_in_with_tokens(sb, profile_dir)
    store_id = str(sb.info["store_id"])
    old = TokenStore().load(store_id)
    assert old is not None
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(signed_in, http)
        assert conn.tokens is not None
        other = OAuthClient(http, oauth_base=sb.oauth_base, client_id=sb.info["client_id"],
                            client_secret=sb.info["client_secret"], redirect_uri=REDIRECT)
        rotated = await other.refresh(old.refresh_token)  # "the other process", not saved yet

        async def other_process_saves_late() -> None:
            await asyncio.sleep(0.05)
            await asyncio.to_thread(TokenStore().save, store_id, rotated)

        saver = asyncio.ensure_future(other_process_saves_late())
        got = await conn.tokens.refresh_after_401(old)
        await saver
        assert got.access_token == rotated.access_token
        assert not conn.tokens.signed_out
        assert (await conn.client.profile()).store_id == store_id
    stored = TokenStore().load(store_id)
    assert stored is not None and stored.access_token == rotated.access_token
