"""Highlights in PDF files: read the standard annotations other viewers made, write ours.

Reading (pypdfium2): /Highlight, /Underline (with their /QuadPoints) and /Text notes
become :class:`~paperdesk.records.Highlight` records on their page, with the quoted text
under the quads, the annotation's /Contents as comment and its colour mapped to the
nearest PaperDesk colour.

Writing (pypdf): :func:`write_highlights` copies a PDF and adds one standard annotation
per PaperDesk highlight (/Highlight, /Underline or /Text), so any viewer shows them, and
reading the copy back gives the same highlights.
"""

from __future__ import annotations

import ctypes
import io
import logging
import warnings
from collections.abc import Iterable
from pathlib import Path

import pypdfium2.raw as pdfium_c

from paperdesk.errors import InputFileError
from paperdesk.importers.pdf_layout import nfkc
from paperdesk.records import Highlight

#: PaperDesk highlight colours as RGB (0-255), shared with the window's reader
HIGHLIGHT_RGB = {
    "yellow": (250, 215, 30),
    "green": (80, 200, 90),
    "blue": (80, 160, 250),
    "pink": (245, 110, 170),
}
_KINDS = {
    pdfium_c.FPDF_ANNOT_HIGHLIGHT: "highlight",
    pdfium_c.FPDF_ANNOT_UNDERLINE: "underline",
    pdfium_c.FPDF_ANNOT_TEXT: "note",
}
_SUBTYPES = {"highlight": "/Highlight", "underline": "/Underline", "note": "/Text"}
#: written into /T of the annotations PaperDesk adds
AUTHOR = "PaperDesk"


def nearest_color(rgb: tuple[float, float, float]) -> str:
    """The PaperDesk colour name closest to an RGB triple (0-255)."""
    return min(
        HIGHLIGHT_RGB,
        key=lambda name: sum((a - b) ** 2 for a, b in zip(HIGHLIGHT_RGB[name], rgb, strict=True)),
    )


def _string_value(annot: object, key: bytes) -> str:
    size = pdfium_c.FPDFAnnot_GetStringValue(annot, key, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    pdfium_c.FPDFAnnot_GetStringValue(annot, key, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le", errors="replace")


def _quads(annot: object) -> list[list[float]]:
    quads = []
    point = pdfium_c.FS_QUADPOINTSF()
    for i in range(pdfium_c.FPDFAnnot_CountAttachmentPoints(annot)):
        if pdfium_c.FPDFAnnot_GetAttachmentPoints(annot, i, point):
            xs = [point.x1, point.x2, point.x3, point.x4]
            ys = [point.y1, point.y2, point.y3, point.y4]
            quads.append([round(min(xs), 2), round(min(ys), 2), round(max(xs), 2),
                          round(max(ys), 2)])
    if not quads:
        rect = pdfium_c.FS_RECTF()
        if pdfium_c.FPDFAnnot_GetRect(annot, rect):
            quads.append([round(rect.left, 2), round(min(rect.bottom, rect.top), 2),
                          round(rect.right, 2), round(max(rect.bottom, rect.top), 2)])
    return quads


def _color(annot: object) -> str:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if pdfium_c.FPDFAnnot_GetColor(annot, pdfium_c.FPDFANNOT_COLORTYPE_Color, r, g, b, a):
        return nearest_color((r.value, g.value, b.value))
    return "yellow"


def text_under(textpage: object, quads: Iterable[list[float]]) -> str:
    """The page text inside the rectangles (each shrunk a little to miss the next line)."""
    parts = []
    for x0, y0, x1, y1 in quads:
        pad = (y1 - y0) * 0.2
        parts.append(textpage.get_text_bounded(x0, y0 + pad, x1, y1 - pad))  # type: ignore[attr-defined]
    text = " ".join(" ".join(p.split()) for p in parts)
    return nfkc(text.replace("\x02", "")).strip()


def read_annotations(page: object, number: int) -> list[Highlight]:
    """Highlights, underlines and notes on a pypdfium2 page (page ``number``, 0-based)."""
    raw = page.raw  # type: ignore[attr-defined]
    count = pdfium_c.FPDFPage_GetAnnotCount(raw)
    if count <= 0:
        return []
    found: list[Highlight] = []
    textpage = None
    try:
        for i in range(count):
            annot = pdfium_c.FPDFPage_GetAnnot(raw, i)
            if not annot:
                continue
            try:
                kind = _KINDS.get(pdfium_c.FPDFAnnot_GetSubtype(annot))
                if kind is None:
                    continue
                quads = _quads(annot)
                comment = _string_value(annot, b"Contents").strip()
                text = ""
                if kind != "note" and quads:
                    if textpage is None:
                        textpage = page.get_textpage()  # type: ignore[attr-defined]
                    text = text_under(textpage, quads)
                if kind == "note" and not comment:
                    continue
                if kind == "note":
                    quads = quads[:1]
                found.append(Highlight(start=0, end=0, text=text, comment=comment,
                                       color=_color(annot), page=number, quads=quads,
                                       kind=kind, origin="pdf"))
            finally:
                pdfium_c.FPDFPage_CloseAnnot(annot)
    finally:
        if textpage is not None:
            textpage.close()
    return found


def write_highlights(source: Path, dest: Path, highlights: Iterable[Highlight]) -> int:
    """Copy the PDF ``source`` to ``dest`` with the PDF highlights added as annotations.

    Highlights already in the file (origin 'pdf') are not written twice.

    Returns:
        The number of annotations written.

    Raises:
        InputFileError: the PDF cannot be read or the copy cannot be written.
    """
    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.ERROR)  # pypdf logs repairs of odd files; they are not news
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _write(source, dest, highlights)
    finally:
        pypdf_log.setLevel(level)


def _write(source: Path, dest: Path, highlights: Iterable[Highlight]) -> int:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        FloatObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    written = 0
    try:
        writer = PdfWriter(clone_from=PdfReader(str(source)))
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputFileError(str(source), f"cannot read PDF ({reason})") from exc
    for h in highlights:
        if h.page is None or h.origin == "pdf" or not 0 <= h.page < len(writer.pages):
            continue
        quads = h.quads or [[36.0, 36.0, 56.0, 56.0]]
        x0 = min(q[0] for q in quads)
        y0 = min(q[1] for q in quads)
        x1 = max(q[2] for q in quads)
        y1 = max(q[3] for q in quads)
        rgb = HIGHLIGHT_RGB.get(h.color, HIGHLIGHT_RGB["yellow"])
        annot = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(_SUBTYPES.get(h.kind, "/Highlight")),
            NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (x0, y0, x1, y1)]),
            NameObject("/C"): ArrayObject([FloatObject(round(c / 255, 4)) for c in rgb]),
            NameObject("/T"): TextStringObject(AUTHOR),
            NameObject("/Contents"): TextStringObject(h.comment or h.text),
            NameObject("/F"): NumberObject(4),
        })
        if h.kind != "note":
            points = []
            for qx0, qy0, qx1, qy1 in quads:
                points.extend([qx0, qy1, qx1, qy1, qx0, qy0, qx1, qy0])
            annot[NameObject("/QuadPoints")] = ArrayObject(FloatObject(v) for v in points)
            if not h.comment:
                annot[NameObject("/Contents")] = TextStringObject("")
        writer.add_annotation(h.page, annot)
        written += 1
    from paperdesk.errors import KnownError
    from paperdesk.export.atomic import write_atomically

    data = io.BytesIO()
    writer.write(data)
    try:  # (a full disk left an empty file behind)
        write_atomically(dest, data.getvalue())
    except KnownError as exc:  # ("cannot write PATH: REASON")
        reason = str(exc).rsplit(": ", 1)[-1]
        raise InputFileError(str(dest), f"cannot write ({reason})") from exc
    return written
