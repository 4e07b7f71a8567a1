"""What the window says of its library's state: read-only, or waiting for another writer.

A review on a read-only mount: an error box came up 12 s after start, before the user did
anything (the tagging of new papers), and again on every edit, while the title and the
status bar never said "read-only". With another program holding the library for writing,
a star, a note and a trash waited ~35 s with no sign at all ("Saved" even), then went
through. Now the title and a status-bar label say "read-only" from the start, the first
refused edit explains in a box and the later ones in the status bar, and a write that
waits says so in the status bar until it is done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel

from paperdesk.errors import LibraryError
from paperdesk.gui.errors import show_error

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow

#: the status bar's permanent label on a read-only library (its tooltip says why)
READ_ONLY_LABEL = "Read-only"
READ_ONLY_TIP = ("This library's folder or disk cannot be written: you can read, search "
                 "and export, but changes are not saved.")
#: the status bar after an edit refused on a read-only library (after the first, a box)
NOT_SAVED = "Not saved: this library is read-only"
#: the status bar while a write waits for another writer
WAITING = "Waiting: another program (or another PaperDesk) is writing to this library…"
NOTICE_MS = 8000


class LibraryState(QObject):
    """Tells the user the window's library is read-only, or that a write waits.

    Signals:
        waiting(str): a write of the window waits for another writer (from any thread).
    """

    waiting = Signal(str)

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.label = QLabel(READ_ONLY_LABEL)
        self.label.setToolTip(READ_ONLY_TIP)
        self.label.setAccessibleName("Library state")
        win.statusBar().addPermanentWidget(self.label)
        #: a read-only refusal was explained in a box already (for this library)
        self.explained = False
        self.waiting.connect(self._show_waiting)
        win.ops.idle.connect(self._done_waiting)
        self.watch()

    @property
    def read_only(self) -> bool:
        """True when the window's library cannot be written."""
        return bool(self.win.lib.read_only)

    def watch(self) -> None:
        """Follow the window's (newly opened) library."""
        self.explained = False
        self.label.setVisible(self.read_only)
        self.win.lib.on_wait(self.waiting.emit)  # (called in the writing thread)

    def failed(self, exc: BaseException) -> None:
        """Show an error of the window's work: a refused edit on a read-only library is
        explained once in a box, then in the status bar."""
        if self.read_only and isinstance(exc, LibraryError):
            if self.explained:
                self.win.statusBar().showMessage(NOT_SAVED, NOTICE_MS)
                return
            self.explained = True
        show_error(self.win, exc)

    def _show_waiting(self, _message: str) -> None:
        self.win.statusBar().showMessage(WAITING)

    def _done_waiting(self) -> None:
        if self.win.statusBar().currentMessage() == WAITING:
            self.win.statusBar().clearMessage()
