"""Sidebar rows that end in a paper count: a long name loses its end, never the count."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

_COUNTED = re.compile(r"(.*?)(  \(\d+\))", re.DOTALL)


class CountedDelegate(QStyledItemDelegate):
    """Draws "name  (count)" rows with the name cut at its end when the row is too narrow
    ("multilingual machine tr…  (12)"), so the name reads as it starts and the count
    always shows (the full name is in the row's tooltip)."""

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        """Set the option's text to the elided name and its count."""
        super().initStyleOption(option, index)
        match = _COUNTED.fullmatch(option.text)
        if not match:
            return
        style = option.widget.style() if option.widget else QApplication.style()
        # the text's rect, less the margins the style leaves on each side of the text
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None,
                                   option.widget) + 1
        room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option,
                                    option.widget).width() - 2 * margin
        metrics = option.fontMetrics
        # the view's own eliding never takes the count: an italic suggestion's row drew a
        # little wider than its advance and lost it ("natural language g…  (3…")
        option.textElideMode = Qt.TextElideMode.ElideNone
        slack = metrics.averageCharWidth()  # (a slanted last letter overhangs its advance)
        if metrics.horizontalAdvance(option.text) + slack <= room:
            return
        name = metrics.elidedText(match.group(1), Qt.TextElideMode.ElideRight,
                                  room - slack - metrics.horizontalAdvance(match.group(2)))
        option.text = name + match.group(2)
