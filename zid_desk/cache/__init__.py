"""The offline SQLite cache (SQL only: no network, no Qt). See `zid_desk.cache.cache`."""

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
