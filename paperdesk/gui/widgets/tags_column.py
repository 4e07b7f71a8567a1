"""The table's Tags column: the user's own tags as usual, then the machine's suggestions,
muted and in italics (as the sidebar and the side panel set them apart)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from paperdesk.gui.models.paper_table import SUGGESTED_ROLE

Index = QModelIndex | QPersistentModelIndex
#: between the user's tags and the suggestions
GAP = "  "


def suggestion_font(font: QFont) -> QFont:
    """The font suggestions are drawn in: the cell's, in italics."""
    italic = QFont(font)
    italic.setItalic(True)
    return italic


class TagsColumnDelegate(QStyledItemDelegate):
    """Paints "rl, reward models  machine translation", the part after the gap (the
    suggestions, :data:`SUGGESTED_ROLE`) in italics and the palette's placeholder colour;
    each part loses its end when the column is narrow, the user's tags last."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        suggested = index.data(SUGGESTED_ROLE)
        if not suggested:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        mine = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
        rect = rect.adjusted(margin, 0, -margin, 0)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Active
                 else QPalette.ColorGroup.Inactive)
        painter.save()
        painter.setClipRect(opt.rect)
        left = rect.left()
        if mine:
            text = QFontMetrics(opt.font).elidedText(mine, Qt.TextElideMode.ElideRight,
                                                     rect.width())
            painter.setFont(opt.font)
            painter.setPen(opt.palette.color(group, QPalette.ColorRole.HighlightedText
                                             if selected else QPalette.ColorRole.Text))
            drawn = painter.drawText(QRect(left, rect.top(), rect.width(), rect.height()),
                                     Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                     text)
            left = drawn.right() + 1 + QFontMetrics(opt.font).horizontalAdvance(GAP)
        room = rect.right() + 1 - left
        font = suggestion_font(opt.font)
        if room > QFontMetrics(font).horizontalAdvance("x…"):
            text = QFontMetrics(font).elidedText(suggested, Qt.TextElideMode.ElideRight, room)
            color = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected
                                      else QPalette.ColorRole.PlaceholderText)
            if selected:
                color.setAlphaF(0.75)
            painter.setFont(font)
            painter.setPen(color)
            painter.drawText(QRect(left, rect.top(), room, rect.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
