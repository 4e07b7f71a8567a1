"""Attached files (PDFs): copied into the library's ``files/`` folder, text indexed."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.errors import InputFileError
from paperdesk.library.changes import Change
from paperdesk.library.db import now

if TYPE_CHECKING:
    from paperdesk.library.library import Library


def store_attachment(lib: Library, pid: int, source: Path, fulltext: str,
                     name: str | None = None) -> str:
    """Copy ``source`` to ``files/<id>/`` (as ``name``, default its own name) and record it
    (inside the caller's transaction).

    Returns the path relative to ``files/``.
    """
    rel = Path(str(pid)) / (name or source.name)
    dest = lib.files_dir / rel
    if source.resolve() != dest.resolve():
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copy2(source, dest)
        except OSError as exc:
            raise InputFileError(str(source), f"cannot copy into the library ({exc})") from exc
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
        if not source.is_file():
            raise InputFileError(str(source), "no such file")
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
