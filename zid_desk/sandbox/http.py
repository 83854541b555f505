"""Small HTTP helpers shared by the sandbox's route modules: error shapes per Zid service,
body parsing that never lets a malformed request become a 500, language, auth checks."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse

from zid_desk.sandbox.state import SandboxHTTPError, SandboxState


def state_of(request: Request) -> SandboxState:
    state: SandboxState = request.app.state.sandbox
    return state


def lang_of(request: Request) -> str:
    """`Accept-Language: ar` (or ar-SA, or a list starting with ar) → "ar", else "en"."""
    raw = request.headers.get("accept-language", "")
    first = raw.split(",")[0].split(";")[0].strip().lower()
    return "ar" if first.startswith("ar") else "en"


def is_managers_path(path: str) -> bool:
    return path.startswith(("/v1/managers", "/v1/settings"))


def drf_error(status: int, body: Any, headers: dict[str, str] | None = None) -> SandboxHTTPError:
    """Product component errors: DRF shapes, `{"detail": ...}` or `{"field": ["msg"]}`
    (zid-api.md §10, §13.14/13.15: 400 with field errors)."""
    return SandboxHTTPError(status, body, headers)


_CODES = {400: ("bad_request", "Bad Request"), 401: ("unauthorized", "Unauthorized"),
          403: ("forbidden", "Forbidden"), 404: ("not_found", "Not Found"),
          405: ("method_not_allowed", "Method Not Allowed"),
          422: ("validation_failed", "Validation Failed"),
          429: ("too_many_requests", "Too Many Requests"),
          500: ("server_error", "Server Error"),
          503: ("service_unavailable", "Service Unavailable")}


def managers_body(status: int, description: str, errors: dict[str, list[str]] | None = None
                  ) -> dict[str, Any]:
    """Managers API error envelope (zid-api.md §1, §10, §13.14)."""
    code, name = _CODES.get(status, ("error", "Error"))
    body: dict[str, Any] = {"status": "error",
                            "message": {"type": "error", "code": code, "name": name,
                                        "description": description}}
    if errors:
        body["errors"] = errors
    return body


def managers_error(status: int, description: str, errors: dict[str, list[str]] | None = None,
                   headers: dict[str, str] | None = None) -> SandboxHTTPError:
    return SandboxHTTPError(status, managers_body(status, description, errors), headers)


def error_body_for(path: str, status: int, detail: str) -> dict[str, Any]:
    """The body a generic failure (404/405/429/500/503) has on this path's service."""
    if is_managers_path(path):
        return managers_body(status, detail)
    if path.startswith("/oauth"):
        return {"error": _CODES.get(status, ("error", ""))[0], "error_description": detail}
    return {"detail": detail}


def error_response(err: SandboxHTTPError) -> JSONResponse:
    return JSONResponse(err.body, status_code=err.status, headers=err.headers)


async def read_json(request: Request, *, managers: bool = False) -> Any:
    raw = await request.body()
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        msg = f"JSON parse error - {exc}"
        if managers:
            raise managers_error(422, msg) from None
        raise drf_error(400, {"detail": msg}) from None


async def read_form_or_json(request: Request) -> dict[str, str]:
    """OAuth bodies: form-encoded (docs) or JSON (official samples); zid-api.md §13.5."""
    raw = await request.body()
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/json" or raw[:1] in (b"{", b"["):
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise SandboxHTTPError(400, {"error": "invalid_request",
                                         "error_description": "Malformed JSON body."}) from None
        if not isinstance(data, dict):
            raise SandboxHTTPError(400, {"error": "invalid_request",
                                         "error_description": "Expected a JSON object."})
        return {str(k): "" if v is None else str(v) for k, v in data.items()}
    try:
        return dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    except UnicodeDecodeError:
        raise SandboxHTTPError(400, {"error": "invalid_request",
                                     "error_description": "Body is not UTF-8."}) from None


def bearer_of(request: Request) -> tuple[bool, str | None]:
    """(header present, token). §13.9: the `Bearer ` prefix is required."""
    auth = request.headers.get("authorization")
    if auth is None:
        return False, None
    parts = auth.strip().split(None, 1)
    if len(parts) == 2 and parts[0].lower() == "bearer" and parts[1].strip():
        return True, parts[1].strip()
    return True, None


def access_token_of(request: Request, *, managers: bool) -> str | None:
    """§13.8: Access-Token and X-Manager-Token carry the same token; both are accepted on
    every endpoint (lenient default), the documented one first."""
    h = request.headers
    if managers:
        return h.get("x-manager-token") or h.get("access-token")
    return h.get("access-token") or h.get("x-manager-token")


_AUTH_MESSAGES = {
    "missing_authorization": "Authentication credentials were not provided.",
    "bad_bearer": "Invalid token header. The Authorization header must be 'Bearer <token>'.",
    "missing_access_token": "Authentication credentials were not provided.",
    "invalid_token": "Invalid token.",
    "expired": "Token has expired.",
    "revoked": "Token has been revoked.",
}


def _token_problem(request: Request, state: SandboxState, *, managers: bool) -> str | None:
    present, bearer = bearer_of(request)
    if not present:
        return "missing_authorization"
    if bearer is None:
        return "bad_bearer"
    return state.token_problem(bearer, access_token_of(request, managers=managers))


def check_component(request: Request) -> SandboxState:
    """Headers of the product component (/products, /locations): zid-api.md §3.
    Tokens → 401 `{"detail"}`; Store-Id missing → 401 No such user (§13.11, [3p] capture);
    Store-Id of another store → 403; Role optional but must be Manager (§13.10: a Customer
    view is not emulated, it gets 403)."""
    state = state_of(request)
    problem = _token_problem(request, state, managers=False)
    if problem:
        raise drf_error(401, {"detail": _AUTH_MESSAGES[problem]},
                        {"WWW-Authenticate": 'Bearer realm="api"'})
    store = request.headers.get("store-id", "").strip()
    if not store.isdigit():
        raise drf_error(401, {"detail": "No such user"})
    if int(store) != state.store_id:
        raise drf_error(403, {"detail": "You do not have permission to access this store."})
    role = request.headers.get("role")
    if role is not None and role.strip() != "Manager":
        raise drf_error(403, {"detail": "You do not have permission to perform this action. "
                                        "This endpoint requires the Manager role."})
    return state


def check_managers(request: Request, *, need_access: bool = True) -> SandboxState:
    """Headers of the managers API: Bearer + X-Manager-Token (Access-Token accepted too);
    the store comes from the token. `/v1/settings/countries` documents no manager token."""
    state = state_of(request)
    present, bearer = bearer_of(request)
    if not need_access and present and bearer:
        problem = state.bearer_problem(bearer)
    else:
        problem = _token_problem(request, state, managers=True)
    if problem:
        raise managers_error(401, _AUTH_MESSAGES[problem])
    return state
