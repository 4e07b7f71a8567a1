"""A one-line label that narrows with its room: its text loses the middle (or the end) and
shows whole in the tooltip, instead of holding the window (or a panel) wide."""

from __future__ import annotations

import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: the narrowest it gets: about this many characters' width
FEWEST_CHARS = 4
#: a text's name and the count after it, if any ("pre-trained language models  16/454")
_COUNT_RE = re.compile(r"(.*?)(\s+[\d/,.]+)?", re.S)


class ElidedLabel(QLabel):
    """Shows as much of its text as fits; ``widest``: never asks for more than this many
    pixels (a long tag name does not make its chip wider)."""

    def __init__(self, text: str = "", mode: Qt.TextElideMode = Qt.TextElideMode.ElideMiddle,
                 widest: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._mode = mode
        self._widest = widest
        self._own_tip = ""
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def setToolTip(self, tip: str) -> None:  # noqa: N802
        """A tooltip of its own (shown when the text is whole; else the whole text)."""
        self._own_tip = tip
        self._update_tip()

    def setText(self, text: str) -> None:  # noqa: N802
        """Set the (whole) text."""
        super().setText(text)
        self._update_tip()

    def shown_text(self) -> str:
        """The text as drawn at the present width: losing whole words from its middle
        where that fits ("pre-trained … models", not "pre-trained la…models"), else
        letters."""
        metrics, width, text = self.fontMetrics(), self.contentsRect().width(), self.text()
        if metrics.horizontalAdvance(text) <= width:
            return text
        # (a count after the name, as a chip's "16/454", stays whole)
        name, count = _COUNT_RE.fullmatch(text).groups()  # type: ignore[union-attr]
        words = name.split(" ")
        if self._mode == Qt.TextElideMode.ElideMiddle and len(words) > 2:
            for kept in range(len(words) - 1, 1, -1):
                head = (kept + 1) // 2
                shorter = " ".join([*words[:head], "…", *words[len(words) - kept + head:]])
                if metrics.horizontalAdvance(shorter + (count or "")) <= width:
                    return shorter + (count or "")
        return metrics.elidedText(text, self._mode, width)

    def sizeHint(self) -> QSize:  # noqa: D102, N802
        hint = super().sizeHint()
        if self._widest is not None:
            hint.setWidth(min(hint.width(), self._widest))
        return hint

    def minimumSizeHint(self) -> QSize:  # noqa: D102, N802
        hint = super().minimumSizeHint()
        fewest = self.fontMetrics().averageCharWidth() * FEWEST_CHARS
        hint.setWidth(min(hint.width(), fewest))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: D102, N802
        super().resizeEvent(event)
        self._update_tip()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: D102, N802
        painter = QPainter(self)
        self.style().drawItemText(painter, self.contentsRect(),
                                  int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
                                  self.palette(), self.isEnabled(), self.shown_text(),
                                  self.foregroundRole())

    def _update_tip(self) -> None:
        cut = self.isVisible() and self.shown_text() != self.text()
        super().setToolTip(self.text() if cut else self._own_tip)
