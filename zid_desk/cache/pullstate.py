"""Bookkeeping for the sync engine's pull: a resumable full walk and cached remote values.

A full product walk records every product id it has seen, in the same transaction as the
page's upsert and the saved cursor (`sync_state`), so a crash or a cancel mid-walk loses
nothing: the next full pull continues from the saved page, and the deletion pass
(`walk_unseen_ids`) only ever runs on the ids of one complete walk.

The seen ids are `sync_state` rows keyed `pull_walk_seen:<id>` (present only while a walk
is open). A table of their own would be a schema change made while other connections are
open: SQLite then re-prepares their statements, and the FTS5 delete trigger on `products`
was seen failing with "no such table: products" in that window.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from zid_desk.cache._db import CacheBase

_SEEN = "pull_walk_seen:"
_SEEN_END = "pull_walk_seen;"  # the next key after every "pull_walk_seen:..." key


def _in_list(n: int) -> str:
    return ",".join("?" * n)


class PullStateMixin(CacheBase):
    # ------------------------------------------------------------------ resumable walk
    def walk_begin(self) -> None:
        """Start a new full walk: forget the ids seen by any earlier (unfinished) walk."""
        self.walk_end()

    def walk_mark_seen(self, product_ids: Iterable[str]) -> None:
        """Record ids seen by the open walk (join `cache.transaction()` with the page's
        upsert and cursor so the three land together)."""
        with self._database.transaction() as conn:
            conn.executemany(
                "INSERT OR IGNORE INTO sync_state (key, value) VALUES (?, '')",
                [(_SEEN + i,) for i in product_ids],
            )

    def walk_seen_count(self) -> int:
        return int(self._scalar(
            "SELECT count(*) FROM sync_state WHERE key >= ? AND key < ?", (_SEEN, _SEEN_END)
        ))

    def walk_unseen_ids(self) -> list[str]:
        """Cached products the open walk has not seen (deletion candidates once complete)."""
        return [str(r[0]) for r in self._database.conn().execute(
            "SELECT id FROM products p WHERE NOT EXISTS"
            " (SELECT 1 FROM sync_state s WHERE s.key = ? || p.id) ORDER BY id", (_SEEN,)
        )]

    def walk_end(self) -> None:
        with self._database.transaction() as conn:
            conn.execute(
                "DELETE FROM sync_state WHERE key >= ? AND key < ?", (_SEEN, _SEEN_END)
            )

    # ------------------------------------------------------------------ remote values
    def remote_quantities(
        self, product_ids: Sequence[str]
    ) -> dict[tuple[str, str], int | None]:
        """{(product, location): last value seen on Zid} for every cached stock cell of
        `product_ids` (None: infinite), as push needs them after a refresh; cells Zid has no
        stock row for are absent, as in a product's `stocks` from Zid."""
        out: dict[tuple[str, str], int | None] = {}
        ids = list(dict.fromkeys(product_ids))
        conn = self._database.conn()
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            for pid, lid, qty, infinite in conn.execute(
                "SELECT product_id, location_id, remote_quantity, remote_infinite FROM stocks"
                f" WHERE product_id IN ({_in_list(len(chunk))})",
                chunk,
            ):
                if qty is None and not infinite:
                    continue  # a row made locally for an edit: Zid has no stock there yet
                out[(pid, lid)] = None if infinite else qty
        return out
