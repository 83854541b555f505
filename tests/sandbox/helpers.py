"""Small helpers for sandbox tests: plain httpx over real loopback HTTP."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from zid_desk.sandbox.server import SandboxServer

CALLBACK = "http://127.0.0.1:53682/callback"


def http(sb: SandboxServer) -> httpx.Client:
    return httpx.Client(base_url=sb.oauth_base, timeout=10.0, follow_redirects=False)


def component_headers(tokens: dict[str, Any], store_id: str, **extra: str) -> dict[str, str]:
    auth = tokens.get("Authorization") or tokens["authorization"]
    return {"Authorization": f"Bearer {auth}", "Access-Token": tokens["access_token"],
            "Store-Id": store_id, "Role": "Manager", **extra}


def manager_headers(tokens: dict[str, Any], **extra: str) -> dict[str, str]:
    auth = tokens.get("Authorization") or tokens["authorization"]
    return {"Authorization": f"Bearer {auth}", "X-Manager-Token": tokens["access_token"],
            **extra}


def hidden_fields(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))


def authorize(c: httpx.Client, sb: SandboxServer, decision: str = "approve",
              redirect_uri: str = CALLBACK, state: str = "xyz") -> dict[str, list[str]]:
    """Walk the consent page like a browser; returns the redirect's query parameters."""
    page = c.get("/oauth/authorize", params={
        "client_id": sb.info["client_id"], "redirect_uri": redirect_uri,
        "response_type": "code", "state": state})
    assert page.status_code == 200, page.text
    form = hidden_fields(page.text)
    r = c.post("/oauth/authorize", data={**form, "decision": decision})
    assert r.status_code == 302, r.text
    loc = r.headers["location"]
    assert loc.startswith(redirect_uri + "?")
    return parse_qs(urlsplit(loc).query)


def exchange(c: httpx.Client, sb: SandboxServer, code: str, redirect_uri: str = CALLBACK,
             as_json: bool = False) -> httpx.Response:
    body = {"grant_type": "authorization_code", "client_id": sb.info["client_id"],
            "client_secret": sb.info["client_secret"], "redirect_uri": redirect_uri,
            "code": code}
    if as_json:
        return c.post("/oauth/token", json=body)
    return c.post("/oauth/token", data=body)


def refresh(c: httpx.Client, sb: SandboxServer, refresh_token: str,
            redirect_uri: str | None = CALLBACK, secret: str | None = None) -> httpx.Response:
    body = {"grant_type": "refresh_token", "client_id": sb.info["client_id"],
            "client_secret": secret or sb.info["client_secret"], "refresh_token": refresh_token}
    if redirect_uri is not None:
        body["redirect_uri"] = redirect_uri
    return c.post("/oauth/token", data=body)
