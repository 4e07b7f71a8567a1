"""Tag chips: the user's tags (add with completion, remove) and automatic suggestions
shown apart with one-click accept / reject."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from paperdesk.gui.widgets.elided import ElidedLabel
from paperdesk.gui.widgets.flow import FlowLayout
from paperdesk.records import Tag

CHIP_STYLE = """
QFrame#chip { border: 1px solid palette(mid); border-radius: 10px;
              background: palette(alternate-base); }
QFrame#suggestion { border: 1px dashed palette(mid); border-radius: 10px; }
QToolButton { border: 1px solid transparent; border-radius: 3px; padding: 0 2px; }
QToolButton:focus { border-color: palette(highlight); background: palette(highlight);
                    color: palette(highlighted-text); }
"""


#: widest a chip's name is drawn (longer names lose their middle; full name in the tooltip),
#: so one long tag never makes the side panel scroll sideways; narrower in a narrow panel
CHIP_TEXT_PX = 190


class ChipButton(QToolButton):
    """A chip's ✓ / ✕ / + button: a Tab stop, pressed with Space, Enter or Return."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Enter and Return press the button too (a tool button takes only Space)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
                event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):
            self.click()
            return
        super().keyPressEvent(event)


def _chip(text: str, name: str, buttons: Sequence[tuple[str, str, object]]) -> QFrame:
    chip = QFrame()
    chip.setObjectName(name)
    chip.setStyleSheet(CHIP_STYLE)
    row = QHBoxLayout(chip)
    row.setContentsMargins(8, 1, 2, 1)
    row.setSpacing(2)
    # a long name loses its middle (whole in the tooltip), the more so in a narrow panel
    row.addWidget(ElidedLabel(text, widest=CHIP_TEXT_PX))
    for glyph, tip, slot in buttons:
        b = ChipButton()
        b.setText(glyph)
        b.setToolTip(tip)
        b.setAccessibleName(tip)
        b.setCursor(Qt.CursorShape.PointingHandCursor)
        # reachable with Tab (and Space / Enter), not only with the mouse
        b.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        row.addWidget(b)
    return chip


class TagsWidget(QWidget):
    """The tags of one paper.

    Signals:
        tagAdded(str): the user typed a new tag and pressed Enter.
        tagRemoved(str): the user removed a tag.
        suggestionAccepted(str): the user accepted an automatic suggestion.
        suggestionRejected(str): the user rejected an automatic suggestion.
    """

    tagAdded = Signal(str)  # noqa: N815
    tagRemoved = Signal(str)  # noqa: N815
    suggestionAccepted = Signal(str)  # noqa: N815
    suggestionRejected = Signal(str)  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Tags")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.user_box = QWidget()
        self.user_flow = FlowLayout(self.user_box)
        layout.addWidget(self.user_box)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Add a tag…")
        self.edit.setAccessibleName("New tag")
        self.edit.setClearButtonEnabled(True)
        self.completion = QStringListModel(self)
        completer = QCompleter(self.completion, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.edit.returnPressed.connect(self._add_typed)
        self.edit.installEventFilter(self)
        layout.addWidget(self.edit)
        self.suggest_label = QLabel("Suggested")
        self.suggest_label.setToolTip("Automatic tags from the abstract: ✓ accept, ✕ reject")
        font = self.suggest_label.font()
        font.setItalic(True)
        self.suggest_label.setFont(font)
        self.suggest_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(self.suggest_label)
        self.suggest_box = QWidget()
        self.suggest_flow = FlowLayout(self.suggest_box)
        layout.addWidget(self.suggest_box)
        self.user_tags: list[str] = []
        self.suggestions: list[Tag] = []
        #: the chips' buttons, each with its place: (section, chip, button)
        self._buttons: list[tuple[tuple[str, int, int], QToolButton]] = []
        self.set_tags([])

    def set_completions(self, names: Sequence[str]) -> None:
        """Tag names offered while typing."""
        self.completion.setStringList(list(names))

    def set_tags(self, tags: Sequence[Tag]) -> None:
        """Show a paper's tags: user tags as chips, unrejected suggestions apart."""
        self.edit.setPlaceholderText("Add a tag…")
        self.user_tags = [t.name for t in tags if t.source == "user"]
        self.suggestions = [t for t in tags if t.source == "auto" and not t.rejected]
        focus = self._begin()
        for name in self.user_tags:
            self._add("user", _chip(name, "chip", [
                ("✕", f"Remove tag {name}", lambda _=False, n=name: self.tagRemoved.emit(n))]))
        for tag in self.suggestions:
            chip = _chip(tag.name, "suggestion", [
                ("✓", f"Accept tag {tag.name}",
                 lambda _=False, n=tag.name: self.suggestionAccepted.emit(n)),
                ("✕", f"Reject tag {tag.name}",
                 lambda _=False, n=tag.name: self.suggestionRejected.emit(n))])
            if tag.score is not None:
                chip.setToolTip(f"Suggested (score {tag.score:.2f})")
            self._add("auto", chip)
        self.suggest_label.setVisible(bool(self.suggestions))
        self.suggest_box.setVisible(bool(self.suggestions))
        self.user_box.setVisible(bool(self.user_tags))
        self._finish(focus)

    def set_counts(self, counts: Sequence[tuple[str, int]], total: int,
                   suggested: Sequence[tuple[str, int]] = ()) -> None:
        """Show the user tags of ``total`` selected papers with how many have each:
        ✕ removes a tag from all of them, + adds it to those that lack it; and the tags
        suggested to them: ✓ accepts one on every paper it is suggested to, ✕ rejects it
        there."""
        self.user_tags = [name for name, _n in counts]
        self.suggestions = [Tag(name, "auto") for name, _n in suggested]
        focus = self._begin()
        for name, n in counts:
            buttons: list[tuple[str, str, object]] = []
            if n < total:
                buttons.append((
                    "+", f"Add tag {name} to all {total} papers",
                    lambda _=False, t=name: self.tagAdded.emit(t)))
            buttons.append(("✕", f"Remove tag {name} from {n} of {total} papers",
                            lambda _=False, t=name: self.tagRemoved.emit(t)))
            chip = _chip(f"{name}  {n}/{total}", "chip", buttons)
            chip.setAccessibleName(f"{name}: {n} of {total} papers")
            self._add("user", chip)
        for name, n in suggested:
            chip = _chip(f"{name}  {n}/{total}", "suggestion", [
                ("✓", f"Accept tag {name} on the {n} papers it is suggested to",
                 lambda _=False, t=name: self.suggestionAccepted.emit(t)),
                ("✕", f"Reject tag {name} on the {n} papers it is suggested to",
                 lambda _=False, t=name: self.suggestionRejected.emit(t))])
            chip.setAccessibleName(f"suggested {name}: {n} of {total} papers")
            self._add("auto", chip)
        self.suggest_label.setVisible(bool(suggested))
        self.suggest_box.setVisible(bool(suggested))
        self.user_box.setVisible(bool(counts))
        self.edit.setPlaceholderText(f"Add a tag to all {total} papers…")
        self._finish(focus)

    def chip_buttons(self) -> list[QToolButton]:
        """The chips' buttons in Tab order (user tags first, then suggestions)."""
        return [b for _slot, b in self._buttons]

    def _begin(self) -> tuple[str, int, int] | None:
        """Clear the chips before they are made again; returns where the focus was among
        their buttons (section, chip, button). Meanwhile it waits in the new-tag box: a
        focused button that went away would send it down the panel."""
        focused = QApplication.focusWidget()
        where = next((slot for slot, b in self._buttons if b is focused), None)
        if where is not None:
            self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self._buttons = []
        self.user_flow.clear()
        self.suggest_flow.clear()
        return where

    def _add(self, section: str, chip: QFrame) -> None:
        """Add a chip to the user tags ("user") or the suggestions ("auto")."""
        flow = self.user_flow if section == "user" else self.suggest_flow
        at = flow.count()
        flow.addWidget(chip)
        chip.show()  # now, not when the layout gets to it: a focus restored goes to it
        self._buttons += [((section, at, i), b)
                          for i, b in enumerate(chip.findChildren(ChipButton))]

    def _finish(self, focus: tuple[str, int, int] | None) -> None:
        """Tab goes through the chips' buttons in the order they are shown: the user tags'
        ✕, the new-tag box, the suggestions' ✓ ✕ (chips are made after the window, so they
        would otherwise come last in its focus chain, after the related papers). A button
        that had the focus hands it to the one now in its place — after ✓ on a suggestion,
        the next suggestion's ✓."""
        user = [b for slot, b in self._buttons if slot[0] == "user"]
        auto = [b for slot, b in self._buttons if slot[0] == "auto"]
        chain = [self.edit, *user, *auto]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        if user:  # then the box after the user tags (taken out, it joins what was before)
            QWidget.setTabOrder(user[-1], self.edit)
        if focus is None:
            return
        section, chip, button = focus
        same = [(slot, b) for slot, b in self._buttons if slot[0] == section]
        if not same:
            return  # (the focus stays in the new-tag box)
        chip = min(chip, max(slot[1] for slot, _b in same))
        buttons = [b for slot, b in same if slot[1] == chip]
        buttons[min(button, len(buttons) - 1)].setFocus(Qt.FocusReason.TabFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Ctrl+Z / Ctrl+Shift+Z in the new-tag box undo and redo the library's edits
        when the box has no typing of its own to undo: the focus waits there after ✓ or
        ✕ on the last suggestion, and the box took the keys (and did nothing)."""
        if watched is self.edit and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if ((event.matches(QKeySequence.StandardKey.Undo) and not self.edit.isUndoAvailable())
                    or (event.matches(QKeySequence.StandardKey.Redo)
                        and not self.edit.isRedoAvailable())):
                event.ignore()  # not the box's: the window's Undo / Redo
                return True
        return super().eventFilter(watched, event)

    def _add_typed(self) -> None:
        name = self.edit.text().strip()
        if name:
            self.edit.setText("")  # (clear() could be undone: Ctrl+Z gave the name back)
            self.tagAdded.emit(name)
