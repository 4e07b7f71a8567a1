"""Several papers selected: the side panel shows "N papers selected" and edits them all,
one undo step per action; the context menu's Stars do the same."""

from __future__ import annotations

from PySide6.QtCore import Qt

from paperdesk.gui import library_actions as la
from tests.gui.conftest import wait_idle


def _select(qtbot, window, ids):
    with qtbot.waitSignal(window.selectionShown, timeout=5000) as got:
        window.select_ids(ids)
    assert got.args == [len(ids)]


def test_panel_shows_the_selection_and_tags_all_of_it(qtbot, window):
    ids = window.model.ids[:3]
    window.lib.tags.add(ids[0], ["rl"])
    _select(qtbot, window, ids)
    panel = window.panel
    assert panel.selection_label.isVisible()
    assert panel.selection_label.text() == "3 papers selected"
    assert not panel.note_box.isVisible() and panel.bulk.isVisible()
    assert panel.tags.user_tags == ["rl"]
    chip = panel.tags.user_flow.itemAt(0).widget()
    assert chip.accessibleName() == "rl: 1 of 3 papers"
    # typing a tag adds it to all three
    qtbot.keyClicks(panel.tags.edit, "survey")
    qtbot.keyClick(panel.tags.edit, Qt.Key.Key_Return)
    wait_idle(qtbot, window)
    assert all("survey" in window.lib.get(p).user_tags for p in ids)
    assert dict(window.lib.tags.counts_among(ids)) == {"survey": 3, "rl": 1}
    assert "survey" in panel.tags.user_tags
    # the + of a partial tag adds it to the others; ✕ removes it from all
    panel.tags.tagAdded.emit("rl")
    wait_idle(qtbot, window)
    assert dict(window.lib.tags.counts_among(ids))["rl"] == 3
    panel.tags.tagRemoved.emit("survey")
    wait_idle(qtbot, window)
    assert "survey" not in dict(window.lib.tags.counts_among(ids))
    # one undo step per action
    with qtbot.waitSignal(window.ops.changed):
        la.undo(window)
    wait_idle(qtbot, window)
    assert dict(window.lib.tags.counts_among(ids))["survey"] == 3


def test_stars_and_read_state_apply_to_the_selection(qtbot, window):
    ids = window.model.ids[:4]
    _select(qtbot, window, ids)
    qtbot.keyClick(window.panel.stars, Qt.Key.Key_3)
    wait_idle(qtbot, window)
    assert {window.lib.get(p).stars for p in ids} == {3}
    assert window.panel.stars.stars() == 3
    window.panel.readChanged.emit("read")
    wait_idle(qtbot, window)
    assert {window.lib.get(p).read for p in ids} == {"read"}
    with qtbot.waitSignal(window.ops.changed):
        la.undo(window)
    wait_idle(qtbot, window)
    assert {window.lib.get(p).read for p in ids} == {"unread"}
    assert {window.lib.get(p).stars for p in ids} == {3}


def test_mixed_read_states_show_as_mixed(qtbot, window):
    ids = window.model.ids[:2]
    window.lib.papers.set_read(ids[0], "read")
    _select(qtbot, window, ids)
    assert window.panel.read.currentIndex() == -1
    assert window.panel.read.placeholderText() == "Mixed"


def test_trash_button_trashes_the_selection_and_undo_selects_them_again(qtbot, window):
    ids = window.model.ids[:3]
    following = window.model.ids[3]
    _select(qtbot, window, ids)
    assert window.panel.trash_button.text() == "Trash 3"
    with qtbot.waitSignal(window.ops.changed):
        window.panel.trash_button.click()
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 95
    assert all(window.lib.get(p).trashed for p in ids)
    # the paper after them is selected: the keyboard keeps its place (a tester lost it)
    assert window.selected_ids() == [following]
    with qtbot.waitSignal(window.tableFilled, timeout=5000):
        la.undo(window)
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 98
    assert sorted(window.selected_ids()) == sorted(ids)


def test_undo_in_a_search_selects_the_papers_back_from_the_trash(qtbot, window):
    """A review: in a search, trashing three papers and undoing selected only the paper
    after them (the search ran again after the undo had selected what it could)."""
    with qtbot.waitSignal(window.searchShown, timeout=5000):
        window.search.setText("learning")
        window._search_now()
    wait_idle(qtbot, window)
    ids = window.model.ids[:3]
    _select(qtbot, window, ids)
    with qtbot.waitSignal(window.ops.changed):
        window.panel.trash_button.click()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: not set(ids) & set(window.model.ids), timeout=5000)
    la.undo(window)
    qtbot.waitUntil(lambda: sorted(window.selected_ids()) == sorted(ids), timeout=10_000)
    wait_idle(qtbot, window)
    assert sorted(window.selected_ids()) == sorted(ids)
    assert window.panel.selection_label.text() == "3 papers selected"


def test_back_to_one_paper_shows_its_note_again(qtbot, window):
    ids = window.model.ids[:2]
    _select(qtbot, window, ids)
    with qtbot.waitSignal(window.paperShown, timeout=5000):
        window.select_ids([ids[1]])
    qtbot.waitUntil(lambda: window.panel.note_box.isVisible())
    assert not window.panel.selection_label.isVisible()
    assert window.panel.count == 1


def test_context_menu_stars_and_panel_agree(qtbot, window):
    ids = window.model.ids[:2]
    _select(qtbot, window, ids)
    window.set_stars(5)  # what the context menu's Stars › ★★★★★ calls
    wait_idle(qtbot, window)
    assert {window.lib.get(p).stars for p in ids} == {5}
    assert window.panel.stars.stars() == 5


def test_selecting_many_papers_is_one_selection_change(qtbot, window):
    """select_ids (after an undo, an import…) selects the papers' rows in one change, not
    one per paper: the side panel is rebuilt on every change."""
    wait_idle(qtbot, window)
    ids = window.model.ids[:40:3] + window.model.ids[41:60]  # gaps and a run
    changes: list[int] = []
    window.table.selectionModel().selectionChanged.connect(lambda *_: changes.append(1))
    window.select_ids(ids)
    assert sorted(window.selected_ids()) == sorted(ids)
    assert window.current_id == ids[0]
    assert len(changes) <= 2  # the current row, then all the others at once
