"""PDF highlights: PaperDesk -> PDF file -> pypdf reads it -> re-import restores it."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from paperdesk.importers.pdf_layout import page_lines

LATEX = Path(__file__).resolve().parents[2] / "data" / "pdfs" / "latex"


def line_box(path: Path, page: int, starts: str) -> tuple[list[float], str]:
    doc = pdfium.PdfDocument(path)
    line = next(ln for ln in page_lines(doc[page]) if ln.text.startswith(starts))
    doc.close()
    return [line.x0, line.y0, line.x1, line.y1], line.text


def test_highlight_round_trip_through_a_pdf_file(lib, tmp_path: Path) -> None:
    source = LATEX / "twocolumn.pdf"
    (pid,) = lib.import_files([source]).added_ids
    quad, text = line_box(source, 0, "We present a method")
    lib.highlights.add_pdf(pid, 0, [quad], text, comment="the claim", color="green")
    note_quad, _ = line_box(source, 1, "Efficient retrieval")
    lib.highlights.add_pdf(pid, 1, [note_quad], "", comment="check this", kind="note")
    copy = tmp_path / "annotated.pdf"
    assert lib.attachments.export_with_highlights(pid, copy) == 2

    # another PDF library reads standard annotations
    reader = PdfReader(copy)
    annot = reader.pages[0]["/Annots"][0].get_object()
    assert annot["/Subtype"] == "/Highlight" and annot["/T"] == "PaperDesk"
    assert annot["/Contents"] == "the claim"
    points = [float(v) for v in annot["/QuadPoints"]]
    assert abs(min(points[0::2]) - quad[0]) < 0.1 and abs(max(points[1::2]) - quad[3]) < 0.1
    note = reader.pages[1]["/Annots"][0].get_object()
    assert note["/Subtype"] == "/Text" and note["/Contents"] == "check this"

    # a fresh library importing the annotated copy gets them back
    from paperdesk import Library

    other = Library.open(tmp_path / "other")
    try:
        (new,) = other.import_files([copy]).added_ids
        restored = sorted(other.get(new).highlights, key=lambda h: h.page)
        assert [(h.page, h.kind, h.comment, h.color, h.origin) for h in restored] == [
            (0, "highlight", "the claim", "green", "pdf"),
            (1, "note", "check this", "yellow", "pdf"),
        ]
        assert restored[0].text == text
        assert all(abs(a - b) < 0.1 for a, b in zip(restored[0].quads[0], quad, strict=True))
        # importing the same file again adds no highlight twice
        other.import_files([copy], on_duplicate="merge")
        assert len(other.get(new).highlights) == 2
    finally:
        other.close()


def test_attaching_an_annotated_pdf_reads_its_highlights(lib, tmp_path: Path) -> None:
    source = LATEX / "arxiv_stamp.pdf"
    (pid,) = lib.import_files([source]).added_ids
    quad, text = line_box(source, 0, "Preprints carry")
    lib.highlights.add_pdf(pid, 0, [quad], text, color="pink")
    copy = tmp_path / "marked.pdf"
    lib.attachments.export_with_highlights(pid, copy)
    from paperdesk.records import Paper

    (target,) = lib.papers.add(Paper(title="Somewhere else")).added
    lib.attachments.attach(target, copy)
    (h,) = lib.get(target).highlights
    assert (h.page, h.color, h.text, h.origin) == (0, "pink", text, "pdf")
    lib.attachments.remove(target)
    assert lib.attachments.paths(target) == [] and lib.get(target).highlights


def test_a_pdf_export_that_cannot_be_written_leaves_no_file(lib, tmp_path: Path,
                                                            monkeypatch) -> None:
    """`pdf-export` onto a full disk said so but left an empty file behind."""
    import os

    import pytest

    from paperdesk.errors import InputFileError

    (pid,) = lib.import_files([LATEX / "twocolumn.pdf"]).added_ids

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputFileError, match=r"cannot write \(No space left on device\)"):
        lib.attachments.export_with_highlights(pid, out / "annotated.pdf")
    assert os.listdir(out) == []


def test_a_pdf_export_of_a_missing_or_unreadable_pdf_is_one_clean_line(
        lib, tmp_path: Path, monkeypatch) -> None:
    """A PDF gone from files/ was "cannot read PDF ([Errno 2] No such file or directory:
    '…pdf')", the path twice; 'show' says "(missing: import the file again …)"."""
    import errno

    import pypdf
    import pytest

    from paperdesk.errors import InputFileError

    (pid,) = lib.import_files([LATEX / "twocolumn.pdf"]).added_ids
    (stored,) = lib.attachments.paths(pid)
    rel = stored.relative_to(lib.files_dir)

    def denied(path: str) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    with monkeypatch.context() as patch:
        patch.setattr(pypdf, "PdfReader", denied)
        with pytest.raises(InputFileError) as unreadable:
            lib.attachments.export_with_highlights(pid, tmp_path / "copy.pdf")
    assert str(unreadable.value) == f"{stored}: cannot read PDF (Permission denied)"
    stored.unlink()
    with pytest.raises(InputFileError) as missing:
        lib.attachments.export_with_highlights(pid, tmp_path / "copy.pdf")
    assert str(missing.value) == (f"{rel}: paper {pid}'s PDF is missing: import the file "
                                  "again to bring it back")
    assert not (tmp_path / "copy.pdf").exists()
