"""The side panel: stars, read state, tags, collections, note and related papers of one
paper."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.widgets.note import NoteWidget
from paperdesk.gui.widgets.related import RelatedWidget
from paperdesk.gui.widgets.stars import StarsWidget
from paperdesk.gui.widgets.tags import TagsWidget
from paperdesk.records import READ_STATES, Paper


class SidePanel(QScrollArea):
    """Groups the per-paper widgets; the window connects their signals to the library.

    Signals:
        readChanged(str): the user picked a read state.
    """

    readChanged = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(260)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QFormLayout()
        self.stars = StarsWidget()
        top.addRow("Stars", self.stars)
        self.read = QComboBox()
        self.read.addItems([s.capitalize() for s in READ_STATES])
        self.read.setAccessibleName("Read state")
        self.read.activated.connect(lambda i: self.readChanged.emit(READ_STATES[i]))
        top.addRow("Read", self.read)
        layout.addLayout(top)
        self.tags = TagsWidget()
        layout.addWidget(self._group("Tags", self.tags))
        self.collections = QLabel()
        self.collections.setWordWrap(True)
        self.collections.setAccessibleName("Collections of this paper")
        layout.addWidget(self._group("Collections", self.collections))
        self.note = NoteWidget()
        self.note.setMinimumHeight(150)
        layout.addWidget(self._group("Note", self.note), 2)
        self.related = RelatedWidget()
        self.related.setMinimumHeight(300)
        layout.addWidget(self._group("Related papers", self.related), 3)
        self.setWidget(inner)
        self.set_paper(None, [])

    @staticmethod
    def _group(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(6, 6, 6, 6)
        inner.addWidget(widget)
        return box

    def set_paper(self, paper: Paper | None, links: list[tuple[int, str]],
                  keep_related: bool = False) -> None:
        """Show ``paper`` (None: nothing selected); ``links`` are (id, title)."""
        self.stars.set_stars(paper.stars if paper else 0)
        self.read.setCurrentIndex(READ_STATES.index(paper.read) if paper else 0)
        self.tags.set_tags(paper.tags if paper else [])
        self.collections.setText("\n".join(paper.collections) if paper and paper.collections
                                 else "In no collection (drag it onto one in the sidebar)")
        self.note.set_note(paper.id if paper else None, paper.note if paper else "")
        if not keep_related:
            self.related.set_paper(paper.id if paper else None, links)
        for w in (self.stars, self.read, self.tags):
            w.setEnabled(paper is not None and paper.trashed is None)
