"""The PDF tab's highlights, selection, find next/previous, dark pages, remembered page;
the window's PDF actions."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF
from test_reader_pdf import make_pdf

from paperdesk.gui.widgets.pdf_view import PdfTab
from paperdesk.gui.widgets.reader import ReaderPane
from paperdesk.records import Highlight, Paper

LATEX = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "latex"


def test_find_next_previous_and_counter(qtbot, tmp_path):
    w = PdfTab()
    qtbot.addWidget(w)
    w.resize(600, 500)
    w.show()
    assert w.load(make_pdf(tmp_path / "p.pdf"))
    w.search("needle")
    qtbot.waitUntil(lambda: w.result_count() == 3, timeout=5000)
    assert w.results.text() == "3 matches"
    w.next_result()
    assert w.current_result() == 0 and w.results.text() == "1 / 3"
    w.next_result()
    assert w.results.text() == "2 / 3"
    w.previous_result()
    w.previous_result()
    assert w.current_result() == 2 and w.results.text() == "3 / 3"  # wraps to the last
    qtbot.waitUntil(lambda: w.current_page() == 2)


def test_selecting_text_on_a_page_makes_a_pdf_highlight(qtbot):
    w = PdfTab()
    qtbot.addWidget(w)
    w.resize(700, 800)
    w.show()
    assert w.load(LATEX / "arxiv_stamp.pdf")
    # select across the abstract's first line (page points, origin top-left)
    height = w.document.pagePointSize(0).height()
    text = w.view.select(0, QPointF(115, height - 562), QPointF(512, height - 562))
    assert text.startswith("Preprints carry")
    with qtbot.waitSignal(w.highlightRequested) as got:
        assert w.highlight_selection("green", "stamp rule")
    page, quads, quoted, color, comment = got.args
    assert (page, quoted, color, comment) == (0, text, "green", "stamp rule")
    assert quads and all(len(q) == 4 and q[1] < q[3] for q in quads)
    assert 550 < quads[0][1] < 562 < quads[0][3] < 572  # PDF points, origin bottom-left
    assert w.view.selection() is None


def test_reader_lists_pdf_highlights_and_draws_them_on_pages(qtbot):
    paper = Paper(id=7, title="T", abstract="Short abstract.", highlights=[
        Highlight(0, 6, "Short", id=1),
        Highlight(0, 0, "carry a vertical stamp", "nice", "pink", id=2, page=0,
                  quads=[[72.0, 520.0, 300.0, 532.0]], origin="pdf"),
    ])
    w = ReaderPane()
    qtbot.addWidget(w)
    w.resize(800, 700)
    w.show()
    w.set_paper(paper, pdf_path=str(LATEX / "arxiv_stamp.pdf"))
    assert len(w.abstract.extraSelections()) == 1  # only the abstract's own span
    assert w.highlights.count() == 2
    assert w.highlights.item(1).text() == "p. 1: “carry a vertical stamp” — nice"
    assert w.pdf.view.marks == [(0, [72.0, 520.0, 300.0, 532.0], "pink")]
    w._select_highlight(w.highlights.item(1))
    assert w.tabs.currentIndex() == 1
    with qtbot.waitSignal(w.pdfHighlightRequested) as got:
        w.pdf.highlightRequested.emit(0, [[1.0, 2.0, 3.0, 4.0]], "x", "blue", "")
    assert got.args == [7, 0, [[1.0, 2.0, 3.0, 4.0]], "x", "blue", ""]


def test_dark_pages_off_by_default_and_page_remembered(qtbot, tmp_path):
    pdf = make_pdf(tmp_path / "p.pdf", pages=4)
    w = PdfTab()
    qtbot.addWidget(w)
    w.resize(600, 500)
    w.show()
    assert w.load(pdf, key="5")
    assert not w.view.dark and not w.dark_button.isChecked()
    w.set_dark(True)
    assert w.dark_button.isChecked()
    w.grab()  # paints inverted pages without error
    again = PdfTab()  # the choice is kept
    qtbot.addWidget(again)
    assert again.view.dark
    w.go_to_page(2)
    qtbot.waitUntil(lambda: w.current_page() == 2)
    w.zoom(1.25)
    zoom = w.view.zoomFactor()
    assert w.load(make_pdf(tmp_path / "other.pdf"), key="6")
    assert w.load(pdf, key="5")
    qtbot.waitUntil(lambda: w.current_page() == 2)
    assert abs(w.view.zoomFactor() - zoom) < 1e-6


def test_keyboard_page_navigation(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    w = PdfTab()
    qtbot.addWidget(w)
    w.resize(600, 500)
    w.show()
    assert w.load(make_pdf(tmp_path / "p.pdf", pages=3))
    w.view.setFocus()
    qtbot.keyClick(w.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.current_page() == 2)
    qtbot.keyClick(w.view, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: w.current_page() == 1)
    qtbot.keyClick(w.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: w.current_page() == 0)
    qtbot.keyClick(w.view, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: w.current_page() == 1)
