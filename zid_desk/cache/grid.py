"""The Stock view's queries: count, a page of products x locations, and row lookup.

A page is three cheap queries: the page's product keys (filter + ORDER BY walking a covering
index, LIMIT/OFFSET over keys only), their product columns, and their stock cells in one IN
query; the pivot to {location_id: Cell} happens in Python for at most `limit` rows.

Plans:
- every filter is a condition on `products p` (location membership is the bit of the location
  in `p.loc_mask`, stored in the sort indexes, so "location X, sorted by name" walks the name
  index without touching stocks);
- sorting by a location column walks `stocks_by_location` (is_infinite, available_quantity,
  product_pk): first the products stocked there, in that order; then the products that have
  no stock row at that location (ordered by pk), in both directions.
- a search is names (FTS) OR a SKU prefix OR a barcode prefix, first reduced with a count of
  each part (FTS and index range counts cost ~1 ms even for 66,666 matches, where counting
  the OR scans them): see `_search`. A search reduced to one part has an exact count
  without a scan; its first page is a top-N sort of its pks (mid-size) or a walk of the
  sort index (broad); deeper pages come from the memoised ordered keys.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zid_desk.cache._db import CacheBase
from zid_desk.cache.records import Cell, GridFilter, GridRow
from zid_desk.cache.text import (
    code_key,
    fts_query,
    prefix_upper_bound,
    sku_matches_are_name_matches,
)


@dataclass(frozen=True, slots=True)
class _Plan:
    where: str  # over `products p`
    params: tuple
    order: tuple[str, ...]  # sort expressions over p (ends with p.pk); unused for loc sort
    descending: bool
    sort_location: str | None  # loc:<id> sort
    sort_bit: int | None  # that location's bit, when it has one
    # the filter without "stocked at the sort location" (implied when walking its stocks)
    stocked_where: str
    stocked_params: tuple
    only_stocked: bool  # the filter itself keeps only products stocked at the sort location
    stocks_count: tuple[str, tuple] | None  # a cheaper count over stocks alone, when exact
    sort_index: str  # the covering index that yields `order`
    search: _Search | None  # None also when the search matches every product
    known_count: int | None  # the grid's count, when the search alone is the filter


def _location_bit(conn: sqlite3.Connection, location_id: str) -> int | None:
    row = conn.execute("SELECT bit FROM locations WHERE id = ?", (location_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


#: A search selecting more rows than this reads its top pages (the first WALK_ROWS rows)
#: by walking the sort index, stopping as soon as the page is full; deeper pages come
#: from the memoised ordered keys.
BROAD_SEARCH_ROWS = 5_000
WALK_ROWS = 1000
#: ... except an FTS selection of at most TOP_SORT_ROWS rows, whose top pages come from a
#: top-N sort of the selection (bench/cache_queries.py, 100k products: "pr" 7,743 rows)
TOP_SORT_ROWS = 15_000

_CODE_PUNCTUATION = frozenset("-./_#:")


def _looks_like_code(text: str) -> bool:
    """ "ZD-10", "OUD/77.a": one word with a digit and punctuation — a SKU/barcode prefix,
    searched by index range only (word-splitting it for FTS would match half the store)."""
    text = text.strip()
    return (
        not any(c.isspace() for c in text)
        and any(c.isdigit() for c in text)
        and any(c in _CODE_PUNCTUATION for c in text)
    )


@dataclass(frozen=True, slots=True)
class _Part:
    """One way a search matches: names (FTS), a SKU prefix or a barcode prefix."""

    name: str  # "names", "skus" or "barcodes"
    keys_sql: str  # SELECT of the matching pks
    params: tuple
    condition: str  # the same test as a condition on `products p`


@dataclass(frozen=True, slots=True)
class _Search:
    """What a search text selects, as the cheapest exact condition on `products p`."""

    condition: str
    params: tuple
    rows: int  # how many products it selects (from part counts, never a scan of them)
    estimate: int  # the sum of its parts' counts (picks the shape and the page strategy)
    everything: bool  # every product matches: no condition at all

    @property
    def keys_subquery(self) -> bool:
        """The condition is `p.pk IN (...)`: rows come by pk, no index of p is needed."""
        return self.condition.startswith("p.pk IN (")


_FTS_KEYS = "SELECT rowid FROM products_fts WHERE products_fts MATCH ?"
_FTS_CONDITION = f"p.pk IN ({_FTS_KEYS})"
_NOTHING = _Search("0", (), 0, 0, False)


def _search(conn: sqlite3.Connection, text: str, memo: Memo) -> _Search:
    """Names (FTS, when the text is not code-like) OR a SKU prefix OR a barcode prefix,
    reduced with cheap counts of each part (an FTS count or an index range count, never a
    scan of the selection):

    - parts matching nothing are dropped; a part matching every product selects everything;
    - the SKU part is dropped when every SKU match is a name match
      (`sku_matches_are_name_matches`), and the name part instead when both count the same
      (then they are the same products: "ZD" selects by the SKU range alone);
    - a single part left is exact with its own count; several are counted by
      inclusion-exclusion (`_union_count`) and selected by a UNION of pks when narrow
      (cost follows the matches) or an OR of conditions when broad (top pages walk a sort
      index whose entries carry sku_key/barcode_key)."""
    q = None if _looks_like_code(text) else fts_query(text)
    key = code_key(text)
    return memo(("search", q, key), lambda: _compute_search(conn, text, q, key, memo))


def _compute_search(
    conn: sqlite3.Connection, text: str, q: str | None, key: str, memo: Memo
) -> _Search:
    parts: list[_Part] = []
    if q:
        parts.append(_Part("names", _FTS_KEYS, (q,), _FTS_CONDITION))
    if key:
        bounds = (key, prefix_upper_bound(key))
        for name, column in (("skus", "sku_key"), ("barcodes", "barcode_key")):
            parts.append(
                _Part(
                    name,
                    f"SELECT pk FROM products WHERE {column} >= ? AND {column} < ?",
                    bounds,
                    f"(p.{column} >= ? AND p.{column} < ?)",
                )
            )
    counted: dict[str, tuple[_Part, int]] = {}
    for part in parts:
        n = int(conn.execute(f"SELECT count(*) FROM ({part.keys_sql})", part.params).fetchone()[0])
        if n:
            counted[part.name] = (part, n)
    if "names" in counted and "skus" in counted and sku_matches_are_name_matches(text):
        same = counted["names"][1] == counted["skus"][1]
        del counted["names" if same else "skus"]
    if not counted:
        return _NOTHING
    if len(counted) == 1:
        ((part, n),) = counted.values()
        return _Search(part.condition, part.params, n, n, False)
    everything = memo(
        ("products",), lambda: int(conn.execute("SELECT count(*) FROM products").fetchone()[0])
    )
    if any(n == everything for _, n in counted.values()):
        return _Search("1", (), everything, everything, True)
    chosen = [part for part, _ in counted.values()]
    estimate = sum(n for _, n in counted.values())
    params = tuple(p for part in chosen for p in part.params)
    if estimate <= BROAD_SEARCH_ROWS:
        condition = f"p.pk IN ({' UNION '.join(part.keys_sql for part in chosen)})"
    else:
        condition = f"({' OR '.join(part.condition for part in chosen)})"
    rows = _union_count(conn, counted)
    return _Search(condition, params, rows, estimate, False)


def _union_count(conn: sqlite3.Connection, counted: dict[str, tuple[_Part, int]]) -> int:
    """|names ∪ codes| = |names| + |codes| - |names ∩ codes|, codes = SKU ∪ barcode prefix:
    SKU ∩ barcode is counted within a code range (the covering index carries the other key),
    names ∩ codes over the FTS matches joined to their rows, so the cost follows the name
    matches, never the union ("628" on 100k products: 136 name matches, 100,000 barcode
    matches: 0.4 ms besides the part counts, where counting the OR scans them: 26 ms)."""
    codes = [counted[name] for name in ("skus", "barcodes") if name in counted]
    n_codes = sum(n for _, n in codes)
    if len(codes) == 2:
        (sku, _), (bar, _) = codes
        both = conn.execute(
            f"SELECT count(*) FROM products p WHERE {sku.condition} AND {bar.condition}",
            (*sku.params, *bar.params),
        ).fetchone()[0]
        n_codes -= int(both)
    if "names" not in counted:
        return n_codes
    names, n_names = counted["names"]
    code_condition = " OR ".join(part.condition for part, _ in codes)
    overlap = conn.execute(
        "SELECT count(*) FROM products_fts CROSS JOIN products p ON p.pk = products_fts.rowid"
        f" WHERE products_fts MATCH ? AND ({code_condition})",
        (*names.params, *(p for part, _ in codes for p in part.params)),
    ).fetchone()[0]
    return n_names + n_codes - int(overlap)


def _plan(conn: sqlite3.Connection, f: GridFilter, memo: Memo) -> _Plan:
    where: list[str] = []
    params: list[object] = []
    loc = f.location_id
    search = _search(conn, f.search, memo) if f.search.strip() else None
    if search is not None and not search.everything:
        where.append(search.condition)
        params += search.params

    # conditions on the stock row at the filter location (alias placeholder {a})
    stock_conds: list[str] = []
    stock_params: list[object] = []
    for threshold in (f.low_stock_threshold, 0 if f.out_of_stock else None):
        if threshold is None:
            continue
        if loc:
            stock_conds.append("{a}.is_infinite = 0 AND {a}.available_quantity <= ?")
            stock_params.append(threshold)
        else:
            where.append("p.total_infinite = 0 AND p.total_qty <= ?")
            params.append(threshold)
    for flag, wanted in (("pending", f.pending_only), ("conflict", f.conflicts_only)):
        if not wanted:
            continue
        if loc:
            stock_conds.append(f"{{a}}.{flag} > 0")
        else:
            where.append(f"p.pk IN (SELECT product_pk FROM stocks WHERE {flag} > 0)")
    other_where, other_params = list(where), list(params)
    search_only = search is not None and not loc and len(where) == (0 if search.everything else 1)
    known_count = search.rows if search is not None and search_only else None

    stocks_count: tuple[str, tuple] | None = None
    if loc:
        extra = "".join(" AND " + c.format(a="st") for c in stock_conds)
        bit = _location_bit(conn, loc)
        if stock_conds or bit is None:
            where.append(
                f"p.pk IN (SELECT st.product_pk FROM stocks st WHERE st.location_id = ?{extra})"
            )
            params += [loc, *stock_params]
        else:
            where.append("p.loc_mask & ? != 0")
            params.append(1 << bit)
        if not other_where:  # only location conditions: count the stock rows directly
            stocks_count = (
                f"SELECT count(*) FROM stocks st WHERE st.location_id = ?{extra}",
                (loc, *stock_params),
            )

    sort_location = f.sort_key[4:] if f.sort_key.startswith("loc:") else None
    only_stocked = bool(loc) and sort_location == loc
    stocked_where, stocked_params = where, params
    if only_stocked:  # walking the location's stocks: its conditions apply to `ss`
        stocked_where = other_where + [c.format(a="ss") for c in stock_conds]
        stocked_params = other_params + stock_params
    if f.sort_key == "sku":
        order: tuple[str, ...] = ("p.sku_key", "p.pk")
        index = "products_sku"
    elif f.sort_key == "barcode":
        order = ("p.barcode_key", "p.pk")
        index = "products_barcode"
    elif f.sort_key == "total":
        order = ("p.total_infinite", "p.total_qty", "p.pk")
        index = "products_total"
    else:
        order = ("p.sort_ar" if f.lang == "ar" else "p.sort_en", "p.pk")
        index = "products_sort_ar" if f.lang == "ar" else "products_sort_en"
    return _Plan(
        where=" AND ".join(where) or "1",
        params=tuple(params),
        order=order,
        descending=f.descending,
        sort_location=sort_location,
        sort_bit=_location_bit(conn, sort_location) if sort_location else None,
        stocked_where=" AND ".join(stocked_where) or "1",
        stocked_params=tuple(stocked_params),
        only_stocked=only_stocked,
        stocks_count=stocks_count,
        sort_index=index,
        search=None if search is None or search.everything else search,
        known_count=known_count,
    )


def _direction(desc: bool) -> str:
    return " DESC" if desc else ""


Memo = Callable[[object, Callable[[], Any]], Any]


class GridMixin(CacheBase):
    # ------------------------------------------------------------------ count
    def stock_grid_count(self, filter: GridFilter) -> int:
        """How many rows `filter` selects (the sort does not change it). Memoised until the
        next write (the view asks again on every reset)."""
        conn = self._database.conn()
        return self._count(conn, _plan(conn, filter, self._memo))

    def _count(self, conn: sqlite3.Connection, plan: _Plan) -> int:
        if plan.known_count is not None:
            return plan.known_count  # counted from its parts (FTS or index range counts)
        if (
            plan.sort_location is None
            and plan.stocks_count is None
            and _expensive(plan)
            and not _wide(plan)
        ):
            # the page will need the whole ordered selection anyway: count it
            return len(self._memo(("order", plan), lambda: self._ordered_keys(conn, plan, 0, -1)))

        def compute() -> int:
            sql, params = plan.stocks_count or (
                f"SELECT count(*) FROM products p WHERE {plan.where}",
                plan.params,
            )
            return int(conn.execute(sql, params).fetchone()[0])

        return self._memo(("count", plan.where, plan.params), compute)

    # ------------------------------------------------------------------ page
    def stock_grid_page(self, filter: GridFilter, offset: int, limit: int) -> list[GridRow]:
        """Rows [offset, offset + limit) of the grid in `filter`'s order.

        Plain filters walk a covering sort index with LIMIT/OFFSET. Filters that select
        through a subquery (search, per-location stock conditions, pending/conflicts) must
        read the whole selection to sort it anyway: their ordered key list is computed once
        and memoised until the next write, so scrolling or jumping around costs a slice."""
        conn = self._database.conn()
        plan = _plan(conn, filter, self._memo)
        offset, limit = max(0, offset), max(0, limit)
        top = (
            plan.sort_location is None
            and plan.search is not None
            and offset + limit <= WALK_ROWS
            and self._broad(conn, plan)
        )
        if (
            plan.sort_location is None
            and plan.search is not None
            and plan.search.keys_subquery
            and (top or (offset == 0 and plan.known_count is not None))
            and self._count(conn, plan) <= TOP_SORT_ROWS
        ):
            # a selection of pks (FTS) up to mid size: a top-N sort of its rows looked up by
            # pk costs ~1 us a row; walking the name index to the first page can pass most
            # of the index ("pr": every "Premium …" sorts after 60% of it), and the whole
            # ordered selection is only needed once the user scrolls (the first page of a
            # search whose count came from its parts is sorted alone)
            return self._rows_for(self._ordered_keys(conn, plan, offset, limit, "sort"))
        if not top and _expensive(plan):
            keys = self._memo(("order", plan), lambda: self._ordered_keys(conn, plan, 0, -1))
            return self._rows_for(keys[offset : offset + limit])
        return self._rows_for(self._ordered_keys(conn, plan, offset, limit, "walk" if top else ""))

    def _broad(self, conn: sqlite3.Connection, plan: _Plan) -> bool:
        """A search matching many products: its top pages are read without sorting the
        whole selection (walking the covering sort index and testing each entry, or a
        top-N sort of a mid-size FTS selection)."""
        return _wide(plan) and self._count(conn, plan) > BROAD_SEARCH_ROWS

    def _ordered_keys(
        self,
        conn: sqlite3.Connection,
        plan: _Plan,
        offset: int,
        limit: int,
        how: str = "",
    ) -> list[int]:
        """Product pks in grid order, [offset, offset + limit) (limit -1: to the end).
        `how`: "walk" the covering sort index, "sort" the selection (no index for p:
        pks come from the search's subquery), or "" to let SQLite choose."""
        if plan.sort_location is None:
            d = _direction(plan.descending)
            if how != "walk" and plan.where == _FTS_CONDITION:
                # only a names search: join its matches to their name keys (schema v9),
                # no IN list of pks, no row of `products` read
                names = plan.sort_index in ("products_sort_ar", "products_sort_en")
                return [
                    r[0]
                    for r in conn.execute(
                        "SELECT p.pk FROM products_fts CROSS JOIN products p"
                        + (" INDEXED BY products_name_keys" if names else "")
                        + " ON p.pk = products_fts.rowid WHERE products_fts MATCH ?"
                        + " ORDER BY "
                        + ", ".join(e + d for e in plan.order)
                        + " LIMIT ? OFFSET ?",
                        (*plan.params, limit, offset),
                    )
                ]
            indexed = {"walk": f" INDEXED BY {plan.sort_index}", "sort": " NOT INDEXED"}.get(
                how, ""
            )
            return [
                r[0]
                for r in conn.execute(
                    f"SELECT p.pk FROM products p{indexed} WHERE {plan.where} ORDER BY "
                    + ", ".join(e + d for e in plan.order)
                    + " LIMIT ? OFFSET ?",
                    (*plan.params, limit, offset),
                )
            ]
        stocked = self._stocked_count(conn, plan)
        pks: list[int] = []
        if offset < stocked:
            take = stocked - offset if limit < 0 else min(limit, stocked - offset)
            pks += self._stocked_page(conn, plan, offset, take)
        rest = -1 if limit < 0 else limit - len(pks)
        if rest != 0 and not plan.only_stocked:
            pks += [
                r[0]
                for r in conn.execute(
                    f"SELECT p.pk FROM products p WHERE {plan.where} AND {_unstocked(plan)}"
                    " ORDER BY p.pk LIMIT ? OFFSET ?",
                    (*plan.params, *_unstocked_params(plan), rest, max(0, offset - stocked)),
                )
            ]
        return pks

    def _stocked_count(self, conn: sqlite3.Connection, plan: _Plan) -> int:
        """Rows of the location-sorted part (memoised: paging asks for it on every page)."""
        key = ("stocked", plan.sort_location, plan.stocked_where, plan.stocked_params)
        return self._memo(key, lambda: self._compute_stocked_count(conn, plan))

    def _compute_stocked_count(self, conn: sqlite3.Connection, plan: _Plan) -> int:
        sql = (
            f"SELECT count(*) FROM {_stocked_from(plan)}"
            f" WHERE ss.location_id = ? AND {plan.stocked_where}"
        )
        return int(conn.execute(sql, (plan.sort_location, *plan.stocked_params)).fetchone()[0])

    def _stocked_page(
        self, conn: sqlite3.Connection, plan: _Plan, offset: int, limit: int
    ) -> list[int]:
        d = _direction(plan.descending)
        order = f"ss.is_infinite{d}, ss.available_quantity{d}, ss.product_pk{d}"
        return [
            r[0]
            for r in conn.execute(
                f"SELECT ss.product_pk FROM {_stocked_from(plan)}"
                f" WHERE ss.location_id = ? AND {plan.stocked_where}"
                f" ORDER BY {order} LIMIT ? OFFSET ?",
                (plan.sort_location, *plan.stocked_params, limit, offset),
            )
        ]

    def grid_rows(self, product_ids: list[str]) -> list[GridRow]:
        """Grid rows for given products (e.g. to refresh edited rows), in the given order."""
        if not product_ids:
            return []
        marks = ",".join("?" * len(product_ids))
        conn = self._database.conn()
        by_id = dict(
            conn.execute(f"SELECT id, pk FROM products WHERE id IN ({marks})", product_ids)
        )
        return self._rows_for([by_id[i] for i in product_ids if i in by_id])

    def _rows_for(self, pks: list[int]) -> list[GridRow]:
        if not pks:
            return []
        conn = self._database.conn()
        marks = ",".join("?" * len(pks))
        products = {
            r[0]: r
            for r in conn.execute(
                "SELECT pk, id, name_ar, name_en, sku, barcode, parent_id, is_infinite,"
                f" total_qty, total_infinite FROM products WHERE pk IN ({marks})",
                pks,
            )
        }
        ids = [products[pk][1] for pk in pks if pk in products]
        cells: dict[str, dict[str, Cell]] = {i: {} for i in ids}
        for pid, lid, qty, inf, pending, conflict in conn.execute(
            "SELECT product_id, location_id, available_quantity, is_infinite, pending, conflict"
            f" FROM stocks WHERE product_id IN ({','.join('?' * len(ids))})",
            ids,
        ):
            cells[pid][lid] = Cell(qty, bool(inf), pending > 0, conflict > 0)
        rows: list[GridRow] = []
        for pk in pks:
            r = products.get(pk)
            if r is None:
                continue
            rows.append(
                GridRow(
                    product_id=r[1],
                    name_ar=r[2],
                    name_en=r[3],
                    sku=r[4],
                    barcode=r[5],
                    parent_id=r[6],
                    is_infinite=bool(r[7]),
                    cells=cells[r[1]],
                    total=int(r[8] or 0),
                    total_infinite=bool(r[9]),
                )
            )
        return rows

    # ------------------------------------------------------------------ row lookup
    def row_index_of(self, product_id: str, filter: GridFilter) -> int | None:
        """The row number of a product under `filter` (None when the filter hides it)."""
        conn = self._database.conn()
        plan = _plan(conn, filter, self._memo)
        if plan.sort_location is not None:
            return self._loc_row_index(conn, plan, product_id)
        key = conn.execute(
            f"SELECT {', '.join(plan.order)} FROM products p WHERE {plan.where} AND p.id = ?",
            (*plan.params, product_id),
        ).fetchone()
        if key is None:
            return None
        op = ">" if plan.descending else "<"
        return int(
            conn.execute(
                f"SELECT count(*) FROM products p WHERE {plan.where}"
                f" AND ({', '.join(plan.order)}) {op} ({', '.join('?' * len(key))})",
                (*plan.params, *key),
            ).fetchone()[0]
        )

    def _loc_row_index(self, conn: sqlite3.Connection, plan: _Plan, product_id: str) -> int | None:
        row = conn.execute(
            f"SELECT p.pk FROM products p WHERE {plan.where} AND p.id = ?",
            (*plan.params, product_id),
        ).fetchone()
        if row is None:
            return None
        pk = row[0]
        key = conn.execute(
            "SELECT is_infinite, available_quantity, product_pk FROM stocks"
            " WHERE location_id = ? AND product_id = ?",
            (plan.sort_location, product_id),
        ).fetchone()
        if key is None:  # after every stocked row, by pk
            before = conn.execute(
                f"SELECT count(*) FROM products p WHERE {plan.where} AND {_unstocked(plan)}"
                " AND p.pk < ?",
                (*plan.params, *_unstocked_params(plan), pk),
            ).fetchone()[0]
            return self._stocked_count(conn, plan) + int(before)
        op = ">" if plan.descending else "<"
        inf, qty, pid = key
        # ORDER BY puts NULL quantities first in ASC and last in DESC: i.e. as the minimum
        low = -(2**63)
        return int(
            conn.execute(
                f"SELECT count(*) FROM {_stocked_from(plan)}"
                f" WHERE ss.location_id = ? AND {plan.stocked_where}"
                f" AND (ss.is_infinite, coalesce(ss.available_quantity, {low}), ss.product_pk)"
                f" {op} (?, ?, ?)",
                (plan.sort_location, *plan.stocked_params, inf, low if qty is None else qty, pid),
            ).fetchone()[0]
        )


def _expensive(plan: _Plan) -> bool:
    """Does the plan select through a subquery or a search (so a page costs a full sort)?"""
    where = plan.where if plan.sort_location is None else plan.stocked_where
    return plan.search is not None or " IN (" in where


def _wide(plan: _Plan) -> bool:
    """A search whose parts match more than BROAD_SEARCH_ROWS products: its first pages
    are read without the whole ordered selection."""
    return plan.search is not None and plan.search.estimate > BROAD_SEARCH_ROWS


def _stocked_from(plan: _Plan) -> str:
    """Walk the location's stocks, joining products only when a condition needs them."""
    if re.search(r"\bp\.", plan.stocked_where):
        return "stocks ss JOIN products p ON p.pk = ss.product_pk"
    return "stocks ss"


def _unstocked(plan: _Plan) -> str:
    if plan.sort_bit is not None:
        return "p.loc_mask & ? = 0"
    return "p.pk NOT IN (SELECT product_pk FROM stocks WHERE location_id = ?)"


def _unstocked_params(plan: _Plan) -> tuple:
    if plan.sort_bit is not None:
        return (1 << plan.sort_bit,)
    return (plan.sort_location,)
