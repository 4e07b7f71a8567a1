"""A search hit's title, painted with its matched words in bold, ends in "…" when the
column is too narrow for it (it was cut mid-word with nothing to say so)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTableView

from paperdesk.gui.models.paper_table import TITLE_HTML_ROLE
from paperdesk.gui.widgets.marked_title import ELLIPSIS, MarkedTitleDelegate, ellipsis_at


def test_a_title_too_wide_is_cut_before_an_ellipsis():
    metrics = QFontMetrics(QFont())
    dots = metrics.horizontalAdvance(ELLIPSIS)
    assert ellipsis_at(100, 120, metrics) is None  # it fits
    assert ellipsis_at(300, 120, metrics) == 120 - dots
    assert ellipsis_at(300, dots / 2, metrics) == 0.0  # nothing but the ellipsis


def test_a_marked_title_paints_in_a_narrow_column(qtbot):
    model = QStandardItemModel(1, 1)
    item = QStandardItem("Neural machine translation of rare words with subword units")
    item.setData("<b>Neural</b> machine translation of rare words with subword units",
                 TITLE_HTML_ROLE)
    model.setItem(0, 0, item)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setItemDelegateForColumn(0, MarkedTitleDelegate(view))
    view.setColumnWidth(0, 120)
    view.show()
    image = view.viewport().grab().toImage()  # paints the cell, ellipsis and all
    assert not image.isNull()
