"""A searched list keeps its order when an edit runs its query again."""

from __future__ import annotations

from paperdesk.gui import collections as collections_gui
from paperdesk.library.searching import kept_order
from tests.gui.conftest import wait_idle


def test_kept_order_keeps_shown_papers_in_order_and_ranks_new_matches():
    # 5, 3 and 9 stay in that order; 7, new, where it ranks; 3 gone when it no longer matches
    assert kept_order([5, 3, 9], [3, 7, 9, 5]) == [5, 7, 3, 9]
    assert kept_order([5, 3, 9], [9, 5]) == [5, 9]
    assert kept_order([], [2, 1]) == [2, 1]


def test_filing_a_searched_paper_does_not_move_it(qtbot, window):
    # a tester filed the third result in a collection and saw it move to row 6 (its index
    # entry changed); here the collection's name even matches the query
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window.search.setText("learning")
        window._search_now()
    wait_idle(qtbot, window)
    before = list(window.model.ids)
    assert len(before) >= 6
    pid = before[5]
    window.ops.write(lambda: window.lib.collections.add("Learning learning"))
    wait_idle(qtbot, window)
    cid = next(c.id for c in window.lib.collections.list() if c.path == "Learning learning")
    window.select_ids([pid])
    collections_gui.collect(window, [pid], cid)
    wait_idle(qtbot, window)
    assert pid in window.lib.collections.paper_ids("Learning learning")
    assert list(window.model.ids) == before
    # a new search ranks afresh
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window.search.setText("learning learning")
        window._search_now()
    wait_idle(qtbot, window)
    assert set(window.model.ids) == set(before)
