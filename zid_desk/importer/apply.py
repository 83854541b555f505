"""Applying a plan: every change goes to the outbox as ONE named batch (one durable
transaction, all or nothing), reversible as a whole from History. Pushing is the sync
engine's job; `outcomes()` reads back what happened to each change of the batch so the
report can say, row by row, applied / conflict / failed (with the reason) / queued.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from zid_desk.cache import Cache, NewChange
from zid_desk.domain.models import ChangeKind, ChangeState
from zid_desk.importer.plan import Plan
from zid_desk.importer.read import Cancelled, Progress, check_cancelled


@dataclass(frozen=True, slots=True)
class ChangeOutcome:
    state: ChangeState
    error: str | None = None
    outbox_id: int | None = None
    sent_value: int | None = None


@dataclass
class AppliedBatch:
    batch_id: int | None  # None: nothing to queue
    name: str
    changes: int
    outcomes: dict[int, ChangeOutcome] = field(default_factory=dict)  # plan change index ->


def batch_name(plan: Plan, now: datetime | None = None) -> str:
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M")
    return f"Import {plan.path.name} ({plan.mode}, {when})"


def enqueue_plan(
    cache: Cache,
    plan: Plan,
    *,
    name: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> AppliedBatch:
    """Queue the plan's changes as one batch (source `csv:<file name>`). SET changes carry
    no explicit base: the cache records the remote value it holds now, which is what the
    push compares with Zid to detect a sale in the meantime."""
    check_cancelled(cancelled)
    name = name or batch_name(plan)
    total = len(plan.changes)
    if progress is not None:
        progress(0, total)
    if not plan.changes:
        return AppliedBatch(None, name, 0)
    items = [
        NewChange(
            kind=ch.kind,
            product_id=ch.product_id,
            location_id=ch.location_id,
            value=ch.value,
            note=f"row {', '.join(str(plan.rows[i].row) for i in ch.rows[:5])}"
            + (" …" if len(ch.rows) > 5 else ""),
        )
        for ch in plan.changes
    ]
    check_cancelled(cancelled)  # last point of no return: the enqueue is all or nothing
    batch_id = cache.enqueue_many(items, batch_name=name, source=plan.source)
    if progress is not None:
        progress(total, total)
    applied = AppliedBatch(batch_id, name, total)
    applied.outcomes = outcomes(cache, plan, batch_id)
    return applied


def outcomes(cache: Cache, plan: Plan, batch_id: int) -> dict[int, ChangeOutcome]:
    """What became of each planned change of this batch (plan change index -> outcome),
    read from the outbox (it holds the push result and the error of each change). One
    read-only pass over the batch's rows, oldest first, so the newest row of a cell wins
    (e.g. a kept-mine resolution); paging through `outbox_page` took 10 s for 95,000."""
    index = {(ch.product_id, ch.location_id): i for i, ch in enumerate(plan.changes)}
    out: dict[int, ChangeOutcome] = {}
    rows = cache.connection().execute(
        "SELECT id, product_id, location_id, state, error, sent_value FROM outbox"
        " WHERE batch_id = ? ORDER BY id",
        (batch_id,),
    )
    for outbox_id, product_id, location_id, state, error, sent_value in rows:
        i = index.get((product_id, location_id))
        if i is not None:
            out[i] = ChangeOutcome(ChangeState(state), error, outbox_id, sent_value)
    return out


def kind_label(kind: ChangeKind) -> str:
    return "set" if kind is ChangeKind.SET else "adjust"
