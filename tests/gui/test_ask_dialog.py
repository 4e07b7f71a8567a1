"""Questions in a dialog wide enough for their title (the frame cut "Rename tag —
PaperDesk" to "Rename … perDesk")."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog

from paperdesk.gui.dialogs.ask import ask, question


def test_the_dialog_is_wide_enough_for_its_title(qtbot, monkeypatch):
    monkeypatch.setattr(QGuiApplication, "applicationDisplayName",
                        staticmethod(lambda: "PaperDesk"))
    dialog = question(None, "Rename collection", "New name:", "Thesis")
    qtbot.addWidget(dialog)
    dialog.show()
    title = "Rename collection — PaperDesk"
    assert dialog.width() > dialog.fontMetrics().horizontalAdvance(title) + 100
    assert dialog.textValue() == "Thesis"
    static = QInputDialog()  # what QInputDialog.getText showed
    qtbot.addWidget(static)
    static.setLabelText("New name:")
    static.show()
    assert static.width() < dialog.width()


def _answer(keys: str | None) -> None:
    """Type ``keys`` into the dialog shown next and press Enter (None: Escape)."""
    def later() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        if keys is None:
            dialog.reject()
        else:
            dialog.setTextValue(keys)
            dialog.accept()
    QTimer.singleShot(50, later)


def test_ask_gives_the_text_stripped_or_none(qtbot):
    _answer("  reinforcement learning ")
    assert ask(None, "Rename tag", "New name:", "rl") == "reinforcement learning"
    _answer(None)
    assert ask(None, "Rename tag", "New name:", "rl") is None
    _answer("   ")
    assert ask(None, "Rename tag", "New name:", "rl") is None
    _answer("RL")
    assert ask(None, "Merge tag", "Merge into:", items=["", "RL", "NLP"]) == "RL"
