"""UI fixtures: bundled fonts, language switching, and a signed-in demo context against a
real sandbox over loopback HTTP (the same path as `zid-desk --demo`)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from zid_desk.profile import Profile

ROOT = Path(__file__).resolve().parents[2]
AR_QM = ROOT / "i18n" / "zid_desk_ar.qm"
AR_TS = ROOT / "i18n" / "zid_desk_ar.ts"

# The sandbox's budget in UI tests: fast, yet the client's limiter still paces requests.
UI_RATE = 6000
UI_BURST = 600


def ensure_qm() -> None:
    """Compile the Arabic catalogue when the .qm is missing or older than the .ts."""
    if not AR_QM.exists() or AR_QM.stat().st_mtime < AR_TS.stat().st_mtime:
        subprocess.run([sys.executable, str(ROOT / "i18n" / "build.py")], check=True)


@pytest.fixture(scope="session", autouse=True)
def ui_app(qapp):
    """Bundled fonts, and no quitting when a test closes its last window (closing a lone
    dialog would otherwise stop the qasync loop mid-test; the app does the same)."""
    from zid_desk.ui.fonts import apply_app_font

    apply_app_font(qapp)
    qapp.setQuitOnLastWindowClosed(False)
    return qapp


@pytest.fixture
def english(qapp) -> Iterator[str]:
    from zid_desk.ui.i18n import install_language

    install_language(qapp, "en")
    yield "en"
    install_language(qapp, "en")


@pytest.fixture
def arabic(qapp) -> Iterator[str]:
    """The Arabic UI for one test (translators + RightToLeft), English again afterwards."""
    from zid_desk.ui.i18n import install_language

    ensure_qm()
    assert install_language(qapp, "ar"), "Arabic catalogue missing"
    yield "ar"
    install_language(qapp, "en")


@pytest.fixture
def ui_sandbox(sandbox_factory):
    """A small sandbox (40 products, 4 locations, 30 orders) with a fast rate limit."""
    return sandbox_factory(rate_limit=UI_RATE, burst=UI_BURST)


@pytest.fixture
def ui_profile(profile_dir) -> Profile:
    return Profile.in_dir(profile_dir).ensure()


async def make_demo_context(profile: Profile, sandbox, *, lang: str = "en", pull: bool = True):
    """Sign in to `sandbox` as demo mode does, open the store and (by default) pull once."""
    from zid_desk.api.client import make_http_client
    from zid_desk.settings import Settings
    from zid_desk.ui.context import AppContext
    from zid_desk.ui.demo import sign_in_demo

    http = make_http_client()
    await sign_in_demo(profile, http, sandbox)
    ctx = AppContext(profile, Settings.load(profile.settings_path), http=http, lang=lang, demo=True)
    await ctx.open_store()
    assert ctx.signed_in and ctx.engine is not None
    if pull:
        task = ctx.start_sync(full=True)
        assert task is not None
        await task
    return ctx


async def close_context(ctx) -> None:
    ctx.jobs.cancel_all()
    await ctx.jobs.wait_idle(timeout=5)
    ctx.close_store()
    if ctx.http is not None:
        await ctx.http.aclose()
    await asyncio.sleep(0)


@pytest_asyncio.fixture
async def demo_ctx(ui_sandbox, ui_profile, english) -> AsyncIterator:
    """An English AppContext signed in to `ui_sandbox` with one full pull done."""
    ctx = await make_demo_context(ui_profile, ui_sandbox)
    try:
        yield ctx
    finally:
        await close_context(ctx)
