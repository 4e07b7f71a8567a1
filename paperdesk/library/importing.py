"""Storing what the importers read: duplicates caught at the door, one transaction per file.

Every file is parsed before anything is written, so a whole-file error (unknown format,
unreadable, empty, binary) leaves the library unchanged. Each file is then written in one
transaction: a crash or Cancel leaves no half-imported paper, and re-running the import
completes the job without duplicates.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.errors import InputFileError, UsageError
from paperdesk.importers import read_file
from paperdesk.library.attachments import store_attachment
from paperdesk.library.db import now, translate_errors
from paperdesk.library.duplicates import DuplicateIndex, merge_fields
from paperdesk.library.reading import load_papers
from paperdesk.library.writing import clean_tag, insert_paper, taken_keys, update_fields
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import Author, Highlight, ImportProblem, Paper, ParseResult

if TYPE_CHECKING:
    from paperdesk.library.library import Library

DUPLICATE_MODES = ("merge", "skip", "keep-both")


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

    @property
    def exit_status(self) -> int:
        """0 when every entry came in (or was a duplicate), 1 when some could not."""
        return 1 if self.problems else 0

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
        }


def existing_duplicate_index(lib: Library) -> DuplicateIndex:
    """A duplicate index over the papers outside the trash (identity fields only)."""
    index = DuplicateIndex()
    db = lib.db
    first_authors = {
        r[0]: Author(family=r[1], given=r[2], prefix=r[3])
        for r in db.execute(
            "SELECT paper_id, family, given, prefix FROM authors WHERE position = 0")
    }
    rows = db.execute(
        "SELECT id, title, year, doi, arxiv_id, extra, venue, url, "
        "CASE WHEN year IS NULL OR NOT EXISTS (SELECT 1 FROM authors a WHERE a.paper_id = "
        "papers.id) THEN abstract ELSE '' END FROM papers WHERE trashed IS NULL"
    )
    for pid, title, year, doi, arxiv_id, extra, venue, url, abstract in rows:
        extra_d = json.loads(extra) if extra and extra != "{}" else {}
        author = first_authors.get(pid)
        # identity fields only; the abstract only where a rule compares it (no authors)
        paper = Paper(
            title=title, year=year, doi=doi, arxiv_id=arxiv_id, abstract=abstract,
            venue=venue, url=url, authors=[author] if author else [],
            extra={k: extra_d[k] for k in ("volume", "number", "pages") if k in extra_d},
        )
        index.add(paper, pid)
    return index


def import_files(lib: Library, paths: list[Path], fmt: str | None = None,
                 on_duplicate: str = "merge", progress: Progress | None = None) -> ImportReport:
    """Parse every file, then store each in its own transaction."""
    if on_duplicate not in DUPLICATE_MODES:
        raise UsageError(f"--on-duplicate must be one of {', '.join(DUPLICATE_MODES)}")
    parsed = [(path, read_file(path, fmt, progress)) for path in paths]
    for path, result in parsed:  # before anything is written
        if not result.entries and not result.problems:
            raise InputFileError(str(path), "no entries found (is the format right? "
                                 "--format chooses one)")
    return store_parsed(lib, parsed, on_duplicate, progress)


def store_parsed(lib: Library, parsed: list[tuple[Path, ParseResult]],
                 on_duplicate: str = "merge", progress: Progress | None = None) -> ImportReport:
    """Store what importers read (one transaction per source) and index it."""
    if on_duplicate not in DUPLICATE_MODES:
        raise UsageError(f"--on-duplicate must be one of {', '.join(DUPLICATE_MODES)}")
    progress = progress or NullProgress()
    report = ImportReport()
    total = sum(len(r.entries) for _, r in parsed)
    progress.start(total, "Importing")
    try:
        with lib.write_lock, translate_errors(lib.db_path):
            keep_all = on_duplicate == "keep-both"
            dupes = DuplicateIndex() if keep_all else existing_duplicate_index(lib)
            for path, result in parsed:
                _import_one(lib, path, result, dupes, on_duplicate, report, progress)
    finally:
        progress.finish()
    return report


def _import_one(lib: Library, path: Path, result: ParseResult, dupes: DuplicateIndex,
                mode: str, report: ImportReport, progress: Progress) -> None:
    db = lib.db
    file_report = ImportReport(problems=list(result.problems), warnings=list(result.warnings))
    # the index lock is held over the commit until the papers are unqueued, so no other
    # process indexes them too (which would make duplicates in the index)
    with lib.index.batch(progress) as batch:
        with lib.transaction():
            taken = taken_keys(db)  # read inside: the window may have added papers meanwhile
            for n, entry in enumerate(result.entries, start=1):
                if n % 200 == 0:
                    check_cancelled(progress)
                    progress.advance(200)
                paper = entry.paper
                if not paper.title.strip():
                    file_report.problems.append(
                        ImportProblem(str(path), entry.line, entry.key, "entry has no title")
                    )
                    continue
                found = dupes.find_match(paper) if mode != "keep-both" else None
                match = found.ref if found is not None else None
                possible = None
                if found is not None and found.possible:
                    possible, match = found.ref, None  # preprint vs published: link, not merge
                if match is not None and not _in_library(db, match):
                    match = None  # deleted or trashed (in the window) since the import began
                if match is not None and mode == "skip":
                    file_report.skipped += 1
                    continue
                if match is not None:
                    _merge(lib, match, paper)
                    file_report.merged += 1
                    file_report.merged_ids.append(match)
                    file_report.merges.append(
                        {"file": str(path), "line": entry.line, "key": entry.key, "into": match}
                    )
                    continue
                pid = insert_paper(db, paper, taken)
                for source in paper.attachments:
                    store_attachment(lib, pid, Path(source), paper.fulltext)
                if possible is not None and _in_library(db, possible):
                    _link_possible_duplicate(lib, pid, possible)
                    file_report.warnings.append(
                        f"{path}: {paper.title[:60]!r} may be the preprint or published version "
                        f"of paper {possible}; kept apart and linked"
                    )
                if mode != "keep-both":
                    dupes.add(paper, pid)
                file_report.added += 1
                file_report.added_ids.append(pid)
            progress.advance(len(result.entries) % 200)
            changed = set(file_report.added_ids) | set(file_report.merged_ids)
            lib.queue_index(changed)
            db["import_log"].insert({
                "time": now(), "file": str(path), "format": "auto",
                "added": file_report.added, "merged": file_report.merged,
                "skipped": file_report.skipped,
                "problems": json.dumps([p.to_dict() for p in file_report.problems]),
            })
        batch.added.update(file_report.added_ids)
        batch.updated.update(file_report.merged_ids)
        batch.after.append(lambda: lib.unqueue_index(changed))
    for name in ("added", "merged", "skipped"):
        setattr(report, name, getattr(report, name) + getattr(file_report, name))
    for name in ("problems", "warnings", "merges", "added_ids", "merged_ids"):
        getattr(report, name).extend(getattr(file_report, name))


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


def _merge(lib: Library, pid: int, incoming: Paper) -> None:
    """Fill the existing paper's empty fields and add incoming tags; never touch user data."""
    (existing,) = load_papers(lib.db, [pid])
    changes = merge_fields(existing, incoming)
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
    if incoming.attachments and not existing.attachments:
        for source in incoming.attachments:
            store_attachment(lib, pid, Path(source), incoming.fulltext)
    add_new_pdf_highlights(lib, pid, existing.highlights, incoming.highlights)


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
