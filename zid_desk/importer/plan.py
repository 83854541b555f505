"""The plan of an import: every row validated against a `CatalogSnapshot`, the diff
(old -> new per product and location) and the cost before anything is written.

Building a plan is pure: it reads the file and the snapshot and writes nothing anywhere
(this is the dry run).

Duplicate rows (same product and location), by policy:
- "sum" (default): add/subtract rows are summed into one change; in set mode summing counts
  is meaningless, so equal counts are accepted once and different counts are an error;
- "reject": every row of the group is invalid;
- "last": the last row wins, earlier ones are skipped (reported unchanged, "superseded").
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zid_desk.domain.models import ChangeKind
from zid_desk.importer.mapping import ColumnMapping
from zid_desk.importer.neutral import unneutralise
from zid_desk.importer.parse import QuantityError, parse_quantity
from zid_desk.importer.read import (
    Cancelled,
    FileFormat,
    ImportFileError,
    Progress,
    SourceRow,
    check_cancelled,
    iter_rows,
)
from zid_desk.importer.snapshot import CatalogSnapshot

MODES = ("set", "add", "subtract")
DUPLICATE_POLICIES = ("sum", "reject", "last")


class RowStatus(enum.StrEnum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    INVALID = "invalid"


@dataclass(slots=True)
class PlanRow:
    row: int  # 1-based line/row number in the file
    sku: str
    barcode: str
    quantity: str
    location: str
    name: str
    status: RowStatus = RowStatus.INVALID
    reason: str = ""
    product_id: str | None = None
    location_id: str | None = None
    value: int | None = None  # parsed: the count (set) or the signed delta (add/subtract)
    infinite: bool = False  # the cell said "infinite" (set mode)
    old: int | None = None  # displayed value in the cache (None: infinite or no stock row)
    new: int | None = None
    change: int | None = None  # index in Plan.changes


@dataclass(frozen=True, slots=True)
class PlannedChange:
    kind: ChangeKind
    product_id: str
    location_id: str
    value: int | None  # SET: the count (None = infinite); ADJUST: the delta
    old: int | None
    new: int | None
    rows: tuple[int, ...]  # indexes into Plan.rows


@dataclass
class Cost:
    requests: int
    minimum_requests: int  # ignoring the one-location-per-request rule
    rate_per_minute: int
    batch_size: int
    by_location: dict[str, int] = field(default_factory=dict)  # changes per location

    @property
    def minutes(self) -> float:
        return self.requests / self.rate_per_minute

    @property
    def eta_seconds(self) -> float:
        return round(self.requests * 60.0 / self.rate_per_minute, 1)


@dataclass
class Plan:
    path: Path
    mode: str
    format: FileFormat
    header: list[str]
    mapping: ColumnMapping
    duplicates: str
    fixed_location: str | None
    rows: list[PlanRow]
    changes: list[PlannedChange]
    cost: Cost

    def count(self, status: RowStatus) -> int:
        return sum(1 for r in self.rows if r.status is status)

    @property
    def changed(self) -> int:
        return self.count(RowStatus.CHANGED)

    @property
    def unchanged(self) -> int:
        return self.count(RowStatus.UNCHANGED)

    @property
    def invalid(self) -> int:
        return self.count(RowStatus.INVALID)

    def invalid_rows(self) -> Iterator[PlanRow]:
        return (r for r in self.rows if r.status is RowStatus.INVALID)

    @property
    def source(self) -> str:
        return f"csv:{self.path.name}"

    def summary(self) -> dict[str, object]:
        """The figures the CLI's --json prints (stable keys)."""
        return {
            "file": str(self.path),
            "mode": self.mode,
            "rows": len(self.rows),
            "changed": self.changed,
            "unchanged": self.unchanged,
            "invalid": [{"row": r.row, "reason": r.reason} for r in self.invalid_rows()],
            "changes": len(self.changes),
            "requests": self.cost.requests,
            "minimum_requests": self.cost.minimum_requests,
            "eta_seconds": self.cost.eta_seconds,
        }


#: Products the push re-reads from Zid per request before writing (`id__in`, zid-api §6.1).
REFRESH_PAGE = 50


def estimate_cost(
    changes_per_location: dict[str, int],
    batch_size: int,
    rate_per_minute: int,
    products: int | None = None,
) -> Cost:
    """API requests to push: per location ceil(changes / batch size), plus the refresh the
    push does first (the edited products re-read from Zid, REFRESH_PAGE per request;
    `products` = distinct products edited; None: one incremental page, as after a pull)."""
    batch_size = max(1, batch_size)
    writes = sum(math.ceil(n / batch_size) for n in changes_per_location.values() if n)
    total = sum(changes_per_location.values())
    if not total:
        refresh = 0
    elif products is None:
        refresh = 1
    else:
        refresh = max(1, math.ceil(products / REFRESH_PAGE))
    return Cost(
        requests=writes + refresh,
        minimum_requests=math.ceil(total / batch_size) + refresh,
        rate_per_minute=max(1, rate_per_minute),
        batch_size=batch_size,
        by_location={k: v for k, v in changes_per_location.items() if v},
    )


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def build_plan(
    path: str | Path,
    snapshot: CatalogSnapshot,
    fmt: FileFormat,
    mapping: ColumnMapping,
    *,
    mode: str = "set",
    location: str | None = None,
    duplicates: str = "sum",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Plan:
    """Read, validate and diff the whole file (streaming). `location`: one location (id or
    name) for the whole file, or the default for rows whose location cell is empty."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}")
    if duplicates not in DUPLICATE_POLICIES:
        raise ValueError(f"duplicates must be one of {', '.join(DUPLICATE_POLICIES)}")
    missing = mapping.missing()
    if missing:
        raise ImportFileError(f"map a column to {' and '.join(missing)} first")
    path = Path(path)
    fixed: str | None = None
    if location:
        fixed, reason = snapshot.location_for(location)
        if fixed is None:
            raise ImportFileError(reason)
    elif len(snapshot.locations) == 1 and mapping.index_of("location") is None:
        fixed = next(iter(snapshot.locations))  # a single-location store needs no column
    source = iter_rows(path, fmt, progress=progress, cancelled=cancelled)
    header_row = next(source, None)
    header = header_row.cells if header_row else []
    rows = list(_validate(source, snapshot, mapping, mode, fixed))
    check_cancelled(cancelled)
    changes = _diff(rows, snapshot, mode, duplicates)
    check_cancelled(cancelled)
    per_location: dict[str, int] = {}
    for ch in changes:
        per_location[ch.location_id] = per_location.get(ch.location_id, 0) + 1
    return Plan(
        path=path,
        mode=mode,
        format=fmt,
        header=header,
        mapping=mapping,
        duplicates=duplicates,
        fixed_location=fixed,
        rows=rows,
        changes=changes,
        cost=estimate_cost(
            per_location,
            snapshot.batch_size,
            snapshot.rate_per_minute,
            products=None if snapshot.incremental_refresh else len({c.product_id for c in changes}),
        ),
    )


def _validate(
    source: Iterator[SourceRow],
    snap: CatalogSnapshot,
    mapping: ColumnMapping,
    mode: str,
    fixed: str | None,
) -> Iterator[PlanRow]:
    i_sku, i_bc = mapping.index_of("sku"), mapping.index_of("barcode")
    i_qty, i_loc = mapping.index_of("quantity"), mapping.index_of("location")
    i_name = mapping.index_of("name")
    loc_cache: dict[str, tuple[str | None, str]] = {}
    parents, infinite = snap.parents, snap.infinite_products
    for src in source:
        cells = src.cells
        r = PlanRow(
            src.line,
            unneutralise(_cell(cells, i_sku)),
            unneutralise(_cell(cells, i_bc)),
            _cell(cells, i_qty),
            unneutralise(_cell(cells, i_loc)),
            _cell(cells, i_name),
        )
        yield r
        pid, reason = snap.product_for(r.sku, r.barcode)
        if pid is None:
            r.reason = reason
            continue
        r.product_id = pid
        if pid in parents:
            r.reason = "the product has variants: import its variants' SKUs instead"
            continue
        loc_text = r.location.strip()
        if loc_text:
            hit = loc_cache.get(loc_text)
            if hit is None:
                hit = loc_cache[loc_text] = snap.location_for(loc_text)
            lid, reason = hit
        elif fixed is not None:
            lid, reason = fixed, ""
        else:
            lid, reason = None, "no location: fill the location column or choose one location"
        if lid is None:
            r.reason = reason
            continue
        r.location_id = lid
        try:
            q = parse_quantity(r.quantity)
        except QuantityError as exc:
            r.reason = str(exc)
            continue
        per = snap.stocks.get(lid)
        old = per.get(pid, 0) if per is not None and pid in per else None
        stock_infinite = (per is not None and pid in per and old is None) or (
            old is None and pid in infinite
        )
        r.old = old if old is not None else (None if stock_infinite else 0)
        if q.value is None:
            if mode != "set":
                r.reason = "'infinite' is only valid in set mode"
                continue
            r.infinite = True
        elif stock_infinite:
            r.reason = "infinite-stock product: its stock is not counted"
            continue
        elif mode == "subtract":
            if q.sign == "+":
                r.reason = f"a '+' sign in a subtract file is ambiguous: {r.quantity.strip()!r}"
                continue
            r.value = -abs(q.value)
        elif mode == "set" and q.value < 0:
            r.reason = f"negative result: {q.value}"
            continue
        else:
            r.value = q.value
        r.status = RowStatus.UNCHANGED  # provisional: _diff decides


def _diff(
    rows: list[PlanRow], snap: CatalogSnapshot, mode: str, duplicates: str
) -> list[PlannedChange]:
    groups: dict[tuple[str, str], list[int]] = {}
    for index, r in enumerate(rows):
        if r.status is not RowStatus.INVALID:
            key = (r.product_id or "", r.location_id or "")
            group = groups.get(key)
            if group is None:
                groups[key] = [index]
            else:
                group.append(index)
    changes: list[PlannedChange] = []
    kind = ChangeKind.SET if mode == "set" else ChangeKind.ADJUST
    for (pid, lid), members in groups.items():
        if len(members) > 1:
            members = _resolve_duplicates(rows, members, mode, duplicates)
            if not members:
                continue
        first = rows[members[0]]
        old = first.old
        if mode == "set":
            value = first.value
            infinite = first.infinite
            new = None if infinite else value
            same = (old is None and infinite) or (not infinite and old == value)
        else:
            value = sum(rows[i].value or 0 for i in members)
            new = (old or 0) + value
            if new < 0:
                for i in members:
                    rows[i].status = RowStatus.INVALID
                    rows[i].reason = f"negative result: {old or 0} {value:+d} = {new}"
                continue
            same = value == 0
        for i in members:
            rows[i].new = new
            rows[i].status = RowStatus.UNCHANGED if same else RowStatus.CHANGED
        if not same:
            for i in members:
                rows[i].change = len(changes)
            changes.append(PlannedChange(kind, pid, lid, value, old, new, tuple(members)))
    return changes


def _resolve_duplicates(
    rows: list[PlanRow], members: list[int], mode: str, policy: str
) -> list[int]:
    """The rows of a duplicate group that make the change (others get their status)."""
    numbers = [rows[i].row for i in members]

    def others(i: int) -> str:
        return ", ".join(str(n) for n in numbers if n != rows[i].row)

    if policy == "reject":
        for i in members:
            rows[i].status = RowStatus.INVALID
            rows[i].reason = f"duplicate: the same product and location as row {others(i)}"
        return []
    if policy == "last":
        last = members[-1]
        for i in members[:-1]:
            rows[i].status = RowStatus.UNCHANGED
            rows[i].reason = f"superseded by row {rows[last].row} (last wins)"
        rows[last].reason = f"last of duplicate rows {', '.join(map(str, numbers))}"
        return [last]
    if mode == "set":
        values = {(rows[i].value, rows[i].infinite) for i in members}
        if len(values) > 1:
            for i in members:
                rows[i].status = RowStatus.INVALID
                rows[
                    i
                ].reason = (
                    f"duplicate rows with different counts (rows {', '.join(map(str, numbers))})"
                )
            return []
        for i in members:
            rows[i].reason = f"same count as row {others(i)}"
        return members
    for i in members:
        rows[i].reason = f"summed with row {others(i)}"
    return members


def rows_for_change(plan: Plan, change: PlannedChange) -> Sequence[PlanRow]:
    return [plan.rows[i] for i in change.rows]
