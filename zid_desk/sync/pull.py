"""Pulling products from Zid into the cache: a resumable full walk and an incremental pull.

No Qt. Used by `SyncEngine.pull` and, for the refresh just before a push, `SyncEngine.push`.

Listing choice (one listing, not one per structure): `GET /products/?extended=true` lists
standalone products and parents, each parent with its variants nested (zid-api.md §6.1
`extended` = "include variants", §6.2), so a walk needs only ceil(listable / 50) pages and
never a second `structure=child` walk. For the incremental pull this relies on a variant's
change also bumping its parent's `updated_at` (the sandbox does, zid_desk/sandbox/state.py
`touch`; unconfirmed on Zid).

Incremental pull = `ordering=-updated_at`, stopping at the first product not newer than the
high-water mark (the newest `updated_at` already pulled). zid-api.md §6.1 calls this stop
"unconfirmed behaviour", so the puller stays tolerant: it checks that every page really is
sorted newest first, and if it is not (Zid ignored `ordering`) raises `OrderingNotHonoured`;
the pull then falls back to a full walk and the push refresh to re-reading the edited
products by `id__in`. Deletions: `deleted=true` lists remotely deleted products, newest
deletion first (the SDK's filter; semantics assumed), with its own high-water mark. If that
answer contains a product the live listing just returned, the filter was ignored and the
deletion step is skipped (full walks still delete). Cost: 1 request for up to 50 changed
products + 1 for deletions; the push refresh skips deletions (1 request).

Full walk, resumable: the walk is ordered `-updated_at` too, so its first page gives the
newest `updated_at` when the walk began (the `mark`); after the walk the high-water mark is
set to that mark, never to the newest stamp seen later in the walk (a product changed
during the walk after its page was read could otherwise be missed forever). Each page is
upserted in one transaction with the ids it holds (`Cache.walk_mark_seen`) and the cursor
(next page number, in sync state `products_walk`), so after a crash or a cancel the next
full pull continues from the saved page (a walk older than `RESUME_MAX_AGE` starts again).
Deletion pass: only after a complete walk, cached products the walk did not see are
re-read by `id__in` (pages shift when products change or vanish mid-walk, so "not seen"
is not proof of deletion); those Zid still has are upserted, the rest deleted. Its cost is
proportional to the deletions (0 requests when nothing was deleted). A resumed walk ends
with an incremental catch-up from its mark (usually 2 requests), so products changed or
deleted on Zid while the walk was interrupted are current too.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta

from zid_desk.api.client import ZidClient
from zid_desk.api.errors import NotFoundError
from zid_desk.cache import Cache
from zid_desk.domain import Product
from zid_desk.sync.progress import CancelToken, Progress, ProgressCallback

log = logging.getLogger(__name__)

PRODUCT_PAGE = 50
HIGH_WATER_KEY = "products_updated_high_water"
DELETED_HIGH_WATER_KEY = "products_deleted_high_water"
WALK_KEY = "products_walk"
RESUME_MAX_AGE = timedelta(hours=24)


class OrderingNotHonoured(Exception):
    """Zid's answer to `ordering=-updated_at` was not sorted newest first."""


@dataclass
class Walk:
    """The saved cursor of a full pull (JSON in sync state `products_walk`)."""

    started: str
    page: int = 1  # the next product page to fetch
    mark: str = ""  # newest `updated_at` on Zid when the walk began ("" = unknown)
    seen: int = 0  # listable products stored so far (progress)
    phase: str = "products"  # "products" -> "orders" (products done, orders not yet)

    def dumps(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def loads(cls, text: str | None) -> Walk | None:
        if not text:
            return None
        try:
            return cls(**json.loads(text))
        except (ValueError, TypeError):
            return None

    def age(self) -> timedelta:
        try:
            return datetime.now(UTC) - datetime.fromisoformat(self.started)
        except ValueError:
            return RESUME_MAX_AGE * 2


@dataclass(frozen=True)
class WalkOutcome:
    products: int  # products (variants included) stored by this run
    deleted: int
    resumed: bool  # continued an interrupted walk


def stamp(product: Product) -> datetime | None:
    value = product.updated_at
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def read_stamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _listable(products: Sequence[Product]) -> list[Product]:
    """Standalone products and parents (variants arrive nested, with their parent_id)."""
    return [p for p in products if p.parent_id is None]


def _sorted_newest_first(products: Sequence[Product], previous: datetime | None) -> bool:
    for p in products:
        s = stamp(p)
        if s is None:
            continue
        if previous is not None and s > previous:
            return False
        previous = s
    return True


def _last_stamp(products: Sequence[Product], previous: datetime | None) -> datetime | None:
    for p in products:
        s = stamp(p)
        if s is not None:
            previous = s
    return previous


class ProductPuller:
    def __init__(
        self, cache: Cache, client: ZidClient, report: ProgressCallback, cancel: CancelToken,
        *, phase: str = "products",
    ) -> None:
        self.cache = cache
        self.client = client
        self.report = report
        self.cancel = cancel
        self.phase = phase  # the Progress phase of the incremental pull ("refresh" in push)

    # ------------------------------------------------------------------ state
    def high_water(self) -> datetime | None:
        return read_stamp(self.cache.get_state(HIGH_WATER_KEY))

    def open_walk(self) -> Walk | None:
        """The interrupted walk a full pull would continue, if any (and recent enough)."""
        walk = Walk.loads(self.cache.get_state(WALK_KEY))
        if walk is None or walk.age() > RESUME_MAX_AGE:
            return None
        return walk

    def close_finished_walk(self) -> None:
        """Forget the walk once its products are done and the orders pulled after it."""
        walk = Walk.loads(self.cache.get_state(WALK_KEY))
        if walk is not None and walk.phase != "products":
            self.cache.set_state(WALK_KEY, None)

    # ------------------------------------------------------------------ full walk
    async def full(self) -> WalkOutcome:
        walk = self.open_walk()
        resumed = walk is not None
        if walk is None:
            walk = Walk(started=datetime.now(UTC).isoformat())
            await asyncio.to_thread(self._begin_walk, walk)
        stored = deleted = 0
        if walk.phase == "products":
            stored = await self._walk_pages(walk)
            deleted = await self._delete_unseen()
            await asyncio.to_thread(self._finish_walk, walk)
        since = self.high_water()  # the walk's mark, or later if pulls ran in between
        if resumed and since is not None:
            # Pages read before the interruption may be old: catch up on what changed or
            # was deleted since, so a resumed pull ends like a fresh one.
            try:
                changed, gone = await self.changed(since, deletions=True)
            except OrderingNotHonoured:
                log.warning("Zid ignored ordering=-updated_at in the catch-up")
            else:
                stored += changed
                deleted += gone
        return WalkOutcome(stored, deleted, resumed)

    def _begin_walk(self, walk: Walk) -> None:
        with self.cache.transaction():
            self.cache.walk_begin()
            self.cache.set_state(WALK_KEY, walk.dumps())

    def _store_walk_page(self, products: list[Product], walk: Walk) -> None:
        with self.cache.transaction():  # page, seen ids and cursor land together
            self.cache.upsert_products(products)
            self.cache.walk_mark_seen(p.id for p in products)
            self.cache.set_state(WALK_KEY, walk.dumps())

    def _finish_walk(self, walk: Walk) -> None:
        with self.cache.transaction():
            walk.phase = "orders"
            self.cache.set_state(WALK_KEY, walk.dumps())
            # The mark, not the newest stamp seen: see the module docstring.
            self.cache.set_state(HIGH_WATER_KEY, walk.mark or None)
            self.cache.set_state(DELETED_HIGH_WATER_KEY, walk.mark or None)
            self.cache.walk_end()

    async def _walk_pages(self, walk: Walk) -> int:
        """Fetch and store pages from `walk.page` on. Page k is stored (in a worker thread,
        with its cursor) while page k+1 is being fetched; a page's store always finishes
        before the next one starts and before this returns or raises, so the saved cursor
        never runs ahead of the stored pages."""
        stored = 0
        page_no = walk.page
        storing: asyncio.Future[None] | None = None
        pages = self.client.iter_product_pages(
            ordering="-updated_at", page_size=PRODUCT_PAGE, extended=True, page=page_no
        )
        try:
            async for page in pages:
                if storing is not None:
                    await storing
                listable = _listable(page.products)
                if page_no == 1:
                    walk.mark = self._mark_of(listable)
                walk.page = page_no + 1
                walk.seen += len(listable)
                storing = asyncio.ensure_future(asyncio.to_thread(
                    self._store_walk_page, page.products, replace(walk)
                ))
                stored += len(page.products)
                left = max(0, math.ceil((page.count - walk.seen) / PRODUCT_PAGE))
                self.report(Progress(
                    "products", min(walk.seen, page.count), page.count,
                    self.client.limiter.wait_for(left),
                ))
                page_no += 1
                if self.cancel.cancelled:
                    await storing
                    self.cancel.raise_if_cancelled()
        except NotFoundError:
            if page_no == 1:
                raise
            # "Invalid page": the catalogue shrank since the cursor was saved; the walk is
            # complete and the deletion pass re-checks whatever it did not see.
            log.info("product walk ended early at page %d (catalogue shrank)", page_no)
        finally:
            if storing is not None:
                await storing
        return stored

    @staticmethod
    def _mark_of(listable: list[Product]) -> str:
        if not _sorted_newest_first(listable, None):
            log.warning("Zid ignored ordering=-updated_at; every pull will be a full pull")
            return ""
        stamps = [s for s in (stamp(p) for p in listable) if s is not None]
        return max(stamps).isoformat() if stamps else ""

    async def _delete_unseen(self) -> int:
        unseen = await asyncio.to_thread(self.cache.walk_unseen_ids)
        if not unseen:
            return 0
        still_there = await self.client.products_by_ids(unseen)
        if still_there:
            await asyncio.to_thread(self.cache.upsert_products, still_there)
        alive = {p.id for p in still_there}
        gone = [i for i in unseen if i not in alive]
        return await asyncio.to_thread(self.cache.delete_products, gone) if gone else 0

    # ------------------------------------------------------------------ incremental
    async def changed(self, high_water: datetime, *, deletions: bool) -> tuple[int, int]:
        """Pull products changed since `high_water` (and with `deletions`, remove those
        deleted since the deletion mark). Returns (changed, deleted). Raises
        OrderingNotHonoured (nothing is lost: the pages stored so far are current)."""
        fresh_ids: set[str] = set()
        newest = high_water
        previous: datetime | None = None
        async for page in self.client.iter_product_pages(
            ordering="-updated_at", page_size=PRODUCT_PAGE, extended=True
        ):
            listable = _listable(page.products)
            if not _sorted_newest_first(listable, previous):
                raise OrderingNotHonoured("products are not sorted by -updated_at")
            previous = _last_stamp(listable, previous)
            reached = False
            page_fresh: set[str] = set()
            for p in listable:
                s = stamp(p)
                if s is not None and s <= high_water:
                    reached = True
                    continue
                page_fresh.add(p.id)
                if s is not None and s > newest:
                    newest = s
            fresh = [
                p for p in page.products if p.id in page_fresh or p.parent_id in page_fresh
            ]
            if fresh:
                await asyncio.to_thread(self.cache.upsert_products, fresh)
            fresh_ids |= page_fresh
            self.report(Progress(self.phase, len(fresh_ids), 0))
            if reached:
                break
            self.cancel.raise_if_cancelled()
        if newest > high_water:
            self.cache.set_state(HIGH_WATER_KEY, newest.isoformat())
        deleted = await self._pull_deletions(high_water, fresh_ids) if deletions else 0
        return len(fresh_ids), deleted

    async def _pull_deletions(self, high_water: datetime, live_ids: set[str]) -> int:
        since = read_stamp(self.cache.get_state(DELETED_HIGH_WATER_KEY)) or high_water
        gone: list[str] = []
        newest = since
        previous: datetime | None = None
        async for page in self.client.iter_product_pages(
            ordering="-updated_at", page_size=PRODUCT_PAGE, deleted=True
        ):
            if not _sorted_newest_first(page.products, previous):
                log.warning("deleted=true answer not sorted; deletions wait for a full pull")
                return 0
            previous = _last_stamp(page.products, previous)
            reached = False
            for p in page.products:
                s = stamp(p)
                if s is not None and s <= since:
                    reached = True
                    continue
                if p.id in live_ids:
                    log.warning("Zid ignored deleted=true; deletions wait for a full pull")
                    return 0
                gone.append(p.id)
                if s is not None and s > newest:
                    newest = s
            if reached:
                break
            self.cancel.raise_if_cancelled()
        deleted = await asyncio.to_thread(self.cache.delete_products, gone) if gone else 0
        if newest > since:
            self.cache.set_state(DELETED_HIGH_WATER_KEY, newest.isoformat())
        return deleted
