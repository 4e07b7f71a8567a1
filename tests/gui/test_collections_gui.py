"""The Collections panel: tree with counts, drops, context actions, side panel, Zotero."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt

from paperdesk.gui import collections as collections_gui
from paperdesk.gui import zotero as zotero_gui
from paperdesk.gui.models.collections import COLLECTION_ROLE
from paperdesk.gui.models.paper_table import IDS_MIME
from tests.gui.conftest import wait_idle


def _texts(model, parent=None):
    from PySide6.QtCore import QModelIndex

    parent = parent or QModelIndex()
    out = []
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        out.append(idx.data())
        out.extend("  " + t for t in _texts(model, idx))
    return out


def test_tree_counts_drop_and_filter(qtbot, window):
    lib = window.lib
    lib.collections.add("Thesis/Chapter 1")
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    panel = window.collections_panel
    assert _texts(panel.model) == ["Thesis  (0)", "  Chapter 1  (0)"]
    ids = window.model.ids[:3]
    mime = QMimeData()
    import json

    mime.setData(IDS_MIME, json.dumps(ids).encode())
    chapter = panel.model.find(lib.collections.resolve("Chapter 1"))
    assert panel.model.canDropMimeData(mime, Qt.DropAction.LinkAction, -1, -1, chapter.index())
    with qtbot.waitSignal(window.ops.changed):
        panel.model.dropMimeData(mime, Qt.DropAction.LinkAction, -1, -1, chapter.index())
    wait_idle(qtbot, window)
    assert sorted(lib.collections.paper_ids("Chapter 1")) == sorted(ids)
    assert _texts(panel.model) == ["Thesis  (3)", "  Chapter 1  (3)"]  # with sub-collections
    thesis = panel.model.find(lib.collections.resolve("Thesis"))
    panel.tree.clicked.emit(thesis.index())  # sub-collections included
    wait_idle(qtbot, window)
    assert sorted(window.model.ids) == sorted(ids)
    assert window.search.placeholderText() == "Search in: collection “Thesis”"
    from paperdesk.gui import library_actions as la

    dialog = la.ask_export(window)  # the collection shown is offered as the scope
    request = dialog.request()
    assert (request.scope, request.value) == ("search", 'collection:"Thesis"')
    assert sorted(la.export_ids(window, request)) == sorted(ids)
    dialog.close()
    window.select_ids([ids[0]])
    wait_idle(qtbot, window)
    assert window.panel.collections.text() == "Thesis/Chapter 1"
    with qtbot.waitSignal(window.ops.changed):
        window.ops.write(lambda: lib.collections.rename("Thesis", "PhD"))
    wait_idle(qtbot, window)
    assert window.panel.collections.text() == "PhD/Chapter 1"


def test_model_passes_qt_model_checks(qtbot, window, qtmodeltester):
    window.lib.collections.add("A/B/C")
    window.lib.collections.add("D")
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    qtmodeltester.check(window.collections_panel.model)


def test_new_rename_delete_through_dialogs(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = iter(["Reading", "Later", "Soon"])
    monkeypatch.setattr(collections_gui, "ask", lambda *a, **k: next(answers))
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.ops.changed):
        collections_gui.new_collection(window, None)
    wait_idle(qtbot, window)
    top = window.lib.collections.resolve("Reading")
    with qtbot.waitSignal(window.ops.changed):
        collections_gui.new_collection(window, top)
    wait_idle(qtbot, window)
    assert [c.path for c in window.lib.collections.list()] == ["Reading", "Reading/Later"]
    with qtbot.waitSignal(window.ops.changed):
        collections_gui.rename_collection(window, top)
    wait_idle(qtbot, window)
    assert _texts(window.collections_panel.model) == ["Soon  (0)", "  Later  (0)"]
    with qtbot.waitSignal(window.ops.changed):
        collections_gui.delete_collection(window, top)
    wait_idle(qtbot, window)
    assert window.lib.collections.list() == []
    assert window.collections_panel.empty.isVisibleTo(window)
    item_role = COLLECTION_ROLE  # the tree is empty again
    assert window.collections_panel.model.match(
        window.collections_panel.model.index(0, 0), item_role, top) == []


def test_import_from_zotero_finds_the_default_folder(qtbot, window, tmp_path):
    from pathlib import Path

    from zotero_fixture import build_sample

    folder = Path.home() / "Zotero"  # HOME is a temporary folder in tests
    build_sample(folder)
    dialog = zotero_gui.ask(window)
    assert Path(dialog.path.text()) == folder
    assert [b.text() for b in dialog.group_checks] == [
        "Also import the group library “Lab Group”"]
    dialog.group_checks[0].setChecked(True)
    with qtbot.waitSignal(window.importFinished, timeout=60000) as got:
        dialog.accept()
    report = got.args[0]
    assert report.balanced() and report.chosen_groups == ["Lab Group"]
    wait_idle(qtbot, window)
    assert window.lib.count() == 98 + 13
    assert "items: 13 — 11 imported" in window.last_report_dialog.findChild(
        __import__("PySide6.QtWidgets", fromlist=["QPlainTextEdit"]).QPlainTextEdit
    ).toPlainText()
    paths = {c.path for c in window.collections_panel.model.shown}
    assert {"Thesis/Chapter 1/Figures", "読書", "Lab Group/Shared"} <= paths
    window.last_report_dialog.close()


def test_a_collection_opens_by_keyboard(qtbot, window):
    # a tester's Tab, Down and Enter highlighted a collection but the list showed Trash
    lib = window.lib
    lib.collections.add("Reading group")
    lib.collections.add("Thesis")
    with qtbot.waitSignal(window.ops.changed):
        window.ops.write(lambda: lib.collections.collect(window.model.ids[:2], "Thesis"))
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    tree = window.collections_panel.tree
    window.activateWindow()
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus, timeout=3000)
    tree.setCurrentIndex(tree.model().index(0, 0))  # "Reading group" (empty)
    wait_idle(qtbot, window)
    qtbot.keyClick(tree, Qt.Key.Key_Down)
    wait_idle(qtbot, window)
    assert window.search.placeholderText() == "Search in: collection “Thesis”"
    assert window.model.rowCount() == 2
    qtbot.keyClick(tree, Qt.Key.Key_Up)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert window.search.placeholderText() == "Search in: collection “Reading group”"
