"""The cache schema as numbered migrations (`PRAGMA user_version` = migrations applied).

Never edit a released migration: append a new one. `migrate()` runs the missing ones, each
in its own transaction together with the `user_version` bump, so a crash mid-migration leaves
the file at the previous version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from zid_desk.cache.records import CacheError
from zid_desk.cache.text import code_key, normalize, search_document

Migration = Callable[[sqlite3.Connection], None]

V1_CORE = """
CREATE TABLE store (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT '',
    manager TEXT NOT NULL DEFAULT '',
    manager_email TEXT NOT NULL DEFAULT '',
    store_url TEXT NOT NULL DEFAULT '',
    has_multi_inventory INTEGER NOT NULL DEFAULT 1,
    low_stock_limit INTEGER,
    updated_at TEXT
);
CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    name_ar TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    city_id INTEGER,
    city_ar TEXT NOT NULL DEFAULT '',
    city_en TEXT NOT NULL DEFAULT '',
    country_code TEXT NOT NULL DEFAULT '',
    full_address TEXT NOT NULL DEFAULT '',
    short_address TEXT,
    type TEXT NOT NULL DEFAULT 'PHYSICAL',
    is_default INTEGER NOT NULL DEFAULT 0,
    is_private INTEGER NOT NULL DEFAULT 0,
    is_enabled INTEGER NOT NULL DEFAULT 1,
    has_stocks INTEGER NOT NULL DEFAULT 0,
    latitude REAL,
    longitude REAL,
    fulfillment_priority INTEGER,
    channels TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE products (
    pk INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name_ar TEXT NOT NULL DEFAULT '',
    name_en TEXT NOT NULL DEFAULT '',
    sku TEXT NOT NULL DEFAULT '',
    barcode TEXT NOT NULL DEFAULT '',
    parent_id TEXT,
    structure TEXT NOT NULL DEFAULT 'standalone',
    price REAL,
    sale_price REAL,
    currency TEXT NOT NULL DEFAULT '',
    is_infinite INTEGER NOT NULL DEFAULT 0,
    quantity INTEGER,
    is_published INTEGER NOT NULL DEFAULT 1,
    created_at TEXT,
    updated_at TEXT
);
CREATE TABLE stocks (
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    location_id TEXT NOT NULL,
    stock_id TEXT,
    available_quantity INTEGER,          -- displayed: remote with pending edits applied
    is_infinite INTEGER NOT NULL DEFAULT 0,
    remote_quantity INTEGER,             -- last value seen on Zid (NULL: infinite/unknown)
    remote_infinite INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (product_id, location_id)
) WITHOUT ROWID;
CREATE INDEX stocks_by_location ON stocks(location_id, is_infinite, available_quantity);
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT);
"""

V2_ORDERS = """
CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL DEFAULT '',
    status_code TEXT NOT NULL DEFAULT '',
    status_name TEXT NOT NULL DEFAULT '',
    payment_status TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT '',
    total TEXT NOT NULL DEFAULT '0',
    customer_name TEXT NOT NULL DEFAULT '',
    customer_mobile TEXT NOT NULL DEFAULT '',
    created_at TEXT,
    updated_at TEXT,
    inventory_location_id TEXT,
    products_count INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL DEFAULT ''
);
CREATE INDEX orders_created ON orders(created_at);
CREATE INDEX orders_status ON orders(status_code, created_at);
CREATE INDEX orders_payment ON orders(payment_status, created_at);
CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    product_id TEXT,
    name TEXT NOT NULL DEFAULT '',
    sku TEXT NOT NULL DEFAULT '',
    barcode TEXT NOT NULL DEFAULT '',
    quantity INTEGER NOT NULL DEFAULT 0,
    price REAL NOT NULL DEFAULT 0,
    total REAL NOT NULL DEFAULT 0,
    location_id TEXT,
    PRIMARY KEY (order_id, position)
) WITHOUT ROWID;
CREATE INDEX order_items_product ON order_items(product_id);
"""

V3_OUTBOX = """
CREATE TABLE batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id INTEGER REFERENCES batches(id),
    kind TEXT NOT NULL CHECK (kind IN ('set', 'adjust')),
    product_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    value INTEGER,
    base_quantity INTEGER,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'applied', 'failed', 'conflict', 'discarded')),
    error TEXT,
    source TEXT NOT NULL DEFAULT 'manual',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    sent_value INTEGER,
    remote_at_conflict INTEGER
);
CREATE INDEX outbox_pair ON outbox(product_id, location_id, state, kind);
CREATE INDEX outbox_state ON outbox(state, location_id);
CREATE INDEX outbox_batch ON outbox(batch_id);
CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    product_id TEXT NOT NULL,
    location_id TEXT NOT NULL,
    old INTEGER,
    new INTEGER,
    source TEXT NOT NULL DEFAULT '',
    batch_id INTEGER,
    outbox_id INTEGER,
    result TEXT NOT NULL,
    reversed_by INTEGER
);
CREATE INDEX journal_at ON journal(at);
CREATE INDEX journal_product ON journal(product_id, location_id);
CREATE INDEX journal_batch ON journal(batch_id);
CREATE INDEX journal_outbox ON journal(outbox_id);
ALTER TABLE stocks ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stocks ADD COLUMN conflict INTEGER NOT NULL DEFAULT 0;
CREATE INDEX stocks_pending ON stocks(product_id) WHERE pending > 0;
CREATE INDEX stocks_conflict ON stocks(product_id) WHERE conflict > 0;
"""

V4_SEARCH = """
ALTER TABLE products ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN sort_ar TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN sort_en TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN sku_key TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN barcode_key TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN total_qty INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD COLUMN total_infinite INTEGER NOT NULL DEFAULT 0;
CREATE INDEX products_sort_ar ON products(sort_ar, pk);
CREATE INDEX products_sort_en ON products(sort_en, pk);
CREATE INDEX products_sku ON products(sku_key, pk);
CREATE INDEX products_barcode ON products(barcode_key, pk);
CREATE INDEX products_total ON products(total_infinite, total_qty, pk);
"""

V4_FTS = """
CREATE VIRTUAL TABLE products_fts USING fts5(
    search_text,
    content='products',
    content_rowid='pk',
    tokenize='unicode61 remove_diacritics 2',
    prefix='1 2 3'
);
CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
    INSERT INTO products_fts(rowid, search_text) VALUES (new.pk, new.search_text);
END;
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
    INSERT INTO products_fts(products_fts, rowid, search_text)
        VALUES ('delete', old.pk, old.search_text);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF search_text ON products
WHEN old.search_text IS NOT new.search_text BEGIN
    INSERT INTO products_fts(products_fts, rowid, search_text)
        VALUES ('delete', old.pk, old.search_text);
    INSERT INTO products_fts(rowid, search_text) VALUES (new.pk, new.search_text);
END;
"""


def _script(sql: str) -> Migration:
    def run(conn: sqlite3.Connection) -> None:
        for statement in _split(sql):
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    """Split a script into statements (keeps trigger bodies whole)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _v4_search(conn: sqlite3.Connection) -> None:
    _script(V4_SEARCH)(conn)
    rows = conn.execute("SELECT pk, name_ar, name_en, sku, barcode FROM products").fetchall()
    conn.executemany(
        "UPDATE products SET search_text=?, sort_ar=?, sort_en=?, sku_key=?, barcode_key=?"
        " WHERE pk=?",
        [
            (
                search_document(ar, en, sku, barcode),
                normalize(ar or en),
                normalize(en or ar),
                code_key(sku),
                code_key(barcode),
                pk,
            )
            for pk, ar, en, sku, barcode in rows
        ],
    )
    conn.execute(
        "UPDATE products SET"
        " total_qty = (SELECT total(available_quantity) FROM stocks s"
        "              WHERE s.product_id = products.id AND s.is_infinite = 0),"
        " total_infinite = EXISTS (SELECT 1 FROM stocks s"
        "              WHERE s.product_id = products.id AND s.is_infinite = 1)"
    )
    # the index and its triggers come after the backfill, then index every existing row
    _script(V4_FTS)(conn)
    conn.execute("INSERT INTO products_fts(products_fts) VALUES ('rebuild')")


V5_LOCATION_MASK = """
ALTER TABLE locations ADD COLUMN bit INTEGER;
ALTER TABLE products ADD COLUMN loc_mask INTEGER NOT NULL DEFAULT 0;
DROP INDEX products_sort_ar;
DROP INDEX products_sort_en;
DROP INDEX products_sku;
DROP INDEX products_barcode;
DROP INDEX products_total;
CREATE INDEX products_sort_ar ON products(sort_ar, pk, loc_mask);
CREATE INDEX products_sort_en ON products(sort_en, pk, loc_mask);
CREATE INDEX products_sku ON products(sku_key, pk, loc_mask);
CREATE INDEX products_barcode ON products(barcode_key, pk, loc_mask);
CREATE INDEX products_total ON products(total_infinite, total_qty, pk, loc_mask);
CREATE INDEX products_loc_mask ON products(loc_mask);
"""

MAX_LOCATION_BITS = 62  # bits 0..61 of products.loc_mask; further locations use a subquery


def assign_location_bits(conn: sqlite3.Connection) -> bool:
    """Give every location without one a free bit; True when any bit was assigned."""
    used = {r[0] for r in conn.execute("SELECT bit FROM locations WHERE bit IS NOT NULL")}
    free = (b for b in range(MAX_LOCATION_BITS) if b not in used)
    todo = conn.execute(
        "SELECT id FROM locations WHERE bit IS NULL ORDER BY position, id"
    ).fetchall()
    changed = False
    for (location_id,), bit in zip(todo, free, strict=False):
        conn.execute("UPDATE locations SET bit = ? WHERE id = ?", (bit, location_id))
        changed = True
    return changed


LOC_MASK_EXPR = (
    "coalesce((SELECT sum(1 << l.bit) FROM stocks s JOIN locations l ON l.id = s.location_id"
    " WHERE s.product_id = products.id AND l.bit IS NOT NULL), 0)"
)


def _v5_location_mask(conn: sqlite3.Connection) -> None:
    _script(V5_LOCATION_MASK)(conn)
    assign_location_bits(conn)
    conn.execute(f"UPDATE products SET loc_mask = {LOC_MASK_EXPR}")


V6_STOCK_KEYS = """
ALTER TABLE stocks ADD COLUMN product_pk INTEGER;
UPDATE stocks SET product_pk = (SELECT pk FROM products WHERE id = stocks.product_id);
DROP INDEX stocks_by_location;
DROP INDEX stocks_pending;
DROP INDEX stocks_conflict;
CREATE INDEX stocks_by_location ON stocks(location_id, is_infinite, available_quantity, product_pk);
CREATE INDEX stocks_pending ON stocks(product_pk, location_id) WHERE pending > 0;
CREATE INDEX stocks_conflict ON stocks(product_pk, location_id) WHERE conflict > 0;
"""


def _v6_stock_keys(conn: sqlite3.Connection) -> None:
    """Integer product keys in stocks (filters and location sorts stay on integer indexes);
    barcodes leave the FTS document (a barcode is one token: the prefix range finds it)."""
    _script(V6_STOCK_KEYS)(conn)
    rows = conn.execute("SELECT pk, name_ar, name_en, sku FROM products").fetchall()
    conn.executemany(
        "UPDATE products SET search_text = ? WHERE pk = ?",
        [(search_document(ar, en, sku), pk) for pk, ar, en, sku in rows],
    )


V7_COVERING_SORTS = """
DROP INDEX products_sort_ar;
DROP INDEX products_sort_en;
DROP INDEX products_sku;
DROP INDEX products_barcode;
DROP INDEX products_total;
CREATE INDEX products_sort_ar ON products(sort_ar, pk, loc_mask, sku_key, barcode_key);
CREATE INDEX products_sort_en ON products(sort_en, pk, loc_mask, sku_key, barcode_key);
CREATE INDEX products_sku ON products(sku_key, pk, loc_mask, barcode_key);
CREATE INDEX products_barcode ON products(barcode_key, pk, loc_mask, sku_key);
CREATE INDEX products_total ON products(total_infinite, total_qty, pk, loc_mask, sku_key,
    barcode_key);
"""

# The remote value an outbox change's absolute `sent_value` was computed from, written
# durably with the `sending` mark: after a crash, push compares Zid's value with both.
V8_SENT_BASE = """
ALTER TABLE outbox ADD COLUMN sent_base INTEGER;
"""

# The name sort keys by pk: a search's top page looks up the sort key of every match
# (a top-N sort); this narrow covering index costs ~40% less than rows of `products`.
V9_NAME_KEYS_BY_PK = """
CREATE INDEX products_name_keys ON products(pk, sort_ar, sort_en);
"""

#: MIGRATIONS[i] takes a file from user_version i to i + 1.
MIGRATIONS: list[Migration] = [
    _script(V1_CORE),
    _script(V2_ORDERS),
    _script(V3_OUTBOX),
    _v4_search,
    _v5_location_mask,
    _v6_stock_keys,
    _script(V7_COVERING_SORTS),  # a broad search walks the sort index, testing code prefixes
    _script(V8_SENT_BASE),  # crash-safe push: the base of each sent absolute value
    _script(V9_NAME_KEYS_BY_PK),  # a search's top page sorts its matches by name
]
SCHEMA_VERSION = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the database to `target`; returns the version it had before.
    `conn` must be in autocommit mode (isolation_level=None)."""
    current = user_version(conn)
    if current > SCHEMA_VERSION:
        raise CacheError(
            f"The cache file was written by a newer Zid Desk (schema {current}, this version "
            f"knows {SCHEMA_VERSION}). Update Zid Desk or use another profile."
        )
    for version in range(current, target):
        conn.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[version](conn)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    return current
