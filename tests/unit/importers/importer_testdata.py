"""Shared helpers of the importer tests: the fixture folders and PDFs made on the fly."""

from __future__ import annotations

import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
#: small fixtures shipped in the repository (licences and sources in its PROVENANCE.md)
LOCAL = REPO / "tests" / "data"
FIXTURES = LOCAL / "fixtures"
#: the big shared corpora beside the repository (absent on a plain clone)
DATA = REPO.parent / "shared" / "data"

if not (FIXTURES / "bibtex").is_dir():  # fail loudly at collection: never skip silently
    raise RuntimeError(f"test fixtures not found at {FIXTURES}")


def make_pdf(
    lines: list[tuple[int, str]], title: str | None = None, compress: bool = True
) -> bytes:
    """A minimal one-page PDF showing ``lines`` as ``(font size, text)`` from the top.

    Args:
        lines: text lines, drawn top to bottom in Helvetica at the given size.
        title: the document information Title, if any.
        compress: Flate-compress the content stream, as real PDFs do.
    """
    ops, y = [], 760
    for size, text in lines:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"BT /F1 {size} Tf 72 {y} Td ({escaped}) Tj ET")
        y -= size + 8
    stream = "\n".join(ops).encode("latin-1")
    stream_dict = b"<< /Length %d >>" % len(stream)
    if compress:
        stream = zlib.compress(stream)
        stream_dict = b"<< /Length %d /Filter /FlateDecode >>" % len(stream)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        stream_dict + b"\nstream\n" + stream + b"\nendstream",
    ]
    if title is not None:
        objects.append(b"<< /Title (" + title.encode("latin-1") + b") >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    info = b" /Info %d 0 R" % len(objects) if title is not None else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        info,
        xref,
    )
    return bytes(out)
