"""Store, locations and products: bulk upserts from a pull, deletions and lookups."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from zid_desk.cache._db import CacheBase, now_iso, to_iso
from zid_desk.cache._stockmath import prepare_temp, recompute_pairs, recompute_totals
from zid_desk.cache.records import LocationSummary, ProductRef, StockCell
from zid_desk.cache.schema import LOC_MASK_EXPR, assign_location_bits
from zid_desk.cache.text import code_key, normalize, search_document
from zid_desk.domain.models import LocalizedText, Location, Product, StoreProfile

_UPSERT_PRODUCT = """
INSERT INTO products (id, name_ar, name_en, sku, barcode, parent_id, structure, price,
    sale_price, currency, is_infinite, quantity, is_published, created_at, updated_at,
    search_text, sort_ar, sort_en, sku_key, barcode_key, total_qty, total_infinite, loc_mask)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    name_ar = excluded.name_ar, name_en = excluded.name_en, sku = excluded.sku,
    barcode = excluded.barcode, parent_id = excluded.parent_id,
    structure = excluded.structure, price = excluded.price,
    sale_price = excluded.sale_price, currency = excluded.currency,
    is_infinite = excluded.is_infinite, quantity = excluded.quantity,
    is_published = excluded.is_published, created_at = excluded.created_at,
    updated_at = excluded.updated_at, search_text = excluded.search_text,
    sort_ar = excluded.sort_ar, sort_en = excluded.sort_en, sku_key = excluded.sku_key,
    barcode_key = excluded.barcode_key, total_qty = excluded.total_qty,
    total_infinite = excluded.total_infinite, loc_mask = excluded.loc_mask
"""

# A pull never overwrites the displayed value of a cell with active outbox changes: it only
# refreshes remote_quantity; recompute_pairs() then re-applies the pending changes on top.
_UPSERT_STOCK = """
INSERT INTO stocks (product_id, location_id, stock_id, available_quantity, is_infinite,
    remote_quantity, remote_infinite, product_pk)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, (SELECT pk FROM products WHERE id = ?1))
ON CONFLICT (product_id, location_id) DO UPDATE SET
    stock_id = excluded.stock_id,
    remote_quantity = excluded.remote_quantity,
    remote_infinite = excluded.remote_infinite,
    available_quantity = CASE WHEN stocks.pending > 0 OR stocks.conflict > 0
        THEN stocks.available_quantity ELSE excluded.available_quantity END,
    is_infinite = CASE WHEN stocks.pending > 0 OR stocks.conflict > 0
        THEN stocks.is_infinite ELSE excluded.is_infinite END
"""


def _product_row(p: Product) -> tuple:
    ar, en = p.name.ar or "", p.name.en or ""
    return (
        p.id,
        ar,
        en,
        p.sku or "",
        p.barcode or "",
        p.parent_id,
        p.structure or "standalone",
        p.price,
        p.sale_price,
        p.currency or "",
        int(p.is_infinite),
        p.quantity,
        int(p.is_published),
        to_iso(p.created_at),
        to_iso(p.updated_at),
        search_document(ar, en, p.sku),
        normalize(ar or en),
        normalize(en or ar),
        code_key(p.sku),
        code_key(p.barcode),
    )


def _location_row(loc: Location, position: int) -> tuple:
    return (
        loc.id,
        loc.name.ar or "",
        loc.name.en or "",
        loc.city_id,
        loc.city_name.ar or "",
        loc.city_name.en or "",
        loc.country_code or "",
        loc.full_address or "",
        loc.short_address,
        loc.type or "PHYSICAL",
        int(loc.is_default),
        int(loc.is_private),
        int(loc.is_enabled),
        int(loc.has_stocks),
        loc.latitude,
        loc.longitude,
        loc.fulfillment_priority,
        json.dumps(list(loc.channels)),
        position,
    )


_LOCATION_COLS = (
    "id, name_ar, name_en, city_id, city_ar, city_en, country_code, full_address,"
    " short_address, type, is_default, is_private, is_enabled, has_stocks, latitude,"
    " longitude, fulfillment_priority, channels, position"
)


def _in_list(n: int) -> str:
    return ",".join("?" * n)


class CatalogMixin(CacheBase):
    # ------------------------------------------------------------------ store
    def upsert_store(self, profile: StoreProfile) -> None:
        """Remember which store this cache belongs to (one row)."""
        with self._database.transaction() as conn:
            conn.execute("DELETE FROM store WHERE id <> ?", (profile.store_id,))
            conn.execute(
                "INSERT INTO store (id, title, currency, manager, manager_email, store_url,"
                " has_multi_inventory, low_stock_limit, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                " title = excluded.title, currency = excluded.currency,"
                " manager = excluded.manager, manager_email = excluded.manager_email,"
                " store_url = excluded.store_url,"
                " has_multi_inventory = excluded.has_multi_inventory,"
                " low_stock_limit = excluded.low_stock_limit, updated_at = excluded.updated_at",
                (
                    profile.store_id,
                    profile.store_title,
                    profile.currency,
                    profile.manager_name,
                    profile.manager_email,
                    profile.store_url,
                    int(profile.has_multi_inventory),
                    profile.low_stock_limit,
                    now_iso(),
                ),
            )

    def store(self) -> StoreProfile | None:
        row = self._one("SELECT * FROM store LIMIT 1")
        if row is None:
            return None
        return StoreProfile(
            store_id=row["id"],
            store_title=row["title"],
            manager_name=row["manager"],
            manager_email=row["manager_email"],
            currency=row["currency"],
            store_url=row["store_url"],
            has_multi_inventory=bool(row["has_multi_inventory"]),
            low_stock_limit=row["low_stock_limit"],
        )

    # ------------------------------------------------------------------ locations
    def upsert_locations(self, locations: Iterable[Location]) -> int:
        """Insert or update locations (their order is kept as display order)."""
        rows = [_location_row(loc, i) for i, loc in enumerate(locations)]
        updates = ", ".join(f"{c} = excluded.{c}" for c in _LOCATION_COLS.split(", ")[1:])
        with self._database.transaction() as conn:
            conn.executemany(
                f"INSERT INTO locations ({_LOCATION_COLS}) VALUES ({_in_list(19)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}",
                rows,
            )
            if assign_location_bits(conn):  # new location: refresh every product's mask
                conn.execute(f"UPDATE products SET loc_mask = {LOC_MASK_EXPR}")
        return len(rows)

    def delete_locations_not_in(self, location_ids: Iterable[str]) -> int:
        """Drop locations (and their stock rows) that Zid no longer lists."""
        keep = list(location_ids)
        with self._database.transaction() as conn:
            prepare_temp(conn)
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS _keep (id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp._keep")
            conn.executemany("INSERT OR IGNORE INTO temp._keep VALUES (?)", [(k,) for k in keep])
            conn.execute(
                "INSERT OR IGNORE INTO temp._touched SELECT DISTINCT product_id FROM stocks"
                " WHERE location_id NOT IN (SELECT id FROM temp._keep)"
            )
            conn.execute("DELETE FROM stocks WHERE location_id NOT IN (SELECT id FROM temp._keep)")
            n = conn.execute(
                "DELETE FROM locations WHERE id NOT IN (SELECT id FROM temp._keep)"
            ).rowcount
            recompute_totals(conn)
        return n

    def location(self, location_id: str) -> Location | None:
        row = self._one("SELECT * FROM locations WHERE id = ?", (location_id,))
        return None if row is None else _location_from_row(row)

    def locations(self) -> list[LocationSummary]:
        """Every location in display order, with products in stock and total units
        (one pass over the stocks; cached until the next write)."""
        return self._memo("locations", self._compute_locations)

    def _compute_locations(self) -> list[LocationSummary]:
        rows = self._query(
            "SELECT l.*, coalesce(t.in_stock, 0) AS in_stock, coalesce(t.units, 0) AS units"
            " FROM locations l LEFT JOIN ("
            "   SELECT location_id,"
            "     sum(is_infinite = 1 OR available_quantity > 0) AS in_stock,"
            "     sum(CASE WHEN is_infinite = 0 AND available_quantity > 0"
            "         THEN available_quantity END) AS units"
            "   FROM stocks GROUP BY location_id) t ON t.location_id = l.id"
            " ORDER BY l.position, l.name_en, l.id"
        )
        return [_summary(r) for r in rows]

    def location_ids(self) -> list[str]:
        """Location ids in display order (cheap; the grid's column order)."""
        return [
            r[0]
            for r in self._database.conn().execute(
                "SELECT id FROM locations ORDER BY position, name_en, id"
            )
        ]

    def location_by_key(self, key: str) -> LocationSummary | None:
        """A location by id, or by Arabic/English name (case-insensitive, Arabic normalised)."""
        key = key.strip()
        if not key:
            return None
        wanted = normalize(key)
        for loc in self.locations():
            if key == loc.id or wanted in (normalize(loc.name_ar), normalize(loc.name_en)):
                return loc
        return None

    # ------------------------------------------------------------------ products
    def upsert_products(self, products: Iterable[Product]) -> int:
        """Insert or update products and their stocks in one transaction.

        Stocks: `remote_quantity` always takes Zid's value; the displayed value of a cell
        with active outbox changes is recomputed as remote + those changes (never clobbered).
        A product that comes with a non-empty `stocks` list loses its stock rows at other
        locations (unless they hold pending changes)."""
        products = list(products)
        if not products:
            return 0
        with self._database.transaction() as conn:
            prepare_temp(conn)
            bits = dict(conn.execute("SELECT id, bit FROM locations WHERE bit IS NOT NULL"))
            existing: dict[str, list[tuple[str, int]]] = {}
            ids = [p.id for p in products]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                for pid, lid, busy in conn.execute(
                    "SELECT product_id, location_id, pending + conflict FROM stocks"
                    f" WHERE product_id IN ({_in_list(len(chunk))})",
                    chunk,
                ):
                    existing.setdefault(pid, []).append((lid, busy))
            product_rows: list[tuple] = []
            stock_rows: list[tuple] = []
            stale: list[tuple[str, str]] = []
            busy_products: list[tuple[str]] = []
            for p in products:
                total = 0
                infinite = mask = 0
                for st in p.stocks:
                    qty = None if st.is_infinite else st.available_quantity
                    inf = int(st.is_infinite)
                    stock_rows.append((p.id, st.location_id, st.stock_id, qty, inf, qty, inf))
                    if inf:
                        infinite = 1
                    else:
                        total += qty or 0
                    bit = bits.get(st.location_id)
                    if bit is not None:
                        mask |= 1 << bit
                old = existing.get(p.id, ())
                if p.stocks:
                    new_locations = {st.location_id for st in p.stocks}
                    stale += [
                        (p.id, lid) for lid, busy in old if not busy and lid not in new_locations
                    ]
                if any(busy for _, busy in old) or (not p.stocks and old):
                    busy_products.append((p.id,))  # totals must come from SQL
                product_rows.append((*_product_row(p), total, infinite, mask))
            conn.executemany(_UPSERT_PRODUCT, product_rows)
            conn.executemany(_UPSERT_STOCK, stock_rows)
            conn.executemany("DELETE FROM stocks WHERE product_id = ? AND location_id = ?", stale)
            if busy_products:
                conn.executemany("INSERT OR IGNORE INTO temp._touched VALUES (?)", busy_products)
                conn.execute(
                    "INSERT OR IGNORE INTO temp._pairs SELECT s.product_id, s.location_id"
                    " FROM temp._touched t JOIN stocks s ON s.product_id = t.product_id"
                    " WHERE s.pending > 0 OR s.conflict > 0"
                )
                recompute_pairs(conn)  # also recomputes the totals of the touched products
        return len(products)

    def delete_products(self, product_ids: Iterable[str]) -> int:
        """Delete products (their stocks go with them; outbox/journal history stays)."""
        ids = [(i,) for i in product_ids]
        with self._database.transaction() as conn:
            return conn.executemany("DELETE FROM products WHERE id = ?", ids).rowcount

    def delete_products_not_in(self, product_ids: Iterable[str]) -> int:
        """After a full pull: delete every product whose id is not in `product_ids`."""
        with self._database.transaction() as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS _keep_p (id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM temp._keep_p")
            conn.executemany(
                "INSERT OR IGNORE INTO temp._keep_p VALUES (?)", [(i,) for i in product_ids]
            )
            n = conn.execute(
                "DELETE FROM products WHERE id NOT IN (SELECT id FROM temp._keep_p)"
            ).rowcount
            conn.execute("DELETE FROM temp._keep_p")
        return n

    def product_ids(self) -> set[str]:
        return {r[0] for r in self._database.conn().execute("SELECT id FROM products")}

    def product(self, product_id: str) -> ProductRef | None:
        row = self._one(f"SELECT {_REF_COLS} FROM products WHERE id = ?", (product_id,))
        return None if row is None else _ref(row)

    def is_stockable(self, product_id: str) -> bool:
        """The product holds stock itself: known, finite, and not a parent of variants
        (Zid keeps a parent's stock on its variants). Such a product can get a first
        stock at a location it has none at yet."""
        row = self._one(
            "SELECT is_infinite, EXISTS(SELECT 1 FROM products v WHERE v.parent_id = p.id)"
            " AS parent FROM products p WHERE p.id = ?",
            (product_id,),
        )
        return row is not None and not row["is_infinite"] and not row["parent"]

    def products_by_ids(self, product_ids: Sequence[str]) -> dict[str, ProductRef]:
        out: dict[str, ProductRef] = {}
        ids = list(product_ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for row in self._query(
                f"SELECT {_REF_COLS} FROM products WHERE id IN ({_in_list(len(chunk))})", chunk
            ):
                out[row["id"]] = _ref(row)
        return out

    def find_product_by_code(self, code: str) -> ProductRef | None:
        """Exact SKU or barcode (the scan box): case-insensitive, Arabic-Indic digits
        accepted. An exact-case SKU match wins, then SKU, then barcode."""
        key = code_key(code)
        if not key:
            return None
        rows = self._query(
            f"SELECT {_REF_COLS}, sku_key = ? AS by_sku FROM products"
            " WHERE sku_key = ? OR barcode_key = ? LIMIT 20",
            (key, key, key),
        )
        if not rows:
            return None
        raw = code.strip()
        rows.sort(key=lambda r: (r["sku"] != raw, not r["by_sku"], r["id"]))
        return _ref(rows[0])

    def find_products_by_codes(self, codes: Iterable[str]) -> dict[str, ProductRef]:
        """Bulk lookup for imports: {code as given: product} for every code that matches a
        SKU or barcode exactly (same rules as `find_product_by_code`)."""
        wanted: dict[str, list[str]] = {}
        for c in codes:
            k = code_key(c)
            if k:
                wanted.setdefault(k, []).append(c)
        found: dict[str, ProductRef] = {}
        keys = list(wanted)
        for i in range(0, len(keys), 400):
            chunk = keys[i : i + 400]
            marks = _in_list(len(chunk))
            rows = self._query(
                f"SELECT {_REF_COLS}, sku_key, barcode_key FROM products"
                f" WHERE sku_key IN ({marks}) OR barcode_key IN ({marks})",
                chunk + chunk,
            )
            best: dict[str, tuple[tuple, sqlite3.Row]] = {}
            for r in rows:
                for k, by_sku in ((r["sku_key"], True), (r["barcode_key"], False)):
                    if k in wanted:
                        rank = (not by_sku, r["id"])
                        if k not in best or rank < best[k][0]:
                            best[k] = (rank, r)
            for k, (_, r) in best.items():
                for original in wanted[k]:
                    found[original] = _ref(r)
        return found

    def product_stocks(self, product_id: str) -> list[StockCell]:
        """Every stock cell of a product, in location display order."""
        rows = self._query(
            "SELECT s.*, coalesce(l.name_ar, '') AS lar, coalesce(l.name_en, '') AS len_"
            " FROM stocks s LEFT JOIN locations l ON l.id = s.location_id"
            " WHERE s.product_id = ? ORDER BY l.position, l.name_en, s.location_id",
            (product_id,),
        )
        return [_cell(r) for r in rows]

    def stock_cell(self, product_id: str, location_id: str) -> StockCell | None:
        row = self._one(
            "SELECT s.*, coalesce(l.name_ar, '') AS lar, coalesce(l.name_en, '') AS len_"
            " FROM stocks s LEFT JOIN locations l ON l.id = s.location_id"
            " WHERE s.product_id = ? AND s.location_id = ?",
            (product_id, location_id),
        )
        return None if row is None else _cell(row)


_REF_COLS = "id, name_ar, name_en, sku, barcode, parent_id, is_infinite"


def _ref(row: sqlite3.Row) -> ProductRef:
    return ProductRef(
        id=row["id"],
        name_ar=row["name_ar"],
        name_en=row["name_en"],
        sku=row["sku"],
        barcode=row["barcode"],
        parent_id=row["parent_id"],
        is_infinite=bool(row["is_infinite"]),
    )


def _cell(row: sqlite3.Row) -> StockCell:
    return StockCell(
        product_id=row["product_id"],
        location_id=row["location_id"],
        location_name_ar=row["lar"],
        location_name_en=row["len_"],
        quantity=row["available_quantity"],
        is_infinite=bool(row["is_infinite"]),
        remote_quantity=row["remote_quantity"],
        remote_infinite=bool(row["remote_infinite"]),
        pending=row["pending"] > 0,
        conflict=row["conflict"] > 0,
    )


def _summary(row: sqlite3.Row) -> LocationSummary:
    return LocationSummary(
        id=row["id"],
        name_ar=row["name_ar"],
        name_en=row["name_en"],
        city_ar=row["city_ar"],
        city_en=row["city_en"],
        country_code=row["country_code"],
        full_address=row["full_address"],
        type=row["type"],
        is_default=bool(row["is_default"]),
        is_private=bool(row["is_private"]),
        is_enabled=bool(row["is_enabled"]),
        products_in_stock=int(row["in_stock"]),
        total_units=int(row["units"]),
    )


def _location_from_row(row: sqlite3.Row) -> Location:
    return Location(
        id=row["id"],
        name=LocalizedText(ar=row["name_ar"], en=row["name_en"]),
        city_id=row["city_id"],
        city_name=LocalizedText(ar=row["city_ar"], en=row["city_en"]),
        country_code=row["country_code"],
        full_address=row["full_address"],
        short_address=row["short_address"],
        type=row["type"],
        is_default=bool(row["is_default"]),
        is_private=bool(row["is_private"]),
        is_enabled=bool(row["is_enabled"]),
        has_stocks=bool(row["has_stocks"]),
        latitude=row["latitude"],
        longitude=row["longitude"],
        fulfillment_priority=row["fulfillment_priority"],
        channels=tuple(json.loads(row["channels"] or "[]")),
    )
