"""The async Zid client: one shared httpx.AsyncClient, typed results, one error hierarchy.

Every request, including each retry, goes through the store's RateLimiter first.
Failure policy (issue 2 §3):
- 401 -> `tokens.refresh_after_401(rejected)` once, retry; still 401 -> SignedOutError.
- 403 -> MissingScopeError naming the scope guessed from the endpoint.
- 404 -> NotFoundError; 400/422 -> ValidationError (fields); 413/size message ->
  PayloadTooLargeError.
- 5xx, timeouts, connect errors and dropped connections -> exponential backoff with full
  jitter, at most `max_retries` retries, then ServerError / NetworkError.
- 429 -> `limiter.note_429(Retry-After or estimate)`, wait, retry; RateLimitedError once the
  total wait would exceed `max_rate_limit_wait`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from zid_desk import __version__
from zid_desk.api.errors import (
    MissingScopeError,
    NetworkError,
    NotFoundError,
    PayloadTooLargeError,
    RateLimitedError,
    ServerError,
    SignedOutError,
    ValidationError,
    ZidError,
)
from zid_desk.api.limiter import RateLimiter, limiter_for_store
from zid_desk.api.pages import OrderPage, ProductPage
from zid_desk.api.parse import (
    parse_location,
    parse_order,
    parse_product,
    parse_profile,
    parse_stock,
    parse_variants,
    results_of,
    to_int,
)
from zid_desk.api.token_provider import TokenProvider
from zid_desk.domain import (
    Location,
    Order,
    Product,
    StockLevel,
    StockWriteItem,
    StockWriteResult,
    StoreProfile,
    Tokens,
)

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://api.zid.sa/v1"
OFFLINE_MESSAGE = "Zid can't be reached. Check the network; your edits stay queued."

# A 400/422 counts as "batch too large" only when it speaks of a size AND of items/batch.
_SIZE_WORDS = re.compile(
    r"too many|too large|at most|no more than|maximum|\bmax\b|exceed|limit", re.IGNORECASE
)
_BATCH_NOUNS = re.compile(
    r"\bitems?\b|elements?|entries|products|batch|\blist\b|payload|per request",
    re.IGNORECASE,
)


def make_http_client(**kw: Any) -> httpx.AsyncClient:
    """The ONE shared AsyncClient factory. Create it once per process and reuse it
    (building one costs ~30 ms of SSL setup, qt-stack-notes §4)."""
    headers = {"User-Agent": f"ZidDesk/{__version__}"}
    headers.update(kw.pop("headers", None) or {})
    kw.setdefault("timeout", httpx.Timeout(30.0, connect=10.0))
    kw.setdefault("limits", httpx.Limits(max_connections=10, max_keepalive_connections=5))
    # zid-api.md §1: the SDK treats any 3xx as "redirect to login"; we never follow them.
    kw.setdefault("follow_redirects", False)
    return httpx.AsyncClient(headers=headers, **kw)


def _scope_for(method: str, path: str) -> str:
    """The permission a 403 most likely means (zid-api.md §12)."""
    write = method.upper() not in {"GET", "HEAD"}
    if "/account/" in path:
        return "account.read"
    if "/orders" in path:
        return "orders.read_write" if write else "orders.read"
    if "/countries" in path or "/cities" in path:
        return "countries_cities.read"
    if path.startswith("/locations"):
        return "inventories.read_write" if write else "inventories.read"
    if path.startswith("/products"):
        return "products.read_write" if write else "products.read"
    return "account.read"


def _flatten_messages(value: Any, prefix: str = "") -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [f"{prefix}{value}"]
    if isinstance(value, Mapping):
        out: list[str] = []
        for k, v in value.items():
            out += _flatten_messages(v, f"{prefix}{k}: ")
        return out
    if isinstance(value, list):
        out = []
        for v in value:
            out += _flatten_messages(v, prefix)
        return out
    return [f"{prefix}{value}"]


def parse_error_body(body: Any) -> tuple[str, dict[str, list[str]]]:
    """(message, fields) from any of Zid's error shapes (zid-api.md §10, §13.14):
    DRF `{"field": [..]}` / `{"detail": "..."}` / `{"detail": [{"msg", "loc"}]}`, a bare list
    of per-item dicts (bare-array bodies), the managers envelope `{"status": "error",
    "message": {"description"...}, "errors"?}` and the generic `{"error": {code, message,
    fields}}`. Item indexes become fields keyed by the index as a string."""
    fields: dict[str, list[str]] = {}
    messages: list[str] = []

    def add_field(key: Any, value: Any) -> None:
        msgs = _flatten_messages(value)
        if msgs:
            fields.setdefault(str(key), []).extend(msgs)

    def absorb(obj: Any) -> None:
        if isinstance(obj, list):
            if all(isinstance(x, Mapping) for x in obj) and any(
                "index" in x or "loc" in x for x in obj
            ):
                for x in obj:
                    key = x.get("index")
                    if key is None and x.get("loc"):
                        loc = [str(p) for p in x["loc"] if str(p) not in {"body"}]
                        key = ".".join(loc) if loc else None
                    msg = x.get("msg") or x.get("message") or x.get("detail") or x.get("errors")
                    if key is None:
                        messages.extend(_flatten_messages(msg))
                    else:
                        add_field(key, msg if msg is not None else x)
            elif obj and all(isinstance(x, Mapping) for x in obj):
                for i, x in enumerate(obj):  # DRF ListSerializer: one dict per item
                    if x:
                        add_field(i, x)
            else:
                messages.extend(_flatten_messages(obj))
            return
        if not isinstance(obj, Mapping):
            if obj:
                messages.append(str(obj))
            return
        for key, value in obj.items():
            if key in {"detail", "non_field_errors", "description"}:
                absorb(value) if isinstance(value, list) else messages.extend(
                    _flatten_messages(value)
                )
            elif key == "message":
                if isinstance(value, Mapping):
                    desc = value.get("description") or value.get("name") or value.get("code")
                    if desc and desc != "string":
                        messages.append(str(desc))
                elif value:
                    messages.append(str(value))
            elif key == "error":
                if isinstance(value, Mapping):
                    if value.get("message"):
                        messages.append(str(value["message"]))
                    for fk, fv in as_mapping(value.get("fields")).items():
                        add_field(fk, fv)
                elif value:
                    messages.append(str(value))
            elif key in {"errors", "fields", "items"}:
                if isinstance(value, Mapping):
                    for fk, fv in value.items():
                        add_field(fk, fv)
                else:
                    absorb(value)
            elif key in {"status", "success", "code", "type", "name"}:
                continue
            else:
                add_field(key, value)

    absorb(body)
    message = "; ".join(dict.fromkeys(messages))
    return message, fields


def as_mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _retry_after_seconds(resp: httpx.Response, body: Any) -> float | None:
    """`Retry-After` as seconds or HTTP date (zid-api.md §13.13: may be absent), else a
    `retry_after` field in the body."""
    raw = resp.headers.get("Retry-After")
    if raw:
        try:
            return max(0.0, float(raw))
        except ValueError:
            try:
                when = parsedate_to_datetime(raw)
                return max(0.0, (when - datetime.now(UTC)).total_seconds())
            except (TypeError, ValueError):
                pass
    if isinstance(body, Mapping):
        for key in ("retry_after", "retryAfter"):
            value = body.get(key)
            if isinstance(value, int | float):
                return float(value)
    return None


class ZidClient:
    """Typed access to the Zid Merchant API for one store."""

    def __init__(
        self,
        http: httpx.AsyncClient,
        *,
        api_base: str = DEFAULT_API_BASE,
        tokens: TokenProvider,
        store_id: str | None = None,
        limiter: RateLimiter | None = None,
        lang: str = "en",
        stock_batch_size: int = 50,
        max_retries: int = 3,
        role: str = "Manager",
        backoff_base: float = 0.5,
        backoff_cap: float = 8.0,
        max_rate_limit_wait: float = 300.0,
    ) -> None:
        self._http = http
        self.api_base = api_base.rstrip("/")
        self._tokens = tokens
        # With no limiter given, use the store's process-wide one; until the store is known
        # (profile() not called yet) a private one, swapped for the store's once it is.
        self._auto_limiter = limiter is None
        self.limiter = limiter or (
            limiter_for_store(str(store_id)) if store_id is not None else RateLimiter()
        )
        self._store_id: str | None = None
        self.store_id = str(store_id) if store_id is not None else None
        self.lang = lang
        # zid-api.md §13.17: stock-update batch limit unspecified; the suggested 50.
        self.stock_batch_size = max(1, int(stock_batch_size))
        self.max_retries = max(0, int(max_retries))
        self.role = role
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_rate_limit_wait = max_rate_limit_wait
        #: HTTP requests sent, retries included (the sync engine reports it per job)
        self.request_count = 0

    @property
    def store_id(self) -> str | None:
        """The numeric store id sent as `Store-Id` (zid-api.md §3)."""
        return self._store_id

    @store_id.setter
    def store_id(self, value: str | None) -> None:
        self._store_id = str(value) if value is not None else None
        if self._auto_limiter and self._store_id is not None:
            self.limiter = limiter_for_store(self._store_id)

    async def aclose(self) -> None:
        """Nothing of ours to free: the shared http client belongs to the caller."""

    # -- low level ------------------------------------------------------------------------
    def _url(self, path: str) -> str:
        return self.api_base + path

    def _same_origin(self, url: str) -> str:
        """Follow an absolute `next` safely: Zid's example has `http://` (zid-api.md
        §13.25) and tokens must never go to another host, so keep only path + query and
        put them on our own base's origin."""
        base = urlsplit(self.api_base)
        target = urlsplit(urljoin(self.api_base + "/", url))
        query = f"?{target.query}" if target.query else ""
        return f"{base.scheme}://{base.netloc}{target.path}{query}"

    def _headers(self, path: str, tokens: Tokens) -> dict[str, str]:
        # zid-api.md §3: the product component (products, stocks, locations) reads
        # Access-Token + Store-Id + Role; the managers API reads X-Manager-Token.
        headers = {
            "Authorization": f"Bearer {tokens.authorization}",  # §13.9: "Bearer " prefix
            "Accept-Language": self.lang,
            "Accept": "application/json",
        }
        if path.startswith(("/products", "/locations")):
            headers["Access-Token"] = tokens.access_token
            headers["Role"] = self.role
            if self.store_id:
                headers["Store-Id"] = str(self.store_id)
        else:
            headers["X-Manager-Token"] = tokens.access_token
        return headers

    async def _backoff(self, attempt: int) -> None:
        """Exponential backoff with full jitter."""
        ceiling = min(self.backoff_cap, self.backoff_base * (2**attempt))
        await asyncio.sleep(random.uniform(0, ceiling))

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        url: str | None = None,
        idempotent: bool = True,
    ) -> Any:
        """Send one logical request (with retries) and return the decoded JSON (None for an
        empty body). `path` is relative to api_base; `url` overrides it (pagination)."""
        if path.startswith(("/products", "/locations")) and not self.store_id:
            await self.profile()  # Store-Id is required on the product component (§13.11)
        target = url or self._url(path)
        transient = 0
        refreshed = False
        fresh_tokens: Tokens | None = None
        first_429: float | None = None
        while True:
            await self.limiter.acquire()
            tokens = fresh_tokens or await self._tokens.current()
            fresh_tokens = None
            self.request_count += 1
            try:
                resp = await self._http.request(
                    method, target, params=params, json=json, headers=self._headers(path, tokens)
                )
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # the request never reached Zid: safe to retry even when not idempotent
                if transient < self.max_retries:
                    await self._backoff(transient)
                    transient += 1
                    continue
                raise NetworkError(OFFLINE_MESSAGE) from exc
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                if idempotent and transient < self.max_retries:
                    await self._backoff(transient)
                    transient += 1
                    continue
                raise NetworkError(
                    f"{OFFLINE_MESSAGE} (the connection was lost: {type(exc).__name__})"
                ) from exc

            status = resp.status_code
            body = self._decode(resp)
            if 200 <= status < 300:
                return body
            message, fields = parse_error_body(body)
            if status == 401 or 300 <= status < 400:
                if not refreshed:
                    refreshed = True
                    fresh_tokens = await self._tokens.refresh_after_401(tokens)
                    continue
                raise SignedOutError(
                    "Zid no longer accepts this sign-in (expired, revoked or the app was "
                    "uninstalled). Sign in again." + (f" ({message})" if message else ""),
                    status=status,
                )
            if status == 429:
                now = time.monotonic()
                first_429 = first_429 if first_429 is not None else now
                retry_after = _retry_after_seconds(resp, body)
                wait = (
                    retry_after if retry_after is not None else self.limiter.estimate_retry_after()
                )
                if now + wait - first_429 > self.max_rate_limit_wait:
                    raise RateLimitedError(
                        "Zid is limiting requests for this store (another device may be "
                        "syncing). Try again in a few minutes; your edits stay queued.",
                        retry_after=wait,
                    )
                self.limiter.note_429(wait)
                continue  # the limiter's acquire() waits out the pause
            if status >= 500:
                if (idempotent or status == 503) and transient < self.max_retries:
                    await self._backoff(transient)
                    transient += 1
                    continue
                raise ServerError(
                    f"Zid had a problem (HTTP {status}). Try again later; your edits stay "
                    "queued." + (f" ({message})" if message else ""),
                    status=status,
                )
            raise self._client_error(method, path, status, message, fields)

    @staticmethod
    def _decode(resp: httpx.Response) -> Any:
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            return resp.text

    def _client_error(
        self, method: str, path: str, status: int, message: str, fields: dict[str, list[str]]
    ) -> ZidError:
        if status == 403:
            scope = _scope_for(method, path)
            hint = (
                f"Zid refused access: the app lacks the '{scope}' permission (or this store's "
                "plan does not include the feature). Ask the store owner to approve it, "
                "then sign in again."
            )
            return MissingScopeError(hint + (f" ({message})" if message else ""), scope=scope)
        if status == 404:
            return NotFoundError(
                "Zid does not know this item any more (deleted?). Refresh the data."
                + (f" ({message})" if message else ""),
                status=404,
            )
        text = message or "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items())
        if status == 413 or (
            status in (400, 422)
            and _SIZE_WORDS.search(text or "")
            and _BATCH_NOUNS.search(text or "")
            and not _index_keys(fields)
        ):
            return PayloadTooLargeError(
                f"Zid refused the request as too large; sending smaller batches. ({text})",
                fields=fields,
                status=status,
            )
        if status in (400, 422):
            return ValidationError(
                f"Zid refused the data: {text or 'invalid input'}", fields=fields, status=status
            )
        return ZidError(f"Zid answered HTTP {status}: {text or 'unexpected error'}", status=status)

    # -- store ----------------------------------------------------------------------------
    async def profile(self) -> StoreProfile:
        """GET /v1/managers/account/profile; sets `store_id` if it was unknown."""
        body = await self._request("GET", "/managers/account/profile")
        try:
            prof = parse_profile(as_mapping(body))
        except ValueError as exc:
            raise ServerError(f"Zid sent an unreadable profile: {exc}") from exc
        if self.store_id is None:
            self.store_id = prof.store_id
        return prof

    async def list_countries(self) -> list[dict]:
        """Store operating countries (GET /v1/managers/countries, zid-api.md §8.3); falls
        back to the all-countries list /v1/settings/countries."""
        try:
            body = await self._request("GET", "/managers/countries")
        except NotFoundError:
            body = await self._request("GET", "/settings/countries")
        return [c for c in results_of(body, "countries") if isinstance(c, dict)]

    async def list_cities(self, country_id: int) -> list[dict]:
        body = await self._request("GET", f"/managers/cities/by-country-id/{int(country_id)}")
        return [c for c in results_of(body, "cities") if isinstance(c, dict)]

    # -- locations ------------------------------------------------------------------------
    async def _iter_drf(
        self, path: str, params: dict[str, Any]
    ) -> AsyncIterator[tuple[dict[str, Any] | list[Any], list[Any]]]:
        """DRF lists: `{count, next, previous, results}`, following absolute `next`."""
        url: str | None = None
        first = True
        while first or url:
            body = await self._request("GET", path, params=params if first else None, url=url)
            first = False
            items = results_of(body, "results")
            yield body, items
            nxt = body.get("next") if isinstance(body, dict) else None
            url = self._same_origin(nxt) if nxt else None

    async def iter_locations(self) -> AsyncIterator[Location]:
        # zid-api.md §13.23: page + page_size (the sandbox also honours per_page)
        async for _body, items in self._iter_drf("/locations/", {"page": 1, "page_size": 50}):
            for item in items:
                try:
                    yield parse_location(item)
                except (ValueError, AttributeError, TypeError):
                    log.warning("skipping an unreadable location")

    async def get_location(self, location_id: str) -> Location:
        body = await self._request("GET", f"/locations/{location_id}/")
        return self._parse_one(parse_location, body)

    async def create_location(
        self,
        *,
        name_ar: str,
        name_en: str,
        city_id: int,
        full_address: str,
        short_address: str | None = None,
        latitude: float = 0,
        longitude: float = 0,
        is_default: bool = False,
        is_private: bool = False,
        is_enabled: bool = True,
    ) -> Location:
        payload: dict[str, Any] = {
            "name": {"ar": name_ar, "en": name_en},
            "coordinates": {"latitude": latitude, "longitude": longitude},
            "full_address": full_address,
            "city": int(city_id),
            "is_default": is_default,
            "is_private": is_private,
            "is_enabled": is_enabled,
        }
        if short_address is not None:
            payload["short_address"] = short_address
        # not idempotent: a retried create after a lost answer could duplicate the location
        body = await self._request("POST", "/locations/", json=payload, idempotent=False)
        return self._parse_one(parse_location, body)

    async def update_location(self, location_id: str, **fields: Any) -> Location:
        """PATCH a location. Accepts API field names plus the conveniences name_ar/name_en,
        city_id, latitude/longitude (sent as the documented shapes, zid-api.md §13.22)."""
        payload: dict[str, Any] = {}
        name = {k[5:]: fields.pop(k) for k in ("name_ar", "name_en") if k in fields}
        if name:
            payload["name"] = name
        if "city_id" in fields:
            payload["city"] = int(fields.pop("city_id"))
        coords = {k: fields.pop(k) for k in ("latitude", "longitude") if k in fields}
        if coords:
            payload["coordinates"] = coords
        payload.update(fields)
        body = await self._request("PATCH", f"/locations/{location_id}/", json=payload)
        return self._parse_one(parse_location, body)

    # -- products -------------------------------------------------------------------------
    async def iter_product_pages(
        self, *, ordering: str | None = None, page_size: int = 50, **filters: Any
    ) -> AsyncIterator[ProductPage]:
        """GET /v1/products/ page by page, following the absolute `next` link (zid-api.md
        §6.1; page_size is capped at 50 by Zid, §13.25)."""
        params: dict[str, Any] = {"page": 1, "page_size": min(50, max(1, page_size))}
        if ordering:
            params["ordering"] = ordering
        for key, value in filters.items():
            if value is None:
                continue
            if isinstance(value, list | tuple | set):
                value = ",".join(str(v) for v in value)
            elif isinstance(value, bool):
                value = "true" if value else "false"
            params[key] = value
        page = 0
        async for body, items in self._iter_drf("/products/", params):
            page += 1
            products = []
            for item in items:
                # external products have no id (zid-api.md §6.2): skip them
                with contextlib.suppress(ValueError, AttributeError, TypeError):
                    products.append(parse_product(item))
                    # `extended=true` nests a parent's variants (zid-api.md §6.1/§6.2)
                    products += parse_variants(item)
            count = to_int(body.get("count")) if isinstance(body, dict) else None
            has_next = bool(body.get("next")) if isinstance(body, dict) else False
            yield ProductPage(
                products=products,
                count=count if count is not None else len(items),
                page=page,
                has_next=has_next,
            )

    async def iter_products(
        self, *, ordering: str | None = None, page_size: int = 50, **filters: Any
    ) -> AsyncIterator[Product]:
        async for page in self.iter_product_pages(
            ordering=ordering, page_size=page_size, **filters
        ):
            for product in page.products:
                yield product

    async def _product_body(self, product_id: str) -> dict[str, Any]:
        body = await self._request("GET", f"/products/{product_id}/")
        if not isinstance(body, dict):
            raise ServerError("Zid sent an unreadable product.")
        return body

    async def get_product(self, product_id: str) -> Product:
        """The product itself (a parent stays a parent; see get_product_with_variants)."""
        return self._parse_one(parse_product, await self._product_body(product_id))

    async def get_product_with_variants(self, product_id: str) -> list[Product]:
        """[parent, *variants] from the detail call (variants carry `parent_id`)."""
        body = await self._product_body(product_id)
        return [self._parse_one(parse_product, body), *parse_variants(body)]

    async def products_by_ids(self, ids: Sequence[str]) -> list[Product]:
        """Products by id via `id__in`, 50 ids per request (zid-api.md §6.1)."""
        out: list[Product] = []
        unique = list(dict.fromkeys(str(i) for i in ids))
        for start in range(0, len(unique), 50):
            chunk = unique[start : start + 50]
            async for product in self.iter_products(id__in=chunk, page_size=50):
                out.append(product)
        return out

    async def list_product_stocks(self, product_id: str) -> list[StockLevel]:
        """GET /v1/products/{id}/stocks/ (zid-api.md §5.2); a bare list is also accepted."""
        out: list[StockLevel] = []
        async for _body, items in self._iter_drf(f"/products/{product_id}/stocks/", {}):
            out += [parse_stock(i) for i in items if isinstance(i, dict)]
        return out

    # -- orders ---------------------------------------------------------------------------
    async def iter_order_pages(
        self,
        *,
        per_page: int = 100,
        date_from: date | None = None,
        date_to: date | None = None,
        date_attribute: str = "updated_at",
        status: str | None = None,
        payload_type: str = "default",
    ) -> AsyncIterator[OrderPage]:
        """GET /v1/managers/store/orders by page number: no `next` link exists, so stop on
        a short page or when page*per_page reaches `total_order_count` (zid-api.md §7.1,
        §13.29; per_page max 100)."""
        per_page = min(100, max(1, per_page))
        params: dict[str, Any] = {"per_page": per_page, "payload_type": payload_type}
        if date_from is not None or date_to is not None:
            params["date_attribute"] = date_attribute
        if date_from is not None:
            params["date_from"] = date_from.isoformat()
        if date_to is not None:
            params["date_to"] = date_to.isoformat()
        if status:
            # zid-api.md §13.28: the list filter enum spells `canceled`; both are accepted
            params["order_status"] = "canceled" if status in ("cancelled", "canceled") else status
        page = 1
        seen = 0
        while True:
            body = await self._request(
                "GET", "/managers/store/orders", params={**params, "page": page}
            )
            raw = results_of(body, "orders")
            seen += len(raw)
            orders = []
            for item in raw:
                try:
                    orders.append(parse_order(item))
                except (ValueError, AttributeError, TypeError):
                    log.warning("skipping an unreadable order")
            total = to_int(body.get("total_order_count")) if isinstance(body, dict) else None
            yield OrderPage(orders=orders, page=page, total=total if total is not None else seen)
            # trust the count over per_page (a server might cap pages lower than we ask)
            if not raw or (seen >= total if total is not None else len(raw) < per_page):
                return
            page += 1

    async def get_order(self, order_id: int) -> Order:
        body = await self._request("GET", f"/managers/store/orders/{int(order_id)}/view")
        order = body.get("order") if isinstance(body, dict) and "order" in body else body
        return self._parse_one(parse_order, order)

    # -- stock writes ---------------------------------------------------------------------
    async def set_stocks_at_location(
        self,
        location_id: str,
        items: Sequence[StockWriteItem],
        *,
        on_batch_done: Callable[[int, int], None] | None = None,
    ) -> list[StockWriteResult]:
        """Write absolute stock values at one location, `stock_batch_size` items per
        POST /v1/locations/{id}/stock-update/ (zid-api.md §4.6). Returns one result per item,
        in order. A 413/size error halves the batch (down to 1; the smaller size is kept);
        a validation error listing item indexes fails those items and resends the rest;
        any other validation error fails the batch's items. Other ZidErrors are re-raised
        with `exc.partial_results` holding the results decided so far.
        `on_batch_done(done, total)` is called after every batch."""
        total = len(items)
        results: dict[int, StockWriteResult] = {}
        pending = list(range(total))

        def decided() -> list[StockWriteResult]:
            return [results[i] for i in range(total) if i in results]

        while pending:
            chunk = pending[: self.stock_batch_size]
            payload = [self._stock_item(items[i]) for i in chunk]
            try:
                # Retrying this POST is safe: stock-update sets absolute values, it is not a
                # delta (zid-api.md §4.6), so a repeat after a lost answer changes nothing.
                await self._request("POST", f"/locations/{location_id}/stock-update/", json=payload)
            except PayloadTooLargeError as exc:
                if len(chunk) > 1:
                    self.stock_batch_size = max(1, len(chunk) // 2)
                    log.info("stock-update batch too large; now %d", self.stock_batch_size)
                    continue
                results[chunk[0]] = StockWriteResult(items[chunk[0]].product_id, False, str(exc))
                pending = pending[1:]
            except ValidationError as exc:
                bad = self._failing_positions(exc, chunk, items)
                if bad:
                    for pos, reason in bad.items():
                        results[chunk[pos]] = StockWriteResult(
                            items[chunk[pos]].product_id, False, reason
                        )
                    failed = {chunk[pos] for pos in bad}
                    pending = [i for i in pending if i not in failed]
                    continue  # resend the rest of this chunk
                for i in chunk:
                    results[i] = StockWriteResult(items[i].product_id, False, str(exc))
                pending = pending[len(chunk) :]
            except ZidError as exc:
                exc.partial_results = decided()
                raise
            else:
                for i in chunk:
                    results[i] = StockWriteResult(items[i].product_id, True)
                pending = pending[len(chunk) :]
            if on_batch_done is not None:
                on_batch_done(len(results), total)
        return decided()

    @staticmethod
    def _stock_item(item: StockWriteItem) -> dict[str, Any]:
        # zid-api.md §13.21: with is_infinite the quantity is stored as null; send 0 then
        # rather than null, since a number is the documented type.
        qty = item.available_quantity if item.available_quantity is not None else 0
        return {
            "product_id": item.product_id,
            "available_quantity": int(qty),
            "is_infinite": bool(item.is_infinite),
        }

    @staticmethod
    def _failing_positions(
        exc: ValidationError, chunk: list[int], items: Sequence[StockWriteItem]
    ) -> dict[int, str]:
        """Chunk positions Zid named as failing (zid-api.md §13.16: whole-request 400 listing
        failing indexes), keyed by index or by product id."""
        by_product: dict[str, list[int]] = {}
        for pos, i in enumerate(chunk):
            by_product.setdefault(items[i].product_id, []).append(pos)
        out: dict[int, str] = {}
        for key, msgs in exc.fields.items():
            reason = "; ".join(msgs) or str(exc)
            head = key.split(".")[0].strip("[]")
            if head.isdigit() and int(head) < len(chunk):
                out[int(head)] = reason
            elif key in by_product:
                for pos in by_product[key]:
                    out[pos] = reason
        return out

    @staticmethod
    def _parse_one(parser: Callable[[Any], Any], body: Any) -> Any:
        try:
            return parser(body)
        except (ValueError, AttributeError, TypeError) as exc:
            raise ServerError(f"Zid sent an unexpected response: {exc}") from exc


def _index_keys(fields: Mapping[str, Any]) -> bool:
    return any(k.split(".")[0].strip("[]").isdigit() for k in fields)
