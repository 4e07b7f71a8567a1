"""Screenshots of the main window on the sample library (for the README).

``python -m paperdesk.gui.screenshot docs/screenshots`` writes ``main-window.png`` and
``main-window-dark.png``: a paper selected, with tags, stars, a note, a highlight, a link
and (when the ML packages are installed) automatic tags and similar papers.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from paperdesk.config import Settings, resource_path
from paperdesk.gui.app import make_app
from paperdesk.library.library import Library
from paperdesk.progress import NullProgress


def dark_palette() -> QPalette:
    """A dark palette like the ones desktops hand to Qt apps in dark mode."""
    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: (45, 45, 48), QPalette.ColorRole.WindowText: (230, 230, 230),
        QPalette.ColorRole.Base: (30, 30, 32), QPalette.ColorRole.AlternateBase: (40, 40, 44),
        QPalette.ColorRole.Text: (230, 230, 230), QPalette.ColorRole.Button: (55, 55, 58),
        QPalette.ColorRole.ButtonText: (230, 230, 230),
        QPalette.ColorRole.Highlight: (60, 110, 200),
        QPalette.ColorRole.HighlightedText: (255, 255, 255),
        QPalette.ColorRole.ToolTipBase: (60, 60, 64),
        QPalette.ColorRole.ToolTipText: (230, 230, 230),
        QPalette.ColorRole.PlaceholderText: (150, 150, 150),
        QPalette.ColorRole.Link: (120, 170, 255),
        QPalette.ColorRole.Mid: (90, 90, 95), QPalette.ColorRole.Dark: (25, 25, 27),
        QPalette.ColorRole.Light: (80, 80, 85),
    }
    for role, rgb in roles.items():
        p.setColor(role, QColor(*rgb))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 120, 120))
    return p


def _settle(app: QApplication, win, seconds: float = 1.0) -> None:  # noqa: ANN001
    end = time.monotonic() + seconds
    while time.monotonic() < end or not win.ops.is_idle():
        app.processEvents()
        time.sleep(0.01)


@contextmanager
def screenshot_session(prepare_lib: Callable[[Library], Any]
                       ) -> Iterator[tuple[QApplication, Library, Any, Callable[[], Any]]]:
    """The application, a library in a temporary folder filled by ``prepare_lib`` (what it
    returns comes third), and a function that opens a main window on it, 1440×900 and shown.
    Window state and settings stay in the temporary folder; the library is closed after."""
    app = make_app()
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        lib = Library.open(Path(tmp) / "lib")
        prepared = prepare_lib(lib)

        def window() -> Any:
            from paperdesk.gui.mainwindow import MainWindow

            win = MainWindow(lib, Settings(tag_on_import=False),
                             QSettings(str(Path(tmp) / "state.ini"), QSettings.Format.IniFormat))
            win.resize(1440, 900)
            win.show()
            _settle(app, win)
            return win

        try:
            yield app, lib, prepared, window
        finally:
            lib.close()


def prepare(lib: Library) -> int:
    """Fill a fresh library with the sample and annotate one paper; returns its id."""
    lib.import_files([resource_path("sample-library.txt")])
    from paperdesk.gui import tagging

    ids = lib.papers.ids(sort="id")
    if tagging.unavailable_reason() is None:
        tagging.tag_papers(lib, ids, 5, NullProgress())
    pid = next(i for i in ids if lib.get(i).title.startswith("Secrets of RLHF"))
    lib.papers.edit(pid, year=2024, venue="arXiv", doi="10.48550/arXiv.2401.06080",
                    authors=["Wang, Binghai", "Zheng, Rui", "Chen, Lu", "Liu, Yan"])
    lib.papers.set_stars(pid, 4)
    lib.papers.set_read(pid, "reading")
    lib.tags.add(pid, ["rlhf", "reward models"])
    lib.notes.set(pid, "**Main idea:** measure preference strength with a *voting* of "
                       "reward models.\n\n- contrastive learning for generalisation\n"
                       "- compare with our DPO runs")
    abstract = lib.get(pid).abstract
    start = abstract.index("Reward models are trained")
    lib.highlights.add(pid, start, abstract.index(".", start) + 1, "key claim", "yellow")
    other = next(i for i in ids if i != pid and "reward" in lib.get(i).abstract.lower())
    lib.links.add(pid, other)
    for i in ids[:6]:
        lib.papers.set_stars(i, 3 + i % 3)
    return pid


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with screenshot_session(prepare) as (app, _lib, pid, window):
        for name, palette in (("main-window.png", None), ("main-window-dark.png",
                                                          dark_palette())):
            if palette is not None:
                app.setStyle("Fusion")
                app.setPalette(palette)
            win = window()
            win.select_ids([pid])
            _settle(app, win, 1.5)
            win.grab().save(str(out / name))
            win.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
