"""The command palette (Ctrl+K) and Help › Keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

ACTION_ROLE = Qt.ItemDataRole.UserRole


def matches(name: str, text: str) -> bool:
    """True when every word of ``text`` starts a word of ``name`` or occurs in it."""
    low = name.casefold()
    return all(w in low for w in text.casefold().split())


#: between a command's name and its keys (a tab showed as nothing: "Copy citationCtrl+…")
_KEYS_AFTER = "   "


class CommandPalette(QDialog):
    """Lists every command with its shortcut; typing filters, Enter (or a click) runs the
    chosen one, Esc closes."""

    def __init__(self, entries: Sequence[tuple[str, str, QAction]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Command palette")
        self.setAccessibleName("Command palette")
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Type a command…")
        self.filter.setAccessibleName("Command")
        self.filter.setClearButtonEnabled(True)
        layout.addWidget(self.filter)
        self.list = QListWidget()
        self.list.setAccessibleName("Commands")
        self.list.setUniformItemSizes(True)
        layout.addWidget(self.list)
        for name, keys, action in entries:
            item = QListWidgetItem(f"{name}{_KEYS_AFTER}({keys})" if keys else name)
            item.setData(ACTION_ROLE, action)
            item.setToolTip(action.toolTip() or name)
            if not action.isEnabled():
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self.run_current)
        self.filter.installEventFilter(self)
        self.list.itemActivated.connect(lambda _i: self.run_current())
        self._filter("")
        self.filter.setFocus()

    def names(self) -> list[str]:
        """The commands shown (filtered), in order."""
        return [self.list.item(i).text().split(_KEYS_AFTER)[0]
                for i in range(self.list.count()) if not self.list.item(i).isHidden()]

    def _filter(self, text: str) -> None:
        first = None
        for i in range(self.list.count()):
            item = self.list.item(i)
            hide = not matches(item.text().split(_KEYS_AFTER)[0], text)
            item.setHidden(hide)
            if not hide and first is None:
                first = item
        if first is not None:
            self.list.setCurrentItem(first)

    def run_current(self) -> None:
        """Close the palette and trigger the chosen command."""
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return
        action: QAction = item.data(ACTION_ROLE)
        self.accept()
        if action.isEnabled():
            action.trigger()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """Up / Down in the filter box move in the list."""
        if obj is self.filter and event.type() == QEvent.Type.KeyPress:
            key = event.key() if isinstance(event, QKeyEvent) else None
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._step(key)
                return True
        return super().eventFilter(obj, event)

    def _step(self, key: int) -> None:
        shown = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not shown:
            return
        row = self.list.currentRow()
        pos = shown.index(row) if row in shown else 0
        delta = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8,
                 Qt.Key.Key_PageUp: -8}[key]
        self.list.setCurrentRow(shown[max(0, min(len(shown) - 1, pos + delta))])


class ShortcutsDialog(QDialog):
    """Help › Keyboard shortcuts: (keys, what they do), in a table."""

    def __init__(self, rows: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.table = QTableWidget(len(rows), 2)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Command"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, (keys, name) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(keys))
            self.table.setItem(r, 1, QTableWidgetItem(name))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def rows(self) -> list[tuple[str, str]]:
        """(keys, command) of every row."""
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]
