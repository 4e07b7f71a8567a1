"""The :class:`Library` facade: the one way the GUI, CLI, scripts and tests change data.

A library is a folder holding ``library.sqlite`` (the source of truth), ``index/`` (the
Whoosh index, derived and rebuildable) and ``files/`` (attachments). Managers hang off
the facade: ``lib.papers``, ``lib.tags``, ``lib.notes``, ``lib.highlights``,
``lib.links``, ``lib.saved``, ``lib.collections``. Every mutation returns a :class:`Change`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import LibraryError
from paperdesk.library import migrations
from paperdesk.library.annotations import (
    HighlightManager,
    LinkManager,
    NoteManager,
    SavedSearchManager,
    TagManager,
)
from paperdesk.library.attachments import AttachmentManager
from paperdesk.library.caches import LockedCache
from paperdesk.library.changes import Change
from paperdesk.library.collections import CollectionManager
from paperdesk.library.db import (
    DB_NAME,
    LOCKED_MESSAGE,
    check_database_file,
    connect,
    locked_elsewhere,
    os_errors,
    os_reason,
    storage_read_only,
    translate_errors,
)
from paperdesk.library.papers import PaperManager
from paperdesk.library.reading import load_papers
from paperdesk.library.tagging import TaggingManager
from paperdesk.library.undo import (
    Edit,
    apply_undo,
    last_entry,
    last_redo,
    redo_steps,
    undo_effect,
)
from paperdesk.library.vocabulary import VocabularyManager
from paperdesk.library.waiting import INDEX_WAIT_MESSAGE, WriterQueue
from paperdesk.progress import Progress
from paperdesk.records import Paper, ParseResult
from paperdesk.search.documents import documents_for

if TYPE_CHECKING:  # Whoosh is imported when the index is first used (see Library.index)
    import sqlite_utils

    from paperdesk.library.searching import SearchResults
    from paperdesk.search import SearchIndex
    from paperdesk.search.index import Taken

log = logging.getLogger("paperdesk.library")
#: papers read and unqueued per SQLite transaction while indexing (edits get in between)
FLUSH_CHUNK = 500
#: an index commit of a few edited papers merges only segments of at most this many
#: documents (merging a bulk import's segment costs seconds at 100k papers)
SMALL_MERGE_DOCS = 500


class Library:
    """An open PaperDesk library. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, folder: Path, db: sqlite_utils.Database) -> None:
        self.folder = folder
        self.db_path = folder / DB_NAME
        self.files_dir = folder / "files"
        self.db = db
        self.write_lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[tuple[threading.Thread, sqlite_utils.Database]] = []
        self._index: SearchIndex | None = None
        #: how :attr:`index` opens the index on first use: (progress, defer)
        self._index_opening: tuple[Progress | None, bool] = (None, False)
        self._index_wait_s: float | None = None
        self._index_limit_mb: int | None = None
        #: see :meth:`index_own_edits_only`: its merge_max_docs, or None
        self._own_index_only: int | None = None
        #: a first use of :attr:`index` on two threads opens it once (reentrant: opening
        #: indexes queued papers through :attr:`index`)
        self._index_open_lock = threading.RLock()
        self._index_usable = False  # opened, not just being opened
        self._say_waiting: Callable[[str], None] | None = None
        self.papers = PaperManager(self)
        self.tags = TagManager(self)
        self.notes = NoteManager(self)
        self.highlights = HighlightManager(self)
        self.links = LinkManager(self)
        self.saved = SavedSearchManager(self)
        self.attachments = AttachmentManager(self)
        self.collections = CollectionManager(self)
        self.tagging = TaggingManager(self)
        self.vocabulary = VocabularyManager(self)
        self.migration_backup: Path | None = None
        self._unindexed: set[int] = set()  # committed, but the index was busy
        #: the library's storage cannot be written: reading, search and export only
        self.read_only = False
        self.queue = WriterQueue(folder)
        self._busy_ms = int(db.execute("PRAGMA busy_timeout").fetchone()[0])
        self._window_lock: int | None = None
        self._batching = False
        # files copied into files/ by the open transaction: removed if it rolls back
        self._files_made: list[Path] = []
        #: True: edits (and undo) commit and leave their papers queued for indexing, and
        #: :meth:`sync_index` indexes them (a window does so right after showing the edit,
        #: so an edit is not held up by the search index)
        self.index_later = False

    # ------------------------------------------------------------ life cycle
    @classmethod
    def open(
        cls, folder: str | Path, create: bool = True, progress: Progress | None = None,
        defer_index: bool = False, lazy_index: bool = False,
        say_waiting: Callable[[str], None] | None = None,
    ) -> Library:
        """Open (or create) the library in ``folder``, migrating and indexing as needed.

        ``defer_index``: a large library whose search index must be rebuilt opens at once,
        with ``lib.index.ready`` False; call :meth:`reindex` (elsewhere) to build it.
        ``lazy_index``: the search index (and Whoosh) is opened on first use of
        :attr:`index`, not now (a command that only reads or edits a paper starts faster);
        until then edits commit with their papers queued in SQLite's ``index_queue``, which
        the next opener of the index (in any process) indexes first.
        ``say_waiting``: told when opening waits for another program that holds the
        library locked (the command line prints it).
        """
        folder = Path(folder).expanduser()
        db_path = folder / DB_NAME
        check_database_file(folder, create)
        read_only = storage_read_only(folder)
        if not read_only:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "files").mkdir(exist_ok=True)
            except OSError as exc:
                raise LibraryError(
                    f"{folder}: cannot create the library ({os_reason(exc)})") from exc
        if say_waiting is not None and locked_elsewhere(db_path):
            say_waiting(LOCKED_MESSAGE)  # (then waits as long as SQLite does: 30 s)
        db = connect(db_path, readonly=read_only, immutable=read_only)
        lib = cls(folder, db)
        lib.read_only = read_only
        lib._index_opening = (progress, defer_index)
        try:
            with translate_errors(db_path):
                if read_only:
                    if migrations.schema_version(db) != migrations.LATEST:
                        raise LibraryError(f"{folder}: read-only library of another schema "
                                           "version (open it once where it can be written)")
                else:
                    lib.migration_backup = migrations.migrate(db, db_path)
            if not lazy_index:
                lib._open_index()
        except OSError as exc:
            lib.close()
            raise LibraryError(f"{folder}: {os_reason(exc)}") from exc
        except BaseException:
            lib.close()
            raise
        return lib

    @property
    def index(self) -> SearchIndex:
        """The search index, opened (checked, rebuilt or caught up) on first use."""
        if self._index is None or not self._index_usable:  # (or being opened)
            with self._index_open_lock:
                if self._index is None:
                    self._open_index()
        assert self._index is not None
        return self._index

    @property
    def index_opened(self) -> bool:
        """True once the search index is open (:attr:`index` opens it on first use)."""
        return self._index is not None and self._index_usable

    def limit_index_memory(self, mb: int) -> None:
        """Index writes of this process sort in buffers of at most ``mb`` MB (now, or once
        the index is opened)."""
        self._index_limit_mb = mb
        if self._index is not None:
            self._index.writer_limit_mb = mb

    def index_own_edits_only(self, merge_max_docs: int = SMALL_MERGE_DOCS) -> None:
        """This process (a window) writes to the search index only the papers its own edits
        changed, in small commits that merge only segments of at most ``merge_max_docs``
        documents; papers other processes left queued (a worker's bulk work, a crash) are
        the worker's to index (see :func:`paperdesk.jobs.index_pending`), so bulk index
        work never runs in the window's process."""
        self._own_index_only = merge_max_docs
        if self._index is not None:
            self._index.merge_max_docs = merge_max_docs

    @property
    def index_owns_all(self) -> bool:
        """False when this process indexes only its own edits (see
        :meth:`index_own_edits_only`)."""
        return self._own_index_only is None

    def _new_index(self) -> SearchIndex:
        """The library's :class:`SearchIndex`, not yet opened, with this library's settings."""
        from paperdesk.library.database import import_sqlite_utils

        import_sqlite_utils()  # (before Whoosh's index module imports it: without numpy)
        from paperdesk.search import SearchIndex

        index = SearchIndex(self.folder / "index", self.db)
        index.read_only = self.read_only
        index.save_stamp = self._save_stamp
        index.reads = lambda: self.reader
        if self._index_wait_s is not None:
            index.lock_timeout = self._index_wait_s
        if self._index_limit_mb is not None:
            index.writer_limit_mb = self._index_limit_mb
        index.merge_max_docs = self._own_index_only
        say = self._say_waiting
        if say is not None:
            index.on_wait = lambda: say(INDEX_WAIT_MESSAGE)
        return index

    def _open_index(self) -> None:
        """Open the index, rebuilding it if it is missing, damaged or stale, then index the
        papers queued by edits (of this or another process) since it was last written."""
        progress, defer = self._index_opening
        self._index_usable = False
        index = self._index = self._new_index()
        try:
            with translate_errors(self.db_path):
                try:
                    index.open(progress, defer=defer)
                except OSError as exc:  # e.g. a full disk: reading still works
                    index.close()
                    usable = index.open_as_is()
                    log.warning("%s: the search index cannot be rebuilt (%s); %s",
                                self.folder / "index", os_reason(exc),
                                "searching the old one" if usable else "search is off")
                if index.ready and not self.read_only:
                    try:
                        self._flush_index()
                    except (LibraryError, sqlite3.Error) as exc:  # e.g. a full disk:
                        log.warning("%s", exc)  # reading still works; the next write retries
        except OSError as exc:
            self._drop_index()
            raise LibraryError(f"{self.folder}: {os_reason(exc)}") from exc
        except BaseException:
            self._drop_index()
            raise
        self._index_usable = True

    def _drop_index(self) -> None:
        """Close the index (if it was opened); the next use of :attr:`index` opens it anew."""
        if self._index is not None:
            self._index.close()
            self._index.discard_private()
            self._index = None

    def claim_window(self) -> None:
        """Refuse a second window on this library: the first window holds a lock on
        ``.window`` until it closes (another process's window raises LibraryError)."""
        if self._window_lock is not None:
            return
        path = self.folder / ".window"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return  # read-only storage: nothing can be changed anyway
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise LibraryError(f"{self.folder}: this library is already open in another "
                               "PaperDesk window") from None
        self._window_lock = fd

    def close(self) -> None:
        """Close the index and database connections."""
        self._drop_index()
        if self._window_lock is not None:
            os.close(self._window_lock)
            self._window_lock = None
        me = threading.current_thread()
        for thread, reader in self._readers:
            if thread is me or not thread.is_alive():
                reader.close()
            else:  # another thread may be reading with it this instant: closing it would
                # crash SQLite; stop its query, and let it close when that thread ends
                reader.conn.interrupt()
        self._readers.clear()
        self.db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def reader(self) -> sqlite_utils.Database:
        """A read-only connection for the calling thread.

        Reads never use the writer connection, so a window can read while a background
        import holds a write transaction (WAL lets them run side by side).
        """
        db = getattr(self._local, "db", None)
        if db is None:
            db = connect(self.db_path, readonly=True, immutable=self.read_only)
            self._local.db = db
            self._readers.append((threading.current_thread(), db))
        return db

    def data_version(self) -> int:
        """A number that changes whenever the library's database is written by another
        connection: this library's own writer, or another process (a command run beside
        the window). Read on the calling thread's reader; -1 when it cannot be read."""
        try:
            return int(self.reader.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return -1

    def last_edit_id(self) -> int:
        """The id of the newest undoable edit (0: none): it grows with every edit a user
        makes, from any process, and not with work such as tagging."""
        try:
            return int(self.reader.execute(
                "SELECT coalesce(max(id), 0) FROM undo_log").fetchone()[0])
        except sqlite3.Error:
            return -1

    # ------------------------------------------------------------ writing
    @contextmanager
    def edit(self, description: str, paper_ids: Iterable[int] = (),
             undoable: bool = True) -> Iterator[Edit]:
        """Run a user edit in one transaction, with an undo entry and an index update.

        Before it commits, the changed papers are read back whole: on a damaged database
        the edit is rolled back (LibraryError) instead of committed half-readable.
        """
        start = time.perf_counter()
        with self.write_lock, translate_errors(self.db_path):
            ed = Edit(self.db, description, set(paper_ids))
            with self.transaction():
                yield ed
                if undoable:
                    ed.save()
                self.queue_index(ed.paper_ids)
                list(documents_for(self.db, sorted(ed.paper_ids)))
            committed = time.perf_counter()
            self._after_edit(ed.paper_ids)
        log.info("edit %r: committed after %.3f s (waited %.3f s), indexed after %.3f s",
                 description, committed - start, self.queue.last_wait_s,
                 time.perf_counter() - start)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Many edits in a row (a script, the demo): each commits as usual, but the papers
        they touch are indexed once, at the end, not after every edit."""
        with self.write_lock:
            outer, self._batching = self._batching, True
            try:
                yield
            finally:
                self._batching = outer
                if not outer:
                    self.sync_index()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction: ``BEGIN IMMEDIATE``, so waiting for another writer obeys the
        busy timeout (a deferred transaction that read first fails at once instead); nested
        use becomes a savepoint."""
        self.require_writable()
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.queue.begin(self.db.conn, self._busy_ms)  # waits its turn behind other writers
        self._files_made.clear()
        try:
            yield
            self.db.execute("COMMIT")  # (a full disk may fail it: then nothing is kept)
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.rollback()
            self._remove_files_made()
            raise
        self._files_made.clear()

    def file_made(self, path: Path) -> None:
        """Note a file the open transaction copied into the library (see
        :meth:`transaction`)."""
        self._files_made.append(path)

    def _remove_files_made(self) -> None:
        """Remove the files a rolled-back transaction copied in, and their folders left
        empty: a PDF import stopped by a full disk left three copies (a megabyte), and a
        later paper found another's PDF in its folder."""
        for path in reversed(self._files_made):
            try:
                path.unlink(missing_ok=True)
                path.parent.rmdir()  # (only when empty)
            except OSError:
                pass
        self._files_made.clear()

    def require_writable(self) -> None:
        """Raise LibraryError("… read-only library …") when nothing may be changed."""
        if self.read_only:
            raise LibraryError(f"{self.folder}: read-only library (its folder or disk cannot "
                               "be written); edits are not possible")

    def queue_index(self, paper_ids: Iterable[int]) -> None:
        """Mark papers for re-indexing (inside the transaction that changed them)."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO index_queue (paper_id) VALUES (?)", [(i,) for i in paper_ids]
        )

    def _after_edit(self, paper_ids: Iterable[int]) -> None:
        """Index an edit's papers now, or leave them queued (see :attr:`index_later`)."""
        if self._batching or self.index_later or self._index is None:
            # (an index not opened yet: the papers stay queued for its first user)
            self._unindexed |= set(paper_ids)
        else:
            self._flush_index(paper_ids)

    def _flush_index(self, paper_ids: Iterable[int] = (), everything: bool | None = None,
                     wait_s: float | None = None, progress: Progress | None = None) -> None:
        """Index this edit's ``paper_ids`` and, unless an import is running in some process
        (``everything``: None asks), whatever else is queued (left by another process or a
        crash). The data is committed already: when another process holds the index past
        ``wait_s``, the papers stay queued and :meth:`sync_index` (or the next edit, open
        or import) does it."""
        mine = set(paper_ids) | self._unindexed
        if everything is None:  # (a window leaves other processes' papers to its worker)
            everything = self.index_owns_all and not self.queue.import_running()
        if not mine and not (everything and self.index.has_queued()):
            return  # nothing to do: do not take the index lock
        if wait_s is None and not everything:
            wait_s = min(self.index.lock_timeout, 0.5)  # the importer will do it
        pending = set(mine)
        first = [True]

        def take() -> Taken | None:
            if not first[0]:
                self.queue.let_others_in()
            first[0] = False
            with self.write_lock, self.transaction():
                if everything:
                    ids = [r[0] for r in self.db.execute(
                        "SELECT paper_id FROM index_queue ORDER BY paper_id LIMIT ?",
                        [FLUSH_CHUNK])]
                else:
                    chunk = sorted(pending)[:FLUSH_CHUNK]
                    marks = ",".join("?" * len(chunk))
                    ids = [r[0] for r in self.db.execute(
                        f"SELECT paper_id FROM index_queue WHERE paper_id IN ({marks})",
                        chunk)] if chunk else []
                    pending.difference_update(chunk)
                pending.difference_update(ids)
                if not ids:
                    return None
                docs = list(documents_for(self.db, ids))
                self.db.conn.executemany("DELETE FROM index_queue WHERE paper_id = ?",
                                         [(i,) for i in ids])
                stamp = new_stamp()
                self._set_stamp(stamp)
            return ids, docs, stamp

        from paperdesk.search import IndexBusy
        from paperdesk.search.index import new_stamp

        try:
            self.index.flush(take, self._requeue, wait_s=wait_s,
                             progress=progress)
        except OSError as exc:
            self._unindexed |= mine
            raise LibraryError(
                f"{self.folder / 'index'}: the search index could not be updated "
                f"({os_reason(exc)}); the data is saved and will be indexed later") from exc
        except IndexBusy as exc:
            self._unindexed |= mine
            log.info("%s; %d paper(s) stay queued for indexing", exc, len(mine))
            return
        self._unindexed -= mine  # (an edit in another thread may have added more)

    def index_queued(self, paper_ids: Iterable[int], wait_s: float,
                     progress: Progress | None = None) -> int:
        """Index ``paper_ids`` and everything else queued (an importer's last step),
        waiting up to ``wait_s`` for another process's index write; returns how many
        papers stay queued (0 unless the wait ran out)."""
        from paperdesk.search import IndexBusy

        try:
            self._flush_index(paper_ids, everything=True, wait_s=wait_s, progress=progress)
        except IndexBusy:
            pass
        return len(self._unindexed)

    def _requeue(self, ids: list[int], stamp: str) -> None:
        """Put papers back in the index queue, with the stamp of the index as it is."""
        with self.write_lock, self.transaction():
            self.queue_index(ids)
            self._set_stamp(stamp)

    def _set_stamp(self, stamp: str) -> None:
        from paperdesk.search.index import STAMP_KEY

        self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                        [STAMP_KEY, stamp])

    def _save_stamp(self, stamp: str) -> None:
        with self.transaction():
            self._set_stamp(stamp)

    def unqueue_index(self, ids: Iterable[int]) -> None:
        """Papers are indexed: take them off the queue."""
        with self.transaction():
            self.db.conn.executemany("DELETE FROM index_queue WHERE paper_id = ?",
                                     [(i,) for i in ids])

    def take_unindexed(self) -> frozenset[int]:
        """The papers this process's edits committed but did not index (see
        :attr:`index_later`), forgotten here: the caller has them indexed (a window, by its
        worker process: :func:`paperdesk.jobs.index_papers`). They stay in the library's
        index queue until indexed, so none is lost if that fails."""
        with self.write_lock:
            taken, self._unindexed = frozenset(self._unindexed), set()
        return taken

    def sync_index(self, paper_ids: Iterable[int] = (), small: bool = False) -> None:
        """Index ``paper_ids`` and the papers left queued (by an edit while the index was
        busy, by another process, by a crash; while bulk work runs in some process, only
        ``paper_ids`` and this process's own edits: the bulk work indexes the rest).
        ``small``: a few edited papers, committed without merging any segment of more
        than :data:`SMALL_MERGE_DOCS` documents (a bulk write merges those later).

        It holds :attr:`write_lock` only while it reads and unqueues papers (short SQLite
        transactions), not while Whoosh writes: an edit in another thread commits in
        the meantime (its papers are queued and indexed by the next call). Call it from
        one thread at a time that holds no :attr:`write_lock`."""
        with translate_errors(self.db_path):
            if not small or self._own_index_only is not None:
                self._flush_index(paper_ids)
                return
            index = self.index  # a few edited papers: merge no large segment for them
            index.merge_max_docs = SMALL_MERGE_DOCS
            try:
                self._flush_index(paper_ids)
            finally:
                index.merge_max_docs = None

    def wait_for_others(self, index_s: float, database_s: float) -> None:
        """How long this process's writes wait while another process writes: for the search
        index (then the papers stay queued, see :meth:`sync_index`) and for the database."""
        self._index_wait_s = index_s
        if self._index is not None:
            self._index.lock_timeout = index_s
        self.queue.wait_s = database_s
        self._busy_ms = int(database_s * 1000)
        self.db.execute(f"PRAGMA busy_timeout = {self._busy_ms}")

    def on_wait(self, say: Callable[[str], None]) -> None:
        """Call ``say("waiting for another PaperDesk…")`` whenever a write of this process
        has to wait for another one (for the database or the search index)."""
        self.queue.on_wait = say
        self._say_waiting = say
        if self._index is not None:
            self._index.on_wait = lambda: say(INDEX_WAIT_MESSAGE)

    def reload(self) -> None:
        """Pick up what another process wrote: the next search uses a fresh searcher (it
        does so by itself), and similar papers re-read the stored vectors."""
        self.tagging.forget_vectors()

    def undo(self) -> Change | None:
        """Undo the newest user edit not yet undone; None when there is nothing to undo."""
        self.require_writable()
        with self.write_lock, translate_errors(self.db_path):
            entry = last_entry(self.db)
            if entry is None:
                return None
            ids = set(json.loads(entry["paper_ids"]))
            with self.transaction():
                steps = json.loads(entry["steps"])
                again = redo_steps(self.db, steps)
                change = _undo_change(entry, ids, steps, again, redo=False)
                apply_undo(self.db, steps)
                self.db.execute("UPDATE undo_log SET undone = 1, redo_steps = ? WHERE id = ?",
                                [json.dumps(again), entry["id"]])
                self.queue_index(ids)
            self._after_edit(ids)
        return change

    def forget_undo(self) -> None:
        """Drop the undo history (e.g. after the demo library is made: Undo starts with the
        user's own first edit)."""
        with self.write_lock, translate_errors(self.db_path), self.transaction():
            self.db.execute("DELETE FROM undo_log")

    def redo(self) -> Change | None:
        """Write back the edit undone last; None when there is nothing to redo (a new edit
        after an undo ends the chance to redo it)."""
        with self.write_lock, translate_errors(self.db_path):
            entry = last_redo(self.db)
            if entry is None:
                return None
            ids = set(json.loads(entry["paper_ids"]))
            with self.transaction():
                steps = json.loads(entry["redo_steps"])
                change = _undo_change(entry, ids, steps, redo_steps(self.db, steps), redo=True)
                apply_undo(self.db, steps)
                self.db.execute("UPDATE undo_log SET undone = 0, redo_steps = NULL "
                                "WHERE id = ?", [entry["id"]])
                self.queue_index(ids)
            self._after_edit(ids)
        return change

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from SQLite; returns the number of papers indexed."""
        with self.write_lock, translate_errors(self.db_path), os_errors(self.folder / "index"):
            if self._index is None:  # not opened yet: no need to check the one to replace
                self._index = self._new_index()
            count = self._index.rebuild(progress)
            if not self.read_only:
                self._flush_index()  # papers edited while it was rebuilding
        return count

    def backup(self, dest: str | Path) -> Path:
        """Copy the whole library (consistent database snapshot and files) to the new or
        empty folder ``dest``; a backup that fails half-way is removed."""
        dest = Path(dest).expanduser()
        if dest.exists() and not dest.is_dir():
            raise LibraryError(f"{dest}: not a folder (backup needs a new or empty folder)")
        if dest.exists() and any(dest.iterdir()):
            raise LibraryError(f"{dest}: backup folder exists and is not empty")
        made = not dest.exists()
        try:
            dest.mkdir(parents=True, exist_ok=True)
            with self.write_lock, translate_errors(dest / DB_NAME):
                target = sqlite3.connect(str(dest / DB_NAME))
                try:
                    self.db.conn.backup(target)
                finally:
                    target.close()
                if self.files_dir.exists():
                    shutil.copytree(self.files_dir, dest / "files", dirs_exist_ok=True)
        except (OSError, shutil.Error, LibraryError) as exc:
            if made:
                shutil.rmtree(dest, ignore_errors=True)
            else:
                for child in dest.iterdir() if dest.is_dir() else ():
                    shutil.rmtree(child, ignore_errors=True) if child.is_dir() else \
                        child.unlink(missing_ok=True)
            if isinstance(exc, LibraryError):
                raise
            raise LibraryError(f"{dest}: cannot back up here ({os_reason(exc)})") from exc
        return dest

    # ------------------------------------------------------------ reading
    def get(self, paper_id: int) -> Paper:
        """One paper with all its annotations (raises NotFoundError)."""
        return self.papers.get(paper_id)

    def get_many(self, ids: Sequence[int]) -> list[Paper]:
        """Papers with ``ids`` in order (missing ids skipped)."""
        return load_papers(self.reader, ids)

    def search(
        self, query: str, limit: int | None = 20, sort: str = "relevance", trashed: bool = False,
        mode: str = "auto",
    ) -> SearchResults:
        """Papers matching ``query`` (PaperDesk syntax); hits carry score, snippet and why.

        ``mode``: "keyword" (the query language exactly), "best" (words and meaning fused;
        operators still filter) or "auto" (Best match for plain words when papers have
        vectors). The result list also tells ``total``, the ``mode`` used and a ``note``.
        """
        from paperdesk.library.searching import search

        return search(self, query, limit, sort, trashed, mode)

    def ranked_ids(self, query: str, trashed: bool = False, mode: str = "auto",
                   limit: int | None = None, wait: bool = True) -> tuple[list[int], str]:
        """Every paper matching ``query`` (the first ``limit`` in Keyword mode), best
        first, and the mode used (for a table); ``wait=False``: "auto" answers in Keyword
        mode while Best match's model is not loaded (see :meth:`search_model_wanted`)
        instead of loading it (~0.6 s)."""
        from paperdesk.library.searching import ranked_ids

        return ranked_ids(self, query, trashed, mode, limit, wait)

    def search_model_wanted(self) -> bool:
        """True when a search as you type answered in Keyword mode because Best match's
        model was not loaded (``ranked_ids(wait=False)``): call :meth:`warm_up_search`
        (in a background thread) when the user pauses."""
        from paperdesk.library.searching import model_wanted

        return model_wanted()

    def warm_up_search(self) -> None:
        """Load what Best match needs (the paper vectors and the query model) now, when
        papers have vectors, so the first search does not wait seconds for it; for a
        background thread. Does nothing when Best match cannot run."""
        from paperdesk.library.searching import warm_up

        warm_up(self)

    def count(self, trashed: bool = False) -> int:
        """Number of papers outside (or inside) the trash."""
        where = "trashed IS NOT NULL" if trashed else "trashed IS NULL"
        return self.reader.execute(f"SELECT count(*) FROM papers WHERE {where}").fetchone()[0]

    # ------------------------------------------------------------ import
    def import_files(self, paths: Sequence[str | Path], fmt: str | None = None,
                     on_duplicate: str = "merge", progress: Progress | None = None):  # noqa: ANN201
        """Import files; returns an :class:`~paperdesk.library.importing.ImportReport`."""
        from paperdesk.library.importing import import_files

        return import_files(self, [Path(p) for p in paths], fmt, on_duplicate, progress)

    def import_folder(self, root: str | Path, on_duplicate: str = "merge",
                      progress: Progress | None = None):  # noqa: ANN201
        """Import every PDF and bibliography file below ``root`` (see
        :mod:`paperdesk.library.folder_import`); returns an ``ImportReport``."""
        from paperdesk.library.folder_import import import_folder

        return import_folder(self, root, on_duplicate, progress)

    def import_parsed(self, result: ParseResult, source: str = "<records>",
                      on_duplicate: str = "merge", progress: Progress | None = None):  # noqa: ANN201
        """Store records already read (scripts, benchmarks); same rules as :meth:`import_files`."""
        from paperdesk.library.importing import store_parsed

        return store_parsed(self, [(Path(source), result)], on_duplicate, progress)

    # ------------------------------------------------------------ export
    def select_ids(self, query: str | None = None, ids: Sequence[int] | None = None,
                   trashed: bool = False, collection: int | str | None = None) -> list[int]:
        """Ids chosen by explicit ``ids``, a ``collection`` (with its sub-collections), a
        ``query``, or all papers (trash excluded)."""
        if collection not in (None, ""):
            members = self.collections.paper_ids(collection)  # type: ignore[arg-type]
            if query:
                found = set(self.select_ids(query=query, trashed=trashed))
                return [i for i in members if i in found]
            return members
        if ids:
            return self.papers.require(ids)
        if query:
            return [h for h, _ in self.index.search_ids(query, limit=None, trashed=trashed)]
        return self.papers.ids(trashed=trashed)

    def export(self, fmt: str, ids: Sequence[int], options: object | None = None,
               progress: Progress | None = None) -> str:
        """Export papers ``ids`` as ``fmt`` (see :mod:`paperdesk.export`), caching references."""
        from paperdesk.export import export_papers

        cache = self._ref_cache()
        papers = self.get_many(list(ids))
        return export_papers(papers, fmt, options, cache=cache,  # type: ignore[arg-type]
                             progress=progress)

    def _ref_cache(self) -> LockedCache:
        """The formatted-reference cache the exports and Copy citation share."""
        from paperdesk.library.database import import_sqlite_utils

        import_sqlite_utils()  # (before the reference cache imports it: without numpy)
        from paperdesk.export import SqliteRefCache

        return LockedCache(self, SqliteRefCache)

    def references(self, ids: Sequence[int], style: str,
                   progress: Progress | None = None) -> list[str]:
        """The formatted references of papers ``ids`` in ``style`` (a name or a ``.csl``
        path), as safe HTML in the order given: what Copy citation puts on the clipboard,
        from the reference cache the exports fill (and filling it)."""
        cache = self._ref_cache()
        from paperdesk.export.formatting import formatted_references
        from paperdesk.export.html import reference_html
        from paperdesk.export.styles import load_style

        papers = self.get_many(list(ids))
        if progress is not None:
            progress.start(len(papers), "Copying citations")
        try:
            refs = formatted_references(papers, load_style(style), cache,  # type: ignore[arg-type]
                                        progress)
        finally:
            if progress is not None:
                progress.finish()
        return [reference_html(r) for r in refs]


def _undo_change(entry: dict[str, Any], ids: set[int], steps: list[dict[str, Any]],
                 now: list[dict[str, Any]], redo: bool) -> Change:
    """The record of undoing (or redoing) ``entry`` by writing back ``steps``, read before
    they are applied (``now``: the rows as they are, see :func:`redo_steps`)."""
    parts, index, lists = undo_effect(steps, now)
    details = {"description": entry["description"], "lists": lists,
               "tables": sorted({step["table"] for step in steps})}
    if redo:
        details["redo"] = True
    verb = "Redid" if redo else "Undid"
    return Change("undo", frozenset(ids), f"{verb}: {entry['description']}", details=details,
                  sidebar=parts, index=index, membership=lists)
