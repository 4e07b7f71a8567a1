"""The window's start: the first page of papers is painted before anything else runs, and
a search keystroke never waits behind the last keystroke's full ranking."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt

from paperdesk import Library
from paperdesk.gui.mainwindow import REST_DELAY_MS, MainWindow
from paperdesk.gui.models.paper_table import COLUMN_KEYS


@pytest.fixture
def lazy_lib(sample_lib):
    """The sample library opened as the application opens it: without its search index."""
    folder = sample_lib.folder
    sample_lib.close()
    lib = Library.open(folder, defer_index=True, lazy_index=True)
    yield lib
    lib.close()


def _window(qtbot, lib, settings, tmp_path: Path, lazy: bool) -> MainWindow:
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, settings, state, tmp_path / "settings.json", lazy_start=lazy)
    qtbot.addWidget(win)
    return win


def test_lazy_start_paints_rows_before_sidebar_counts_and_the_index(
        qtbot, lazy_lib, gui_settings, tmp_path):
    win = _window(qtbot, lazy_lib, gui_settings, tmp_path, lazy=True)
    # built, not yet shown: the rows are listed, nothing else has started
    assert win.model.rowCount() == 98
    assert not lazy_lib.index_opened
    assert win.sidebar_model.data_shown.counts == {}
    assert win.ops.is_idle()
    order: list[str] = []
    win.first_paint.painted.connect(lambda: order.append("painted"))
    win.startFinished.connect(lambda: order.append("started"))
    with qtbot.waitSignal(win.startFinished, timeout=10000):
        win.show()
    assert order == ["painted", "started"]
    assert not win.first_page_only  # (98 papers: all on the first page)
    # then the sidebar is counted and the index opened, off the GUI thread
    qtbot.waitUntil(lambda: lazy_lib.index_opened and win.ops.is_idle(), timeout=20000)
    assert win.sidebar_model.data_shown.counts["all"] == 98
    with qtbot.waitSignal(win.searchShown, timeout=10000):
        win.run_search("learning")
    found = lazy_lib.ranked_ids("learning")[0]
    assert 0 < len(found) < 98
    assert win.model.ids == found
    win.close()
    win.ops.wait()


def test_after_first_paint_runs_at_once_when_painted_already(qtbot, window):
    ran: list[int] = []
    qtbot.waitUntil(lambda: window.first_paint.done)
    window.after_first_paint(lambda: ran.append(1))
    qtbot.waitUntil(lambda: ran == [1])


def test_restored_header_in_the_order_shown_sorts_nothing(
        qtbot, sample_lib, gui_settings, tmp_path, monkeypatch):
    from paperdesk.gui.models import paper_table

    calls: list[str] = []
    real = paper_table.sorted_ids
    monkeypatch.setattr(paper_table, "sorted_ids", lambda lib, ids, col, desc: (
        calls.append(col), real(lib, ids, col, desc))[1])
    win = _window(qtbot, sample_lib, gui_settings, tmp_path, lazy=False)
    win.show()
    header = win.table.horizontalHeader()
    saved = header.saveState()
    win.close()
    win.ops.wait()
    calls.clear()
    win = _window(qtbot, sample_lib, gui_settings, tmp_path, lazy=False)  # (restores it)
    header = win.table.horizontalHeader()
    header.restoreState(saved)
    assert calls == []  # newest first, as listed
    header.setSortIndicator(COLUMN_KEYS.index("title"), Qt.SortOrder.AscendingOrder)
    assert calls == ["title"]
    first = win.model.index(0, COLUMN_KEYS.index("title")).data()
    assert first.casefold() <= win.model.index(1, COLUMN_KEYS.index("title")).data().casefold()
    win.close()
    win.ops.wait()


def test_a_new_keystroke_abandons_the_last_ones_full_ranking(
        qtbot, window, monkeypatch):
    """The full ranking (every match after the first page) starts only once typing
    pauses; a keystroke before then makes it void, so it never runs."""
    lib = window.lib
    calls: list[tuple[str, int | None]] = []
    real = lib.ranked_ids

    def counting(text: str, trashed: bool = False, mode: str = "auto",
                 limit: int | None = None, wait: bool = True) -> tuple[list[int], str]:
        calls.append((text, limit))
        return real(text, trashed=trashed, mode=mode, limit=limit, wait=wait)

    monkeypatch.setattr(lib, "ranked_ids", counting)
    monkeypatch.setattr("paperdesk.gui.mainwindow.PAGE", 5)  # a page of 5
    with qtbot.waitSignal(window.searchShown, timeout=10000):
        window.run_search("learning")
    assert len(window.model.ids) == 5
    # the next keystroke comes before the typing pause is over
    with qtbot.waitSignal(window.searchShown, timeout=10000):
        window.run_search("language")
    with qtbot.waitSignal(window.searchFinished, timeout=10000):
        pass
    assert ("learning", None) not in calls  # the first keystroke's full ranking never started
    assert calls[:2] == [("learning", 5), ("language", 5)]
    assert ("language", None) in calls  # the last one's did, after the pause
    full, _mode = real("language", mode="keyword")
    assert window.model.ids == full and len(full) > 5
    assert REST_DELAY_MS >= 100


def test_best_match_keeps_its_first_page_and_appends_the_rest(qtbot, window, monkeypatch):
    """Best match's first page is fused from its top candidates (bounded, like the
    command line's search); the full ranking that follows after the pause keeps that page
    as painted and appends every other match in rank order."""
    lib = window.lib
    full, _mode = lib.ranked_ids("learning", mode="keyword")
    first = full[5:10]  # a first page that is not the full ranking's first five
    calls: list[int | None] = []

    def best(text: str, trashed: bool = False, mode: str = "auto",
             limit: int | None = None, wait: bool = True) -> tuple[list[int], str]:
        calls.append(limit)
        return (first if limit else full), "best"

    monkeypatch.setattr(lib, "ranked_ids", best)
    monkeypatch.setattr("paperdesk.gui.mainwindow.PAGE", 5)
    with qtbot.waitSignal(window.searchShown, timeout=10000):
        window.run_search("learning")
    assert window.model.ids == first
    qtbot.waitUntil(lambda: len(window.model.ids) == len(full), timeout=10000)
    assert calls == [5, None]
    assert window.model.ids == first + [p for p in full if p not in first]


def test_lazy_start_lists_the_first_page_then_every_paper(
        qtbot, lazy_lib, gui_settings, tmp_path, monkeypatch):
    """At 100,000 papers the first paint waits for one page of ids (an SQL LIMIT), not
    for all of them; the whole list follows off the GUI thread, the status bar says the
    count only then."""
    monkeypatch.setattr("paperdesk.gui.mainwindow.PAGE", 10)
    win = _window(qtbot, lazy_lib, gui_settings, tmp_path, lazy=True)
    assert win.model.rowCount() == 10 and win.first_page_only
    newest = lazy_lib.reader.execute(
        "SELECT id FROM papers WHERE trashed IS NULL ORDER BY id DESC").fetchall()
    assert win.model.ids == [r[0] for r in newest[:10]]
    assert win.count_label.text() == ""
    with qtbot.waitSignal(win.tableFilled, timeout=10000):
        win.show()
    assert win.model.ids == [r[0] for r in newest] and not win.first_page_only
    assert win.count_label.text() == "98 papers"
    win.close()
    win.ops.wait()


def test_first_window_fits_the_screen(qtbot, window):
    from paperdesk.gui.app import fit_to_screen

    area = window.screen().availableGeometry()
    least = window.minimumSizeHint()  # (the offscreen screen is narrower than that)
    window.resize(area.width() + 300, area.height() + 200)
    fit_to_screen(window)
    # the frame too (a window as tall as the screen had its status bar below the edge)
    assert window.width() <= max(area.width() - 16, least.width())
    assert window.height() <= max(area.height() - 48, least.height())
    window.resize(least.width() + 10, least.height() + 10)
    before = (window.width(), window.height())
    if before[0] <= area.width() - 16 and before[1] <= area.height() - 48:
        fit_to_screen(window)  # a window that fits keeps its size
        assert (window.width(), window.height()) == before
