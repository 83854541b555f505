"""Domain records for Zid Desk.

These are what the API client returns, what the cache stores and what the UI shows.
They are deliberately plain (frozen dataclasses, no behaviour beyond small helpers).
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass, field
from datetime import datetime


def display_name(lang: str, ar: str, en: str) -> str:
    """A bilingual name in `lang` ("ar" or "en"), falling back to the other language."""
    return (ar or en) if lang == "ar" else (en or ar)


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """A bilingual name. Zid sends `{ar, en}` objects with either key possibly missing,
    or a plain string (customer role, some stock payloads)."""

    ar: str = ""
    en: str = ""

    def get(self, lang: str) -> str:
        """The text in `lang` ("ar" or "en"), falling back to the other language."""
        return display_name(lang, self.ar, self.en)

    def __str__(self) -> str:
        return self.en or self.ar


@dataclass(frozen=True, slots=True)
class Location:
    id: str
    name: LocalizedText
    city_id: int | None = None
    city_name: LocalizedText = field(default_factory=LocalizedText)
    country_code: str = ""
    full_address: str = ""
    short_address: str | None = None
    type: str = "PHYSICAL"
    is_default: bool = False
    is_private: bool = False
    is_enabled: bool = True
    has_stocks: bool = False
    latitude: float | None = None
    longitude: float | None = None
    fulfillment_priority: int | None = None
    channels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StockLevel:
    """Stock of one product at one location. `available_quantity` is None when infinite."""

    location_id: str
    available_quantity: int | None
    is_infinite: bool = False
    stock_id: str | None = None


@dataclass(frozen=True, slots=True)
class Product:
    id: str
    name: LocalizedText
    sku: str = ""
    barcode: str = ""
    parent_id: str | None = None
    structure: str = "standalone"
    price: float | None = None
    sale_price: float | None = None
    currency: str = ""
    quantity: int | None = None
    is_infinite: bool = False
    is_published: bool = True
    stocks: tuple[StockLevel, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class OrderItem:
    product_id: str | None
    name: str
    sku: str = ""
    barcode: str = ""
    quantity: int = 0
    price: float = 0.0
    total: float = 0.0
    location_id: str | None = None  # the shipping location, when Zid tells us


@dataclass(frozen=True, slots=True)
class Order:
    id: int
    code: str
    status_code: str  # normalised: new, preparing, ready, indelivery, delivered, cancelled, ...
    status_name: str  # as localised by Zid (Accept-Language)
    payment_status: str
    currency: str
    total: str  # decimal string as Zid sends it (exact money)
    customer_name: str = ""
    customer_mobile: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    inventory_location_id: str | None = None
    items: tuple[OrderItem, ...] = ()
    products_count: int = 0


@dataclass(frozen=True, slots=True)
class Tokens:
    """The three secrets Zid issues, plus when they expire (epoch seconds).

    `authorization` goes in `Authorization: Bearer ...`; `access_token` goes in
    `X-Manager-Token` / `Access-Token`. Never log or persist outside the keyring."""

    authorization: str
    access_token: str
    refresh_token: str
    expires_at: float

    @classmethod
    def from_response(cls, data: dict, now: float | None = None) -> Tokens:
        """Build from a token-endpoint body. Accepts `Authorization` or `authorization`
        (zid-api.md §13.1) and `expires_in` in seconds (§13.2, default one year)."""
        now = time.time() if now is None else now
        auth = data.get("Authorization") or data.get("authorization")
        if not auth or not data.get("access_token"):
            raise ValueError("token response lacks Authorization or access_token")
        expires_in = float(data.get("expires_in") or 31536000)
        return cls(
            authorization=str(auth),
            access_token=str(data["access_token"]),
            refresh_token=str(data.get("refresh_token") or ""),
            expires_at=now + expires_in,
        )

    def expires_within(self, seconds: float, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return self.expires_at - now <= seconds

    def __repr__(self) -> str:  # never leak secrets through repr()/logs
        return f"Tokens(expires_at={self.expires_at:.0f}, <redacted>)"


class ChangeKind(enum.StrEnum):
    SET = "set"  # a count: the quantity is X
    ADJUST = "adjust"  # received / removed: +d or -d


class ChangeState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    APPLIED = "applied"
    FAILED = "failed"
    CONFLICT = "conflict"
    DISCARDED = "discarded"


@dataclass(frozen=True, slots=True)
class StockWriteItem:
    """One absolute stock value to write at a location (the stock-update body item)."""

    product_id: str
    available_quantity: int | None
    is_infinite: bool = False


@dataclass(frozen=True, slots=True)
class StockWriteResult:
    product_id: str
    applied: bool
    error: str | None = None  # the reason, when not applied


@dataclass(frozen=True, slots=True)
class StoreProfile:
    """Who is signed in to which store (from GET /v1/managers/account/profile)."""

    store_id: str  # numeric id as a string; sent as the Store-Id header
    store_title: str
    manager_name: str
    manager_email: str = ""
    currency: str = ""
    store_url: str = ""
    has_multi_inventory: bool = True
    low_stock_limit: int | None = None
