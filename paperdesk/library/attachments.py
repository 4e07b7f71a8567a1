"""Attached files (PDFs): copied into the library's ``files/`` folder, text indexed."""

from __future__ import annotations

import contextlib
import errno
import filecmp
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.errors import InputFileError, LibraryError
from paperdesk.library.changes import Change
from paperdesk.library.db import now, os_reason

if TYPE_CHECKING:
    from paperdesk.library.library import Library


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def readable_name(lib: Library, pid: int, source: Path) -> str:
    """"Family 2021 - Title words.pdf" for paper ``pid`` (the source's name when untitled)."""
    row = lib.db.execute("SELECT title, year FROM papers WHERE id = ?", [pid]).fetchone()
    author = lib.db.execute(
        "SELECT family FROM authors WHERE paper_id = ? ORDER BY position LIMIT 1", [pid]
    ).fetchone()
    if not row or not row[0]:
        return source.name
    title = " ".join(row[0].split())
    if len(title) > 60:
        title = title[:60].rsplit(" ", 1)[0]
    head = " ".join(str(p) for p in ((author[0] if author else ""), row[1] or "") if p)
    stem = f"{head} - {title}" if head else title
    stem = _UNSAFE.sub(" ", stem).strip(" .") or source.stem
    return f"{stem}{source.suffix.lower()}"


def store_attachment(lib: Library, pid: int, source: Path, fulltext: str,
                     name: str | None = None) -> str:
    """Copy ``source`` to ``files/<id>/`` (as ``name``, default a readable name from the
    paper's first author, year and title) and record it (inside the caller's transaction).

    Returns the path relative to ``files/``.
    """
    rel = _free_name(lib, Path(str(pid)) / (name or readable_name(lib, pid, source)), source)
    dest = lib.files_dir / rel
    if source.resolve() != dest.resolve() and not dest.exists():
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
        except OSError as exc:
            dest.unlink(missing_ok=True)  # no half-copied file (the transaction rolls back)
            with contextlib.suppress(OSError):
                dest.parent.rmdir()  # (a folder made for it, left empty)
            # a full disk is the library's ("cannot read file" blamed the PDF)
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) and (
                    exc.filename and Path(exc.filename) == source):
                raise InputFileError(str(source), f"cannot read file ({os_reason(exc)})") \
                    from exc
            raise LibraryError(f"{lib.files_dir}: cannot copy {source.name} into the "
                               f"library ({os_reason(exc)})") from exc
        lib.file_made(dest)
    lib.db.execute("DELETE FROM attachments WHERE paper_id = ? AND path = ?", [pid, rel.as_posix()])
    lib.db.execute(
        "INSERT INTO attachments (paper_id, path, fulltext, added) VALUES (?, ?, ?, ?)",
        [pid, rel.as_posix(), fulltext, now()],
    )
    return rel.as_posix()


def _free_name(lib: Library, rel: Path, source: Path) -> Path:
    """``rel``, or ``rel`` numbered ("Name (2).pdf") when another file has that name in
    the library: a second PDF of a paper (a new version, the supplement) gets the same
    readable name and overwrote the first. The same file again keeps its name."""
    numbered, n = rel, 1
    while (lib.files_dir / numbered).exists():
        dest = lib.files_dir / numbered
        try:
            if source.resolve() == dest.resolve() or filecmp.cmp(source, dest, shallow=False):
                return numbered
        except OSError:
            pass  # unreadable: not the same file (reading the source reports the error)
        n += 1
        numbered = rel.with_name(f"{rel.stem} ({n}){rel.suffix}")
    return numbered


class AttachmentManager:
    """``lib.attachments``: files attached to papers."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    def attach(self, paper_id: int, source: str | Path) -> Change:
        """Attach a file (a PDF's text goes into full-text search); raises on a bad PDF."""
        (pid,) = self.lib.papers.require([paper_id])
        source = Path(source)
        if not source.exists():
            raise InputFileError(str(source), "no such file")
        if not source.is_file():
            raise InputFileError(str(source), "not a regular file (a folder, FIFO or device); "
                                 "refused")
        text = ""
        highlights = []
        if source.suffix.lower() == ".pdf":
            from paperdesk.importers.pdf import read_pdf_file

            content = read_pdf_file(source, header=False, require_text=False)
            text, highlights = content.text, content.highlights
        with self.lib.edit(f"Attach {source.name}", [pid], undoable=False):
            store_attachment(self.lib, pid, source, text)
            if highlights:
                from paperdesk.library.importing import add_new_pdf_highlights
                from paperdesk.library.reading import load_papers

                (paper,) = load_papers(self.lib.db, [pid])
                add_new_pdf_highlights(self.lib, pid, paper.highlights, highlights)
        return Change("attachments", frozenset({pid}), f"Attached {source.name}")

    def remove(self, paper_id: int, path: str | Path | None = None) -> Change:
        """Detach a file (all of the paper's files when ``path`` is None) and delete the copy
        in ``files/``; highlights stay with the paper."""
        (pid,) = self.lib.papers.require([paper_id])
        targets = [p for p in self.paths(pid) if path is None or p == Path(path)
                   or p.name == Path(path).name]
        with self.lib.edit("Remove attachment", [pid], undoable=False):
            for target in targets:
                rel = target.relative_to(self.lib.files_dir).as_posix()
                self.lib.db.execute("DELETE FROM attachments WHERE paper_id = ? AND path = ?",
                                    [pid, rel])
        for target in targets:
            try:
                target.unlink()
            except OSError:
                pass  # the row is gone; a stale copy does no harm
        return Change("attachments", frozenset({pid}), "Removed attachment")

    def replace(self, paper_id: int, source: str | Path) -> Change:
        """Replace the paper's attached files with ``source``."""
        source = Path(source)
        if not source.is_file():
            raise InputFileError(str(source), "no such file")
        self.remove(paper_id)
        return self.attach(paper_id, source)

    def export_with_highlights(self, paper_id: int, dest: str | Path) -> int:
        """Write a copy of the paper's PDF to ``dest`` with its PDF highlights as standard
        annotations (any viewer shows them). Returns how many were written.

        Raises:
            InputFileError: the paper has no PDF, its PDF is missing from the library's
                files, or the copy cannot be written.
        """
        from paperdesk.importers.pdf_annotations import write_highlights

        (pid,) = self.lib.papers.require([paper_id])
        pdfs = [p for p in self.paths(pid) if p.suffix.lower() == ".pdf"]
        if not pdfs:
            raise InputFileError(str(dest), f"paper {pid} has no PDF attached")
        present = [p for p in pdfs if p.is_file()]
        if not present:  # (as 'show' says it)
            raise InputFileError(str(pdfs[0].relative_to(self.lib.files_dir)),
                                 f"paper {pid}'s PDF is missing: import the file again "
                                 "to bring it back")
        return write_highlights(present[0], Path(dest), self.lib.get(pid).highlights)

    def paths(self, paper_id: int) -> list[Path]:
        """Absolute paths of a paper's attachments."""
        return [
            self.lib.files_dir / r[0]
            for r in self.lib.reader.execute(
                "SELECT path FROM attachments WHERE paper_id = ? ORDER BY id", [int(paper_id)]
            )
        ]
