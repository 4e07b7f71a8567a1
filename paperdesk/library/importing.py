"""Storing what the importers read: duplicates caught at the door, short transactions.

Every file is parsed before anything is written; a file that cannot be read at all
(unknown format, unreadable, binary) is a problem entry and the other files import.
Papers are written in transactions of a fraction of a second each (other processes'
edits get their turn in between): a crash or Cancel leaves no half-imported paper, the
report says what was kept, and re-running the import completes the job without
duplicates.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import Cancelled, InputFileError, KnownError, LibraryError, UsageError
from paperdesk.importers import read_file
from paperdesk.library.attachments import store_attachment
from paperdesk.library.changes import Change
from paperdesk.library.db import before_fault, now, sqlite_error, translate_errors
from paperdesk.library.duplicates import DuplicateIndex, merge_fields
from paperdesk.library.reading import load_papers
from paperdesk.library.writing import clean_tag, insert_paper, taken_keys, update_fields
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import Author, Highlight, ImportProblem, Paper, ParseResult, plural

if TYPE_CHECKING:
    from paperdesk.library.library import Library

DUPLICATE_MODES = ("merge", "skip", "keep-both")
#: how long one import transaction writes before it commits and lets others in
CHUNK_S = 0.1


@dataclass
class ImportReport:
    """What an import did. ``added + merged + skipped + len(problems)`` = entries read."""

    added: int = 0
    merged: int = 0
    skipped: int = 0
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merges: list[dict[str, Any]] = field(default_factory=list)
    added_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)
    #: added papers that resemble one in the library (titles a number or word apart)
    possible_duplicates: list[dict[str, Any]] = field(default_factory=list)
    #: sidebar parts beyond the counts that stored papers touched ("tags", "collections")
    touched: set[str] = field(default_factory=set)

    @property
    def change(self) -> Change:
        """The import's change record: the papers added or merged into, the sidebar
        parts they touch (counts; tags and collections when they brought some); the
        index changed."""
        ids = frozenset(self.added_ids) | frozenset(self.merged_ids)
        parts = ({"counts"} if self.added_ids else set()) | (self.touched if ids else set())
        return Change("import", ids, f"Imported: {self.added} added, {self.merged} merged, "
                      f"{len(self.problems)} problems", added=frozenset(self.added_ids),
                      sidebar=frozenset(parts), index=bool(ids), membership=bool(ids))

    @property
    def exit_status(self) -> int:
        """0 when every entry came in (or was a duplicate), 1 when some could not."""
        return 1 if self.problems else 0

    def add(self, other: ImportReport) -> None:
        """Add up ``other`` (a later file's or batch's report) into this one."""
        for name in ("added", "merged", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("problems", "warnings", "merges", "added_ids", "merged_ids",
                     "possible_duplicates"):
            getattr(self, name).extend(getattr(other, name))
        self.touched |= other.touched

    def merge_lines(self) -> list[str]:
        """One line per merge, naming the entry and the paper it went into:
        ``merged: refs.bib:12: Hu1998 → existing paper 'An optimal…' (id 7): same DOI``."""
        lines = []
        for m in self.merges:
            where = f"{m['file']}:{m['line']}" if m.get("line") else m["file"]
            title = m.get("title", "")
            title = f"{title[:60]}…" if len(title) > 60 else title
            lines.append(f"merged: {where}: {m.get('key') or 'entry'} → existing paper "
                         f"{title!r} (id {m['into']}): {m['reason']}")
        return lines

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{added, merged, skipped, problems: [{file, line, key, reason}]}``."""
        return {
            "added": self.added,
            "merged": self.merged,
            "skipped": self.skipped,
            "problems": [p.to_dict() for p in self.problems],
            "warnings": list(self.warnings),
            "merges": list(self.merges),
            "added_ids": list(self.added_ids),
            "possible_duplicates": list(self.possible_duplicates),
        }


def existing_duplicate_index(lib: Library) -> DuplicateIndex:
    """A duplicate index over the papers outside the trash (identity fields only)."""
    index = DuplicateIndex()
    add_library_papers(index, lib.db)
    return index


#: a cached duplicate index re-reads papers modified this long before its last update
#: too (a write stamped earlier in another process may commit after a later one)
MODIFIED_MARGIN = timedelta(minutes=5)


def library_duplicates(lib: Library) -> DuplicateIndex:
    """The duplicate index of the library's papers outside the trash, kept by ``lib``
    between the imports of this process and brought up to date before each: papers added
    or modified since are read again, trashed ones dropped; when the count still differs
    (papers deleted or restored), it is built again. (Built from scratch for every
    import, a one-file import into 100k papers spent ~13 s CPU here.)"""
    db = lib.db
    stamp = db.execute("SELECT coalesce(max(modified), '') FROM papers").fetchone()[0]
    cached = getattr(lib, "_duplicate_cache", None)
    index: DuplicateIndex | None = None
    if cached is not None:
        index, since = cached
        if since:
            since = (datetime.fromisoformat(since) - MODIFIED_MARGIN).isoformat(
                timespec="microseconds")
        changed = [r[0] for r in db.execute(
            "SELECT id FROM papers WHERE modified >= ? AND id <= ?", [since, index.seen_id])]
        for pid in changed:
            index.remove(pid)
        add_library_papers(index, db, ids=changed)
        index.seen_id = add_library_papers(index, db, index.seen_id)
        live = db.execute("SELECT count(*) FROM papers WHERE trashed IS NULL").fetchone()[0]
        if live != len(index):
            index = None
    if index is None:
        index = DuplicateIndex()
        index.seen_id = add_library_papers(index, db)
    lib._duplicate_cache = (index, stamp)  # type: ignore[attr-defined]
    return index


def add_library_papers(index: DuplicateIndex, db: Any, after_id: int = 0,
                       skip: set[int] | frozenset[int] = frozenset(),
                       ids: Sequence[int] | None = None) -> int:
    """Add the library's papers with ids above ``after_id`` (outside the trash, not in
    ``skip``) to ``index``; returns the highest id seen. An import calls it again before
    each chunk, so papers another process imported meanwhile are found as duplicates.
    With ``ids``, those papers only (``after_id`` is returned)."""
    if ids is not None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            _add_rows(index, db, f"id IN ({','.join('?' * len(chunk))})", chunk, skip)
        return after_id
    top = db.execute("SELECT coalesce(max(id), 0) FROM papers").fetchone()[0]
    if top <= after_id:
        return after_id
    _add_rows(index, db, "id > ?", [after_id], skip)
    return top


def _add_rows(index: DuplicateIndex, db: Any, where: str, args: list[Any],
              skip: set[int] | frozenset[int]) -> None:
    """Add the papers outside the trash that ``where`` (on ``papers``) selects."""
    first_authors = {
        r[0]: Author(family=r[1], given=r[2], prefix=r[3])
        for r in db.execute(
            "SELECT paper_id, family, given, prefix FROM authors WHERE position = 0 "
            f"AND paper_id IN (SELECT id FROM papers WHERE {where})", args)
    }
    rows = db.execute(
        "SELECT id, title, year, doi, arxiv_id, extra, venue, url, entry_type, key, "
        "CASE WHEN year IS NULL OR NOT EXISTS (SELECT 1 FROM authors a WHERE a.paper_id = "
        f"papers.id) THEN abstract ELSE '' END FROM papers WHERE trashed IS NULL AND {where}",
        args,
    )
    for pid, title, year, doi, arxiv_id, extra, venue, url, entry_type, key, abstract in rows:
        if pid in skip:
            continue
        extra_d = json.loads(extra) if extra and extra != "{}" else {}
        author = first_authors.get(pid)
        # identity fields only; the abstract only where a rule compares it (no authors)
        paper = Paper(
            title=title, year=year, doi=doi, arxiv_id=arxiv_id, abstract=abstract,
            venue=venue, url=url, authors=[author] if author else [],
            entry_type=entry_type, key=key,
            extra={k: extra_d[k] for k in ("volume", "number", "pages") if k in extra_d},
        )
        index.add(paper, pid)


def import_files(lib: Library, paths: list[Path], fmt: str | None = None,
                 on_duplicate: str = "merge", progress: Progress | None = None) -> ImportReport:
    """Parse every file, then store them in short transactions.

    A file that cannot be read at all is a problem entry of the report and the other
    files still import; when no file can be read, the first file's error is raised.
    """
    if on_duplicate not in DUPLICATE_MODES:
        raise UsageError(f"--on-duplicate must be one of {', '.join(DUPLICATE_MODES)}")
    lib.require_writable()
    parsed: list[tuple[Path, ParseResult]] = []
    failed: list[InputFileError] = []
    for path in paths:
        try:
            result = read_file(path, fmt, progress)
            if not result.entries and not result.problems:
                raise InputFileError(str(path), "no entries found (is the format right? "
                                     "--format chooses one)")
            if not result.entries and all(p.line is None for p in result.problems):
                # a whole-file problem (a ".pdf" that is not one): the file failed
                raise InputFileError(str(path), "; ".join(p.reason for p in result.problems))
        except InputFileError as exc:
            failed.append(exc)
            continue
        parsed.append((path, result))
    if failed and not parsed:
        raise failed[0]
    report = store_parsed(lib, parsed, on_duplicate, progress)
    report.problems[:0] = [ImportProblem(e.path, None, "", e.reason) for e in failed]
    return report


class ImportInterrupted(Cancelled):
    """An import stopped by Ctrl-C or Cancel; what was committed before it stays."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(
            f"import interrupted; kept what was committed: {report.added} added, "
            f"{report.merged} merged, {report.skipped} skipped")
        self.report = report

    def __reduce__(self) -> tuple:
        return (type(self), (self.report,))


class ImportStopped(LibraryError):
    """An import stopped part-way by an environment fault (a full disk, a library held
    locked too long); what was committed before it stays, and the message says how much.
    ``reason`` is the fault's own message, ``report`` what was kept."""

    def __init__(self, reason: str, report: ImportReport) -> None:
        kept = report.added + report.merged
        counts = f" ({report.added} added, {report.merged} merged)" if report.merged else ""
        super().__init__(f"{reason}; kept {plural(kept, 'paper')}{counts} "
                         f"{before_fault(reason)}; "
                         "import again to finish")
        self.reason = reason
        self.report = report

    def __reduce__(self) -> tuple:
        return (type(self), (self.reason, self.report))


def stopped_after(exc: KnownError, earlier: ImportReport) -> KnownError:
    """``exc``, raised by a later part of an import (a file, a folder's batch), saying
    what the parts before it (``earlier``) and it kept; ``exc`` itself when none did."""
    report = ImportReport()
    report.add(earlier)
    if isinstance(exc, ImportStopped):
        report.add(exc.report)
    reason = exc.reason if isinstance(exc, ImportStopped) else str(exc)
    return ImportStopped(reason, report) if report.added or report.merged else exc


def store_parsed(lib: Library, parsed: list[tuple[Path, ParseResult]],
                 on_duplicate: str = "merge", progress: Progress | None = None) -> ImportReport:
    """Store what importers read and index it.

    Entries are written in short transactions (:data:`CHUNK_S`), so edits of other
    processes get their turn between two; each paper is written whole or not at all.
    The papers are indexed at the end, with whatever else is queued.

    Raises:
        ImportInterrupted: on Ctrl-C or Cancel, saying what was committed (it stays).
        ImportStopped: on a fault (a full disk) after some papers were committed (they
            stay); a fault before any is raised as it is.
    """
    if on_duplicate not in DUPLICATE_MODES:
        raise UsageError(f"--on-duplicate must be one of {', '.join(DUPLICATE_MODES)}")
    progress = progress or NullProgress()
    report = ImportReport()
    total = sum(len(r.entries) for _, r in parsed)
    progress.start(total, "Importing")
    try:
        with lib.write_lock, translate_errors(lib.db_path), lib.queue.importing():
            keep_all = on_duplicate == "keep-both"
            dupes = DuplicateIndex() if keep_all else library_duplicates(lib)
            stored = False
            try:
                for path, result in parsed:
                    _import_one(lib, path, result, dupes, on_duplicate, report, progress)
                stored = True
                _index_imported(lib, report, progress)
            except (KeyboardInterrupt, Cancelled) as exc:
                if not (report.added or report.merged):
                    raise
                if not stored:  # (stopped while waiting for the index: they stay queued)
                    _index_imported(lib, report, progress=None)
                raise ImportInterrupted(report) from exc
            except (KnownError, sqlite3.Error) as exc:
                if isinstance(exc, sqlite3.IntegrityError):
                    raise  # (a bug, not the environment)
                error = sqlite_error(exc, lib.db_path) if isinstance(exc, sqlite3.Error) else exc
                raise stopped_after(error, report) from exc
    finally:
        progress.finish()
    return report


def _index_imported(lib: Library, report: ImportReport, progress: Progress | None) -> None:
    """Index the imported papers (and anything else queued); when another process holds
    the index too long, they stay queued for the next writer, and the report says so."""
    changed = set(report.added_ids) | set(report.merged_ids)
    try:
        left = lib.index_queued(changed, wait_s=lib.queue.wait_s, progress=progress)
    except (LibraryError, sqlite3.OperationalError) as exc:  # (a read-only or full index)
        error = sqlite_error(exc, lib.db_path) if isinstance(exc, sqlite3.Error) else exc
        report.warnings.append(f"{error}" if "indexed later" in str(error) else
                               f"{error}; the papers are saved and will be indexed later")
        return
    if left:
        report.warnings.append(
            f"the search index was busy: {left} paper(s) will be indexed by the next change "
            "(or paperdesk reindex)")


@dataclass
class FileKeys:
    """Which paper each keyed entry of the file being imported became or was merged into.

    Two entries of one file under different citation keys are two papers (the user
    listed them apart, and both keys are cited): :meth:`others` names the papers an
    entry must not be merged into.
    """

    by_paper: dict[int, str] = field(default_factory=dict)

    def others(self, key: str) -> Container[int]:
        """The papers that entries under other keys than ``key`` landed on."""
        return _OtherKeys(self.by_paper, key)

    def claim(self, pid: int, key: str) -> None:
        """Entry ``key`` landed on paper ``pid`` (entries without a key claim nothing)."""
        if key:
            self.by_paper.setdefault(pid, key)


@dataclass(frozen=True)
class _OtherKeys:
    by_paper: dict[int, str]
    key: str

    def __contains__(self, pid: object) -> bool:
        other = self.by_paper.get(pid)  # type: ignore[call-overload]
        return bool(self.key and other and other != self.key)


def _import_one(lib: Library, path: Path, result: ParseResult, dupes: DuplicateIndex,
                mode: str, report: ImportReport, progress: Progress) -> None:
    file_report = ImportReport(problems=list(result.problems), warnings=list(result.warnings))
    entries = result.entries
    keys = FileKeys()
    pos = 0
    try:
        while True:
            pos, chunk = _commit_chunk(lib, path, entries, pos, dupes, mode, file_report, keys)
            file_report.add(chunk)  # counted once committed (a full disk fails the commit)
            progress.advance(chunk.read)
            if pos >= len(entries):
                break
            lib.queue.let_others_in()
            check_cancelled(progress)
    finally:
        report.add(file_report)


def _commit_chunk(lib: Library, path: Path, entries: list, pos: int, dupes: DuplicateIndex,
                  mode: str, file_report: ImportReport, keys: FileKeys) -> tuple[int, _Chunk]:
    """Store a chunk (:func:`_store_chunk`) in a transaction of its own, logging the
    file's import with its last chunk; when the commit fails, ``dupes`` forgets the
    chunk's papers."""
    added: list[int] = []
    try:
        with lib.transaction():
            pos, chunk = _store_chunk(lib, path, entries, pos, dupes, mode, file_report, keys)
            added = chunk.added_ids
            if pos >= len(entries):
                _log_import(lib, path, file_report, chunk)
    except BaseException:
        for ref in added:
            dupes.remove(ref)
        raise
    return pos, chunk


def _log_import(lib: Library, path: Path, file_report: ImportReport,
                last: ImportReport) -> None:
    """Note the import of ``path`` in ``import_log`` (its last chunk ``last`` included)."""
    done = ImportReport()
    done.add(file_report)
    done.add(last)
    lib.db["import_log"].insert({
        "time": now(), "file": str(path), "format": "auto", "added": done.added,
        "merged": done.merged, "skipped": done.skipped,
        "problems": json.dumps([p.to_dict() for p in done.problems]),
    })


def _store_chunk(lib: Library, path: Path, entries: list, pos: int, dupes: DuplicateIndex,
                 mode: str, file_report: ImportReport,
                 keys: FileKeys) -> tuple[int, _Chunk]:
    """Store entries from ``pos`` on for up to :data:`CHUNK_S` seconds (inside the caller's
    transaction); returns the position reached and the chunk's report, which the caller
    adds to ``file_report`` once its transaction commits, so a chunk rolled back is not
    counted. An entry is never merged into a paper another entry of the file, under
    another key, became or was merged into (``keys``)."""
    db = lib.db
    chunk = _Chunk()
    added_refs: list[int] = []
    taken = taken_keys(db)  # read inside: other processes may have added papers meanwhile
    if mode != "keep-both":  # and find what they imported as duplicates too
        dupes.seen_id = add_library_papers(dupes, db, dupes.seen_id,
                                           skip=set(file_report.added_ids))
    deadline = time.monotonic() + CHUNK_S
    start = pos
    try:
        while pos < len(entries) and (pos == start or time.monotonic() < deadline):
            entry = entries[pos]
            pos += 1
            paper = entry.paper
            if not paper.title.strip():
                chunk.problems.append(
                    ImportProblem(str(path), entry.line, entry.key, "entry has no title"))
                continue
            found = (dupes.find_match(paper, keys.others(entry.key))
                     if mode != "keep-both" else None)
            match = found.ref if found and not found.possible else None
            if match is not None and not _in_library(db, match):
                match = None  # deleted or trashed (in the window) since the import began
            if match is not None and mode == "skip":
                chunk.skipped += 1
                continue
            if match is not None:
                keys.claim(match, entry.key)
                existing, kept_both = _merge(lib, match, paper, chunk.touched)
                chunk.merged += 1
                chunk.merged_ids.append(match)
                chunk.merges.append({"file": str(path), "line": entry.line, "key": entry.key,
                                     "into": match, "reason": found.reason,  # type: ignore[union-attr]
                                     "title": existing.title or paper.title,
                                     "abstracts": "both kept" if kept_both else "one"})
                continue
            pid = insert_paper(db, paper, taken)
            keys.claim(pid, entry.key)
            chunk.touched |= _parts_of(paper)
            for source in paper.attachments:
                store_attachment(lib, pid, Path(source), paper.fulltext)
            if found is not None and found.possible and _in_library(db, found.ref):
                reason = found.reason
                if found.kept_apart:
                    reason += (f"; both are entries of {path.name}, under the keys "
                               f"{keys.by_paper[found.ref]} and {entry.key}")
                chunk.possible_duplicates.append({
                    "file": str(path), "line": entry.line, "key": entry.key, "id": pid,
                    "title": paper.title, "like": found.ref, "reason": reason,
                    "linked": found.preprint})
                if found.preprint:
                    _link_possible_duplicate(lib, pid, found.ref)
                    chunk.warnings.append(
                        f"{path}: {paper.title[:60]!r} may be the preprint or published version "
                        f"of paper {found.ref}; kept apart and linked")
            if mode != "keep-both":
                added_refs.append(pid)
                dupes.add(paper, pid)
            chunk.added += 1
            chunk.added_ids.append(pid)
        lib.queue_index(set(chunk.added_ids) | set(chunk.merged_ids))
    except BaseException:
        for ref in added_refs:  # rolled back: forget them
            dupes.remove(ref)
        raise
    chunk.read = pos - start
    return pos, chunk


@dataclass
class _Chunk(ImportReport):
    """What one chunk of an import stored; ``read``: how many entries it went through."""

    read: int = 0


def _parts_of(paper: Paper) -> set[str]:
    """The sidebar parts beyond the counts that storing ``paper`` touches."""
    return ({"tags"} if paper.tags else set()) | ({"collections"} if paper.collections
                                                  else set())


POSSIBLE_DUPLICATE_NOTE = "possible duplicate (preprint and published version)"


def _link_possible_duplicate(lib: Library, a: int, b: int) -> None:
    lib.db.execute(
        "INSERT OR IGNORE INTO links (a, b, note, created) VALUES (?, ?, ?, ?)",
        [min(a, b), max(a, b), POSSIBLE_DUPLICATE_NOTE, now()],
    )


def _in_library(db: Any, pid: int) -> bool:
    """True when paper ``pid`` exists and is not in the trash."""
    return db.execute("SELECT 1 FROM papers WHERE id = ? AND trashed IS NULL",
                      [pid]).fetchone() is not None


def _merge(lib: Library, pid: int, incoming: Paper,
           touched: set[str] | None = None) -> tuple[Paper, bool]:
    """Fill the existing paper's empty fields and add incoming tags; never touch user data.
    Returns the paper as it was, and True when the two abstracts differed and both were
    kept; adds the sidebar parts the merge changed (new tags, new collections) to
    ``touched``."""
    (existing,) = load_papers(lib.db, [pid])
    changes = merge_fields(existing, incoming)
    if touched is not None:
        if changes.get("tags"):
            touched.add("tags")
        if set(incoming.collections) - set(existing.collections):
            touched.add("collections")
    columns = {k: v for k, v in changes.items() if k in (
        "title", "abstract", "year", "venue", "entry_type", "doi", "arxiv_id", "url")}
    if "extra" in changes:
        columns["extra"] = json.dumps(changes["extra"], ensure_ascii=False)
    if "authors" in changes:
        from paperdesk.library.writing import write_authors

        write_authors(lib.db, pid, changes["authors"])
    for tag in changes.get("tags", []):
        name = tag.name if hasattr(tag, "name") else str(tag)
        lib.db.execute(
            "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
            "VALUES (?, ?, 'user', NULL, 0)",
            [pid, clean_tag(name)],
        )
    if columns or changes:
        update_fields(lib.db, pid, columns)
    if incoming.collections:
        from paperdesk.library.writing import write_collections

        write_collections(lib.db, pid, incoming.collections)
    # (a paper whose stored file went missing from files/ takes the imported copy back)
    if incoming.attachments and not any((lib.files_dir / a).is_file()
                                        for a in existing.attachments):
        for source in incoming.attachments:
            store_attachment(lib, pid, Path(source), incoming.fulltext)
    add_new_pdf_highlights(lib, pid, existing.highlights, incoming.highlights)
    return existing, bool(existing.abstract) and "abstract" in changes


def add_new_pdf_highlights(lib: Library, pid: int, existing: list[Highlight],
                           incoming: list[Highlight]) -> int:
    """Store the incoming PDF-page highlights that paper ``pid`` does not have yet (same page
    and rectangles); re-reading a PDF never duplicates its annotations. Returns how many."""
    from paperdesk.library.writing import write_highlight

    def key(h: Highlight) -> tuple:
        return (h.page, tuple(tuple(round(v, 1) for v in q) for q in h.quads), h.kind)

    have = {key(h) for h in existing if h.page is not None}
    added = 0
    for h in incoming:
        if h.page is None or key(h) in have:
            continue
        write_highlight(lib.db, pid, h, now())
        have.add(key(h))
        added += 1
    return added
