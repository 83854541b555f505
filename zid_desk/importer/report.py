"""The per-row report of an import: for each row of the file, what happened to it
(invalid / unchanged / queued / applied / conflict / failed) and why. Saved as CSV (UTF-8
with BOM so Excel shows Arabic)."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from zid_desk.domain.models import ChangeState
from zid_desk.importer.apply import ChangeOutcome
from zid_desk.importer.neutral import neutralise
from zid_desk.importer.plan import Plan, RowStatus

#: Report results (a superset of the plan statuses).
RESULTS = ("invalid", "unchanged", "planned", "queued", "applied", "conflict", "failed")

_RESULT_OF_STATE = {
    ChangeState.QUEUED: "queued",
    ChangeState.SENDING: "queued",
    ChangeState.APPLIED: "applied",
    ChangeState.CONFLICT: "conflict",
    ChangeState.FAILED: "failed",
    ChangeState.DISCARDED: "failed",
}

HEADER = ("row", "sku", "barcode", "location", "quantity", "old", "new", "result", "reason")


@dataclass(frozen=True, slots=True)
class ReportRow:
    row: int
    sku: str
    barcode: str
    location: str
    quantity: str
    old: int | None
    new: int | None
    result: str
    reason: str

    def as_tuple(self) -> tuple[object, ...]:
        return (
            self.row,
            self.sku,
            self.barcode,
            self.location,
            self.quantity,
            "" if self.old is None else self.old,
            "" if self.new is None else self.new,
            self.result,
            self.reason,
        )


def report_rows(
    plan: Plan, outcomes: Mapping[int, ChangeOutcome] | None = None
) -> Iterator[ReportRow]:
    """One report row per file row. Without outcomes (a dry run) changed rows are "planned"."""
    for r in plan.rows:
        reason = r.reason
        if r.status is RowStatus.INVALID:
            result = "invalid"
        elif r.status is RowStatus.UNCHANGED or r.change is None:
            result = "unchanged"
        elif outcomes is None:
            result = "planned"
        else:
            outcome = outcomes.get(r.change)
            if outcome is None:
                result, reason = "failed", "not found in the outbox"
            else:
                result = _RESULT_OF_STATE[outcome.state]
                if outcome.error:
                    reason = outcome.error
                elif result == "conflict":
                    reason = "Zid's value changed since the last sync: resolve in Conflicts"
        yield ReportRow(
            r.row, r.sku, r.barcode, r.location, r.quantity, r.old, r.new, result, reason
        )


def tally(plan: Plan, outcomes: Mapping[int, ChangeOutcome] | None = None) -> dict[str, int]:
    """Rows per result (every key of RESULTS present)."""
    counts = Counter(row.result for row in report_rows(plan, outcomes))
    return {k: counts.get(k, 0) for k in RESULTS}


def write_report_csv(
    path: str | Path, plan: Plan, outcomes: Mapping[int, ChangeOutcome] | None = None
) -> int:
    """Write the report; returns the number of rows written."""
    n = 0
    with Path(path).open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for row in report_rows(plan, outcomes):
            writer.writerow(_neutralise(row.as_tuple()))
            n += 1
    return n


def _neutralise(values: tuple[object, ...]) -> list[object]:
    return [neutralise(v) if isinstance(v, str) else v for v in values]
