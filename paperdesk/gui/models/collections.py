"""The collections tree: nested collections with paper counts; papers dropped onto one.

Each item carries ``COLLECTION_ROLE`` (the collection id) and ``PATH_ROLE`` (its path).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from paperdesk.gui.models.paper_table import IDS_MIME, ids_from_mime
from paperdesk.library.collections import Collection

COLLECTION_ROLE = Qt.ItemDataRole.UserRole + 11
PATH_ROLE = Qt.ItemDataRole.UserRole + 12


class CollectionModel(QStandardItemModel):
    """Collections as a tree; dropping papers (from the table) on one collects them.

    Signals:
        papersDropped(list, int): paper ids dropped on the collection with that id.
    """

    papersDropped = Signal(list, int)  # noqa: N815

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Collections"])
        self.shown: list[Collection] = []

    def rebuild(self, collections: Sequence[Collection]) -> None:
        """Show ``collections`` (parents before children, as ``lib.collections.list()``)."""
        self.shown = list(collections)
        self.removeRows(0, self.rowCount())
        items: dict[int, QStandardItem] = {}
        for c in collections:
            item = QStandardItem(f"{c.name}  ({c.total})")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsDropEnabled)
            item.setData(c.id, COLLECTION_ROLE)
            item.setData(c.path, PATH_ROLE)
            item.setToolTip(f"{c.path}: {c.total} paper(s), {c.count} directly in it")
            item.setData(f"{c.name}, {c.total} papers", Qt.ItemDataRole.AccessibleTextRole)
            parent = items.get(c.parent) if c.parent is not None else None
            (parent or self.invisibleRootItem()).appendRow(item)
            items[c.id] = item

    def find(self, collection_id: int) -> QStandardItem | None:
        """The item of a collection, if shown."""
        hits = self.match(self.index(0, 0), COLLECTION_ROLE, collection_id, 1,
                          Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)
        return self.itemFromIndex(hits[0]) if hits else None

    # ------------------------------------------------------------ drops
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [IDS_MIME]

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.LinkAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                        column: int, parent: QModelIndex) -> bool:
        return parent.isValid() and bool(ids_from_mime(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int,  # noqa: N802
                     column: int, parent: QModelIndex) -> bool:
        ids = ids_from_mime(data)
        if not parent.isValid() or not ids:
            return False
        self.papersDropped.emit(ids, int(parent.data(COLLECTION_ROLE)))
        return False  # nothing is inserted into this model: the library changes
