"""Screenshots of the window's parts on the demo library (for the README and reviews).

``python -m paperdesk.gui.screenshot_parts docs/screenshots`` (on a real or virtual X
display: menus and dialogs are separate windows, so the screen is grabbed) writes
``multi-selection.png``, ``jobs-panel.png``, ``column-chooser.png``, ``command-palette.png``
and ``compact-1024x700.png``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QWidget

from paperdesk.config import Settings
from paperdesk.gui.app import make_app
from paperdesk.library.demo import fill_demo
from paperdesk.library.library import Library


def _pump(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _settle(app: QApplication, win, seconds: float = 1.0) -> None:  # noqa: ANN001
    _pump(app, seconds)
    end = time.monotonic() + 20
    while not win.ops.is_idle() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _screen(app: QApplication, rect: QRect, path: Path) -> None:
    """Grab ``rect`` of the screen (popups and dialogs included)."""
    shot = app.primaryScreen().grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height())
    shot.save(str(path))


def _frame(win: QWidget, *others: QWidget) -> QRect:
    rect = win.frameGeometry()
    for w in others:
        rect = rect.united(QRect(w.mapToGlobal(QPoint(0, 0)), w.size()))
    return rect


def main(out: Path) -> None:
    """Make the screenshots in ``out``."""
    app = make_app()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        lib = Library.open(Path(tmp) / "lib")
        fill_demo(lib)
        from paperdesk.gui import actions
        from paperdesk.gui.mainwindow import MainWindow

        win = MainWindow(lib, Settings(tag_on_import=False),
                         QSettings(str(Path(tmp) / "state.ini"), QSettings.Format.IniFormat))
        win.move(0, 0)
        win.resize(1360, 860)
        win.show()
        _settle(app, win, 1.5)
        # several papers selected: the side panel edits them all
        rl = [h.paper_id for h in lib.search("tag:rl", limit=4)]
        win.select_ids(rl)
        _settle(app, win, 1.0)
        win.grab().save(str(out / "multi-selection.png"))

        # the column chooser, from the header's context menu
        win.table.set_column_shown("doi", True)
        win.table.set_column_shown("read", True)
        hh = win.table.horizontalHeader()
        win.table._header_menu(QPoint(hh.sectionViewportPosition(3) + 20, 10))
        _pump(app, 0.8)
        menu = win.table.last_menu
        _screen(app, _frame(win, menu), out / "column-chooser.png")
        menu.close()

        # the command palette
        palette = actions.show_palette(win)
        palette.filter.setText("star")
        _pump(app, 0.8)
        _screen(app, _frame(win, palette), out / "command-palette.png")
        palette.reject()

        # jobs: tagging running, an import and a rebuild queued
        from paperdesk import jobs
        from paperdesk.config import resource_path

        win.ops.long_job("Tagging 454 papers", jobs.tag_papers, None, 5)
        win.ops.long_job("Rebuilding the search index", jobs.rebuild_index)
        win.ops.long_job("Importing sample-library.txt", jobs.import_files,
                         [str(resource_path("sample-library.txt"))], interactive=True)
        win.show_jobs()
        _pump(app, 3.0)
        win.grab().save(str(out / "jobs-panel.png"))
        win.ops.cancel()
        _settle(app, win, 0.5)
        win.jobs_panel.close()

        # the compact layout at 1024×700 (default columns)
        win.table.reset_columns()
        win.select_ids(rl[:1])
        win.resize(1024, 700)
        _settle(app, win, 1.0)
        win.grab().save(str(out / "compact-1024x700.png"))
        win.close()
        lib.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
