"""A screenshot of the reader showing a PDF with highlights (for the README).

``python -m paperdesk.gui.screenshot_pdf PAPER.pdf docs/screenshots`` imports the PDF into a
temporary library, highlights three lines of its first page (two colours and a comment)
and saves ``reader-pdf-highlights.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QSettings

from paperdesk.config import Settings
from paperdesk.gui.app import make_app
from paperdesk.gui.screenshot import _settle
from paperdesk.importers.pdf_layout import page_lines
from paperdesk.library.library import Library


def main(pdf: Path, out: Path) -> None:
    app = make_app()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        lib = Library.open(Path(tmp) / "lib")
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
        from paperdesk.gui.mainwindow import MainWindow

        win = MainWindow(lib, Settings(tag_on_import=False),
                         QSettings(str(Path(tmp) / "state.ini"), QSettings.Format.IniFormat))
        win.resize(1440, 900)
        win.show()
        _settle(app, win)
        win.select_ids([pid])
        _settle(app, win, 1.0)
        win.reader.tabs.setCurrentIndex(1)
        win.reader.pdf.find.setText("offline")
        win.reader.pdf.next_result()
        win.reader.pdf.go_to_page(0)
        _settle(app, win, 1.5)
        win.grab().save(str(out / "reader-pdf-highlights.png"))
        win.close()
        lib.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "docs/screenshots"))
