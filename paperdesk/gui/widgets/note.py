"""The note of a paper: a Markdown editor with a preview, saved on a short debounce
and when it loses focus. The preview renders with the exports' Markdown engine
(:func:`~paperdesk.export.htmlsafe.note_to_html`), so lists, headings and line breaks
look the same in the window and in every export."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

SAVE_DELAY_MS = 600


class NoteWidget(QWidget):
    """Edits one paper's note.

    Signals:
        saveRequested(int paper_id, str text): the text changed and should be stored
            (after :data:`SAVE_DELAY_MS` of quiet, on focus-out, or before another paper).
    """

    saveRequested = Signal(int, str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper_id: int | None = None
        self._saved: str | None = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.status = QLabel("")
        self.status.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        bar.addWidget(self.status, 1)
        self.preview_button = QToolButton()
        self.preview_button.setText("Preview")
        self.preview_button.setCheckable(True)
        self.preview_button.setToolTip("Show the note rendered as Markdown")
        self.preview_button.toggled.connect(self._toggle_preview)
        bar.addWidget(self.preview_button)
        layout.addLayout(bar)
        self.stack = QStackedWidget()
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("Write a note (Markdown: **bold**, *italic*, - lists)…")
        self.editor.setAccessibleName("Note")
        self.editor.setTabChangesFocus(True)
        self.editor.textChanged.connect(self._changed)
        self.editor.installEventFilter(self)
        self.preview = QTextBrowser()
        self.preview.setOpenExternalLinks(True)
        self.preview.setAccessibleName("Note preview")
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.preview)
        layout.addWidget(self.stack)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_DELAY_MS)
        self.timer.timeout.connect(self.flush)
        self.setEnabled(False)

    def set_note(self, paper_id: int | None, text: str) -> None:
        """Show the note of ``paper_id`` (saving a pending edit of the previous paper)."""
        if paper_id == self.paper_id and (self.editor.toPlainText() != self._saved
                                          or self.editor.toPlainText() == text):
            self._saved = text
            return  # still typing on this paper, or nothing new: keep the text and its undo
        self.flush()
        self.paper_id = paper_id
        self._saved = text
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.preview.setHtml(_note_html(text))
        self.status.setText("")
        self.setEnabled(paper_id is not None)

    def text(self) -> str:
        """The text in the editor."""
        return self.editor.toPlainText()

    def flush(self) -> None:
        """Save now if the text differs from the stored note."""
        self.timer.stop()
        text = self.editor.toPlainText()
        if self.paper_id is not None and text != self._saved:
            self._saved = text
            self.status.setText("Saving…")  # "Saved" once stored (see saved())
            self.saveRequested.emit(self.paper_id, text)

    def saved(self, paper_id: int, text: str, ok: bool) -> None:
        """The window stored ``text`` as the note of ``paper_id`` (``ok``), or could not
        (a read-only or full library): on a read-only library it said "Saved" though
        nothing was. A note not stored is tried again on the next edit or focus change."""
        if paper_id != self.paper_id:
            return
        if ok:
            if self.editor.toPlainText() == text:
                self.status.setText("Saved")
        else:
            self._saved = None  # differs from any text: the next flush tries again
            self.status.setText("Not saved")

    def _changed(self) -> None:
        self.status.setText("Editing…")
        self.timer.start()

    def _toggle_preview(self, on: bool) -> None:
        if on:
            self.preview.setHtml(_note_html(self.editor.toPlainText()))
        self.stack.setCurrentWidget(self.preview if on else self.editor)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.editor and event.type() == QEvent.Type.FocusOut:
            self.flush()
        return super().eventFilter(obj, event)


def _note_html(text: str) -> str:
    """The note as safe HTML (the exporters' Markdown, imported on first use: not before
    the window's first paint)."""
    from paperdesk.export.htmlsafe import note_to_html

    return note_to_html(text)
