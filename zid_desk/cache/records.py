"""Small result and filter records of the cache (plain dataclasses, no Qt, no I/O).

Inputs to the cache are the domain records (`zid_desk.domain.models`); what the cache
hands back to the views and the sync engine is defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from zid_desk.domain.models import ChangeKind, ChangeState, display_name

#: Outbox states whose value still shows in the grid (the user's intent, not yet on Zid).
ACTIVE_STATES: tuple[ChangeState, ...] = (
    ChangeState.QUEUED,
    ChangeState.SENDING,
    ChangeState.FAILED,
    ChangeState.CONFLICT,
)
#: States a push picks up by default (SENDING = left over from a crash mid-push).
PUSHABLE_STATES: tuple[ChangeState, ...] = (ChangeState.QUEUED, ChangeState.SENDING)


class CacheError(Exception):
    """An expected cache failure with a message for the user (e.g. a database file written
    by a newer Zid Desk, an unknown product)."""


# --------------------------------------------------------------------------- grid


@dataclass(frozen=True, slots=True)
class GridFilter:
    """What the Stock view shows. Every field narrows the rows (AND).

    - `search`: search-as-you-type over Arabic/English names, SKU and barcode (prefix match,
      Arabic normalised, diacritics ignored; SKU/barcode also match as a raw prefix).
    - `location_id`: only products that have a stock row at that location; the low/out-of-stock
      filters then look at that location's quantity instead of the product total.
    - `low_stock_threshold`: quantity <= threshold (finite stock only).
    - `out_of_stock`: quantity <= 0 (finite stock only).
    - `pending_only`: a cell has an edit not yet on Zid (queued/sending/failed).
    - `conflicts_only`: a cell has a conflict waiting for the user.
    - `sort_key`: "name" | "sku" | "barcode" | "total" | f"loc:{location_id}".
    - `lang`: "ar" or "en", which name "name" sorts by (falls back to the other language).
    """

    search: str = ""
    location_id: str | None = None
    low_stock_threshold: int | None = None
    out_of_stock: bool = False
    pending_only: bool = False
    conflicts_only: bool = False
    sort_key: str = "name"
    descending: bool = False
    lang: str = "en"


class Cell(NamedTuple):
    """One product at one location in the grid: (quantity, is_infinite, pending, conflict).
    `quantity` is the displayed value (remote with pending edits applied); None when infinite."""

    quantity: int | None
    is_infinite: bool
    pending: bool
    conflict: bool


@dataclass(frozen=True, slots=True)
class GridRow:
    product_id: str
    name_ar: str
    name_en: str
    sku: str
    barcode: str
    parent_id: str | None
    is_infinite: bool
    cells: dict[str, Cell]  # location_id -> Cell; locations with no stock row are absent
    total: int  # sum of finite displayed quantities
    total_infinite: bool  # some location has infinite stock

    def name(self, lang: str) -> str:
        return display_name(lang, self.name_ar, self.name_en)

    @property
    def quantities(self) -> dict[str, Cell]:
        """Alias of `cells` (the name used in the brief)."""
        return self.cells


@dataclass(frozen=True, slots=True)
class ProductRef:
    id: str
    name_ar: str
    name_en: str
    sku: str
    barcode: str
    parent_id: str | None
    is_infinite: bool

    def name(self, lang: str) -> str:
        return display_name(lang, self.name_ar, self.name_en)


@dataclass(frozen=True, slots=True)
class StockCell:
    """Full detail of one stock cell (for the edit dialogs, the CLI `stock` command and push)."""

    product_id: str
    location_id: str
    location_name_ar: str
    location_name_en: str
    quantity: int | None  # displayed (optimistic) value; None when infinite
    is_infinite: bool
    remote_quantity: int | None  # last value seen on Zid; None when infinite or unknown
    remote_infinite: bool
    pending: bool
    conflict: bool


# --------------------------------------------------------------------------- locations


@dataclass(frozen=True, slots=True)
class LocationSummary:
    id: str
    name_ar: str
    name_en: str
    city_ar: str
    city_en: str
    country_code: str
    full_address: str
    type: str
    is_default: bool
    is_private: bool
    is_enabled: bool
    products_in_stock: int  # products with quantity > 0 or infinite here
    total_units: int  # sum of finite displayed quantities here

    def name(self, lang: str) -> str:
        return display_name(lang, self.name_ar, self.name_en)


# --------------------------------------------------------------------------- orders


@dataclass(frozen=True, slots=True)
class OrderFilter:
    """`status`/`payment_status`: exact codes (None = all). Dates compare created_at,
    `date_to` inclusive when a date. `search`: order id/code, customer name or mobile."""

    status: str | None = None
    payment_status: str | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    search: str = ""
    descending: bool = True  # newest first


@dataclass(frozen=True, slots=True)
class OrderRow:
    id: int
    code: str
    status_code: str
    status_name: str
    payment_status: str
    currency: str
    total: str
    customer_name: str
    customer_mobile: str
    created_at: datetime | None
    updated_at: datetime | None
    inventory_location_id: str | None
    products_count: int


# --------------------------------------------------------------------------- outbox


@dataclass(frozen=True, slots=True)
class NewChange:
    """One change to enqueue (for `Cache.enqueue_many`). `value` is the count for SET (None =
    infinite) and the delta for ADJUST. `base_quantity` None = the remote value now cached."""

    kind: ChangeKind
    product_id: str
    location_id: str
    value: int | None
    base_quantity: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class OutboxChange:
    id: int
    batch_id: int | None
    kind: ChangeKind
    product_id: str
    location_id: str
    value: int | None  # SET: the count (None = infinite); ADJUST: the delta
    base_quantity: int | None  # the remote value the user saw when editing
    state: ChangeState
    error: str | None
    source: str  # "manual" | "csv:<file name>" | "reverse:<journal id>" | ...
    note: str
    created_at: datetime
    updated_at: datetime
    sent_value: int | None  # absolute value written to Zid (after turning adjustments)
    remote_at_conflict: int | None  # what Zid had when the conflict was detected
    # display helpers (joined, may be "" when the product/location is gone from the cache)
    sku: str = ""
    name_ar: str = ""
    name_en: str = ""
    location_name_ar: str = ""
    location_name_en: str = ""
    sent_base: int | None = None  # the remote value `sent_value` was computed from (sending)


@dataclass(frozen=True, slots=True)
class OutboxFilter:
    states: tuple[ChangeState, ...] | None = None  # None = every state
    batch_id: int | None = None
    location_id: str | None = None
    product_id: str | None = None
    search: str = ""  # SKU / barcode / name prefix


@dataclass(frozen=True, slots=True)
class ChangeResult:
    """One outcome for `Cache.mark_results`: the new state of an outbox row.
    `sent_value`: the absolute value written (APPLIED: also becomes the cached remote value);
    `remote`: the value Zid had (CONFLICT: kept as remote_at_conflict; always refreshes the
    cached remote value when given); `sent_base`: SENDING only, the remote value
    `sent_value` was computed from (stored with the mark, even when None)."""

    change_id: int
    state: ChangeState
    error: str | None = None
    sent_value: int | None = None
    remote: int | None = None
    sent_base: int | None = None


# --------------------------------------------------------------------------- journal


@dataclass(frozen=True, slots=True)
class NewJournalEntry:
    product_id: str
    location_id: str
    old: int | None
    new: int | None
    source: str
    result: str  # "applied" | "failed:<reason>"
    batch_id: int | None = None
    outbox_id: int | None = None
    at: datetime | None = None  # default: now (UTC)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    id: int
    at: datetime
    product_id: str
    location_id: str
    old: int | None
    new: int | None
    source: str
    batch_id: int | None
    outbox_id: int | None
    result: str
    reversed_by: int | None  # outbox id of the change that reverses this entry
    sku: str = ""
    name_ar: str = ""
    name_en: str = ""
    location_name_ar: str = ""
    location_name_en: str = ""

    @property
    def applied(self) -> bool:
        return self.result == "applied"


@dataclass(frozen=True, slots=True)
class JournalFilter:
    search: str = ""  # SKU / barcode / name prefix
    product_id: str | None = None
    location_id: str | None = None
    batch_id: int | None = None
    source: str | None = None  # exact, or a prefix ending in ":" e.g. "csv:"
    result: str | None = None  # "applied" | "failed"
    date_from: datetime | None = None
    date_to: datetime | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    id: int
    name: str
    source: str
    created_at: datetime
    state_counts: dict[str, int] = field(default_factory=dict)  # outbox rows by state
    entries: tuple[JournalEntry, ...] = ()  # journal entries of this batch
