"""`zid-desk login/logout` as real subprocesses against the sandbox. The OS keyring is
played by a JSON file OUTSIDE the profile folder (fake_keyring.JsonFileKeyring, chosen with
the standard PYTHON_KEYRING_BACKEND variable), so the profile can be searched for secrets."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from zid_desk.sandbox.server import SandboxServer

from .helpers import ScriptedBrowser, free_port, sandbox_options

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT)])
    env["PYTHON_KEYRING_BACKEND"] = "fake_keyring.JsonFileKeyring"
    env["ZID_TEST_KEYRING_FILE"] = str(tmp_path / "os-keyring.json")
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    return env


def zid_desk(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zid_desk", *args], input=stdin, env=env, cwd=ROOT,
        capture_output=True, text=True, timeout=60,
    )


def subcommands() -> set[str]:
    from zid_desk.cli import build_parser

    parser = build_parser()
    return {name for action in parser._subparsers._group_actions  # type: ignore[union-attr]
            for name in getattr(action, "choices", {}) or {}}


def keyring_file(env: dict[str, str]) -> dict[str, str]:
    path = Path(env["ZID_TEST_KEYRING_FILE"])
    return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture
def sb():
    with SandboxServer(sandbox_options()) as server:
        yield server


DEBUG_SESSION = textwrap.dedent(
    """
    import asyncio, logging, sys
    from zid_desk.api.client import make_http_client
    from zid_desk.auth.session import connect
    from zid_desk.cache import open_cache
    from zid_desk.logs import setup_logging
    from zid_desk.profile import Profile

    profile = Profile.in_dir(sys.argv[1])
    setup_logging(profile, debug=True)
    log = logging.getLogger("zid_desk.test_session")

    async def main():
        async with make_http_client() as http:
            conn = await connect(profile, http)
            store = await conn.client.profile()
            locations = [x async for x in conn.client.iter_locations()]
            products = [x async for x in conn.client.iter_products()]
            with open_cache(profile.cache_path(store.store_id)) as cache:  # a real cache file
                cache.upsert_store(store)
                cache.upsert_locations(locations)
                cache.upsert_products(products)
                cache.enqueue_set(products[0].id, locations[0].id, 3)
            tokens = await conn.tokens.current()
            # the kind of careless debug lines the filter exists for:
            log.debug("store %s tokens %r", store.store_id, vars(tokens) if hasattr(
                tokens, "__dict__") else {f: getattr(tokens, f) for f in tokens.__slots__})
            log.debug("headers: Authorization: Bearer %s X-Manager-Token: %s",
                      tokens.authorization, tokens.access_token)
            try:
                raise RuntimeError("refresh failed for " + tokens.refresh_token)
            except RuntimeError:
                log.exception("debug traceback")
            print("session ok", store.store_id)

    asyncio.run(main())
    """
)


def test_with_tokens_session_leaves_no_secret_in_the_profile(
    sb, cli_env, tmp_path: Path
) -> None:
    profile = tmp_path / "profile"
    tokens = dict(sb.info["tokens"])
    out = zid_desk(
        cli_env, "--profile", str(profile), "login", "--with-tokens", "--debug",
        "--api-base", sb.api_base, "--oauth-base", sb.oauth_base, stdin=json.dumps(tokens),
    )
    assert out.returncode == 0, out.stderr
    store_id = str(sb.info["store_id"])
    assert f"(id {store_id})" in out.stdout
    assert any(k.endswith(f"tokens:{store_id}") for k in keyring_file(cli_env))

    session = subprocess.run(
        [sys.executable, "-c", DEBUG_SESSION, str(profile)], env=cli_env, cwd=ROOT,
        capture_output=True, text=True, timeout=60,
    )
    assert session.returncode == 0, session.stderr
    assert f"session ok {store_id}" in session.stdout

    if "sync" in subcommands():  # the sync engine's own session, when it is there
        synced = zid_desk(cli_env, "--profile", str(profile), "sync")
        assert synced.returncode == 0, synced.stderr

    log_text = (profile / "logs" / "zid-desk.log").read_text(encoding="utf-8")
    assert "tokens" in log_text and "debug traceback" in log_text  # the lines were logged
    assert "[REDACTED]" in log_text
    secrets = [tokens["authorization"], tokens["access_token"], tokens["refresh_token"],
               sb.info["client_secret"]]
    files = [p for p in profile.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert {"settings.json", "zid-desk.log", f"store-{store_id}.sqlite3"} <= names
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            assert secret.encode() not in data, f"a secret leaked into {path}"
    for secret in secrets[:3]:  # and not in the console output either
        assert secret not in out.stdout + out.stderr + session.stdout + session.stderr


def test_browser_login_prints_the_url_and_signs_in(cli_env, tmp_path: Path) -> None:
    port = free_port()
    with SandboxServer(sandbox_options(redirect_uris=[f"http://127.0.0.1:{port}/callback"])) as sb:
        profile = tmp_path / "profile"
        proc = subprocess.Popen(
            [sys.executable, "-m", "zid_desk", "--profile", str(profile), "login",
             "--api-base", sb.api_base, "--oauth-base", sb.oauth_base,
             "--client-id", sb.info["client_id"], "--client-secret", sb.info["client_secret"],
             "--port", str(port), "--redirect-uri", f"http://127.0.0.1:{port}/callback"],
            env=cli_env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        try:
            assert proc.stdout is not None
            url = ""
            for line in proc.stdout:
                if line.startswith("http"):
                    url = line.strip()  # the URL is on a line of its own
                    break
            assert url.startswith(f"{sb.oauth_base}/oauth/authorize?")
            final = asyncio.run(ScriptedBrowser("approve").run(url))
            assert final.status_code == 200
            rest, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == 0, err
        store_id = str(sb.info["store_id"])
        assert "Signed in to store" in rest and f"(id {store_id})" in rest
        settings = json.loads((profile / "config" / "settings.json").read_text())
        assert settings["store_id"] == store_id
        assert settings["client_id"] == sb.info["client_id"]
        assert settings["callback_port"] == port
        assert sb.info["client_secret"] not in json.dumps(settings)
        ring = keyring_file(cli_env)
        assert ring[f"zid-desk\nclient-secret:{sb.info['client_id']}"] == sb.info["client_secret"]
        assert f"zid-desk\ntokens:{store_id}" in ring

        # logout deletes the keyring entry and keeps the cache unless asked
        cache = profile / "data" / f"store-{store_id}.sqlite3"
        cache.write_bytes(b"cache")
        out = zid_desk(cli_env, "--profile", str(profile), "logout")
        assert out.returncode == 0, out.stderr
        assert f"zid-desk\ntokens:{store_id}" not in keyring_file(cli_env)
        assert cache.exists() and "kept" in out.stdout


def test_login_errors_are_one_clear_line(sb, cli_env, tmp_path: Path) -> None:
    profile = str(tmp_path / "profile")
    out = zid_desk(cli_env, "--profile", profile, "login", "--with-tokens", stdin="not json")
    assert out.returncode != 0
    assert out.stderr.strip().splitlines() == [
        "error: --with-tokens expects a JSON object on stdin"
    ]

    out = zid_desk(cli_env, "--profile", profile, "login", "--with-tokens", "--api-base",
                   sb.api_base, stdin=json.dumps({"access_token": "x"}))
    assert out.returncode != 0 and len(out.stderr.strip().splitlines()) == 1
    assert "authorization" in out.stderr

    out = zid_desk(cli_env, "--profile", profile, "login", "--with-tokens", "--api-base",
                   sb.api_base, stdin=json.dumps({**sb.info["tokens"], "access_token": "bogus"}))
    assert out.returncode != 0 and len(out.stderr.strip().splitlines()) == 1
    assert "sign in again" in out.stderr.lower()

    out = zid_desk(cli_env, "--profile", profile, "login", "--no-browser")
    assert out.returncode != 0
    assert out.stderr.strip() == (
        "error: no client id: pass --client-id ID (from the Zid Partner Dashboard)"
    )

    port_holder = free_port()
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", port_holder))
        blocker.listen()
        out = zid_desk(cli_env, "--profile", profile, "login", "--no-browser",
                       "--oauth-base", sb.oauth_base, "--client-id", sb.info["client_id"],
                       "--client-secret", sb.info["client_secret"], "--port", str(port_holder))
    assert out.returncode != 0
    assert out.stderr.strip().splitlines()[-1].startswith(f"error: Port {port_holder}")
