"""Orders and their items."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date, datetime, time

from zid_desk.cache._db import CacheBase, from_iso, to_iso
from zid_desk.cache.records import OrderFilter, OrderRow
from zid_desk.cache.text import code_key, normalize, prefix_upper_bound
from zid_desk.domain.models import Order, OrderItem

_ORDER_COLS = (
    "id, code, status_code, status_name, payment_status, currency, total, customer_name,"
    " customer_mobile, created_at, updated_at, inventory_location_id, products_count,"
    " search_text"
)


def _order_row(o: Order) -> tuple:
    return (
        o.id,
        o.code,
        o.status_code,
        o.status_name,
        o.payment_status,
        o.currency,
        o.total,
        o.customer_name,
        o.customer_mobile,
        to_iso(o.created_at),
        to_iso(o.updated_at),
        o.inventory_location_id,
        o.products_count or len(o.items),
        " ".join(
            x
            for x in (
                str(o.id),
                code_key(o.code),
                normalize(o.customer_name),
                code_key(o.customer_mobile),
            )
            if x
        ),
    )


def _row(r: sqlite3.Row) -> OrderRow:
    return OrderRow(
        id=r["id"],
        code=r["code"],
        status_code=r["status_code"],
        status_name=r["status_name"],
        payment_status=r["payment_status"],
        currency=r["currency"],
        total=r["total"],
        customer_name=r["customer_name"],
        customer_mobile=r["customer_mobile"],
        created_at=from_iso(r["created_at"]),
        updated_at=from_iso(r["updated_at"]),
        inventory_location_id=r["inventory_location_id"],
        products_count=r["products_count"],
    )


def _bound(value: datetime | date, end: bool) -> str:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.max if end else time.min)
    return to_iso(value) or ""


class OrdersMixin(CacheBase):
    def upsert_orders(self, orders: Iterable[Order]) -> int:
        """Insert or update orders; an order that comes with items replaces its items."""
        orders = list(orders)
        updates = ", ".join(f"{c} = excluded.{c}" for c in _ORDER_COLS.split(", ")[1:])
        with self._database.transaction() as conn:
            conn.executemany(
                f"INSERT INTO orders ({_ORDER_COLS}) VALUES ({','.join('?' * 14)})"
                f" ON CONFLICT (id) DO UPDATE SET {updates}",
                [_order_row(o) for o in orders],
            )
            with_items = [o for o in orders if o.items]
            conn.executemany(
                "DELETE FROM order_items WHERE order_id = ?", [(o.id,) for o in with_items]
            )
            conn.executemany(
                "INSERT INTO order_items (order_id, position, product_id, name, sku, barcode,"
                " quantity, price, total, location_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        o.id,
                        i,
                        it.product_id,
                        it.name,
                        it.sku,
                        it.barcode,
                        it.quantity,
                        it.price,
                        it.total,
                        it.location_id,
                    )
                    for o in with_items
                    for i, it in enumerate(o.items)
                ],
            )
        return len(orders)

    def delete_orders(self, order_ids: Iterable[int]) -> int:
        with self._database.transaction() as conn:
            return conn.executemany(
                "DELETE FROM orders WHERE id = ?", [(i,) for i in order_ids]
            ).rowcount

    def _orders_where(self, f: OrderFilter) -> tuple[str, list[object]]:
        where: list[str] = []
        params: list[object] = []
        if f.status:
            where.append("status_code = ?")
            params.append(f.status)
        if f.payment_status:
            where.append("payment_status = ?")
            params.append(f.payment_status)
        if f.date_from is not None:
            where.append("created_at >= ?")
            params.append(_bound(f.date_from, end=False))
        if f.date_to is not None:
            where.append("created_at <= ?")
            params.append(_bound(f.date_to, end=True))
        text = f.search.strip()
        if text:
            key = code_key(text)
            name = normalize(text)
            where.append(
                "(CAST(id AS TEXT) = ? OR lower(code) >= ? AND lower(code) < ?"
                " OR instr(search_text, ?) > 0 OR instr(search_text, ?) > 0)"
            )
            params += [key, key, prefix_upper_bound(key), name, key]
        return " AND ".join(where) or "1", params

    def orders_count(self, filter: OrderFilter | None = None) -> int:
        where, params = self._orders_where(filter or OrderFilter())
        return int(self._scalar(f"SELECT count(*) FROM orders WHERE {where}", params) or 0)

    def orders_page(
        self, filter: OrderFilter | None = None, offset: int = 0, limit: int = 100
    ) -> list[OrderRow]:
        f = filter or OrderFilter()
        where, params = self._orders_where(f)
        direction = "DESC" if f.descending else "ASC"
        rows = self._query(
            f"SELECT * FROM orders WHERE {where}"
            f" ORDER BY created_at {direction}, id {direction} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [_row(r) for r in rows]

    def order(self, order_id: int) -> Order | None:
        """The full order with its items (domain record)."""
        r = self._one("SELECT * FROM orders WHERE id = ?", (order_id,))
        if r is None:
            return None
        items = self._query(
            "SELECT * FROM order_items WHERE order_id = ? ORDER BY position", (order_id,)
        )
        return Order(
            id=r["id"],
            code=r["code"],
            status_code=r["status_code"],
            status_name=r["status_name"],
            payment_status=r["payment_status"],
            currency=r["currency"],
            total=r["total"],
            customer_name=r["customer_name"],
            customer_mobile=r["customer_mobile"],
            created_at=from_iso(r["created_at"]),
            updated_at=from_iso(r["updated_at"]),
            inventory_location_id=r["inventory_location_id"],
            products_count=r["products_count"],
            items=tuple(
                OrderItem(
                    product_id=i["product_id"],
                    name=i["name"],
                    sku=i["sku"],
                    barcode=i["barcode"],
                    quantity=i["quantity"],
                    price=i["price"],
                    total=i["total"],
                    location_id=i["location_id"],
                )
                for i in items
            ),
        )

    def order_payment_statuses(self) -> list[tuple[str, int]]:
        """(payment_status, count) seen in the cache, most frequent first."""
        return [
            (r[0], r[1])
            for r in self._database.conn().execute(
                "SELECT payment_status, count(*) FROM orders WHERE payment_status != ''"
                " GROUP BY payment_status ORDER BY count(*) DESC, payment_status"
            )
        ]

    def order_statuses(self) -> list[tuple[str, str, int]]:
        """(status_code, status_name, count) seen in the cache, most frequent first."""
        return [
            (r[0], r[1], r[2])
            for r in self._database.conn().execute(
                "SELECT status_code, max(status_name), count(*) FROM orders"
                " GROUP BY status_code ORDER BY count(*) DESC"
            )
        ]
