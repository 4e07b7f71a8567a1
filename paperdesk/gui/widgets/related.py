"""Related papers: manual links (both ways) and similar-paper suggestions with "why"."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.models.paper_table import ids_from_mime
from paperdesk.gui.tagging import Similar

ID_ROLE = Qt.ItemDataRole.UserRole


class _DropList(QListWidget):
    """A list that accepts papers dragged from the table."""

    dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if ids_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: object) -> None:  # noqa: N802
        event.acceptProposedAction()  # type: ignore[attr-defined]

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        ids = ids_from_mime(event.mimeData())
        if ids:
            event.acceptProposedAction()
            self.dropped.emit(ids)


class RelatedWidget(QWidget):
    """Links of one paper and similar papers.

    Signals:
        linkRequested(int): link the shown paper to this paper.
        unlinkRequested(int): remove the link to this paper.
        jumpRequested(int): show this paper.
        searchRequested(str): find papers to link for this text (answer with
            :meth:`show_candidates`).
    """

    linkRequested = Signal(int)  # noqa: N815
    unlinkRequested = Signal(int)  # noqa: N815
    jumpRequested = Signal(int)  # noqa: N815
    searchRequested = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.links = _DropList()
        self.links.setAccessibleName("Linked papers")
        self.links.setToolTip("Linked papers: double-click to open; drop papers here to link")
        self.links.setMaximumHeight(110)
        self.links.setWordWrap(True)
        self.links.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.links.itemActivated.connect(self._jump)
        self.links.dropped.connect(self._link_many)
        self.links.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.links.customContextMenuRequested.connect(self._links_menu)
        layout.addWidget(self.links)
        self.find = QLineEdit()
        self.find.setPlaceholderText("Link a paper: type its title and press Enter…")
        self.find.setAccessibleName("Find a paper to link")
        self.find.returnPressed.connect(self._search)
        layout.addWidget(self.find)
        self.similar_label = QLabel("Similar papers")
        layout.addWidget(self.similar_label)
        self.similar = QListWidget()
        self.similar.setAccessibleName("Similar papers")
        self.similar.setWordWrap(True)
        self.similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.similar.setToolTip("Double-click to open; right-click to link")
        self.similar.itemActivated.connect(self._jump)
        self.similar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.similar.customContextMenuRequested.connect(self._similar_menu)
        layout.addWidget(self.similar)
        self.similar.viewport().installEventFilter(self)
        self.setEnabled(False)

    # ------------------------------------------------------------------ content
    def set_paper(self, paper_id: int | None, links: Sequence[tuple[int, str]]) -> None:
        """Show the links (id, title) of ``paper_id``; similar papers are cleared."""
        if paper_id != self.paper_id:
            self.find.clear()  # "Link a paper" text typed for another paper
        self.paper_id = paper_id
        self.setEnabled(paper_id is not None)
        self.links.clear()
        for pid, title in links:
            item = QListWidgetItem(title)
            item.setData(ID_ROLE, pid)
            item.setToolTip(title)
            self.links.addItem(item)
        if not links:
            item = QListWidgetItem("No links yet — drop a paper here or search below")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.links.addItem(item)
        # (no paper: nothing is being looked for; a tester saw "Looking for similar papers…"
        # with nothing selected)
        self.set_similar(None, "" if paper_id is not None else "No paper selected")

    def set_similar(self, similar: Sequence[Similar] | None, message: str = "") -> None:
        """Show similar papers (None: still computing or not available, with ``message``)."""
        self.similar.clear()
        self.similar_items = list(similar or [])
        if not similar:
            item = QListWidgetItem(message or ("No similar papers found" if similar is not None
                                               else "Looking for similar papers…"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.similar.addItem(item)
            return
        linked = set(self.linked_ids())
        for s in similar:
            item = QListWidgetItem()
            item.setData(ID_ROLE, s.paper_id)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, s.title)
            item.setToolTip(f"Similarity {s.score:.2f}. Double-click to open.")
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(4, 2, 4, 2)
            why = f"<br><small>why: {escape(', '.join(s.why))}</small>" if s.why else ""
            label = QLabel(f"{escape(s.title)}{why}")
            label.setWordWrap(True)
            label.setMinimumWidth(60)
            box.addWidget(label, 1)
            button = QToolButton()
            button.setText("Linked" if s.paper_id in linked else "Link")
            button.setMinimumWidth(button.sizeHint().width())  # never cut to "Lin"
            button.setEnabled(s.paper_id not in linked)
            button.setToolTip("Link this paper to the one shown")
            button.setAccessibleName(f"Link {s.title}")
            button.clicked.connect(lambda _=False, p=s.paper_id: self.linkRequested.emit(p))
            box.addWidget(button)
            self.similar.addItem(item)
            self.similar.setItemWidget(item, row)
            self._fit_item(item, row)

    def _fit_item(self, item: QListWidgetItem, row: QWidget) -> None:
        """Size a row to the list's width (a wrapped title grows taller, not wider)."""
        width = max(self.similar.viewport().width() - 4, 120)
        # the title's own height at the width it gets beside the Link button (the row
        # layout's heightForWidth wrapped it as if narrower: a tall blank above each title)
        box = row.layout()
        label, button = box.itemAt(0).widget(), box.itemAt(1).widget()
        margins = box.contentsMargins()
        text_width = (width - margins.left() - margins.right() - box.spacing()
                      - button.sizeHint().width())
        height = max(label.heightForWidth(max(text_width, label.minimumWidth())),
                     button.sizeHint().height()) + margins.top() + margins.bottom()
        item.setSizeHint(QSize(width, height))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """The similar list's viewport changed width (a scroll bar came or went): re-fit."""
        if obj is self.similar.viewport() and event.type() == QEvent.Type.Resize:
            self._refit()
        return super().eventFilter(obj, event)

    def _refit(self) -> None:
        for i in range(self.similar.count()):
            item = self.similar.item(i)
            row = self.similar.itemWidget(item)
            if row is not None:
                self._fit_item(item, row)

    def linked_ids(self) -> list[int]:
        """Ids of the linked papers shown."""
        return [self.links.item(i).data(ID_ROLE) for i in range(self.links.count())
                if self.links.item(i).data(ID_ROLE) is not None]

    def show_candidates(self, hits: Sequence[tuple[int, str]]) -> QMenu:
        """Offer search results (id, title) to link in a menu under the search box."""
        menu = QMenu(self)
        for pid, title in hits:
            if pid == self.paper_id:
                continue
            action = menu.addAction(title[:90])
            action.triggered.connect(lambda _=False, p=pid: self.linkRequested.emit(p))
        if menu.isEmpty():
            menu.addAction("No paper found").setEnabled(False)
        menu.popup(self.find.mapToGlobal(QPoint(0, self.find.height())))
        return menu

    # ------------------------------------------------------------------ slots
    def _jump(self, item: QListWidgetItem) -> None:
        pid = item.data(ID_ROLE)
        if pid is not None:
            self.jumpRequested.emit(pid)

    def _link_many(self, ids: list[int]) -> None:
        for pid in ids:
            if pid != self.paper_id:
                self.linkRequested.emit(pid)

    def _search(self) -> None:
        text = self.find.text().strip()
        if text:
            self.searchRequested.emit(text)

    def _links_menu(self, pos: QPoint) -> None:
        self._item_menu(self.links, pos, "Remove link", self.unlinkRequested)

    def _similar_menu(self, pos: QPoint) -> None:
        self._item_menu(self.similar, pos, "Link to this paper", self.linkRequested)

    def _item_menu(self, view: QListWidget, pos: QPoint, label: str, signal) -> None:  # noqa: ANN001
        """A context menu for a paper in ``view``: Open, and ``label`` emitting ``signal``."""
        item = view.itemAt(pos)
        if item is None or item.data(ID_ROLE) is None:
            return
        pid = item.data(ID_ROLE)
        menu = QMenu(self)
        menu.addAction("Open", lambda: self.jumpRequested.emit(pid))
        menu.addAction(label, lambda: signal.emit(pid))
        menu.popup(view.viewport().mapToGlobal(pos))
