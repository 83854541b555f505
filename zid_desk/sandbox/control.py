"""Test controls under `/_sandbox/` (never on Zid paths): stats, faults, tokens, sales,
remote product edits, clock. See the package docstring for the list."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zid_desk.sandbox.http import error_response, state_of
from zid_desk.sandbox.state import (
    FAULT_KINDS,
    FaultRule,
    SandboxHTTPError,
)


async def _body(request: Request) -> dict[str, Any]:
    import json

    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise SandboxHTTPError(400, {"detail": "Malformed JSON body."}) from None
    if not isinstance(data, dict):
        raise SandboxHTTPError(400, {"detail": "Expected a JSON object."})
    return data


def _guard(fn: Any) -> Any:
    async def wrapper(request: Request) -> Response:
        try:
            return await fn(request)
        except SandboxHTTPError as err:
            return error_response(err)
        except (TypeError, ValueError) as exc:
            return JSONResponse({"detail": f"Bad control request: {exc}"}, status_code=400)

    wrapper.__name__ = fn.__name__
    return wrapper


@_guard
async def info(request: Request) -> Response:
    return JSONResponse(request.app.state.info)


@_guard
async def stats(request: Request) -> Response:
    return JSONResponse(state_of(request).stats_json())


@_guard
async def reset_stats(request: Request) -> Response:
    state_of(request).reset_stats()
    return JSONResponse({"ok": True})


@_guard
async def add_fault(request: Request) -> Response:
    body = await _body(request)
    kind = str(body.get("kind", ""))
    if kind not in FAULT_KINDS:
        raise SandboxHTTPError(400, {"kind": [f"One of {', '.join(FAULT_KINDS)}."]})
    latency = body.get("latency_ms")
    if kind == "latency" and not latency:
        raise SandboxHTTPError(400, {"latency_ms": ["Required for kind=latency."]})
    rule = FaultRule(
        kind=kind,
        remaining=int(body.get("count", 1)),
        path_prefix=body.get("path_prefix"),
        method=body.get("method"),
        latency_ms=int(latency) if latency is not None else None,
        retry_after=int(body["retry_after"]) if body.get("retry_after") is not None else None,
    )
    state_of(request).add_fault(rule)
    return JSONResponse(rule.to_json(), status_code=201)


@_guard
async def list_faults(request: Request) -> Response:
    state = state_of(request)
    with state.lock:
        return JSONResponse([r.to_json() for r in state.faults])


@_guard
async def clear_faults(request: Request) -> Response:
    state = state_of(request)
    with state.lock:
        state.faults.clear()
    return JSONResponse({"ok": True})


@_guard
async def expire_tokens(request: Request) -> Response:
    return JSONResponse({"expired": state_of(request).expire_tokens()})


@_guard
async def revoke_tokens(request: Request) -> Response:
    return JSONResponse({"revoked": state_of(request).revoke_tokens()})


@_guard
async def issue_tokens(request: Request) -> Response:
    state = state_of(request)
    return JSONResponse(state.issue_grant().as_response(state.now()))


@_guard
async def sales(request: Request) -> Response:
    body = await _body(request)
    done = state_of(request).simulate_sales(int(body.get("count", 1)))
    return JSONResponse({"sales": done, "count": len(done)})


@_guard
async def auto_sales(request: Request) -> Response:
    body = await _body(request)
    auto = state_of(request).auto_sales
    auto.set(int(body.get("interval_ms", 0)))
    return JSONResponse({"interval_ms": auto.interval_ms})


@_guard
async def change_product(request: Request) -> Response:
    state = state_of(request)
    body = await _body(request)
    p = state.change_product(request.path_params["product_id"], body)
    with state.lock:
        return JSONResponse(state.stock_summary(p) | {"name": dict(p.name), "price": p.price})


@_guard
async def add_product(request: Request) -> Response:
    state = state_of(request)
    body = await _body(request)
    p = state.add_product(body)
    with state.lock:
        return JSONResponse(state.stock_summary(p) | {"name": dict(p.name)}, status_code=201)


@_guard
async def delete_product(request: Request) -> Response:
    return JSONResponse({"deleted": state_of(request).delete_product(
        request.path_params["product_id"])})


@_guard
async def stock(request: Request) -> Response:
    state = state_of(request)
    with state.lock:
        p = state.products.get(request.path_params["product_id"])
        if p is None:
            raise SandboxHTTPError(404, {"detail": "Not found."})
        return JSONResponse(state.stock_summary(p))


@_guard
async def advance_clock(request: Request) -> Response:
    body = await _body(request)
    state = state_of(request)
    state.advance_clock(float(body.get("seconds", 0)))
    return JSONResponse({"clock_offset": state.clock_offset})


@_guard
async def config(request: Request) -> Response:
    """Change rate_limit / burst / batch_max / throttle_max_delay / multi_inventory."""
    body = await _body(request)
    state = state_of(request)
    with state.lock:
        if "rate_limit" in body:
            state.rate_limit = int(body["rate_limit"])
        if "burst" in body:
            state.burst = int(body["burst"])
        if "batch_max" in body:
            state.batch_max = int(body["batch_max"])
        if "throttle_max_delay" in body:
            state.throttle_max_delay = float(body["throttle_max_delay"])
        if "multi_inventory" in body:
            state.multi_inventory = bool(body["multi_inventory"])
        return JSONResponse({"rate_limit": state.rate_limit, "burst": state.burst,
                             "batch_max": state.batch_max,
                             "throttle_max_delay": state.throttle_max_delay,
                             "multi_inventory": state.multi_inventory})


ROUTES = [
    Route("/_sandbox/info", info, methods=["GET"]),
    Route("/_sandbox/stats", stats, methods=["GET"]),
    Route("/_sandbox/stats/reset", reset_stats, methods=["POST"]),
    Route("/_sandbox/faults", add_fault, methods=["POST"]),
    Route("/_sandbox/faults", list_faults, methods=["GET"]),
    Route("/_sandbox/faults", clear_faults, methods=["DELETE"]),
    Route("/_sandbox/tokens/expire", expire_tokens, methods=["POST"]),
    Route("/_sandbox/tokens/revoke", revoke_tokens, methods=["POST"]),
    Route("/_sandbox/tokens/issue", issue_tokens, methods=["POST"]),
    Route("/_sandbox/sales", sales, methods=["POST"]),
    Route("/_sandbox/sales/auto", auto_sales, methods=["POST"]),
    Route("/_sandbox/products/{product_id}/touch", change_product, methods=["POST"]),
    Route("/_sandbox/products", add_product, methods=["POST"]),
    Route("/_sandbox/products/{product_id}", delete_product, methods=["DELETE"]),
    Route("/_sandbox/stock/{product_id}", stock, methods=["GET"]),
    Route("/_sandbox/clock/advance", advance_clock, methods=["POST"]),
    Route("/_sandbox/config", config, methods=["POST"]),
]
