"""The Collections panel of the sidebar: a tree with counts, drops and a context menu."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.models.collections import COLLECTION_ROLE, PATH_ROLE, CollectionModel
from paperdesk.library.collections import Collection


class CollectionsPanel(QWidget):
    """A header ("Collections" and a + button) over the collections tree.

    Signals:
        collectionChosen(int): the user picked a collection to show.
        newRequested(object): create a collection under this id (None: at the top).
        renameRequested(int): rename this collection.
        deleteRequested(int): delete this collection.
        papersDropped(list, int): paper ids dropped on a collection.
    """

    collectionChosen = Signal(int)  # noqa: N815
    newRequested = Signal(object)  # noqa: N815
    renameRequested = Signal(int)  # noqa: N815
    deleteRequested = Signal(int)  # noqa: N815
    papersDropped = Signal(list, int)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        head = QHBoxLayout()
        title = QLabel("<b>Collections</b>")
        head.addWidget(title, 1)
        self.add_button = QToolButton()
        self.add_button.setText("+")
        self.add_button.setToolTip("New collection")
        self.add_button.setAccessibleName("New collection")
        self.add_button.clicked.connect(lambda: self.newRequested.emit(None))
        head.addWidget(self.add_button)
        layout.addLayout(head)
        self.model = CollectionModel(self)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Collections")
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        self.tree.clicked.connect(self._clicked)
        # by keyboard too: Enter, or the arrows while the tree has the focus (as in the
        # sidebar; a tester's Down and Enter highlighted a collection but showed Trash)
        self.tree.activated.connect(self._clicked)
        self.tree.selectionModel().currentChanged.connect(
            lambda index, _prev: self._clicked(index) if self.tree.hasFocus() else None)
        self.model.papersDropped.connect(self.papersDropped)
        layout.addWidget(self.tree, 1)
        self.empty = QLabel("No collections yet: + makes one; drag papers onto it.")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)

    def show_collections(self, collections: list[Collection], current: int | None) -> None:
        """Show ``collections``; keep ``current`` selected."""
        self.model.rebuild(collections)
        self.tree.expandAll()
        self.empty.setVisible(not collections)
        item = self.model.find(current) if current is not None else None
        if item is not None:
            self.tree.setCurrentIndex(item.index())
        else:
            self.tree.clearSelection()

    def clear_choice(self) -> None:
        """Show no collection as chosen (another sidebar view was picked)."""
        self.tree.clearSelection()
        self.tree.setCurrentIndex(QModelIndex())

    def _clicked(self, index: QModelIndex) -> None:
        cid = index.data(COLLECTION_ROLE)
        if cid is not None:
            self.collectionChosen.emit(int(cid))

    def _menu(self, pos: QPoint) -> None:
        index = self.tree.indexAt(pos)
        menu = QMenu(self)
        cid = index.data(COLLECTION_ROLE) if index.isValid() else None
        if cid is None:
            menu.addAction("New collection…", lambda: self.newRequested.emit(None))
        else:
            path = index.data(PATH_ROLE)
            menu.addAction(f"New sub-collection in “{path}”…",
                           lambda: self.newRequested.emit(int(cid)))
            menu.addAction(f"Rename “{path}”…", lambda: self.renameRequested.emit(int(cid)))
            menu.addAction(f"Delete “{path}”…", lambda: self.deleteRequested.emit(int(cid)))
        self.last_menu = menu
        menu.popup(self.tree.viewport().mapToGlobal(pos))
