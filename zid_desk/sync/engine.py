"""The sync engine: pull Zid into the cache, push the outbox back, batched by location.

No Qt: runs headless (CLI) and inside the GUI's qasync loop. Big cache writes go through
`asyncio.to_thread` so the event loop never stalls on SQLite.

Push rules (issue 3):
- Before writing, what changed on Zid since the last pull is pulled (an incremental pull,
  usually one request; `_fresh_remote`), so adjustments become absolute values against the
  fresh remote value and a SET whose base no longer matches Zid (a sale happened) becomes a
  CONFLICT held for the user.
- Each change is marked `sending` with its absolute `sent_value` AND `sent_base` (the remote
  value it was computed from) in one durable transaction BEFORE the request. Changes of one
  cell (product x location) chain: the first's base is Zid's fresh value, each next one's
  base is the previous one's value, and only the last value goes on the wire.
- Resuming after a crash (a cell still has `sending` changes, settled before its queued
  ones), with Zid's fresh value R, the chain's last `sent_value` S and first `sent_base` B:
  R == S -> it landed: every change of the chain is recorded applied (journalled B -> S
  step by step), never resent. R == B -> it did not land: the same computed targets are
  sent again (absolute values, so a repeat after a lost answer changes nothing). Anything
  else (a sale or remote edit happened around the lost answer) is ambiguous: the chain is
  held as a CONFLICT with the reason and R, never guessed; resolving it keeps Zid's value
  (it had landed) or queues the same count / the same delta again. Limitation: Zid has no
  write ids, so remote changes that bring the value exactly back to B (after our write
  landed) or exactly to S (when it did not) are taken at face value.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from zid_desk.api.client import ZidClient
from zid_desk.api.errors import NetworkError, ZidError
from zid_desk.cache import Cache
from zid_desk.cache.records import (
    ChangeResult,
    JournalEntry,
    NewChange,
    NewJournalEntry,
    OutboxChange,
    OutboxFilter,
)
from zid_desk.domain import ChangeKind, ChangeState, StockWriteItem, StockWriteResult
from zid_desk.sync.progress import CancelToken, Progress, ProgressCallback, SyncCancelled
from zid_desk.sync.pull import HIGH_WATER_KEY, PRODUCT_PAGE, OrderingNotHonoured, ProductPuller

log = logging.getLogger(__name__)

ORDER_WINDOW_DAYS = 90
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
    resumed: bool = False  # a full pull that continued an interrupted one


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
        """Queue a SET back to the entry's old value, based on its new value (so a later
        change on Zid turns it into a conflict instead of being overwritten). History is
        kept: the entry is marked reversed by the new change. Returns its outbox id."""
        entry = self.cache.journal_entry(journal_id)
        if entry is None:
            raise ValueError(f"No history entry #{journal_id}.")
        _check_reversible(entry)
        change_id = self.cache.enqueue_set(
            entry.product_id, entry.location_id, entry.old, base_quantity=entry.new,
            source=f"reverse:{journal_id}",
        )
        self.cache.mark_reversed([journal_id], reversed_by=change_id)
        return change_id

    def reverse_batch(self, batch_id: int) -> list[int]:
        """Queue the reversal of a whole batch (an import) as ONE new batch, one SET per
        cell: back to the old value of the batch's first applied entry there, based on the
        new value of its last. Returns the new outbox ids."""
        batch = self.cache.batch(batch_id)
        if batch is None:
            raise ValueError(f"No batch #{batch_id}.")
        cells: dict[tuple[str, str], list[JournalEntry]] = {}
        for e in batch.entries:  # oldest first
            if e.applied and e.reversed_by is None:
                cells.setdefault((e.product_id, e.location_id), []).append(e)
        if not cells:
            raise ValueError(f"Batch #{batch_id} has nothing applied left to reverse.")
        new_batch = self.cache.enqueue_many(
            [
                NewChange(ChangeKind.SET, pid, lid, entries[0].old, entries[-1].new)
                for (pid, lid), entries in cells.items()
            ],
            batch_name=f"reverse of {batch.name}",
            source=f"reverse:batch:{batch_id}",
        )
        ids: list[int] = []
        for change in self.cache.outbox_page(
            OutboxFilter(batch_id=new_batch), limit=len(cells) + 1
        ):
            entries = cells[(change.product_id, change.location_id)]
            self.cache.mark_reversed([e.id for e in entries], reversed_by=change.id)
            ids.append(change.id)
        return sorted(ids)

    def estimate_push(self) -> PushEstimate:
        by_location: dict[str, int] = defaultdict(int)
        products: set[str] = set()
        for change in self.cache.pending_changes():
            by_location[change.location_id] += 1
            products.add(change.product_id)
        batch = 50
        requests = sum(math.ceil(n / batch) for n in by_location.values())
        # the refresh before writing: one incremental page, or id__in pages with no mark
        has_mark = self.cache.get_state(HIGH_WATER_KEY) is not None
        requests += 1 if has_mark else math.ceil(len(products) / PRODUCT_PAGE)
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
        """Pull locations, products and orders. Incremental when a products high-water mark
        exists (zid_desk.sync.pull), else (or with `full`) a full walk that continues an
        interrupted one from its saved page. Cancelling keeps everything stored so far."""
        client = self._online()
        cancel = cancel or CancelToken()
        report = progress or (lambda p: None)
        products = ProductPuller(self.cache, client, report, cancel)
        high_water = products.high_water()
        full = full or high_water is None
        result = PullResult(full=full)
        before = _request_count(client)
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
            if not full and high_water is not None:
                try:
                    result.products, result.deleted = await products.changed(
                        high_water, deletions=True
                    )
                except OrderingNotHonoured:
                    log.warning("Zid ignored ordering=-updated_at; pulling everything")
                    full = result.full = True
            if full:
                walk = await products.full()
                result.products, result.deleted = walk.products, walk.deleted
                result.resumed = walk.resumed
            await self._pull_orders(client, full, report, cancel, result)
            products.close_finished_walk()
            self.cache.set_state(LAST_SYNC_KEY, datetime.now(UTC).isoformat())
        except SyncCancelled:
            result.cancelled = True
        finally:
            result.requests = _request_count(client) - before
        return result

    async def _pull_orders(
        self, client: ZidClient, full: bool, report: ProgressCallback, cancel: CancelToken,
        result: PullResult,
    ) -> None:
        """Orders updated in the window (ORDER_WINDOW_DAYS on a full pull, else since the
        day before the last complete pull); `result.orders` counts them as pages land."""
        last = self.cache.get_state(LAST_SYNC_KEY)
        if full or not last:
            since = date.today() - timedelta(days=ORDER_WINDOW_DAYS)
        else:
            since = datetime.fromisoformat(last).date() - timedelta(days=1)
        async for page in client.iter_order_pages(
            per_page=100, date_from=since, date_attribute="updated_at"
        ):
            await asyncio.to_thread(self.cache.upsert_orders, page.orders)
            result.orders += len(page.orders)
            left = max(0, math.ceil((page.total - result.orders) / 100))
            report(Progress("orders", result.orders, page.total, client.limiter.wait_for(left)))
            cancel.raise_if_cancelled()  # before fetching the next page

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
        remote = await self._fresh_remote(client, {c.product_id for c in changes}, report)
        plan: dict[str, dict[str, tuple[int | None, bool]]] = defaultdict(dict)
        to_send: dict[str, list[OutboxChange]] = defaultdict(list)
        marks: list[ChangeResult] = []
        journal: list[NewJournalEntry] = []
        running: dict[tuple[str, str], int | None] = {}
        targets: dict[int, tuple[int | None, int | None]] = {}  # change id -> (before, after)
        # A crash left `sending` changes: settle them before the cell's newer changes.
        changes.sort(key=lambda c: (c.location_id, c.state is not ChangeState.SENDING, c.id))
        fates = _sending_fates(changes, remote)
        for change in changes:
            cell = (change.product_id, change.location_id)
            current = running.get(cell, remote.get(cell))
            first = cell not in running
            fate = fates.get(cell) if change.state is ChangeState.SENDING else None
            if fate == "landed":
                # It landed before a crash: record it, never apply it twice.
                marks.append(
                    ChangeResult(change.id, ChangeState.APPLIED, sent_value=change.sent_value)
                )
                journal.append(_entry(change, change.sent_base, change.sent_value, "applied"))
                running[cell] = change.sent_value
                result.applied += 1
                continue
            if fate == "ambiguous":
                marks.append(ChangeResult(
                    change.id, ChangeState.CONFLICT, error=_ambiguous_reason(
                        remote.get(cell), change.sent_base, change.sent_value),
                    remote=remote.get(cell),
                ))
                result.conflicts += 1
                continue
            if fate == "resend":
                target = change.sent_value  # Zid still has its base: the same target again
            elif change.kind is ChangeKind.SET:
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
            # The journal's "old": a cell with no stock row at that location held 0 units;
            # None is kept for infinite stock only, so reversing an entry never turns a
            # location's first stock into infinite stock.
            no_row = first and cell not in remote
            targets[change.id] = (0 if no_row else current, target)
            running[cell] = target
            plan[change.location_id][change.product_id] = (target, target is None)
            to_send[change.location_id].append(change)
            marks.append(ChangeResult(
                change.id, ChangeState.SENDING, sent_value=target, sent_base=current
            ))
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
        self, client: ZidClient, product_ids: set[str], report: ProgressCallback
    ) -> dict[tuple[str, str], int | None]:
        """Zid's current value of every stock cell of `product_ids`, just before a push.

        Issue 3 wants this refresh to cost what changed on Zid, not the size of the push:
        with a products high-water mark it is an incremental pull (`-updated_at` down to the
        mark, usually 1 request; deletions are left to the next pull) after which the
        cache's remote values are current. This trusts that every stock write, sales
        included, bumps the product's (and its parent's) `updated_at` (the sandbox does;
        Zid's `-updated_at` stop is "unconfirmed behaviour", zid-api.md §6.1). When the
        answer is not sorted by `updated_at`, or with no mark yet, the edited products are
        re-read by `id__in` instead (ceil(products / 50) requests). Not cancellable (it is
        short); push checks its token before the first write."""
        puller = ProductPuller(self.cache, client, report, CancelToken(), phase="refresh")
        high_water = puller.high_water()
        if high_water is not None:
            try:
                await puller.changed(high_water, deletions=False)
            except OrderingNotHonoured:
                log.warning("Zid ignored ordering=-updated_at; re-reading edited products")
            else:
                return await asyncio.to_thread(
                    self.cache.remote_quantities, sorted(product_ids)
                )
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


SendingFate = Literal["landed", "resend", "ambiguous"]


def _sending_fates(
    changes: list[OutboxChange], remote: dict[tuple[str, str], int | None]
) -> dict[tuple[str, str], SendingFate]:
    """For each cell with `sending` changes (a crash mid-push), whether its chain landed on
    Zid, did not, or cannot be told (the rule is in the module docstring)."""
    chains: dict[tuple[str, str], list[OutboxChange]] = defaultdict(list)
    for change in changes:
        if change.state is ChangeState.SENDING:
            chains[(change.product_id, change.location_id)].append(change)
    fates: dict[tuple[str, str], SendingFate] = {}
    for cell, chain in chains.items():
        now = remote.get(cell)
        if now == chain[-1].sent_value:
            fates[cell] = "landed"
        elif now == chain[0].sent_base:
            fates[cell] = "resend"
        else:
            fates[cell] = "ambiguous"
    return fates


def _ambiguous_reason(now: int | None, base: int | None, sent: int | None) -> str:
    return (
        f"Zid's value changed while this change was being sent (Zid has {_qty(now)}, it had "
        f"{_qty(base)}, the change makes it {_qty(sent)}), so it may have landed: keep Zid's "
        "value if it did, or keep yours to send it again"
    )


def _qty(value: int | None) -> str:
    return "infinite/none" if value is None else str(value)


def _check_reversible(entry: JournalEntry) -> None:
    if not entry.applied:
        raise ValueError(f"History entry #{entry.id} did not reach Zid: nothing to reverse.")
    if entry.reversed_by is not None:
        raise ValueError(
            f"History entry #{entry.id} is already reversed (by change #{entry.reversed_by})."
        )


def _entry(change: OutboxChange, old: int | None, new: int | None, result: str) -> NewJournalEntry:
    return NewJournalEntry(
        product_id=change.product_id, location_id=change.location_id, old=old, new=new,
        source=change.source, result=result, batch_id=change.batch_id, outbox_id=change.id,
    )


def _request_count(client: ZidClient) -> int:
    return int(getattr(client, "request_count", 0) or 0)
