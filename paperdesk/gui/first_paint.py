"""Work that waits for the window's first paint.

At 100,000 papers the window paints its first page of rows in well under a second only
when nothing else runs first: sidebar counts, opening the search index, the first paper's
details, the citation engine and background jobs all start once the table has been
painted (:class:`AfterFirstPaint`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal


class AfterFirstPaint(QObject):
    """Runs queued callbacks, in order, just after ``target`` is first painted.

    Signals:
        painted(): the target has painted for the first time (the callbacks follow in the
            next turn of the event loop, so the paint reaches the screen first).
    """

    painted = Signal()

    def __init__(self, target: QObject, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._target = target
        self._queue: list[Callable[[], object]] = []
        self.done = False
        target.installEventFilter(self)

    def call(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` after the first paint (soon, when that has happened already)."""
        if self.done:
            QTimer.singleShot(0, self, fn)
        else:
            self._queue.append(fn)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            self._target.removeEventFilter(self)
            self.painted.emit()
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        queue, self._queue = self._queue, []
        for fn in queue:
            fn()
