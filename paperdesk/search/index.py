"""The Whoosh full-text index: derived from SQLite, rebuildable at any time.

:class:`SearchIndex` keeps one long-lived searcher, refreshed after each commit. The
index folder records its schema version; an index that is missing, damaged or of another
version is rebuilt from SQLite (into a temporary folder, then swapped in).
"""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import sqlite_utils
from whoosh import index as whoosh_index
from whoosh.query import Query, Term
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock

from paperdesk.errors import LibraryError, QueryError
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.search.collections import resolve_collections
from paperdesk.search.columns import int_column
from paperdesk.search.coord import display_score
from paperdesk.search.docsets import docset
from paperdesk.search.documents import documents_for
from paperdesk.search.fastrank import FastRanker
from paperdesk.search.fuzzy import FuzzyExpander
from paperdesk.search.query import ParsedQuery, expand_saved, make_parser, parse_query
from paperdesk.search.schema import (
    BEST_MATCH_FIELD_SCALE,
    SCHEMA_VERSION,
    TEXT_FIELDS,
    build_schema,
    weighting,
)
from paperdesk.search.sidecar import SUFFIX as SIDECAR_SUFFIX
from paperdesk.search.sidecar import lacking, segment_ids, spawn_writer, write_sidecars
from paperdesk.search.snippets import as_text, lead_snippet, make_snippet

VERSION_FILE = "paperdesk-index.json"
#: the ``meta`` key under which SQLite records the stamp of the index it is in step with
STAMP_KEY = "index_stamp"
log = logging.getLogger("paperdesk.search")
#: libraries up to this size rebuild a missing index at once even when asked to defer
DEFER_ABOVE = 2000
LOCK_POLL_S = 0.05
#: how long opening a library waits while another process rebuilds its index
REBUILD_WAIT_S = 300.0
# Segments are written as separate files (compound=False): Whoosh reads a compound segment
# through an in-memory copy of its postings, hundreds of MB for 100,000 papers.
SORTS = {
    "relevance": None,
    "year": ("year", True),
    "added": ("num", True),
    "stars": ("stars", True),
    "title": ("title_sort", False),
}


@dataclass
class Hit:
    """One search result; ``snippet`` marks matched words with ``[`` and ``]``.

    ``matched``: the query's words the paper contains; ``similar``: Best match found it
    close in meaning to the query.
    """

    paper_id: int
    title: str
    score: float
    snippet: str
    raw_snippet: str = ""
    matched: list[str] = dataclass_field(default_factory=list)
    similar: bool = False
    #: the title with the matched words marked like the snippet's
    raw_title: str = ""

    @property
    def why(self) -> str:
        """Why the paper matched, in words: "matched: a, b; similar meaning"."""
        parts = [f"matched: {', '.join(self.matched)}"] if self.matched else []
        if self.similar:
            parts.append("similar meaning")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, object]:
        """JSON shape: ``{id, title, score, snippet}``."""
        return {"id": self.paper_id, "title": self.title, "score": self.score,
                "snippet": self.snippet}


def first_exact(pairs: list[tuple[int, float]], exact: set[int]) -> list[tuple[int, float]]:
    """``pairs`` with the papers of ``exact`` (a pasted title's) moved to the front; one
    not among them is put there with the best score."""
    if not exact:
        return pairs
    top = max((score for _, score in pairs), default=0.0)
    found = {pid for pid, _ in pairs}
    front = [(pid, max(score, top)) for pid, score in pairs if pid in exact]
    front += [(pid, top) for pid in sorted(exact - found)]
    return front + [(pid, score) for pid, score in pairs if pid not in exact]


@dataclass
class Page:
    """Some (paper id, score) pairs of a search, best first, and the number of matches."""

    pairs: list[tuple[int, float]]
    total: int


class IndexNotReady(LibraryError):
    """The index is being rebuilt elsewhere (see :meth:`SearchIndex.open`'s ``defer``)."""


class IndexBusy(LibraryError):
    """Another writer (often another PaperDesk process) held the index past the timeout."""


def new_stamp() -> str:
    """A fresh change stamp (recorded in SQLite and beside the index by each index write)."""
    return uuid.uuid4().hex


#: ``take()`` of :meth:`SearchIndex.flush`: (paper ids, their documents, the new stamp)
Taken = tuple[list[int], list[dict], str]


@dataclass
class IndexBatch:
    """Papers to index when a :meth:`SearchIndex.batch` block ends, and steps to run once
    they are (under the same lock)."""

    added: set[int] = dataclass_field(default_factory=set)
    updated: set[int] = dataclass_field(default_factory=set)
    after: list[Callable[[], None]] = dataclass_field(default_factory=list)


class SearchIndex:
    """Search over one library's papers.

    Several processes may share the index (the window, its worker process, the command
    line): a library-wide lock (:meth:`batch`) lets one write at a time, and a searcher
    opened before another process committed is replaced at the next search.
    """

    def __init__(self, folder: Path, db: sqlite_utils.Database) -> None:
        self.folder = folder
        self.db = db
        #: the calling thread's read-only connection, for reads outside a write (searches
        #: and index passes run in threads beside the writer's; one SQLite connection must
        #: not be used by two threads at once); None: read through ``db``
        self.reads: Callable[[], sqlite_utils.Database] | None = None
        self.schema = build_schema()
        self.parser = make_parser(self.schema)
        self._lock = threading.RLock()
        self._ix: whoosh_index.Index | None = None
        self._searcher: Searcher | None = None
        self._fuzzy = FuzzyExpander()
        self._fast = FastRanker()
        self._prepared: tuple[str, int, ParsedQuery, Query] | None = None
        self._last_parse: tuple[str, ParsedQuery] | None = None
        self._num_cache: tuple[int, list[int]] | None = None
        #: the same as a numpy array (for Best match's counts), by generation
        self._nums_array: tuple[int, Any] | None = None
        self._num_segments: dict[str, list[int]] = {}  # segment id -> its paper ids
        self._trash_cache: tuple[int, set[int]] | None = None
        self._generation = 0  # bumped whenever a new searcher is opened
        #: Memory for sorting postings while writing. Large is fastest for bulk imports;
        #: the window sets it small, because Whoosh sorts each buffer in one C call that
        #: holds the GIL (1 MB: gaps under ~80 ms instead of ~400, indexing ~1.6x slower).
        self.writer_limit_mb = 256
        #: None: a commit merges small segments as Whoosh does (bulk writers). A number
        #: (the window): a commit merges only segments of at most that many documents, never
        #: a bulk writer's large one (at 100k papers that merge held Python's lock for
        #: seconds in the window's process); bulk writers merge the rest later.
        self.merge_max_docs: int | None = None
        #: Seconds to wait for another writer before raising :class:`IndexBusy`.
        self.lock_timeout = 5.0
        #: A read-only library: nothing is written; an index that must be rebuilt is built
        #: in a private temporary folder for this session.
        self.read_only = False
        #: Records a new stamp in SQLite (set by the library; needs a write transaction).
        self.save_stamp: Callable[[str], None] = lambda stamp: None
        #: Called once when a writer starts waiting for the index lock (CLI: a line).
        self.on_wait: Callable[[], None] | None = None
        self._private: Path | None = None

    # ----------------------------------------------------------------- opening
    def open(self, progress: Progress | None = None, defer: bool = False) -> bool:
        """Open the index, rebuilding it if needed; True when it was rebuilt.

        With ``defer``, the index of a library of more than :data:`DEFER_ABOVE` papers that
        needs rebuilding is left unopened (:attr:`ready` is False) for :meth:`rebuild` to
        do later, e.g. in the window's worker process while the window is already usable.
        """
        if self._open_existing():
            return False
        if self._lock_held_elsewhere() and self._open_existing(strict=False):
            return False  # another process is writing it: its stamp comes with its commit
        if defer and self._paper_count() > DEFER_ABOVE:
            return False
        with self._held(progress, wait_s=max(self.lock_timeout, REBUILD_WAIT_S)):
            if self._open_existing():  # another process rebuilt it meanwhile
                return False
            self._rebuild(progress or NullProgress())
        return True

    @property
    def ready(self) -> bool:
        """True when the index is open (False only while a deferred rebuild is pending)."""
        return self._ix is not None

    def open_as_is(self) -> bool:
        """Open the index without checking it is in step (when it cannot be rebuilt now,
        e.g. on a full disk: stale results beat none); True when it could be opened."""
        with self._lock:
            return self._ix is not None or self._open_existing(strict=False)

    def _open_existing(self, strict: bool = True) -> bool:
        """Open the index if it is whole and in step with SQLite (``strict``: checked by
        stamp and file sizes; else only by opening it)."""
        if strict and not self._usable():
            return False
        try:
            self._ix = whoosh_index.open_dir(str(self.folder))
            self._searcher = self._ix.searcher(weighting=weighting())
            self._generation += 1
            # papers still queued explain a difference: the flush on open repairs it; not
            # strict (a full disk, another writer): a stale index beats none
            if not strict or self._searcher.doc_count() == self._paper_count() \
                    or self.has_queued():
                return True
        except Exception:  # noqa: BLE001 - a damaged index: the caller rebuilds it
            pass
        self.close()
        return False

    def _usable(self) -> bool:
        """The index's schema is current, its files are whole (each has the size it had
        when written) and its change stamp is the one SQLite recorded (not a stale copy,
        not left behind by a write that failed half-way)."""
        try:
            meta = json.loads((self.folder / VERSION_FILE).read_text())
            if meta.get("schema_version") != SCHEMA_VERSION:
                return False
            for name, size in meta.get("files", {}).items():
                if (self.folder / name).stat().st_size != size:
                    return False
            expected = self.stamp_in_database()
            if expected is not None and meta.get("stamp") != expected:
                return False
            return whoosh_index.exists_in(str(self.folder))
        except Exception:  # unreadable metadata, a missing file, a damaged table of contents
            return False

    def stamp_in_database(self) -> str | None:
        """The change stamp SQLite holds for the index (None in a library without one)."""
        return self._stamp_in(self.db)

    def _stamp_in(self, db: sqlite_utils.Database) -> str | None:
        row = db.execute("SELECT value FROM meta WHERE key = ?", [STAMP_KEY]).fetchone()
        return row[0] if row else None

    def _rdb(self) -> sqlite_utils.Database:
        return self.reads() if self.reads is not None else self.db

    def _write_meta(self, folder: Path, stamp: str) -> None:
        """Record schema, stamp and file sizes beside the index (atomically)."""
        files = {
            f.name: f.stat().st_size for f in folder.iterdir()
            if f.is_file() and f.name != VERSION_FILE and "LOCK" not in f.name.upper()
            and not f.name.endswith((".tmp", SIDECAR_SUFFIX))  # (sidecars check themselves
        }  # and are written after this, or again by a background process)
        tmp = folder / (VERSION_FILE + ".tmp")
        tmp.write_text(json.dumps(
            {"schema_version": SCHEMA_VERSION, "stamp": stamp, "files": files}))
        os.replace(tmp, folder / VERSION_FILE)

    def _paper_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM papers").fetchone()[0]

    def has_queued(self) -> bool:
        """True when some committed paper still waits in the library's index queue."""
        return self._rdb().execute(
            "SELECT EXISTS (SELECT 1 FROM index_queue)").fetchone()[0] == 1

    def catch_up(self) -> bool:
        """Open a new searcher now when another process committed since the current one
        opened (the worker indexing an import or tagging), so the next search does not pay
        for it; True when it did. Costs a directory listing when nothing changed."""
        with self._lock:
            if self._ix is None or self._searcher is None or self._searcher.up_to_date():
                return False
            self._refresh()
            return True

    def close(self) -> None:
        """Release the searcher and index files (a private index is deleted)."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._ix = None

    def discard_private(self) -> None:
        """Delete the temporary index a read-only library was given."""
        if self._private is not None:
            shutil.rmtree(self._private, ignore_errors=True)
            self._private = None

    # ---------------------------------------------------------------- writing
    def rebuild(self, progress: Progress | None = None) -> int:
        """Build the whole index from SQLite into a new folder and swap it in (holding the
        index lock, so no other process writes to the index meanwhile)."""
        with self._held(progress):
            return self._rebuild(progress or NullProgress())

    def _rebuild(self, progress: Progress) -> int:
        if self.read_only and self._private is None:
            # the library's folder cannot be written: index into a private folder
            self._private = Path(tempfile.mkdtemp(prefix="paperdesk-index-"))
            self.folder = self._private / "index"
        stamp = new_stamp()
        ids = [r[0] for r in self.db.execute("SELECT id FROM papers ORDER BY id")]
        tmp = self.folder.with_name(self.folder.name + ".building")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        progress.start(len(ids), "Indexing")
        writer = None
        try:
            built = whoosh_index.create_in(str(tmp), build_schema())
            writer = built.writer(limitmb=self.writer_limit_mb, compound=False, _lk=False)
            for n, doc in enumerate(documents_for(self.db, ids), start=1):
                writer.add_document(**doc)
                if n % 500 == 0:
                    progress.advance(500)
                    check_cancelled(progress)
            writer.commit()
            write_sidecars(built, set())
        except BaseException as exc:
            with warnings.catch_warnings():  # (as in flush)
                warnings.simplefilter("ignore", ResourceWarning)
                _cancel(writer, exc)
                writer = None
                gc.collect()
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        finally:
            progress.finish()
        self._write_meta(tmp, stamp)
        if not self.read_only:
            self.save_stamp(stamp)
        with self._lock:
            self.close()
            old = self.folder.with_name(self.folder.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            if self.folder.exists():
                self.folder.rename(old)
            tmp.rename(self.folder)
            shutil.rmtree(old, ignore_errors=True)
            self._ix = whoosh_index.open_dir(str(self.folder))
            self._searcher = self._ix.searcher(weighting=weighting())
            self._generation += 1
        return len(ids)  # papers queued meanwhile stay queued: the caller flushes them

    def write_sidecars_in_background(self) -> subprocess.Popen | None:
        """Start a low-priority process that writes the postings sidecars (see
        :mod:`paperdesk.search.sidecar`) of large segments that lack one (an index written
        before they existed); None when none lacks one or the index is not the library's.
        The caller reaps the process (``poll``) or stops it."""
        with self._lock:
            if self.read_only or self._private is not None or self._ix is None \
                    or not lacking(self._ix):
                return None
        return spawn_writer(self.folder)

    def add(self, paper_ids: Iterable[int]) -> None:
        """Index papers that are new to the index (faster than :meth:`update`)."""
        self._write(paper_ids, replace=False)

    def update(self, paper_ids: Iterable[int]) -> None:
        """Bring the documents of ``paper_ids`` in step with SQLite (deleted ids removed)."""
        self._write(paper_ids, replace=True)

    def _write(self, paper_ids: Iterable[int], replace: bool) -> None:
        ids = set(paper_ids)
        if not ids:
            return
        with self.batch() as batch:
            (batch.updated if replace else batch.added).update(ids)

    @contextmanager
    def batch(self, progress: Progress | None = None) -> Iterator[IndexBatch]:
        """Hold the library's index lock over a block; index the batch's papers at its end,
        then run its ``after`` steps (still holding the lock).

        Every writer of the index, in any process, goes through here. An importer commits
        its SQLite transaction inside the block and unqueues its papers in ``after``, so no
        other process sees them queued yet unindexed (and indexes them twice).

        Raises:
            IndexBusy: another process held the lock for :attr:`lock_timeout` seconds, or
                the index is being rebuilt.
            Cancelled: ``progress`` was cancelled while waiting for the lock.
        """
        with self._held(progress):
            with self._lock:
                if self._ix is None and not self._open_existing():
                    raise IndexBusy(f"{self.folder}: the search index is being rebuilt")
            batch = IndexBatch()
            yield batch
            with self._lock:
                assert self._ix is not None
                before = segment_ids(self._ix)
                writer = self._ix.writer(limitmb=self.writer_limit_mb, compound=False,
                                         _lk=False)  # (see _writer)
                try:
                    self._fill(writer, batch.added, replace=False)
                    self._fill(writer, batch.updated - batch.added, replace=True)
                    writer.commit()
                except BaseException:
                    writer.cancel()
                    raise
                self._write_meta(self.folder, self.stamp_in_database() or "")
                self._refresh()
                write_sidecars(self._ix, before)
            for step in batch.after:
                step()

    def flush(self, take: Callable[[], Taken | None], restore: Callable[[list[int], str], None],
              wait_s: float | None = None,
              progress: Progress | None = None) -> int:
        """Index queued papers, holding the library-wide index lock; returns how many.

        ``take()`` is called until it returns None; each call, in one SQLite transaction,
        picks queued papers, reads their documents, unqueues them and records a new stamp.
        The documents are committed to Whoosh at the end, and the last stamp written beside
        the index. If anything fails, ``restore(ids, old_stamp)`` puts the papers back in
        the queue (and SQLite's stamp back), so nothing is lost and nothing rebuilt.
        Every document is written with ``update_document``: a paper an importer added may
        have been indexed meanwhile by an edit in another process.

        Raises:
            IndexBusy: another process held the lock for ``wait_s`` (default
                :attr:`lock_timeout`) seconds, or the index is being rebuilt.
        """
        with self._held(progress, wait_s):
            with self._lock:
                if self._ix is None and not self._open_existing():
                    raise IndexBusy(f"{self.folder}: the search index is being rebuilt")
                assert self._ix is not None
                old_stamp = self._stamp_in(self._rdb()) or ""  # (committed: no write open)
                before = segment_ids(self._ix)
                taken: list[int] = []
                seen: set[int] = set()
                writer = None
                stamp = old_stamp
                # a paper edited again after it was taken comes back: its newest document
                # is written by a second writer (one writer cannot replace its own adds)
                later: dict[int, dict | None] = {}
                try:
                    while (got := take()) is not None:
                        ids, docs, stamp = got
                        taken.extend(ids)
                        by_id: dict[int, dict | None] = dict.fromkeys(ids)
                        by_id.update((doc["num"], doc) for doc in docs)
                        for pid in [i for i in by_id if i in seen]:
                            later[pid] = by_id.pop(pid)
                        seen.update(by_id)
                        if writer is None:
                            writer = self._writer()
                        self._put(writer, by_id)
                    if writer is not None:
                        writer.commit(**self._merge_policy())
                        writer = None
                        if later:
                            writer = self._writer()
                            self._put(writer, later)
                            writer.commit(**self._merge_policy())
                            writer = None
                        self._write_meta(self.folder, stamp)
                        self._refresh()
                except BaseException as exc:
                    if writer is not None:
                        # the failed writer's files are closed here, quietly: a write that
                        # failed on a full disk cannot flush them anyway
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore", ResourceWarning)
                            _cancel(writer, exc)
                            writer = None
                            gc.collect()
                    if taken:
                        try:
                            restore(taken, old_stamp)
                        except Exception:  # noqa: BLE001 - the stamp then forces a rebuild
                            log.warning("%d paper(s) could not be queued again for the search "
                                        "index; it will be rebuilt when the library is next "
                                        "opened", len(taken))
                    raise
                # after the stamp, outside the try: a process stopped (or failing) while
                # it writes them (seconds for a large merged segment) leaves a whole
                # index in step with SQLite, never one that needs rebuilding
                write_sidecars(self._ix, before)
        return len(taken)

    def _merge_policy(self) -> dict[str, object]:
        """Keyword arguments of a flush's ``commit`` (see :attr:`merge_max_docs`)."""
        if self.merge_max_docs is None:
            return {}
        return {"mergetype": merge_tiny(self.merge_max_docs)}

    def _writer(self) -> object:
        """A Whoosh writer without Whoosh's own lock: the library-wide index lock
        (:meth:`_held`) already lets one writer in, and a writer that fails while it is
        being made (a full disk) would leave Whoosh's lock held until the process ends."""
        assert self._ix is not None
        return self._ix.writer(limitmb=self.writer_limit_mb, compound=False, _lk=False)

    @staticmethod
    def _put(writer: object, docs: dict[int, dict | None]) -> None:
        """Write ``docs`` (paper id -> document; None: the paper is gone)."""
        for pid, doc in docs.items():
            if doc is None:
                writer.delete_by_term("id", str(pid))  # type: ignore[attr-defined]
            else:
                writer.update_document(**doc)  # type: ignore[attr-defined]

    def _lock_held_elsewhere(self) -> bool:
        """True while another process (or thread) holds the library-wide index lock."""
        if self.read_only:
            return False
        lock = FileLock(str(self.folder.with_name(self.folder.name + ".lock")))
        try:
            if lock.acquire(blocking=False):
                lock.release()
                return False
        except OSError:
            return False
        return True

    @contextmanager
    def _held(self, progress: Progress | None = None, wait_s: float | None = None
              ) -> Iterator[None]:
        """The library-wide index lock (a file beside the index folder, so it outlives a
        rebuild's folder swap); waits up to ``wait_s`` (:attr:`lock_timeout`) seconds,
        announcing the wait through :attr:`on_wait` after half a second. A read-only
        library has nothing to lock."""
        if self.read_only:
            yield
            return
        lock = FileLock(str(self.folder.with_name(self.folder.name + ".lock")))
        start = time.monotonic()
        deadline = start + (self.lock_timeout if wait_s is None else wait_s)
        announced = False
        while not lock.acquire(blocking=False):
            if progress is not None:
                check_cancelled(progress)
            now = time.monotonic()
            if now >= deadline:
                raise IndexBusy(
                    f"{self.folder}: the search index is busy (another PaperDesk is writing)")
            if not announced and now - start > 0.5 and self.on_wait is not None:
                announced = True
                self.on_wait()
            time.sleep(LOCK_POLL_S)
        try:
            yield
        finally:
            lock.release()

    def _fill(self, writer: object, paper_ids: set[int], replace: bool) -> None:
        ids = sorted(paper_ids)
        if not ids:
            return
        present = set()
        for doc in documents_for(self.db, ids):
            present.add(doc["num"])
            if replace:
                writer.update_document(**doc)  # type: ignore[attr-defined]
            else:
                writer.add_document(**doc)  # type: ignore[attr-defined]
        for pid in set(ids) - present:
            writer.delete_by_term("id", str(pid))  # type: ignore[attr-defined]

    def _refresh(self) -> None:
        # A new searcher, not Searcher.refresh(): refresh() reuses segment readers and
        # then keeps returning documents deleted by update_document (and fails on an
        # empty index).
        assert self._searcher is not None and self._ix is not None
        self._searcher.close()
        self._searcher = self._ix.searcher(weighting=weighting())
        self._generation += 1

    def _current(self) -> Searcher:
        """The searcher, replaced first if another process committed since it opened."""
        if self._ix is None and not self._open_existing():
            raise IndexNotReady("The search index is not ready: it is being rebuilt (see the "
                                "progress bar), or needs rebuilding (paperdesk reindex, or "
                                "File › Rebuild search index).")
        assert self._searcher is not None
        if not self._searcher.up_to_date():
            self._refresh()
        return self._searcher

    # -------------------------------------------------------------- searching
    def parse(self, text: str) -> ParsedQuery:
        """Parse a query in PaperDesk's syntax (raises QueryError); ``saved:NAME`` is
        replaced by that saved search's query, collection names by their ids."""
        text = resolve_collections(expand_saved(text, self._saved_query), self._rdb())
        last = self._last_parse  # parsing is a function of the text: reuse the last one
        if last is not None and last[0] == text:
            return last[1]
        parsed = parse_query(self.parser, text)
        self._last_parse = (text, parsed)
        return parsed

    def _saved_query(self, name: str) -> str | None:
        row = self._rdb().execute("SELECT query FROM saved_searches WHERE name = ? "
                                  "COLLATE NOCASE", [name]).fetchone()
        return row[0] if row else None

    def _prepare(self, text: str, searcher: Searcher) -> tuple[ParsedQuery, Query]:
        """Parsed query and its Keyword-mode query with fuzzy terms expanded (kept for
        the snippets of the same search)."""
        if self._prepared and self._prepared[:2] == (text, self._generation):
            return self._prepared[2], self._prepared[3]
        parsed = self.parse(text)
        query = self._fuzzy.expand(parsed.keyword, searcher.reader(), self._generation)
        self._prepared = (text, self._generation, parsed, query)
        return parsed, query

    def search_ids(
        self, text: str, limit: int | None = 20, sort: str = "relevance", trashed: bool = False
    ) -> list[tuple[int, float]]:
        """(paper id, score) pairs of the best matches (Keyword mode)."""
        # (not counting every match: at 100,000 papers that was two thirds of the time of
        # a search-as-you-type keystroke's first page)
        return self.search_page(text, limit, sort, trashed, count=False).pairs

    def search_page(
        self, text: str, limit: int | None = 20, sort: str = "relevance", trashed: bool = False,
        count: bool = True,
    ) -> Page:
        """The best matches in Keyword mode, and how many papers match in all (-1 when not
        ``count``).

        Scores read "words matched + a fraction" (see :func:`coord.display_score`); an
        empty query lists every paper, newest first unless another ``sort`` is asked.
        """
        if sort not in SORTS:
            raise QueryError(f"unknown sort '{sort}' (one of {', '.join(SORTS)})")
        try:
            return self._search_ids(text, limit, sort, trashed, count)
        except (LibraryError, QueryError):
            raise
        except Exception as exc:  # noqa: BLE001 - damaged index files: rebuild, then retry
            if "partially initialized module" in str(exc):
                # another thread is importing a module this search needs (numpy, seen in
                # the window at start-up): not the index's fault; wait for it
                time.sleep(0.2)
                return self._search_ids(text, limit, sort, trashed, count)
            log.warning("the search index is damaged (%s); rebuilding it", exc)
            self.close()
            try:
                self.rebuild()
            except OSError as err:
                raise LibraryError(f"{self.folder}: the search index is damaged and cannot "
                                   f"be rebuilt ({err.strerror or err})") from err
            return self._search_ids(text, limit, sort, trashed, count)

    def _search_ids(self, text: str, limit: int | None, sort: str, trashed: bool,
                    count: bool = True) -> Page:
        with self._lock:
            searcher = self._current()
            parsed, query = self._prepare(text, searcher)
            if parsed.parts is None and sort == "relevance":
                sort = "added"
            needed = parsed.needed
            nums = self._nums(searcher)
            ranked = None if SORTS[sort] else self._fast.rank(
                searcher, self._generation, query, limit, self._in_trash(searcher), trashed,
                needed)
            if ranked is not None:  # plain words: scored and counted in one pass
                found, total = ranked.pairs, ranked.total
            else:
                args = self._search_args(searcher, limit, sort, trashed)
                enough = self._enough(searcher, parsed, query, trashed) if needed else None
                if enough is not None:  # (Whoosh reads an empty set as no filter)
                    if not enough:
                        return Page([], 0 if count else -1)
                    args["filter"] = enough
                    args.pop("mask", None)  # (trashed or not: _enough chose)
                results = searcher.search(query, **args)
                total = -1 if not count else (
                    len(enough) if enough is not None else self._count(searcher, query, trashed)
                    if limit is not None else results.scored_length())
                if SORTS[sort]:  # hit.score holds the sort key then, not a relevance score
                    return Page([(int(nums[hit.docnum]), 0.0) for hit in results], total)
                found = [(hit.docnum, hit.score or 0.0) for hit in results]
            # scores read "words matched + a fraction"; a query of required parts only
            # ('"language model"', 'title:corpus', 'a OR b') counts each part as a word
            parts = parsed.parts
            required = len(parts.hard) if parts is not None and not parts.soft else 0
            pairs = [(int(nums[doc]), display_score(score) if parts is not None and parts.soft
                      else round(required + score / (score + 10.0), 4) if required
                      else float(score))
                     for doc, score in found]
            pairs = first_exact(pairs, self._with_title(searcher, parsed.title_key, trashed))
            return Page(pairs if limit is None else pairs[:limit], total)

    def _search_args(self, searcher: Searcher, limit: int | None, sort: str,
                     trashed: bool) -> dict:
        # Masking the (few) trashed papers is far cheaper than filtering on all others.
        kwargs: dict = {"limit": limit}
        in_trash = self._in_trash(searcher)  # a set: Whoosh would search a query again
        if trashed:  # (Whoosh reads an empty set as no filter at all)
            kwargs["filter"] = in_trash or Term("trashed", "yes")
        elif in_trash:
            kwargs["mask"] = in_trash
        if SORTS[sort]:
            field, reverse = SORTS[sort]
            kwargs.update(sortedby=field, reverse=reverse)
        return kwargs

    def lexical(self, text: str, limit: int | None, trashed: bool = False
                ) -> tuple[ParsedQuery, list[tuple[int, float]], int]:
        """Best match's lexical side: plain words OR-ed, scored by BM25F (no
        coordination; titles weigh as :data:`BEST_MATCH_FIELD_SCALE` says), with the
        query's filters; (parsed, pairs, total)."""
        with self._lock:
            searcher = self._current()
            parsed, _ = self._prepare(text, searcher)
            if parsed.parts is None:
                return parsed, [], 0
            query = self._fuzzy.expand(parsed.parts.lexical(BEST_MATCH_FIELD_SCALE),
                                       searcher.reader(),
                                       self._generation)
            nums = self._nums(searcher)
            ranked = self._fast.rank(searcher, self._generation, query, limit,
                                     self._in_trash(searcher), trashed)
            if ranked is not None:
                return parsed, [(int(nums[d]), s) for d, s in ranked.pairs], ranked.total
            results = searcher.search(
                query, **self._search_args(searcher, limit, "relevance", trashed))
            pairs = [(int(nums[hit.docnum]), float(hit.score or 0.0)) for hit in results]
            return parsed, pairs, self._count(searcher, query, trashed)

    def _enough(self, searcher: Searcher, parsed: ParsedQuery, query: Query,
                trashed: bool) -> set[int]:
        """Document numbers of the papers ``query`` matches (inside or outside the trash)
        that hold :attr:`ParsedQuery.needed` of its plain words, or as many as the best of them
        holds (Keyword mode without numpy, or sorted by a column)."""
        from collections import Counter

        assert parsed.parts is not None
        in_trash = self._in_trash(searcher)
        matching = {d for d in docset(searcher, query) if (d in in_trash) == trashed}
        counts: Counter[int] = Counter()
        for word in parsed.parts.soft:
            word = self._fuzzy.expand(word.normalize(), searcher.reader(), self._generation)
            counts.update(docset(searcher, word) & matching)
        need = min(parsed.needed, max(counts.values(), default=0))
        return {d for d, n in counts.items() if n >= need}

    def with_enough_words(self, text: str, trashed: bool = False) -> set[int] | None:
        """Ids of the papers a search of ``text`` lists by its words (those holding enough
        of them: see :attr:`ParsedQuery.needed`), or None when every paper holding one is."""
        with self._lock:
            searcher = self._current()
            parsed, query = self._prepare(text, searcher)
            if not parsed.needed:
                return None
            docs = self._fast.matching(searcher, self._generation, query,
                                       self._in_trash(searcher), trashed, parsed.needed)
            if docs is None:
                nums = self._nums(searcher)
                return {nums[d] for d in self._enough(searcher, parsed, query, trashed)}
            return set(self._paper_ids(searcher, docs).tolist())

    def lexical_among(self, text: str, ids: set[int], trashed: bool = False) -> set[int]:
        """Of ``ids``, those Best match's lexical side matches (any of the words, with the
        query's filters): without ranking every match (a second full lexical ranking
        cost Best match a third of its time)."""
        if not ids:
            return set()
        with self._lock:
            searcher = self._current()
            parsed, _ = self._prepare(text, searcher)
            if parsed.parts is None:
                return set(ids)
            query = self._fuzzy.expand(parsed.parts.lexical(BEST_MATCH_FIELD_SCALE),
                                       searcher.reader(), self._generation)
            docs = self._fast.matching(searcher, self._generation, query,
                                       self._in_trash(searcher), trashed)
            if docs is None:
                nums, in_trash = self._nums(searcher), self._in_trash(searcher)
                return {nums[d] for d in docset(searcher, query)
                        if (d in in_trash) == trashed and nums[d] in ids}
            import numpy as np  # (loaded: the arrays answered)

            pids = self._paper_ids(searcher, docs)
            wanted = np.fromiter(ids, dtype=np.int64, count=len(ids))
            return set(pids[np.isin(pids, wanted)].tolist())

    def _paper_ids(self, searcher: Searcher, docs: Any) -> Any:
        """The paper ids of document numbers the arrays gave (a numpy array of them)."""
        import numpy as np  # (loaded: the arrays answered)

        if self._nums_array is None or self._nums_array[0] != self._generation:
            self._nums_array = (self._generation,
                                np.asarray(self._nums(searcher), dtype=np.int64))
        return self._nums_array[1][docs]

    def allowed(self, parsed: ParsedQuery, trashed: bool = False) -> set[int] | None:
        """Ids of the papers the query's filters (fields, phrases, exclusions) and the
        trash allow; None when every paper outside (or inside) the trash is allowed."""
        with self._lock:
            searcher = self._current()
            filters = parsed.parts.filters() if parsed.parts else None
            if filters is None:
                return None
            filters = self._fuzzy.expand(filters, searcher.reader(), self._generation)
            nums = self._nums(searcher)
            docs = docset(searcher, filters)
            in_trash = self._in_trash(searcher)
            docs = docs & in_trash if trashed else docs - in_trash
            return {int(nums[d]) for d in docs}

    def with_title(self, key: str, trashed: bool = False) -> set[int]:
        """Ids of the papers whose whole title is ``key`` (see ``documents.title_key``)."""
        with self._lock:
            return self._with_title(self._current(), key, trashed)

    def _with_title(self, searcher: Searcher, key: str, trashed: bool) -> set[int]:
        if not key:
            return set()
        nums = self._nums(searcher)
        in_trash = self._in_trash(searcher)
        return {int(nums[d]) for d in docset(searcher, Term("title_sort", key))
                if (d in in_trash) == trashed}

    def _in_trash(self, searcher: Searcher) -> set[int]:
        """Document numbers of the papers in the trash (cached per searcher; not to be
        changed)."""
        if self._trash_cache is None or self._trash_cache[0] != self._generation:
            self._trash_cache = (self._generation, docset(searcher, Term("trashed", "yes")))
        return self._trash_cache[1]

    def _count(self, searcher: Searcher, query: Query, trashed: bool) -> int:
        """How many papers ``query`` matches inside (or outside) the trash. Not ``len()``
        of a limited Whoosh result: its mask test scans a bit set per match, and for OR-ed
        and AND-ed queries it counted too few (1,420 of 3,798) and ignored the trash
        filter. Read a block of postings at a time (see :mod:`docsets`)."""
        docs = docset(searcher, query)
        in_trash = self._in_trash(searcher)
        return len(docs & in_trash) if trashed else len(docs - in_trash)

    def _nums(self, searcher: Searcher) -> list[int]:
        """Paper id of each document number (cached per searcher, and per segment across
        searchers: an edit or an import chunk adds a small segment, and reading the ids of
        all 100k documents again took ~1.9 s CPU in the first search after it)."""
        if self._num_cache is None or self._num_cache[0] != self._generation:
            kept, fresh = self._num_segments, {}
            nums: list[int] = []
            for leaf, offset in searcher.reader().leaf_readers():
                segment = leaf.segment()
                key = segment.segment_id() if segment is not None else None
                part = kept.get(key) if key is not None else None
                if part is None:  # (a segment's stored columns never change)
                    part = int_column(leaf, "num")
                if key is not None:
                    fresh[key] = part
                assert offset == len(nums), "segments out of document order"
                nums.extend(part)
            self._num_segments = fresh
            self._num_cache = (self._generation, nums)
        return self._num_cache[1]

    def snippets(self, text: str, papers: Sequence[tuple[int, str, str, str]]) -> list[str]:
        """Marked snippets for (id, abstract, note, fulltext) of the returned hits only."""
        by_field = self.matched_terms(text)
        out = []
        for _pid, abstract, note, fulltext in papers:
            snippet = ""
            for field, body in (("abstract", abstract), ("note", note), ("fulltext", fulltext)):
                words = by_field.get(field, set())
                if words and body:
                    snippet = make_snippet(body, words, self.schema[field].analyzer)
                    if snippet:
                        break
            out.append(snippet or lead_snippet(abstract or note))
        return out

    def matched_terms(self, text: str) -> dict[str, set[str]]:
        """Index terms a query looks for, by text field (prefix and fuzzy terms expanded,
        excluded words left out)."""
        with self._lock:
            searcher = self._current()
            parsed, query = self._prepare(text, searcher)
            if parsed.parts is None:
                return {}
            reader = searcher.reader()
            terms: set[tuple[str, str | bytes]] = set()
            positive = [self._fuzzy.expand(q, reader, self._generation)
                        for q in (*parsed.parts.soft, *parsed.parts.hard)]
            for part in positive:
                for leaf in ([part] if part.is_leaf() else part.leaves()):
                    if hasattr(leaf, "expanded_terms"):  # prefix, wildcard, fuzzy
                        terms.update(leaf.expanded_terms(reader))
                    else:
                        terms.update(leaf.iter_all_terms(phrases=True))
        by_field: dict[str, set[str]] = {}
        for field, word in terms:
            if field in TEXT_FIELDS:
                by_field.setdefault(field, set()).add(
                    word.decode() if isinstance(word, bytes) else word
                )
        return by_field

    def doc_count(self) -> int:
        """Number of documents in the index (0 while it is being rebuilt)."""
        with self._lock:
            try:
                return self._current().doc_count()
            except IndexNotReady:
                return 0


def _cancel(writer: object, exc: BaseException) -> None:
    """Cancel a failed Whoosh writer and drop the tracebacks of ``exc`` (their frames hold
    the writer's open files); the caller then drops its own reference, with ResourceWarnings
    ignored, and collects."""
    if writer is not None:
        try:
            writer.cancel()  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - cleaning up after the real error
            pass
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        e.__traceback__ = None
        todo += [e.__context__, e.__cause__]


#: tiny segments are merged once there are this many (fewer: left for a bulk writer)
TINY_SEGMENTS = 4


def merge_tiny(max_docs: int) -> Callable[[object, list], list]:
    """A Whoosh merge policy that merges the segments of at most ``max_docs`` documents
    (once there are :data:`TINY_SEGMENTS` of them) and keeps every larger one as it is."""

    def policy(writer: object, segments: list) -> list:
        from whoosh.reading import SegmentReader

        tiny = [seg for seg in segments if seg.doc_count_all() <= max_docs]
        if len(tiny) < TINY_SEGMENTS:
            return segments
        for seg in tiny:
            reader = SegmentReader(writer.storage, writer.schema, seg)  # type: ignore[attr-defined]
            writer.add_reader(reader)  # type: ignore[attr-defined]
            reader.close()
        return [seg for seg in segments if seg.doc_count_all() > max_docs]

    return policy


@contextmanager
def _quiet() -> Iterator[None]:
    try:
        yield
    except Exception:  # noqa: BLE001 - cleaning up after the real error
        pass


__all__ = ["Hit", "IndexBatch", "Page", "IndexBusy", "IndexNotReady", "SearchIndex", "as_text"]

