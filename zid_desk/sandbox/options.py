"""Options of a sandbox instance (also the `zid-desk sandbox` command-line flags)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

# The app's default loopback callback; always registered (zid-api.md §13.7: exact match
# against a configured list, localhost allowed as a dev option).
DEFAULT_REDIRECT_URI = "http://127.0.0.1:53682/callback"


@dataclass
class SandboxOptions:
    host: str = "127.0.0.1"
    port: int = 0  # 0 = any free port
    rate_limit: int = 60  # requests per minute per store (zid-api.md §9); <= 0 disables
    burst: int = 10  # bucket capacity; Zid gives no number (§13.13), this is our choice
    seed: int = 1
    products: int = 200  # listable products (standalone + parents); variants come on top
    locations: int = 5
    orders: int = 100
    redirect_uris: list[str] = field(default_factory=list)  # registered on top of the default
    client_id: str = "4817"
    client_secret: str = "sandbox-secret-2f8c61e0b7d94a5a"
    store_id: int = 37213
    batch_max: int = 50  # stock-update / bulk stock batch limit (§13.17)
    strict_refresh_redirect: bool = True  # refresh needs an exact registered redirect_uri (§13.3)
    multi_inventory: bool = True  # store.has_multi_product_inventory (§4.0, §13.24)
    throttle_max_delay: float = 0.0  # seconds a request may be held before a 429 (§13.13)
    rate_limit_scope: str = "all"  # "all" /v1 endpoints or "products" only (§13.12)
    anchor: datetime | None = None  # data timestamps are placed before this (default: today 00:00Z)
    log_level: str = "warning"

    def all_redirect_uris(self) -> list[str]:
        out = [DEFAULT_REDIRECT_URI]
        out += [u for u in self.redirect_uris if u not in out]
        return out
