"""A screenshot of the reader showing a PDF with highlights (for the README).

``python -m paperdesk.gui.screenshot_pdf PAPER.pdf docs/screenshots`` imports the PDF into a
temporary library, highlights three lines of its first page (two colours and a comment)
and saves ``reader-pdf-highlights.png``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium

from paperdesk.gui.screenshot import _settle, screenshot_session
from paperdesk.importers.pdf_layout import page_lines
from paperdesk.library.library import Library


def _highlighted(pdf: Path) -> Callable[[Library], int]:
    def prepare(lib: Library) -> int:
        """``pdf`` imported, with four highlights on its first page; returns its paper."""
        (pid,) = lib.import_files([pdf]).added_ids
        doc = pdfium.PdfDocument(pdf)
        lines = page_lines(doc[0])
        doc.close()
        picks = [(2, "yellow", "the claim to check"), (3, "yellow", ""), (8, "green", ""),
                 (-6, "pink", "compare with our pipeline")]
        body = [ln for ln in lines if len(ln.text) > 40]
        for index, color, comment in picks:
            line = body[index]
            lib.highlights.add_pdf(pid, 0, [[line.x0, line.y0, line.x1, line.y1]], line.text,
                                   comment, color)
        return pid

    return prepare


def main(pdf: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with screenshot_session(_highlighted(pdf)) as (app, _lib, pid, window):
        win = window()
        win.select_ids([pid])
        _settle(app, win, 1.0)
        win.reader.tabs.setCurrentIndex(1)
        win.reader.pdf.find.setText("offline")
        win.reader.pdf.next_result()
        win.reader.pdf.go_to_page(0)
        _settle(app, win, 1.5)
        win.grab().save(str(out / "reader-pdf-highlights.png"))
        win.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"))
