"""Attached files (PDFs): copied into the library's ``files/`` folder, text indexed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.errors import InputFileError, LibraryError
from paperdesk.library.changes import Change
from paperdesk.library.db import now, os_reason

if TYPE_CHECKING:
    from paperdesk.library.library import Library


def store_attachment(lib: Library, pid: int, source: Path, fulltext: str) -> str:
    """Copy ``source`` to ``files/<id>/`` and record it (inside the caller's transaction).

    Returns the path relative to ``files/``.
    """
    rel = Path(str(pid)) / source.name
    dest = lib.files_dir / rel
    if source.resolve() != dest.resolve():
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)
        except OSError as exc:
            dest.unlink(missing_ok=True)  # no half-copied file (the transaction rolls back)
            if exc.filename and Path(exc.filename) == source:
                raise InputFileError(str(source), f"cannot read file ({os_reason(exc)})") \
                    from exc
            raise LibraryError(f"{lib.files_dir}: cannot copy {source.name} into the "
                               f"library ({os_reason(exc)})") from exc
    lib.db.execute("DELETE FROM attachments WHERE paper_id = ? AND path = ?", [pid, rel.as_posix()])
    lib.db.execute(
        "INSERT INTO attachments (paper_id, path, fulltext, added) VALUES (?, ?, ?, ?)",
        [pid, rel.as_posix(), fulltext, now()],
    )
    return rel.as_posix()


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
        if source.suffix.lower() == ".pdf":
            from paperdesk.importers.pdf import extract_pdf_text

            text = extract_pdf_text(source)
        with self.lib.edit(f"Attach {source.name}", [pid], undoable=False):
            store_attachment(self.lib, pid, source, text)
        return Change("attachments", frozenset({pid}), f"Attached {source.name}")

    def paths(self, paper_id: int) -> list[Path]:
        """Absolute paths of a paper's attachments."""
        return [
            self.lib.files_dir / r[0]
            for r in self.lib.reader.execute(
                "SELECT path FROM attachments WHERE paper_id = ? ORDER BY id", [int(paper_id)]
            )
        ]
