"""The real flow in headless Chromium (Debian's `chromium`): the app opens the authorize
URL in the browser, the test clicks Approve with real mouse events over the DevTools
protocol, and the app ends up signed in. Once with the loopback redirect, once through
the real relay page (packaging/relay/zid-callback.html, whose JavaScript forwards)."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import httpx
import pytest

from zid_desk.auth.oauth import sign_in
from zid_desk.auth.session import connect, save_sign_in
from zid_desk.auth.token_store import TokenStore
from zid_desk.profile import Profile
from zid_desk.sandbox.server import SandboxServer
from zid_desk.settings import Settings

from .cdp import CHROMIUM, Chromium
from .helpers import RelayServer, free_port, sandbox_options

pytestmark = pytest.mark.skipif(
    not os.access(CHROMIUM, os.X_OK),
    reason=f"headless Chromium not installed ({CHROMIUM}); `./dev test` installs it "
    "(tests/needs_chromium), or: apt-get install chromium",
)


class ChromiumLauncher:
    """open_browser for sign_in(): starts headless Chromium on the URL, then (in a worker
    thread) waits for the consent page and clicks Approve like a person would."""

    def __init__(self, profile_dir: Path) -> None:
        self.profile_dir = profile_dir
        self.browser: Chromium | None = None
        self.clicker: asyncio.Future[str] | None = None
        self.urls: list[str] = []

    def on_url(self, url: str) -> None:
        self.urls.append(url)

    def open_browser(self, url: str) -> bool:
        self.browser = Chromium(self.profile_dir, url)
        self.clicker = asyncio.ensure_future(asyncio.to_thread(self._approve))
        return True

    def _approve(self) -> str:
        assert self.browser is not None
        self.browser.attach_page()
        self.browser.click_element("#approve")
        return str(self.browser.wait_for(
            "document.body && document.body.innerText.includes('You can close this window')"
            " && location.href", timeout=20,
        ))

    def close(self) -> None:
        if self.browser is not None:
            self.browser.close()


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["loopback", "relay"])
@pytest.mark.asyncio
async def test_sign_in_in_headless_chromium(mode: str, profile_dir: Path) -> None:
    port = free_port()
    loopback = f"http://127.0.0.1:{port}/callback"
    with RelayServer("page") as relay, SandboxServer(
        sandbox_options(redirect_uris=[loopback, relay.url])
    ) as sb, tempfile.TemporaryDirectory(prefix="zid-chromium-") as user_data:
        settings = Settings(
            api_base=sb.api_base, oauth_base=sb.oauth_base, client_id=sb.info["client_id"],
            redirect_uri=relay.url if mode == "relay" else loopback, callback_port=port,
        )
        launcher = ChromiumLauncher(Path(user_data))
        try:
            async with httpx.AsyncClient(timeout=10) as http:
                result = await sign_in(
                    http=http, settings=settings, client_secret=sb.info["client_secret"],
                    open_browser=launcher.open_browser, on_url=launcher.on_url, timeout=30,
                )
            assert launcher.clicker is not None
            final_url = await asyncio.wait_for(launcher.clicker, 20)
        finally:
            launcher.close()
        assert final_url.startswith(f"{loopback}?")  # the browser ended on our listener
        if mode == "relay":
            assert relay.hits and "code=" in relay.hits[0]  # ...after passing the relay page
        store_id = str(sb.info["store_id"])
        assert result.profile.store_id == store_id
        assert TokenStore().load(store_id) is not None

        profile = Profile.in_dir(profile_dir).ensure()
        save_sign_in(profile, settings, result)
        async with httpx.AsyncClient(timeout=10) as http:
            conn = await connect(profile, http)
            assert (await conn.client.profile()).store_id == store_id
