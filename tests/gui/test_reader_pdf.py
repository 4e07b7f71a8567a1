"""The reader pane (highlights) and the PDF tab."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF
from PySide6.QtGui import QFont, QPageSize, QPainter, QPdfWriter, QTextCursor

from paperdesk.gui.widgets.pdf_view import PdfTab
from paperdesk.gui.widgets.reader import ReaderPane
from paperdesk.records import Author, Highlight, Paper


def _paper() -> Paper:
    abstract = "We study reward models. Reward models are trained on preferences."
    return Paper(id=4, title="Reward Modeling", abstract=abstract, year=2024, venue="ACL",
                 doi="10.1/xyz", url="https://example.org/paper",
                 authors=[Author("Doe", "Jane")],
                 highlights=[Highlight(3, 8, "study", "why", "green", id=11)])


def test_reader_shows_paper_and_highlights(qtbot):
    w = ReaderPane()
    qtbot.addWidget(w)
    w.show()
    w.set_paper(_paper(), snippet_html="We <b>study</b>")
    assert w.title.text() == "Reward Modeling"
    assert w.authors.text() == "Jane Doe"
    assert "ACL" in w.meta.text() and "doi.org/10.1/xyz" in w.meta.text()
    assert "<b>study</b>" in w.match.text()
    sels = w.abstract.extraSelections()
    assert len(sels) == 1 and sels[0].cursor.selectedText() == "study"
    assert w.highlights.count() == 1 and "why" in w.highlights.item(0).text()
    assert not w.tabs.isTabEnabled(1)  # no PDF


def test_reader_lists_a_detached_highlight_without_drawing_it(qtbot):
    paper = _paper()
    paper.highlights = [Highlight(0, 0, "a sentence since edited away", "keep me", id=12),
                        Highlight(500, 510, "beyond the end", "", id=13)]
    w = ReaderPane()
    qtbot.addWidget(w)
    w.set_paper(paper)  # no Qt warning about positions out of range
    assert "(no longer in the abstract)" in w.highlights.item(0).text()
    assert "keep me" in w.highlights.item(0).text()
    assert all(not s.cursor.hasSelection() for s in w.abstract.extraSelections())


def test_reader_highlight_selection_emits_span(qtbot):
    w = ReaderPane()
    qtbot.addWidget(w)
    w.show()
    w.set_paper(_paper())
    cursor = w.abstract.textCursor()
    cursor.setPosition(24)
    cursor.setPosition(37, QTextCursor.MoveMode.KeepAnchor)
    w.abstract.setTextCursor(cursor)
    assert w.highlight_button.isEnabled()
    with qtbot.waitSignal(w.highlightRequested) as got:
        assert w.highlight_selection("blue", comment="key claim")
    assert got.args == [4, 24, 37, "blue", "key claim"]
    with qtbot.waitSignal(w.highlightRemoveRequested) as got:
        w.highlightRemoveRequested.emit(11)
    w.set_paper(None)
    assert not w.isEnabled()


def make_pdf(path: Path, pages: int = 3, word: str = "needle") -> Path:
    """A small PDF with text on each page, written by Qt."""
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
    writer.setPageMargins(QMarginsF(10, 10, 10, 10))
    painter = QPainter(writer)
    painter.setFont(QFont("DejaVu Sans", 14))
    for page in range(pages):
        if page:
            writer.newPage()
        painter.drawText(QPointF(200, 400), f"Page {page + 1} has a {word} in it")
    painter.end()
    return path


def test_pdf_tab_pages_zoom_and_search(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "paper.pdf")
    w = PdfTab()
    qtbot.addWidget(w)
    w.resize(600, 500)
    w.show()
    with qtbot.waitSignal(w.loaded) as got:
        assert w.load(pdf)
    assert got.args == [3]
    assert w.page_count.text() == "/ 3" and w.open_button.isEnabled()
    w.go_to_page(2)
    qtbot.waitUntil(lambda: w.current_page() == 2)
    assert w.page_box.value() == 3
    w.go_to_page(99)
    qtbot.waitUntil(lambda: w.current_page() == 2)
    zoom = w.view.zoomFactor()
    w.zoom(1.25)
    assert abs(w.view.zoomFactor() - zoom * 1.25) < 1e-6
    w.search("needle")
    qtbot.waitUntil(lambda: w.result_count() == 3, timeout=5000)
    assert w.results.text() == "3 matches"
    w.next_result()
    assert w.view.currentSearchResultIndex() >= 0


def test_enter_right_after_typing_and_f3_in_the_find_box_go_to_a_match(qtbot, tmp_path):
    """A review: typed, then Enter at once, then F3 (focus in the find box): "16 matches",
    nothing shown; only the arrow button jumped (the search had not found them yet, and
    F3 worked in the page view only)."""
    from PySide6.QtCore import Qt

    pdf = make_pdf(tmp_path / "paper.pdf")
    w = PdfTab()
    qtbot.addWidget(w)
    w.resize(600, 500)
    w.show()
    with qtbot.waitSignal(w.loaded):
        assert w.load(pdf)
    w.find.setFocus()
    qtbot.keyClicks(w.find, "needle")
    qtbot.keyClick(w.find, Qt.Key.Key_Return)  # before the matches are in
    qtbot.waitUntil(lambda: w.results.text() == "1 / 3", timeout=5000)
    assert w.view.currentSearchResultIndex() == 0
    qtbot.keyClick(w.find, Qt.Key.Key_F3)
    assert w.results.text() == "2 / 3"
    qtbot.keyClick(w.find, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert w.results.text() == "1 / 3"


def test_pdf_tab_rejects_a_broken_file(qtbot, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    w = PdfTab()
    qtbot.addWidget(w)
    assert not w.load(bad)
    assert w.path is None and not w.find.isEnabled()
