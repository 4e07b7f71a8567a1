"""Caches of formatted references, so a repeated styled export skips the CSL engine.

The engine formats a few hundred references a second; a cache keeps each paper's
formatted reference (the engine's inline HTML) per style and engine, valid while its
stamp is unchanged: a digest of the CSL item the engine saw and of the style (plus the
group it was disambiguated with; see
:func:`paperdesk.export.formatting.item_digest`), so edits the engine never sees (a
note, stars, tags, read state) keep it. The stamp lives in the ``modified`` column (its
name from when it held the paper's modification time). Plain text and Markdown are
derived from the HTML. :meth:`get_many` reads a whole export's
references in a few queries, so a repeated export of 20,000 papers is a cache read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from sqlite_utils import Database

TABLE = "formatted_refs"
DDL = (
    "CREATE TABLE IF NOT EXISTS formatted_refs (paper_id INTEGER, style TEXT, modified TEXT, "
    "text TEXT, PRIMARY KEY (paper_id, style))"
)
CacheRow = tuple[int, str, str, str]  # paper_id, style, stamp, text
_CHUNK = 500  # ids per query (SQLite's variable limit is 999 on old builds)


@runtime_checkable
class RefCache(Protocol):
    """Where formatted references are kept between exports."""

    def get(self, paper_id: int, style: str, modified: str) -> str | None:
        """The cached text, or None when absent or stored for another ``modified``."""

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        """Store (paper_id, style, modified, text) rows, replacing older ones."""


def cached_many(cache: RefCache, style: str, wanted: Sequence[tuple[int, str]]) -> dict[int, str]:
    """The cached texts of (paper_id, modified) pairs that are present and current, by
    paper id: one :meth:`get_many` call when the cache has it, else one ``get`` each."""
    get_many = getattr(cache, "get_many", None)
    if get_many is not None:
        return dict(get_many(style, wanted))
    found = {}
    for paper_id, modified in wanted:
        text = cache.get(paper_id, style, modified)
        if text is not None:
            found[paper_id] = text
    return found


class MemoryRefCache:
    """A dict-backed cache for one session (and for tests)."""

    def __init__(self) -> None:
        self.rows: dict[tuple[int, str], tuple[str, str]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, paper_id: int, style: str, modified: str) -> str | None:
        """See :meth:`RefCache.get`."""
        row = self.rows.get((paper_id, style))
        if row is None or row[0] != modified:
            self.misses += 1
            return None
        self.hits += 1
        return row[1]

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        """See :meth:`RefCache.put_many`."""
        for paper_id, style, modified, text in rows:
            self.rows[(paper_id, style)] = (modified, text)


class SqliteRefCache:
    """The ``formatted_refs`` table of a library database (created by the library's
    migration; :meth:`ensure_table` creates it for standalone use)."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_table(self) -> None:
        """Create the table when it does not exist."""
        self.db.execute(DDL)

    def get(self, paper_id: int, style: str, modified: str) -> str | None:
        """See :meth:`RefCache.get`."""
        row = self.db.execute(
            f"SELECT text FROM {TABLE} WHERE paper_id = ? AND style = ? AND modified = ?",
            [paper_id, style, modified],
        ).fetchone()
        return None if row is None else row[0]

    def get_many(self, style: str, wanted: Sequence[tuple[int, str]]) -> dict[int, str]:
        """See :func:`cached_many`: current texts by paper id, 500 ids a query."""
        found: dict[int, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = dict(wanted[start : start + _CHUNK])
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT paper_id, modified, text FROM {TABLE} "
                f"WHERE style = ? AND paper_id IN ({marks})",
                [style, *chunk],
            )
            for paper_id, modified, text in rows:
                if chunk.get(paper_id) == modified:
                    found[paper_id] = text
        return found

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        """See :meth:`RefCache.put_many`; one transaction for all rows."""
        with self.db.atomic():  # a savepoint inside an open transaction
            self.db.conn.executemany(
                f"INSERT OR REPLACE INTO {TABLE} (paper_id, style, modified, text) "
                "VALUES (?, ?, ?, ?)",
                list(rows),
            )
