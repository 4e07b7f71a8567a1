"""Starting the desktop application: :func:`run_app` (called by ``paperdesk``).

Set ``PAPERDESK_FIRST_PAINT=1`` to print the seconds from process start to the first
paint of the paper table and quit (used by ``benchmarks/gui.py``).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from paperdesk.config import resource_path
from paperdesk.errors import KnownError

log = logging.getLogger("paperdesk.gui")
ORG, APP = "PaperDesk", "PaperDesk"


def app_icon() -> QIcon:
    """The application icon (``resources/icons/paperdesk.svg``)."""
    return QIcon(str(resource_path("icons", "paperdesk.svg")))


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication, with names, icon and a short GIL switch interval."""
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setApplicationDisplayName(APP)
    app.setDesktopFileName("paperdesk")
    app.setWindowIcon(app_icon())
    # background threads are Python too: let the GUI thread get the GIL back quickly
    sys.setswitchinterval(0.002)
    if app.platformName() == "offscreen":
        # PySide6 6.12 crashes at exit when the offscreen clipboard holds QMimeData
        app.aboutToQuit.connect(lambda: QApplication.clipboard().clear())
    return app  # type: ignore[return-value]


class _FirstPaint(QObject):
    """Prints the time of the table's first paint, then quits (benchmark hook)."""

    def __init__(self, target: QObject, t0: float) -> None:
        super().__init__()
        self.t0 = t0
        self.done = False
        target.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        import resource

        elapsed = time.monotonic() - self.t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"first-paint {elapsed:.3f} s  peak-rss {rss:.0f} MB", flush=True)
        QApplication.instance().quit()


def _process_start() -> float:
    """Seconds on the monotonic clock when this process started (Linux; else now)."""
    try:
        ticks = os.sysconf("SC_CLK_TCK")
        start = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19]) / ticks
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.monotonic() - (uptime - start)
    except (OSError, ValueError, IndexError):
        return time.monotonic()


def open_library(library_dir: Path, demo: bool):  # noqa: ANN201
    """Open the library without its search index (the window opens it after its first
    paint; a large one whose index must be rebuilt opens at once, see
    :meth:`Library.open`); the demo library is filled with its papers on first use."""
    from paperdesk.config import demo_library_dir
    from paperdesk.library.demo import fill_demo, is_new
    from paperdesk.library.library import Library

    lib = Library.open(demo_library_dir() if demo else library_dir, defer_index=True,
                       lazy_index=True)
    if demo and is_new(lib):
        fill_demo(lib)
    try:
        lib.claim_window()  # one window per library
    except KnownError:
        lib.close()
        raise
    return lib


def _after_first_paint(window) -> None:  # noqa: ANN001 - a MainWindow
    """Start what the window does once its first page of papers is on screen."""
    if os.environ.get("PAPERDESK_FIRST_PAINT"):
        return  # (the benchmark quits at the first paint)
    if window.model.rowCount() and not window.selected_ids():
        window.select_ids(window.model.ids[:1])  # open on a paper, not an empty reader
    try:  # numpy, once, here: threads below that imported it at the same time as a search
        import numpy  # noqa: F401 - saw it half made ("partially initialized module
    except ImportError:  # 'numpy'"), and the search took that for a damaged index and
        pass  # rebuilt it
    # load the citation engine and the default style off the GUI thread: Copy citation is
    # then instant
    from paperdesk.export.formatting import warm_up

    threading.Thread(target=warm_up, args=(window.settings.default_style,), daemon=True,
                     name="csl-warm-up").start()
    # the worker that indexes the window's edits, so the first edit is searchable at once
    window.ops.prestart_interactive()
    # and Best match's vectors and query model, when papers have vectors (seconds on the
    # first search otherwise)
    threading.Thread(target=window.lib.warm_up_search, daemon=True,
                     name="search-warm-up").start()
    if window.lib.read_only:
        return  # (no tags or vectors can be stored: the first thing shown was an error box)
    if window.settings.tag_on_import:
        from paperdesk.gui.library_actions import auto_tag

        # tag what arrived while the window was closed (e.g. the demo's sample papers)
        auto_tag(window, pending=True)
    else:
        from paperdesk.gui.library_actions import embed_pending

        # no automatic tags: still give new papers the vectors Best match needs
        embed_pending(window)


#: Room left for the frame a window manager draws around a window (title bar, borders),
#: which the window's own size leaves out: a window as tall as a 1300×850 screen had its
#: status bar (job progress, Cancel) below the screen's edge.
FRAME_WIDTH, FRAME_HEIGHT = 16, 48


def fit_to_screen(window) -> None:  # noqa: ANN001 - a QWidget
    """A first window (no saved size) no larger than the screen's free area, frame
    included: its default size does not fit a 1280×800 or 1366×768 laptop screen."""
    screen = window.screen()
    if screen is None:
        return
    area = screen.availableGeometry()
    width = min(window.width(), area.width() - FRAME_WIDTH)
    height = min(window.height(), area.height() - FRAME_HEIGHT)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        window.move(area.topLeft())


def run_app(library_dir: Path, demo: bool = False) -> int:
    """Open the window on ``library_dir``; returns the exit status."""
    t0 = _process_start()
    app = make_app()
    try:
        lib = open_library(library_dir, demo)
    except KnownError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "PaperDesk", str(exc))
        return 2
    from paperdesk.gui.mainwindow import MainWindow

    # the first page of papers is painted first; everything else starts after it
    state = QSettings()
    window = MainWindow(lib, state=state, lazy_start=True)
    if state.value("window/geometry") is None:
        fit_to_screen(window)
    probe = None
    if os.environ.get("PAPERDESK_FIRST_PAINT"):
        probe = _FirstPaint(window.table.viewport(), t0)
    window.show()
    window.after_first_paint(lambda: _after_first_paint(window))
    from paperdesk.gui.mainwindow import CLOSE_WAIT_MS, STOP_WAIT_S

    try:
        return app.exec()
    finally:
        del probe
        window.ops.cancel()  # quitting without closing the window (e.g. the first-paint probe)
        window.ops.wait(CLOSE_WAIT_MS)
        window.ops.stop_worker(STOP_WAIT_S)
        for task in list(window.ops.tasks):  # reads still running end when the library
            task.orphan()  # closes (interrupted): their answers are not shown
        window.lib.close()
