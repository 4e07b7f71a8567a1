"""The table's title column: a search hit's matched words painted in bold."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from paperdesk.gui.models.paper_table import TITLE_HTML_ROLE

Index = QModelIndex | QPersistentModelIndex


class MarkedTitleDelegate(QStyledItemDelegate):
    """Paints :data:`TITLE_HTML_ROLE` (one line, ending in "…" when cut) when a row has
    it; plain rows are painted as usual."""

    #: laid-out titles kept (by HTML and font): a search repaints the same rows often
    DOCUMENTS_KEPT = 512

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._docs: dict[tuple[str, str], QTextDocument] = {}

    def _document(self, html: str, opt: QStyleOptionViewItem) -> QTextDocument:
        docs = self._docs
        key = (html, opt.font.key())
        doc = docs.get(key)
        if doc is None:
            if len(docs) >= self.DOCUMENTS_KEPT:
                docs.clear()
            doc = docs[key] = QTextDocument()
            doc.setDefaultFont(opt.font)
            doc.setDocumentMargin(0)
            doc.setHtml(f"<span style='white-space:pre'>{html}</span>")
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        html = index.data(TITLE_HTML_ROLE)
        if not html:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._document(html, opt)
        rect = opt.rect.adjusted(4, 0, -2, 0)
        cut = ellipsis_at(doc.idealWidth(), rect.width(), QFontMetrics(opt.font))
        shown = rect.width() if cut is None else cut
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        color = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                  else QPalette.ColorRole.Text)
        painter.save()
        painter.setClipRect(QRectF(rect.left(), rect.top(), shown, rect.height()))
        painter.translate(rect.left(), rect.top() + (rect.height() - doc.size().height()) / 2)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, color)
        context.clip = QRectF(0, 0, shown, rect.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        if cut is not None:  # a title too long for the column ends in "…", as plain ones do
            painter.save()
            painter.setFont(opt.font)
            painter.setPen(color)
            painter.drawText(QRectF(rect.left() + cut, rect.top(), rect.width() - cut,
                                    rect.height()),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             ELLIPSIS)
            painter.restore()


ELLIPSIS = "…"


def ellipsis_at(needed: float, width: float, metrics: QFontMetrics) -> float | None:
    """Where a line ``needed`` pixels wide is cut to end in "…" within ``width`` pixels
    (None: it fits)."""
    if needed <= width:
        return None
    return max(0.0, width - metrics.horizontalAdvance(ELLIPSIS))
