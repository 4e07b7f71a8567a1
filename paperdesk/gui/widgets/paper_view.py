"""The paper table's view: a column chooser in the header's context menu, a Title column
that takes the free width, columns that narrow together when the window is small (stars
and tags stay visible at 1024×700), and keys 0–5 that rate the selected papers."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from paperdesk.gui.models.paper_table import COLUMNS, DEFAULT_COLUMNS

#: (preferred, smallest) width of each column but Title, in pixels
WIDTHS: dict[str, tuple[int, int]] = {
    "authors": (140, 64), "year": (44, 38), "venue": (96, 72), "stars": (70, 64),
    "tags": (130, 64), "added": (84, 80), "key": (130, 70), "doi": (150, 70),
    "pages": (60, 44), "read": (64, 50), "rating": (50, 44), "pdf": (40, 36),
    "modified": (84, 80),
}
TITLE_MIN = 180
#: Title keeps at least this share of the table's width while other columns can narrow
TITLE_SHARE = 0.4
KEYS = [k for k, _ in COLUMNS]


class PaperView(QTableView):
    """A table of papers (model: :class:`~paperdesk.gui.models.paper_table.PaperTableModel`).

    Signals:
        starsKeyPressed(int): a key 0–5 was pressed (rate the selection).
        columnsChanged(): the user showed, hid or resized a column.
    """

    starsKeyPressed = Signal(int)  # noqa: N815
    columnsChanged = Signal()  # noqa: N815

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.preferred = {k: w for k, (w, _m) in WIDTHS.items()}
        self._fitting = False
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table (to the reader)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        hh = self.horizontalHeader()
        hh.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        hh.customContextMenuRequested.connect(self._header_menu)
        hh.sectionResized.connect(self._section_resized)
        hh.setStretchLastSection(False)
        hh.setSectionsMovable(True)
        hh.setToolTip("Right-click to choose columns")

    def setup_columns(self) -> None:
        """Default widths and visible columns; Title stretches (call after setModel)."""
        hh = self.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(KEYS.index("title"), QHeaderView.ResizeMode.Stretch)
        for i, key in enumerate(KEYS):
            self.setColumnHidden(i, key not in DEFAULT_COLUMNS)
        self.fit_columns()

    # ------------------------------------------------------------------ columns
    def shown_columns(self) -> list[str]:
        """Keys of the visible columns, in model order."""
        return [k for i, k in enumerate(KEYS) if not self.isColumnHidden(i)]

    def set_column_shown(self, key: str, shown: bool) -> None:
        """Show or hide a column (Title always stays)."""
        if key == "title":
            return
        self.setColumnHidden(KEYS.index(key), not shown)
        self.fit_columns()
        self.columnsChanged.emit()

    def column_menu(self) -> QMenu:
        """The column chooser: a checkable entry per column, and a reset."""
        menu = QMenu(self)
        menu.setTitle("Columns")
        for key, header in COLUMNS:
            action = menu.addAction(header)
            action.setCheckable(True)
            action.setChecked(not self.isColumnHidden(KEYS.index(key)))
            action.setEnabled(key != "title")
            action.toggled.connect(lambda on, k=key: self.set_column_shown(k, on))
        menu.addSeparator()
        menu.addAction("Reset columns", self.reset_columns)
        return menu

    def reset_columns(self) -> None:
        """Back to the default columns and widths."""
        self.preferred = {k: w for k, (w, _m) in WIDTHS.items()}
        hh = self.horizontalHeader()
        for visual in range(hh.count()):  # undo moves
            logical = hh.logicalIndex(visual)
            if logical != visual:
                hh.moveSection(hh.visualIndex(visual), visual)
        self.setup_columns()
        self.columnsChanged.emit()

    def _header_menu(self, pos: QPoint) -> None:
        menu = self.column_menu()
        self.last_menu = menu
        menu.popup(self.horizontalHeader().mapToGlobal(pos))

    def fit_columns(self) -> None:
        """Give every shown column its preferred width, narrowing them together (to their
        smallest) when the table is too narrow for Title to keep :data:`TITLE_MIN`."""
        shown = [k for k in self.shown_columns() if k != "title"]
        width = self.viewport().width()
        room = width - max(TITLE_MIN, int(width * TITLE_SHARE))
        want = sum(self.preferred[k] for k in shown)
        floor = sum(WIDTHS[k][1] for k in shown)
        if want <= room or want == floor:
            scale = 1.0
        else:
            scale = max(0.0, (room - floor) / (want - floor))
        # narrower still (a small window): Title keeps TITLE_MIN and the table scrolls
        # sideways, rather than Title shrinking to "…"
        tight = width - TITLE_MIN < floor
        title = KEYS.index("title")
        self._fitting = True
        try:
            for k in shown:
                low = WIDTHS[k][1]
                self.setColumnWidth(KEYS.index(k), int(low + (self.preferred[k] - low) * scale))
            hh = self.horizontalHeader()
            mode = QHeaderView.ResizeMode.Interactive if tight else QHeaderView.ResizeMode.Stretch
            if hh.sectionResizeMode(title) != mode:
                hh.setSectionResizeMode(title, mode)
            if tight:
                self.setColumnWidth(title, TITLE_MIN)
        finally:
            self._fitting = False

    def _section_resized(self, logical: int, _old: int, new: int) -> None:
        key = KEYS[logical]
        if self._fitting or key == "title" or self.isColumnHidden(logical) or new <= 0:
            return
        self.preferred[key] = max(new, WIDTHS[key][1])
        self.columnsChanged.emit()

    def save_columns(self) -> dict[str, object]:
        """The layout to remember: shown columns, preferred widths, header state."""
        return {"shown": self.shown_columns(), "widths": dict(self.preferred),
                "header": self.horizontalHeader().saveState()}

    def restore_columns(self, shown: object, widths: object, header: object) -> None:
        """Bring back a layout from :meth:`save_columns` (bad values are ignored)."""
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.horizontalHeader().restoreState(header)
            hh = self.horizontalHeader()
            hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            hh.setSectionResizeMode(KEYS.index("title"), QHeaderView.ResizeMode.Stretch)
        if isinstance(widths, dict):
            for k, w in widths.items():
                if k in self.preferred:
                    try:
                        self.preferred[k] = max(int(w), WIDTHS[k][1])
                    except (TypeError, ValueError):
                        pass
        if isinstance(shown, (list, tuple)) and shown:
            for i, key in enumerate(KEYS):
                self.setColumnHidden(i, key != "title" and key not in shown)
        self.fit_columns()

    # ------------------------------------------------------------------ events
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_5 and mods == Qt.KeyboardModifier.NoModifier:
            self.starsKeyPressed.emit(int(key - Qt.Key.Key_0))
            event.accept()
            return
        super().keyPressEvent(event)
