"""Edits and undo show at once, whatever the search index or a background job is doing:
the index is written by a worker process, an edit's rows come back with it, an undone rating
repaints its row instead of reading the list again."""

from __future__ import annotations

import threading

import worker_jobs

from paperdesk.gui import library_actions as la
from paperdesk.gui.models.paper_table import COLUMN_KEYS, stars_text
from tests.gui.conftest import wait_idle

STARS = COLUMN_KEYS.index("stars")
TIMEOUT = 60_000


def _stars(window, pid: int) -> object:
    return window.model.index(window.model.row_of(pid), STARS).data()


def _pick(qtbot, window) -> int:
    pid = window.model.ids[0]
    window.select_ids([pid])
    wait_idle(qtbot, window)
    return pid


def test_an_edit_shows_while_the_index_lane_is_busy(qtbot, window):
    pid = _pick(qtbot, window)
    # the interactive worker, which indexes the window's edits, busy with a long job
    blocker = window.ops.quiet_job(worker_jobs.ignore_cancel, 8)
    window.set_stars(4)
    qtbot.waitUntil(lambda: _stars(window, pid) == stars_text(4), timeout=10_000)
    window.panel.note.saveRequested.emit(pid, "okapi notes")
    qtbot.waitUntil(lambda: window.lib.notes.get(pid) == "okapi notes", timeout=10_000)
    assert blocker in window.ops.tasks  # the worker's job has not ended yet
    assert window.panel.stars.stars() == 4
    wait_idle(qtbot, window)  # the index catches up after it
    assert [h.paper_id for h in window.lib.search("note:okapi")] == [pid]


def test_an_edits_rows_arrive_with_it(qtbot, window):
    pid = _pick(qtbot, window)
    with qtbot.waitSignal(window.ops.changed, timeout=10_000) as got:
        window.set_stars(2)
    assert got.args[0].kind == "stars"
    # painted from the rows the writer thread read after the commit: no read to wait for
    assert _stars(window, pid) == stars_text(2)
    assert window.panel.stars.stars() == 2
    assert window.panel.read.currentText().lower() == window.lib.get(pid).read


def test_undoing_a_rating_repaints_the_row_without_reading_the_list_again(qtbot, window):
    pid = _pick(qtbot, window)
    before = _stars(window, pid)
    window.set_stars(5)
    wait_idle(qtbot, window)
    resets = []
    window.model.modelReset.connect(lambda: resets.append(1))
    with qtbot.waitSignal(window.ops.changed, timeout=10_000) as got:
        la.undo(window)
    assert got.args[0].details["lists"] is False
    assert _stars(window, pid) == before
    wait_idle(qtbot, window)
    assert resets == []
    assert window.panel.stars.stars() == window.lib.get(pid).stars
    la.undo(window, redo=True)
    wait_idle(qtbot, window)
    assert _stars(window, pid) == stars_text(5) and resets == []


def test_edit_and_undo_while_a_job_holds_the_index_and_writes(qtbot, window):
    """A bulk job in the worker process holds the search index and commits small writes;
    the window's edits and undo show meanwhile, and the index catches up afterwards."""
    pid = _pick(qtbot, window)
    job = window.ops.long_job("Holding the index", worker_jobs.hold_index)
    qtbot.waitUntil(lambda: (e := window.ops.entry_of(job)) is not None and e.done > 0,
                    timeout=TIMEOUT)
    before = _stars(window, pid)
    window.set_stars(3 if before != stars_text(3) else 1)
    qtbot.waitUntil(lambda: _stars(window, pid) != before, timeout=10_000)
    la.undo(window)
    qtbot.waitUntil(lambda: _stars(window, pid) == before, timeout=10_000)
    window.panel.note.saveRequested.emit(pid, "capybara notes")
    qtbot.waitUntil(lambda: window.lib.notes.get(pid) == "capybara notes", timeout=10_000)
    la.undo(window)
    qtbot.waitUntil(lambda: window.lib.notes.get(pid) == "", timeout=10_000)
    assert window.ops.entry_of(job).state == "running"  # all of it while the job ran
    window.panel.note.saveRequested.emit(pid, "tapir notes")
    qtbot.waitUntil(lambda: window.lib.notes.get(pid) == "tapir notes", timeout=10_000)
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT):
        window.ops.cancel_job(window.ops.entry_of(job).id)
    wait_idle(qtbot, window)
    window.index_soon()  # (the window's next pass after the job let go of the index)
    wait_idle(qtbot, window)
    assert [h.paper_id for h in window.lib.search("note:tapir")] == [pid]
    assert [h.paper_id for h in window.lib.search("note:capybara")] == []


def test_search_shows_results_first_then_their_snippets(qtbot, window):
    order: list[tuple[str, int, bool]] = []
    window.searchShown.connect(lambda t: order.append(
        ("shown", window.model.rowCount(), bool(window.model.snippet(window.model.ids[0])))))
    window.searchFinished.connect(lambda t: order.append(
        ("finished", window.model.rowCount(), bool(window.model.snippet(window.model.ids[0])))))
    pid = window.model.ids[0]
    window.select_ids([pid])
    with qtbot.waitSignal(window.searchFinished, timeout=10_000):
        window.search.setText("reward")
        window._search_now()
    (shown, n, marked), (finished, n2, marked2) = order
    assert (shown, finished) == ("shown", "finished")
    assert 0 < n == n2 < 98
    assert not marked and marked2  # the snippets came after the rows were shown
    if window.current_id in window.model.ids[:80]:
        assert "<b>" in window.reader.match.text()  # the shown paper's snippet too


def test_a_new_keystroke_voids_the_last_ones_snippets(qtbot, window):
    finished: list[str] = []
    window.searchFinished.connect(finished.append)
    with qtbot.waitSignal(window.searchShown, timeout=10_000):
        window.search.setText("reward")
        window._search_now()
    with qtbot.waitSignal(window.searchFinished, timeout=10_000):
        window.search.setText("reward model")
        window._search_now()
    qtbot.wait(300)
    assert finished == ["reward model"]


def test_a_long_result_list_shows_its_first_page_then_the_rest(qtbot, lib, gui_settings,
                                                               tmp_path):
    from paperdesk.gui.models.paper_table import PAGE
    from paperdesk.records import Paper, ParsedEntry, ParseResult
    from tests.gui.conftest import make_window

    n = PAGE + 40
    lib.import_parsed(ParseResult([ParsedEntry(Paper(
        title=f"Walrus study number {i}", abstract="walrus " * (1 + i % 7)), line=i + 1)
        for i in range(n)]), on_duplicate="keep-both")
    window = make_window(qtbot, lib, gui_settings, tmp_path)
    try:
        shown: list[int] = []
        window.searchShown.connect(lambda _t: shown.append(window.model.rowCount()))
        with qtbot.waitSignal(window.searchFinished, timeout=20_000):
            window.search.setText("walrus")
            window._search_now()
        assert shown == [PAGE]  # the first page, painted before the rest was ranked
        assert window.model.rowCount() == n
        ranked, _mode = lib.ranked_ids("walrus")
        assert window.model.ids == ranked  # one list, in the index's order
        assert f"{n:,} papers found" in window.count_label.text()
    finally:
        window.close()
        window.ops.wait()


def test_a_paper_selected_while_the_list_is_refilled_gets_the_edit(qtbot, window):
    """Selecting a paper while the table is being refilled (papers came in from an
    import) selects it at once: a star pressed next rates it, not the paper selected
    before; it stays selected once the new rows are in."""
    first, other = window.model.ids[0], window.model.ids[5]
    window.select_ids([first])
    wait_idle(qtbot, window)
    gate = threading.Event()
    window.ops.read(lambda: gate.wait(30))  # the read pool busy: the refill waits
    window.ops.read(lambda: gate.wait(30))
    window.ops.read(lambda: gate.wait(30))
    try:
        window.refilter()
        assert window._refilling is not None  # the new list is on its way
        window.select_ids([other])
        assert window.selected_ids() == [other]
        assert window.current_id == other
        before = window.lib.get(first).stars
        window.set_stars(5 if before != 5 else 4)
        qtbot.waitUntil(lambda: window.lib.get(other).stars in (4, 5), timeout=10_000)
        assert window.lib.get(first).stars == before
    finally:
        gate.set()
    wait_idle(qtbot, window)
    assert window.selected_ids() == [other]


def test_tag_completions_come_with_the_sidebar_not_with_each_paper(qtbot, window,
                                                                 monkeypatch):
    """The names offered while typing a tag are read with the sidebar's tags, off the GUI
    thread (at 100k papers reading them for each paper shown took ~120 ms there), and
    follow a new user tag."""
    pid = _pick(qtbot, window)
    window.ops.write(lambda: window.lib.tags.add([pid], ["okapi-completion"]))
    qtbot.waitUntil(lambda: "okapi-completion" in
                    window.panel.tags.completion.stringList(), timeout=10_000)
    calls: list[int] = []
    import paperdesk.gui.models.rows as rows_mod

    original = rows_mod.all_tag_names
    monkeypatch.setattr(rows_mod, "all_tag_names",
                        lambda lib: calls.append(1) or original(lib))
    window.select_ids([window.model.ids[3]])
    qtbot.waitUntil(lambda: window.current_id == window.model.ids[3], timeout=5_000)
    assert calls == []  # showing a paper reads no tag names
    assert "okapi-completion" in window.panel.tags.completion.stringList()


def test_the_first_search_finds_the_index_read_already(qtbot, window):
    """Once the window has started, the paper id of each index document is read (off the
    GUI thread): the first keystroke does not pay for it (~1 s at 100k papers)."""
    index = window.lib.index
    assert index._num_cache is not None
    with index._lock:
        assert index._num_cache[0] == index._generation


def test_closing_right_after_an_edit_starts_no_index_pass(qtbot, window):
    """An edit's index pass waits for a typing pause; closing the window before it is due
    does not start it on the library being closed (the paper stays queued: the next open
    indexes it)."""
    pid = _pick(qtbot, window)
    with qtbot.waitSignal(window.changeApplied, timeout=10_000):
        window.panel.note.saveRequested.emit(pid, "walrus closing note")
    assert window.index_pending()
    window.close()
    assert not window._index_timer.isActive()
    window.ops.wait()
    window.lib.sync_index()  # (as the next open does)
    assert [h.paper_id for h in window.lib.search("note:walrus")] == [pid]
