"""Paper › Add to collection… and Paper › Add tag…: pick a collection (or name a new one)
from a filtered list, or type a tag with completion."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from paperdesk.library.collections import Collection
from paperdesk.records import plural

#: an item's collection id (None: the "new collection" item)
COLLECTION_ROLE = Qt.ItemDataRole.UserRole + 21
NEW_PREFIX = "New collection"


def _papers(count: int) -> str:
    return "the selected paper" if count == 1 else f"the {plural(count, 'selected paper')}"


class CollectionPicker(QDialog):
    """The collections by path, filtered as the user types; Enter (or a double-click, or
    OK) takes the highlighted one. Typing a name no collection has offers a new
    collection of that name ("/" makes it a sub-collection: "Thesis/Chapter 4")."""

    def __init__(self, collections: Sequence[Collection], count: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add to collection")
        self.setAccessibleName("Add to collection")
        self.resize(420, 380)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Add {_papers(count)} to:"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter, or type the name of a new collection…")
        self.filter.setAccessibleName("Collection")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setAccessibleName("Collections")
        layout.addWidget(self.list, 1)
        self.paths = {c.id: c.path for c in collections}
        for c in collections:
            item = QListWidgetItem(c.path)
            item.setData(COLLECTION_ROLE, c.id)
            item.setToolTip(f"{c.path}: {plural(c.total, 'paper')}")
            self.list.addItem(item)
        self.new_item = QListWidgetItem()
        font = self.new_item.font()
        font.setItalic(True)
        self.new_item.setFont(font)
        self.new_item.setData(COLLECTION_ROLE, None)
        self.list.addItem(self.new_item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._take)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _i: self._take())
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self._filter("")
        self.filter.setFocus()

    def shown(self) -> list[str]:
        """The entries listed now, in order."""
        return [self.list.item(i).text() for i in range(self.list.count())
                if not self.list.item(i).isHidden()]

    def choice(self) -> int | str | None:
        """The chosen collection's id, or the name of a new one; None when nothing is."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        if item is self.new_item:
            return self.filter.text().strip() or None
        return item.data(COLLECTION_ROLE)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        typed = "/".join(p.strip() for p in text.split("/") if p.strip())
        first = None
        for i in range(self.list.count() - 1):
            item = self.list.item(i)
            hide = not all(w in item.text().casefold() for w in words)
            item.setHidden(hide)
            if not hide and first is None:
                first = item
        exists = typed.casefold() in {p.casefold() for p in self.paths.values()}
        self.new_item.setText(f"{NEW_PREFIX} “{typed}”" if typed else f"{NEW_PREFIX}…")
        self.new_item.setToolTip("Type its name in the box above" if not typed else
                                 f"Make a collection “{typed}” with these papers in it")
        self.new_item.setHidden(exists)
        self.list.setCurrentItem(first or self.new_item)
        self._enable()

    def _enable(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.choice() is not None)

    def _take(self) -> None:
        if self.list.currentItem() is self.new_item and not self.filter.text().strip():
            self.filter.setFocus()  # "New collection…": its name goes in the box
            return
        if self.choice() is not None:
            self.accept()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up / Down in the filter box move in the list."""
        if obj is self.filter and isinstance(event, QKeyEvent) \
                and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            shown = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
            if shown:
                row = self.list.currentRow()
                at = shown.index(row) if row in shown else 0
                at += 1 if event.key() == Qt.Key.Key_Down else -1
                self.list.setCurrentRow(shown[max(0, min(len(shown) - 1, at))])
            return True
        return super().eventFilter(obj, event)


class TagPicker(QDialog):
    """A tag name to add, completed from the tags the library has (any part of a name
    matches); Enter or OK takes it."""

    def __init__(self, names: Sequence[str], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add tag")
        self.setAccessibleName("Add tag")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tag {_papers(count)} with:"))
        self.edit = QLineEdit()
        self.edit.setAccessibleName("Tag")
        self.edit.setPlaceholderText("A tag (an existing one, or a new one)")
        self.edit.setClearButtonEnabled(True)
        completer = QCompleter(QStringListModel(list(names), self), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        layout.addWidget(self.edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(lambda t: self.buttons.button(
            QDialogButtonBox.StandardButton.Ok).setEnabled(bool(t.strip())))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.resize(360, self.sizeHint().height())
        self.edit.setFocus()

    def name(self) -> str:
        """The tag typed (trimmed)."""
        return self.edit.text().strip()

    def accept(self) -> None:
        """Close with a tag only (Enter in an empty box does nothing)."""
        if self.name():
            super().accept()
