"""Recomputing displayed stock values from the remote value and the active outbox changes.

Rule (also in the Cache docstring): displayed = the value of the last active SET (or the
remote value when there is none) plus every active ADJUST queued after it. Active states:
queued, sending, failed, conflict. `pending` counts queued/sending/failed changes,
`conflict` counts conflicts. Works on the pairs listed in the temp table `_pairs`.

Set-based: the new values of every listed cell (and then the totals of every touched
product) are computed by one grouped SELECT into a temp table and written by one
UPDATE ... FROM that only touches rows whose values change, so 100,000 cells cost a few
B-tree passes instead of 100,000 statements (bench/enqueue_100k.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

_ACTIVE = "('queued', 'sending', 'failed', 'conflict')"

_TEMP_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS _pairs ("
    " product_id TEXT NOT NULL, location_id TEXT NOT NULL,"
    " PRIMARY KEY (product_id, location_id)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS _touched (product_id TEXT PRIMARY KEY)",
    # the new values of the cells in `_pairs`
    "CREATE TEMP TABLE IF NOT EXISTS _cells ("
    " product_id TEXT NOT NULL, location_id TEXT NOT NULL, quantity INTEGER,"
    " infinite INTEGER, pending INTEGER, conflict INTEGER,"
    " PRIMARY KEY (product_id, location_id)) WITHOUT ROWID",
    # the new totals of the products in `_touched` whose totals or mask change
    "CREATE TEMP TABLE IF NOT EXISTS _totals ("
    " pk INTEGER PRIMARY KEY, total_qty INTEGER, total_infinite INTEGER, loc_mask INTEGER,"
    " totals_changed INTEGER NOT NULL, mask_changed INTEGER NOT NULL)",
)

# One pass over the active outbox rows of each listed cell (index outbox_pair), in the
# order of `_pairs`; the adjustments after the last SET are summed only where there are any.
# Only the cells whose values change are kept.
_CELL_VALUES = f"""
INSERT INTO temp._cells (product_id, location_id, quantity, infinite, pending, conflict)
SELECT product_id, location_id, quantity, infinite, pending, conflict FROM (
SELECT product_id, location_id, old_quantity, old_infinite, old_pending, old_conflict,
       CASE WHEN n_active = 0 THEN
                CASE WHEN remote_infinite THEN NULL ELSE remote_quantity END
            WHEN last_set IS NOT NULL THEN set_value + delta
            WHEN remote_infinite THEN NULL
            ELSE coalesce(remote_quantity, 0) + delta END AS quantity,
       CASE WHEN n_active = 0 OR last_set IS NULL THEN remote_infinite
            ELSE set_value IS NULL END AS infinite,
       n_pending AS pending, n_conflict AS conflict
FROM (
    SELECT g.*,
           (SELECT value FROM outbox WHERE id = g.last_set) AS set_value,
           CASE WHEN g.n_adjust = 0 THEN 0 ELSE (
               SELECT coalesce(sum(o.value), 0) FROM outbox o
               WHERE o.product_id = g.product_id AND o.location_id = g.location_id
                 AND o.state IN {_ACTIVE} AND o.kind = 'adjust'
                 AND o.id > coalesce(g.last_set, 0)) END AS delta
    FROM (
        SELECT p.product_id, p.location_id, s.remote_quantity, s.remote_infinite,
               s.available_quantity AS old_quantity, s.is_infinite AS old_infinite,
               s.pending AS old_pending, s.conflict AS old_conflict,
               count(o.id) AS n_active,
               max(CASE WHEN o.kind = 'set' THEN o.id END) AS last_set,
               coalesce(sum(o.kind = 'adjust'), 0) AS n_adjust,
               coalesce(sum(o.state IN ('queued', 'sending', 'failed')), 0) AS n_pending,
               coalesce(sum(o.state = 'conflict'), 0) AS n_conflict
        FROM temp._pairs p
        CROSS JOIN stocks s ON s.product_id = p.product_id AND s.location_id = p.location_id
        LEFT JOIN outbox o ON o.product_id = p.product_id AND o.location_id = p.location_id
                          AND +o.state IN {_ACTIVE}
        GROUP BY p.product_id, p.location_id
    ) AS g
)
)
WHERE quantity IS NOT old_quantity OR infinite IS NOT old_infinite
   OR pending IS NOT old_pending OR conflict IS NOT old_conflict
"""

# An upsert so the loop runs over `_cells` (UPDATE ... FROM scans all of `stocks`); every
# row of `_cells` is an existing stock row, so it always takes the DO UPDATE branch.
_WRITE_CELLS = """
INSERT INTO stocks (product_id, location_id, available_quantity, is_infinite, pending, conflict)
SELECT product_id, location_id, quantity, infinite, pending, conflict FROM temp._cells WHERE 1
ON CONFLICT (product_id, location_id) DO UPDATE SET
    available_quantity = excluded.available_quantity, is_infinite = excluded.is_infinite,
    pending = excluded.pending, conflict = excluded.conflict
"""

_PRODUCT_TOTALS = """
INSERT INTO temp._totals (pk, total_qty, total_infinite, loc_mask, totals_changed, mask_changed)
SELECT pk, q, i, m, q IS NOT old_q OR i IS NOT old_i, m IS NOT old_m FROM (
    SELECT p.pk, p.total_qty AS old_q, p.total_infinite AS old_i, p.loc_mask AS old_m,
           coalesce(sum(CASE WHEN s.is_infinite = 0 THEN s.available_quantity END), 0) AS q,
           coalesce(max(s.is_infinite), 0) AS i,
           coalesce(sum(1 << l.bit), 0) AS m
    FROM temp._touched t
    CROSS JOIN products p ON p.id = t.product_id
    LEFT JOIN stocks s ON s.product_id = t.product_id
    LEFT JOIN locations l ON l.id = s.location_id
    GROUP BY t.product_id
)
WHERE q IS NOT old_q OR i IS NOT old_i OR m IS NOT old_m
"""


def prepare_temp(conn: sqlite3.Connection) -> None:
    for sql in _TEMP_TABLES:
        conn.execute(sql)


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
    conn.execute("DELETE FROM temp._cells")
    conn.execute(_CELL_VALUES)
    conn.execute(_WRITE_CELLS)
    conn.execute("DELETE FROM temp._cells")
    conn.execute("INSERT OR IGNORE INTO temp._touched SELECT product_id FROM temp._pairs")
    recompute_totals(conn)
    conn.execute("DELETE FROM temp._pairs")


def recompute_totals(conn: sqlite3.Connection) -> None:
    """Product totals (finite sum, any infinite, location mask) for the products in
    `_touched`, computed in one grouped pass; only changed rows are written (every sort
    index carries loc_mask). Empties `_touched`."""
    prepare_temp(conn)
    conn.execute("DELETE FROM temp._totals")
    conn.execute(_PRODUCT_TOTALS)
    # two statements: SQLite rewrites every index holding an assigned column
    conn.execute(
        "UPDATE products SET"
        " total_qty = (SELECT t.total_qty FROM temp._totals t WHERE t.pk = products.pk),"
        " total_infinite = (SELECT t.total_infinite FROM temp._totals t"
        "                   WHERE t.pk = products.pk)"
        " WHERE pk IN (SELECT pk FROM temp._totals WHERE totals_changed)"
    )
    conn.execute(
        "UPDATE products SET"
        " loc_mask = (SELECT t.loc_mask FROM temp._totals t WHERE t.pk = products.pk)"
        " WHERE pk IN (SELECT pk FROM temp._totals WHERE mask_changed)"
    )
    conn.execute("DELETE FROM temp._totals")
    conn.execute("DELETE FROM temp._touched")
