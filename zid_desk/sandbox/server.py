"""Run a sandbox in-process (uvicorn in a daemon thread) and drive its test controls.

    with SandboxServer(SandboxOptions(products=50)) as sb:
        sb.api_base, sb.oauth_base, sb.info, sb.control.stats(), sb.state
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from typing import Any

import httpx
import uvicorn

from zid_desk.sandbox.app import build_app
from zid_desk.sandbox.options import DEFAULT_REDIRECT_URI, SandboxOptions
from zid_desk.sandbox.state import SandboxState

__all__ = ["DEFAULT_REDIRECT_URI", "SandboxControl", "SandboxOptions", "SandboxServer"]


class SandboxControl:
    """A small synchronous client for `/_sandbox/*`."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self._http = httpx.Client(base_url=self.base + "/_sandbox", timeout=30.0)

    def close(self) -> None:
        self._http.close()

    def _call(self, method: str, path: str, json: Any = None) -> Any:
        r = self._http.request(method, path, json=json)
        r.raise_for_status()
        return r.json()

    def info(self) -> dict[str, Any]:
        return self._call("GET", "/info")

    def stats(self) -> dict[str, Any]:
        return self._call("GET", "/stats")

    def reset_stats(self) -> None:
        self._call("POST", "/stats/reset")

    def inject(self, kind: str | int, count: int = 1, path_prefix: str | None = None,
               method: str | None = None, latency_ms: int | None = None,
               retry_after: int | None = None) -> dict[str, Any]:
        """Next `count` matching requests answer `kind`: 429, 500, 503, "drop" (connection
        closed without a response) or "latency" (delayed by latency_ms, then served)."""
        return self._call("POST", "/faults", {
            "kind": str(kind), "count": count, "path_prefix": path_prefix, "method": method,
            "latency_ms": latency_ms, "retry_after": retry_after})

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "/faults")

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def expire_tokens(self) -> int:
        return int(self._call("POST", "/tokens/expire")["expired"])

    def revoke_tokens(self) -> int:
        return int(self._call("POST", "/tokens/revoke")["revoked"])

    def issue_tokens(self) -> dict[str, Any]:
        """A fresh pre-issued token set (as the token endpoint would return it)."""
        return self._call("POST", "/tokens/issue")

    def sales(self, count: int) -> list[dict[str, Any]]:
        return self._call("POST", "/sales", {"count": count})["sales"]

    def auto_sales(self, interval_ms: int) -> None:
        self._call("POST", "/sales/auto", {"interval_ms": interval_ms})

    def change_product(self, product_id: str, **fields: Any) -> dict[str, Any]:
        """Remote edit: name (str or {ar,en}), name_ar, name_en, price, sku, barcode,
        quantity (+ location_id, default the first stocked location), is_infinite.
        No fields = just bump updated_at."""
        return self._call("POST", f"/products/{product_id}/touch", fields)

    def add_product(self, **fields: Any) -> dict[str, Any]:
        """Remote create of a standalone product: name, sku, barcode, price, quantity
        (+ location_id; default every location), is_infinite. Returns its stock summary
        (with `product_id`)."""
        return self._call("POST", "/products", fields)

    def delete_product(self, product_id: str) -> list[str]:
        return self._call("DELETE", f"/products/{product_id}")["deleted"]

    def stock(self, product_id: str) -> dict[str, Any]:
        return self._call("GET", f"/stock/{product_id}")

    def advance_clock(self, seconds: float) -> None:
        self._call("POST", "/clock/advance", {"seconds": seconds})

    def configure(self, **settings: Any) -> dict[str, Any]:
        """rate_limit, burst, batch_max, throttle_max_delay, multi_inventory."""
        return self._call("POST", "/config", settings)


class _PromptServer(uvicorn.Server):
    """uvicorn.Server whose main loop wakes at once on stop() instead of its 0.1-s tick,
    so tests that start and stop many sandboxes stay fast."""

    loop: asyncio.AbstractEventLoop | None = None
    wake: asyncio.Event | None = None

    async def main_loop(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.wake = asyncio.Event()
        counter = 0
        should_exit = await self.on_tick(counter)
        while not should_exit:
            counter = (counter + 1) % 864000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), 0.1)
            should_exit = await self.on_tick(counter)

    def request_exit(self) -> None:
        self.should_exit = True
        loop, wake = self.loop, self.wake
        if loop is not None and wake is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(wake.set)


class SandboxServer:
    def __init__(self, options: SandboxOptions | None = None) -> None:
        self.options = options or SandboxOptions()
        self.state = SandboxState(self.options)
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._server: _PromptServer | None = None
        self.port = 0
        self.info: dict[str, Any] = {}
        self.api_base = ""
        self.oauth_base = ""
        self._control: SandboxControl | None = None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> SandboxServer:
        opts = self.options
        # proto=IPPROTO_TCP so asyncio sets TCP_NODELAY on accepted sockets (else Nagle +
        # delayed ACK add ~40 ms to every response written in two parts).
        family = socket.AF_INET6 if ":" in opts.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((opts.host, opts.port))
        sock.listen(128)
        sock.setblocking(False)
        self._sock = sock
        self.port = sock.getsockname()[1]
        host = f"[{opts.host}]" if ":" in opts.host else opts.host
        self.oauth_base = f"http://{host}:{self.port}"
        self.api_base = f"{self.oauth_base}/v1"
        g = self.state.demo_grant
        self.info = {
            "api_base": self.api_base,
            "oauth_base": self.oauth_base,
            "control_base": f"{self.oauth_base}/_sandbox",
            "client_id": self.state.client_id,
            "client_secret": self.state.client_secret,
            "redirect_uris": list(self.state.redirect_uris),
            "store_id": str(self.state.store_id),
            "tokens": {
                "authorization": g.authorization,
                "access_token": g.access_token,
                "refresh_token": g.refresh_token,
                "expires_in": int(g.expires_at - self.state.now()),
            },
            "rate_limit": opts.rate_limit,
            "burst": opts.burst,
            "seed": opts.seed,
            "products": opts.products,
            "locations": opts.locations,
            "orders": opts.orders,
        }
        config = uvicorn.Config(
            build_app(self.state, self.info),
            http="h11",
            lifespan="off",
            log_level=opts.log_level,
            log_config=None,  # do not reconfigure the host process's logging
            access_log=False,
            proxy_headers=False,
            server_header=False,
            timeout_graceful_shutdown=1,
        )
        self._server = _PromptServer(config)
        self._thread = threading.Thread(target=self._serve, name="zid-sandbox", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("sandbox server failed to start")
            if time.monotonic() > deadline:
                raise RuntimeError("sandbox server did not start in time")
            time.sleep(0.005)
        return self

    def _serve(self) -> None:
        assert self._server is not None and self._sock is not None
        # An explicit plain asyncio loop: never whatever policy the host process installed
        # (the desktop app runs a Qt loop via qasync on its main thread).
        with asyncio.Runner(loop_factory=asyncio.SelectorEventLoop) as runner:
            runner.run(self._server.serve(sockets=[self._sock]))

    def stop(self) -> None:
        self.state.auto_sales.stop()
        if self._control is not None:
            self._control.close()
            self._control = None
        if self._server is not None:
            self._server.request_exit()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def wait(self) -> None:
        """Block until the server thread ends (standalone mode)."""
        if self._thread is not None:
            while self._thread.is_alive():
                self._thread.join(timeout=0.5)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ helpers

    @property
    def control(self) -> SandboxControl:
        if self._control is None:
            self._control = SandboxControl(self.oauth_base)
        return self._control

    def headers(self, *, managers: bool = False, lang: str | None = None) -> dict[str, str]:
        """Request headers with the demo tokens, as a client would send them (§3)."""
        t = self.info["tokens"]
        h = {"Authorization": f"Bearer {t['authorization']}", "Accept": "application/json"}
        if managers:
            h["X-Manager-Token"] = t["access_token"]
        else:
            h.update({"Access-Token": t["access_token"], "Store-Id": self.info["store_id"],
                      "Role": "Manager"})
        if lang:
            h["Accept-Language"] = lang
        return h
