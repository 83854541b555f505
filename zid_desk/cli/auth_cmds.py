"""`zid-desk login` (browser sign-in, or `--with-tokens` from stdin) and `zid-desk logout`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import threading
import webbrowser
from typing import Any
from urllib.parse import urlsplit

from zid_desk.api.errors import ZidError
from zid_desk.auth.oauth import is_loopback_uri, loopback_uri, sign_in
from zid_desk.auth.session import describe, login_with_tokens, save_sign_in, sign_out
from zid_desk.auth.token_store import TokenStore
from zid_desk.logs import register_secret, setup_logging
from zid_desk.profile import Profile
from zid_desk.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    login = subparsers.add_parser(
        "login",
        help="sign in to a Zid store in the browser (or with tokens from stdin)",
        description="Sign in to a Zid store. Values not given come from the settings; "
        "given ones are saved (the client secret in the keyring).",
    )
    login.add_argument("--api-base", metavar="URL", help="Zid API base (default: settings)")
    login.add_argument("--oauth-base", metavar="URL", help="Zid OAuth server (default: settings)")
    login.add_argument("--client-id", metavar="ID", help="the Zid app's client id")
    login.add_argument(
        "--client-secret", metavar="S", help="the Zid app's client secret (saved in the keyring)"
    )
    login.add_argument(
        "--redirect-uri", metavar="URI",
        help="the registered callback URL: http://127.0.0.1:PORT/callback, or a relay page",
    )
    login.add_argument("--port", type=int, metavar="N", help="loopback callback port")
    login.add_argument(
        "--with-tokens", action="store_true",
        help="read tokens as JSON from stdin (authorization, access_token, refresh_token, "
        "expires_in, optional store_id) instead of opening the browser",
    )
    login.add_argument("--no-browser", action="store_true", help="only print the sign-in link")
    login.add_argument("--timeout", type=float, default=300, help=argparse.SUPPRESS)
    login.add_argument("--debug", action="store_true", help="verbose (redacted) log file")
    login.set_defaults(func=run_login)

    logout = subparsers.add_parser("logout", help="sign out: delete the saved tokens")
    logout.add_argument(
        "--delete-cache", action="store_true",
        help="also delete the local copy of the store (pending edits are lost)",
    )
    logout.add_argument(
        "--forget-client-secret", action="store_true",
        help="also delete the app's client secret from the keyring",
    )
    logout.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    logout.set_defaults(func=run_logout)


def _fail(message: str, code: int = 1) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _debug(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "debug", False) or os.environ.get("ZID_DESK_DEBUG"))


def run_login(args: argparse.Namespace) -> int:
    profile = Profile.resolve(args.profile).ensure()
    setup_logging(profile, debug=_debug(args))
    try:
        if args.with_tokens:
            return _login_with_tokens(profile, args)
        return _login_in_browser(profile, args)
    except ZidError as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("sign-in cancelled", 130)


def _login_with_tokens(profile: Profile, args: argparse.Namespace) -> int:
    from zid_desk.api.client import make_http_client

    try:
        data = json.loads(sys.stdin.read())
    except ValueError:
        return _fail("--with-tokens expects a JSON object on stdin")
    if not isinstance(data, dict):
        return _fail("--with-tokens expects a JSON object on stdin")
    for key in ("authorization", "Authorization", "access_token", "refresh_token"):
        if isinstance(data.get(key), str):
            register_secret(data[key])

    async def run() -> Any:
        async with make_http_client() as http:
            return await login_with_tokens(
                profile, http, data, api_base=args.api_base, oauth_base=args.oauth_base
            )

    store = asyncio.run(run())
    _report_signed_in(profile, store.store_id, store.store_title, store.manager_name)
    return 0


def _login_in_browser(profile: Profile, args: argparse.Namespace) -> int:
    from zid_desk.api.client import make_http_client

    settings = Settings.load(profile.settings_path)
    if args.api_base:
        settings.api_base = args.api_base.rstrip("/")
    if args.oauth_base:
        settings.oauth_base = args.oauth_base.rstrip("/")
    if args.client_id:
        settings.client_id = args.client_id
    if args.port is not None:
        if not 0 < args.port < 65536:
            return _fail(f"--port {args.port} is not a port number")
        settings.callback_port = args.port
        if not args.redirect_uri and is_loopback_uri(settings.redirect_uri):
            settings.redirect_uri = loopback_uri(args.port)
    if args.redirect_uri:
        settings.redirect_uri = args.redirect_uri
        parts = urlsplit(args.redirect_uri)
        if is_loopback_uri(args.redirect_uri) and parts.port and args.port is None:
            settings.callback_port = parts.port  # keep the shown port in step
    if not settings.client_id:
        return _fail("no client id: pass --client-id ID (from the Zid Partner Dashboard)")
    store = TokenStore()
    if args.client_secret:
        register_secret(args.client_secret)
        store.save_client_secret(settings.client_id, args.client_secret)
    secret = args.client_secret or store.load_client_secret(settings.client_id)
    settings.save(profile.settings_path)  # remember what was given, even if sign-in fails
    if not secret:
        return _fail(
            "no client secret saved for this client id: pass --client-secret S once "
            "(it is kept in the keyring)"
        )
    if store.warning:
        print(f"warning: {store.warning}", file=sys.stderr)

    def show_url(url: str) -> None:
        print("Open this address in a web browser to sign in to Zid:", flush=True)
        print(url, flush=True)
        print("Waiting for the browser...", flush=True)

    def open_browser(url: str) -> bool:
        if args.no_browser or not _can_open_browser():
            return False
        # webbrowser may block (console browsers); never hold up the listener for it
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        return True

    async def run() -> Any:
        async with make_http_client() as http:
            return await sign_in(
                http=http, settings=settings, client_secret=secret, open_browser=open_browser,
                on_url=show_url, timeout=args.timeout,
            )

    result = asyncio.run(run())
    save_sign_in(profile, settings, result)
    store_profile = result.profile
    _report_signed_in(profile, store_profile.store_id, store_profile.store_title,
                      store_profile.manager_name)
    return 0


def _can_open_browser() -> bool:
    """On Linux without a display, `webbrowser` would start a console browser in this
    terminal; printing the link is better there."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def _report_signed_in(profile: Profile, store_id: str, title: str, manager: str) -> None:
    who = f" as {manager}" if manager else ""
    name = f"{title} " if title else ""
    print(f"Signed in to store {name}(id {store_id}){who}.")
    info = describe(profile)
    if info.get("expires_at"):
        print(f"Tokens expire at {info['expires_at']}.")
    if info.get("warning"):
        print(f"warning: {info['warning']}", file=sys.stderr)


def run_logout(args: argparse.Namespace) -> int:
    profile = Profile.resolve(args.profile).ensure()
    setup_logging(profile, debug=_debug(args))
    settings = Settings.load(profile.settings_path)
    store_id = settings.store_id
    try:
        sign_out(
            profile, keep_cache=not args.delete_cache,
            forget_client_secret=args.forget_client_secret,
        )
    except ZidError as exc:
        return _fail(str(exc))
    if not store_id:
        print("Not signed in.")
        return 0
    print(f"Signed out of store {store_id}.")
    if args.delete_cache:
        print("The local copy of the store was deleted.")
    else:
        print(f"The local copy of the store was kept ({profile.cache_path(store_id)}).")
    return 0
