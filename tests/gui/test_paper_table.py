"""The lazy paper table model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from paperdesk.gui.models import paper_table as pt
from paperdesk.gui.models import rows
from paperdesk.gui.models.paper_table import COLUMN_KEYS, ID_ROLE, PaperTableModel, ids_from_mime


def _model(lib) -> PaperTableModel:  # noqa: ANN001
    model = PaperTableModel(lib)
    model.set_ids(rows.filter_ids(lib, "all"))
    return model


def test_model_passes_qmodeltester(qtmodeltester, sample_lib):
    model = _model(sample_lib)
    assert model.rowCount() == 98
    qtmodeltester.check(model)


def test_rows_are_fetched_lazily_in_pages(sample_lib, monkeypatch):
    calls = []
    real = pt.table_rows
    monkeypatch.setattr(pt, "table_rows", lambda lib, ids: calls.append(len(ids)) or
                        real(lib, ids))
    monkeypatch.setattr(pt, "PAGE", 10)
    model = _model(sample_lib)
    assert calls == []
    assert model.index(0, 0).data()
    assert model.index(5, 1).data() is not None
    assert calls == [10]
    model.index(45, 0).data()
    assert calls == [10, 10]


def test_columns_show_paper_fields_and_empty_ones_blank(sample_lib):
    pid = sample_lib.papers.ids()[0]
    sample_lib.papers.edit(pid, year=2021, venue="ACL", authors=["Doe, Jane", "Roe, Rick"])
    sample_lib.papers.set_stars(pid, 3)
    sample_lib.tags.add(pid, ["rlhf"])
    model = _model(sample_lib)
    row = model.row_of(pid)
    values = {k: model.index(row, c).data() for c, k in enumerate(COLUMN_KEYS)}
    assert values["authors"] == "Jane Doe, Rick Roe"
    assert values["year"] == "2021" and values["venue"] == "ACL"
    assert values["stars"] == "★★★☆☆" and values["tags"] == "rlhf"
    other = model.row_of(sample_lib.papers.ids()[1])
    assert model.index(other, COLUMN_KEYS.index("year")).data() == ""
    assert model.index(other, COLUMN_KEYS.index("stars")).data() == ""
    assert model.index(row, 0).data(ID_ROLE) == pid


def test_sort_by_title_and_year_keeps_blank_last(sample_lib):
    ids = sample_lib.papers.ids()
    sample_lib.papers.edit(ids[3], year=1999)
    sample_lib.papers.edit(ids[4], year=2024)
    model = _model(sample_lib)
    model.sort(COLUMN_KEYS.index("year"), Qt.SortOrder.DescendingOrder)
    assert model.ids[:2] == [ids[4], ids[3]]
    model.sort(COLUMN_KEYS.index("title"), Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, 0).data().casefold() for r in range(model.rowCount())]
    assert titles == sorted(titles)


def test_refresh_only_changed_rows(qtbot, sample_lib):
    model = _model(sample_lib)
    pid = model.ids[2]
    model.index(2, 0).data()
    sample_lib.papers.set_stars(pid, 5)
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.refresh_ids({pid})
    assert blocker.args[0].row() == 2 and blocker.args[1].row() == 2
    assert model.index(2, COLUMN_KEYS.index("stars")).data() == "★★★★★"


def test_rows_read_again_off_the_gui_thread_keep_the_newest(qtbot, sample_lib):
    """Rows re-read in the background replace the cached ones; a late, older read loses."""
    model = _model(sample_lib)
    pid, gone = model.ids[2], model.ids[3]
    stars = COLUMN_KEYS.index("stars")
    assert model.index(2, stars).data() == ""
    sample_lib.papers.set_stars(pid, 3)
    older = (model.mark_stale([pid]), rows.table_rows(sample_lib, [pid]))
    sample_lib.papers.set_stars(pid, 4)
    newer = (model.mark_stale([pid, gone]), rows.table_rows(sample_lib, [pid]))  # gone: deleted
    with qtbot.waitSignal(model.dataChanged) as blocker:
        model.replace_rows(newer[0], [pid, gone], newer[1])
    assert (blocker.args[0].row(), blocker.args[1].row()) == (2, 3)  # one signal for the span
    model.replace_rows(older[0], [pid], older[1])  # arrives late: ignored
    assert model.index(2, stars).data() == "★★★★☆"


def test_rows_read_before_a_change_or_for_another_library_are_not_used(qtbot, sample_lib, lib):
    model = _model(sample_lib)
    pid = model.ids[0]
    stars = COLUMN_KEYS.index("stars")
    before = model.row_version
    fill = rows.table_fill(sample_lib, model.ids, since=before)  # read in the background…
    sample_lib.papers.set_stars(pid, 2)
    model.refresh_ids({pid})  # …while a star is set
    model.fill(fill)
    assert model.index(0, stars).data() == "★★☆☆☆"  # not the older row of the fill
    ticket = model.mark_stale([pid])
    old_rows = rows.table_rows(sample_lib, [pid])
    model.set_library(lib)
    model.set_ids(rows.filter_ids(sample_lib, "all"))  # (ids as if the new library had them)
    model.replace_rows(ticket, [pid], old_rows)
    assert pid not in model._rows  # the old library's row was dropped


def test_remove_ids_and_mime(sample_lib):
    model = _model(sample_lib)
    first, second = model.ids[:2]
    mime = model.mimeData([model.index(0, 0), model.index(1, 0)])
    assert ids_from_mime(mime) == [first, second]
    model.remove_ids({first})
    assert model.rowCount() == 97 and model.ids[0] == second
