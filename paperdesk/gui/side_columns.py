"""The main window's three columns — sidebar, papers, side panel — as the window is
resized: the side columns keep the widths the user gave them (by dragging a handle) while
the papers have room, narrow in proportion (down to their minimums) when the window gets
small, and come back when it grows again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

#: the narrowest the sidebar column gets
SIDEBAR_MIN = 150
#: the narrowest the papers (table and reader) get: with the side columns at their
#: minimums the window can be about 680 px wide
CENTER_MIN = 280
#: the papers keep this much width before the side columns narrow
CENTER_ROOM = 580
#: (sidebar, side panel) widths of a first window
DEFAULT_SIDES = (220, 330)
STATE_KEY = "window/side_widths"


def widths(total: int, sides: tuple[int, int], minimums: tuple[int, int],
           room: int = CENTER_ROOM) -> tuple[int, int, int]:
    """(sidebar, papers, side panel) widths that fill ``total`` pixels: the ``sides`` the
    user chose while the papers keep ``room``; less room, the side columns narrow in
    proportion to what they have above their ``minimums``."""
    side, panel = max(sides[0], minimums[0]), max(sides[1], minimums[1])
    if total - side - panel >= room:
        return side, total - side - panel, panel
    above = (side - minimums[0], panel - minimums[1])
    spare = max(0, total - room - sum(minimums))
    share = min(1.0, spare / sum(above)) if sum(above) else 0.0
    side, panel = (minimums[0] + round(above[0] * share),
                   minimums[1] + round(above[1] * share))
    return side, max(0, total - side - panel), panel


class SideColumns(QObject):
    """Fits a three-column splitter whenever it is resized, and remembers the side
    columns' widths the user chose."""

    def __init__(self, split: QSplitter) -> None:
        super().__init__(split)
        self.split = split
        self.sides = DEFAULT_SIDES
        #: the papers' width below which the side columns narrow: less than CENTER_ROOM
        #: when the user chose so (dragging a side column wider in a small window)
        self.room = CENTER_ROOM
        split.widget(1).setMinimumWidth(CENTER_MIN)
        split.splitterMoved.connect(self._moved)
        split.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        """The splitter resized: share its new width out (before it does so itself, by
        its stretch factors: they gave all the room back to the papers)."""
        if obj is self.split and event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    @staticmethod
    def _minimum(widget: QWidget) -> int:
        return max(widget.minimumWidth(), widget.minimumSizeHint().width())

    def fit(self) -> None:
        """Share the splitter's width out again (see :func:`widths`)."""
        split = self.split
        total = split.contentsRect().width() - split.handleWidth() * (split.count() - 1)
        if split.count() != 3 or total <= 0:
            return
        mins = (self._minimum(self.split.widget(0)), self._minimum(self.split.widget(2)))
        self.split.setSizes(list(widths(total, self.sides, mins, self.room)))

    def _moved(self, _pos: int, _index: int) -> None:
        """The user dragged a handle: these are the widths to come back to."""
        sizes = self.split.sizes()
        self.sides = (sizes[0], sizes[2])
        self.room = max(CENTER_MIN, min(CENTER_ROOM, sizes[1]))

    def save(self, state: QSettings) -> None:
        """Remember the chosen widths (a window closed small opens with them again)."""
        state.setValue(STATE_KEY, [*self.sides, self.room])

    def restore(self, state: QSettings) -> None:
        """The chosen widths, as saved (none saved: the defaults; the splitter's own saved
        sizes are not used, a splitter not shown yet reports them squeezed)."""
        value = state.value(STATE_KEY)
        try:
            side, panel, room = (int(v) for v in value)  # type: ignore[union-attr]
        except (TypeError, ValueError):
            return
        if side > 0 and panel > 0:
            self.sides = (side, panel)
            self.room = max(CENTER_MIN, min(CENTER_ROOM, room))
