"""ODT and PDF exports keep the HTML export's layout: hanging indents, highlight colours."""

from __future__ import annotations

import zipfile

from PySide6.QtGui import QTextDocument

from paperdesk.documents import write_document
from paperdesk.export import export_papers
from paperdesk.records import Author, Highlight, Paper

PAPER = Paper(
    id=1,
    title="A title long enough to wrap onto a second line of the page " * 3,
    authors=[Author("Doe", "Jane")],
    year=2020,
    abstract="some text here",
    highlights=[Highlight(0, 4, "some", "why", "green"), Highlight(5, 9, "text", "", "pink")],
)


def blocks(html: str) -> dict[str, object]:
    doc = QTextDocument()
    doc.setHtml(html)
    out = {}
    block = doc.begin()
    while block.isValid():
        out[block.text()[:12]] = block.blockFormat()
        block = block.next()
    return out


def test_hanging_indent_and_highlight_colours_in_qt_layout(qapp) -> None:
    found = blocks(export_papers([PAPER], "html"))
    ref = found["Doe, J. (202"]
    assert ref.textIndent() < 0 and ref.leftMargin() == -ref.textIndent()
    assert found["“some”"].background().color().name() == "#e3f6e5"  # green
    assert found["“text”"].background().color().name() == "#fde6f0"  # pink


def test_odt_file_keeps_them(qapp, tmp_path) -> None:
    out = tmp_path / "bib.odt"
    write_document(export_papers([PAPER], "html"), "odt", out)
    with zipfile.ZipFile(out) as z:
        content = z.read("content.xml").decode()
    assert 'fo:text-indent="-' in content
    assert "#e3f6e5" in content and "#fde6f0" in content


def test_note_preview_renders_like_the_exports(qtbot) -> None:
    from paperdesk.export.htmlsafe import note_to_html
    from paperdesk.gui.widgets.note import NoteWidget

    note = "# Plan\n\n1. read\n2. cite\n\nline one  \nline two\n\n<b>raw</b> & R&D"
    w = NoteWidget()
    qtbot.addWidget(w)
    w.set_note(1, note)
    exported = QTextDocument()
    exported.setHtml(note_to_html(note))
    assert w.preview.toPlainText() == exported.toPlainText()
    assert "<b>raw</b> & R&D" in w.preview.toPlainText()  # raw HTML shown as text
    lists = [b for b in _blocks(w.preview.document()) if b.textList() is not None]
    assert [b.text() for b in lists] == ["read", "cite"]


def _blocks(doc: QTextDocument) -> list:
    out, block = [], doc.begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


def test_settings_add_style_button(qtbot, tmp_path, monkeypatch) -> None:
    from paperdesk.config import Settings
    from paperdesk.export.styles import load_style
    from paperdesk.gui import errors
    from paperdesk.gui.dialogs.settings_dialog import SettingsDialog

    monkeypatch.setenv("PAPERDESK_STYLES_DIR", str(tmp_path / "styles"))
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    src = tmp_path / "our-lab.csl"
    src.write_bytes(load_style("acm").path.read_bytes())
    dialog.add_style_file(src)
    assert dialog.style.currentText() == "our-lab" and dialog.settings().default_style == "our-lab"
    bad = tmp_path / "broken.csl"
    bad.write_text("<style", encoding="utf-8")
    dialog.add_style_file(bad)
    assert "broken.csl" in errors.last_error[0] and errors.last_error[1] == ""
    assert dialog.style.currentText() == "our-lab"
    for box in dialog.findChildren(errors.QMessageBox):
        box.close()


def test_titles_with_latex_math_display_as_unicode(qtbot, tmp_path) -> None:
    from paperdesk import Library
    from paperdesk.gui.models.rows import table_rows

    lib = Library.open(tmp_path / "lib")
    try:
        lib.papers.add(Paper(title=r"Fast $E^5$ search $\leftrightarrow$ recall"))
        (pid,) = lib.papers.ids()
        assert table_rows(lib, [pid])[pid].title == "Fast E⁵ search ↔ recall"
    finally:
        lib.close()


def test_a_pdf_that_cannot_be_written_says_so_and_keeps_the_old_one(qapp, tmp_path,
                                                                     monkeypatch) -> None:
    """On a full disk a PDF export said "Exported" and left a broken file (40 KB of
    486 KB) over the last good one: Qt's writer reports no write error."""
    import os

    import pytest

    from paperdesk.errors import KnownError

    out = tmp_path / "bib.pdf"
    write_document(export_papers([PAPER], "html"), "pdf", out)
    good = out.read_bytes()
    assert good.startswith(b"%PDF") and good.rstrip().endswith(b"%%EOF")

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    for fmt in ("pdf", "odt"):
        with pytest.raises(KnownError, match="No space left on device"):
            write_document(export_papers([PAPER, PAPER], "html"), fmt, out)
    assert out.read_bytes() == good and os.listdir(tmp_path) == ["bib.pdf"]
