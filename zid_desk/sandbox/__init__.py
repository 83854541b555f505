"""The Zid sandbox: a local emulator of the Zid API subset Zid Desk uses.

A starlette app served by uvicorn on loopback, faithful to shared/zid-api.md. Used
in-process by tests and demo mode, or standalone (`zid-desk sandbox`, prints one JSON line).

In-process::

    from zid_desk.sandbox.server import SandboxOptions, SandboxServer
    with SandboxServer(SandboxOptions(products=200, rate_limit=60, burst=10)) as sb:
        sb.info        # the JSON line of `zid-desk sandbox` (api_base, oauth_base, client_id,
                       # client_secret, redirect_uris, store_id, tokens{authorization,
                       # access_token, refresh_token, expires_in}, ...)
        sb.api_base    # http://127.0.0.1:PORT/v1   (real Zid: https://api.zid.sa/v1)
        sb.oauth_base  # http://127.0.0.1:PORT      (/oauth/authorize, /oauth/token)
        sb.control     # SandboxControl, sync client of /_sandbox/*
        sb.state       # SandboxState (take `sb.state.lock` when reading it from a test)
        sb.headers()   # demo-token headers for the product component; headers(managers=True)

Emulated endpoints (paths under /v1 unless OAuth)
-------------------------------------------------
- OAuth: GET /oauth/authorize (bilingual consent page; form posts back with hidden fields and
  buttons name=decision value=approve|deny, ids `approve`/`deny`), POST /oauth/authorize,
  POST /oauth/token (authorization_code, refresh_token). Unknown client / unregistered
  redirect_uri → 400 HTML page, never a redirect. Token errors: 400 `{"error":
  "invalid_grant"|"invalid_request"|"unsupported_grant_type", "error_description"}`, 401
  `{"error": "invalid_client"}`. Codes are single-use and live 10 minutes.
- Product component (DRF style; errors `{"detail": ...}` or `{"field": ["msg"]}`):
  GET/POST /locations/, GET/PATCH /locations/{id}/, POST /locations/{id}/stock-update/,
  GET /products/, GET /products/{id}/, GET/POST/PATCH /products/{id}/stocks/,
  GET/PATCH /products/{id}/stocks/{stock_id}/.
- Managers API (Laravel style; errors `{"status": "error", "message": {"type": "error",
  "code", "name", "description"}, "errors"?: {field: [msg]}}`): GET /managers/account/profile,
  /managers/countries, /settings/countries, /managers/cities/by-country-id/{id} (SA=184,
  AE=229), /managers/store/orders, /managers/store/orders/{id}/view.
- Trailing slashes are exact as documented (zid-api.md §1); the other form is a 404.

The zid-api.md §13 choices made here (each also commented where implemented)
----------------------------------------------------------------------------
1. Token response key `Authorization` (capital A).  2. `expires_in` 31536000 seconds and
   `token_type: "Bearer"`.  3. Refresh needs `redirect_uri` that exactly matches a registered
   URI (SandboxOptions.strict_refresh_redirect=False allows omitting it).  4. Refresh rotates:
   the old refresh token AND the old access/Authorization tokens stop working.
5. Token endpoint accepts form-encoded or JSON bodies (client credentials in the body, or
   HTTP Basic when the body has none).  6. `state` echoed; denial →
   `?error=access_denied&state=...`.  7. Redirect URIs: exact match against a list that
   always holds http://127.0.0.1:53682/callback plus SandboxOptions.redirect_uris /
   `--redirect-uri` (a relay URI is just another registered URI).
8. `Access-Token` and `X-Manager-Token` accepted on every endpoint.  9. `Authorization` must
   be `Bearer <token>`.  10. `Role` optional; if present it must be `Manager` (else 403; no
   customer view).  11. `Store-Id` missing/non-numeric → 401 `{"detail":"No such user"}`;
   another store's id → 403.  Token problems → 401 in each service's shape (the bucket and
   faults come first; auth next).
12. Rate limit on ALL /v1 endpoints (SandboxOptions.rate_limit_scope="products" limits only
   products/locations), per store, leaky bucket: level leaks at rate/60 per second, capacity
   `burst` (default 10 — Zid gives no number; our choice), so at most rate+burst requests
   are accepted in any 60-s window. The bucket is keyed by the token's store (else the
   Store-Id header); a request counts even if it then fails auth or validation.
13. Over the limit → 429 with `Retry-After` (integer seconds, rounded up) and
   `{"detail": "Request was throttled. Expected available in N seconds."}` (managers: the
   error envelope). Optional throttling (Zid "holds" excess
   requests first): SandboxOptions.throttle_max_delay > 0 makes a request wait up to that
   many seconds for the bucket before the 429 (default 0 = reject at once). OAuth and
   /_sandbox are never limited.
14/15. Per-service error shapes; product component validation → 400 DRF field errors,
   managers validation → 422.  16. stock-update answers 200 with the updated stock rows
   (`[{id, product_id, location{id,name{ar,en},type,full_address}, available_quantity,
   is_infinite}]`); any bad item fails the whole request with 400
   `{"detail": "...", "errors": [{"index": i, "product_id": ..., "errors": {field: [msg]}}]}`
   and nothing is applied; a disabled location → 400; unknown location → 404.
17. Batch max 50 (SandboxOptions.batch_max / `--batch-max`) for stock-update and bulk stock
   PATCH; over it → 413 `{"detail": "Too many items: at most 50 per request, got N."}`.
18. Stock `location.name` is `{ar, en}` everywhere.  19. Create-stock response has
   `location` as the id string (201).  20. PATCH single stock returns the stock object.
21. `available_quantity` with `is_infinite: true` is accepted and stored/returned as null.
22. Location PATCH accepts name as a string (stored in both ar and en) or `{ar,en}`, and
   coordinates as numbers or numeric strings (stored as numbers).  Location create → 201;
   required: name, city, coordinates, full_address (+ short_address in Saudi Arabia).
23. Locations list: full objects, `page` + `page_size` (also `per_page`), default 50.
24. SandboxOptions.multi_inventory=False: list → 200 empty, create → 403.
25. Products `page_size` default 10, silently clamped to 50; `next`/`previous` absolute on
   the sandbox's own base (Host header), filters kept; bad page → 404 {"detail":"Invalid page."}.
   Default ordering `-created_at` (ties by id); `ordering` accepts created_at, updated_at,
   name, price, sku, display_order, quantity with optional `-`; unknown values are ignored
   (DRF). Filters: search (en/ar name, sku, exact barcode), id__in (comma uuids, 400 if
   not uuids), barcode, sku, structure, is_published, is_infinite, in_stock, locations,
   extended=true (nests `variants` in parents), deleted=true (only remotely deleted products,
   newest deletion first, `updated_at` = deletion time; the SDK's `deleted` filter, semantics
   assumed). The default list shows standalone products
   and parents; variants (structure "child", `parent_id` set) are listed only with
   structure=child or when id__in/barcode/sku/structure is given, and always nested in the
   product detail of their parent. Parents have `stocks: []`; their quantity/is_infinite
   come from their variants. stock-update on a parent → 400 for that item.
26. Product `quantity` = sum of finite stocks (null when every stock is infinite);
   `is_infinite` = any stock infinite. Stock writes set `updated_at` (ISO-8601, microseconds,
   Z) of the product AND of its parent, so `ordering=-updated_at` syncs see variant changes.
28. Order status filters (`order_status` or `status`, comma lists) accept canceled/cancelled,
   inDelivery/indelivery; payloads emit `cancelled`, `indelivery`.
29. Orders: page/per_page default 1/10, per_page clamped to 100, no next link;
   `payload_type=default` adds `products` (simple has none); date_from/date_to (YYYY-MM-DD,
   store-local date) with date_attribute created_at|updated_at; sort_by asc|desc,
   order_by created_at|updated_at|id; payment_status, payment_method, order_id, sku,
   search_term filters. `total_order_count` = matches; per-status counters are store-wide.
30. Order `inventory_address.id` = the location uuid without dashes.
27/31/32. Bulk product update, change-order-status and webhooks are not emulated (not used).
33. Orders' timestamps "YYYY-MM-DD HH:MM:SS" in store-local time (Asia/Riyadh, UTC+3).
34. Saudi Arabia = 184 (UAE = 229 is our own assumption).

Accept-Language: ar localises plain-string fields (order status names "جديد", order product
names, store title, country/city names in the managers API); `{ar, en}` objects stay objects.

Test controls (only under /_sandbox/, never on Zid paths; SandboxControl method in brackets)
------------------------------------------------------------------------------------------
GET  /_sandbox/info                      sb.info                         [info()]
GET  /_sandbox/stats                     total, requests {"GET /v1/products/": n} (path
     templates), statuses, responses_429, rate_limited (429s from the bucket), injected
     {kind: n}, injected_5xx, peak_60s (max /v1 requests accepted by the limiter in any
     60-s window), requests_last_60s, rate_per_minute      [stats()]
POST /_sandbox/stats/reset                                               [reset_stats()]
POST /_sandbox/faults {kind: "429"|"500"|"503"|"drop"|"latency", count, path_prefix
     (e.g. "/v1/products" or "/products"), method, latency_ms, retry_after}: the next
     `count` matching non-control requests fail that way (drop = connection closed with no
     response; latency = delayed then served normally; faults come before the rate limit
     and are not counted by it). GET lists, DELETE clears.
     [inject(kind, count=1, path_prefix=None, method=None, latency_ms=None, retry_after=None),
      faults(), clear_faults()]
POST /_sandbox/tokens/expire | /revoke | /issue   expire: live tokens → 401, refresh works;
     revoke: everything dead, refresh → invalid_grant; issue: a fresh token set
     [expire_tokens(), revoke_tokens(), issue_tokens()]
POST /_sandbox/sales {count}             N sales now: stock −1..2 at a location, a `new`
     order each, updated_at bumped; returns what was sold      [sales(count)]
POST /_sandbox/sales/auto {interval_ms}  background "orders arrive" mode; 0 stops
     [auto_sales(interval_ms)]
POST /_sandbox/products/{id}/touch {name|name_ar|name_en|price|sku|barcode|quantity
     [+location_id]|is_infinite}: a remote edit (no fields: just bump updated_at)
     [change_product(id, **fields)]
POST /_sandbox/products {name, sku, barcode, price, quantity [+location_id], is_infinite}
     remote create of a standalone product (stock at every location by default)
     [add_product(**fields) -> stock summary with product_id]
DELETE /_sandbox/products/{id}           remote delete (with its variants)  [delete_product(id)]
GET  /_sandbox/stock/{product_id}        {quantity, is_infinite, updated_at, stocks
     {location_id: qty|null}}                                   [stock(product_id)]
POST /_sandbox/clock/advance {seconds}   moves token/code expiry, timestamps and the bucket
     [advance_clock(seconds)]
POST /_sandbox/config {rate_limit, burst, batch_max, throttle_max_delay, multi_inventory}
     [configure(**kw)]

Data is deterministic for a seed: store "متجر الريان للإلكترونيات / Al Rayyan Electronics"
(id 37213), locations in Saudi and UAE cities, bilingual products (electronics, coffee,
perfumes & oud, dates, abayas, home) with SKUs, EAN-13 barcodes, variants, infinite and
zero/low stock; orders in every status in SAR and AED.
"""
