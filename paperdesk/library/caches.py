"""Caches kept in the library database (phrase vectors, formatted references)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from paperdesk.library.library import Library


class LockedCache:
    """A cache over a library table: reads (``get``, ``get_many``…) on the calling thread's
    connection, ``put_many`` on the writer connection under the write lock, so long work
    (tagging, export) never holds the lock the user's edits need."""

    def __init__(self, lib: Library, make: Callable[[sqlite_utils.Database], Any]) -> None:
        self.lib = lib
        self.reads = make(lib.reader)
        self.writes = make(lib.db)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reads, name)

    def put_many(self, rows: Any) -> None:
        """Store entries (see the wrapped cache's ``put_many``); a read-only library keeps
        none (what it has cached is still read)."""
        if self.lib.read_only:
            return
        with self.lib.write_lock:
            self.writes.put_many(rows)
