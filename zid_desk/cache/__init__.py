"""The offline SQLite cache (SQL only: no network, no Qt). See `zid_desk.cache.cache`.

    cache = Cache.open(profile.cache_path(store_id))   # 0600, WAL, migrated; thread-safe

Pull (sync engine): upsert_store, upsert_locations, delete_locations_not_in,
upsert_products (stocks too; never clobbers pending edits), delete_products,
delete_products_not_in, upsert_orders, get_state/set_state/states, transaction();
resumable full walk: walk_begin, walk_mark_seen, walk_unseen_ids, walk_end; push refresh:
remote_quantities(product_ids) (see `zid_desk.cache.pullstate`).
Stock view: stock_grid_count(GridFilter), stock_grid_page(GridFilter, offset, limit)
-> list[GridRow], grid_rows(ids), row_index_of(id, GridFilter), find_product_by_code,
find_products_by_codes, product, product_stocks, stock_cell, location_ids.
Locations: locations() -> list[LocationSummary], location(id), location_by_key(key).
Orders: orders_count/orders_page(OrderFilter), order(id), order_statuses(),
order_payment_statuses().
Outbox: enqueue_set, enqueue_adjust, enqueue_many(list[NewChange], name, source),
create_batch, pending_changes, pending_by_location, conflicts, change(id),
mark(ids, state, ...), mark_results(list[ChangeResult], journal=[...]), discard, retry,
resolve_conflict, outbox_count/outbox_page(OutboxFilter).
Journal: journal_add, journal_count/journal_page(JournalFilter), journal_entry,
journal_for_change, mark_reversed, batch(id), batches().
Status bar: counts().
"""

from zid_desk.cache.cache import Cache, open_cache
from zid_desk.cache.records import (
    ACTIVE_STATES,
    PUSHABLE_STATES,
    Batch,
    CacheError,
    Cell,
    ChangeResult,
    GridFilter,
    GridRow,
    JournalEntry,
    JournalFilter,
    LocationSummary,
    NewChange,
    NewJournalEntry,
    OrderFilter,
    OrderRow,
    OutboxChange,
    OutboxFilter,
    ProductRef,
    StockCell,
)
from zid_desk.cache.schema import SCHEMA_VERSION
from zid_desk.cache.text import code_key, normalize, normalize_digits

__all__ = [
    "ACTIVE_STATES",
    "PUSHABLE_STATES",
    "SCHEMA_VERSION",
    "Batch",
    "Cache",
    "CacheError",
    "Cell",
    "ChangeResult",
    "GridFilter",
    "GridRow",
    "JournalEntry",
    "JournalFilter",
    "LocationSummary",
    "NewChange",
    "NewJournalEntry",
    "OrderFilter",
    "OrderRow",
    "OutboxChange",
    "OutboxFilter",
    "ProductRef",
    "StockCell",
    "code_key",
    "normalize",
    "normalize_digits",
    "open_cache",
]
