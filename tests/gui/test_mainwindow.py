"""The main window over the sample library: search, edits, trash, undo, tags, state."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QToolButton

from paperdesk import jobs
from paperdesk.gui import library_actions as la
from paperdesk.gui.mainwindow import SEARCH_HINT
from paperdesk.gui.models.paper_table import COLUMN_KEYS
from tests.gui.conftest import make_window, wait_idle


def test_window_opens_with_all_papers(window):
    assert window.model.rowCount() == 98
    assert window.count_label.text().startswith("98 papers")
    assert window.sidebar_model.find("all").text() == "All papers  (98)"
    assert not window.banner.isVisible()
    assert window.windowTitle().endswith(" — PaperDesk")  # (Qt adds the name otherwise)


def test_search_filters_as_you_type(qtbot, window):
    with qtbot.waitSignal(window.searchFinished, timeout=5000) as got:
        qtbot.keyClicks(window.search, "mutual reinforcement")
    assert got.args == ["mutual reinforcement"]
    n = window.model.rowCount()
    assert 0 < n < 98
    pid = window.model.ids[0]
    assert "<b>" in window.model.snippet(pid)
    tip = window.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>" in tip
    window.select_ids([pid])
    assert "<b>" in window.reader.match.text()
    assert "found" in window.count_label.text()
    with qtbot.waitSignal(window.searchFinished, timeout=5000):
        window.search.setText('"unclosed')
        window.run_search('"unclosed')
    assert window.statusBar().currentMessage().startswith("Query:")
    window.search.clear()
    with qtbot.waitSignal(window.tableFilled, timeout=5000):  # (read off the GUI thread)
        window._search_now()
    assert window.model.rowCount() == 98


def test_stars_read_and_tags_from_the_panel(qtbot, window):
    pid = window.model.ids[0]
    window.select_ids([pid])
    with qtbot.waitSignal(window.ops.changed):
        qtbot.keyClick(window.panel.stars, Qt.Key.Key_4)
    wait_idle(qtbot, window)
    assert window.lib.get(pid).stars == 4
    assert window.model.index(0, COLUMN_KEYS.index("stars")).data() == "★★★★☆"
    with qtbot.waitSignal(window.ops.changed):
        window.panel.readChanged.emit("reading")
    wait_idle(qtbot, window)
    assert window.lib.get(pid).read == "reading"
    with qtbot.waitSignal(window.ops.changed):
        window.panel.tags.tagAdded.emit("rlhf")
    wait_idle(qtbot, window)
    assert window.lib.get(pid).user_tags == ["rlhf"]
    assert window.panel.tags.user_tags == ["rlhf"]
    assert window.sidebar_model.find("tag", "rlhf") is not None
    window.show_filter("tag", "rlhf")
    assert window.model.ids == [pid]


def test_trash_restore_undo_and_empty(qtbot, window):
    first, second = window.model.ids[:2]
    window.select_ids([first])
    with qtbot.waitSignal(window.ops.changed):
        window.actions_["trash"].trigger()
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 97 and first not in window.model.ids
    assert window.sidebar_model.find("trash").text() == "Trash  (1)"
    with qtbot.waitSignal(window.ops.changed):
        window.actions_["undo"].trigger()
    wait_idle(qtbot, window)
    assert first in window.model.ids and window.lib.count() == 98
    window.select_ids([second])
    with qtbot.waitSignal(window.ops.changed):
        la.trash(window)
    wait_idle(qtbot, window)
    window.show_filter("trash")
    assert window.model.ids == [second]
    window.select_ids([second])
    with qtbot.waitSignal(window.ops.changed):
        la.restore(window)
    wait_idle(qtbot, window)
    assert window.model.ids == []
    window.show_filter("all")
    window.select_ids([second])
    la.trash(window)
    wait_idle(qtbot, window)
    with qtbot.waitSignal(window.ops.changed):
        la.empty_trash(window, confirm=False)
    wait_idle(qtbot, window)
    assert window.lib.count(trashed=True) == 0 and window.lib.count() == 97


def test_rename_merge_delete_tags_and_saved_search(qtbot, window):
    a, b = window.model.ids[:2]
    window.lib.tags.add(a, ["rl"])
    window.lib.tags.add(b, ["reinforcement"])
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    window.show_filter("tag", "rl")
    la.rename_tag(window, "rl", "RL")
    la.merge_tag(window, "reinforcement", "RL")
    # the Jobs panel says which tags (a queued job said only "Renaming tag")
    assert [e.label for e in window.ops.entries][-2:] == [
        "Renaming “rl” to “RL”", "Merging “reinforcement” into “RL”"]
    wait_idle(qtbot, window)
    assert window.lib.get(a).user_tags == ["RL"]
    assert window.filter == ("tag", "RL")  # the list follows (the merge too)
    assert sorted(window.model.ids) == sorted([a, b])
    assert window.lib.get(b).user_tags == ["RL"]
    assert [n for n, _c, _u in window.sidebar_model.data_shown.tags] == ["RL"]
    la.undo(window)  # the merge is one edit, and undone whole
    wait_idle(qtbot, window)
    assert window.lib.get(b).user_tags == ["reinforcement"]
    assert sorted(n for n, _c, _u in window.sidebar_model.data_shown.tags) == [
        "RL", "reinforcement"]
    la.redo(window)
    wait_idle(qtbot, window)
    assert window.lib.get(b).user_tags == ["RL"]
    la.ban_tag(window, "RL")
    wait_idle(qtbot, window)
    assert window.lib.vocabulary.banned() == ["RL"]
    la.unban_tag(window, "RL")  # Edit › Banned tags…, choosing it
    wait_idle(qtbot, window)
    assert window.lib.vocabulary.banned() == []
    la.unban_tag(window)  # none left: says so, asks nothing
    assert window.statusBar().currentMessage() == "No tag is banned"
    la.delete_tag(window, "RL", confirm=False)
    wait_idle(qtbot, window)
    assert window.lib.tags.counts() == []
    window.search.setText("reward")
    with qtbot.waitSignal(window.searchFinished, timeout=5000):
        window._search_now()
    la.save_search(window, "Rewards")
    wait_idle(qtbot, window)
    assert window.lib.saved.list() == [("Rewards", "reward")]
    assert window.sidebar_model.find("saved", "reward") is not None


def test_add_and_edit_paper_dialogs(qtbot, window):
    la.add_paper(window)
    dialog = window.paper_dialog
    dialog.title.setText("A hand-made paper")
    dialog.authors.setPlainText("Doe, Jane\nJohn Smith")
    dialog.year.setValue(2023)
    with qtbot.waitSignal(window.ops.changed):
        dialog.accept()
    wait_idle(qtbot, window)
    added = [p for p in window.lib.papers.list() if p.title == "A hand-made paper"]
    assert added and [a.display for a in added[0].authors] == ["Jane Doe", "John Smith"]
    assert window.current_id == added[0].id
    window.edit_paper()
    dialog = window.paper_dialog
    assert dialog.title.text() == "A hand-made paper"
    dialog.venue.setText("NAACL")
    with qtbot.waitSignal(window.ops.changed):
        dialog.accept()
    wait_idle(qtbot, window)
    assert window.lib.get(added[0].id).venue == "NAACL"
    assert window.reader.meta.text().startswith("NAACL")


def _listing_morph(qtbot, window) -> list[int]:  # noqa: ANN001
    """The first three papers; the first two tagged "morph", and the list on that tag."""
    a, b, c = window.model.ids[:3]
    window.lib.tags.add(a, ["morph"])
    window.lib.tags.add(b, ["morph"])
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    window.show_filter("tag", "morph")
    return [a, b, c]


def test_the_list_follows_a_tag_renamed_undone_or_deleted(qtbot, window):
    # a helper renamed "language models" to "LM" and pressed Ctrl+Z: the list stayed on
    # tag "LM" (gone) with the 92 papers of the rename selected; deleting the tag shown
    # left its papers listed under "All papers"
    a, b, c = _listing_morph(qtbot, window)
    window.select_ids([a])
    la.rename_tag(window, "morph", "morphology")
    wait_idle(qtbot, window)
    assert window.filter == ("tag", "morphology") and sorted(window.model.ids) == sorted([a, b])
    la.undo(window)
    wait_idle(qtbot, window)
    assert window.lib.get(a).user_tags == ["morph"]
    assert window.filter == ("tag", "morph") and sorted(window.model.ids) == sorted([a, b])
    assert window.selected_ids() == [a]  # the reader's paper, not every paper renamed
    assert window.sidebar.currentIndex().data().startswith("morph")
    la.redo(window)
    wait_idle(qtbot, window)
    assert window.filter == ("tag", "morphology")
    la.delete_tag(window, "morphology", confirm=False)
    wait_idle(qtbot, window)
    assert window.filter == ("all", "") and c in window.model.ids
    assert window.search.placeholderText() == SEARCH_HINT


def test_a_right_click_on_the_sidebar_opens_the_menu_only(qtbot, window):
    # a helper's right click on a sidebar tag, to rename it, also showed that tag's papers
    # and lost the selection
    a = window.model.ids[0]
    window.lib.tags.add(a, ["morph"])
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    window.select_ids([a])
    rect = window.sidebar.visualRect(window.sidebar_model.find("tag", "morph").index())
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.RightButton,
                     pos=rect.center())
    assert window.filter == ("all", "") and window.selected_ids() == [a]
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.filter == ("tag", "morph")


def test_import_report_and_settings(qtbot, window, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text("@article{a, title={A New Paper}, author={Doe, Jane}, year={2020}}\n"
                   "@article{b, author={Nobody}}\n", encoding="utf-8")
    with qtbot.waitSignal(window.importFinished, timeout=10000) as got:
        window.import_files([bib])
    report = got.args[0]
    assert report.added == 1 and len(report.problems) == 1
    text = window.last_report_dialog.text.toPlainText()
    assert "Added 1" in text and "refs.bib:2" in text
    window.last_report_dialog.copy()
    from PySide6.QtGui import QGuiApplication

    assert "refs.bib:2" in QGuiApplication.clipboard().text()
    window.last_report_dialog.close()
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 99
    la.settings(window)
    window.settings_dialog.tags.setValue(7)
    window.settings_dialog.accept()
    assert window.settings.tags_per_paper == 7
    from paperdesk.config import Settings

    assert Settings.load(window.settings_path).tags_per_paper == 7


def test_a_suggestion_is_accepted_or_rejected_on_every_selected_paper(qtbot, window):
    a, b, c = window.model.ids[:3]
    window.lib.tags.set_suggestions({a: [("graphs", 0.5)], b: [("graphs", 0.4)],
                                     c: [("trees", 0.3)]})
    window.select_ids([a, b, c])
    wait_idle(qtbot, window)
    assert window.panel.tags.suggest_box.isVisible()
    window.panel.tags.suggestionAccepted.emit("graphs")
    wait_idle(qtbot, window)
    assert window.lib.get(a).user_tags == ["graphs"] == window.lib.get(b).user_tags
    assert window.lib.get(c).user_tags == []
    window.panel.tags.suggestionRejected.emit("trees")
    wait_idle(qtbot, window)
    assert window.lib.get(c).suggested_tags == []
    la.undo(window)
    wait_idle(qtbot, window)
    assert [t.name for t in window.lib.get(c).suggested_tags] == ["trees"]


def test_copy_citation(qtbot, window):
    window.select_ids(window.model.ids[:2])
    with qtbot.waitSignal(window.citationCopied, timeout=10000) as got:
        window.actions_["copy_citation"].trigger()
    assert got.args[0].count("\n\n") == 1


def test_geometry_and_splitters_are_remembered(qtbot, sample_lib, gui_settings, tmp_path,
                                                window):
    window.resize(780, 620)  # (the offscreen screen is 800 px wide)
    qtbot.waitUntil(lambda: window.width() == 780)
    window.split.moveSplitter(180, 1)  # the user drags the handles
    window.split.moveSplitter(180 + window.split.handleWidth() + 320, 2)
    size, sizes = window.size(), window.split.sizes()
    assert sizes[0] == 180 and sizes[1] == 320
    window.close()
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    assert state.value("window/geometry") is not None
    window.ops.wait()
    again = make_window(qtbot, sample_lib, gui_settings, tmp_path)
    assert again.size() == size
    assert again.split.sizes() == sizes
    again.close()


def test_first_run_offers_the_sample(qtbot, empty_window):
    win = empty_window
    assert win.banner.isVisible() and win.model.rowCount() == 0
    with qtbot.waitSignal(win.importFinished, timeout=10000):
        win.sample_button.click()
    wait_idle(qtbot, win)
    assert win.model.rowCount() == 98 and not win.banner.isVisible()


def test_switch_library(qtbot, window, tmp_path):
    with qtbot.waitSignal(window.libraryChanged):
        assert window.switch_library(tmp_path / "other")
    wait_idle(qtbot, window)
    assert window.model.rowCount() == 0 and window.banner.isVisible()
    assert window.lib.folder == tmp_path / "other"


def test_errors_from_edits_are_shown_not_raised(qtbot, window):
    from paperdesk.gui import errors

    errors.last_error = None
    window.ops.write(lambda: window.lib.links.add(1, 1))
    wait_idle(qtbot, window)
    assert errors.last_error is not None
    assert errors.last_error[0] == "a paper cannot be linked to itself"


def test_rejecting_a_suggestion_keeps_the_panel_where_it_was(qtbot, window):
    """A user saw the side panel scroll away from the tags at each ✕."""
    pid = window.model.ids[0]
    window.lib.tags.set_suggestions({pid: [(f"topic {i}", 0.5) for i in range(5)]})
    window.lib.tags.add(pid, [f"mine {i}" for i in range(12)])
    window.resize(900, 420)
    window.select_ids([pid])
    wait_idle(qtbot, window)
    panel = window.panel
    bar = panel.verticalScrollBar()
    assert bar.maximum() > 0
    panel.ensureWidgetVisible(panel.tags.suggest_box)
    qtbot.wait(20)
    before = bar.value()
    reject = next(b for b in panel.tags.findChildren(QToolButton)
                  if b.accessibleName() == "Reject tag topic 0")
    reject.setFocus()
    reject.click()
    wait_idle(qtbot, window)
    qtbot.wait(50)
    assert [t.name for t in window.lib.get(pid).suggested_tags][0] == "topic 1"
    assert bar.value() == before


def test_a_long_tag_name_loses_its_end_and_keeps_its_count(qtbot, window):
    """A user found "multilingual neural …lation  (3)" in a narrow sidebar: the name
    should read as it starts, and the count stay."""
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    name = "multilingual neural machine translation for low-resource languages"
    window.lib.tags.add(window.model.ids[0], [name])
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    window.show()
    window.sidebar.setFixedWidth(180)
    qtbot.wait(50)
    index = window.sidebar_model.indexFromItem(window.sidebar_model.find("tag", name))
    option = QStyleOptionViewItem()
    option.initFrom(window.sidebar)
    option.rect = window.sidebar.visualRect(index)
    window.sidebar.itemDelegate().initStyleOption(option, index)
    assert option.text.startswith("multilingual") and "…" in option.text
    assert option.text.endswith("  (1)")
    style = window.sidebar.style()
    text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option,
                                     window.sidebar)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                               window.sidebar) + 1
    assert option.fontMetrics.horizontalAdvance(option.text) <= text_rect.width() - 2 * margin
    short = window.sidebar_model.indexFromItem(window.sidebar_model.find("all"))
    option.rect = window.sidebar.visualRect(short)
    window.sidebar.itemDelegate().initStyleOption(option, short)
    assert option.text == "All papers  (98)"  # what fits is left whole


def test_a_new_search_shows_its_best_match_though_the_selection_is_further_down(qtbot,
                                                                                 window):
    # a pasted title's paper was scrolled out of view: the table kept the paper selected
    # before the search in view, 15 rows down
    window.resize(900, 500)
    title = window.model.index(0, 0).data().split("  [")[0]
    with qtbot.waitSignal(window.searchFinished, timeout=5000):
        window.search.setText(title)
        window.run_search(title)
    found = list(window.model.ids)
    assert len(found) > 30
    far = found[-1]
    window.search.clear()
    with qtbot.waitSignal(window.tableFilled, timeout=5000):
        window._search_now()
    window.select_ids([far])
    assert window.table.rowAt(0) != 0  # scrolled down to it
    with qtbot.waitSignal(window.searchFinished, timeout=5000):
        window.search.setText(title)
        window.run_search(title)
    wait_idle(qtbot, window)
    assert window.table.rowAt(0) == 0  # the best match shows at the top
    assert window.model.index(0, 0).data().startswith(title)
    # and is selected: the paper selected before is out of view, where keys would act on
    # it unseen (a tester trashed papers so)
    assert window.selected_ids() == [window.model.ids[0]]
    # a selection in view stays
    near = window.model.ids[1]
    window.select_ids([near])
    with qtbot.waitSignal(window.searchFinished, timeout=5000):
        window.search.setText(title + " ")
        window.run_search(title + " ")
    wait_idle(qtbot, window)
    assert window.selected_ids() == [near]


def test_rapid_undo_and_redo_of_a_rename_queue_one_update(qtbot, window):
    """Each undo or redo of a vocabulary edit updates the suggestions; while one update
    waits its turn, it serves the steps after it too."""
    import worker_jobs

    a = window.model.ids[0]
    window.lib.tags.add(a, ["morph"])
    la.rename_tag(window, "morph", "morphology")
    wait_idle(qtbot, window)
    blocker = window.ops.long_job("Blocker", worker_jobs.wait_for_cancel)  # the lane is busy
    for step in (la.undo, la.redo, la.undo):
        with qtbot.waitSignal(window.ops.changed, timeout=10_000):
            step(window)
    updates = [e for e in window.ops.entries if e.fn is jobs.refresh_suggestions]
    assert len(updates) == 1 and updates[0].state == "queued"
    with qtbot.waitSignal(blocker.cancelled, timeout=60_000):
        window.ops.cancel_job(window.ops.entry_of(blocker).id)
    wait_idle(qtbot, window)
    assert window.lib.get(a).user_tags == ["morph"]



def test_renaming_onto_an_existing_tag_asks_before_merging(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    a, b = window.model.ids[:2]
    window.lib.tags.add(a, ["morphology"])
    window.lib.tags.add(b, ["summaries"])
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    monkeypatch.setattr(la, "ask", lambda *a, **k: "Summaries")  # typed in the dialog
    asked = []

    def answer(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        asked.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    la.rename_tag(window, "morphology")
    assert asked == ["“summaries” is a tag already. Merge “morphology” into it?"]
    assert not window.ops.entries  # No: nothing queued
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: QMessageBox.StandardButton.Yes)
    la.rename_tag(window, "morphology")
    wait_idle(qtbot, window)
    assert window.lib.get(a).user_tags == ["Summaries"]


def test_the_list_follows_a_renamed_tag_when_others_come_with_it(qtbot, window):
    """A redone rename brought other tags with it (suggestions updated at the same time),
    and the list went to All papers: it follows the tag on most of its papers."""
    a, b, c = _listing_morph(qtbot, window)
    wait_idle(qtbot, window)
    window.lib.tags.rename("morph", "morphology")  # written where the window does not see it
    window.lib.tags.add(c, ["another"])
    window.refresh_sidebar()
    wait_idle(qtbot, window)
    assert window.filter == ("tag", "morphology")
    assert sorted(window.model.ids) == sorted([a, b])
