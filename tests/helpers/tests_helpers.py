"""Small helpers for tests: making real input files."""

from __future__ import annotations

from pathlib import Path


def write_pdf(path: Path, title: str, body: str) -> Path:
    """A real one-page PDF with ``title`` as metadata and first line, then ``body``."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=612, height=792)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})
    })

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = DecodedStreamObject()
    stream.set_data(
        f"BT /F1 18 Tf 72 720 Td ({esc(title)}) Tj ET\n"
        f"BT /F1 11 Tf 72 690 Td ({esc(body)}) Tj ET\n".encode("latin-1")
    )
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.add_metadata({"/Title": title})
    with open(path, "wb") as f:
        writer.write(f)
    return path


def write_papers_jsonl(path: Path, n: int, offset: int = 0) -> Path:
    """``n`` distinct papers as JSON lines (titles, authors, years and abstracts made of
    numbered words, so no two are duplicates); ids ``offset`` to ``offset + n - 1``."""
    import json
    import random

    rng = random.Random(offset)
    words = [f"w{i}" for i in range(3000)]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(offset, offset + n):
            f.write(json.dumps({
                "title": " ".join(rng.choice(words) for _ in range(6)) + f" report {i}",
                "abstract": " ".join(rng.choice(words) for _ in range(60)),
                "authors": [f"Ann Author{i}"],
                "year": 2000 + i % 20,
            }) + "\n")
    return path
