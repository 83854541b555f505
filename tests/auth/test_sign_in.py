"""The real sign-in flow end to end against the sandbox over loopback HTTP: listener up,
authorize page fetched and its form submitted, redirect landing on the loopback listener
(directly or through a relay), code exchanged, profile read, tokens in the keyring."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import dataclass, field

import httpx
import keyring
import keyring.backends.fail
import pytest

from zid_desk.api.errors import OAuthError
from zid_desk.auth.oauth import (
    LoopbackReceiver,
    OAuthClient,
    SignInError,
    authorize_url,
    new_state,
    sign_in,
)
from zid_desk.auth.session import connect, describe, save_sign_in
from zid_desk.auth.token_store import SERVICE, TokenStore, forget_memory_secrets
from zid_desk.profile import Profile
from zid_desk.sandbox.server import SandboxServer
from zid_desk.settings import Settings

from .helpers import RelayServer, ScriptedBrowser, free_port, sandbox_options


@dataclass
class Launcher:
    """The `open_browser` + `on_url` pair the UI/CLI pass to sign_in(), driving a
    ScriptedBrowser instead of a real one."""

    browser: ScriptedBrowser | None
    urls: list[str] = field(default_factory=list)
    tasks: list[asyncio.Task] = field(default_factory=list)

    def on_url(self, url: str) -> None:
        self.urls.append(url)

    def open_browser(self, url: str) -> bool:
        if self.browser is None:
            return False  # "no browser opened": the user would copy the link
        self.tasks.append(asyncio.get_running_loop().create_task(self.browser.run(url)))
        return True


def settings_for(sb: SandboxServer, port: int, redirect_uri: str = "") -> Settings:
    return Settings(
        api_base=sb.api_base,
        oauth_base=sb.oauth_base,
        client_id=sb.info["client_id"],
        redirect_uri=redirect_uri or f"http://127.0.0.1:{port}/callback",
        callback_port=port,
        rate_limit_per_minute=6000,
    )


async def run_sign_in(
    sb: SandboxServer, settings: Settings, browser: ScriptedBrowser | None, timeout: float = 15
):
    launcher = Launcher(browser)
    async with httpx.AsyncClient(timeout=10) as http:
        try:
            result = await sign_in(
                http=http, settings=settings, client_secret=sb.info["client_secret"],
                open_browser=launcher.open_browser, on_url=launcher.on_url, timeout=timeout,
            )
        finally:
            for task in launcher.tasks:
                await asyncio.wait_for(task, 10)
    return result, launcher


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def sb(port: int):
    with SandboxServer(
        sandbox_options(redirect_uris=[f"http://127.0.0.1:{port}/callback"])
    ) as server:
        yield server


@pytest.mark.asyncio
async def test_sign_in_end_to_end(sb, port, memory_keyring, profile_dir) -> None:
    settings = settings_for(sb, port)
    browser = ScriptedBrowser("approve")
    result, launcher = await run_sign_in(sb, settings, browser)

    # the URL was reported before the browser was asked to open it, and is the authorize URL
    assert launcher.urls and launcher.urls[0].startswith(f"{sb.oauth_base}/oauth/authorize?")
    assert f"redirect_uri=http%3A%2F%2F127.0.0.1%3A{port}%2Fcallback" in launcher.urls[0]
    assert browser.final is not None and browser.final.status_code == 200
    assert "You can close this window" in browser.final.text
    # profile read, tokens and client secret in the keyring under the store
    store_id = str(sb.info["store_id"])
    assert result.profile.store_id == store_id
    assert result.secure_storage and not result.warning
    assert (SERVICE, f"tokens:{store_id}") in memory_keyring.values
    saved = TokenStore().load(store_id)
    assert saved is not None and saved.access_token == result.tokens.access_token
    assert TokenStore().load_client_secret(settings.client_id) == sb.info["client_secret"]

    # the app is signed in: settings remember the store, connect() gives a working client
    profile = Profile.in_dir(profile_dir).ensure()
    save_sign_in(profile, settings, result)
    async with httpx.AsyncClient(timeout=10) as http:
        conn = await connect(profile, http)
        assert (await conn.client.profile()).store_id == store_id
    info = describe(profile)
    assert info["signed_in"] and info["store_id"] == store_id and info["expires_at"]
    settings_text = profile.settings_path.read_text()
    for secret in (saved.access_token, saved.authorization, saved.refresh_token,
                   sb.info["client_secret"]):
        assert secret not in settings_text


@pytest.mark.asyncio
async def test_deny_is_reported_and_nothing_saved(sb, port, memory_keyring) -> None:
    browser = ScriptedBrowser("deny")
    with pytest.raises(SignInError) as err:
        await run_sign_in(sb, settings_for(sb, port), browser)
    assert err.value.reason == "denied"
    assert browser.final is not None and "Sign-in cancelled" in browser.final.text
    assert not [k for k in memory_keyring.values if k[1].startswith("tokens:")]


@pytest.mark.asyncio
async def test_wrong_state_is_rejected(sb, port, memory_keyring) -> None:
    browser = ScriptedBrowser("approve", tamper_state=True)
    with pytest.raises(SignInError) as err:
        await run_sign_in(sb, settings_for(sb, port), browser)
    assert err.value.reason == "state_mismatch"
    assert browser.final is not None and browser.final.status_code == 400
    assert "wrong state" in browser.final.text
    assert not [k for k in memory_keyring.values if k[1].startswith("tokens:")]


@pytest.mark.asyncio
async def test_timeout_when_nobody_approves(sb, port) -> None:
    with pytest.raises(SignInError) as err:
        await run_sign_in(sb, settings_for(sb, port), None, timeout=0.5)
    assert err.value.reason == "timeout"
    with socket.socket() as s:  # the listener was closed
        assert s.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.asyncio
async def test_busy_port_is_reported_before_any_url(sb, port) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", port))
        blocker.listen()
        launcher = Launcher(None)
        async with httpx.AsyncClient() as http:
            with pytest.raises(SignInError) as err:
                await sign_in(
                    http=http, settings=settings_for(sb, port),
                    client_secret=sb.info["client_secret"],
                    open_browser=launcher.open_browser, on_url=launcher.on_url, timeout=5,
                )
    assert err.value.reason == "port_busy"
    assert f"Port {port}" in str(err.value)
    assert launcher.urls == []  # the listener comes first: no link to a dead port


@pytest.mark.asyncio
async def test_relay_mode(port, memory_keyring) -> None:
    """The registered callback is a hosted relay page that forwards code and state to the
    loopback listener; the relay URL is what authorize and the token exchange use."""
    with RelayServer("redirect") as relay, SandboxServer(
        sandbox_options(redirect_uris=[relay.url])
    ) as sb:
        settings = settings_for(sb, port, redirect_uri=relay.url)
        browser = ScriptedBrowser("approve")
        result, launcher = await run_sign_in(sb, settings, browser)
        assert "redirect_uri=" + relay.url.replace(":", "%3A").replace("/", "%2F") \
            in launcher.urls[0]
        assert relay.hits and "code=" in relay.hits[0]
        assert browser.callback_url and browser.callback_url.startswith(
            f"http://127.0.0.1:{port}/callback?")
        assert result.profile.store_id == str(sb.info["store_id"])
        # refresh sends the relay URL as redirect_uri too (the sandbox checks it strictly)
        async with httpx.AsyncClient() as http:
            oauth = OAuthClient(
                http, oauth_base=sb.oauth_base, client_id=settings.client_id,
                client_secret=sb.info["client_secret"], redirect_uri=relay.url,
            )
            fresh = await oauth.refresh(result.tokens.refresh_token)
        assert fresh.access_token != result.tokens.access_token


@pytest.mark.asyncio
async def test_expired_or_reused_code_is_refused(sb, port) -> None:
    redirect = f"http://127.0.0.1:{port}/callback"
    state = new_state(port)
    client_id = sb.info["client_id"]
    async with LoopbackReceiver(port, expected_state=state, timeout=10) as rx:
        await ScriptedBrowser("approve").run(
            authorize_url(sb.oauth_base, client_id=client_id, redirect_uri=redirect, state=state)
        )
        code = await rx.wait()
    async with httpx.AsyncClient() as http:
        oauth = OAuthClient(http, oauth_base=sb.oauth_base, client_id=client_id,
                            client_secret=sb.info["client_secret"], redirect_uri=redirect)
        await _maybe_await(sb.control.advance_clock(3600))  # codes live minutes, not an hour
        with pytest.raises(OAuthError) as err:
            await oauth.exchange_code(code)
    assert err.value.code == "invalid_grant"


@pytest.mark.asyncio
async def test_no_keyring_signs_in_for_this_session_only(sb, port) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        result, _ = await run_sign_in(sb, settings_for(sb, port), ScriptedBrowser("approve"))
        assert result.secure_storage is False
        assert "memory for this session only" in result.warning
        assert TokenStore().load(result.profile.store_id) is not None  # same process: yes
    finally:
        forget_memory_secrets()


async def _maybe_await(value: object) -> None:
    if asyncio.iscoroutine(value):
        await value


