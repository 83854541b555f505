"""Plain dataclasses shared by every layer. No Qt, no I/O."""

from zid_desk.domain.models import (
    ChangeKind,
    ChangeState,
    LocalizedText,
    Location,
    Order,
    OrderItem,
    Product,
    StockLevel,
    StockWriteItem,
    StockWriteResult,
    StoreProfile,
    Tokens,
)

__all__ = [
    "ChangeKind",
    "ChangeState",
    "LocalizedText",
    "Location",
    "Order",
    "OrderItem",
    "Product",
    "StockLevel",
    "StockWriteItem",
    "StockWriteResult",
    "StoreProfile",
    "Tokens",
]
