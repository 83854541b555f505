"""Pages yielded by the client's paginated iterators."""

from __future__ import annotations

from dataclasses import dataclass

from zid_desk.domain import Order, Product


@dataclass(frozen=True, slots=True)
class ProductPage:
    products: list[Product]
    count: int  # matches for the current filter (DRF `count`)
    page: int  # 1-based
    has_next: bool


@dataclass(frozen=True, slots=True)
class OrderPage:
    orders: list[Order]
    page: int  # 1-based
    total: int  # `total_order_count` for the filter
