"""The side panel: stars, read state, tags, collections, note and related papers of one
paper — or, with several papers selected, what they share ("3 papers selected"), edited for
all at once."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.widgets.flow import FlowLayout
from paperdesk.gui.widgets.note import NoteWidget
from paperdesk.gui.widgets.related import RelatedWidget
from paperdesk.gui.widgets.stars import StarsWidget
from paperdesk.gui.widgets.tags import TagsWidget
from paperdesk.library.papers import SelectionSummary
from paperdesk.records import READ_STATES, Paper

#: the narrowest the panel gets (a small window: 800 px wide or less)
MIN_WIDTH = 220


class SidePanel(QScrollArea):
    """Groups the per-paper widgets; the window connects their signals to the library.

    Signals:
        readChanged(str): the user picked a read state.
        trashRequested(): move the selected papers to the trash.
        exportRequested(): export the selected papers.
        tagRequested(): suggest tags for the selected papers.
    """

    readChanged = Signal(str)  # noqa: N815
    trashRequested = Signal()  # noqa: N815
    exportRequested = Signal()  # noqa: N815
    tagRequested = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setMinimumWidth(MIN_WIDTH)
        # the content narrows with the panel (chips elide, lists wrap): never scroll sideways
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = 0
        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 8, 8, 8)
        self.selection_label = QLabel()
        self.selection_label.setAccessibleName("Selection")
        font = self.selection_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.selection_label.setFont(font)
        layout.addWidget(self.selection_label)
        self.bulk = QWidget()
        bulk = FlowLayout(self.bulk)  # (they wrap in a narrow panel)
        self.tag_button = QPushButton("Auto-tag")
        self.tag_button.setToolTip("Suggest tags for every selected paper")
        self.tag_button.clicked.connect(self.tagRequested)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Export the selected papers")
        self.export_button.clicked.connect(self.exportRequested)
        self.trash_button = QPushButton("Trash")
        self.trash_button.setToolTip("Move the selected papers to the trash")
        self.trash_button.clicked.connect(self.trashRequested)
        for b in (self.tag_button, self.export_button, self.trash_button):
            bulk.addWidget(b)
        layout.addWidget(self.bulk)
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
        self.note_box = self._group("Note", self.note)
        layout.addWidget(self.note_box, 2)
        self.related = RelatedWidget()
        self.related.setMinimumHeight(300)
        self.related_box = self._group("Related papers", self.related)
        layout.addWidget(self.related_box, 3)
        self.multi_stretch = QWidget()
        layout.addWidget(self.multi_stretch, 1)
        self.setWidget(inner)
        # no Tab stop of its own (it showed no focus): Tab goes straight to its fields,
        # and the panel scrolls to the one that gets the focus
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._shown: int | None = None
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
        """Show ``paper`` (None: nothing selected); ``links`` are (id, title). The same
        paper shown again (after an edit) keeps the panel where it was scrolled to."""
        same = paper is not None and paper.id == self._shown
        self._shown = paper.id if paper else None
        at = self.verticalScrollBar().value()
        self.count = 1 if paper else 0
        self._single(True)
        self.stars.set_stars(paper.stars if paper else 0)
        self.read.setCurrentIndex(READ_STATES.index(paper.read) if paper else 0)
        # (a ✓ or ✕ pressed goes with its chip: the tags widget hands its focus on)
        self.tags.set_tags(paper.tags if paper else [])
        if same:
            QTimer.singleShot(0, lambda: self.verticalScrollBar().setValue(at))
        self.collections.setText("\n".join(paper.collections) if paper and paper.collections
                                 else "In no collection (drag it onto one in the sidebar)")
        self.note.set_note(paper.id if paper else None, paper.note if paper else "")
        if not keep_related:
            self.related.set_paper(paper.id if paper else None, links)
        for w in (self.stars, self.read, self.tags):
            w.setEnabled(paper is not None and paper.trashed is None)

    def show_rating(self, stars: int, read: str) -> None:
        """Show a paper's new stars and read state (after an edit of only those)."""
        self.stars.set_stars(stars)
        if read in READ_STATES:
            self.read.setCurrentIndex(READ_STATES.index(read))

    def set_selection(self, summary: SelectionSummary) -> None:
        """Show what several selected papers share; edits apply to all of them."""
        self.count = summary.count
        self._single(False)
        self.selection_label.setText(f"{summary.count:,} papers selected")
        self.stars.set_stars(next(iter(summary.stars)) if len(summary.stars) == 1 else 0)
        self.stars.setToolTip("Rating of all selected papers: click a star, or press 0–5"
                              + ("" if len(summary.stars) == 1 else " (they differ now)"))
        if len(summary.read) == 1:
            self.read.setCurrentIndex(READ_STATES.index(next(iter(summary.read))))
        else:
            self.read.setCurrentIndex(-1)
            self.read.setPlaceholderText("Mixed")
        self.tags.set_counts(summary.tags, summary.count, summary.suggested)
        live = summary.trashed < summary.count
        for w in (self.stars, self.read, self.tags, self.tag_button, self.trash_button):
            w.setEnabled(live)
        self.trash_button.setText(f"Trash {summary.count - summary.trashed:,}")
        self.export_button.setText(f"Export {summary.count:,}…")
        self.tag_button.setText(f"Auto-tag {summary.count:,}")

    def _single(self, single: bool) -> None:
        """Switch between one paper (note, related papers) and a selection (bulk buttons)."""
        self.selection_label.setVisible(not single)
        self.bulk.setVisible(not single)
        self.note_box.setVisible(single)
        self.related_box.setVisible(single)
        self.multi_stretch.setVisible(not single)
        if single:
            self.stars.setToolTip("Rating: click a star, or press 0–5")
