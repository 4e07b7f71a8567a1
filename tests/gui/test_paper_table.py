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


def _tagged(lib):  # noqa: ANN001, ANN202
    """Paper a: the user's "rl" and the suggestion "reward models"; b: a suggestion only."""
    a, b = lib.papers.ids()[:2]
    lib.tags.add(a, ["rl"])
    lib.tags.set_suggestions({a: [("reward models", 0.9)], b: [("parsing", 0.8)]})
    return a, b


def test_the_tags_column_holds_the_users_tags_and_the_suggestions_apart(sample_lib):
    """A tester could not tell the machine's suggestions from the user's own tags."""
    a, b = _tagged(sample_lib)
    model = _model(sample_lib)
    col = COLUMN_KEYS.index("tags")
    cell_a, cell_b = model.index(model.row_of(a), col), model.index(model.row_of(b), col)
    assert cell_a.data() == "rl" and cell_a.data(pt.SUGGESTED_ROLE) == "reward models"
    assert cell_b.data() == "" and cell_b.data(pt.SUGGESTED_ROLE) == "parsing"
    assert "Suggested: reward models" in cell_a.data(Qt.ItemDataRole.ToolTipRole)
    assert cell_a.data(Qt.ItemDataRole.AccessibleTextRole) == "rl, suggested: reward models"
    model.sort(col, Qt.SortOrder.AscendingOrder)  # by the user's tags, suggestions after
    assert model.ids.index(a) < model.ids.index(b) < model.rowCount() - 1


def test_suggestions_are_painted_after_the_users_tags_muted_and_in_italics(qtbot, sample_lib):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor, QImage, QPainter, QPalette
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTableView

    from paperdesk.gui.widgets.tags_column import TagsColumnDelegate

    a, _b = _tagged(sample_lib)
    model = _model(sample_lib)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("red"))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    delegate = TagsColumnDelegate(view)
    fonts = []

    class Spy(QPainter):
        def setFont(self, font):  # noqa: ANN001, ANN202, N802
            fonts.append(font.italic())
            super().setFont(font)

    image = QImage(320, 24, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    option = QStyleOptionViewItem()
    option.rect, option.palette, option.font = QRect(0, 0, 320, 24), palette, view.font()
    option.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
    option.widget = view
    painter = Spy(image)
    delegate.paint(painter, option, model.index(model.row_of(a), COLUMN_KEYS.index("tags")))
    painter.end()
    dark, red = [], []
    for x in range(image.width()):
        for y in range(image.height()):
            c = image.pixelColor(x, y)
            if max(c.red(), c.green(), c.blue()) < 90:
                dark.append(x)
            elif c.red() > 150 and c.green() < 110 and c.blue() < 110:
                red.append(x)
    assert dark and red and max(dark) < min(red)  # "rl" in the text colour, then the rest
    assert fonts == [False, True]
