"""Search within the sidebar's view, matched words bold in the title, one click to widen."""

from __future__ import annotations

from PySide6.QtCore import Qt

from paperdesk.gui.mainwindow import SEARCH_HINT
from paperdesk.gui.models.paper_table import COLUMN_KEYS, TITLE_HTML_ROLE
from tests.gui.conftest import wait_idle


def search(qtbot, window, text):
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window.search.setText(text)
        window._search_now()


def all_matches(window, text):
    return {h.paper_id for h in window.lib.search(text, limit=None, mode="keyword")}


def test_search_stays_inside_the_selected_view(qtbot, window):
    lib = window.lib
    every = all_matches(window, "reinforcement")
    starred = sorted(every)[:3]
    for pid in starred:
        lib.papers.set_stars(pid, 4)
    window.show_filter("starred")
    assert window.search.placeholderText() == "Search in: Starred"
    assert window.widen_action.isVisible()
    search(qtbot, window, "reinforcement")
    assert set(window.model.ids) == set(starred)
    assert "Starred" in window.statusBar().currentMessage()
    window.widen_action.trigger()  # one click: the whole library
    qtbot.waitUntil(lambda: set(window.model.ids) == every, timeout=10000)
    assert window.filter == ("all", "")
    assert window.search.text() == "reinforcement"
    assert window.search.placeholderText() == SEARCH_HINT
    assert not window.widen_action.isVisible()


def test_tag_trash_and_saved_search_views_scope_the_search(qtbot, window):
    lib = window.lib
    every = sorted(all_matches(window, "learning"))
    lib.tags.add(every[0], ["chosen"])
    lib.tags.add(every[1], ["chosen"])
    window.show_filter("tag", "chosen")
    assert window.search.placeholderText() == "Search in: tag “chosen”"
    search(qtbot, window, "learning")
    assert sorted(window.model.ids) == every[:2]

    lib.saved.add("Rewards", "reward")
    window.show_filter("saved", "reward")
    assert window.search.text() == ""  # the saved query is the view, not the box's text
    assert set(window.model.ids) == all_matches(window, "reward")
    assert "Rewards" in window.search.placeholderText()
    search(qtbot, window, "learning")
    assert set(window.model.ids) == all_matches(window, "reward") & all_matches(window,
                                                                                 "learning")

    lib.papers.trash([every[2]])
    lib.sync_index()  # the window's own edits catch the index up themselves
    window.show_filter("trash")
    search(qtbot, window, "learning")
    assert window.model.ids == [every[2]]
    wait_idle(qtbot, window)


def test_matched_words_are_bold_in_the_title(qtbot, window):
    search(qtbot, window, "mutual reinforcement")
    title = window.model.index(0, COLUMN_KEYS.index("title"))
    html = title.data(TITLE_HTML_ROLE)
    assert "<b>Mutual</b>" in html and "<b>Reinforcement</b>" in html
    assert title.data(Qt.ItemDataRole.DisplayRole).startswith(
        html.replace("<b>", "").replace("</b>", "")[:20])
    window.grab()  # the delegate paints it without warnings
    window.search.clear()
    window._search_now()
    assert window.model.index(0, COLUMN_KEYS.index("title")).data(TITLE_HTML_ROLE) is None


def test_clicking_another_view_keeps_the_typed_query(qtbot, window):
    lib = window.lib
    every = sorted(all_matches(window, "reinforcement"))
    lib.papers.set_stars(every[0], 5)
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    search(qtbot, window, "reinforcement")
    item = window.sidebar_model.find("starred")
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        window._sidebar_clicked(item.index())
    assert window.search.text() == "reinforcement"
    assert window.model.ids == [every[0]]


def test_a_title_edited_while_a_search_shows_it_is_shown_as_edited(qtbot, window):
    # a helper edited the first result's title during a search: the reader showed the new
    # title, the table the old one, marked, until the next search
    search(qtbot, window, "mutual reinforcement")
    first = window.model.ids[0]
    title = window.model.index(0, COLUMN_KEYS.index("title"))
    assert "<b>" in title.data(TITLE_HTML_ROLE)
    window.select_ids([first])
    window.edit_paper()
    window.paper_dialog.title.setText("Protein structure prediction with diffusion models")
    with qtbot.waitSignal(window.ops.changed):
        window.paper_dialog.accept()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: window.model.index(0, COLUMN_KEYS.index("title")).data(
        Qt.ItemDataRole.DisplayRole).startswith("Protein structure"), timeout=10000)
    assert window.model.index(0, COLUMN_KEYS.index("title")).data(TITLE_HTML_ROLE) is None
    window.grab()
