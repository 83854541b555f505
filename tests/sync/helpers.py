"""Helpers for sync-engine tests against the sandbox over loopback HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from zid_desk.api.client import ZidClient
from zid_desk.api.limiter import RateLimiter
from zid_desk.api.token_provider import StaticTokenProvider
from zid_desk.cache import Cache
from zid_desk.domain import Tokens
from zid_desk.sandbox.server import SandboxServer

PRODUCTS = "GET /v1/products/"
STOCK_UPDATE = "POST /v1/locations/{location_id}/stock-update/"


def client_for(
    http: httpx.AsyncClient, sb: SandboxServer, tokens: dict[str, Any] | None = None,
    **options: Any,
) -> ZidClient:
    options.setdefault("limiter", RateLimiter(1e6, burst=1000))
    options.setdefault("backoff_base", 0.01)
    options.setdefault("backoff_cap", 0.05)
    return ZidClient(
        http,
        api_base=sb.api_base,
        tokens=StaticTokenProvider(Tokens.from_response(tokens or sb.info["tokens"])),
        store_id=str(sb.info["store_id"]),
        **options,
    )


def product_requests(sb: SandboxServer) -> int:
    return int(sb.control.stats()["requests"].get(PRODUCTS, 0))


def sandbox_catalogue(sb: SandboxServer) -> dict[str, dict[str, Any]]:
    """{product id: name, sku, parent, stocks {location: qty or None}} as Zid has them."""
    with sb.state.lock:
        return {
            p.id: {
                "ar": p.name.get("ar", ""),
                "en": p.name.get("en", ""),
                "sku": p.sku,
                "parent_id": p.parent_id,
                "stocks": {
                    s.location_id: None if s.is_infinite else s.available_quantity
                    for s in p.stocks.values()
                },
            }
            for p in sb.state.products.values()
        }


def cache_catalogue(cache: Cache) -> dict[str, dict[str, Any]]:
    """The same shape, from the cache's remote values."""
    out: dict[str, dict[str, Any]] = {}
    for row in cache.connection().execute(
        "SELECT id, name_ar, name_en, sku, parent_id FROM products"
    ):
        out[row[0]] = {"ar": row[1], "en": row[2], "sku": row[3], "parent_id": row[4],
                       "stocks": {}}
    for pid, lid, qty, infinite in cache.connection().execute(
        "SELECT product_id, location_id, remote_quantity, remote_infinite FROM stocks"
    ):
        out[pid]["stocks"][lid] = None if infinite else qty
    return out
