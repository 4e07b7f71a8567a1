"""A clickable 0–5 star rating; keys 0–5, arrows and Home/End change it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

STAR_SIZE = 22


def _star_path(rect: QRectF) -> QPainterPath:
    """A five-pointed star in ``rect`` (made once per place: the widget repaints often)."""
    key = (rect.x(), rect.y(), rect.width(), rect.height())
    path = _PATHS.get(key)
    if path is None:
        path = _PATHS[key] = _make_star_path(rect)
    return path


_PATHS: dict[tuple[float, float, float, float], QPainterPath] = {}


def _make_star_path(rect: QRectF) -> QPainterPath:
    import math

    c = rect.center()
    r_out, r_in = rect.width() / 2, rect.width() / 5
    path = QPainterPath()
    for k in range(10):
        r = r_out if k % 2 == 0 else r_in
        a = -math.pi / 2 + k * math.pi / 5
        p = QPointF(c.x() + r * math.cos(a), c.y() + r * math.sin(a))
        path.moveTo(p) if k == 0 else path.lineTo(p)
    path.closeSubpath()
    return path


class StarsWidget(QWidget):
    """Stars 0–5. Clicking the current star again clears the rating.

    Signals:
        starsChanged(int): the user picked a new rating (not sent by :meth:`set_stars`).
    """

    starsChanged = Signal(int)  # noqa: N815 - Qt naming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stars = 0
        self._hover = -1
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Stars")
        self.setToolTip("Rating: click a star, or press 0–5")
        self._update_accessible()

    def stars(self) -> int:
        """The rating shown."""
        return self._stars

    def set_stars(self, n: int) -> None:
        """Show a rating without announcing it."""
        self._stars = max(0, min(5, int(n)))
        self._update_accessible()
        self.update()

    def _pick(self, n: int) -> None:
        n = max(0, min(5, n))
        if n != self._stars:
            self.set_stars(n)
            self.starsChanged.emit(n)

    def _update_accessible(self) -> None:
        self.setAccessibleDescription(f"{self._stars} of 5 stars")

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(STAR_SIZE * 5 + 8, STAR_SIZE + 6)

    def _star_at(self, x: float) -> int:
        return int((x - 4) // STAR_SIZE) + 1 if 4 <= x < 4 + 5 * STAR_SIZE else -1

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        hover = self._star_at(event.position().x())
        if hover != self._hover:
            self._hover = hover
            self.update()

    def leaveEvent(self, event: object) -> None:  # noqa: N802
        self._hover = -1
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        n = self._star_at(event.position().x())
        if n > 0:
            self._pick(0 if n == self._stars else n)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_5:
            self._pick(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self._pick(self._stars + 1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self._pick(self._stars - 1)
        elif key == Qt.Key.Key_Home:
            self._pick(0)
        elif key == Qt.Key.Key_End:
            self._pick(5)
        else:
            super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        outline = pal.color(pal.ColorRole.Text)
        gold = QColor(232, 170, 20)  # readable on light and dark backgrounds
        shown = self._hover if self._hover > 0 else self._stars
        for k in range(5):
            rect = QRectF(4 + k * STAR_SIZE + 2, 5, STAR_SIZE - 4, STAR_SIZE - 4)
            path = _star_path(rect)
            p.setPen(outline if k >= shown else gold.darker(130))
            p.fillPath(path, gold if k < shown else pal.color(pal.ColorRole.Base))
            p.drawPath(path)
        if self.hasFocus():
            p.setPen(pal.color(pal.ColorRole.Highlight))
            p.drawRect(self.rect().adjusted(0, 0, -1, -1))
