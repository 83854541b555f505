"""Test helpers for sign-in: a scripted "browser" over httpx, a relay server that plays the
hosted relay page, and free ports."""

from __future__ import annotations

import os
import re
import socket
import threading
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx

from zid_desk.sandbox.server import SandboxOptions

RELAY_PAGE = Path(__file__).resolve().parents[2] / "packaging" / "relay" / "zid-callback.html"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"),
                               "fields": {}, "buttons": []})
        elif tag == "input" and self.forms and a.get("name"):
            if a.get("type", "text") in ("hidden", "text"):
                self.forms[-1]["fields"][a["name"]] = a.get("value", "")
            elif a.get("type") == "submit":
                self.forms[-1]["buttons"].append(a)
        elif tag == "button" and self.forms:
            self.forms[-1]["buttons"].append(a)


class ScriptedBrowser:
    """Plays the merchant's browser with httpx: opens the authorize URL, submits the
    consent form with a decision, and follows redirects (to the relay and the loopback)."""

    def __init__(self, decision: str = "approve", *, tamper_state: bool = False) -> None:
        self.decision = decision
        self.tamper_state = tamper_state
        self.pages: list[httpx.Response] = []
        self.final: httpx.Response | None = None
        self.callback_url: str | None = None

    async def run(self, authorize_url: str) -> httpx.Response:
        async with httpx.AsyncClient(follow_redirects=False, timeout=10) as http:
            page = await http.get(authorize_url)
            self.pages.append(page)
            page.raise_for_status()
            parser = _FormParser()
            parser.feed(page.text)
            form = next(f for f in parser.forms
                        if any(b.get("value") == self.decision for b in f["buttons"]))
            button = next(b for b in form["buttons"] if b.get("value") == self.decision)
            data = dict(form["fields"])
            data[button.get("name") or "decision"] = self.decision
            action = urljoin(str(page.url), form["action"] or str(page.url))
            response = await http.post(action, data=data)
            hops = 0
            while response.is_redirect and hops < 5:
                location = urljoin(str(response.url), response.headers["location"])
                if self.tamper_state and "/callback" in location:
                    location = re.sub(r"state=[^&]*", "state=forged", location)
                if "/callback" in location:
                    self.callback_url = location
                self.pages.append(response)
                response = await http.get(location)
                hops += 1
            self.final = response
            return response


class RelayServer:
    """Stands in for the hosted relay page (https://relay.example/zid-callback).

    mode "redirect": answers /zid-callback with a 302 to the loopback listener, using the
    same rule as packaging/relay/zid-callback.html (port from the state's ".<port>" suffix).
    mode "page": serves that very HTML page (its JavaScript does the forwarding)."""

    def __init__(self, mode: str = "redirect") -> None:
        self.mode = mode
        self.hits: list[str] = []
        relay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                if url.path != "/zid-callback":
                    self.send_error(404)
                    return
                relay.hits.append(self.path)
                if relay.mode == "page":
                    body = RELAY_PAGE.read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                state = parse_qs(url.query).get("state", [""])[0]
                m = re.search(r"\.(\d{2,5})$", state)
                port = int(m.group(1)) if m else 53682
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{port}/callback?{url.query}")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}/zid-callback"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RelayServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


_store_ids = iter(range(70000 + os.getpid() % 1000 * 100, 10**9))


def sandbox_options(**kw: object) -> SandboxOptions:
    """Small, fast sandbox data with a store id of its own, so the process-wide per-store
    rate limiter of one test never slows another."""
    kw.setdefault("store_id", next(_store_ids))
    kw.setdefault("rate_limit", 6000)
    kw.setdefault("products", 5)
    kw.setdefault("locations", 2)
    kw.setdefault("orders", 3)
    return SandboxOptions(**kw)  # type: ignore[arg-type]
