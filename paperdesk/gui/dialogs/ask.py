"""One-line questions (a name, a choice from a list) in dialogs wide enough for their
title: Qt's static QInputDialog helpers size the dialog to its field, and the window
manager then cut the title to "Rename … perDesk"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QInputDialog, QLineEdit, QWidget

#: The least width of a question's dialog, in pixels.
MIN_WIDTH = 380
#: Room beside the title for the frame's icon and buttons, in pixels.
TITLE_ROOM = 160
#: The dialog's margins on either side of its field, together, in pixels.
FRAME_MARGINS = 24


def question(parent: QWidget | None, title: str, label: str, text: str = "",
             items: Sequence[str] | None = None, editable: bool = True) -> QInputDialog:
    """A dialog asking for a line of text (or, with ``items``, one of them), not shown
    yet, wide enough for ``title`` (with the application's name the frame adds to it)."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    if items is not None:
        dialog.setComboBoxItems(list(items))
        dialog.setComboBoxEditable(editable)
    else:
        dialog.setTextValue(text)
    app = QGuiApplication.applicationDisplayName()  # the frame shows "title — app"
    shown = f"{title} — {app}" if app else title
    width = max(MIN_WIDTH, dialog.fontMetrics().horizontalAdvance(shown) + TITLE_ROOM)
    # (the dialog's own minimum width gives way to its layout's: its field's does not)
    field = dialog.findChild(QComboBox if items is not None else QLineEdit)
    field.setMinimumWidth(width - FRAME_MARGINS)
    return dialog


def ask(parent: QWidget | None, title: str, label: str, text: str = "",
        items: Sequence[str] | None = None, editable: bool = True) -> str | None:
    """The text typed or item chosen, stripped; None when cancelled or left empty."""
    dialog = question(parent, title, label, text, items, editable)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue().strip() or None
    finally:
        dialog.deleteLater()
