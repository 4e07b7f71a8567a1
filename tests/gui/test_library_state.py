"""The window says when its library is read-only, and when a write waits for another one."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from conftest import make_window

from paperdesk import Library
from paperdesk.config import Settings
from paperdesk.gui import errors
from paperdesk.gui.app import _after_first_paint
from paperdesk.gui.library_state import NOT_SAVED, READ_ONLY_LABEL, WAITING

sys.path.insert(0, str(Path(__file__).parent.parent / "helpers"))
from storage import read_only_view  # noqa: E402


def test_a_read_only_library_says_so_and_explains_a_refused_edit_once(
        qtbot, sample_lib, tmp_path, monkeypatch):
    """A review on a read-only mount: an error box 12 s after start (the tagging of new
    papers), again on every edit, and nothing in the title or status bar said read-only."""
    folder = sample_lib.folder
    sample_lib.close()
    boxes = []
    real_show = errors.show_error
    monkeypatch.setattr("paperdesk.gui.library_state.show_error",
                        lambda win, exc: boxes.append(str(exc)) or real_show(win, exc))
    with read_only_view(folder, tmp_path / "ro") as ro:
        lib = Library.open(ro)
        win = make_window(qtbot, lib, Settings(tag_on_import=True), tmp_path)
        try:
            assert lib.read_only
            assert "(read-only)" in win.windowTitle()
            label = win.library_state.label
            assert label.isVisible() and label.text() == READ_ONLY_LABEL
            _after_first_paint(win)  # starts no tagging, which could only fail
            assert not win.ops.entries
            pid = lib.papers.ids()[0]
            win.select_ids([pid])
            win.set_stars(5)
            qtbot.waitUntil(lambda: len(boxes) == 1)
            assert "read-only library" in boxes[0]
            win.set_stars(4)
            qtbot.waitUntil(lambda: win.statusBar().currentMessage() == NOT_SAVED)
            qtbot.waitUntil(win.ops.is_idle)
            assert len(boxes) == 1  # (no second box)
            assert lib.get(pid).stars == 0
        finally:
            win.close()
            win.ops.wait()
            lib.close()


def test_a_writable_library_shows_no_read_only_mark(window):
    assert "read-only" not in window.windowTitle()
    assert not window.library_state.label.isVisible()


def test_an_edit_waiting_for_another_program_says_so(qtbot, window):
    """Another program held the library for writing: a star waited ~35 s with no sign at
    all, then went through."""
    pid = window.lib.papers.ids()[0]
    window.select_ids([pid])
    other = sqlite3.connect(window.lib.folder / "library.sqlite", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        window.set_stars(5)
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == WAITING, timeout=5000)
        assert window.lib.get(pid).stars == 0
    finally:
        other.execute("ROLLBACK")
        other.close()
    qtbot.waitUntil(window.ops.is_idle, timeout=10000)
    assert window.lib.get(pid).stars == 5
    assert window.statusBar().currentMessage() != WAITING
