"""The :class:`Library` facade: the one way the GUI, CLI, scripts and tests change data.

A library is a folder holding ``library.sqlite`` (the source of truth), ``index/`` (the
Whoosh index, derived and rebuildable) and ``files/`` (attachments). Managers hang off
the facade: ``lib.papers``, ``lib.tags``, ``lib.notes``, ``lib.highlights``,
``lib.links``, ``lib.saved``. Every mutation returns a :class:`Change`.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

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
from paperdesk.library.db import DB_NAME, connect, translate_errors
from paperdesk.library.papers import PaperManager
from paperdesk.library.reading import load_papers
from paperdesk.library.searching import SearchResults
from paperdesk.library.tagging import TaggingManager
from paperdesk.library.undo import Edit, apply_undo, last_entry
from paperdesk.progress import Progress
from paperdesk.records import Paper, ParseResult
from paperdesk.search import IndexBusy, SearchIndex

log = logging.getLogger("paperdesk.library")


class Library:
    """An open PaperDesk library. Use :meth:`open`; close it (or use ``with``)."""

    def __init__(self, folder: Path, db: sqlite_utils.Database) -> None:
        self.folder = folder
        self.db_path = folder / DB_NAME
        self.files_dir = folder / "files"
        self.db = db
        self.write_lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite_utils.Database] = []
        self.index = SearchIndex(folder / "index", db)
        self.papers = PaperManager(self)
        self.tags = TagManager(self)
        self.notes = NoteManager(self)
        self.highlights = HighlightManager(self)
        self.links = LinkManager(self)
        self.saved = SavedSearchManager(self)
        self.attachments = AttachmentManager(self)
        self.tagging = TaggingManager(self)
        self.migration_backup: Path | None = None
        self._unindexed: set[int] = set()  # committed, but the index was busy

    # ------------------------------------------------------------ life cycle
    @classmethod
    def open(
        cls, folder: str | Path, create: bool = True, progress: Progress | None = None,
        defer_index: bool = False,
    ) -> Library:
        """Open (or create) the library in ``folder``, migrating and indexing as needed.

        ``defer_index``: a large library whose search index must be rebuilt opens at once,
        with ``lib.index.ready`` False; call :meth:`reindex` (elsewhere) to build it.
        """
        folder = Path(folder).expanduser()
        db_path = folder / DB_NAME
        if not db_path.exists() and not create:
            raise LibraryError(f"{folder}: no PaperDesk library here")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "files").mkdir(exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{folder}: cannot create the library ({exc.strerror})") from exc
        db = connect(db_path)
        lib = cls(folder, db)
        try:
            with translate_errors(db_path):
                lib.migration_backup = migrations.migrate(db, db_path)
                lib.index.open(progress, defer=defer_index)
                if lib.index.ready:
                    lib._flush_index()
        except BaseException:
            lib.close()
            raise
        return lib

    def close(self) -> None:
        """Close the index and database connections."""
        self.index.close()
        for reader in self._readers:
            reader.close()
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
            db = connect(self.db_path, readonly=True)
            self._local.db = db
            self._readers.append(db)
        return db

    # ------------------------------------------------------------ writing
    @contextmanager
    def edit(self, description: str, paper_ids: Iterable[int] = (),
             undoable: bool = True) -> Iterator[Edit]:
        """Run a user edit in one transaction, with an undo entry and an index update."""
        with self.write_lock, translate_errors(self.db_path):
            ed = Edit(self.db, description, set(paper_ids))
            with self.transaction():
                yield ed
                if undoable:
                    ed.save()
                self.queue_index(ed.paper_ids)
            self._flush_index(ed.paper_ids)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction: ``BEGIN IMMEDIATE``, so waiting for another writer obeys the
        busy timeout (a deferred transaction that read first fails at once instead); nested
        use becomes a savepoint."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.execute("COMMIT")

    def queue_index(self, paper_ids: Iterable[int]) -> None:
        """Mark papers for re-indexing (inside the transaction that changed them)."""
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO index_queue (paper_id) VALUES (?)", [(i,) for i in paper_ids]
        )

    def _flush_index(self, paper_ids: Iterable[int] = ()) -> None:
        """Re-index every queued paper (this edit's ``paper_ids``, and any another process
        or a crash left queued), then unqueue them. The data is committed already: when
        another process holds the index, the papers stay queued and :meth:`sync_index` (or
        the next edit, or the next open) does it."""
        mine = set(paper_ids) | self._unindexed
        if not mine and not self.index.has_queued():
            return  # nothing to do: do not take the index lock
        try:
            with self.index.batch() as batch:
                # read under the index lock: an importer holding it has not unqueued yet
                queued = {r[0] for r in self.db.execute("SELECT paper_id FROM index_queue")}
                ids = mine | queued
                batch.updated.update(ids)
                batch.after.append(lambda: self.unqueue_index(ids))
        except IndexBusy as exc:
            self._unindexed = mine
            log.info("%s; %d paper(s) stay queued for indexing", exc, len(mine))
            return
        self._unindexed = set()

    def unqueue_index(self, ids: Iterable[int]) -> None:
        """Papers are indexed: take them off the queue."""
        with self.transaction():
            self.db.conn.executemany("DELETE FROM index_queue WHERE paper_id = ?",
                                     [(i,) for i in ids])

    def sync_index(self) -> None:
        """Index the papers left queued (by an edit while the index was busy, by another
        process, by a crash)."""
        with self.write_lock, translate_errors(self.db_path):
            self._flush_index()

    def wait_for_others(self, index_s: float, database_s: float) -> None:
        """How long this process's writes wait while another process writes: for the search
        index (then the papers stay queued, see :meth:`sync_index`) and for the database."""
        self.index.lock_timeout = index_s
        self.db.execute(f"PRAGMA busy_timeout = {int(database_s * 1000)}")

    def reload(self) -> None:
        """Pick up what another process wrote: the next search uses a fresh searcher (it
        does so by itself), and similar papers re-read the stored vectors."""
        self.tagging.forget_vectors()

    def undo(self) -> Change | None:
        """Undo the newest user edit not yet undone; None when there is nothing to undo."""
        with self.write_lock, translate_errors(self.db_path):
            entry = last_entry(self.db)
            if entry is None:
                return None
            ids = set(json.loads(entry["paper_ids"]))
            with self.transaction():
                apply_undo(self.db, json.loads(entry["steps"]))
                self.db.execute("UPDATE undo_log SET undone = 1 WHERE id = ?", [entry["id"]])
                self.queue_index(ids)
            self._flush_index(ids)
        return Change("undo", frozenset(ids), f"Undid: {entry['description']}")

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the search index from SQLite; returns the number of papers indexed."""
        with self.write_lock, translate_errors(self.db_path):
            count = self.index.rebuild(progress)
            self._flush_index()  # papers edited while it was rebuilding
        return count

    def backup(self, dest: str | Path) -> Path:
        """Copy the whole library (consistent database snapshot and files) to ``dest``."""
        dest = Path(dest).expanduser()
        if dest.exists() and any(dest.iterdir()):
            raise LibraryError(f"{dest}: backup folder exists and is not empty")
        dest.mkdir(parents=True, exist_ok=True)
        with self.write_lock:
            target = sqlite3.connect(str(dest / DB_NAME))
            try:
                self.db.conn.backup(target)
            finally:
                target.close()
            if self.files_dir.exists():
                shutil.copytree(self.files_dir, dest / "files", dirs_exist_ok=True)
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

    def ranked_ids(self, query: str, trashed: bool = False, mode: str = "auto"
                   ) -> tuple[list[int], str]:
        """Every paper matching ``query``, best first, and the mode used (for a table)."""
        from paperdesk.library.searching import ranked_ids

        return ranked_ids(self, query, trashed, mode)

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

    def import_parsed(self, result: ParseResult, source: str = "<records>",
                      on_duplicate: str = "merge", progress: Progress | None = None):  # noqa: ANN201
        """Store records already read (scripts, benchmarks); same rules as :meth:`import_files`."""
        from paperdesk.library.importing import store_parsed

        return store_parsed(self, [(Path(source), result)], on_duplicate, progress)

    # ------------------------------------------------------------ export
    def select_ids(self, query: str | None = None, ids: Sequence[int] | None = None,
                   trashed: bool = False) -> list[int]:
        """Ids chosen by explicit ``ids``, a ``query``, or all papers (trash excluded)."""
        if ids:
            return self.papers.require(ids)
        if query:
            return [h for h, _ in self.index.search_ids(query, limit=None, trashed=trashed)]
        return self.papers.ids(trashed=trashed)

    def export(self, fmt: str, ids: Sequence[int], options: object | None = None,
               progress: Progress | None = None) -> str:
        """Export papers ``ids`` as ``fmt`` (see :mod:`paperdesk.export`), caching references."""
        from paperdesk.export import SqliteRefCache, export_papers

        papers = self.get_many(list(ids))
        cache = LockedCache(self, SqliteRefCache)
        return export_papers(papers, fmt, options, cache=cache,  # type: ignore[arg-type]
                             progress=progress)
