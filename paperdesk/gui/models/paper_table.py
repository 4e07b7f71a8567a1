"""The paper table model: a list of ids, rows fetched lazily from SQLite in pages.

Only the rows a view asks for are read (:data:`PAGE` at a time) and cached, so a table
of 100,000 papers opens at once. A :class:`~paperdesk.library.Change` refreshes only the
rows it names: the window re-reads those on screen off the GUI thread
(:meth:`PaperTableModel.mark_stale`, :meth:`PaperTableModel.replace_rows`) and forgets the
rest (read again when shown; :meth:`PaperTableModel.refresh_ids` does that for all).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from paperdesk.gui.models.rows import Row, TableFill, sorted_ids, table_rows
from paperdesk.venues import short_venue

if TYPE_CHECKING:
    from paperdesk.library.library import Library

PAGE = 200
IDS_MIME = "application/x-paperdesk-ids"
#: (key, header) of each column, in order
COLUMNS = [("title", "Title"), ("authors", "Authors"), ("year", "Year"), ("venue", "Venue"),
           ("stars", "Stars"), ("tags", "Tags"), ("added", "Added"), ("key", "Citation key"),
           ("doi", "DOI"), ("pages", "Pages"), ("read", "Read"), ("rating", "Rating"),
           ("pdf", "PDF"), ("modified", "Modified")]
COLUMN_KEYS = [c for c, _ in COLUMNS]
#: columns shown until the user picks others (header context menu)
DEFAULT_COLUMNS = ("title", "authors", "year", "venue", "stars", "tags", "added")
ID_ROLE = Qt.ItemDataRole.UserRole
#: a search hit's title as HTML with the matched words in <b> (None: not a hit)
TITLE_HTML_ROLE = Qt.ItemDataRole.UserRole + 7
#: the Tags column's automatic suggestions (its text holds the user's own tags only)
SUGGESTED_ROLE = Qt.ItemDataRole.UserRole + 8
Index = QModelIndex | QPersistentModelIndex


def stars_text(n: int) -> str:
    """Stars as text: "★★★☆☆" (empty for 0, so unrated rows stay quiet)."""
    return "★" * n + "☆" * (5 - n) if n else ""


#: the roles :meth:`PaperTableModel.data` answers (built once: PySide's enum lookups are
#: slow, and the view asks for every role of every cell it paints)
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.AccessibleTextRole,
                    TITLE_HTML_ROLE, SUGGESTED_ROLE})
_CELL_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
               | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemNeverHasChildren)


class PaperTableModel(QAbstractTableModel):
    """Rows of papers by id; ``ID_ROLE`` gives a row's paper id.

    Signals: the standard model signals only (``modelReset`` when the id list changes,
    ``dataChanged`` when rows are refreshed).
    """

    def __init__(self, lib: Library, parent: Any = None) -> None:
        super().__init__(parent)
        self.lib = lib
        self._ids: list[int] = []
        self._rows: dict[int, Row] = {}
        self._positions: dict[int, int] | None = None
        self._snippets: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        self._stale: dict[int, int] = {}  # paper id -> ticket of the read under way
        self._ticket = 0
        #: bumped whenever cached rows are dropped or replaced (rows read before are stale)
        self.row_version = 0
        #: (column key, descending) the ids are in: a new id list comes newest first
        self.order: tuple[str, bool] = ("added", True)

    # ------------------------------------------------------------------ content
    @property
    def ids(self) -> list[int]:
        """The paper ids, in display order."""
        return self._ids

    def set_ids(self, ids: Sequence[int], snippets: dict[int, str] | None = None) -> None:
        """Show these papers (snippets: paper id -> HTML with matched words in ``<b>``)."""
        self.fill(TableFill(list(ids), snippets or {}, {}, {}))

    def fill(self, fill: TableFill) -> None:
        """Show what :func:`~paperdesk.gui.models.rows.table_fill` prepared."""
        self.beginResetModel()
        self._ids = fill.ids
        self.order = ("added", True)
        self._positions = fill.positions or None
        self._snippets = fill.snippets
        self._titles = fill.titles
        if fill.since == self.row_version:  # else rows changed since they were read
            self._rows.update(fill.rows)
        self.endResetModel()

    def extend_ids(self, more: Sequence[int]) -> None:
        """Add papers after the last row (the rest of a search's results)."""
        if not more:
            return
        start = len(self._ids)
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._ids.extend(more)
        if self._positions is not None:
            self._positions.update((pid, start + i) for i, pid in enumerate(more))
        self.endInsertRows()

    def set_marks(self, snippets: dict[int, str], titles: dict[int, str]) -> None:
        """Add search snippets and marked titles (HTML) to the rows shown; repaint them."""
        self._snippets = snippets
        self._titles = titles
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def set_library(self, lib: Library) -> None:
        """Switch to another library (empties the table; reads under way are void)."""
        self.lib = lib
        self._rows.clear()
        self._stale.clear()
        self.row_version += 1
        self.set_ids([])

    def row_of(self, paper_id: int) -> int | None:
        """The row showing ``paper_id``, or None."""
        if self._positions is None:
            self._positions = {pid: i for i, pid in enumerate(self._ids)}
        return self._positions.get(paper_id)

    def paper_id(self, row: int) -> int:
        """The paper id of ``row``."""
        return self._ids[row]

    def snippet(self, paper_id: int) -> str:
        """The search snippet (HTML) of a paper, or ""."""
        return self._snippets.get(paper_id, "")

    def refresh_ids(self, ids: Sequence[int] | frozenset[int]) -> None:
        """Forget cached rows of ``ids`` and repaint those shown (read again when painted)."""
        for pid in ids:
            self._rows.pop(pid, None)
        self.row_version += 1
        self._changed([self.row_of(pid) for pid in ids])

    def forget_rows(self, ids: Sequence[int] | frozenset[int]) -> None:
        """Drop cached rows (rows not on screen: read again when scrolled to)."""
        for pid in ids:
            self._rows.pop(pid, None)
        self.row_version += 1

    def forget_all_rows(self) -> None:
        """Drop every cached row (the library changed in ways not known here)."""
        self._rows.clear()
        self.row_version += 1

    def mark_stale(self, ids: Sequence[int]) -> int:
        """Note that rows of ``ids`` are being read again; returns the ticket for
        :meth:`replace_rows` (a later ticket wins over an earlier one still on its way)."""
        self._ticket += 1
        self.row_version += 1
        for pid in ids:
            self._stale[pid] = self._ticket
        return self._ticket

    def replace_rows(self, ticket: int, ids: Sequence[int] | dict[int, int],
                     rows: dict[int, Row]) -> None:
        """Rows of ``ids`` read again off the GUI thread; repaint them. An id missing from
        ``rows`` was deleted. ``ids`` may map each id to the row it was on (checked)."""
        hints = ids if isinstance(ids, dict) else {}
        mine = [pid for pid in ids if self._stale.get(pid) == ticket]
        for pid in mine:
            del self._stale[pid]
            if pid in rows:
                self._rows[pid] = rows[pid]
            else:
                self._rows.pop(pid, None)
        self._changed([self._row_hinted(pid, hints.get(pid)) for pid in mine])

    def _row_hinted(self, pid: int, hint: int | None) -> int | None:
        if hint is not None and hint < len(self._ids) and self._ids[hint] == pid:
            return hint  # no need to build the position of every id
        return self.row_of(pid)

    def _changed(self, rows: list[int | None]) -> None:
        shown = [r for r in rows if r is not None]
        if shown:  # one signal: the view repaints what of the span is on screen
            self.dataChanged.emit(self.index(min(shown), 0),
                                  self.index(max(shown), len(COLUMNS) - 1))

    def remove_ids(self, ids: Sequence[int] | frozenset[int]) -> None:
        """Take papers out of the table (e.g. moved to the trash), keeping the rest."""
        rows = sorted((r for r in (self.row_of(pid) for pid in ids) if r is not None),
                      reverse=True)
        for row in rows:
            self.beginRemoveRows(QModelIndex(), row, row)
            pid = self._ids.pop(row)
            self._rows.pop(pid, None)
            self._positions = None
            self.endRemoveRows()

    def _row(self, row: int) -> Row | None:
        pid = self._ids[row]
        found = self._rows.get(pid)
        if found is None:
            start = row - row % PAGE
            page = [i for i in self._ids[start : start + PAGE] if i not in self._rows]
            self._rows.update(table_rows(self.lib, page))
            found = self._rows.get(pid)
        return found

    # ------------------------------------------------------------------ Qt model API
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in _ROLES:
            return None
        row = self._row(index.row())
        key = COLUMN_KEYS[index.column()]
        if role == TITLE_HTML_ROLE:
            marked = self._titles.get(row.id) if key == "title" and row else None
            if marked and _unmarked(marked) != row.title:
                return None  # the title was edited since the search: show it as it is
            return marked + ("&nbsp;&nbsp;[PDF]" if row.has_pdf else "") if marked else None
        if role == SUGGESTED_ROLE:
            return row.suggested if key == "tags" and row else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if key in ("year", "added", "modified", "pages", "rating"):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if row is None:
            return "(deleted)" if key == "title" else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "stars":
            return f"{row.stars} of 5 stars"
        if role == Qt.ItemDataRole.AccessibleTextRole and key == "tags" and row.suggested:
            return ", ".join(t for t in (row.tags, f"suggested: {row.suggested}") if t)
        return self._display(row, key)

    def _display(self, row: Row, key: str) -> str:
        if key == "year":
            return str(row.year) if row.year is not None else ""
        if key == "stars":
            return stars_text(row.stars)
        if key == "title":
            return row.title + ("  [PDF]" if row.has_pdf else "")
        if key == "venue":
            return short_venue(row.venue, row.year)
        if key == "rating":
            return str(row.stars) if row.stars else ""
        if key == "pdf":
            return "PDF" if row.has_pdf else ""
        if key == "read":
            return "" if row.read == "unread" else row.read.capitalize()
        return str(getattr(row, key))

    def _tooltip(self, row: Row, key: str) -> str | None:
        snippet = self._snippets.get(row.id)
        if key == "title":
            from html import escape

            tip = f"<b>{escape(row.title)}</b>"
            if snippet:
                tip += f"<br>{snippet}"
            return f"<qt>{tip}</qt>"
        if key == "venue":
            return row.venue or None
        if key == "tags" and row.suggested:
            from html import escape

            mine = f"{escape(row.tags)}<br>" if row.tags else ""
            return (f"<qt>{mine}<i>Suggested: {escape(row.suggested)}</i><br>(✓ accept or "
                    "✕ reject them in the side panel)</qt>")
        text = self._display(row, key)
        return text or None

    def flags(self, index: Index) -> Qt.ItemFlag:
        # (a constant: the view asks for every cell it paints, and OR-ing Python enums
        # each time cost ~40 µs a cell)
        return _CELL_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = list(dict.fromkeys(self._ids[i.row()] for i in indexes if i.isValid()))
        mime = QMimeData()
        mime.setData(IDS_MIME, json.dumps(ids).encode())
        titles = [self._row(i.row()) for i in indexes if i.isValid() and i.column() == 0]
        mime.setText("\n".join(r.title for r in titles if r))
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.LinkAction | Qt.DropAction.CopyAction

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS) or not self._ids:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (COLUMN_KEYS[column], descending) == self.order:
            return  # (e.g. the header's saved state restored at start: no 100k-id sort)
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [(self._ids[i.row()], i.column()) for i in old]
        self._ids = sorted_ids(self.lib, self._ids, COLUMN_KEYS[column], descending)
        self.order = (COLUMN_KEYS[column], descending)
        self._positions = None
        self.changePersistentIndexList(
            old, [self.index(self.row_of(pid) or 0, col) for pid, col in old_ids])
        self.layoutChanged.emit()


def ids_from_mime(mime: QMimeData) -> list[int]:
    """Paper ids dragged from the table (empty when the drag holds none)."""
    if not mime.hasFormat(IDS_MIME):
        return []
    try:
        return [int(i) for i in json.loads(bytes(mime.data(IDS_MIME).data()).decode())]
    except (ValueError, TypeError):
        return []


_TAG_RE = re.compile(r"<[^>]*>")


def _unmarked(marked: str) -> str:
    """The text of a search's marked title (HTML with matched words in ``<b>``)."""
    return html.unescape(_TAG_RE.sub("", marked))
