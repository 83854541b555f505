"""OAuth 2.0 authorization-code flow of the sandbox (zid-api.md §2, §13.1-13.7)."""

from __future__ import annotations

import base64
import binascii
from html import escape
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from zid_desk.sandbox.http import read_form_or_json, state_of
from zid_desk.sandbox.state import SandboxHTTPError, SandboxState, oauth_error

PARAMS = ("client_id", "redirect_uri", "response_type", "state", "scope")


def _with_query(uri: str, params: dict[str, str]) -> str:
    parts = urlsplit(uri)
    query = parts.query + ("&" if parts.query else "") + urlencode(params)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _error_page(status: int, title_ar: str, title_en: str, detail: str) -> HTMLResponse:
    html = f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>Zid — {escape(title_en)}</title></head>
<body style="font-family:sans-serif;max-width:36em;margin:3em auto">
<h1>{escape(title_ar)}</h1><h2 dir="ltr">{escape(title_en)}</h2>
<p dir="ltr" id="error">{escape(detail)}</p></body></html>"""
    return HTMLResponse(html, status_code=status)


def _validate(state: SandboxState, params: dict[str, str]) -> HTMLResponse | None:
    """Unknown client or unregistered redirect_uri: an error page, never a redirect
    (exact match against the registered list, zid-api.md §2.1, §13.7)."""
    if params.get("client_id") != state.client_id:
        return _error_page(400, "تطبيق غير معروف", "Unknown application",
                           "invalid_client: the client_id is not registered.")
    if params.get("redirect_uri") not in state.redirect_uris:
        return _error_page(400, "رابط إعادة التوجيه غير مسجل", "Redirect URI not registered",
                           "invalid_request: redirect_uri does not exactly match a registered "
                           "callback URL.")
    return None


def _consent_page(state: SandboxState, params: dict[str, str]) -> HTMLResponse:
    hidden = "\n".join(
        f'<input type="hidden" name="{k}" value="{escape(params[k], quote=True)}">'
        for k in PARAMS if k in params
    )
    title_ar, title_en = state.store_title("ar"), state.store_title("en")
    html = f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>زد — السماح بالوصول / Zid — Authorize access</title></head>
<body style="font-family:sans-serif;max-width:36em;margin:3em auto">
<h1>السماح لتطبيق Zid Desk بالوصول إلى متجرك</h1>
<p>المتجر: {escape(title_ar)}</p>
<p>سيتمكن التطبيق من قراءة المنتجات والمخزون والمستودعات والطلبات وتعديل المخزون.</p>
<div dir="ltr">
<h2>Allow Zid Desk to access your store</h2>
<p>Store: {escape(title_en)}</p>
<p>The app will be able to read products, stock, locations and orders, and update stock.</p>
</div>
<form method="post" action="/oauth/authorize">
{hidden}
<button type="submit" id="approve" name="decision" value="approve">موافقة / Approve</button>
<button type="submit" id="deny" name="decision" value="deny">رفض / Deny</button>
</form></body></html>"""
    return HTMLResponse(html)


async def authorize_get(request: Request) -> Response:
    state = state_of(request)
    params = {k: v for k, v in request.query_params.items() if k in PARAMS}
    bad = _validate(state, params)
    if bad is not None:
        return bad
    if params.get("response_type") != "code":
        return RedirectResponse(_with_query(params["redirect_uri"], {
            "error": "unsupported_response_type", **_state_param(params)}), status_code=302)
    return _consent_page(state, params)


def _state_param(params: dict[str, str]) -> dict[str, str]:
    # zid-api.md §13.6: `state` is echoed back unchanged.
    return {"state": params["state"]} if "state" in params else {}


async def authorize_post(request: Request) -> Response:
    state = state_of(request)
    try:
        form = await read_form_or_json(request)
    except SandboxHTTPError:
        return _error_page(400, "طلب غير صالح", "Bad request", "The form could not be read.")
    params = {k: v for k, v in form.items() if k in PARAMS}
    bad = _validate(state, params)
    if bad is not None:
        return bad
    decision = form.get("decision")
    redirect_uri = params["redirect_uri"]
    if decision == "approve":
        code = state.new_code(redirect_uri)
        target = _with_query(redirect_uri, {"code": code, **_state_param(params)})
    elif decision == "deny":
        # §13.6: denial redirects with error=access_denied (and state).
        target = _with_query(redirect_uri, {"error": "access_denied", **_state_param(params)})
    else:
        return _error_page(400, "طلب غير صالح", "Bad request",
                           "decision must be approve or deny.")
    return RedirectResponse(target, status_code=302)


def _basic_client_credentials(request: Request, form: dict[str, str]) -> None:
    """Zid's docs put client_id/client_secret in the body; HTTP Basic (RFC 6749 §2.3.1) is
    accepted too when the body lacks them."""
    auth = request.headers.get("authorization", "")
    if "client_id" in form or not auth.lower().startswith("basic "):
        return
    try:
        raw = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return
    client_id, _, secret = raw.partition(":")
    form["client_id"], form["client_secret"] = unquote(client_id), unquote(secret)


async def token(request: Request) -> Response:
    state = state_of(request)
    try:
        form = await read_form_or_json(request)
        _basic_client_credentials(request, form)
        grant_type = form.get("grant_type", "")
        if grant_type not in ("authorization_code", "refresh_token"):
            raise oauth_error(400, "unsupported_grant_type",
                              "grant_type must be authorization_code or refresh_token.")
        if form.get("client_id") != state.client_id or \
                form.get("client_secret") != state.client_secret:
            raise oauth_error(401, "invalid_client", "Client authentication failed.")
        if grant_type == "authorization_code":
            code, redirect_uri = form.get("code", ""), form.get("redirect_uri", "")
            if not code or not redirect_uri:
                raise oauth_error(400, "invalid_request", "code and redirect_uri are required.")
            grant = state.exchange_code(code, redirect_uri)
        else:
            refresh_token = form.get("refresh_token", "")
            if not refresh_token:
                raise oauth_error(400, "invalid_request", "refresh_token is required.")
            grant = state.refresh(refresh_token, form.get("redirect_uri"))
    except SandboxHTTPError as err:
        return JSONResponse(err.body, status_code=err.status, headers=err.headers)
    return JSONResponse(grant.as_response(state.now()),
                        headers={"Cache-Control": "no-store", "Pragma": "no-cache"})


ROUTES = [
    Route("/oauth/authorize", authorize_get, methods=["GET"]),
    Route("/oauth/authorize", authorize_post, methods=["POST"]),
    Route("/oauth/token", token, methods=["POST"]),
]
