"""Sign-in to Zid: OAuth authorization-code flow in the system browser with a loopback
redirect (RFC 8252 §7.3), optionally through a hosted relay page.

- `LoopbackReceiver`: a one-shot asyncio HTTP listener on 127.0.0.1:<port> that serves
  only the callback path, checks `state`, and answers with a bilingual result page.
- `OAuthClient`: the token endpoint (code exchange and refresh).
- `sign_in()`: the whole flow, for the CLI and the sign-in dialog.

PKCE is not used: Zid documents no code_challenge support (zid-api.md §2.1).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import html
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit

import httpx

from zid_desk.api.client import ZidClient
from zid_desk.api.errors import NetworkError, OAuthError, ServerError, ZidError
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.auth.token_store import TokenStore
from zid_desk.domain import StoreProfile, Tokens
from zid_desk.logs import register_secret
from zid_desk.settings import Settings

log = logging.getLogger(__name__)

CALLBACK_PATH = "/callback"
DEFAULT_TIMEOUT = 300.0  # 5 minutes for the merchant to approve in the browser
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class SignInError(ZidError):
    """Sign-in did not complete. `reason` is one of: port_busy, timeout, denied,
    state_mismatch, bad_callback, config."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# --------------------------------------------------------------------------------------
# Redirect URIs: loopback or relay
# --------------------------------------------------------------------------------------


def loopback_uri(port: int, path: str = CALLBACK_PATH) -> str:
    return f"http://127.0.0.1:{port}{path}"


def effective_redirect_uri(settings: Settings) -> str:
    """The registered callback URL: the setting, or the loopback URL on callback_port."""
    return settings.redirect_uri.strip() or loopback_uri(settings.callback_port)


def is_loopback_uri(uri: str) -> bool:
    parts = urlsplit(uri)
    return parts.scheme == "http" and (parts.hostname or "") in LOOPBACK_HOSTS


def listener_address(settings: Settings) -> tuple[int, str]:
    """(port, path) the loopback listener must serve.

    Loopback mode, when the registered redirect URI is http://127.0.0.1:<port>/callback
    (or localhost): exactly that port (Zid matches the URI exactly). Relay mode, for any
    other URI (a hosted page that forwards `code` and `state`): `callback_port` and
    /callback, which is where the relay page sends them."""
    uri = effective_redirect_uri(settings)
    parts = urlsplit(uri)
    if is_loopback_uri(uri) and parts.path == CALLBACK_PATH:
        if parts.port is None:
            raise SignInError(
                f"The callback URL {uri} has no port. Use http://127.0.0.1:<port>/callback "
                "and register exactly that URL in the Zid Partner Dashboard.",
                reason="config",
            )
        return parts.port, CALLBACK_PATH
    return settings.callback_port, CALLBACK_PATH


def authorize_url(oauth_base: str, *, client_id: str, redirect_uri: str, state: str) -> str:
    """The authorize request of zid-api.md §2.2 (client_id, redirect_uri, response_type,
    and `state`, which the server echoes: §13.6)."""
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "state": state,
        }
    )
    return f"{oauth_base.rstrip('/')}/oauth/authorize?{query}"


def new_state(port: int) -> str:
    """A random state, suffixed with the listener port. The relay page reads the port
    from the state's ".<port>" suffix (the relay URL itself must stay fixed)."""
    return f"{secrets.token_urlsafe(24)}.{port}"


# --------------------------------------------------------------------------------------
# The loopback listener
# --------------------------------------------------------------------------------------

_PAGE_STYLE = (
    "body{font-family:system-ui,'Noto Sans','Noto Sans Arabic',sans-serif;max-width:36em;"
    "margin:3em auto;padding:0 1em;line-height:1.5;color:#222}"
    "section{margin:1.5em 0;padding:1em 1.2em;border-radius:8px;background:#f4f6f8}"
    "h1{font-size:1.3em;margin:0 0 .4em}p{margin:.2em 0}.err{background:#fdecea}"
)

_MESSAGES: dict[str, tuple[str, str, str, str]] = {
    # reason: (English title, English text, Arabic title, Arabic text)
    "ok": (
        "Signed in to Zid Desk",
        "You can close this window and return to Zid Desk.",
        "تم تسجيل الدخول إلى Zid Desk",
        "يمكنك إغلاق هذه النافذة والعودة إلى Zid Desk.",
    ),
    "denied": (
        "Sign-in cancelled",
        "Access was not approved. Close this window and try again from Zid Desk if needed.",
        "تم إلغاء تسجيل الدخول",
        "لم تتم الموافقة على الوصول. أغلق هذه النافذة وحاول مجددًا من Zid Desk عند الحاجة.",
    ),
    "state_mismatch": (
        "Sign-in rejected",
        "This answer does not belong to the sign-in Zid Desk started (wrong state). "
        "Close this window and start the sign-in again from Zid Desk.",
        "تم رفض تسجيل الدخول",
        "هذا الرد لا يخص عملية تسجيل الدخول التي بدأها Zid Desk (حالة غير مطابقة). "
        "أغلق هذه النافذة وابدأ تسجيل الدخول من جديد.",
    ),
    "error": (
        "Sign-in failed",
        "Zid answered with an error. Close this window and try again from Zid Desk.",
        "فشل تسجيل الدخول",
        "أعاد Zid خطأً. أغلق هذه النافذة وحاول مجددًا من Zid Desk.",
    ),
}


def result_page(reason: str, detail: str = "") -> str:
    """The small bilingual page shown in the browser after the redirect."""
    en_title, en_text, ar_title, ar_text = _MESSAGES.get(reason, _MESSAGES["error"])
    cls = "" if reason == "ok" else " class=err"
    extra = f"<p><code>{html.escape(detail)}</code></p>" if detail else ""
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        '<meta name=referrer content="no-referrer">'
        f"<title>Zid Desk: {html.escape(en_title)}</title><style>{_PAGE_STYLE}</style></head>"
        f"<body><section{cls} lang=ar dir=rtl><h1>{ar_title}</h1><p>{ar_text}</p>{extra}</section>"
        f"<section{cls} lang=en dir=ltr><h1>{en_title}</h1><p>{en_text}</p>{extra}</section>"
        "</body></html>"
    )


class LoopbackReceiver:
    """One-shot listener for the OAuth redirect on 127.0.0.1 only.

    Serves only `path` (everything else gets 404, so favicon or prefetch requests cannot
    consume it), checks `state`, answers with a bilingual page, and resolves once: with
    the code, or with a SignInError (denied, wrong state). `wait()` gives up after
    `timeout` seconds. Use as `async with LoopbackReceiver(...) as rx: code = await rx.wait()`.
    """

    def __init__(
        self,
        port: int,
        *,
        expected_state: str,
        path: str = CALLBACK_PATH,
        timeout: float = DEFAULT_TIMEOUT,
        host: str = "127.0.0.1",
    ) -> None:
        self.port = port
        self.path = path
        self.host = host
        self.timeout = timeout
        self._state = expected_state
        self._server: asyncio.Server | None = None
        self._result: asyncio.Future[str] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}{self.path}"

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._result = loop.create_future()
        try:
            self._server = await asyncio.start_server(
                self._handle, host=self.host, port=self.port
            )
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES) or "in use" in str(exc):
                raise SignInError(
                    f"Port {self.port} on 127.0.0.1 is busy (another sign-in or program is "
                    "using it). Close that program, or pick another callback port in the "
                    "settings and register the matching callback URL with Zid.",
                    reason="port_busy",
                ) from exc
            raise
        self.port = self._server.sockets[0].getsockname()[1]  # port 0 → the chosen one

    async def wait(self) -> str:
        """The authorization code. Raises SignInError on timeout, denial or wrong state."""
        assert self._result is not None, "start() first"
        try:
            return await asyncio.wait_for(asyncio.shield(self._result), self.timeout)
        except TimeoutError:
            minutes = self.timeout / 60
            span = (f"{minutes:g} minute{'s' if minutes != 1 else ''}" if self.timeout >= 60
                    else f"{self.timeout:g} second{'s' if self.timeout != 1 else ''}")
            raise SignInError(
                f"No answer from the browser after {span}: sign-in cancelled. Start it again "
                "and approve access in the browser (or open the sign-in link by hand).",
                reason="timeout",
            ) from None
        finally:
            await self.close()

    async def close(self) -> None:
        if self._server is not None:
            server, self._server = self._server, None
            server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2)
        if self._result is not None and not self._result.done():
            self._result.cancel()

    async def __aenter__(self) -> LoopbackReceiver:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- one HTTP exchange -----------------------------------------------------------------
    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            status, body = self._respond(head)
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError):
            status, body = 400, result_page("error", "bad request")
        except Exception:  # a bug: answer the browser anyway, then let it show in the log
            log.exception("loopback callback handler failed")
            status, body = 500, result_page("error")
        payload = body.encode("utf-8")
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}
        headers = (
            f"HTTP/1.1 {status} {reason.get(status, 'Error')}\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(payload)}\r\n"
            "Cache-Control: no-store\r\n"
            "Referrer-Policy: no-referrer\r\n"
            "Connection: close\r\n\r\n"
        )
        with contextlib.suppress(ConnectionError):
            writer.write(headers.encode("ascii") + payload)
            await writer.drain()
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()

    def _respond(self, head: bytes) -> tuple[int, str]:
        request_line = head.split(b"\r\n", 1)[0].decode("latin-1")
        parts = request_line.split(" ")
        if len(parts) != 3:
            return 400, result_page("error", "bad request")
        method, target, _version = parts
        url = urlsplit(target)
        if url.path != self.path:
            return 404, "<!doctype html><title>Not found</title><p>Not found</p>"
        if method != "GET":
            return 405, result_page("error", "method not allowed")
        assert self._result is not None
        if self._result.done():  # one-shot: a second callback changes nothing
            return 400, result_page("error", "this sign-in link was already used")
        query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        state = query.get("state", "")
        if not secrets.compare_digest(state.encode(), self._state.encode()):
            self._result.set_exception(
                SignInError(
                    "The browser returned an answer for a different sign-in (wrong state); "
                    "it was rejected. Start the sign-in again.",
                    reason="state_mismatch",
                )
            )
            return 400, result_page("state_mismatch")
        if "error" in query:
            error = query["error"] or "error"
            description = query.get("error_description", "")
            if error == "access_denied":
                self._result.set_exception(
                    SignInError("Access was not approved in the browser.", reason="denied")
                )
                return 200, result_page("denied")
            message = f"Zid refused the sign-in: {error}" + (
                f" ({description})" if description else ""
            )
            self._result.set_exception(SignInError(message, reason="denied"))
            return 200, result_page("error", f"{error} {description}".strip())
        code = query.get("code", "")
        if not code:
            self._result.set_exception(
                SignInError("The browser came back without a sign-in code.", reason="bad_callback")
            )
            return 400, result_page("error", "no code")
        register_secret(code)
        self._result.set_result(code)
        return 200, result_page("ok")


# --------------------------------------------------------------------------------------
# Token endpoint
# --------------------------------------------------------------------------------------

# Token-endpoint answers that mean the saved sign-in is dead (revoked, app uninstalled,
# refresh token rotated away): the user must sign in again.
DEAD_GRANT_CODES = frozenset({"invalid_grant", "invalid_token", "access_denied"})


class OAuthClient:
    """Calls `POST {oauth_base}/oauth/token` with a form body (zid-api.md §2.3; the server
    also accepts JSON, §13.5). Reads JSON answers, and form-encoded ones if a server
    sends that."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        oauth_base: str,
        client_id: str,
        client_secret: str,
        redirect_uri: str,
    ) -> None:
        self._http = http
        self.token_url = f"{oauth_base.rstrip('/')}/oauth/token"
        self.client_id = client_id
        self._client_secret = client_secret
        self.redirect_uri = redirect_uri

    def __repr__(self) -> str:
        return f"OAuthClient(token_url={self.token_url!r}, client_id={self.client_id!r})"

    async def exchange_code(self, code: str) -> Tokens:
        return await self._grant({"grant_type": "authorization_code", "code": code})

    async def refresh(self, refresh_token: str) -> Tokens:
        """New tokens. `redirect_uri` is sent on refresh too, as Zid's SDK and skill do and
        the emulator requires (zid-api.md §2.5, §13.3). If the answer carries no new
        refresh token (no rotation, §13.4), the old one is kept."""
        if not refresh_token:
            raise OAuthError("No refresh token saved: sign in again.", code="invalid_grant")
        tokens = await self._grant({"grant_type": "refresh_token", "refresh_token": refresh_token})
        if not tokens.refresh_token:
            tokens = Tokens(
                tokens.authorization, tokens.access_token, refresh_token, tokens.expires_at
            )
        return tokens

    async def _grant(self, fields: dict[str, str]) -> Tokens:
        if not self.client_id or not self._client_secret:
            raise OAuthError(
                "The app's client id and client secret are needed: enter them in the sign-in "
                "settings (zid-desk login --client-id ID --client-secret S).",
                code="invalid_client",
            )
        form = {
            **fields,
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            "redirect_uri": self.redirect_uri,
        }
        try:
            response = await self._http.post(
                self.token_url, data=form, headers={"Accept": "application/json"}
            )
        except httpx.TransportError as exc:
            raise NetworkError(f"Cannot reach Zid's sign-in server ({self.token_url}).") from exc
        data = _parse_body(response)
        if response.status_code >= 500:
            raise ServerError(
                f"Zid's sign-in server failed (HTTP {response.status_code}); try again later.",
                status=response.status_code,
            )
        if response.status_code >= 300 or "error" in data:
            code = str(data.get("error") or ("invalid_grant" if response.status_code in (400, 401)
                                              else "server_error"))
            description = str(data.get("error_description") or data.get("message") or "")
            message = f"Zid refused the sign-in ({code})" + (
                f": {description}" if description else ""
            )
            raise OAuthError(message, code=code, status=response.status_code)
        try:
            tokens = Tokens.from_response(data)
        except ValueError as exc:
            raise OAuthError(
                "Zid's sign-in server answered without tokens.", code="invalid_response"
            ) from exc
        for value in (tokens.authorization, tokens.access_token, tokens.refresh_token):
            register_secret(value)
        return tokens


def _parse_body(response: httpx.Response) -> dict[str, Any]:
    text = response.text
    ctype = response.headers.get("content-type", "")
    if "x-www-form-urlencoded" in ctype:
        return dict(parse_qsl(text))
    try:
        data = response.json()
    except ValueError:
        return {}
    if isinstance(data, dict) and isinstance(data.get("data"), dict) and "access_token" not in data:
        data = data["data"]  # tolerate an enveloped answer
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------------------
# The whole flow
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInResult:
    profile: StoreProfile
    tokens: Tokens
    secure_storage: bool = True
    warning: str = ""  # set when tokens are kept in memory only (no keyring)

    def __repr__(self) -> str:
        return f"SignInResult(store_id={self.profile.store_id!r}, secure={self.secure_storage})"


async def read_profile(
    http: httpx.AsyncClient, *, api_base: str, tokens: Tokens, lang: str = "en"
) -> StoreProfile:
    """The manager profile (who signed in, which store) with freshly issued tokens."""
    client = ZidClient(http, api_base=api_base, tokens=StaticTokenProvider(tokens), lang=lang)
    return await client.profile()


async def sign_in(
    *,
    http: httpx.AsyncClient,
    settings: Settings,
    client_secret: str,
    open_browser: Callable[[str], bool],
    on_url: Callable[[str], None],
    timeout: float = DEFAULT_TIMEOUT,
    lang: str = "en",
) -> SignInResult:
    """Run the sign-in: start the listener first, report the URL (`on_url`: the UI shows
    it with a Copy button, the CLI prints it), try to open the browser, wait for the
    redirect, exchange the code, read the profile (store id) and save the tokens and the
    client secret in the keyring. The caller records `settings.store_id` afterwards
    (see zid_desk.auth.session.remember_sign_in)."""
    if not settings.client_id:
        raise SignInError(
            "Enter the app's client id (from the Zid Partner Dashboard) before signing in.",
            reason="config",
        )
    if not client_secret:
        raise SignInError(
            "Enter the app's client secret (from the Zid Partner Dashboard) before signing in.",
            reason="config",
        )
    register_secret(client_secret)
    redirect_uri = effective_redirect_uri(settings)
    port, path = listener_address(settings)
    state = new_state(port)
    receiver = LoopbackReceiver(port, expected_state=state, path=path, timeout=timeout)
    await receiver.start()
    try:
        url = authorize_url(
            settings.oauth_base, client_id=settings.client_id, redirect_uri=redirect_uri,
            state=state,
        )
        on_url(url)
        try:
            opened = open_browser(url)
        except Exception:  # a broken browser launcher must not stop the sign-in
            log.warning("opening the browser failed", exc_info=True)
            opened = False
        log.info("sign-in started (browser opened: %s, listening on port %s)", opened, port)
        code = await receiver.wait()
    finally:
        await receiver.close()
    oauth = OAuthClient(
        http, oauth_base=settings.oauth_base, client_id=settings.client_id,
        client_secret=client_secret, redirect_uri=redirect_uri,
    )
    tokens = await oauth.exchange_code(code)
    profile = await read_profile(http, api_base=settings.api_base, tokens=tokens, lang=lang)
    store = TokenStore()
    await asyncio.to_thread(store.save, profile.store_id, tokens)
    await asyncio.to_thread(store.save_client_secret, settings.client_id, client_secret)
    log.info("signed in to store %s", profile.store_id)
    return SignInResult(profile, tokens, store.secure, store.warning)
