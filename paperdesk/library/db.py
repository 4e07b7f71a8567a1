"""Opening the SQLite database and turning SQLite failures into clear errors."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from paperdesk.errors import LibraryError
from paperdesk.library.database import Database

if TYPE_CHECKING:
    import sqlite_utils

DB_NAME = "library.sqlite"
#: the reason given for a full disk (by :func:`sqlite_error` and :func:`os_reason`)
DISK_FULL = "the disk is full"


def now() -> str:
    """The current time as an ISO-8601 UTC string with microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def connect(path: Path, readonly: bool = False, immutable: bool = False
            ) -> sqlite_utils.Database:
    """Open ``path`` with WAL, ``synchronous=NORMAL`` and foreign keys on.

    ``immutable``: the file sits on storage nobody can write (a read-only mount), so
    SQLite must not try to create its shared-memory file beside it.
    """
    busy_ms = int(os.environ.get("PAPERDESK_BUSY_TIMEOUT_MS", "30000"))
    try:
        if readonly:
            conn = _open_read_only(path, immutable)
        else:
            conn = sqlite3.connect(str(path), check_same_thread=False, timeout=busy_ms / 1000)
        db = Database(conn)  # sqlite-utils' API, imported on first use of its tables
        if not readonly:
            _wal(conn, busy_ms)
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA busy_timeout={busy_ms}")
        # A cheap read that fails early on a file that is not a database.
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise sqlite_error(exc, path) from exc
    return db


def _wal(conn: sqlite3.Connection, busy_ms: int) -> None:
    """Put the library in WAL mode, waiting up to ``busy_ms`` for another process doing
    the same: two processes opening a new library at once can each hold the lock the
    other needs, and SQLite then answers "database is locked" at once, without waiting
    (about 1 time in 60 in a test of two processes)."""
    deadline = time.monotonic() + busy_ms / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _open_read_only(path: Path, immutable: bool) -> sqlite3.Connection:
    """A read-only connection; on storage nobody can write (``immutable``) SQLite may be
    unable to make the shared-memory file WAL needs, so then the file is read as is."""
    uri = f"file:{quote(str(path))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    if not immutable:
        return conn
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=False)


#: said while a library held locked by another program is waited for
LOCKED_MESSAGE = "waiting: another program holds the library locked…"


def locked_elsewhere(path: Path) -> bool:
    """True when another program holds the database locked even against readers (SQLite's
    exclusive locking mode): opening it then waits the busy timeout (30 s) in silence."""
    if not path.is_file():
        return False
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=0.05)
    except sqlite3.Error:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc).lower() or "busy" in str(exc).lower()
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def sqlite_error(exc: sqlite3.Error, path: Path | str) -> LibraryError:
    """A :class:`LibraryError` with a message a user can act on."""
    text = str(exc).lower()
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError) \
            and ("malformed" in text or "not a database" in text):
        reason = "the library file is damaged: " + restore_hint(Path(path))
    elif "locked" in text or "busy" in text:
        reason = "the library is locked by another program (is PaperDesk open elsewhere?)"
    elif "readonly" in text or "read-only" in text or "attempt to write" in text:
        reason = "the library is read-only (check the folder's permissions)"
    elif "disk is full" in text or "full" in text and "database" in text:
        reason = DISK_FULL
    elif "not a database" in text or "malformed" in text or "corrupt" in text:
        reason = "the library file is damaged: " + restore_hint(Path(path))
    elif "disk i/o" in text:
        reason = "the disk could not be read or written (disk I/O error)"
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


def restore_hint(db_path: Path) -> str:
    """What to do about a damaged or missing database: the newest copy in ``backups/``."""
    folder = db_path.parent / "backups"
    copies = sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime) \
        if folder.is_dir() else []
    if copies:
        return (f"restore it from a backup, e.g. copy {copies[-1]} to {db_path.parent / DB_NAME}"
                f" ({len(copies)} in {folder})")
    return "restore it from a backup (paperdesk backup makes one)"


def check_database_file(folder: Path, create: bool) -> None:
    """Refuse a missing or empty ``library.sqlite`` in a folder that holds a library's
    index or files: that is a lost database, not a new library."""
    db_path = folder / DB_NAME
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        size = None
    except OSError as exc:
        raise LibraryError(f"{db_path}: cannot be read ({os_reason(exc)})") from exc
    if size is not None and not db_path.is_file():
        raise LibraryError(f"{db_path}: not a regular file")
    if size:
        return
    leftovers = [name for name in ("index", "files", "backups") if _non_empty(folder / name)]
    if leftovers:
        state = "is missing" if size is None else "is empty (0 bytes)"
        raise LibraryError(
            f"{db_path} {state}, but the folder holds a library's {' and '.join(leftovers)}; "
            + restore_hint(db_path))
    if size is None and not create:
        raise LibraryError(f"{folder}: no PaperDesk library here")


def _non_empty(path: Path) -> bool:
    try:
        return path.is_dir() and any(path.iterdir())
    except OSError:
        return False


def storage_read_only(folder: Path) -> bool:
    """True when the library exists but its folder or database cannot be written (a
    read-only mount or file permissions)."""
    db_path = folder / DB_NAME
    if not db_path.exists():
        return False
    return not (os.access(folder, os.W_OK) and os.access(db_path, os.W_OK))


def before_fault(reason: str) -> str:
    """How a message on work stopped part-way by the fault ``reason`` (a one-line error)
    says when what was kept was kept: "before the disk filled", or "before that"."""
    return "before the disk filled" if DISK_FULL in reason else "before that"


def os_reason(exc: BaseException) -> str:
    """A short reason for an OS error: "the disk is full", "permission denied", …"""
    code = getattr(exc, "errno", None)
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return DISK_FULL
    if code == errno.EROFS:
        return "read-only storage"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.ENOENT:
        return "no such file or folder"
    if code == errno.ENOTDIR:
        return "not a folder"
    if code == errno.EISDIR:
        return "is a folder"
    return getattr(exc, "strerror", None) or str(exc)


@contextmanager
def os_errors(where: Path | str) -> Iterator[None]:
    """Turn :class:`OSError` raised inside the block into a one-line :class:`LibraryError`."""
    try:
        yield
    except OSError as exc:
        raise LibraryError(f"{where}: {os_reason(exc)}") from exc
