"""The sidebar model: library views, saved searches and tags with paper counts.

Every selectable item carries ``KIND_ROLE`` ("all", "starred", "unread", "recent",
"trash", "saved" or "tag") and ``VALUE_ROLE`` (the saved query or the tag name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
NAME_ROLE = Qt.ItemDataRole.UserRole + 3

#: Other names of a tag listed in its row's tooltip.
ALIASES_SHOWN = 8

FIXED = [("all", "All papers"), ("starred", "Starred"), ("unread", "Unread"),
         ("recent", "Recently added"), ("trash", "Trash")]


@dataclass
class SidebarData:
    """What the sidebar shows, read off the GUI thread (see ``rows.sidebar_counts``)."""

    counts: dict[str, int] = field(default_factory=dict)
    saved: list[tuple[str, str]] = field(default_factory=list)
    tags: list[tuple[str, int, bool]] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)


class SidebarModel(QStandardItemModel):
    """A two-level tree: headings ("Library", "Saved searches", "Tags") and entries.

    Signals: the standard model signals only.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["Library"])
        self.data_shown = SidebarData()
        self.rebuild(SidebarData())

    def rebuild(self, data: SidebarData) -> None:
        """Replace the entries with ``data``."""
        self.data_shown = data
        self.removeRows(0, self.rowCount())
        library = self._heading("Library")
        for kind, label in FIXED:
            library.appendRow(self._entry(label, kind, "", data.counts.get(kind)))
        saved = self._heading("Saved searches")
        for name, query in data.saved:
            item = self._entry(name, "saved", query, None)
            item.setToolTip(query)
            saved.appendRow(item)
        tags = self._heading("Tags")
        for name, count, user in data.tags:
            item = self._entry(name, "tag", name, count)
            tip = (f"{name}: your tag on {count} paper(s)" if user else
                   f"{name}: automatic suggestion on {count} paper(s)")
            also = data.aliases.get(name, [])
            if also:  # what it stands for: why it is on a paper that never writes its name
                shown = ", ".join(also[:ALIASES_SHOWN])
                more = len(also) - ALIASES_SHOWN
                tip += f"\nAlso written: {shown}" + (f" and {more} more" if more > 0 else "")
            item.setToolTip(tip)
            if not user:
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            tags.appendRow(item)

    def _heading(self, text: str) -> QStandardItem:
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
        item.setData(text, NAME_ROLE)
        self.appendRow(item)
        return item

    @staticmethod
    def _entry(label: str, kind: str, value: str, count: int | None) -> QStandardItem:
        text = f"{label}  ({count})" if count is not None else label
        item = QStandardItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsDropEnabled | Qt.ItemFlag.ItemNeverHasChildren)
        item.setData(kind, KIND_ROLE)
        item.setData(value, VALUE_ROLE)
        item.setData(label, NAME_ROLE)
        item.setData(f"{label}, {count} papers" if count is not None else label,
                     Qt.ItemDataRole.AccessibleTextRole)
        return item

    def find(self, kind: str, value: str = "") -> QStandardItem | None:
        """The entry of ``kind`` (and ``value``), if shown."""
        for r in range(self.rowCount()):
            head = self.item(r)
            for c in range(head.rowCount()):
                item = head.child(c)
                if item.data(KIND_ROLE) == kind and (kind in dict(FIXED) or
                                                     item.data(VALUE_ROLE) == value):
                    return item
        return None
