"""The reader pane: a paper's title, authors, venue, links and abstract, with highlights.

Select text in the abstract and press "Highlight" (or use the context menu) to highlight
it in a colour with a comment; highlights are drawn inline and listed below.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QTabWidget,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.widgets.pdf_view import PdfTab
from paperdesk.library.browse import math_to_unicode
from paperdesk.records import Highlight, Paper

#: highlight colour name -> RGB; drawn translucent so text stays readable in dark mode
COLORS = {"yellow": (250, 215, 30), "green": (80, 200, 90), "blue": (80, 160, 250),
          "pink": (245, 110, 170)}
ID_ROLE = Qt.ItemDataRole.UserRole


def highlight_color(name: str) -> QColor:
    """The translucent background colour of a highlight."""
    r, g, b = COLORS.get(name, COLORS["yellow"])
    return QColor(r, g, b, 120)


class ReaderPane(QWidget):
    """Shows one paper for reading.

    Signals:
        highlightRequested(int paper_id, int start, int end, str color, str comment)
        highlightRemoveRequested(int highlight_id)
        highlightEditRequested(int highlight_id, str comment)
        pdfHighlightRequested(int paper_id, int page, list quads, str text, str color,
            str comment): text selected on a PDF page was highlighted.
    """

    highlightRequested = Signal(int, int, int, str, str)  # noqa: N815
    pdfHighlightRequested = Signal(int, int, list, str, str, str)  # noqa: N815
    highlightRemoveRequested = Signal(int)  # noqa: N815
    highlightEditRequested = Signal(int, str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper: Paper | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs)

        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 8, 12, 8)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("Title")
        layout.addWidget(self.title)
        self.authors = QLabel()
        self.authors.setWordWrap(True)
        self.authors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.authors.setAccessibleName("Authors")
        layout.addWidget(self.authors)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setTextFormat(Qt.TextFormat.RichText)
        self.meta.setOpenExternalLinks(False)
        self.meta.linkActivated.connect(self.open_url)
        self.meta.setAccessibleName("Venue, year and links")
        layout.addWidget(self.meta)
        self.match = QLabel()
        self.match.setWordWrap(True)
        self.match.setTextFormat(Qt.TextFormat.RichText)
        self.match.setAccessibleName("Search match")
        self.match.setToolTip("Where your search matched")
        layout.addWidget(self.match)
        self.keyphrases = QLabel()
        self.keyphrases.setWordWrap(True)
        self.keyphrases.setTextFormat(Qt.TextFormat.RichText)
        self.keyphrases.setAccessibleName("Keyphrases")
        self.keyphrases.setToolTip("The phrases that best describe this abstract")
        self.keyphrases.setVisible(False)
        layout.addWidget(self.keyphrases)

        tools = QHBoxLayout()
        self.highlight_button = QToolButton()
        self.highlight_button.setText("Highlight")
        self.highlight_button.setToolTip("Highlight the selected text of the abstract")
        self.highlight_button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        menu = QMenu(self.highlight_button)
        for name in COLORS:
            menu.addAction(name.capitalize(), lambda n=name: self.highlight_selection(n))
        self.highlight_button.setMenu(menu)
        self.highlight_button.clicked.connect(lambda: self.highlight_selection("yellow"))
        self.highlight_button.setEnabled(False)
        tools.addWidget(self.highlight_button)
        tools.addStretch(1)
        layout.addLayout(tools)

        self.abstract = QTextBrowser()
        self.abstract.setAccessibleName("Abstract")
        self.abstract.setOpenLinks(False)
        reading = QFont(self.abstract.font())
        reading.setPointSizeF(reading.pointSizeF() * 1.12)
        reading.setStyleHint(QFont.StyleHint.Serif)
        self.abstract.setFont(reading)
        self.abstract.document().setDocumentMargin(8)
        self.abstract.copyAvailable.connect(self.highlight_button.setEnabled)
        self.abstract.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.abstract.customContextMenuRequested.connect(self._abstract_menu)
        layout.addWidget(self.abstract, 3)

        # the highlights list sits below both tabs: abstract and PDF highlights together
        listed = QWidget()
        list_layout = QVBoxLayout(listed)
        list_layout.setContentsMargins(12, 0, 12, 6)
        self.list_label = QLabel("Highlights")
        list_layout.addWidget(self.list_label)
        self.highlights = QListWidget()
        self.highlights.setAccessibleName("Highlights")
        self.highlights.setWordWrap(True)
        self.highlights.setMaximumHeight(90)
        self.highlights.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.highlights.customContextMenuRequested.connect(self._highlights_menu)
        self.highlights.itemActivated.connect(self._select_highlight)
        list_layout.addWidget(self.highlights)
        outer.addWidget(listed)
        self.tabs.addTab(page, "Abstract")
        self.pdf = PdfTab()
        self.pdf.highlightRequested.connect(self._pdf_highlight)
        self.tabs.addTab(self.pdf, "PDF")
        self.set_paper(None)

    # ------------------------------------------------------------------ content
    def show_snippet(self, snippet_html: str) -> None:
        """Show where the search matched the paper shown (HTML with ``<b>`` marks)."""
        self.match.setText(f"<i>Match:</i> {snippet_html}" if snippet_html else "")
        self.match.setVisible(bool(snippet_html))

    def set_paper(self, paper: Paper | None, snippet_html: str = "",
                  pdf_path: str | None = None) -> None:
        """Show ``paper`` (None: nothing selected)."""
        same = paper is not None and self.paper is not None and paper.id == self.paper.id
        self.paper = paper
        if paper is None:
            self.title.setText("No paper selected")
            for w in (self.authors, self.meta, self.match):
                w.setText("")
            self.abstract.setPlainText("")
            self.highlights.clear()
            self.pdf.load(None)
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self.title.setText(math_to_unicode(paper.title))
        self.authors.setText(", ".join(a.display for a in paper.authors) or "Unknown authors")
        parts = [escape(x) for x in (paper.venue, str(paper.year or "")) if x]
        if paper.doi:
            doi = escape(paper.doi)
            parts.append(f'DOI <a href="https://doi.org/{doi}">{doi}</a>')
        if paper.url:
            parts.append(f'<a href="{escape(paper.url)}">{escape(_short(paper.url))}</a>')
        self.meta.setText(" · ".join(parts))
        self.match.setText(f"<i>Match:</i> {snippet_html}" if snippet_html else "")
        self.match.setVisible(bool(snippet_html))
        scroll = self.abstract.verticalScrollBar().value() if same else 0
        self.abstract.setPlainText(paper.abstract or "")
        if not paper.abstract:
            self.abstract.setPlaceholderText("No abstract.")
        self._draw_highlights()
        self.abstract.verticalScrollBar().setValue(scroll)
        self.tabs.setTabText(1, "PDF" if pdf_path else "PDF (none)")
        self.tabs.setTabEnabled(1, bool(pdf_path))
        if not same or pdf_path != self.pdf.path:
            self.pdf.load(pdf_path, key=str(paper.id) if paper.id is not None else None)
        self.pdf.set_marks([(h.page, q, h.color) for h in paper.highlights
                            if h.page is not None for q in h.quads])

    def set_keyphrases(self, phrases: list[tuple[str, float]]) -> None:
        """Show the paper's keyphrases (best first) under its details; none: hidden."""
        text = " · ".join(escape(p) for p, _ in phrases)
        self.keyphrases.setText(f"<i>Keyphrases:</i> {text}" if text else "")
        self.keyphrases.setVisible(bool(text))

    def _draw_highlights(self) -> None:
        assert self.paper is not None
        selections = []
        self.highlights.clear()
        for h in self.paper.highlights:
            if h.page is not None:  # on a PDF page: listed, drawn by the PDF tab
                self.highlights.addItem(self._pdf_item(h))
                continue
            sel = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.abstract.document())
            last = len(self.paper.abstract)
            cursor.setPosition(min(h.start, last))
            cursor.setPosition(min(h.end, last), QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(highlight_color(h.color))
            if h.comment:
                fmt.setToolTip(h.comment)
            sel.cursor = cursor
            sel.format = fmt
            selections.append(sel)
            text = f"“{h.text}”" + (f" — {h.comment}" if h.comment else "")
            if h.start == h.end:
                text += "  (no longer in the abstract)"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, h.id)
            item.setBackground(highlight_color(h.color))
            item.setToolTip("Right-click to edit the comment or remove")
            self.highlights.addItem(item)
        self.abstract.setExtraSelections(selections)
        self.list_label.setVisible(bool(self.paper.highlights))
        self.highlights.setVisible(bool(self.paper.highlights))

    def _pdf_highlight(self, page: int, quads: list, text: str, color: str,
                       comment: str) -> None:
        if self.paper is not None and self.paper.id is not None:
            self.pdfHighlightRequested.emit(self.paper.id, page, quads, text, color, comment)

    def _pdf_item(self, h: Highlight) -> QListWidgetItem:
        quote = f"“{h.text}”" if h.text else "Note"
        text = f"p. {h.page + 1}: {quote}" + (f" — {h.comment}" if h.comment else "")
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, h.id)
        item.setBackground(highlight_color(h.color))
        item.setToolTip("On the PDF; double-click to show the page, right-click to edit")
        return item

    # ------------------------------------------------------------------ actions
    def selection_span(self) -> tuple[int, int] | None:
        """The selected character span of the abstract, or None."""
        cursor = self.abstract.textCursor()
        if not cursor.hasSelection():
            return None
        return cursor.selectionStart(), cursor.selectionEnd()

    def highlight_selection(self, color: str = "yellow", comment: str | None = None) -> bool:
        """Highlight the selected text; asks for a comment when ``comment`` is None."""
        span = self.selection_span()
        if self.paper is None or self.paper.id is None or span is None:
            return False
        if comment is None:
            text, ok = QInputDialog.getText(self, "Highlight", "Comment (optional):")
            if not ok:
                return False
            comment = text
        self.highlightRequested.emit(self.paper.id, span[0], span[1], color, comment)
        return True

    @staticmethod
    def open_url(url: str) -> None:
        """Open a DOI or URL in the system browser."""
        QDesktopServices.openUrl(QUrl(url))

    def _abstract_menu(self, pos: QPoint) -> None:
        menu = self.abstract.createStandardContextMenu(pos)
        if self.selection_span() is not None:
            menu.addSeparator()
            for name in COLORS:
                menu.addAction(f"Highlight ({name})", lambda n=name: self.highlight_selection(n))
        menu.popup(self.abstract.viewport().mapToGlobal(pos))

    def _highlights_menu(self, pos: QPoint) -> None:
        item = self.highlights.itemAt(pos)
        if item is None:
            return
        hid = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.addAction("Edit comment…", lambda: self._edit_comment(hid))
        menu.addAction("Remove highlight", lambda: self.highlightRemoveRequested.emit(hid))
        menu.popup(self.highlights.viewport().mapToGlobal(pos))

    def _edit_comment(self, hid: int) -> None:
        assert self.paper is not None
        old = next((h.comment for h in self.paper.highlights if h.id == hid), "")
        text, ok = QInputDialog.getText(self, "Highlight", "Comment:", text=old)
        if ok:
            self.highlightEditRequested.emit(hid, text)

    def _select_highlight(self, item: QListWidgetItem) -> None:
        assert self.paper is not None
        h = next((h for h in self.paper.highlights if h.id == item.data(ID_ROLE)), None)
        if h is not None and h.page is not None:
            if self.tabs.isTabEnabled(1):
                self.tabs.setCurrentIndex(1)
                self.pdf.go_to_page(h.page)
            return
        if h is not None:
            cursor = self.abstract.textCursor()
            cursor.setPosition(min(h.start, len(self.paper.abstract)))
            self.abstract.setTextCursor(cursor)
            self.abstract.ensureCursorVisible()


def _short(url: str) -> str:
    return url if len(url) <= 60 else url[:57] + "…"
