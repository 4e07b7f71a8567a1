"""The paper table's columns: chooser, more columns, short venues, fitted and remembered."""

from __future__ import annotations

from PySide6.QtCore import Qt

from paperdesk.gui.models.paper_table import COLUMN_KEYS, DEFAULT_COLUMNS
from paperdesk.records import Paper
from tests.gui.conftest import make_window, wait_idle


def _col(key: str) -> int:
    return COLUMN_KEYS.index(key)


def test_column_chooser_shows_and_hides_columns(qtbot, window):
    table = window.table
    assert table.shown_columns() == list(DEFAULT_COLUMNS)
    menu = table.column_menu()
    names = [a.text() for a in menu.actions() if a.isCheckable()]
    assert names == ["Title", "Authors", "Year", "Venue", "Stars", "Tags", "Added",
                     "Citation key", "DOI", "Pages", "Read", "Rating", "PDF", "Modified"]
    doi = next(a for a in menu.actions() if a.text() == "DOI")
    doi.setChecked(True)
    assert "doi" in table.shown_columns()
    assert not table.isColumnHidden(_col("doi"))
    assert next(a for a in menu.actions() if a.text() == "Title").isEnabled() is False
    menu.actions()[-1].trigger()  # Reset columns
    assert table.shown_columns() == list(DEFAULT_COLUMNS)


def test_new_columns_have_content(qtbot, lib, gui_settings, tmp_path):
    change = lib.papers.add(Paper(title="A paper", key="doe2023paper", doi="10.1/x", year=2023,
                                  venue="Proceedings of the 61st Annual Meeting of the "
                                        "Association for Computational Linguistics "
                                        "(Volume 1: Long Papers)",
                                  extra={"pages": "12–20"}))
    pid = next(iter(change.added))
    lib.papers.set_read(pid, "reading")
    lib.papers.set_stars(pid, 4)
    win = make_window(qtbot, lib, gui_settings, tmp_path)
    try:
        row = win.model.row_of(pid)

        def cell(key, role=Qt.ItemDataRole.DisplayRole):
            return win.model.index(row, _col(key)).data(role)

        assert cell("venue") == "ACL 2023"
        assert cell("venue", Qt.ItemDataRole.ToolTipRole).startswith("Proceedings of the 61st")
        assert (cell("key"), cell("doi"), cell("pages")) == ("doe2023paper", "10.1/x", "12–20")
        assert (cell("read"), cell("rating"), cell("pdf")) == ("Reading", "4", "")
        assert len(cell("modified")) == 10
        win.model.sort(_col("pages"))
    finally:
        win.close()
        win.ops.wait()


def test_title_takes_the_free_width_and_compact_keeps_stars_and_tags(qtbot, window):
    window.resize(1024, 700)
    qtbot.waitUntil(lambda: window.width() == 1024)
    table = window.table
    vp = table.viewport().width()
    right = max(table.columnViewportPosition(_col(k)) + table.columnWidth(_col(k))
                for k in table.shown_columns())
    assert right <= vp + 1, "no column scrolls off at 1024×700"
    for key in ("stars", "tags"):
        assert table.columnViewportPosition(_col(key)) + table.columnWidth(_col(key)) <= vp + 1
    assert table.columnWidth(_col("stars")) >= 64
    assert table.columnWidth(_col("title")) >= 180
    window.resize(1600, 900)
    qtbot.waitUntil(lambda: window.width() == 1600)
    assert table.columnWidth(_col("authors")) == 140  # room again: preferred widths
    assert table.columnWidth(_col("title")) > 300


def test_layout_is_remembered(qtbot, sample_lib, gui_settings, tmp_path):
    win = make_window(qtbot, sample_lib, gui_settings, tmp_path)
    win.table.set_column_shown("doi", True)
    win.table.set_column_shown("added", False)
    win.table.setColumnWidth(_col("authors"), 200)
    win.close()
    win.ops.wait()
    again = make_window(qtbot, sample_lib, gui_settings, tmp_path)
    try:
        shown = again.table.shown_columns()
        assert "doi" in shown and "added" not in shown
        assert again.table.preferred["authors"] == 200
    finally:
        again.close()
        again.ops.wait()
        wait_idle(qtbot, again)
