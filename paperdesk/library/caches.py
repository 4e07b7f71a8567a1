"""Caches kept in the library database (phrase vectors, formatted references)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

    from paperdesk.library.library import Library


log = logging.getLogger(__name__)

#: How long a cache write waits for another writer before it is skipped.
PUT_WAIT_MS = 2000


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
        none (what it has cached is still read), nor does one whose disk is full or that
        another program holds locked past :data:`PUT_WAIT_MS` (a cache only saves time:
        a formatted export of such a library failed, after 33 s for a locked one)."""
        if self.lib.read_only:
            return
        with self.lib.write_lock:
            conn = self.lib.db.conn
            if conn.in_transaction:  # inside an edit: its own errors are the edit's
                self.writes.put_many(rows)
                return
            busy = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
            conn.execute(f"PRAGMA busy_timeout = {min(busy, PUT_WAIT_MS)}")
            try:
                self.writes.put_many(rows)
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.rollback()
                log.info("cache not written: %s", exc)
            finally:
                conn.execute(f"PRAGMA busy_timeout = {busy}")
