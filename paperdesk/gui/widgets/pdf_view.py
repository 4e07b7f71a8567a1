"""The PDF tab: an attached PDF shown with QtPdf (offline): page navigation (also by
keyboard), zoom, find with next/previous and a match counter, highlights drawn on the
pages, text selection that becomes a highlight, an inverted dark page mode, and the page
and zoom remembered for each paper."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: highlight colour name -> RGB (the same as the reader's abstract highlights)
PAGE_COLORS = {"yellow": (250, 215, 30), "green": (80, 200, 90), "blue": (80, 160, 250),
               "pink": (245, 110, 170)}


def _button(text: str, tip: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setAccessibleName(tip)
    return b


class PageView(QPdfView):
    """A QPdfView that also draws highlights, the current text selection and, in dark mode,
    inverted pages; dragging over text selects it (``selectionMade`` on release).

    Signals:
        selectionMade(int page, list quads, str text, QPoint global_pos): quads are
            ``[x0, y0, x1, y1]`` in PDF points, origin bottom-left.
    """

    selectionMade = Signal(int, list, str, object)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: (page, [x0, y0, x1, y1] PDF points, colour name) drawn over the pages
        self.marks: list[tuple[int, list[float], str]] = []
        self.dark = False
        self._press: tuple[int, QPointF] | None = None
        self._selection: tuple[int, list[list[float]], str] | None = None

    # ------------------------------------------------------------------ geometry
    def _resolution(self) -> float:
        screen = QGuiApplication.primaryScreen()
        return (screen.logicalDotsPerInch() if screen else 96.0) / 72.0

    def page_rects(self) -> dict[int, QRect]:
        """Each page's rectangle in viewport pixels (QPdfView's own layout, multi-page)."""
        doc = self.document()
        if doc is None or doc.pageCount() == 0:
            return {}
        margins = self.documentMargins()
        res = self._resolution()
        sizes: dict[int, QSize] = {}
        if self.pageMode() == QPdfView.PageMode.SinglePage:
            pages = [self.pageNavigator().currentPage()]
        else:
            pages = list(range(doc.pageCount()))
        width = 0
        for page in pages:
            points = doc.pagePointSize(page)
            if self.zoomMode() == QPdfView.ZoomMode.FitToWidth:
                base = QSize(int(points.width() * res), int(points.height() * res))
                avail = self.viewport().width() - margins.left() - margins.right()
                factor = avail / base.width() if base.width() else 1.0
                size = QSize(int(base.width() * factor), int(base.height() * factor))
            else:
                zoom = self.zoomFactor() * res
                size = QSize(int(points.width() * zoom), int(points.height() * zoom))
            sizes[page] = size
            width = max(width, size.width())
        width += margins.left() + margins.right()
        y = margins.top()
        rects = {}
        dx, dy = self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        for page in pages:
            size = sizes[page]
            x = (max(width, self.viewport().width()) - size.width()) // 2
            rects[page] = QRect(x - dx, y - dy, size.width(), size.height())
            y += size.height() + self.pageSpacing()
        return rects

    def _to_view(self, page: int, rect: QRect, quad: list[float]) -> QRectF:
        points = self.document().pagePointSize(page)
        sx = rect.width() / points.width()
        sy = rect.height() / points.height()
        x0, y0, x1, y1 = quad
        return QRectF(rect.left() + x0 * sx, rect.top() + (points.height() - y1) * sy,
                      (x1 - x0) * sx, (y1 - y0) * sy)

    def _to_page(self, pos: QPointF) -> tuple[int, QPointF] | None:
        """A viewport position as (page, point in page points, origin top-left)."""
        for page, rect in self.page_rects().items():
            if rect.contains(pos.toPoint()):
                points = self.document().pagePointSize(page)
                return page, QPointF((pos.x() - rect.left()) * points.width() / rect.width(),
                                     (pos.y() - rect.top()) * points.height() / rect.height())
        return None

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        super().paintEvent(event)
        rects = self.page_rects()
        painter = QPainter(self.viewport())
        if self.dark:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Difference)
            for rect in rects.values():
                painter.fillRect(rect, Qt.GlobalColor.white)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        for page, quad, color in self.marks:
            if page in rects:
                r, g, b = PAGE_COLORS.get(color, PAGE_COLORS["yellow"])
                painter.fillRect(self._to_view(page, rects[page], quad), QColor(r, g, b, 110))
        if self._selection is not None and self._selection[0] in rects:
            page, quads, _ = self._selection
            for quad in quads:
                painter.fillRect(self._to_view(page, rects[page], quad), QColor(60, 120, 230, 90))
        painter.end()

    # ------------------------------------------------------------------ keys
    def go_to_page(self, page: int) -> None:
        """Show ``page`` (0-based, clamped) at the top."""
        count = self.document().pageCount() if self.document() else 0
        if count:
            page = max(0, min(count - 1, page))
            self.pageNavigator().jump(page, QPointF(), self.zoomFactor())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Page Up/Down turn a page, Ctrl+Home/End go to the first/last page."""
        page = self.pageNavigator().currentPage()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        targets = {Qt.Key.Key_PageDown: page + 1, Qt.Key.Key_PageUp: page - 1}
        if ctrl:
            targets.update({Qt.Key.Key_Home: 0, Qt.Key.Key_End: 1 << 30})
        target = targets.get(Qt.Key(event.key()))
        if target is None:
            super().keyPressEvent(event)
            return
        self.go_to_page(target)
        event.accept()

    # ------------------------------------------------------------------ selecting
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = self._to_page(event.position())
            self._selection = None
            self.viewport().update()
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._select_to(event.position())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            text = self._select_to(event.position())
            if self._selection is not None and text.strip():
                page, quads, _ = self._selection
                self.selectionMade.emit(page, quads, text,
                                        event.globalPosition().toPoint())
            self._press = None
        super().mouseReleaseEvent(event)

    def select(self, page: int, start: QPointF, end: QPointF) -> str:
        """Select the text between two points of ``page`` (page points, origin top-left);
        returns it (also kept as the selection drawn over the page)."""
        selection = self.document().getSelection(page, start, end)
        if not selection.isValid():
            self._selection = None
            self.viewport().update()
            return ""
        height = self.document().pagePointSize(page).height()
        quads = []
        for polygon in selection.bounds():
            box = polygon.boundingRect()
            quads.append([round(box.left(), 2), round(height - box.bottom(), 2),
                          round(box.right(), 2), round(height - box.top(), 2)])
        text = " ".join(selection.text().split())
        self._selection = (page, quads, text)
        self.viewport().update()
        return text

    def selection(self) -> tuple[int, list[list[float]], str] | None:
        """The current selection as (page, quads, text) or None."""
        return self._selection

    def clear_selection(self) -> None:
        """Forget the selection."""
        self._selection = None
        self.viewport().update()

    def _select_to(self, pos: QPointF) -> str:
        assert self._press is not None
        page, start = self._press
        end = self._to_page(pos)
        if end is None or end[0] != page:
            return ""
        return self.select(page, start, end[1])


class PdfTab(QWidget):
    """Shows one PDF file.

    Signals:
        loaded(int pages): a document finished loading (0 when it failed or was cleared).
        highlightRequested(int page, list quads, str text, str color, str comment): the
            user highlighted selected text.
    """

    loaded = Signal(int)
    highlightRequested = Signal(int, list, str, str, str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: str | None = None
        self.key: str | None = None
        self.settings = QSettings()
        self.document = QPdfDocument(self)
        self.view = PageView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("PDF")
        self.view.selectionMade.connect(self._offer_highlight)
        self.search_model = QPdfSearchModel(self)
        self.search_model.setDocument(self.document)
        self.view.setSearchModel(self.search_model)

        # a tool bar: in a narrow window what does not fit goes behind its » button
        bar = QToolBar()
        bar.setAccessibleName("PDF tools")
        bar.setContentsMargins(6, 2, 6, 0)
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
        self.dark_button = _button("◐", "Dark pages (inverted colours)")
        self.dark_button.setCheckable(True)
        self.dark_button.toggled.connect(self.set_dark)
        self.find = QLineEdit()
        self.find.setPlaceholderText("Find in PDF…")
        self.find.setAccessibleName("Find in PDF")
        self.find.setClearButtonEnabled(True)
        self.find.returnPressed.connect(self.next_result)
        self.find.textChanged.connect(self.search)
        self.find_prev = _button("↑", "Previous match (Shift+F3)")
        self.find_prev.clicked.connect(self.previous_result)
        self.find_next = _button("↓", "Next match (F3)")
        self.find_next.clicked.connect(self.next_result)
        self.results = QLabel("")
        self.results.setAccessibleName("Matches")
        self.open_button = _button("Open externally", "Open the PDF in another application")
        self.open_button.clicked.connect(self.open_externally)
        self.find.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.find.setMinimumWidth(120)
        for w in (self.prev_button, self.page_box, self.page_count, self.next_button,
                  self.zoom_out, self.zoom_in, self.fit, self.dark_button):
            bar.addWidget(w)
        bar.addSeparator()
        for w in (self.find, self.find_prev, self.find_next, self.results, self.open_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.search_model.rowsInserted.connect(self._results_changed)
        self.search_model.modelReset.connect(self._results_changed)
        self._current = -1
        #: a jump asked for (Enter, F3) before the search found its first matches: made
        #: when they come (typing and pressing Enter at once showed "16 matches", no jump)
        self._pending = 0
        keys = (
            (QKeySequence.StandardKey.FindNext, self.next_result),
            (QKeySequence.StandardKey.FindPrevious, self.previous_result),
        )
        for key, slot in keys:  # (on the pane: F3 works from the find box too)
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self._set_enabled(False)
        self.set_dark(self.settings.value("pdf_view/dark", False, type=bool))

    # ------------------------------------------------------------------ document
    def load(self, path: str | Path | None, key: str | None = None) -> bool:
        """Show the PDF at ``path`` (None clears); returns False when it cannot be read.

        ``key`` names the paper: its last page and zoom are remembered under it.
        """
        self.remember()
        self.search_model.setSearchString("")
        self.find.clear()
        self.view.clear_selection()
        self.document.close()
        self.path = str(path) if path else None
        self.key = key
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
        if pages and key:
            self._restore(key)
            # the view resets its page when the new document's layout settles: again, later
            QTimer.singleShot(0, lambda k=key: self._restore(k) if self.key == k else None)
        self.loaded.emit(pages)
        return pages > 0

    def remember(self) -> None:
        """Keep the page and zoom of the paper shown (restored when it is shown again)."""
        if self.key and self.document.pageCount():
            custom = self.view.zoomMode() == QPdfView.ZoomMode.Custom
            self.settings.setValue(f"pdf_view/{self.key}", [
                self.current_page(), self.view.zoomFactor() if custom else 0.0])

    def _restore(self, key: str) -> None:
        value = self.settings.value(f"pdf_view/{key}")
        if not isinstance(value, list) or len(value) != 2:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            return
        page, zoom = int(value[0]), float(value[1])
        if zoom > 0:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(zoom)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.go_to_page(page)

    def set_marks(self, marks: list[tuple[int, list[float], str]]) -> None:
        """Draw these highlights ``(page, [x0, y0, x1, y1], colour)`` over the pages."""
        self.view.marks = marks
        self.view.viewport().update()

    def set_dark(self, on: bool) -> None:
        """Show pages inverted (light text on dark), or normally."""
        self.view.dark = on
        if self.dark_button.isChecked() != on:
            self.dark_button.setChecked(on)
        self.settings.setValue("pdf_view/dark", on)  # kept for the next start
        self.view.viewport().update()

    def _set_enabled(self, on: bool) -> None:
        for w in (self.prev_button, self.page_box, self.next_button, self.zoom_in,
                  self.zoom_out, self.fit, self.find, self.find_prev, self.find_next,
                  self.open_button, self.dark_button):
            w.setEnabled(on)

    def current_page(self) -> int:
        """The page shown (0-based)."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        """Jump to ``page`` (0-based, clamped)."""
        self.view.go_to_page(page)

    def zoom(self, factor: float) -> None:
        """Multiply the zoom by ``factor``."""
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(8.0, self.view.zoomFactor() * factor)))
        self.go_to_page(page)  # stay on the page being read

    # ------------------------------------------------------------------ highlighting
    def highlight_selection(self, color: str = "yellow", comment: str = "") -> bool:
        """Turn the selected text into a highlight (``highlightRequested``)."""
        selection = self.view.selection()
        if selection is None:
            return False
        page, quads, text = selection
        self.view.clear_selection()
        self.highlightRequested.emit(page, quads, text, color, comment)
        return True

    def _offer_highlight(self, page: int, quads: list, text: str, pos: object) -> None:
        menu = QMenu(self)
        for name in PAGE_COLORS:
            menu.addAction(f"Highlight ({name})", lambda n=name: self._ask_comment(n))
        menu.addAction("Copy", lambda: QGuiApplication.clipboard().setText(text))
        menu.popup(pos)  # type: ignore[arg-type]

    def _ask_comment(self, color: str) -> None:
        comment, ok = QInputDialog.getText(self, "Highlight", "Comment (optional):")
        if ok:
            self.highlight_selection(color, comment)

    # ------------------------------------------------------------------ search
    def search(self, text: str) -> None:
        """Find ``text`` in the PDF (results are highlighted in the view)."""
        self.search_model.setSearchString(text)
        self._current, self._pending = -1, 0
        self._results_changed()

    def result_count(self) -> int:
        """The number of matches of the current search."""
        return self.search_model.rowCount(QModelIndex())

    def next_result(self) -> None:
        """Jump to the next match (after the last, the first)."""
        self._go_to_result(+1)

    def previous_result(self) -> None:
        """Jump to the previous match (before the first, the last)."""
        self._go_to_result(-1)

    def _go_to_result(self, step: int) -> None:
        n = self.result_count()
        if not n:
            self._pending = step if self.search_model.searchString() else 0
            return
        self._pending = 0
        self._current = (self._current + step) % n if self._current >= 0 else (
            0 if step > 0 else n - 1)
        self.view.setCurrentSearchResultIndex(self._current)
        self.view.pageNavigator().jump(self.search_model.resultAtIndex(self._current))
        self._results_changed()

    def _pending_jump(self) -> None:
        if self._pending and self.result_count():
            self._go_to_result(self._pending)

    def current_result(self) -> int:
        """The match shown (0-based), or -1 before the first jump."""
        return self._current

    def _results_changed(self, *args: object) -> None:
        n = self.result_count()
        if self._pending and n:
            # (after the model's signal, not inside it: jumping while the search inserted
            # its rows crashed the view's painting now and then)
            QTimer.singleShot(0, self, self._pending_jump)
            return
        if not self.search_model.searchString():
            self.results.setText("")
        elif self._current >= 0 and n:
            self.results.setText(f"{min(self._current, n - 1) + 1} / {n}")
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
