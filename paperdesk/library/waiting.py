"""Many writers, one library: fair, bounded waits between PaperDesk processes.

SQLite lets one process write at a time. A writer that finds the database busy does not
fail: it registers itself in the library's ``.waiting/`` folder (one small file per
waiting writer, named after its process), says so once through :attr:`WriterQueue.on_wait`
("waiting for another PaperDesk…") and retries until :attr:`WriterQueue.wait_s` runs out.
A long writer (an import) commits in short chunks and, between two chunks, steps aside
while anyone is registered (:meth:`WriterQueue.let_others_in`), so an edit typed during
an import commits within a fraction of a second instead of after the whole file.

One tagging run at a time holds ``.tagging``: a second one waits for it, then tags only
what is left (it used to tag every paper again beside the first).
Importers also hold a shared lock on ``.importing`` while they run; an edit that sees it
(:meth:`WriterQueue.import_running`) indexes only its own papers and leaves the rest of
the queue to the importer.
"""

from __future__ import annotations

import errno
import fcntl
import itertools
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from paperdesk.errors import LibraryError

WAITING_DIR = ".waiting"
IMPORT_LOCK = ".importing"
TAGGING_LOCK = ".tagging"
#: what a tagging run waiting for another one says (CLI: a stderr line; window: its label)
TAGGING_WAIT_MESSAGE = "waiting for another PaperDesk to finish tagging this library…"
#: how long one attempt at the write lock waits inside SQLite
POLL_MS = 20
#: how long an importer steps aside between two chunks, at most
YIELD_S = 2.0
#: a waiting writer is announced (on_wait) once it has waited this long
ANNOUNCE_AFTER_S = 0.5
#: (another program may hold the database: the sqlite3 shell, a sync client)
WAIT_MESSAGE = "waiting for another PaperDesk (or another program writing to the library)…"
#: (only PaperDesk writes the search index)
INDEX_WAIT_MESSAGE = "waiting for another PaperDesk…"
#: what flock says when another process holds the lock
_HELD = (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)
_counter = itertools.count()


def is_busy(exc: sqlite3.Error) -> bool:
    """True for SQLite's "database is locked" / "busy" errors."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class WriterQueue:
    """The waiting room of one library folder (shared by every process using it)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.dir = folder / WAITING_DIR
        #: the longest a write waits for other writers before failing, in seconds
        self.wait_s = float(os.environ.get("PAPERDESK_WRITE_WAIT_S", "300"))
        #: called once per wait that lasts longer than ANNOUNCE_AFTER_S (CLI: a stderr line)
        self.on_wait: Callable[[str], None] | None = None
        #: seconds the last :meth:`begin` waited for other writers
        self.last_wait_s = 0.0

    # ------------------------------------------------------------- waiting
    @contextmanager
    def registered(self) -> Iterator[None]:
        """Register this writer as waiting for the block's duration."""
        name = self.dir / f"{os.getpid()}.{threading.get_ident()}.{next(_counter)}"
        try:
            self.dir.mkdir(exist_ok=True)
            name.touch()
        except OSError:
            name = None  # type: ignore[assignment]  # read-only folder: wait unannounced
        try:
            yield
        finally:
            if name is not None:
                with suppress(OSError):
                    name.unlink()

    def begin(self, conn: sqlite3.Connection, busy_ms: int) -> None:
        """``BEGIN IMMEDIATE`` on ``conn``, waiting (fairly, bounded) for other writers."""
        self.last_wait_s = 0.0
        try:
            conn.execute(f"PRAGMA busy_timeout = {POLL_MS}")
            if _try_begin(conn):
                return
            start = time.monotonic()
            try:
                self._wait_and_begin(conn)
            finally:
                self.last_wait_s = time.monotonic() - start
        finally:
            conn.execute(f"PRAGMA busy_timeout = {busy_ms}")

    def _wait_and_begin(self, conn: sqlite3.Connection) -> None:
        start = time.monotonic()
        announced = False
        with self.registered():
            while True:
                if _try_begin(conn):
                    return
                waited = time.monotonic() - start
                if waited >= self.wait_s:
                    raise LibraryError(
                        f"{self.folder}: another PaperDesk, or another program (an SQLite "
                        f"tool, a sync client), has held this library for writing for "
                        f"{waited:.0f} s; try again when it is done") from None
                if not announced and waited >= ANNOUNCE_AFTER_S:
                    announced = True
                    self.announce()
                time.sleep(0.005)

    def announce(self) -> None:
        """Tell the user this process waits for another one (once per wait)."""
        if self.on_wait is not None:
            self.on_wait(WAIT_MESSAGE)

    def others_waiting(self) -> bool:
        """True when a writer of another process (or thread) waits for the write lock."""
        try:
            names = os.listdir(self.dir)
        except OSError:
            return False
        mine = f"{os.getpid()}.{threading.get_ident()}."
        for name in names:
            if name.startswith(mine):
                continue
            pid = name.split(".", 1)[0]
            if pid.isdigit() and not process_alive(int(pid)):
                with suppress(OSError):
                    (self.dir / name).unlink()  # left by a killed process
                continue
            return True
        return False

    def let_others_in(self) -> None:
        """Between two chunks of a long write: wait (up to :data:`YIELD_S`) while other
        writers are waiting, so each gets its turn."""
        deadline = time.monotonic() + YIELD_S
        while self.others_waiting() and time.monotonic() < deadline:
            time.sleep(0.01)

    # ------------------------------------------------------------- lock files
    @contextmanager
    def _lock_file(self, name: str) -> Iterator[int | None]:
        """The library's lock file ``name``, open (made if missing) for the block: closing
        it releases any lock taken on it. None where it cannot be opened (a read-only
        folder): the caller runs unlocked."""
        try:
            fd = os.open(self.folder / name, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            yield None
            return
        try:
            yield fd
        finally:
            os.close(fd)

    # ------------------------------------------------------------- imports
    @contextmanager
    def importing(self) -> Iterator[None]:
        """Mark an import (or other bulk work that indexes what it queued at its end, such
        as tagging) in progress (a shared lock: several may run)."""
        with self._lock_file(IMPORT_LOCK) as fd:
            if fd is not None:
                fcntl.flock(fd, fcntl.LOCK_SH)
            yield

    @contextmanager
    def tagging(self, cancelled: Callable[[], bool] = lambda: False,
                waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the library's tagging lock (exclusive: one tagging run at a time), waiting
        while another process holds it. When the wait starts, :attr:`on_wait` gets
        :data:`TAGGING_WAIT_MESSAGE` and ``waiting`` is called (once); ``cancelled`` is
        polled while waiting, and the wait ends without the lock as soon as it is true
        (the caller checks it). A folder where the lock cannot be made (read-only) runs
        unlocked."""
        with self._lock_file(TAGGING_LOCK) as fd:
            if fd is not None:
                self._wait_for_lock(fd, cancelled, waiting)
            yield

    def _wait_for_lock(self, fd: int, cancelled: Callable[[], bool],
                       waiting: Callable[[], None] | None) -> None:
        """Take the exclusive lock on ``fd``, polling (see :meth:`tagging`); return without
        it once ``cancelled`` says so, or where the file system has no locks."""
        announced = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except OSError as exc:
                if exc.errno not in _HELD:
                    return  # a file system without locks: run unlocked
            if cancelled():
                return
            if not announced:
                announced = True
                if self.on_wait is not None:
                    self.on_wait(TAGGING_WAIT_MESSAGE)
                if waiting is not None:
                    waiting()
            time.sleep(0.1)

    def import_running(self) -> bool:
        """True while some process runs an import into this library."""
        try:
            fd = os.open(self.folder / IMPORT_LOCK, os.O_RDONLY)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            return exc.errno in _HELD
        finally:
            os.close(fd)  # closing releases a lock we got
        return False


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` is running (another user's process counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _try_begin(conn: sqlite3.Connection) -> bool:
    """``BEGIN IMMEDIATE`` on ``conn``: True when it began, False when another writer holds
    the library (busy); other errors are raised."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if not is_busy(exc):
            raise
        return False
    return True
