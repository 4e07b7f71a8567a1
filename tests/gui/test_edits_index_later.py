"""Window edits commit and show at once; the search index follows right after them."""

from __future__ import annotations

from paperdesk.gui import library_actions as la
from tests.gui.conftest import wait_idle


def test_an_edit_is_searchable_once_the_window_is_idle(qtbot, window):
    assert window.lib.index_later
    pid = window.model.ids[0]
    window.select_ids([pid])
    wait_idle(qtbot, window)
    window.panel.note.saveRequested.emit(pid, "zebrafish notes")
    wait_idle(qtbot, window)
    assert [h.paper_id for h in window.lib.search("note:zebrafish")] == [pid]


def test_trash_under_an_active_search_drops_the_paper_from_the_results(qtbot, window):
    with qtbot.waitSignal(window.searchFinished, timeout=5000):
        window.search.setText("reward")
        window._search_now()
    before = window.model.rowCount()
    pid = window.model.ids[0]
    window.select_ids([pid])
    la.trash(window)
    wait_idle(qtbot, window)
    assert window.model.rowCount() == before - 1
    assert pid not in window.model.ids
    la.undo(window)
    wait_idle(qtbot, window)
    assert pid in window.model.ids
