"""Opening the SQLite database and turning SQLite failures into clear errors."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from paperdesk.errors import LibraryError

DB_NAME = "library.sqlite"


def now() -> str:
    """The current time as an ISO-8601 UTC string with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: Path, readonly: bool = False) -> sqlite_utils.Database:
    """Open ``path`` with WAL, ``synchronous=NORMAL`` and foreign keys on."""
    busy_ms = int(os.environ.get("PAPERDESK_BUSY_TIMEOUT_MS", "5000"))
    try:
        if readonly:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=busy_ms / 1000)
        db = sqlite_utils.Database(conn)
        if not readonly:
            db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA busy_timeout={busy_ms}")
        # A cheap read that fails early on a file that is not a database.
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from exc
    return db


def sqlite_error(exc: sqlite3.Error, path: Path | str) -> LibraryError:
    """A :class:`LibraryError` with a message a user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        reason = "the library is locked by another program (is PaperDesk open elsewhere?)"
    elif "readonly" in text or "read-only" in text or "attempt to write" in text:
        reason = "the library is read-only (check the folder's permissions)"
    elif "disk is full" in text or "full" in text and "database" in text:
        reason = "the disk is full"
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        reason = "the library file is damaged (restore it from a backup)"
    elif "unable to open" in text:
        reason = "the library cannot be opened (missing folder or no permission)"
    else:
        reason = f"database error: {exc}"
    return LibraryError(f"{path}: {reason}")


@contextmanager
def translate_errors(path: Path | str) -> Iterator[None]:
    """Turn :class:`sqlite3.Error` raised inside the block into :class:`LibraryError`."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from exc
