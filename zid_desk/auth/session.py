"""A signed-in session: tokens that refresh themselves, the connection the sync engine
uses, `login --with-tokens`, sign-out and a secret-free description for `status`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from zid_desk.api.client import ZidClient
from zid_desk.api.errors import NetworkError, OAuthError, ServerError, SignedOutError, ZidError
from zid_desk.api.limiter import limiter_for_store
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.auth.oauth import (
    DEAD_GRANT_CODES,
    OAuthClient,
    SignInResult,
    effective_redirect_uri,
)
from zid_desk.auth.token_store import TokenStore
from zid_desk.domain import StoreProfile, Tokens
from zid_desk.profile import Profile
from zid_desk.settings import Settings

log = logging.getLogger(__name__)

REFRESH_MARGIN = 30 * 60  # refresh 30 minutes before expiry
SIGNED_OUT_MESSAGE = "Signed out: sign in again"
_ROTATION_GRACE = (0.1, 0.3, 0.0)  # re-reads of the keyring before giving up on a dead grant


class RefreshingTokenProvider:
    """TokenProvider for the API client, backed by the keyring.

    Tokens are refreshed 30 minutes before they expire and once after a 401, under an
    asyncio.Lock so that two jobs never refresh at once; before refreshing it re-reads the
    keyring, in case another job or process already did. A dead grant (invalid_grant,
    revoked) deletes the saved tokens and raises SignedOutError("Signed out: sign in
    again"); the cache and the outbox are left untouched, so no queued edit is lost.
    """

    def __init__(
        self,
        store: TokenStore,
        store_id: str,
        oauth: OAuthClient,
        *,
        margin: float = REFRESH_MARGIN,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self.store_id = store_id
        self._oauth = oauth
        self._margin = margin
        self._clock = clock
        self._tokens: Tokens | None = None
        self._lock = asyncio.Lock()
        self.signed_out = False
        self.refresh_count = 0  # refreshes this provider made (for tests and diagnostics)

    def __repr__(self) -> str:
        return f"RefreshingTokenProvider(store_id={self.store_id!r}, signed_out={self.signed_out})"

    async def current(self) -> Tokens:
        tokens = self._tokens
        if tokens is not None and not tokens.expires_within(self._margin, self._clock()):
            return tokens
        async with self._lock:
            tokens = await self._reload()
            if not tokens.expires_within(self._margin, self._clock()):
                return tokens  # fresh enough, or another job/process refreshed meanwhile
            return await self._refresh(tokens, early=tokens.expires_at > self._clock())

    async def refresh_after_401(self, rejected: Tokens) -> Tokens:
        async with self._lock:
            tokens = await self._reload()
            if tokens.access_token != rejected.access_token:
                return tokens  # another job or process refreshed meanwhile
            return await self._refresh(tokens, early=False)

    async def _reload(self) -> Tokens:
        tokens = await asyncio.to_thread(self._store.load, self.store_id)
        if tokens is None:
            self._tokens = None
            self.signed_out = True
            raise SignedOutError(SIGNED_OUT_MESSAGE, status=401)
        self._tokens = tokens
        self.signed_out = False
        return tokens

    async def _refresh(self, tokens: Tokens, *, early: bool) -> Tokens:
        """Refresh `tokens`. `early`: they still work (we refresh ahead of expiry), so a
        refresh that fails for a passing reason (offline, server error, missing client
        secret) leaves them in use instead of failing the caller's request."""
        try:
            fresh = await self._oauth.refresh(tokens.refresh_token)
        except OAuthError as exc:
            if exc.code in DEAD_GRANT_CODES:
                # Another process may have rotated the refresh token since our re-read (its
                # new tokens may reach the keyring a moment after Zid answered it).
                for delay in _ROTATION_GRACE:
                    stored = await asyncio.to_thread(self._store.load, self.store_id)
                    if stored is not None and stored.refresh_token != tokens.refresh_token:
                        self._tokens = stored
                        return stored
                    if stored is None:
                        break  # signed out elsewhere
                    await asyncio.sleep(delay)
                await self._sign_out(exc, tokens)
                raise SignedOutError(SIGNED_OUT_MESSAGE, status=401) from exc
            if early:
                log.warning("early token refresh refused (%s); using current tokens", exc.code)
                return tokens
            raise SignedOutError(f"{exc} Sign in again.", status=401) from exc
        except (NetworkError, ServerError):
            if early:
                log.info("early token refresh failed (Zid unreachable); using current tokens")
                return tokens
            raise
        await asyncio.to_thread(self._store.save, self.store_id, fresh)
        self._tokens = fresh
        self.refresh_count += 1
        log.info("tokens refreshed for store %s", self.store_id)
        return fresh

    async def _sign_out(self, cause: OAuthError, dead: Tokens) -> None:
        log.warning("sign-in for store %s is no longer valid (%s)", self.store_id, cause.code)
        self._tokens = None
        self.signed_out = True

        def delete_if_unchanged() -> None:  # never delete tokens another process just saved
            stored = self._store.load(self.store_id)
            if stored is not None and stored.refresh_token == dead.refresh_token:
                self._store.delete(self.store_id)

        await asyncio.to_thread(delete_if_unchanged)


@dataclass
class Connection:
    client: ZidClient
    profile_store_id: str
    settings: Settings
    tokens: RefreshingTokenProvider | None = field(default=None, repr=False)


async def connect(profile: Profile, http: httpx.AsyncClient, *, lang: str = "en") -> Connection:
    """A ready API client for the signed-in store of `profile`: settings (api_base,
    store_id, client_id, redirect_uri) + keyring tokens + client secret. Raises
    SignedOutError when nobody is signed in."""
    settings = Settings.load(profile.settings_path)
    store_id = settings.store_id
    if not store_id:
        raise SignedOutError("Not signed in: sign in first (zid-desk login).")
    store = TokenStore()
    tokens = await asyncio.to_thread(store.load, store_id)
    if tokens is None:
        raise SignedOutError(SIGNED_OUT_MESSAGE)
    secret: str | None = None
    if settings.client_id:
        secret = await asyncio.to_thread(store.load_client_secret, settings.client_id)
    oauth = OAuthClient(
        http, oauth_base=settings.oauth_base, client_id=settings.client_id,
        client_secret=secret or "", redirect_uri=effective_redirect_uri(settings),
    )
    provider = RefreshingTokenProvider(store, store_id, oauth)
    limiter = limiter_for_store(store_id, settings.rate_limit_per_minute)
    client = ZidClient(
        http, api_base=settings.api_base, tokens=provider, store_id=store_id,
        limiter=limiter, lang=lang,
    )
    return Connection(client=client, profile_store_id=store_id, settings=settings, tokens=provider)


def remember_sign_in(profile: Profile, settings: Settings, store: StoreProfile) -> Settings:
    """Record in the settings which store is signed in and who (names only, no secrets)."""
    settings.store_id = store.store_id
    settings.extra["account"] = {
        "store_title": store.store_title,
        "manager_name": store.manager_name,
        "manager_email": store.manager_email,
        "store_url": store.store_url,
    }
    settings.save(profile.settings_path)
    return settings


def save_sign_in(profile: Profile, settings: Settings, result: SignInResult) -> Settings:
    """After `sign_in()`: remember the store in the profile's settings."""
    return remember_sign_in(profile, settings, result.profile)


async def login_with_tokens(
    profile: Profile,
    http: httpx.AsyncClient,
    token_json: dict[str, Any],
    *,
    api_base: str | None,
    oauth_base: str | None,
) -> StoreProfile:
    """Sign in with tokens obtained elsewhere (`login --with-tokens`, demo mode): validates
    them by reading the manager profile (which also gives the store id when `store_id` is
    not in the JSON), then saves them in the keyring and the store in the settings."""
    try:
        tokens = Tokens.from_response(token_json)
    except (ValueError, TypeError) as exc:
        raise ZidError(
            "The token JSON needs authorization (or Authorization), access_token, "
            "refresh_token and expires_in."
        ) from exc
    settings = Settings.load(profile.settings_path)
    if api_base:
        settings.api_base = api_base.rstrip("/")
    if oauth_base:
        settings.oauth_base = oauth_base.rstrip("/")
    given_store = str(token_json.get("store_id") or "").strip()
    client = ZidClient(
        http, api_base=settings.api_base, tokens=StaticTokenProvider(tokens),
        store_id=given_store or None,
    )
    store_profile = await client.profile()
    if given_store and store_profile.store_id and given_store != store_profile.store_id:
        raise ZidError(
            f"These tokens belong to store {store_profile.store_id}, not {given_store}."
        )
    store_id = store_profile.store_id or given_store
    store = TokenStore()
    await asyncio.to_thread(store.save, store_id, tokens)
    profile.ensure()
    remember_sign_in(profile, settings, store_profile)
    return store_profile


def sign_out(
    profile: Profile, *, keep_cache: bool = True, forget_client_secret: bool = False
) -> None:
    """Delete the store's tokens from the keyring (and the cache file only when
    keep_cache is False). Pending edits live in the cache, so keeping it keeps them."""
    settings = Settings.load(profile.settings_path)
    store = TokenStore()
    store_id = settings.store_id
    if store_id:
        store.delete(store_id)
        if not keep_cache:
            cache = profile.cache_path(store_id)
            for suffix in ("", "-wal", "-shm", "-journal"):
                cache.with_name(cache.name + suffix).unlink(missing_ok=True)
    if forget_client_secret and settings.client_id:
        store.delete_client_secret(settings.client_id)
    settings.store_id = ""
    settings.extra.pop("account", None)
    if profile.settings_path.exists() or store_id:
        settings.save(profile.settings_path)


def describe(profile: Profile) -> dict[str, Any]:
    """Who is signed in to which store and when the tokens expire. No secrets.
    (Reads the keyring: blocking, call with asyncio.to_thread from async code.)"""
    settings = Settings.load(profile.settings_path)
    store = TokenStore()
    account = settings.extra.get("account") or {}
    info: dict[str, Any] = {
        "signed_in": False,
        "store_id": settings.store_id or None,
        "store_title": account.get("store_title"),
        "manager_name": account.get("manager_name"),
        "manager_email": account.get("manager_email"),
        "api_base": settings.api_base,
        "oauth_base": settings.oauth_base,
        "client_id": settings.client_id or None,
        "redirect_uri": effective_redirect_uri(settings),
        "callback_port": settings.callback_port,
        "expires_at": None,
        "expires_in_seconds": None,
        "secure_storage": store.secure,
        "warning": store.warning,
    }
    if settings.store_id:
        tokens = store.load(settings.store_id)
        if tokens is not None:
            info["signed_in"] = True
            info["expires_at"] = datetime.fromtimestamp(tokens.expires_at, UTC).isoformat(
                timespec="seconds"
            )
            info["expires_in_seconds"] = int(tokens.expires_at - time.time())
        info["has_client_secret"] = bool(
            settings.client_id and store.load_client_secret(settings.client_id)
        )
    return info
