"""The sync engine: pull Zid into the cache, push the outbox back, batched by location.

No Qt: runs headless (CLI) and inside the GUI's qasync loop. Big cache writes go through
`asyncio.to_thread` so the event loop never stalls on SQLite.

Push rules (issue 3):
- Before writing, the products with pending edits are re-read from Zid (`id__in`, 50 per
  request), so adjustments become absolute values against the fresh remote value and a SET
  whose base no longer matches Zid (a sale happened) becomes a CONFLICT held for the user.
- Each change is marked `sending` with its absolute `sent_value` in a durable transaction
  BEFORE the request. After a crash, a `sending` change whose value is already on Zid is
  recorded as applied without sending; stock-update writes absolute values, so resending
  the same value is idempotent.
"""

from __future__ import annotations

import asyncio
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from zid_desk.api.client import ZidClient
from zid_desk.api.errors import NetworkError, ZidError
from zid_desk.cache import Cache
from zid_desk.cache.records import ChangeResult, NewJournalEntry, OutboxChange
from zid_desk.domain import ChangeKind, ChangeState, Product, StockWriteItem, StockWriteResult
from zid_desk.sync.progress import CancelToken, Progress, ProgressCallback, SyncCancelled

PRODUCT_PAGE = 50
ORDER_WINDOW_DAYS = 90
HIGH_WATER_KEY = "products_updated_high_water"
LAST_SYNC_KEY = "last_sync"


@dataclass
class PullResult:
    locations: int = 0
    products: int = 0
    orders: int = 0
    deleted: int = 0
    requests: int = 0
    full: bool = False
    cancelled: bool = False


@dataclass
class PushResult:
    applied: int = 0
    failed: int = 0
    conflicts: int = 0
    requests: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class PushEstimate:
    changes: int
    requests: int
    seconds: float


class OfflineError(NetworkError):
    """No client: the app runs from the cache only."""


class SyncEngine:
    def __init__(self, cache: Cache, client: ZidClient | None, *, lang: str = "en") -> None:
        self.cache = cache
        self.client = client
        self.lang = lang

    # ------------------------------------------------------------------ edits (local)
    def set_count(
        self, product_id: str, location_id: str, quantity: int | None, *, note: str = "",
        source: str = "manual",
    ) -> int:
        cell = self.cache.stock_cell(product_id, location_id)
        base = cell.remote_quantity if cell else None
        return self.cache.enqueue_set(
            product_id, location_id, quantity, base_quantity=base, source=source, note=note
        )

    def adjust(
        self, product_id: str, location_id: str, delta: int, *, note: str = "",
        source: str = "manual",
    ) -> int:
        return self.cache.enqueue_adjust(
            product_id, location_id, delta, source=source, note=note
        )

    def resolve_conflict(self, change_id: int, keep: Literal["mine", "zid"]) -> int | None:
        return self.cache.resolve_conflict(change_id, keep_mine=keep == "mine")

    def reverse_entry(self, journal_id: int) -> int:
        """Queue a SET back to the entry's old value (history is kept)."""
        entry = self.cache.journal_entry(journal_id)
        if entry is None:
            raise ValueError(f"No history entry #{journal_id}.")
        change_id = self.cache.enqueue_set(
            entry.product_id, entry.location_id, entry.old, base_quantity=entry.new,
            source=f"reverse:{journal_id}",
        )
        self.cache.mark_reversed([journal_id], reversed_by=change_id)
        return change_id

    def reverse_batch(self, batch_id: int) -> list[int]:
        batch = self.cache.batch(batch_id)
        if batch is None:
            raise ValueError(f"No batch #{batch_id}.")
        return [
            self.reverse_entry(e.id)
            for e in batch.entries
            if e.result == "applied" and not getattr(e, "reversed_by", None)
        ]

    def estimate_push(self) -> PushEstimate:
        by_location: dict[str, int] = defaultdict(int)
        products: set[str] = set()
        for change in self.cache.pending_changes():
            by_location[change.location_id] += 1
            products.add(change.product_id)
        batch = 50
        requests = sum(math.ceil(n / batch) for n in by_location.values())
        requests += math.ceil(len(products) / PRODUCT_PAGE)
        if self.client is not None:
            seconds = self.client.limiter.wait_for(requests)
        else:
            seconds = requests * 60 / 60.0
        return PushEstimate(sum(by_location.values()), requests, seconds)

    # ------------------------------------------------------------------ pull
    def _online(self) -> ZidClient:
        if self.client is None:
            pending = self.cache.counts().get("pending", 0)
            raise OfflineError(f"Offline: your {pending} edits are queued.")
        return self.client

    async def pull(
        self, *, full: bool = False, progress: ProgressCallback | None = None,
        cancel: CancelToken | None = None,
    ) -> PullResult:
        client = self._online()
        cancel = cancel or CancelToken()
        report = progress or (lambda p: None)
        high_water = self.cache.get_state(HIGH_WATER_KEY)
        full = full or high_water is None
        result = PullResult(full=full)
        try:
            profile = await client.profile()
            await asyncio.to_thread(self.cache.upsert_store, profile)
            locations = [loc async for loc in client.iter_locations()]
            await asyncio.to_thread(self.cache.upsert_locations, locations)
            await asyncio.to_thread(
                self.cache.delete_locations_not_in, [loc.id for loc in locations]
            )
            result.locations = len(locations)
            report(Progress("locations", 1, 1))
            if full:
                result.products, result.deleted, newest = await self._pull_all_products(
                    client, report, cancel
                )
            else:
                result.products, newest = await self._pull_changed_products(
                    client, high_water or "", report, cancel
                )
            if newest and (high_water is None or newest > high_water):
                self.cache.set_state(HIGH_WATER_KEY, newest)
            result.orders = await self._pull_orders(client, full, report, cancel)
            self.cache.set_state(LAST_SYNC_KEY, datetime.now(UTC).isoformat())
        except SyncCancelled:
            result.cancelled = True
        return result

    async def _store_products(self, products: list[Product]) -> str:
        await asyncio.to_thread(self.cache.upsert_products, products)
        stamps = [p.updated_at.isoformat() for p in products if p.updated_at]
        return max(stamps, default="")

    async def _pull_all_products(
        self, client: ZidClient, report: ProgressCallback, cancel: CancelToken
    ) -> tuple[int, int, str]:
        seen: set[str] = set()
        newest = ""
        # Variants are products too, but Zid lists them only with structure=child.
        for structure in (None, "child"):
            filters = {"structure": structure} if structure else {}
            async for page in client.iter_product_pages(
                ordering="created_at", page_size=PRODUCT_PAGE, **filters
            ):
                cancel.raise_if_cancelled()
                newest = max(newest, await self._store_products(page.products))
                seen.update(p.id for p in page.products)
                report(Progress("products", len(seen), page.count, client.limiter.wait_for(
                    max(0, math.ceil((page.count - len(seen)) / PRODUCT_PAGE)))))
        deleted = await asyncio.to_thread(self.cache.delete_products_not_in, seen)
        return len(seen), deleted, newest

    async def _pull_changed_products(
        self, client: ZidClient, high_water: str, report: ProgressCallback, cancel: CancelToken
    ) -> tuple[int, str]:
        """Products by -updated_at, stopping at the last change already seen."""
        changed = 0
        newest = ""
        for structure in (None, "child"):
            filters = {"structure": structure} if structure else {}
            async for page in client.iter_product_pages(
                ordering="-updated_at", page_size=PRODUCT_PAGE, **filters
            ):
                cancel.raise_if_cancelled()
                fresh = [
                    p for p in page.products
                    if p.updated_at is None or p.updated_at.isoformat() > high_water
                ]
                if fresh:
                    newest = max(newest, await self._store_products(fresh))
                    changed += len(fresh)
                report(Progress("products", changed, 0))
                if len(fresh) < len(page.products):
                    break
        return changed, newest

    async def _pull_orders(
        self, client: ZidClient, full: bool, report: ProgressCallback, cancel: CancelToken
    ) -> int:
        last = self.cache.get_state(LAST_SYNC_KEY)
        if full or not last:
            since = date.today() - timedelta(days=ORDER_WINDOW_DAYS)
        else:
            since = datetime.fromisoformat(last).date() - timedelta(days=1)
        count = 0
        async for page in client.iter_order_pages(
            per_page=100, date_from=since, date_attribute="updated_at"
        ):
            cancel.raise_if_cancelled()
            await asyncio.to_thread(self.cache.upsert_orders, page.orders)
            count += len(page.orders)
            report(Progress("orders", count, page.total))
        return count

    # ------------------------------------------------------------------ push
    async def push(
        self, *, progress: ProgressCallback | None = None, cancel: CancelToken | None = None
    ) -> PushResult:
        client = self._online()
        cancel = cancel or CancelToken()
        report = progress or (lambda p: None)
        result = PushResult()
        changes = self.cache.pending_changes()
        if not changes:
            return result
        before = _request_count(client)
        remote = await self._fresh_remote(client, {c.product_id for c in changes})
        plan: dict[str, dict[str, tuple[int | None, bool]]] = defaultdict(dict)
        to_send: dict[str, list[OutboxChange]] = defaultdict(list)
        marks: list[ChangeResult] = []
        journal: list[NewJournalEntry] = []
        running: dict[tuple[str, str], int | None] = {}
        targets: dict[int, tuple[int | None, int | None]] = {}  # change id -> (before, after)
        for change in changes:
            cell = (change.product_id, change.location_id)
            current = running.get(cell, remote.get(cell))
            first = cell not in running
            if change.state is ChangeState.SENDING and current == change.sent_value:
                # It landed before a crash: record it, never apply it twice.
                marks.append(ChangeResult(change.id, ChangeState.APPLIED, sent_value=current))
                journal.append(_entry(change, change.base_quantity, current, "applied"))
                running[cell] = current
                result.applied += 1
                continue
            if change.kind is ChangeKind.SET:
                if first and change.base_quantity is not None and current != change.base_quantity:
                    marks.append(ChangeResult(
                        change.id, ChangeState.CONFLICT,
                        error="Zid's value changed since this count was typed",
                        remote=current,
                    ))
                    result.conflicts += 1
                    continue
                target = change.value
            else:
                target = (current or 0) + int(change.value or 0)
                if target < 0:
                    marks.append(ChangeResult(
                        change.id, ChangeState.FAILED,
                        error=f"would make the stock negative ({target})", remote=current,
                    ))
                    result.failed += 1
                    continue
            running[cell] = target
            targets[change.id] = (current, target)
            plan[change.location_id][change.product_id] = (target, target is None)
            to_send[change.location_id].append(change)
            marks.append(ChangeResult(change.id, ChangeState.SENDING, sent_value=target))
        await asyncio.to_thread(self.cache.mark_results, marks, journal)
        total = sum(len(v) for v in to_send.values())
        done = 0
        try:
            for location_id, sending in to_send.items():
                cancel.raise_if_cancelled()
                items = [
                    StockWriteItem(pid, qty, infinite)
                    for pid, (qty, infinite) in plan[location_id].items()
                ]
                try:
                    outcomes = await client.set_stocks_at_location(location_id, items)
                except ZidError as exc:
                    outcomes = list(getattr(exc, "partial_results", []) or [])
                    await self._record(sending, outcomes, targets, result)
                    raise
                await self._record(sending, outcomes, targets, result)
                done += len(sending)
                report(Progress("push", done, total))
        except SyncCancelled:
            pass
        finally:
            result.requests = _request_count(client) - before
        return result

    async def _fresh_remote(
        self, client: ZidClient, product_ids: set[str]
    ) -> dict[tuple[str, str], int | None]:
        products = await client.products_by_ids(sorted(product_ids))
        await asyncio.to_thread(self.cache.upsert_products, products)
        return {
            (p.id, s.location_id): s.available_quantity
            for p in products
            for s in p.stocks
        }

    async def _record(
        self,
        sending: list[OutboxChange],
        outcomes: list[StockWriteResult],
        targets: dict[int, tuple[int | None, int | None]],
        result: PushResult,
    ) -> None:
        by_product = {o.product_id: o for o in outcomes}
        marks: list[ChangeResult] = []
        journal: list[NewJournalEntry] = []
        for change in sending:
            outcome = by_product.get(change.product_id)
            if outcome is None:
                continue  # not sent yet: stays `sending`, reconciled on the next push
            old, value = targets.get(change.id, (None, None))
            if outcome.applied:
                marks.append(ChangeResult(change.id, ChangeState.APPLIED, sent_value=value))
                journal.append(_entry(change, old, value, "applied"))
                result.applied += 1
            else:
                marks.append(ChangeResult(change.id, ChangeState.FAILED, error=outcome.error))
                journal.append(_entry(change, old, None, f"failed:{outcome.error}"))
                result.failed += 1
                result.failures.append(outcome.error or "")
        await asyncio.to_thread(self.cache.mark_results, marks, journal)


def _entry(change: OutboxChange, old: int | None, new: int | None, result: str) -> NewJournalEntry:
    return NewJournalEntry(
        product_id=change.product_id, location_id=change.location_id, old=old, new=new,
        source=change.source, result=result, batch_id=change.batch_id, outbox_id=change.id,
    )


def _request_count(client: ZidClient) -> int:
    return int(getattr(client, "request_count", 0) or 0)
