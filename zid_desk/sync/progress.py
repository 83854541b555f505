"""Progress reports and cooperative cancellation for long sync jobs (no Qt)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    phase: str  # "locations" | "products" | "orders" | "refresh" | "push"
    done: int
    total: int  # 0 when unknown
    eta_seconds: float | None = None
    text: str = ""


ProgressCallback = Callable[[Progress], None]


class SyncCancelled(Exception):
    """The user cancelled; everything written so far is consistent."""


class CancelToken:
    """A flag checked between requests and pages."""

    def __init__(self) -> None:
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def raise_if_cancelled(self) -> None:
        if self._cancelled:
            raise SyncCancelled("cancelled")
