"""Recomputing displayed stock values from the remote value and the active outbox changes.

Rule (also in the Cache docstring): displayed = the value of the last active SET (or the
remote value when there is none) plus every active ADJUST queued after it. Active states:
queued, sending, failed, conflict. `pending` counts queued/sending/failed changes,
`conflict` counts conflicts. Works on the pairs listed in the temp table `_pairs`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_ACTIVE = "('queued', 'sending', 'failed', 'conflict')"


def prepare_temp(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _pairs ("
        " product_id TEXT NOT NULL, location_id TEXT NOT NULL,"
        " PRIMARY KEY (product_id, location_id)) WITHOUT ROWID"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS _touched (product_id TEXT PRIMARY KEY)")


def add_pairs(conn: sqlite3.Connection, pairs: Iterable[tuple[str, str]]) -> None:
    prepare_temp(conn)
    conn.executemany("INSERT OR IGNORE INTO temp._pairs VALUES (?, ?)", pairs)


def add_pairs_sql(conn: sqlite3.Connection, select_sql: str, params: tuple = ()) -> None:
    """Add the (product_id, location_id) rows a SELECT returns."""
    prepare_temp(conn)
    conn.execute(f"INSERT OR IGNORE INTO temp._pairs {select_sql}", params)


def recompute_pairs(conn: sqlite3.Connection) -> None:
    """Recompute displayed values, pending and conflict flags of `_pairs`, then the product
    totals of the products involved (plus those in `_touched`); empties both tables."""
    prepare_temp(conn)
    conn.execute(
        "UPDATE stocks SET available_quantity = CASE WHEN remote_infinite THEN NULL"
        " ELSE remote_quantity END, is_infinite = remote_infinite, pending = 0, conflict = 0"
        " WHERE (product_id, location_id) IN (SELECT product_id, location_id FROM temp._pairs)"
    )
    rows = conn.execute(
        f"""
        SELECT CASE
                 WHEN x.last_set IS NOT NULL THEN
                     CASE WHEN x.set_value IS NULL THEN NULL ELSE x.set_value + x.delta END
                 WHEN s.remote_infinite THEN NULL
                 ELSE coalesce(s.remote_quantity, 0) + x.delta END,
               CASE WHEN x.last_set IS NOT NULL THEN x.set_value IS NULL
                    ELSE s.remote_infinite END,
               x.n_pending, x.n_conflict, x.product_id, x.location_id
        FROM (
            SELECT a.product_id, a.location_id, a.last_set, a.n_pending, a.n_conflict,
                   (SELECT value FROM outbox WHERE id = a.last_set) AS set_value,
                   (SELECT coalesce(sum(o.value), 0) FROM outbox o
                     WHERE o.product_id = a.product_id AND o.location_id = a.location_id
                       AND o.state IN {_ACTIVE} AND o.kind = 'adjust'
                       AND o.id > coalesce(a.last_set, 0)) AS delta
            FROM (
                SELECT o.product_id, o.location_id,
                       max(CASE WHEN o.kind = 'set' THEN o.id END) AS last_set,
                       sum(o.state IN ('queued', 'sending', 'failed')) AS n_pending,
                       sum(o.state = 'conflict') AS n_conflict
                FROM temp._pairs p
                CROSS JOIN outbox o
                    ON o.product_id = p.product_id AND o.location_id = p.location_id
                WHERE o.state IN {_ACTIVE}
                GROUP BY o.product_id, o.location_id
            ) AS a
        ) AS x
        CROSS JOIN stocks s ON s.product_id = x.product_id AND s.location_id = x.location_id
        """
    ).fetchall()
    conn.executemany(
        "UPDATE stocks SET available_quantity = ?, is_infinite = ?, pending = ?, conflict = ?"
        " WHERE product_id = ? AND location_id = ?",
        rows,
    )
    conn.execute("INSERT OR IGNORE INTO temp._touched SELECT DISTINCT product_id FROM temp._pairs")
    recompute_totals(conn)
    conn.execute("DELETE FROM temp._pairs")


def recompute_totals(conn: sqlite3.Connection) -> None:
    """Product totals (finite sum, any infinite, location mask) for the products in
    `_touched`, computed in one grouped pass; only changed rows are written (every sort
    index carries loc_mask). Empties `_touched`."""
    prepare_temp(conn)
    rows = conn.execute(
        """
        SELECT p.id, p.total_qty, p.total_infinite, p.loc_mask,
               coalesce(sum(CASE WHEN s.is_infinite = 0 THEN s.available_quantity END), 0),
               coalesce(max(s.is_infinite), 0),
               coalesce(sum(1 << l.bit), 0)
        FROM temp._touched t
        JOIN products p ON p.id = t.product_id
        LEFT JOIN stocks s ON s.product_id = t.product_id
        LEFT JOIN locations l ON l.id = s.location_id
        GROUP BY p.id
        """
    ).fetchall()
    # two statements: SQLite rewrites every index holding an assigned column
    conn.executemany(
        "UPDATE products SET total_qty = ?, total_infinite = ? WHERE id = ?",
        [(q, i, pid) for pid, oq, oi, _, q, i, _ in rows if (oq, oi) != (q, i)],
    )
    conn.executemany(
        "UPDATE products SET loc_mask = ? WHERE id = ?",
        [(m, pid) for pid, _, _, om, _, _, m in rows if om != m],
    )
    conn.execute("DELETE FROM temp._touched")
