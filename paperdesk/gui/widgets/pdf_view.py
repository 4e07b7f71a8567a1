"""The PDF tab: an attached PDF shown with QtPdf (offline), with page navigation, zoom,
search within the PDF and "Open externally"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPointF, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


def _button(text: str, tip: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setAccessibleName(tip)
    return b


class PdfTab(QWidget):
    """Shows one PDF file.

    Signals:
        loaded(int pages): a document finished loading (0 when it failed or was cleared).
    """

    loaded = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: str | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("PDF")
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)
        self.view.setSearchModel(self.search_model)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        self.prev_button = _button("◀", "Previous page")
        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page")
        self.page_box.setKeyboardTracking(False)
        self.page_box.valueChanged.connect(lambda v: self.go_to_page(v - 1))
        self.page_count = QLabel("/ 0")
        self.next_button = _button("▶", "Next page")
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_out = _button("−", "Zoom out")
        self.zoom_out.clicked.connect(lambda: self.zoom(1 / 1.25))
        self.zoom_in = _button("+", "Zoom in")
        self.zoom_in.clicked.connect(lambda: self.zoom(1.25))
        self.fit = _button("Fit width", "Fit the page width")
        self.fit.clicked.connect(lambda: self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth))
        self.find = QLineEdit()
        self.find.setPlaceholderText("Find in PDF…")
        self.find.setAccessibleName("Find in PDF")
        self.find.setClearButtonEnabled(True)
        self.find.returnPressed.connect(self.next_result)
        self.find.textChanged.connect(self.search)
        self.results = QLabel("")
        self.open_button = _button("Open externally", "Open the PDF in another application")
        self.open_button.clicked.connect(self.open_externally)
        for w in (self.prev_button, self.page_box, self.page_count, self.next_button,
                  self.zoom_out, self.zoom_in, self.fit):
            bar.addWidget(w)
        bar.addSpacing(12)
        bar.addWidget(self.find, 1)
        bar.addWidget(self.results)
        bar.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.search_model.rowsInserted.connect(self._results_changed)
        self.search_model.modelReset.connect(self._results_changed)
        self._set_enabled(False)

    # ------------------------------------------------------------------ document
    def load(self, path: str | Path | None) -> bool:
        """Show the PDF at ``path`` (None clears); returns False when it cannot be read."""
        self.search_model.setSearchString("")
        self.find.clear()
        self.document.close()
        self.path = str(path) if path else None
        pages = 0
        if path is not None:
            error = self.document.load(str(path))
            if error == QPdfDocument.Error.None_:
                pages = self.document.pageCount()
            else:
                self.path = None
        self.page_box.setRange(1 if pages else 0, max(pages, 1) if pages else 0)
        self.page_count.setText(f"/ {pages}")
        self._set_enabled(pages > 0)
        self.loaded.emit(pages)
        return pages > 0

    def _set_enabled(self, on: bool) -> None:
        for w in (self.prev_button, self.page_box, self.next_button, self.zoom_in,
                  self.zoom_out, self.fit, self.find, self.open_button):
            w.setEnabled(on)

    def current_page(self) -> int:
        """The page shown (0-based)."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """Jump to ``page`` (0-based, clamped)."""
        count = self.document.pageCount()
        if count:
            page = max(0, min(count - 1, page))
            self.view.pageNavigator().jump(page, QPointF(), self.view.zoomFactor())

    def zoom(self, factor: float) -> None:
        """Multiply the zoom by ``factor``."""
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(8.0, self.view.zoomFactor() * factor)))

    # ------------------------------------------------------------------ search
    def search(self, text: str) -> None:
        """Find ``text`` in the PDF (results are highlighted in the view)."""
        self.search_model.setSearchString(text)
        self._results_changed()

    def result_count(self) -> int:
        """The number of matches of the current search."""
        return self.search_model.rowCount(QModelIndex())

    def next_result(self) -> None:
        """Jump to the next match."""
        n = self.result_count()
        if not n:
            return
        i = (self.view.currentSearchResultIndex() + 1) % n
        self.view.setCurrentSearchResultIndex(i)
        link = self.search_model.resultAtIndex(i)
        self.view.pageNavigator().jump(link)
        self._results_changed()

    def _results_changed(self, *args: object) -> None:
        n = self.result_count()
        if not self.search_model.searchString():
            self.results.setText("")
        else:
            self.results.setText(f"{n} match{'es' if n != 1 else ''}")

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)

    def open_externally(self) -> None:
        """Open the PDF in the system's PDF viewer."""
        if self.path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.path))

