"""The Zid API subset under /v1 (zid-api.md §4-§8), with the §13 choices noted inline."""

from __future__ import annotations

import math
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from zid_desk.sandbox.http import (
    check_component,
    check_managers,
    drf_error,
    error_response,
    lang_of,
    managers_error,
    read_json,
)
from zid_desk.sandbox.records import (
    CITIES,
    COUNTRIES,
    OPERATING_COUNTRIES,
    ORDER_STATUS_NAMES,
    RIYADH,
    LocationRec,
    ProductRec,
    StockRec,
    city_by_id,
    normalize_status,
    order_json,
    stock_json,
)
from zid_desk.sandbox.state import STORE_SLUG, SandboxHTTPError, SandboxState

Handler = Callable[[Request], Awaitable[Response]]


def guarded(fn: Handler) -> Handler:
    """Turn SandboxHTTPError raised by a handler into its JSON response."""

    async def wrapper(request: Request) -> Response:
        try:
            return await fn(request)
        except SandboxHTTPError as err:
            return error_response(err)

    wrapper.__name__ = fn.__name__
    return wrapper


def _int_param(raw: str | None, default: int) -> int | None:
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        return None


def _is_bool(v: Any) -> bool:
    return isinstance(v, bool)


def _page_links(request: Request, page: int, pages: int) -> tuple[str | None, str | None]:
    """Absolute next/previous URLs built from the sandbox's own base, preserving filters
    (zid-api.md §6.1, §13.25). Like DRF, the previous link of page 2 drops `page`."""
    url = request.url
    nxt = str(url.include_query_params(page=page + 1)) if page < pages else None
    if page <= 1:
        prev = None
    elif page == 2:
        prev = str(url.remove_query_params("page"))
    else:
        prev = str(url.include_query_params(page=page - 1))
    return nxt, prev


def _paginate(
    request: Request, items: list[Any], page_size: int
) -> tuple[list[Any], dict[str, Any]]:
    page = _int_param(request.query_params.get("page"), 1)
    pages = max(1, math.ceil(len(items) / page_size))
    if page is None or page < 1 or page > pages:
        raise drf_error(404, {"detail": "Invalid page."})  # DRF PageNumberPagination
    start = (page - 1) * page_size
    nxt, prev = _page_links(request, page, pages)
    return items[start:start + page_size], {"count": len(items), "next": nxt, "previous": prev}


# ============================================================================ locations

LOCATION_PAGE_SIZE = 50  # §13.23: page + page_size (per_page honoured too), full objects
LOCATION_PAGE_MAX = 100


def _location(state: SandboxState, location_id: str) -> LocationRec:
    loc = state.locations.get(location_id)
    if loc is None:
        raise drf_error(404, {"detail": "Not found."})
    return loc


def _location_json(state: SandboxState, loc: LocationRec) -> dict[str, Any]:
    return loc.to_json(state.location_has_stocks(loc.id))


@guarded
async def list_locations(request: Request) -> Response:
    state = check_component(request)
    q = request.query_params
    size = _int_param(q.get("page_size") or q.get("per_page"), LOCATION_PAGE_SIZE)
    size = LOCATION_PAGE_SIZE if size is None or size < 1 else min(size, LOCATION_PAGE_MAX)
    with state.lock:
        if not state.multi_inventory:
            # §13.24: feature off → an empty list, not an error
            return JSONResponse({"count": 0, "next": None, "previous": None,
                                 "active_locations_limit": 0, "active_locations_count": 0,
                                 "results": []})
        locs = sorted(state.locations.values(), key=lambda x: (x.fulfillment_priority, x.id))
        page, meta = _paginate(request, locs, size)
        body = {"next": meta["next"], "previous": meta["previous"], "count": meta["count"],
                "active_locations_limit": 20,
                "active_locations_count": sum(1 for x in locs if x.is_enabled),
                "results": [_location_json(state, x) for x in page]}
    return JSONResponse(body)


@guarded
async def get_location(request: Request) -> Response:
    state = check_component(request)
    with state.lock:
        loc = _location(state, request.path_params["location_id"])
        return JSONResponse(_location_json(state, loc))


def _name_value(raw: Any, errors: dict[str, Any], *, required: bool) -> dict[str, str] | None:
    """§13.22: name as `{ar, en}` (create docs) or a plain string (update docs); a string is
    stored in both languages."""
    if raw is None:
        if required:
            errors["name"] = ["This field is required."]
        return None
    if isinstance(raw, str):
        if not raw.strip():
            errors["name"] = ["This field may not be blank."]
            return None
        return {"ar": raw.strip(), "en": raw.strip()}
    if isinstance(raw, dict):
        out = {k: str(v).strip() for k, v in raw.items() if k in ("ar", "en") and v}
        if not out:
            errors["name"] = {"ar": ["Provide ar and/or en."]}
            return None
        return out
    errors["name"] = ["Expected an object with ar/en or a string."]
    return None


def _coordinates(raw: Any, errors: dict[str, Any], *, required: bool) -> tuple[float, float] | None:
    """§13.22: coordinates as numbers (create) or numeric strings (update); stored as floats."""
    if raw is None:
        if required:
            errors["coordinates"] = ["This field is required."]
        return None
    if not isinstance(raw, dict):
        errors["coordinates"] = ["Expected an object with latitude and longitude."]
        return None
    sub: dict[str, list[str]] = {}
    vals: dict[str, float] = {}
    for key, lo, hi in (("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)):
        v = raw.get(key)
        try:
            if v is None or _is_bool(v):
                raise ValueError
            f = float(v)
            if not math.isfinite(f) or not lo <= f <= hi:
                raise ValueError
            vals[key] = f
        except (TypeError, ValueError):
            sub[key] = ["A valid number is required." if v is not None else
                        "This field is required."]
    if sub:
        errors["coordinates"] = sub
        return None
    return vals["latitude"], vals["longitude"]


def _apply_location_fields(state: SandboxState, body: dict[str, Any], errors: dict[str, Any],
                           *, creating: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    name = _name_value(body.get("name"), errors, required=creating)
    if name is not None:
        out["name"] = name
    city_raw = body.get("city")
    if city_raw is None:
        if creating:
            errors["city"] = ["This field is required."]
    else:
        city_id: Any = city_raw.get("id") if isinstance(city_raw, dict) else city_raw
        try:
            if _is_bool(city_id) or city_id is None:
                raise ValueError
            city = city_by_id(int(city_id))
        except (TypeError, ValueError):
            city = None
            errors["city"] = ["A valid integer is required."]
        else:
            if city is None:
                errors["city"] = [f'Invalid pk "{city_id}" - object does not exist.']
            else:
                out["city_id"] = city.id
    coords = _coordinates(body.get("coordinates"), errors, required=creating)
    if coords is not None:
        out["coordinates"] = coords
    for key in ("full_address", "short_address", "district", "street"):
        if key in body:
            v = body[key]
            if v is not None and not isinstance(v, str):
                errors[key] = ["Not a valid string."]
            elif key == "full_address" and not (v or "").strip():
                errors[key] = ["This field may not be blank."]
            else:
                out[key] = v
        elif key == "full_address" and creating:
            errors[key] = ["This field is required."]
    for key in ("is_default", "is_private", "is_enabled"):
        if key in body:
            if not _is_bool(body[key]):
                errors[key] = ["Must be a valid boolean."]
            else:
                out[key] = body[key]
    if "channels" in body:
        ch = body["channels"]
        if not isinstance(ch, list) or any(c not in ("pos", "catalog") for c in ch):
            errors["channels"] = ['Each channel must be one of "pos", "catalog".']
        else:
            out["channels"] = list(ch)
    if "fulfillment_priority" in body:
        fp = body["fulfillment_priority"]
        if not isinstance(fp, int) or _is_bool(fp) or fp < 0:
            errors["fulfillment_priority"] = ["A valid integer is required."]
        else:
            out["fulfillment_priority"] = fp
    # SDK note (§4.4): short_address is required for locations in Saudi Arabia.
    if creating and "city_id" in out:
        city = city_by_id(out["city_id"])
        if city and city.country_id == 184 and not (body.get("short_address") or "").strip():
            errors["short_address"] = ["This field is required for locations in Saudi Arabia."]
    return out


@guarded
async def create_location(request: Request) -> Response:
    state = check_component(request)
    body = await read_json(request)
    if not state.multi_inventory:
        raise drf_error(403, {"detail": "Multi-inventory is not enabled for this store."})
    if not isinstance(body, dict):
        raise drf_error(400, {"non_field_errors": ["Invalid data. Expected a dictionary."]})
    errors: dict[str, Any] = {}
    with state.lock:
        fields = _apply_location_fields(state, body, errors, creating=True)
        if errors:
            raise drf_error(400, errors)
        loc = LocationRec(
            id=str(uuid.uuid4()), name=fields["name"], city_id=fields["city_id"],
            coordinates=fields["coordinates"], full_address=fields["full_address"],
            short_address=fields.get("short_address"), district=fields.get("district") or "",
            street=fields.get("street") or "",
            fulfillment_priority=fields.get("fulfillment_priority",
                                            len(state.locations) + 1),
            is_default=fields.get("is_default", False),
            is_private=fields.get("is_private", False),
            is_enabled=fields.get("is_enabled", True),
            channels=fields.get("channels", ["catalog"]),
        )
        if loc.is_default:
            for other in state.locations.values():
                other.is_default = False
        state.locations[loc.id] = loc
        # §4.4: status unconfirmed; we answer 201 Created like a DRF create view.
        return JSONResponse(_location_json(state, loc), status_code=201)


@guarded
async def update_location(request: Request) -> Response:
    state = check_component(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise drf_error(400, {"non_field_errors": ["Invalid data. Expected a dictionary."]})
    errors: dict[str, Any] = {}
    with state.lock:
        loc = _location(state, request.path_params["location_id"])
        fields = _apply_location_fields(state, body, errors, creating=False)
        if errors:
            raise drf_error(400, errors)
        if fields.get("is_default"):
            for other in state.locations.values():
                other.is_default = False
        for key, value in fields.items():
            setattr(loc, key, value)
        return JSONResponse(_location_json(state, loc))


def _product(state: SandboxState, product_id: str) -> ProductRec:
    p = state.products.get(product_id)
    if p is None:
        raise drf_error(404, {"detail": "Not found."})
    return p


def _stock_item(
    item: Any, *, key: str
) -> tuple[dict[str, list[str]], tuple[str, int | None, bool]]:
    """Validate one `{<key>, available_quantity, is_infinite}` item."""
    errs: dict[str, list[str]] = {}
    if not isinstance(item, dict):
        return {"non_field_errors": ["Invalid data. Expected a dictionary."]}, ("", None, False)
    ref = item.get(key)
    if not isinstance(ref, str) or not ref:
        errs[key] = ["This field is required." if ref is None else "Must be a valid UUID."]
    infinite = item.get("is_infinite", False)
    if not _is_bool(infinite):
        errs["is_infinite"] = ["Must be a valid boolean."]
        infinite = False
    qty = item.get("available_quantity")
    if not infinite:
        if qty is None:
            errs["available_quantity"] = ["This field is required unless is_infinite is true."]
        elif not isinstance(qty, int) or _is_bool(qty):
            errs["available_quantity"] = ["A valid integer is required."]
        elif qty < 0:
            errs["available_quantity"] = ["Ensure this value is greater than or equal to 0."]
    elif qty is not None and (not isinstance(qty, int) or _is_bool(qty)):
        errs["available_quantity"] = ["A valid integer is required."]
    # §13.21: a number sent with is_infinite=true is accepted and stored as null.
    return errs, (ref if isinstance(ref, str) else "", None if infinite else qty, bool(infinite))


def _batch_limit(state: SandboxState, items: list[Any]) -> None:
    # §13.17: batch max not documented; 50 by default (configurable), over it → 413.
    if len(items) > state.batch_max:
        raise drf_error(413, {"detail": f"Too many items: at most {state.batch_max} "
                                        f"per request, got {len(items)}."})


def _batch_failed(errors: list[dict[str, Any]], total: int) -> SandboxHTTPError:
    """§13.16: a batch with any bad item fails as a whole (nothing applied): 400 listing
    every failing index with its field messages."""
    return drf_error(400, {
        "detail": f"{len(errors)} of {total} items are invalid; nothing was updated.",
        "errors": errors,
    })


@guarded
async def location_stock_update(request: Request) -> Response:
    """POST /v1/locations/{id}/stock-update/ — body: bare array of
    {product_id, available_quantity, is_infinite}; sets (not adds) quantities (§4.6).
    Success → 200 with the updated stock rows (each with product_id), §13.16."""
    state = check_component(request)
    body = await read_json(request)
    if not isinstance(body, list):
        raise drf_error(400, {"non_field_errors": [
            f'Expected a list of items but got type "{type(body).__name__}".']})
    with state.lock:
        loc = _location(state, request.path_params["location_id"])
        _batch_limit(state, body)
        if not loc.is_enabled:
            raise drf_error(400, {"detail": "This location is disabled; enable it before "
                                            "updating its stock.",
                                  "location": ["Location is disabled."]})
        errors: list[dict[str, Any]] = []
        valid: list[tuple[ProductRec, int | None, bool]] = []
        for i, item in enumerate(body):
            errs, (pid, qty, inf) = _stock_item(item, key="product_id")
            p = state.products.get(pid) if pid else None
            if "product_id" not in errs:
                if p is None:
                    errs["product_id"] = [f'Invalid pk "{pid}" - object does not exist.']
                elif p.structure == "parent":
                    errs["product_id"] = ["This product has variants; update the stock of "
                                          "its variants instead."]
            if errs:
                errors.append({"index": i, "product_id": pid or None, "errors": errs})
            elif p is not None:
                valid.append((p, qty, inf))
        if errors:
            raise _batch_failed(errors, len(body))
        out = []
        for p, qty, inf in valid:
            stock = state.set_stock(p, loc.id, qty, inf)
            row = stock_json(stock, loc)
            row["product_id"] = p.id
            out.append(row)
    return JSONResponse(out)


# ============================================================================ products

PRODUCT_PAGE_SIZE = 10  # docs: default 10, larger values clamped to 50 (§6.1, §13.25)
PRODUCT_PAGE_MAX = 50
ORDERINGS = {"created_at", "updated_at", "name", "price", "sku", "display_order", "quantity"}
DEFAULT_ORDERING = "-created_at"  # the sandbox's choice: newest first, ties by id


def _truthy(raw: str) -> bool | None:
    v = raw.strip().lower()
    if v in ("true", "1", "yes"):
        return True
    if v in ("false", "0", "no"):
        return False
    return None


def _flag_filter(state: SandboxState, key: str, flag: bool) -> Callable[[ProductRec], bool]:
    def test(p: ProductRec) -> bool:
        if key == "is_published":
            return p.is_published == flag
        quantity, infinite = state.product_totals(p)
        if key == "is_infinite":
            return infinite == flag
        return (infinite or (quantity or 0) > 0) == flag  # in_stock

    return test


def _filter_products(state: SandboxState, request: Request) -> list[ProductRec]:
    q = request.query_params
    ordering = DEFAULT_ORDERING
    for term in (q.get("ordering") or "").split(","):
        if term.strip().lstrip("-") in ORDERINGS:
            ordering = term.strip()
            break  # DRF OrderingFilter ignores unknown fields
    deleted = _truthy(q.get("deleted", "")) is True
    items = state.sorted_products(ordering, deleted=deleted)
    explicit = deleted or any(k in q for k in ("id__in", "structure", "barcode", "sku"))
    preds: list[Callable[[ProductRec], bool]] = []
    if not explicit:
        # The default list shows standalone products and parents; variants come nested
        # (`extended=true` / detail) or with structure=child / id__in / barcode / sku.
        preds.append(lambda p: p.structure != "child")
    if q.get("structure"):
        wanted = {s.strip() for s in q["structure"].split(",")}
        preds.append(lambda p: p.structure in wanted)
    if "id__in" in q:
        ids = [s.strip() for s in q["id__in"].split(",") if s.strip()]
        for s in ids:
            try:
                uuid.UUID(s)
            except ValueError:
                raise drf_error(400, {"id__in": [f'"{s}" is not a valid UUID.']}) from None
        idset = set(ids)
        preds.append(lambda p: p.id in idset)
    if q.get("barcode"):
        bc = q["barcode"].strip()
        preds.append(lambda p: p.barcode == bc)
    if q.get("sku"):
        sku = q["sku"].strip()
        preds.append(lambda p: p.sku == sku)
    if q.get("search"):
        term = q["search"].strip().casefold()
        preds.append(lambda p: term in p.name.get("en", "").casefold()
                     or term in p.name.get("ar", "") or term in p.sku.casefold()
                     or term == p.barcode)
    for key in ("is_published", "is_infinite", "in_stock"):
        if q.get(key):
            flag = _truthy(q[key])
            if flag is None:
                raise drf_error(400, {key: ["Must be a valid boolean."]})
            preds.append(_flag_filter(state, key, flag))
    if q.get("locations"):
        locs = {s.strip() for s in q["locations"].split(",")}
        preds.append(lambda p: bool(locs & p.stocks.keys()))
    if not preds:
        return items
    return [p for p in items if all(f(p) for f in preds)]


@guarded
async def list_products(request: Request) -> Response:
    state = check_component(request)
    lang = lang_of(request)
    size = _int_param(request.query_params.get("page_size"), PRODUCT_PAGE_SIZE)
    size = PRODUCT_PAGE_SIZE if size is None or size < 1 else min(size, PRODUCT_PAGE_MAX)
    extended = _truthy(request.query_params.get("extended", "")) is True
    with state.lock:
        items = _filter_products(state, request)
        page, meta = _paginate(request, items, size)
        total = len(state.listable())
        body = {
            "total_products_count": total,
            "normal_products_count": total,
            "voucher_products_count": 0,
            "grouped_products_count": 0,
            "downloadable_products_count": 0,
            "dynamic_bundle_products_count": 0,
            "donation_item_count": 0,
            "crowd_funding_count": 0,
            **meta,
            "results": [state.product_json(p, lang, extended=extended) for p in page],
        }
    return JSONResponse(body)


@guarded
async def get_product(request: Request) -> Response:
    state = check_component(request)
    with state.lock:
        p = _product(state, request.path_params["product_id"])
        return JSONResponse(state.product_json(p, lang_of(request), detail=True))


# ---------------------------------------------------------------- product stocks (§5)


def _stock_by_id(p: ProductRec, stock_id: str) -> StockRec:
    for s in p.stocks.values():
        if s.id == stock_id:
            return s
    raise drf_error(404, {"detail": "Not found."})


def _stockable(p: ProductRec) -> None:
    if p.structure == "parent":
        raise drf_error(400, {"detail": "This product has variants; manage the stock of its "
                                        "variants instead."})


@guarded
async def list_product_stocks(request: Request) -> Response:
    state = check_component(request)
    with state.lock:
        p = _product(state, request.path_params["product_id"])
        rows = [stock_json(s, state.locations.get(s.location_id)) for s in p.stocks.values()]
        return JSONResponse({"count": len(rows), "next": None, "previous": None,
                             "results": rows})


@guarded
async def create_product_stock(request: Request) -> Response:
    state = check_component(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise drf_error(400, {"non_field_errors": ["Invalid data. Expected a dictionary."]})
    with state.lock:
        p = _product(state, request.path_params["product_id"])
        _stockable(p)
        errs, (loc_id, qty, inf) = _stock_item(body, key="location")
        if "location" not in errs and loc_id not in state.locations:
            errs["location"] = [f'Invalid pk "{loc_id}" - object does not exist.']
        if errs:
            raise drf_error(400, errs)
        if loc_id in p.stocks:
            raise drf_error(400, {"non_field_errors": [
                "The fields product, location must make a unique set."]})
        stock = state.set_stock(p, loc_id, qty, inf)
        # §13.19: the create response carries `location` as the id string (as in the docs).
        return JSONResponse({"id": stock.id, "location": loc_id,
                             "available_quantity": stock.available_quantity,
                             "is_infinite": stock.is_infinite}, status_code=201)


@guarded
async def bulk_update_product_stocks(request: Request) -> Response:
    """PATCH /v1/products/{id}/stocks/ — array of {location, available_quantity, is_infinite};
    204 on success (SDK), all-or-nothing 400 like stock-update (§13.16/13.17)."""
    state = check_component(request)
    body = await read_json(request)
    if not isinstance(body, list):
        raise drf_error(400, {"non_field_errors": [
            f'Expected a list of items but got type "{type(body).__name__}".']})
    with state.lock:
        p = _product(state, request.path_params["product_id"])
        _stockable(p)
        _batch_limit(state, body)
        errors: list[dict[str, Any]] = []
        valid: list[tuple[str, int | None, bool]] = []
        for i, item in enumerate(body):
            errs, (loc_id, qty, inf) = _stock_item(item, key="location")
            if "location" not in errs and loc_id not in state.locations:
                errs["location"] = [f'Invalid pk "{loc_id}" - object does not exist.']
            if errs:
                errors.append({"index": i, "location": loc_id or None, "errors": errs})
            else:
                valid.append((loc_id, qty, inf))
        if errors:
            raise _batch_failed(errors, len(body))
        for loc_id, qty, inf in valid:
            state.set_stock(p, loc_id, qty, inf)
    return Response(status_code=204)


@guarded
async def get_product_stock(request: Request) -> Response:
    state = check_component(request)
    with state.lock:
        p = _product(state, request.path_params["product_id"])
        s = _stock_by_id(p, request.path_params["stock_id"])
        return JSONResponse(stock_json(s, state.locations.get(s.location_id)))


@guarded
async def update_product_stock(request: Request) -> Response:
    state = check_component(request)
    body = await read_json(request)
    if not isinstance(body, dict):
        raise drf_error(400, {"non_field_errors": ["Invalid data. Expected a dictionary."]})
    with state.lock:
        p = _product(state, request.path_params["product_id"])
        s = _stock_by_id(p, request.path_params["stock_id"])
        merged = {"location": s.location_id, "available_quantity": s.available_quantity,
                  "is_infinite": s.is_infinite, **body}
        if "is_infinite" in body and body["is_infinite"] is False and \
                "available_quantity" not in body:
            merged["available_quantity"] = None  # must be given when turning finite
        errs, (_, qty, inf) = _stock_item(merged, key="location")
        if errs:
            raise drf_error(400, errs)
        stock = state.set_stock(p, s.location_id, qty, inf)
        # §13.20: respond with the stock object (§5.1), not the docs placeholder.
        return JSONResponse(stock_json(stock, state.locations.get(stock.location_id)))


# ============================================================================ managers


def _ok_message() -> dict[str, Any]:
    return {"type": "object", "code": None, "name": None, "description": None}


@guarded
async def profile(request: Request) -> Response:
    state = check_managers(request)
    lang = lang_of(request)
    sa = COUNTRIES[184]
    riyadh = city_by_id(1)
    assert riyadh is not None
    country_obj = {"id": sa.id, "name": sa.ar if lang == "ar" else sa.en, "code": sa.code}
    city_obj = {"id": riyadh.id, "name": riyadh.ar if lang == "ar" else riyadh.en}
    store_url = f"https://{STORE_SLUG}.zid.store/"
    body = {
        "status": "object",
        "user": {
            "id": 3187, "old_id": 3187, "uuid": "6675a8a4-ad6e-4663-b53e-6852e63f48c7",
            "name": "فيصل الرشيد" if lang == "ar" else "Faisal Al Rashid",
            "username": "faisal.alrashid", "email": "owner@alrayyan.example.sa",
            "is_email_verified": True, "mobile": "966500000005",
            "mobile_object": {"country_code": "966", "mobile": "500000005"},
            "language_code": "ar",
            "user_profile_data": {"country_id": 184, "city_id": 1, "city": city_obj,
                                  "country": country_obj},
            "business_location": {"country": country_obj, "city": city_obj,
                                  "district": "Al Olaya", "street": "King Fahd Road",
                                  "building_no": "2911"},
            "store": {
                "id": state.store_id,  # an int here; sent back as the Store-Id header
                "uuid": "b1c7f3d2-4e5a-4f60-9d8e-2a1b3c4d5e6f",
                "title": state.store_title(lang),
                "url": store_url,
                "email": "info@alrayyan.example.sa",
                "currency": {"id": 2, "name": "ريال سعودي" if lang == "ar" else "Saudi Riyal",
                             "code": "SAR", "symbol": "ر.س" if lang == "ar" else "SAR",
                             "country": country_obj},
                "language": {"id": 1, "code": "ar", "name": "العربية"},
                "languages": [{"id": 1, "code": "ar", "name": "العربية"},
                              {"id": 2, "code": "en", "name": "English"}],
                "has_multi_product_inventory": state.multi_inventory,
                "is_restock_cancelled_orders_enabled": True,
                "is_low_stock_label_enabled": True,
                "low_stock_quantity_limit": 5,
                "subscription": {"package_code": "professional",
                                 "package_name": {"ar": "الاحترافية", "en": "Professional"},
                                 "is_expired": False},
            },
        },
        "message": _ok_message(),
    }
    return JSONResponse(body)


def _country_list(ids: list[int], lang: str) -> list[dict[str, Any]]:
    return [{"id": c.id, "name": c.ar if lang == "ar" else c.en, "code": c.code,
             "country_code": c.code3, "flag": f"https://media.zid.store/static/{c.code.lower()}.svg"}
            for c in (COUNTRIES[i] for i in ids)]


@guarded
async def managers_countries(request: Request) -> Response:
    check_managers(request)
    return JSONResponse({"status": "object",
                         "countries": _country_list(list(OPERATING_COUNTRIES), lang_of(request)),
                         "message": _ok_message()})


@guarded
async def settings_countries(request: Request) -> Response:
    check_managers(request, need_access=False)
    return JSONResponse({"status": "object",
                         "countries": _country_list(sorted(COUNTRIES), lang_of(request)),
                         "message": _ok_message()})


@guarded
async def cities_by_country(request: Request) -> Response:
    check_managers(request)
    lang = lang_of(request)
    raw = request.path_params["country_id"]
    if not raw.isdigit() or int(raw) not in COUNTRIES:
        raise managers_error(404, "Country not found.")
    country = COUNTRIES[int(raw)]
    cities = [{"name": c.ar if lang == "ar" else c.en, "id": c.id, "national_id": c.id,
               "priority": c.priority, "country_id": c.country_id,
               "country_name": country.ar if lang == "ar" else country.en,
               "country_code": country.code, "ar_name": c.ar, "en_name": c.en}
              for c in CITIES if c.country_id == country.id]
    return JSONResponse({"status": "object", "cities": cities, "message": _ok_message()})


# ---------------------------------------------------------------- orders (§7)

ORDERS_PER_PAGE = 10  # §13.29: page/per_page default 1/10, per_page capped at 100
ORDERS_PER_PAGE_MAX = 100


def _order_int(q: Any, key: str, default: int, errors: dict[str, list[str]]) -> int:
    v = _int_param(q.get(key), default)
    if v is None or v < 1:
        errors[key] = [f"The {key} must be a positive integer."]
        return default
    return v


def _valid_date(raw: str) -> bool:
    import datetime as _dt

    try:
        _dt.date.fromisoformat(raw)
    except ValueError:
        return False
    return len(raw) == 10


@guarded
async def list_orders(request: Request) -> Response:
    state = check_managers(request)
    lang = lang_of(request)
    q = request.query_params
    errors: dict[str, list[str]] = {}
    page = _order_int(q, "page", 1, errors)
    per_page = min(_order_int(q, "per_page", ORDERS_PER_PAGE, errors), ORDERS_PER_PAGE_MAX)
    statuses: set[str] = set()
    for key in ("order_status", "status"):  # §13.28: both spellings accepted
        for s in (q.get(key) or "").split(","):
            if s.strip():
                code = normalize_status(s)
                if code not in ORDER_STATUS_NAMES:
                    errors[key] = [f"The selected {key} is invalid."]
                statuses.add(code)
    date_attr = q.get("date_attribute") or "created_at"
    if date_attr not in ("created_at", "updated_at"):
        errors["date_attribute"] = ["The selected date attribute is invalid."]
    for key in ("date_from", "date_to"):
        if q.get(key) and not _valid_date(q[key]):
            errors[key] = [f"The {key} does not match the format Y-m-d."]
    sort_by = (q.get("sort_by") or "desc").lower()
    if sort_by not in ("asc", "desc"):
        errors["sort_by"] = ["The selected sort by is invalid."]
    order_by = q.get("order_by") or "created_at"
    if order_by not in ("created_at", "updated_at", "id"):
        errors["order_by"] = ["The selected order by is invalid."]
    if errors:
        # §13.15: the managers API answers validation errors with 422
        raise managers_error(422, "The given data was invalid.", errors)
    payment_status = {s.strip() for s in (q.get("payment_status") or "").split(",") if s.strip()}
    payment_method = {s.strip() for s in (q.get("payment_method") or "").split(",") if s.strip()}
    order_ids = {s.strip() for s in (q.get("order_id") or "").split(",") if s.strip()}
    search = (q.get("search_term") or "").strip().casefold()
    sku = (q.get("sku") or "").strip()
    date_from, date_to = q.get("date_from"), q.get("date_to")
    payload_type = q.get("payload_type") or "simple"
    with_products = payload_type == "default"  # `simple` (the default) has no products (§7.1)

    with state.lock:
        orders = list(state.orders.values())
        per_status = {code: 0 for code in ORDER_STATUS_NAMES}
        for o in orders:
            per_status[o.status] += 1
        out = []
        for o in orders:
            if statuses and o.status not in statuses:
                continue
            if payment_status and o.payment_status not in payment_status:
                continue
            if payment_method and o.payment_method not in payment_method:
                continue
            if order_ids and str(o.id) not in order_ids:
                continue
            if sku and all(i.sku != sku for i in o.items):
                continue
            if search and not (search in o.code.casefold() or search == str(o.id)
                               or search in o.customer["name"].casefold()
                               or search in o.customer["mobile"]):
                continue
            day = getattr(o, date_attr).astimezone(RIYADH).date().isoformat()
            if (date_from and day < date_from) or (date_to and day > date_to):
                continue
            out.append(o)
        keyf = {"created_at": lambda o: (o.created_at, o.id),
                "updated_at": lambda o: (o.updated_at, o.id),
                "id": lambda o: (o.id, o.id)}[order_by]
        out.sort(key=keyf, reverse=(sort_by == "desc"))
        start = (page - 1) * per_page
        page_items = out[start:start + per_page]
        store_name = state.store_title(lang)
        store_url = f"https://{STORE_SLUG}.zid.store/"
        body = {
            "status": "object",
            "orders": [order_json(o, lang, with_products=with_products, store_name=store_name,
                                  store_url=store_url,
                                  location=state.locations.get(o.location_id or ""))
                       for o in page_items],
            "grand_total": len(out),
            "total_order_count": len(out),
            "total_order_count_per_status": per_status,
            "tax_settings": {}, "storeColors": {}, "printed_invoice_settings": {},
            "orders_list_view_settings": {},
            "message": _ok_message(),
        }
    return JSONResponse(body)


@guarded
async def view_order(request: Request) -> Response:
    state = check_managers(request)
    lang = lang_of(request)
    raw = request.path_params["order_id"]
    with state.lock:
        order = state.orders.get(int(raw)) if raw.isdigit() else None
        if order is None:
            raise managers_error(404, "Order not found." if lang != "ar" else "الطلب غير موجود")
        body = {"status": "object",
                "order": order_json(order, lang, with_products=True,
                                    store_name=state.store_title(lang),
                                    store_url=f"https://{STORE_SLUG}.zid.store/",
                                    location=state.locations.get(order.location_id or "")),
                "message": _ok_message()}
    return JSONResponse(body)


ROUTES = [
    Route("/v1/locations/", list_locations, methods=["GET"]),
    Route("/v1/locations/", create_location, methods=["POST"]),
    Route("/v1/locations/{location_id}/", get_location, methods=["GET"]),
    Route("/v1/locations/{location_id}/", update_location, methods=["PATCH"]),
    Route("/v1/locations/{location_id}/stock-update/", location_stock_update, methods=["POST"]),
    Route("/v1/products/", list_products, methods=["GET"]),
    Route("/v1/products/{product_id}/", get_product, methods=["GET"]),
    Route("/v1/products/{product_id}/stocks/", list_product_stocks, methods=["GET"]),
    Route("/v1/products/{product_id}/stocks/", create_product_stock, methods=["POST"]),
    Route("/v1/products/{product_id}/stocks/", bulk_update_product_stocks, methods=["PATCH"]),
    Route("/v1/products/{product_id}/stocks/{stock_id}/", get_product_stock, methods=["GET"]),
    Route("/v1/products/{product_id}/stocks/{stock_id}/", update_product_stock,
          methods=["PATCH"]),
    Route("/v1/managers/account/profile", profile, methods=["GET"]),
    Route("/v1/managers/countries", managers_countries, methods=["GET"]),
    Route("/v1/settings/countries", settings_countries, methods=["GET"]),
    Route("/v1/managers/cities/by-country-id/{country_id}", cities_by_country, methods=["GET"]),
    Route("/v1/managers/store/orders", list_orders, methods=["GET"]),
    Route("/v1/managers/store/orders/{order_id}/view", view_order, methods=["GET"]),
]
