"""Importing a folder: every PDF and bibliography file below it, in small batches.

Files are read and stored a batch at a time (:data:`BATCH_FILES` files), so a folder of a
thousand PDFs imports with flat memory. A file already in the library (a PDF attached
with the same bytes) is skipped without being read, so importing the same folder
again adds nothing. A file that cannot be read is a problem entry naming it; the rest of
the folder still comes in.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.errors import Cancelled, InputFileError, KnownError
from paperdesk.importers import read_file
from paperdesk.library.importing import (
    ImportInterrupted,
    ImportReport,
    stopped_after,
    store_parsed,
)
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import ImportProblem, ParseResult

if TYPE_CHECKING:
    from paperdesk.library.library import Library

#: extensions taken from a folder (after removing ``.gz``); other files are left alone
FOLDER_EXTENSIONS = (".pdf", ".bib", ".bibtex", ".biblatex", ".ris", ".csljson")
BATCH_FILES = 16


def folder_files(root: Path) -> list[Path]:
    """PDFs and bibliography files below ``root`` (recursive, sorted, hidden ones skipped)."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            lower = name.lower().removesuffix(".gz")
            if not name.startswith(".") and lower.endswith(FOLDER_EXTENSIONS):
                found.append(Path(dirpath) / name)
    return found


def _attached_by_size(lib: Library) -> dict[int, list[Path]]:
    """The library's attached files grouped by size (to spot a file already in it)."""
    by_size: dict[int, list[Path]] = {}
    for (rel,) in lib.reader.execute("SELECT path FROM attachments"):
        path = lib.files_dir / rel
        try:
            by_size.setdefault(path.stat().st_size, []).append(path)
        except OSError:
            continue
    return by_size


def _already_attached(by_size: dict[int, list[Path]], path: Path) -> bool:
    """True when a paper has an attachment with this file's bytes."""
    try:
        candidates = by_size.get(path.stat().st_size, [])
        if not candidates:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    for stored in candidates:
        try:
            if stored.read_bytes() == data:
                return True
        except OSError:
            continue
    return False


def import_folder(lib: Library, root: str | Path, on_duplicate: str = "merge",
                  progress: Progress | None = None) -> ImportReport:
    """Import every PDF and bibliography file below ``root``.

    Raises:
        InputFileError: ``root`` is not a folder, or holds no file to import.
    """
    root = Path(root)
    if not root.is_dir():
        raise InputFileError(str(root), "not a folder")
    progress = progress or NullProgress()
    files = folder_files(root)
    if not files:
        raise InputFileError(str(root), "no PDF or bibliography file found in this folder "
                             f"or below it ({', '.join(FOLDER_EXTENSIONS)})")
    report = ImportReport()
    progress.start(len(files), f"Importing {root.name or root}")
    batch: list[tuple[Path, ParseResult]] = []
    attached = _attached_by_size(lib)
    try:
        for path in files:
            check_cancelled(progress)
            if path.suffix.lower() == ".pdf" and _already_attached(attached, path):
                report.skipped += 1
            else:
                try:
                    result = read_file(path)
                except InputFileError as exc:
                    result = ParseResult(problems=[ImportProblem(str(path), None, "",
                                                                 exc.reason)])
                batch.append((path, result))
            if len(batch) >= BATCH_FILES:
                _store(lib, batch, on_duplicate, report)
                batch = []
            progress.advance()
        _store(lib, batch, on_duplicate, report)
    except ImportInterrupted as exc:  # (saying what the batches before kept too)
        report.add(exc.report)
        raise ImportInterrupted(report) from exc
    except Cancelled:
        if report.added or report.merged:
            raise ImportInterrupted(report) from None
        raise
    except KnownError as exc:
        raise stopped_after(exc, report) from exc
    finally:
        progress.finish()
    return report


def _store(lib: Library, batch: list[tuple[Path, ParseResult]], on_duplicate: str,
           report: ImportReport) -> None:
    """Store a batch of files with one search-index commit (not one per file: Whoosh's
    commit and segment merging dominate otherwise). Each file is stored under its own
    name, so its warnings, merges and problems name it."""
    if batch:
        report.add(store_parsed(lib, batch, on_duplicate))
