"""The sandbox ASGI app: routes plus an outer gate that counts requests, injects faults and
enforces the per-store leaky bucket before any /v1 handler runs."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zid_desk.sandbox import api, control, oauth
from zid_desk.sandbox.http import error_body_for
from zid_desk.sandbox.ratelimit import retry_after_header
from zid_desk.sandbox.state import SandboxState

log = logging.getLogger("zid_desk.sandbox")

_FAULT_TEXT = {
    "429": "Request was throttled. Expected available in {n} seconds.",
    "500": "A server error occurred.",
    "503": "Service temporarily unavailable, try again later.",
}


async def _not_found(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    path = request.url.path
    if exc.status_code == 405:
        return JSONResponse(error_body_for(path, 405, f'Method "{request.method}" not allowed.'),
                            status_code=405)
    return JSONResponse(error_body_for(path, exc.status_code, "Not found."),
                        status_code=exc.status_code)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("sandbox bug while handling %s %s", request.method, request.url.path,
                  exc_info=exc)
    return JSONResponse(error_body_for(request.url.path, 500, "A server error occurred."),
                        status_code=500)


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


async def _send_json(send: Send, status: int, body: Any, headers: dict[str, str] | None = None
                     ) -> None:
    raw = _json_bytes(body)
    hdrs = [(b"content-type", b"application/json"), (b"content-length", str(len(raw)).encode())]
    hdrs += [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": hdrs})
    await send({"type": "http.response.body", "body": raw})


class Gate:
    """Outermost ASGI layer (it sees uvicorn's own `send`, needed to drop connections)."""

    def __init__(self, app: ASGIApp, state: SandboxState, routes: list[BaseRoute]) -> None:
        self.app = app
        self.state = state
        self.routes = routes

    def template(self, scope: Scope) -> str:
        for route in self.routes:
            if isinstance(route, Route):
                match, _ = route.matches(scope)
                if match != Match.NONE:
                    return route.path
        return scope["path"]

    def store_key(self, scope: Scope) -> str:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        token = headers.get("access-token") or headers.get("x-manager-token")
        store = self.state.store_for_tokens(token)
        if store is not None:
            return str(store)
        return headers.get("store-id", "").strip() or "anonymous"

    def limited(self, path: str) -> bool:
        # §13.12: enforced on every /v1 endpoint by default, or only the product ones.
        if not path.startswith("/v1/"):
            return False
        if self.state.options.rate_limit_scope == "products":
            return path.startswith(("/v1/products", "/v1/locations"))
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_sandbox"):
            await self.app(scope, receive, send)
            return
        state = self.state
        method, path = scope["method"], scope["path"]
        state.record_request(method, self.template(scope))
        started = False

        async def counting_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                state.record_status(int(message["status"]))
            await send(message)

        rule = state.take_fault(method, path)
        if rule is not None:
            if rule.latency_ms:  # any fault may be delayed; kind "latency" is only a delay
                await asyncio.sleep(rule.latency_ms / 1000.0)
            if rule.kind == "latency":
                pass
            elif rule.kind == "drop":
                await self.drop(send)
                return
            else:
                status = int(rule.kind)
                headers = {}
                n = rule.retry_after if rule.retry_after is not None else 1
                if status in (429, 503):
                    headers["Retry-After"] = str(n)
                detail = _FAULT_TEXT[rule.kind].format(n=n)
                await _send_json(counting_send, status, error_body_for(path, status, detail),
                                 headers)
                return
        if self.limited(path):
            key = self.store_key(scope)
            wait = state.rate_check(key)
            # §13.13 optional throttling: Zid holds excess requests before rejecting them.
            # With throttle_max_delay > 0 a request waits (in total at most that long) for
            # the bucket, and only then gets 429.
            held = 0.0
            while wait > 0 and held + wait <= state.throttle_max_delay:
                await asyncio.sleep(wait)
                held += wait
                wait = state.rate_check(key)
            if wait > 0:
                with state.lock:
                    state.stats.rate_limited += 1
                secs = retry_after_header(wait)
                detail = _FAULT_TEXT["429"].format(n=secs)
                await _send_json(counting_send, 429, error_body_for(path, 429, detail),
                                 {"Retry-After": secs})
                return
            state.record_accepted()
        try:
            await self.app(scope, receive, counting_send)
        except Exception:
            # Starlette's error middleware has already answered (a Zid-shaped 500 via
            # _server_error) and re-raised for logging; swallow so uvicorn stays quiet.
            if not started:
                await _send_json(counting_send, 500,
                                 error_body_for(path, 500, "A server error occurred."))

    async def drop(self, send: Send) -> None:
        """Close the connection without any response (a 'dropped connection' fault)."""
        cycle = getattr(send, "__self__", None)
        transport = getattr(cycle, "transport", None)
        if transport is None:
            raise ConnectionAbortedError("sandbox: injected dropped connection")
        transport.abort()
        if cycle is not None and hasattr(cycle, "disconnected"):
            cycle.disconnected = True  # so uvicorn does not try to write a 500


def build_app(state: SandboxState, info: dict[str, Any]) -> ASGIApp:
    routes: list[BaseRoute] = [*oauth.ROUTES, *api.ROUTES, *control.ROUTES]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _not_found, Exception: _server_error},
    )
    # Trailing slashes matter (zid-api.md §1): the other form is a 404, not a redirect.
    assert isinstance(app.router, Router)
    app.router.redirect_slashes = False
    app.state.sandbox = state
    app.state.info = info
    return Gate(app, state, routes)
