"""`CatalogSnapshot`: the lookups an import validates against, loaded from the cache in one
read transaction (so the plan sees one consistent state and writes nothing).

Kept lean for 100,000 products: ids are shared string objects, stocks are one dict per
location (product id -> displayed quantity, None when infinite), names are not loaded (the
dialog and the report fetch names for the rows they show).

The cache's public API has per-code lookups (`find_products_by_codes`) but no one-pass bulk
read of every code and stock; this module runs that query itself over the cache's
connection (read-only SQL).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from zid_desk.cache import Cache, code_key
from zid_desk.domain.models import display_name
from zid_desk.importer.mapping import header_norm
from zid_desk.sync.pull import HIGH_WATER_KEY

#: Marks a code or location name that matches more than one record.
AMBIGUOUS = "\x00ambiguous"


def fast_code_key(code: str | None) -> str:
    """`code_key` with a fast path for ASCII codes (nearly every SKU and barcode): NFKC and
    the digit mapping leave ASCII unchanged and casefold() is lower() there. Validating
    100,000 rows spent most of its lookup time in the general path."""
    if not code:
        return ""
    if code.isascii():
        return code.strip().lower()
    return code_key(code)


@dataclass(frozen=True, slots=True)
class LocationInfo:
    id: str
    name_ar: str
    name_en: str

    def name(self, lang: str) -> str:
        return display_name(lang, self.name_ar, self.name_en)


@dataclass
class CatalogSnapshot:
    by_sku: dict[str, str] = field(default_factory=dict)  # code_key(sku) -> product id
    by_barcode: dict[str, str] = field(default_factory=dict)
    infinite_products: set[str] = field(default_factory=set)
    parents: set[str] = field(default_factory=set)  # products that have variants
    locations: dict[str, LocationInfo] = field(default_factory=dict)  # in display order
    location_keys: dict[str, str] = field(default_factory=dict)  # normalised name -> id
    stocks: dict[str, dict[str, int | None]] = field(default_factory=dict)
    batch_size: int = 50
    rate_per_minute: int = 60
    # The push's refresh is one incremental page once a pull left a high-water mark
    # (zid_desk.sync.pull); without one it re-reads the edited products 50 per request.
    incremental_refresh: bool = False

    # ------------------------------------------------------------------ building
    def add_product(
        self,
        product_id: str,
        sku: str = "",
        barcode: str = "",
        *,
        is_infinite: bool = False,
        parent_id: str | None = None,
        sku_key: str | None = None,
        barcode_key: str | None = None,
    ) -> None:
        for index, key in (
            (self.by_sku, sku_key if sku_key is not None else code_key(sku)),
            (self.by_barcode, barcode_key if barcode_key is not None else code_key(barcode)),
        ):
            if key:
                index[key] = AMBIGUOUS if index.get(key, product_id) != product_id else product_id
        if is_infinite:
            self.infinite_products.add(product_id)
        if parent_id:
            self.parents.add(parent_id)

    def add_location(self, location_id: str, name_ar: str = "", name_en: str = "") -> None:
        self.locations[location_id] = LocationInfo(location_id, name_ar, name_en)
        self.stocks.setdefault(location_id, {})
        for name in {header_norm(name_ar), header_norm(name_en), location_id.casefold()} - {""}:
            prev = self.location_keys.get(name, location_id)
            self.location_keys[name] = AMBIGUOUS if prev != location_id else location_id

    def add_stock(self, product_id: str, location_id: str, quantity: int | None) -> None:
        """`quantity` None = infinite stock."""
        self.stocks.setdefault(location_id, {})[product_id] = quantity

    # ------------------------------------------------------------------ lookups
    def product_for(self, sku: str, barcode: str) -> tuple[str | None, str]:
        """(product id, "") or (None, reason)."""
        sku_key, bc_key = fast_code_key(sku), fast_code_key(barcode)
        by_sku = self.by_sku.get(sku_key) if sku_key else None
        by_bc = self.by_barcode.get(bc_key) if bc_key else None
        if by_sku == AMBIGUOUS:
            if by_bc and by_bc != AMBIGUOUS:
                return by_bc, ""
            return None, f"SKU {sku.strip()!r} matches several products: use the barcode"
        if by_sku and by_bc and by_bc != AMBIGUOUS and by_bc != by_sku:
            return None, (
                f"SKU {sku.strip()!r} and barcode {barcode.strip()!r} are different products"
            )
        if by_sku:
            return by_sku, ""
        if by_bc == AMBIGUOUS:
            return None, f"barcode {barcode.strip()!r} matches several products: use the SKU"
        if by_bc:
            return by_bc, ""
        if sku_key:
            return None, f"unknown SKU {sku.strip()!r}"
        if bc_key:
            return None, f"unknown barcode {barcode.strip()!r}"
        return None, "no SKU or barcode"

    def location_for(self, key: str) -> tuple[str | None, str]:
        """A location by id or Arabic/English name: (id, "") or (None, reason)."""
        text = key.strip()
        if text in self.locations:
            return text, ""
        found = self.location_keys.get(header_norm(text)) if text else None
        if found == AMBIGUOUS:
            return None, f"location name {text!r} is shared by several locations: use the id"
        if found:
            return found, ""
        return None, f"unknown location {text!r}"


def load_snapshot(
    cache: Cache,
    *,
    batch_size: int = 50,
    rate_per_minute: int = 60,
    location_ids: Iterable[str] | None = None,
    include_products: bool = True,
) -> CatalogSnapshot:
    """Everything an import needs from the cache, in one read transaction (writes nothing).
    `location_ids` limits the stocks loaded (e.g. one fixed location);
    `include_products=False` loads the locations only."""
    snap = CatalogSnapshot(
        batch_size=max(1, batch_size),
        rate_per_minute=max(1, rate_per_minute),
        incremental_refresh=cache.get_state(HIGH_WATER_KEY) is not None,
    )
    conn = cache.connection()
    own_txn = not conn.in_transaction
    if own_txn:
        conn.execute("BEGIN")  # deferred: a consistent read snapshot under WAL
    try:
        for lid, ar, en in conn.execute(
            "SELECT id, name_ar, name_en FROM locations ORDER BY position, name_en, id"
        ):
            snap.add_location(lid, ar, en)
        if not include_products:
            return snap
        ids: dict[str, str] = {}
        add = snap.add_product
        for pid, sku_key, bc_key, inf, parent in conn.execute(
            "SELECT id, sku_key, barcode_key, is_infinite, parent_id FROM products"
        ):
            ids[pid] = pid
            add(pid, is_infinite=bool(inf), parent_id=parent, sku_key=sku_key, barcode_key=bc_key)
        wanted = set(location_ids) if location_ids is not None else None
        stocks = snap.stocks
        for pid, lid, qty, inf in conn.execute(
            "SELECT product_id, location_id, available_quantity, is_infinite FROM stocks"
        ):
            if wanted is not None and lid not in wanted:
                continue
            per = stocks.get(lid)
            if per is None:
                per = stocks[lid] = {}
            per[ids.get(pid, pid)] = None if inf else (qty if qty is not None else 0)
    finally:
        if own_txn:
            conn.execute("ROLLBACK")
    return snap
