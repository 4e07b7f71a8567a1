"""Filing selected papers from the menus: Add to collection…, Remove from collection and
Add tag… on every selected paper, one undo step each (a tester found only drag and drop)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from paperdesk.gui import actions, filing
from tests.gui.conftest import wait_idle


def _collections(qtbot, window, *paths: str) -> dict[str, int]:
    for path in paths:
        window.ops.write(lambda p=path: window.lib.collections.add(p))
    wait_idle(qtbot, window)
    # the sidebar reloads off the GUI thread: as long as wait_idle allows on a busy machine
    qtbot.waitUntil(lambda: {c.path for c in filing.collections(window)} >= set(paths),
                    timeout=20000)
    return {c.path: c.id for c in filing.collections(window)}


def _in(window, path: str) -> list[int]:
    return sorted(window.lib.collections.paper_ids(path))


def _menu_texts(menu) -> list[str]:  # noqa: ANN001
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_add_to_collection_from_the_paper_menu_files_every_selected_paper(qtbot, window):
    _collections(qtbot, window, "Thesis/Chapter 1", "Reading group")
    ids = sorted(window.model.ids[:3])
    window.select_ids(ids)
    wait_idle(qtbot, window)
    paper_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Paper")
    assert window.actions_["add_to_collection"] in paper_menu.actions()
    assert window.actions_["add_tag"] in paper_menu.actions()
    window.actions_["add_to_collection"].trigger()
    dialog = window.collection_picker
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.shown() == ["Reading group", "Thesis", "Thesis/Chapter 1",
                              "New collection…"]
    qtbot.keyClicks(dialog.filter, "chap")
    assert dialog.shown() == ["Thesis/Chapter 1", "New collection “chap”"]
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    assert _in(window, "Thesis/Chapter 1") == ids
    assert "Added 3 papers to Thesis/Chapter 1" in window.statusBar().currentMessage()
    window.actions_["undo"].trigger()  # one step takes all three out
    wait_idle(qtbot, window)
    assert _in(window, "Thesis/Chapter 1") == []


def test_a_new_collection_typed_in_the_picker_is_made_with_the_papers(qtbot, window):
    _collections(qtbot, window, "Reading group")
    ids = sorted(window.model.ids[:2])
    window.select_ids(ids)
    wait_idle(qtbot, window)
    _focus(qtbot, window, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_A,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.collection_picker
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.filter, "To read/Soon")
    assert dialog.shown() == ["New collection “To read/Soon”"]
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert _in(window, "To read/Soon") == ids
    qtbot.waitUntil(lambda: "To read/Soon" in {c.path for c in filing.collections(window)},
                    timeout=20000)
    window.actions_["undo"].trigger()  # the collection goes with its papers
    wait_idle(qtbot, window)
    assert {c.path for c in window.lib.collections.list()} == {"Reading group"}


def test_the_context_menu_offers_collections_new_collection_and_add_tag(qtbot, window):
    found = _collections(qtbot, window, "Thesis/Chapter 1")
    ids = sorted(window.model.ids[:2])
    window.select_ids(ids)
    wait_idle(qtbot, window)
    menu = actions.table_menu(window, QPoint(0, 0))
    texts = _menu_texts(menu)
    assert "Add &tag…" in texts and not any(t.startswith("&Remove from") for t in texts)
    sub = next(a.menu() for a in menu.actions() if a.text() == "Add to &collection")
    assert _menu_texts(sub) == ["New collection…", "Thesis", "    Chapter 1"]
    menu.close()
    next(a for a in sub.actions() if a.text() == "    Chapter 1").trigger()
    wait_idle(qtbot, window)
    assert _in(window, "Thesis/Chapter 1") == ids
    assert found["Thesis/Chapter 1"] in {c.id for c in filing.collections(window)}


def test_add_tag_tags_every_selected_paper_with_completion_and_one_undo(qtbot, window):
    window.ops.write(lambda: window.lib.tags.add(window.model.ids[-1], ["reinforcement learning"]))
    wait_idle(qtbot, window)
    ids = sorted(window.model.ids[:3])
    window.select_ids(ids)
    wait_idle(qtbot, window)
    _focus(qtbot, window, window.table)
    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    dialog = window.tag_picker
    qtbot.waitUntil(dialog.isVisible)
    completer = dialog.edit.completer()
    qtbot.keyClicks(dialog.edit, "inforce")
    assert completer.currentCompletion() == "reinforcement learning"
    dialog.edit.setText(completer.currentCompletion())  # (what picking it in the popup does)
    qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert not dialog.isVisible()
    assert all("reinforcement learning" in window.lib.get(p).user_tags for p in ids)
    window.actions_["undo"].trigger()
    wait_idle(qtbot, window)
    assert not any("reinforcement learning" in window.lib.get(p).user_tags for p in ids)


def test_remove_from_the_collection_shown(qtbot, window):
    _collections(qtbot, window, "Thesis/Chapter 1")
    ids = sorted(window.model.ids[:3])
    window.ops.write(lambda: window.lib.collections.collect(ids[:1], "Thesis"))
    window.ops.write(lambda: window.lib.collections.collect(ids[1:], "Thesis/Chapter 1"))
    wait_idle(qtbot, window)
    assert window.actions_["remove_from_collection"] not in _palette_actions(window, True)
    window.show_filter("collection", str(window.lib.collections.resolve("Thesis")))
    wait_idle(qtbot, window)
    assert sorted(window.model.ids) == ids  # with its sub-collection's
    window.select_ids(ids[:2])  # one directly in Thesis, one in Chapter 1
    wait_idle(qtbot, window)
    menu = actions.table_menu(window, QPoint(0, 0))
    assert "&Remove from “Thesis”" in _menu_texts(menu)
    menu.close()
    assert window.actions_["remove_from_collection"] in _palette_actions(window, True)
    window.actions_["remove_from_collection"].trigger()
    wait_idle(qtbot, window)
    assert window.model.ids == [ids[2]]  # they left the list …
    assert window.selected_ids() == [ids[2]]  # (the next paper is selected)
    assert _in(window, "Thesis") == [ids[2]]
    assert window.lib.get(ids[0]).trashed is None  # … not the library
    window.actions_["undo"].trigger()
    wait_idle(qtbot, window)
    assert _in(window, "Thesis") == ids


def test_the_palette_lists_the_filing_commands(qtbot, window):
    names = actions.show_palette(window).names()
    window.palette.reject()
    for name in ("Add to collection", "Add tag", "Remove from collection"):
        assert name in names


def _palette_actions(window, enabled: bool) -> list:  # noqa: ANN001
    palette = actions.show_palette(window)
    found = [palette.list.item(i).data(Qt.ItemDataRole.UserRole)
             for i in range(palette.list.count())
             if bool(palette.list.item(i).flags() & Qt.ItemFlag.ItemIsEnabled) == enabled]
    palette.reject()
    return found


def _focus(qtbot, window, widget) -> None:  # noqa: ANN001
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)
