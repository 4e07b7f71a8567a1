"""Caches of formatted references, so a repeated styled export skips citeproc-py.

citeproc-py formats a few hundred references a second; a cache keeps each paper's
formatted reference (HTML, as citeproc-py's html formatter writes it) per style, valid
while ``paper.modified`` is unchanged. Plain text and Markdown are derived from the HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from sqlite_utils import Database

TABLE = "formatted_refs"
DDL = (
    "CREATE TABLE IF NOT EXISTS formatted_refs (paper_id INTEGER, style TEXT, modified TEXT, "
    "text TEXT, PRIMARY KEY (paper_id, style))"
)
CacheRow = tuple[int, str, str, str]  # paper_id, style, modified, text


@runtime_checkable
class RefCache(Protocol):
    """Where formatted references are kept between exports."""

    def get(self, paper_id: int, style: str, modified: str) -> str | None:
        """The cached text, or None when absent or stored for another ``modified``."""

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        """Store (paper_id, style, modified, text) rows, replacing older ones."""


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

    def put_many(self, rows: Iterable[CacheRow]) -> None:
        """See :meth:`RefCache.put_many`; one transaction for all rows."""
        with self.db.atomic():  # a savepoint inside an open transaction
            self.db.conn.executemany(
                f"INSERT OR REPLACE INTO {TABLE} (paper_id, style, modified, text) "
                "VALUES (?, ?, ?, ?)",
                list(rows),
            )
