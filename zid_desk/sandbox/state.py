"""The sandbox store: catalogue, stock, orders, OAuth grants, stats, faults, rate limit.

One `SandboxState` per sandbox. Every public method takes `self.lock` (re-entrant), so
tests may also read the state directly (`with sb.state.lock: ...`). Time comes from
`self.clock` (a callable returning epoch seconds; tests may replace it) plus
`self.clock_offset` (moved by `/_sandbox/clock/advance`).
"""

from __future__ import annotations

import base64
import json
import random
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from zid_desk.sandbox import data
from zid_desk.sandbox.options import SandboxOptions
from zid_desk.sandbox.ratelimit import LeakyBucket
from zid_desk.sandbox.records import (
    LocationRec,
    OrderRec,
    ProductRec,
    StockRec,
    finite_sum,
    iso_z,
    pick,
    stock_json,
)

CODE_LIFETIME = 600.0  # authorization codes expire after 10 minutes (brief; Zid: unconfirmed)
TOKEN_LIFETIME = 31536000  # 1 year in seconds (zid-api.md §13.2)

STORE_TITLE = {"ar": "متجر الريان للإلكترونيات", "en": "Al Rayyan Electronics"}
STORE_SLUG = "alrayyan"


class SandboxHTTPError(Exception):
    """Raised by state/handlers; the app turns it into a response with this status/body."""

    def __init__(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}


# ----------------------------------------------------------------------------- OAuth records


@dataclass
class Grant:
    """One set of tokens issued together (authorize+token, refresh, or pre-issued demo)."""

    id: int
    store_id: int
    authorization: str
    access_token: str
    refresh_token: str
    expires_at: float  # of authorization/access token
    refresh_expires_at: float
    revoked: bool = False  # refresh rotation / revoke control: every token dead

    def as_response(self, now: float) -> dict[str, Any]:
        # Key casing: emit `Authorization` (zid-api.md §13.1); expires_in in seconds and a
        # token_type of "Bearer" (§13.2) — clients must not rely on token_type.
        return {
            "access_token": self.access_token,
            "Authorization": self.authorization,
            "refresh_token": self.refresh_token,
            "expires_in": max(0, int(self.expires_at - now)),
            "token_type": "Bearer",
        }


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    expires_at: float
    used: bool = False


# ----------------------------------------------------------------------------- faults, stats

FAULT_KINDS = ("429", "500", "503", "drop", "latency")


@dataclass
class FaultRule:
    kind: str
    remaining: int
    path_prefix: str | None = None
    method: str | None = None
    latency_ms: int | None = None
    retry_after: int | None = None

    def matches(self, method: str, path: str) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        if self.path_prefix:
            prefixes = [self.path_prefix]
            if not self.path_prefix.startswith(("/v1", "/oauth")):
                prefixes.append("/v1" + ("" if self.path_prefix.startswith("/") else "/")
                                + self.path_prefix)
            return any(path.startswith(p) for p in prefixes)
        return True

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "remaining": self.remaining, "path_prefix": self.path_prefix,
                "method": self.method, "latency_ms": self.latency_ms,
                "retry_after": self.retry_after}


@dataclass
class Stats:
    started: float
    requests: Counter[str] = field(default_factory=Counter)  # "GET /v1/products/" -> n
    statuses: Counter[int] = field(default_factory=Counter)
    total: int = 0
    rate_limited: int = 0  # 429s sent by the leaky bucket
    injected: Counter[str] = field(default_factory=Counter)  # fault kind -> n
    accepted_times: deque[float] = field(default_factory=deque)  # /v1 passing the limiter
    peak_60s: int = 0
    first: float | None = None
    last: float | None = None


class AutoSales:
    """Background 'orders arrive' mode: one sale every `interval_ms`."""

    def __init__(self, sell: Callable[[int], object]) -> None:
        self.sell = sell
        self.interval_ms = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def set(self, interval_ms: int) -> None:
        self.stop()
        self.interval_ms = max(0, interval_ms)
        if self.interval_ms:
            self._stop = threading.Event()
            self._thread = threading.Thread(target=self._run, name="sandbox-auto-sales",
                                            daemon=True)
            self._thread.start()

    def _run(self) -> None:
        stop = self._stop
        while not stop.wait(self.interval_ms / 1000.0):
            self.sell(1)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
            self._thread = None
        self.interval_ms = 0


# ----------------------------------------------------------------------------- the state


class SandboxState:
    def __init__(self, options: SandboxOptions) -> None:
        self.options = options
        self.lock = threading.RLock()
        self.clock: Callable[[], float] = time.time
        self.clock_offset = 0.0
        self.store_id = options.store_id
        self.client_id = options.client_id
        self.client_secret = options.client_secret
        self.redirect_uris = options.all_redirect_uris()
        self.batch_max = options.batch_max
        self.multi_inventory = options.multi_inventory

        anchor = options.anchor or data.default_anchor()
        rng = random.Random(options.seed)
        self.locations: dict[str, LocationRec] = {
            loc.id: loc for loc in data.make_locations(rng, options.locations)
        }
        products = data.make_products(rng, options.products, list(self.locations.values()),
                                      anchor)
        self.products: dict[str, ProductRec] = {p.id: p for p in products}
        # Remotely deleted products, listed by `GET /products/?deleted=true` (SDK filter
        # `deleted`, §6.1; its exact semantics are unconfirmed — our assumption).
        self.deleted: dict[str, ProductRec] = {}
        self.order_factory = data.OrderFactory(random.Random(options.seed + 7919),
                                               options.store_id)
        self.orders: dict[int, OrderRec] = {
            o.id: o for o in data.make_orders(self.order_factory, options.orders, products,
                                              list(self.locations.values()), anchor)
        }
        self.sales_rng = random.Random(options.seed + 104729)

        self._version = 0
        self._sorted: dict[str, tuple[int, list[ProductRec]]] = {}

        self.grants: dict[int, Grant] = {}
        self._grant_by_auth: dict[str, Grant] = {}
        self._grant_by_access: dict[str, Grant] = {}
        self._grant_by_refresh: dict[str, Grant] = {}
        self._next_grant = 1
        self.codes: dict[str, AuthCode] = {}

        self.buckets: dict[str, LeakyBucket] = {}
        self.rate_limit = options.rate_limit
        self.burst = options.burst
        self.throttle_max_delay = options.throttle_max_delay
        self.faults: list[FaultRule] = []
        self.stats = Stats(started=self.monotonic())
        self.demo_grant = self.issue_grant()
        self.auto_sales = AutoSales(self.simulate_sales)

    # ------------------------------------------------------------------ time

    def now(self) -> float:
        return self.clock() + self.clock_offset

    def now_dt(self) -> datetime:
        return datetime.fromtimestamp(self.now(), UTC)

    def monotonic(self) -> float:
        return time.monotonic() + self.clock_offset

    def advance_clock(self, seconds: float) -> None:
        with self.lock:
            self.clock_offset += seconds

    # ------------------------------------------------------------------ tokens

    def _token_strings(self) -> tuple[str, str, str]:
        now = int(self.now())

        def b64(obj: Any) -> str:
            raw = json.dumps(obj, separators=(",", ":")).encode()
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        # Shapes only imitate Zid's (§2.4): an RS256-looking JWT and a Laravel-encrypter blob.
        jwt = ".".join([
            b64({"typ": "JWT", "alg": "RS256"}),
            b64({"aud": self.client_id, "jti": secrets.token_hex(20), "iat": now, "nbf": now,
                 "exp": now + TOKEN_LIFETIME, "sub": str(self.store_id),
                 "scopes": ["third-parties-apis"]}),
            secrets.token_urlsafe(64),
        ])
        access = base64.b64encode(json.dumps({
            "iv": secrets.token_urlsafe(16), "value": secrets.token_urlsafe(48),
            "mac": secrets.token_hex(32), "tag": ""}).encode()).decode()
        refresh = secrets.token_hex(64)
        return jwt, access, refresh

    def issue_grant(self) -> Grant:
        with self.lock:
            auth, access, refresh = self._token_strings()
            now = self.now()
            grant = Grant(id=self._next_grant, store_id=self.store_id, authorization=auth,
                          access_token=access, refresh_token=refresh,
                          expires_at=now + TOKEN_LIFETIME, refresh_expires_at=now + TOKEN_LIFETIME)
            self._next_grant += 1
            self.grants[grant.id] = grant
            self._grant_by_auth[auth] = grant
            self._grant_by_access[access] = grant
            self._grant_by_refresh[refresh] = grant
            return grant

    def token_problem(self, bearer: str | None, access: str | None) -> str | None:
        """None when both tokens are live and belong together; else a reason."""
        with self.lock:
            if not bearer:
                return "missing_authorization"
            if not access:
                return "missing_access_token"
            grant = self._grant_by_auth.get(bearer)
            other = self._grant_by_access.get(access)
            if grant is None or other is None or grant is not other:
                return "invalid_token"
            if grant.revoked:
                return "revoked"
            if grant.expires_at <= self.now():
                return "expired"
            return None

    def bearer_problem(self, bearer: str) -> str | None:
        with self.lock:
            grant = self._grant_by_auth.get(bearer)
            if grant is None:
                return "invalid_token"
            if grant.revoked:
                return "revoked"
            if grant.expires_at <= self.now():
                return "expired"
            return None

    def store_for_tokens(self, access: str | None) -> int | None:
        if not access:
            return None
        grant = self._grant_by_access.get(access)
        return grant.store_id if grant else None

    def expire_tokens(self) -> int:
        """Every live access/Authorization token now fails with 401; refresh still works."""
        with self.lock:
            n = 0
            for g in self.grants.values():
                if not g.revoked and g.expires_at > self.now():
                    g.expires_at = self.now() - 1
                    n += 1
            return n

    def revoke_tokens(self) -> int:
        """Like an uninstall: every token dies, refresh gives invalid_grant."""
        with self.lock:
            n = 0
            for g in self.grants.values():
                if not g.revoked:
                    g.revoked = True
                    n += 1
            return n

    # ------------------------------------------------------------------ OAuth

    def new_code(self, redirect_uri: str) -> str:
        with self.lock:
            code = secrets.token_urlsafe(24)
            self.codes[code] = AuthCode(code, self.client_id, redirect_uri,
                                        self.now() + CODE_LIFETIME)
            return code

    def exchange_code(self, code: str, redirect_uri: str) -> Grant:
        with self.lock:
            rec = self.codes.get(code)
            if rec is None or rec.used:
                raise oauth_error(400, "invalid_grant", "The authorization code is invalid "
                                  "or was already used.")
            rec.used = True  # single-use, even when the rest of the request fails
            if rec.expires_at <= self.now():
                raise oauth_error(400, "invalid_grant", "The authorization code has expired.")
            if redirect_uri != rec.redirect_uri:
                raise oauth_error(400, "invalid_grant", "redirect_uri does not match the one "
                                  "used in the authorization request.")
            return self.issue_grant()

    def refresh(self, refresh_token: str, redirect_uri: str | None) -> Grant:
        with self.lock:
            # zid-api.md §13.3: refresh requires an exact registered redirect_uri (strict mode).
            if redirect_uri is None or redirect_uri == "":
                if self.options.strict_refresh_redirect:
                    raise oauth_error(400, "invalid_request", "redirect_uri is required.")
            elif redirect_uri not in self.redirect_uris:
                raise oauth_error(400, "invalid_grant", "redirect_uri is not registered "
                                  "for this client.")
            grant = self._grant_by_refresh.get(refresh_token)
            if grant is None or grant.revoked or grant.refresh_expires_at <= self.now():
                raise oauth_error(400, "invalid_grant", "The refresh token is invalid.")
            # §13.4: rotate — the old refresh token and the old access tokens die.
            grant.revoked = True
            return self.issue_grant()

    # ------------------------------------------------------------------ rate limit, stats

    def rate_check(self, store_key: str) -> float:
        with self.lock:
            bucket = self.buckets.get(store_key)
            if bucket is None or bucket.rate_per_minute != self.rate_limit or \
                    bucket.burst != max(1, self.burst):
                burst = max(1, self.burst)
                if bucket is None:
                    bucket = LeakyBucket(self.rate_limit, burst)
                else:
                    bucket.rate_per_minute, bucket.burst = self.rate_limit, burst
                self.buckets[store_key] = bucket
            return bucket.try_acquire(self.monotonic())

    def record_request(self, method: str, template: str) -> None:
        with self.lock:
            s = self.stats
            s.requests[f"{method} {template}"] += 1
            s.total += 1
            t = self.monotonic()
            s.first = t if s.first is None else s.first
            s.last = t

    def record_accepted(self) -> None:
        """A /v1 request passed the rate limiter: count it for the 60-s window peak."""
        with self.lock:
            s = self.stats
            t = self.monotonic()
            s.accepted_times.append(t)
            while s.accepted_times and s.accepted_times[0] <= t - 60.0:
                s.accepted_times.popleft()
            s.peak_60s = max(s.peak_60s, len(s.accepted_times))

    def record_status(self, status: int) -> None:
        with self.lock:
            self.stats.statuses[status] += 1

    def stats_json(self) -> dict[str, Any]:
        with self.lock:
            s = self.stats
            t = self.monotonic()
            recent = sum(1 for x in s.accepted_times if x > t - 60.0)
            elapsed = (s.last - s.first) if s.first is not None and s.last is not None else 0.0
            return {
                "total": s.total,
                "requests": dict(sorted(s.requests.items())),
                "statuses": {str(k): v for k, v in sorted(s.statuses.items())},
                "responses_429": s.statuses.get(429, 0),
                "rate_limited": s.rate_limited,
                "injected": dict(s.injected),
                "injected_5xx": s.injected.get("500", 0) + s.injected.get("503", 0),
                "peak_60s": s.peak_60s,
                "requests_last_60s": recent,
                "rate_per_minute": round(s.total / elapsed * 60.0, 3) if elapsed > 0 else None,
                "seconds_since_reset": round(t - s.started, 3),
                "rate_limit": self.rate_limit,
                "burst": self.burst,
            }

    def reset_stats(self) -> None:
        with self.lock:
            self.stats = Stats(started=self.monotonic())

    def add_fault(self, rule: FaultRule) -> None:
        with self.lock:
            self.faults.append(rule)

    def take_fault(self, method: str, path: str) -> FaultRule | None:
        with self.lock:
            for rule in self.faults:
                if rule.matches(method, path):
                    rule.remaining -= 1
                    if rule.remaining <= 0:
                        self.faults.remove(rule)
                    self.stats.injected[rule.kind] += 1
                    return rule
            return None

    # ------------------------------------------------------------------ catalogue

    def _changed(self) -> None:
        self._version += 1

    def product_totals(self, p: ProductRec) -> tuple[int | None, bool]:
        """(quantity, is_infinite) per zid-api.md §13.26."""
        if p.structure == "parent":
            variants = [self.products[v] for v in p.variant_ids if v in self.products]
            rows = [s for v in variants for s in v.stocks.values()]
        else:
            rows = list(p.stocks.values())
        return finite_sum(rows), any(s.is_infinite for s in rows)

    def listable(self) -> list[ProductRec]:
        return [p for p in self.products.values() if p.structure != "child"]

    def sorted_products(self, ordering: str, *, deleted: bool = False) -> list[ProductRec]:
        """All products sorted by an ordering key; cached until the catalogue changes."""
        with self.lock:
            if deleted:
                return sorted(self.deleted.values(), key=lambda p: (p.updated_at, p.id),
                              reverse=True)
            cached = self._sorted.get(ordering)
            if cached and cached[0] == self._version:
                return cached[1]
            field_name = ordering.lstrip("-")
            desc = ordering.startswith("-")
            keyf: Callable[[ProductRec], Any]
            if field_name == "updated_at":
                keyf = lambda p: p.updated_at  # noqa: E731
            elif field_name == "created_at":
                keyf = lambda p: p.created_at  # noqa: E731
            elif field_name == "price":
                keyf = lambda p: p.price  # noqa: E731
            elif field_name == "sku":
                keyf = lambda p: p.sku  # noqa: E731
            elif field_name == "display_order":
                keyf = lambda p: p.display_order  # noqa: E731
            elif field_name == "quantity":
                keyf = lambda p: self.product_totals(p)[0] or 0  # noqa: E731
            else:  # name
                keyf = lambda p: p.name.get("en", "")  # noqa: E731
            # tie-break on id so pages are stable
            items = sorted(self.products.values(), key=lambda p: p.id)
            items.sort(key=keyf, reverse=desc)
            self._sorted[ordering] = (self._version, items)
            return items

    def location_has_stocks(self, location_id: str) -> bool:
        return any(location_id in p.stocks for p in self.products.values())

    def product_json(self, p: ProductRec, lang: str, *, detail: bool = False,
                     extended: bool = False) -> dict[str, Any]:
        quantity, infinite = self.product_totals(p)
        cat = p.category
        store_url = f"https://{STORE_SLUG}.zid.store/"
        out: dict[str, Any] = {
            "id": p.id,
            "is_external_product": False,
            "product_class": None,
            "sku": p.sku,
            "barcode": p.barcode,
            "parent_id": p.parent_id,
            "name": dict(p.name),
            "slug": p.name.get("en", "").lower().replace(" ", "-"),
            "price": p.price,
            "sale_price": p.sale_price,
            "formatted_price": f" SAR {p.price:,.2f}",
            "formatted_sale_price": f" SAR {p.sale_price:,.2f}" if p.sale_price else None,
            "currency": "SAR",
            "currency_symbol": " SAR " if lang != "ar" else " ر.س ",
            "cost": p.cost,
            "short_description": {"ar": "", "en": ""},
            "attributes": [dict(a) for a in p.attributes],
            "categories": [{"id": cat.id, "name": {"en": cat.en, "ar": cat.ar},
                            "slug": cat.en.lower().replace(" ", "-").replace("&", "and"),
                            "description": {"en": "", "ar": ""}, "cover_image": None,
                            "image": None, "display_order": None,
                            "meta": {"childs": [], "parents": []}}],
            "display_order": p.display_order,
            "has_options": p.structure == "parent",
            "has_fields": False,
            "images": [],
            "videos": [],
            "is_draft": False,
            "is_published": p.is_published,
            "quantity": quantity,
            "is_infinite": infinite,
            "html_url": f"{store_url}products/{p.sku.lower()}",
            "weight": {"value": None, "unit": "kg"},
            "keywords": [p.name.get("en", "").split(" ")[0].lower()],
            "requires_shipping": not infinite,
            "is_taxable": True,
            "structure": p.structure,
            "store_id": self.store_id,
            "purchase_restrictions": {
                "min_quantity_per_cart": None, "max_quantity_per_cart": None,
                "availability_period_start": None, "availability_period_end": None,
                "sale_price_period_start": None, "sale_price_period_end": None},
            "meta": {},
            "badge": None,
            "stocks": [stock_json(s, self.locations.get(s.location_id))
                       for s in p.stocks.values()],
            "sold_products_count": None,
            "created_at": iso_z(p.created_at),
            "updated_at": iso_z(p.updated_at),
        }
        if p.structure == "parent":
            out["options"] = [dict(o) for o in p.options]
            if detail or extended:
                out["variants"] = [self.product_json(self.products[v], lang)
                                   for v in p.variant_ids if v in self.products]
        if detail:
            out.update({
                "description": {"ar": f"<p>{p.name.get('ar', '')}</p>",
                                "en": f"<p>{p.name.get('en', '')}</p>"},
                "custom_user_input_fields": [],
                "custom_option_fields": [],
                "related_products": [],
                "next_product": None,
                "previous_product": None,
            })
        return out

    # ------------------------------------------------------------------ stock writes

    def touch(self, p: ProductRec, when: datetime | None = None) -> None:
        """Bump `updated_at` of a product and of its parent (so `-updated_at` syncs of the
        default list, which shows parents but not variants, see the change)."""
        with self.lock:
            when = when or self.now_dt()
            p.updated_at = when
            if p.parent_id and p.parent_id in self.products:
                self.products[p.parent_id].updated_at = when
            self._changed()

    def set_stock(self, p: ProductRec, location_id: str, quantity: int | None,
                  infinite: bool) -> StockRec:
        """Overwrite the stock of `p` at a location (create the row if needed)."""
        with self.lock:
            stock = p.stocks.get(location_id)
            if stock is None:
                stock = StockRec(id=data.new_uuid(self.sales_rng), product_id=p.id,
                                 location_id=location_id, available_quantity=None)
                p.stocks[location_id] = stock
            # §13.21: a number sent with is_infinite=true is accepted and stored as null
            stock.is_infinite = infinite
            stock.available_quantity = None if infinite else quantity
            self.touch(p)
            return stock

    def stock_summary(self, p: ProductRec) -> dict[str, Any]:
        quantity, infinite = self.product_totals(p)
        return {
            "product_id": p.id,
            "sku": p.sku,
            "quantity": quantity,
            "is_infinite": infinite,
            "updated_at": iso_z(p.updated_at),
            "stocks": {s.location_id: (None if s.is_infinite else s.available_quantity)
                       for s in p.stocks.values()},
        }

    # ------------------------------------------------------------------ remote changes

    def change_product(self, product_id: str, fields: dict[str, Any]) -> ProductRec:
        """A merchant edits a product in the Zid dashboard (name/price/stock)."""
        with self.lock:
            p = self.products.get(product_id)
            if p is None:
                raise SandboxHTTPError(404, {"detail": "Not found."})
            if "name" in fields:
                name = fields["name"]
                p.name = dict(name) if isinstance(name, dict) else {"ar": str(name),
                                                                    "en": str(name)}
            for key in ("name_ar", "name_en"):
                if key in fields:
                    p.name[key[-2:]] = str(fields[key])
            if "price" in fields:
                p.price = float(fields["price"])
            if "sku" in fields:
                p.sku = str(fields["sku"])
            if "barcode" in fields:
                p.barcode = str(fields["barcode"])
            if "quantity" in fields or "is_infinite" in fields:
                if p.structure == "parent":
                    raise SandboxHTTPError(400, {"detail": "Parents have no stock."})
                loc = fields.get("location_id") or (next(iter(p.stocks), None)
                                                    or next(iter(self.locations)))
                if loc not in self.locations:
                    raise SandboxHTTPError(400, {"location_id": ["Unknown location."]})
                self.set_stock(p, loc, fields.get("quantity"), bool(fields.get("is_infinite")))
            self.touch(p)
            return p

    def delete_product(self, product_id: str) -> list[str]:
        with self.lock:
            p = self.products.get(product_id)
            if p is None:
                raise SandboxHTTPError(404, {"detail": "Not found."})
            gone = [product_id, *p.variant_ids]
            now = self.now_dt()
            for pid in gone:
                rec = self.products.pop(pid, None)
                if rec is not None:
                    rec.updated_at = now
                    self.deleted[pid] = rec
            if p.parent_id and p.parent_id in self.products:
                parent = self.products[p.parent_id]
                parent.variant_ids = [v for v in parent.variant_ids if v != product_id]
                self.touch(parent)
            self._changed()
            return gone

    def add_product(self, fields: dict[str, Any]) -> ProductRec:
        """A merchant creates a standalone product in the dashboard. Fields: name (str or
        {ar,en}), sku, barcode, price, quantity (at every location unless location_id)."""
        with self.lock:
            rng = self.sales_rng
            template = next(iter(self.products.values()))
            name = fields.get("name") or {"ar": "منتج جديد", "en": "New product"}
            now = self.now_dt()
            p = ProductRec(
                id=data.new_uuid(rng),
                sku=str(fields.get("sku") or f"NEW-{rng.randint(100000, 999999)}"),
                barcode=str(fields.get("barcode") or data.ean13(rng)),
                parent_id=None,
                name=dict(name) if isinstance(name, dict) else {"ar": str(name),
                                                                "en": str(name)},
                price=float(fields.get("price", 99.0)),
                sale_price=None,
                cost=0.0,
                category=template.category,
                structure="standalone",
                created_at=now,
                updated_at=now,
                display_order=len(self.products) + 1,
            )
            if p.sku in {x.sku for x in self.products.values()}:
                raise SandboxHTTPError(400, {"sku": ["A product with this SKU exists."]})
            self.products[p.id] = p
            locs = [fields["location_id"]] if fields.get("location_id") else list(self.locations)
            for loc in locs:
                if loc not in self.locations:
                    raise SandboxHTTPError(400, {"location_id": ["Unknown location."]})
                self.set_stock(p, loc, int(fields.get("quantity", 0)),
                               bool(fields.get("is_infinite", False)))
            self._changed()
            return p

    def simulate_sales(self, count: int) -> list[dict[str, Any]]:
        """N customers buy now: stock decremented at a location, one `new` order each."""
        with self.lock:
            rng = self.sales_rng
            candidates = [p for p in self.products.values() if p.structure != "parent"]
            sales: list[dict[str, Any]] = []
            for _ in range(count):
                for _attempt in range(200):
                    p = candidates[rng.randrange(len(candidates))]
                    rows = [s for s in p.stocks.values()
                            if not s.is_infinite and (s.available_quantity or 0) > 0
                            and s.location_id in self.locations
                            and self.locations[s.location_id].is_enabled]
                    if rows:
                        break
                else:
                    break  # nothing left in stock
                stock = rows[rng.randrange(len(rows))]
                qty = rng.randint(1, min(2, stock.available_quantity or 1))
                stock.available_quantity = (stock.available_quantity or 0) - qty
                self.touch(p)
                now = self.now_dt().replace(microsecond=0)
                order = self.order_factory.make(
                    status="new", created=now, updated=now,
                    location=self.locations[stock.location_id], lines=[(p, qty)],
                    payment_status=rng.choice(["paid", "pending"]))
                self.orders[order.id] = order
                sales.append({"order_id": order.id, "product_id": p.id,
                              "location_id": stock.location_id, "quantity": qty,
                              "available_quantity": stock.available_quantity})
            return sales

    # ------------------------------------------------------------------ store

    def store_title(self, lang: str) -> str:
        return pick(STORE_TITLE, lang)


def oauth_error(status: int, error: str, description: str) -> SandboxHTTPError:
    return SandboxHTTPError(status, {"error": error, "error_description": description,
                                     "message": description})
