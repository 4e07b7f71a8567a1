"""ODT and PDF annotated bibliographies, written with Qt's document writers.

The HTML exporter makes the content; :class:`QTextDocument` lays it out and
:class:`QTextDocumentWriter` (ODF) or :class:`QPdfWriter` (PDF) writes the file. The
command line uses this too (``paperdesk export --format odt|pdf``), on Qt's offscreen
platform when there is no window.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import (
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextDocumentWriter,
)

DOCUMENT_FORMATS = {"odt": ".odt", "pdf": ".pdf"}


def _ensure_app() -> None:
    """Qt needs an application object to lay out text (offscreen when headless)."""
    if QGuiApplication.instance() is None:
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        _ensure_app.app = QGuiApplication([])  # type: ignore[attr-defined]


def _document(html: str) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(html)
    return doc


def write_document(html: str, fmt: str, path: Path) -> None:
    """Write ``html`` as ``fmt`` ("odt" or "pdf") to ``path`` atomically.

    The document is made in memory, then written as any export is (see
    :func:`~paperdesk.export.atomic.write_atomically`): Qt's writers said nothing when the
    disk filled, and a full disk left a broken PDF over the last good one.

    Raises:
        KnownError: the file cannot be written (the folder is missing, read-only or full).
    """
    from paperdesk.errors import KnownError
    from paperdesk.export.atomic import write_atomically

    _ensure_app()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    doc = _document(html)
    if fmt == "odt":
        writer = QTextDocumentWriter(buffer, b"odf")
        if not writer.write(doc):
            raise KnownError(f"{path}: could not write the ODT file")
    elif fmt == "pdf":
        pdf = QPdfWriter(buffer)
        pdf.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        pdf.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
        pdf.setResolution(300)
        pdf.setTitle("Annotated bibliography")
        pdf.setCreator("PaperDesk")
        # lay out for the printer so point sizes come out as points on paper
        doc.documentLayout().setPaintDevice(pdf)
        doc.setHtml(html)
        size = pdf.pageLayout().paintRectPixels(pdf.resolution()).size()
        doc.setPageSize(QSizeF(size))
        doc.print_(pdf)
        del pdf  # finishes the document
    else:
        raise ValueError(f"unknown document format {fmt!r}")
    buffer.close()
    write_atomically(path, bytes(buffer.data().data()))
