"""End to end as a user: import the sample, search, star, note, highlight, link, accept a
suggested tag and export — then check the library itself. Also starts ``paperdesk``."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from paperdesk.export import ExportOptions
from paperdesk.gui import library_actions as la
from paperdesk.gui.dialogs.export_dialog import ExportRequest
from tests.gui.conftest import wait_idle


def test_user_session(qtbot, empty_window, tmp_path):
    win = empty_window
    lib = win.lib
    # import the sample from the first-run banner
    with qtbot.waitSignal(win.importFinished, timeout=20000):
        win.sample_button.click()
    wait_idle(qtbot, win)
    assert win.model.rowCount() == 98

    # search as you type, pick the first hit
    with qtbot.waitSignal(win.searchFinished, timeout=5000):
        qtbot.keyClicks(win.search, "reward model")
    assert 0 < win.model.rowCount() < 98
    first = win.model.ids[0]
    qtbot.mouseClick(win.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=win.table.visualRect(win.model.index(0, 0)).center())
    assert win.current_id == first

    # star it
    with qtbot.waitSignal(win.ops.changed):
        qtbot.keyClick(win.panel.stars, Qt.Key.Key_5)

    # write a note (autosaved)
    win.panel.note.editor.setFocus()
    with qtbot.waitSignal(win.panel.note.saveRequested, timeout=3000):
        qtbot.keyClicks(win.panel.note.editor, "Key paper on *reward models*.")
    wait_idle(qtbot, win)

    # highlight the first five words of the abstract
    abstract = lib.get(first).abstract
    end = len(" ".join(abstract.split(" ")[:5]))
    cursor = win.reader.abstract.textCursor()
    cursor.setPosition(0)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    win.reader.abstract.setTextCursor(cursor)
    with qtbot.waitSignal(win.ops.changed):
        win.reader.highlight_selection("green", comment="the claim")
    wait_idle(qtbot, win)
    assert len(win.reader.abstract.extraSelections()) == 1

    # link it to the second hit by dropping it on the related list
    second = win.model.ids[1]
    with qtbot.waitSignal(win.ops.changed):
        win.panel.related.links.dropped.emit([second])
    wait_idle(qtbot, win)
    assert win.panel.related.linked_ids() == [second]

    # a suggested tag appears and is accepted with one click
    lib.tags.set_suggestions({first: [("reward modeling", 0.71), ("preference data", 0.6)]})
    win.jump_to(first)
    win.apply_change(lib.tags.set_suggestions(
        {first: [("reward modeling", 0.71), ("preference data", 0.6)]}))
    assert [t.name for t in win.panel.tags.suggestions] == ["reward modeling", "preference data"]
    with qtbot.waitSignal(win.ops.changed):
        win.panel.tags.suggestionAccepted.emit("reward modeling")
    wait_idle(qtbot, win)
    assert win.panel.tags.user_tags == ["reward modeling"]

    # export the current search as CSL-JSON with annotations
    out = tmp_path / "export.json"
    request = ExportRequest("csljson", ExportOptions(), "search", win.query)
    with qtbot.waitSignal(win.exportFinished, timeout=20000):
        la.export_to(win, request, out)
    items = json.loads(out.read_text(encoding="utf-8"))
    assert len(items) == win.model.rowCount()

    # the library itself
    paper = lib.get(first)
    assert paper.stars == 5
    assert paper.note == "Key paper on *reward models*."
    assert [(h.start, h.end, h.comment, h.color) for h in paper.highlights] == [
        (0, end, "the claim", "green")]
    assert paper.links == [second] and lib.get(second).links == [first]
    assert paper.user_tags == ["reward modeling"]
    assert [t.name for t in paper.suggested_tags] == ["preference data"]
    exported = next(i for i in items if i["title"] == paper.title)
    assert "Key paper" in exported.get("note", "")

    # undo the tag acceptance
    with qtbot.waitSignal(win.ops.changed):
        win.actions_["undo"].trigger()
    wait_idle(qtbot, win)
    assert lib.get(first).user_tags == []


def test_export_dialog_previews_first_entries(qtbot, window):
    window.select_ids(window.model.ids[:3])
    dialog = la.ask_export(window)
    assert dialog.request().scope == "selection"
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().count("\n@") == 3, timeout=10000)
    dialog.format.setCurrentIndex(dialog.format.findData("csljson"))
    qtbot.waitUntil(lambda: dialog.preview.toPlainText().count('"title"') == 3, timeout=10000)
    dialog.close()
    wait_idle(qtbot, window)


def test_paperdesk_demo_starts_and_paints(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAPERDESK_FIRST_PAINT="1")
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--demo"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("first-paint ")
