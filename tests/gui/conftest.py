"""GUI fixtures: a window over a temporary library, QSettings in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QSettings  # noqa: E402

from paperdesk.config import Settings  # noqa: E402


@pytest.fixture(autouse=True)
def _qsettings_in_tmp(tmp_path: Path):
    """Point every QSettings (and the default one) at a temporary folder."""
    folder = tmp_path / "qsettings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
        QSettings.setPath(QSettings.Format.IniFormat, scope, str(folder))
    yield folder


@pytest.fixture(autouse=True)
def _clear_clipboard(qapp):
    """PySide6 6.12 segfaults at exit on the offscreen platform if the clipboard still holds
    QMimeData (a copied citation); on a real display it does not."""
    yield
    qapp.clipboard().clear()


@pytest.fixture
def gui_settings() -> Settings:
    """Settings for tests: no automatic tagging (the real model is slow)."""
    return Settings(tag_on_import=False)


def make_window(qtbot, lib, settings: Settings, tmp_path: Path):  # noqa: ANN001, ANN201
    from paperdesk.gui.mainwindow import MainWindow

    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(lib, settings, state, settings_path=tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(window.ops.is_idle)
    return window


@pytest.fixture
def window(qtbot, sample_lib, gui_settings, tmp_path):
    """The main window over the 98-paper sample library."""
    win = make_window(qtbot, sample_lib, gui_settings, tmp_path)
    yield win
    win.close()
    win.ops.wait()


@pytest.fixture
def empty_window(qtbot, lib, gui_settings, tmp_path):
    """The main window over an empty library."""
    win = make_window(qtbot, lib, gui_settings, tmp_path)
    yield win
    win.close()
    win.ops.wait()


def wait_idle(qtbot, win) -> None:  # noqa: ANN001
    """Wait until every background task of the window has finished and reported (and the
    papers edits left for the index are indexed)."""
    pending = getattr(win, "index_pending", lambda: False)
    qtbot.waitUntil(lambda: win.ops.is_idle() and not pending(), timeout=20000)
