"""The Stock view's queries: count, a page of products x locations, and row lookup.

A page is three cheap queries: the page's product keys (filter + ORDER BY on an index,
LIMIT/OFFSET over keys only), their product columns, and their stock cells in one IN query;
the pivot to {location_id: Cell} happens in Python for at most `limit` rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from zid_desk.cache._db import CacheBase
from zid_desk.cache.records import Cell, GridFilter, GridRow
from zid_desk.cache.text import code_key, fts_query, prefix_upper_bound


@dataclass(frozen=True, slots=True)
class _Sql:
    from_: str
    where: str
    params: tuple
    order: tuple[str, ...]  # sort expressions, last one is p.pk
    descending: bool


def _build(f: GridFilter) -> _Sql:
    joins = ["products p"]
    where: list[str] = []
    params: list[object] = []
    sort_loc = f.sort_key[4:] if f.sort_key.startswith("loc:") else None

    loc_alias = None
    if f.location_id:
        joins.append("JOIN stocks sl ON sl.product_id = p.id AND sl.location_id = ?")
        params.append(f.location_id)
        loc_alias = "sl"
    sort_alias = None
    if sort_loc:
        if sort_loc == f.location_id:
            sort_alias = "sl"
        else:
            joins.append("LEFT JOIN stocks ss ON ss.product_id = p.id AND ss.location_id = ?")
            params.append(sort_loc)
            sort_alias = "ss"

    if f.search.strip():
        parts: list[str] = []
        q = fts_query(f.search)
        if q:
            parts.append("SELECT rowid FROM products_fts WHERE products_fts MATCH ?")
            params.append(q)
        key = code_key(f.search)
        if key:
            parts.append("SELECT pk FROM products WHERE sku_key >= ? AND sku_key < ?")
            parts.append("SELECT pk FROM products WHERE barcode_key >= ? AND barcode_key < ?")
            params.extend([key, prefix_upper_bound(key), key, prefix_upper_bound(key)])
        where.append(f"p.pk IN ({' UNION '.join(parts)})" if parts else "0")

    if loc_alias:
        qty, inf = f"{loc_alias}.available_quantity", f"{loc_alias}.is_infinite"
    else:
        qty, inf = "p.total_qty", "p.total_infinite"
    if f.low_stock_threshold is not None:
        where.append(f"{inf} = 0 AND coalesce({qty}, 0) <= ?")
        params.append(f.low_stock_threshold)
    if f.out_of_stock:
        where.append(f"{inf} = 0 AND coalesce({qty}, 0) <= 0")

    for flag, wanted in (("pending", f.pending_only), ("conflict", f.conflicts_only)):
        if not wanted:
            continue
        if loc_alias:
            where.append(f"{loc_alias}.{flag} > 0")
        else:
            where.append(f"p.id IN (SELECT product_id FROM stocks WHERE {flag} > 0)")

    if sort_alias:
        order: tuple[str, ...] = (
            f"coalesce({sort_alias}.is_infinite, -1)",
            f"coalesce({sort_alias}.available_quantity, 0)",
            "p.pk",
        )
    elif f.sort_key == "sku":
        order = ("p.sku_key", "p.pk")
    elif f.sort_key == "barcode":
        order = ("p.barcode_key", "p.pk")
    elif f.sort_key == "total":
        order = ("p.total_infinite", "p.total_qty", "p.pk")
    else:
        order = ("p.sort_ar" if f.lang == "ar" else "p.sort_en", "p.pk")
    return _Sql(
        from_=" ".join(joins),
        where=" AND ".join(where) or "1",
        params=tuple(params),
        order=order,
        descending=f.descending,
    )


def _order_by(sql: _Sql) -> str:
    direction = " DESC" if sql.descending else ""
    return ", ".join(expr + direction for expr in sql.order)


class GridMixin(CacheBase):
    def stock_grid_count(self, filter: GridFilter) -> int:
        """How many rows `filter` selects."""
        sql = _build(filter)
        if sql.where == "1" and sql.from_ == "products p":
            return int(self._scalar("SELECT count(*) FROM products") or 0)
        return int(
            self._scalar(f"SELECT count(*) FROM {sql.from_} WHERE {sql.where}", sql.params) or 0
        )

    def stock_grid_page(self, filter: GridFilter, offset: int, limit: int) -> list[GridRow]:
        """Rows [offset, offset + limit) of the grid in `filter`'s order."""
        sql = _build(filter)
        conn = self._database.conn()
        pks = [
            r[0]
            for r in conn.execute(
                f"SELECT p.pk FROM {sql.from_} WHERE {sql.where}"
                f" ORDER BY {_order_by(sql)} LIMIT ? OFFSET ?",
                (*sql.params, max(0, limit), max(0, offset)),
            )
        ]
        return self._rows_for(pks)

    def grid_rows(self, product_ids: list[str]) -> list[GridRow]:
        """Grid rows for given products (e.g. to refresh edited rows), in the given order."""
        if not product_ids:
            return []
        marks = ",".join("?" * len(product_ids))
        conn = self._database.conn()
        by_id = {
            r[1]: r[0]
            for r in conn.execute(f"SELECT pk, id FROM products WHERE id IN ({marks})", product_ids)
        }
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

    def row_index_of(self, product_id: str, filter: GridFilter) -> int | None:
        """The row number of a product under `filter` (None when the filter hides it)."""
        sql = _build(filter)
        conn = self._database.conn()
        key = conn.execute(
            f"SELECT {', '.join(sql.order)} FROM {sql.from_} WHERE {sql.where} AND p.id = ?",
            (*sql.params, product_id),
        ).fetchone()
        if key is None:
            return None
        op = ">" if sql.descending else "<"
        before = conn.execute(
            f"SELECT count(*) FROM {sql.from_} WHERE {sql.where}"
            f" AND ({', '.join(sql.order)}) {op} ({', '.join('?' * len(key))})",
            (*sql.params, *key),
        ).fetchone()[0]
        return int(before)
