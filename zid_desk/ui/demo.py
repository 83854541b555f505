"""Demo mode: the Zid sandbox in-process (its own thread, a free loopback port), signed in
with no interaction into a demo profile, so anyone can try Zid Desk without a Zid account."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import keyring
import keyring.backend
import keyring.errors
import platformdirs

from zid_desk.profile import APP_NAME, Profile
from zid_desk.settings import Settings

if TYPE_CHECKING:
    import httpx

    from zid_desk.domain import StoreProfile
    from zid_desk.sandbox.server import SandboxServer

log = logging.getLogger(__name__)

# A livelier budget than Zid's 60/min so the demo's first sync takes seconds; the client's
# limiter is told the same number, so it still never trips the sandbox's 429s.
DEMO_RATE_LIMIT = 600
DEMO_BURST = 60


class _DemoKeyring(keyring.backend.KeyringBackend):
    """Demo secrets live in memory: the sandbox's throw-away tokens never reach the
    user's real keyring (and no keyring prompt appears on a first try)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self._values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self._values.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


def use_demo_keyring() -> None:
    keyring.set_keyring(_DemoKeyring())


def demo_profile(root: str | None) -> Profile:
    """`--profile DIR` if given, else <user data dir>/demo."""
    if root:
        return Profile.in_dir(root)
    return Profile.in_dir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo")


def start_sandbox(*, rate_limit: int = DEMO_RATE_LIMIT, burst: int = DEMO_BURST) -> SandboxServer:
    """Start the sandbox on a free loopback port (blocking, ~0.1 s: call in a thread)."""
    from zid_desk.sandbox.server import SandboxOptions, SandboxServer

    return SandboxServer(SandboxOptions(port=0, rate_limit=rate_limit, burst=burst)).start()


def demo_budget(store_id: str, per_minute: float, burst: int) -> None:
    """Give the sandbox store's process-wide limiter the sandbox's own budget. The registry
    keeps the first limiter made for a store id, and the sign-in's profile read would make
    it with Zid's 60/min default; the demo sandbox allows more."""
    from zid_desk.api.limiter import limiter_for_store

    limiter = limiter_for_store(store_id, per_minute, burst)
    limiter.nominal_per_minute = limiter.per_minute = float(per_minute)
    limiter.burst = max(1, int(burst))


async def sign_in_demo(
    profile: Profile, http: httpx.AsyncClient, server: SandboxServer
) -> StoreProfile:
    """Point the profile at the sandbox and sign in with the sandbox's demo tokens. The demo
    store's old cache is removed first: a new sandbox starts from fresh data."""
    from zid_desk.auth.session import login_with_tokens
    from zid_desk.auth.token_store import TokenStore

    info = server.info
    profile.ensure()
    settings = Settings.load(profile.settings_path)
    settings.api_base = info["api_base"]
    settings.oauth_base = info["oauth_base"]
    settings.client_id = info["client_id"]
    settings.redirect_uri = info["redirect_uris"][0]
    settings.rate_limit_per_minute = int(info.get("rate_limit") or 60)
    settings.extra["demo"] = True
    settings.save(profile.settings_path)
    stale = profile.cache_path(info["store_id"])
    for suffix in ("", "-wal", "-shm", "-journal"):
        stale.with_name(stale.name + suffix).unlink(missing_ok=True)
    demo_budget(str(info["store_id"]), settings.rate_limit_per_minute, int(info.get("burst") or 10))
    store = TokenStore()
    await asyncio.to_thread(store.save_client_secret, info["client_id"], info["client_secret"])
    tokens = dict(info["tokens"], store_id=info["store_id"])
    result = await login_with_tokens(
        profile, http, tokens, api_base=info["api_base"], oauth_base=info["oauth_base"]
    )
    log.info("demo: signed in to sandbox store %s at %s", result.store_id, info["api_base"])
    return result
