"""The main window: sidebar, paper table, reader pane and side panel.

Every change to the library goes through :attr:`MainWindow.ops` (off the GUI thread);
the :class:`~paperdesk.library.Change` it returns refreshes only what changed.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from paperdesk.config import Settings
from paperdesk.errors import QueryError
from paperdesk.gui import collections as collections_gui
from paperdesk.gui import tagging
from paperdesk.gui.errors import show_error
from paperdesk.gui.first_paint import AfterFirstPaint
from paperdesk.gui.library_state import LibraryState
from paperdesk.gui.models import rows
from paperdesk.gui.models.paper_table import COLUMN_KEYS, ID_ROLE, PAGE, PaperTableModel
from paperdesk.gui.models.rows import Row, TableFill
from paperdesk.gui.models.sidebar import (
    FIXED,
    KIND_ROLE,
    VALUE_ROLE,
    SidebarData,
    SidebarModel,
)
from paperdesk.gui.ops import Ops
from paperdesk.gui.side_columns import DEFAULT_SIDES, SIDEBAR_MIN, SideColumns
from paperdesk.gui.widgets.counted import CountedDelegate
from paperdesk.gui.widgets.elided import ElidedLabel
from paperdesk.gui.widgets.marked_title import MarkedTitleDelegate
from paperdesk.gui.widgets.paper_view import PaperView
from paperdesk.gui.widgets.reader import ReaderPane
from paperdesk.gui.widgets.side_panel import SidePanel
from paperdesk.gui.widgets.tags_column import TagsColumnDelegate
from paperdesk.gui.window_parts import JobsMixin, LayoutMixin, OutsideMixin, SelectionMixin
from paperdesk.library.changes import SIDEBAR_PARTS, Change
from paperdesk.library.library import Library
from paperdesk.library.searching import kept_order

log = logging.getLogger("paperdesk.gui")
SEARCH_DELAY_MS = 150
SEARCH_HINT = "Search (Ctrl+F): words, \"phrase\", author:, tag:, year:2020..2024, stars:>=4 …"
#: search results that get a snippet and a marked title (the first screenfuls)
SNIPPETS = 80
#: the snippets wait this long after the results are shown (typing on makes them void)
MARKS_DELAY_MS = 120
#: the full ranking (every match, after the first page) waits this long for typing to
#: pause: a keystroke's first page never waits behind the last keystroke's full ranking
REST_DELAY_MS = 250
#: Best match's query model (not loaded when papers first got vectors in this session)
#: loads once typing has paused this long: loading it holds Python's lock ~0.5 s
MODEL_PAUSE_MS = 1500
#: while bulk work runs, how often the window looks for index commits of the worker
#: (and opens the new searcher then, not on the next keystroke)
INDEX_WATCH_MS = 400
#: how long closing the window (or switching library) waits for background work to stop
#: (cancelled work stops at its next check; the worker processes are then ended)
CLOSE_WAIT_MS = 250
#: then each worker process gets this long to end before it is terminated (quit ≤ 1 s)
STOP_WAIT_S = 0.15
#: changes of a paper's rating or read state: its row and the panel's stars change only
ROW_KINDS = {"stars", "read"}
#: widest the status bar's job label gets (a longer one loses its end)
JOB_LABEL_PX = 280


#: seconds the window's edits wait for the library while the worker process writes
EDIT_WAIT_S = 300


def _query_fault(exc: BaseException) -> bool:
    """True for a query the index cannot run (bad syntax, or the index not built yet)."""
    if isinstance(exc, QueryError):
        return True
    from paperdesk.search import IndexNotReady  # (Whoosh: not imported before the index)

    return isinstance(exc, IndexNotReady)


def _first_search_reads(lib: Library) -> None:
    """Read what the first search in a newly opened searcher reads (the paper id of each
    document, each segment's field lengths), off the GUI thread."""
    lib.ranked_ids("paper", mode="keyword", limit=1)


def gentle_writes(lib: Library) -> None:
    """Write as the window should: index in small sort buffers (a large one is sorted in one
    call that holds Python's lock), leave papers queued for indexing rather than wait while
    the worker process holds the index, and let edits wait out the worker's transactions."""
    lib.limit_index_memory(1)
    lib.index_own_edits_only()  # bulk index work is the worker's
    lib.wait_for_others(index_s=1.0, database_s=EDIT_WAIT_S)
    lib.index_later = True  # an edit shows at once; the index follows (see index_soon)


class MainWindow(SelectionMixin, OutsideMixin, JobsMixin, LayoutMixin, QMainWindow):
    """PaperDesk's window over one open library.

    Signals:
        searchShown(str): a search's results are in the table (the query text).
        searchFinished(str): … and their snippets and marked titles too.
        paperShown(int): the reader and side panel show this paper id (-1: none).
        similarShown(int): similar papers of this paper id are listed.
        libraryChanged(str): another library was opened (its folder).
        tableFilled(): the table shows a new id list.
        startFinished(): the work deferred past the first paint (``lazy_start``) has begun.
        importFinished(object): an import ended (its ImportReport).
        exportFinished(str): an export was written (the file path).
        citationCopied(str): citations were put on the clipboard (the plain text).
        selectionShown(int): the side panel shows this many selected papers.
        changeApplied(object): the window refreshed what a :class:`Change` names.
        sidebarRefreshing(object): these sidebar parts (a frozenset) are being re-read.
    """

    searchShown = Signal(str)  # noqa: N815
    searchFinished = Signal(str)  # noqa: N815
    paperShown = Signal(int)  # noqa: N815
    similarShown = Signal(int)  # noqa: N815
    libraryChanged = Signal(str)  # noqa: N815
    tableFilled = Signal()  # noqa: N815
    startFinished = Signal()  # noqa: N815
    importFinished = Signal(object)  # noqa: N815
    exportFinished = Signal(str)  # noqa: N815
    citationCopied = Signal(str)  # noqa: N815
    selectionShown = Signal(int)  # noqa: N815
    changeApplied = Signal(object)  # noqa: N815 - a Change, once the window acted on it
    sidebarRefreshing = Signal(object)  # noqa: N815 - the frozenset of parts re-read

    def __init__(self, lib: Library, settings: Settings | None = None,
                 state: QSettings | None = None, settings_path: Path | None = None,
                 lazy_start: bool = False) -> None:
        """``lazy_start``: paint the first page of papers before anything else (sidebar
        counts, the search index, the first paper's details) starts; see
        :meth:`after_first_paint`."""
        super().__init__()
        self.lib = lib
        gentle_writes(lib)
        self.settings = settings or Settings.load(settings_path)
        self.settings_path = settings_path
        self.state = state or QSettings()
        self.ops = Ops(self)
        self.ops.set_library(lib)
        self.ops.row_reader = self._read_rows
        self.filter: tuple[str, str] = ("all", "")
        self._refilling: list[int] | None = None  # ids to select once a refill is in
        self.query = ""
        self._search_gen = 0
        #: the last search's time by part (ms): queued, search (the core's ranked ids),
        #: rows (its first page read), handover (to the GUI thread), model (table filled)
        self.search_split: dict[str, float] = {}
        self.search_mode = ""
        #: background processes writing the index's postings sidecars (see _warm_search)
        self.sidecar_writers: list[subprocess.Popen] = []
        self._sidebar_reading = False  # sidebar counts being read (refresh_sidebar)
        self._sidebar_again: frozenset[str] = frozenset()  # … and asked again meanwhile
        self._detail_gen = 0
        self.current_id: int | None = None
        self.last_report_dialog: QWidget | None = None
        self.export_dialog: QWidget | None = None
        self.paper_dialog: QWidget | None = None
        self.settings_dialog: QWidget | None = None
        self.setWindowTitle(self._title())
        self.setAcceptDrops(True)
        self.resize(1360, 860)
        self._build()
        from paperdesk.gui.actions import build_actions

        self.actions_ = build_actions(self)
        self._connect()
        self.first_paint = AfterFirstPaint(self.table.viewport(), self)
        #: the table lists only the first page of its view (until :meth:`refilter`)
        self.first_page_only = False
        self.show_filter("all", limit=PAGE if lazy_start else None)
        self._restore_state()
        self._check_empty()
        if lazy_start:
            self.after_first_paint(self._start_rest)
        else:
            self._start_rest()

    def after_first_paint(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` once the paper table has been painted for the first time."""
        self.first_paint.call(fn)

    def _start_rest(self) -> None:
        """What the window needs besides its first page of rows: sidebar counts, the
        search index (opened off the GUI thread when the library opened without it)."""
        if self.first_page_only:
            self.refilter()  # the whole list (off the GUI thread)
        self.refresh_sidebar()
        self.rebuild_index(only_if_needed=True)
        self.watch_outside()
        self.startFinished.emit()

    def _save_note(self, pid: int, text: str) -> None:
        """Store a note typed in the side panel; the panel says whether it was stored."""
        def failed(exc: BaseException) -> None:
            self.panel.note.saved(pid, text, ok=False)
            self.ops.failed.emit(exc)  # (the usual message)

        self.ops.write(lambda: self.lib.notes.set(pid, text),
                       lambda _: self.panel.note.saved(pid, text, ok=True), failed)

    # ================================================================== layout
    def _build(self) -> None:
        self.sidebar_model = SidebarModel(self)
        self.sidebar = QTreeView()
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setAccessibleName("Library sidebar")
        self.sidebar.setMinimumWidth(SIDEBAR_MIN)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sidebar.setUniformRowHeights(True)
        # a long tag name loses its end, never its paper count (full name in the tooltip)
        self.sidebar.setItemDelegate(CountedDelegate(self.sidebar))

        self.model = PaperTableModel(self.lib, self)
        self.table = PaperView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Papers")
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.setSortIndicator(COLUMN_KEYS.index("added"), Qt.SortOrder.DescendingOrder)
        hh.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        self.table.setup_columns()
        self.table.setItemDelegateForColumn(COLUMN_KEYS.index("title"),
                                            MarkedTitleDelegate(self.table))
        # the machine's suggestions after the user's tags, muted and in italics
        self.table.setItemDelegateForColumn(COLUMN_KEYS.index("tags"),
                                            TagsColumnDelegate(self.table))

        self.search = QLineEdit()
        self.search.setPlaceholderText(SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.widen_action = self.search.addAction(
            self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogToParent),
            QLineEdit.ActionPosition.TrailingPosition)
        self.widen_action.setText("Search all papers")
        self.widen_action.setToolTip("Search the whole library, not just this view")
        self.widen_action.setVisible(False)
        self.search.setAccessibleName("Search")
        self.search.setToolTip("Filters as you type (Esc clears). See the README for the "
                               "query syntax.")
        self.search.installEventFilter(self)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.model_timer = QTimer(self)  # Best match's model, once typing pauses
        self.model_timer.setSingleShot(True)
        self.model_timer.setInterval(MODEL_PAUSE_MS)
        self.model_timer.timeout.connect(self._load_search_model)
        self.index_watch = QTimer(self)  # the worker's index commits, during bulk work
        self.index_watch.setInterval(INDEX_WATCH_MS)
        self.index_watch.timeout.connect(self._catch_up_index)
        self.selection_timer = QTimer(self)  # one summary per burst of selection changes
        self.selection_timer.setSingleShot(True)
        self.selection_timer.setInterval(0)
        self._summary_gen = 0
        self._index_running = False
        self._index_first: float | None = None
        self._after_index: list[Callable[[], None]] = []
        self._index_timer = QTimer(self)
        self._index_timer.setSingleShot(True)
        self._index_timer.timeout.connect(self._index_now)

        self.banner = QWidget()
        banner = QVBoxLayout(self.banner)
        self.banner_label = QLabel("Your library is empty. Import your references (BibTeX, "
                                   "RIS, CSL-JSON, PDFs) — or start with the sample library "
                                   "of 98 papers.")
        self.banner_label.setWordWrap(True)
        banner.addWidget(self.banner_label)
        self.sample_button = QPushButton("Import the sample library")
        self.sample_button.setAccessibleName("Import the sample library")
        banner.addWidget(self.sample_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.banner.setVisible(False)

        center = QWidget()
        center_box = QVBoxLayout(center)
        center_box.setContentsMargins(0, 0, 0, 0)
        center_box.addWidget(self.search)
        center_box.addWidget(self.banner)
        self.reader = ReaderPane()
        self.center_split = QSplitter(Qt.Orientation.Vertical)
        self.center_split.addWidget(self.table)
        self.center_split.addWidget(self.reader)
        self.center_split.setStretchFactor(0, 3)
        self.center_split.setStretchFactor(1, 2)
        center_box.addWidget(self.center_split, 1)

        self.panel = SidePanel()
        self.split = QSplitter(Qt.Orientation.Horizontal)
        from paperdesk.gui.collections import install as install_collections

        self.split.addWidget(install_collections(self, self.sidebar))
        self.split.addWidget(center)
        self.split.addWidget(self.panel)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setStretchFactor(2, 0)
        self.split.setSizes([DEFAULT_SIDES[0], 870, DEFAULT_SIDES[1]])
        self.split.setChildrenCollapsible(False)
        self.columns = SideColumns(self.split)  # the side columns' widths come back
        self.setCentralWidget(self.split)
        # Tab: search → table → reader → side panel (stars, read, tags, note, related)
        QWidget.setTabOrder(self.search, self.table)
        QWidget.setTabOrder(self.table, self.reader)
        QWidget.setTabOrder(self.reader, self.panel.stars)

        status = self.statusBar()
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Paper count")
        status.addWidget(self.count_label)
        # the job's label, also while its progress is unknown (a long one loses its end:
        # it does not hold the window wide)
        self.job_label = ElidedLabel(mode=Qt.TextElideMode.ElideRight, widest=JOB_LABEL_PX)
        self.job_label.setAccessibleName("Job")
        status.addPermanentWidget(self.job_label)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName("Progress")
        # the count in one colour, over the filled part too (it was "20" white, "8/454" black)
        palette = self.progress.palette()
        palette.setColor(QPalette.ColorRole.HighlightedText,
                         palette.color(QPalette.ColorRole.Text))
        self.progress.setPalette(palette)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop this job (other jobs go on)")
        self.jobs_button = QToolButton()
        self.jobs_button.setToolTip("Show every running and queued job (View › Jobs)")
        self.jobs_button.setAccessibleName("Jobs")
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)
        status.addPermanentWidget(self.jobs_button)
        self.progress.hide()
        self.job_label.hide()
        self.cancel_button.hide()
        self.jobs_button.hide()
        self.library_state = LibraryState(self)

    def _connect(self) -> None:
        self.search.textEdited.connect(lambda _t: self.search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        self.widen_action.triggered.connect(self.widen_search)
        self.search_timer.timeout.connect(self._search_now)
        self.sidebar.selectionModel().currentChanged.connect(self._sidebar_clicked)
        self.sidebar.clicked.connect(self._sidebar_clicked)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.sidebar.viewport().installEventFilter(self)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_status)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.selection_timer.start())
        self.selection_timer.timeout.connect(self._selection_changed)
        self.table.customContextMenuRequested.connect(self._table_menu)
        self.table.doubleClicked.connect(lambda _i: self.edit_paper())
        self.table.starsKeyPressed.connect(self.set_stars)
        self.model.modelReset.connect(self._update_status)
        self.model.rowsRemoved.connect(self._update_status)
        self.model.rowsInserted.connect(self._update_status)
        self.sample_button.clicked.connect(self.import_sample)
        self.ops.changed.connect(self.apply_change)
        self.ops.failed.connect(self.library_state.failed)
        self.ops.progress.connect(self._progress)
        self.ops.busy.connect(self._busy)
        self.cancel_button.clicked.connect(self.cancel_current_job)
        self.jobs_button.clicked.connect(self.show_jobs)
        self.ops.jobsChanged.connect(self._jobs_changed)
        panel = self.panel
        panel.stars.starsChanged.connect(self.set_stars)
        panel.readChanged.connect(self.set_read)
        panel.tags.tagAdded.connect(lambda n: self._on_selection(
            lambda ids: self.lib.tags.add(ids, [n])))
        panel.tags.tagRemoved.connect(lambda n: self._on_selection(
            lambda ids: self.lib.tags.remove(ids if len(ids) > 1 else ids[0], [n])))
        from paperdesk.gui import library_actions as la

        panel.trashRequested.connect(lambda: la.trash(self))
        panel.exportRequested.connect(lambda: la.ask_export(self))
        panel.tagRequested.connect(lambda: la.auto_tag(self, again=True))
        panel.tags.suggestionAccepted.connect(lambda n: self._on_selection(
            lambda ids: self.lib.tags.accept(ids, n)))
        panel.tags.suggestionRejected.connect(lambda n: self._on_selection(
            lambda ids: self.lib.tags.reject(ids, n)))
        panel.note.saveRequested.connect(self._save_note)
        panel.related.linkRequested.connect(self.link_to)
        panel.related.unlinkRequested.connect(lambda other: self._on_current(
            lambda pid: self.lib.links.remove(pid, other)))
        panel.related.jumpRequested.connect(self.jump_to)
        panel.related.searchRequested.connect(self._find_link_candidates)
        self.reader.highlightRequested.connect(
            lambda pid, s, e, color, comment: self.ops.write(
                lambda: self.lib.highlights.add(pid, s, e, comment, color)))
        self.reader.pdfHighlightRequested.connect(
            lambda pid, page, quads, text, color, comment: self.ops.write(
                lambda: self.lib.highlights.add_pdf(pid, page, quads, text, comment, color)))
        self.reader.highlightRemoveRequested.connect(
            lambda hid: self.ops.write(lambda: self.lib.highlights.remove(hid)))
        self.reader.highlightEditRequested.connect(
            lambda hid, text: self.ops.write(lambda: self.lib.highlights.update(hid, text)))

    def _title(self) -> str:
        # (ending in the application's name: Qt adds it to a title that does not end so,
        # and "PaperDesk — lib" read "PaperDesk — lib — PaperDesk")
        state = " (read-only)" if self.lib.read_only else ""
        return f"{self.lib.folder.name}{state} — PaperDesk"

    # ================================================================== filtering
    def show_filter(self, kind: str, value: str = "", limit: int | None = None) -> None:
        """Show a sidebar view ("all", "starred", …, "tag" with a name, "saved" with a query);
        the search box then searches within it. ``limit``: list its first papers only."""
        self.filter = (kind, value)
        self.query = ""
        self._search_gen += 1  # a refill or search still under way is void now
        if self.search.text():
            self.search.clear()
        self._update_scope()
        try:
            self._set_ids(rows.filter_ids(self.lib, kind, value, limit))
            self.first_page_only = limit is not None and self.model.rowCount() >= limit
            if self.first_page_only:
                self._update_status()  # (no count until the whole list is in)
        except Exception as exc:  # a saved search the index cannot run
            if not _query_fault(exc):
                raise
            self.statusBar().showMessage(f"Query: {exc}", 8000)
            self._set_ids([])

    def scope_label(self) -> str:
        """The sidebar view search is limited to, in words ("" for All papers)."""
        kind, value = self.filter
        if kind == "all":
            return ""
        if kind == "tag":
            return f"tag “{value}”"
        if kind == "saved":
            names = [n for n, q in self.lib.saved.list() if q == value]
            return f"saved search “{names[0] if names else value}”"
        if kind == "collection":  # (a deleted one has no path)
            path = self.lib.collections.path(int(value))
            return f"collection “{path}”" if path else "collection"
        return dict(FIXED).get(kind, kind)

    def _update_scope(self) -> None:
        label = self.scope_label()
        self.widen_action.setVisible(bool(label))
        if self.lib.index_opened and self.lib.index.ready:
            self.search.setPlaceholderText(f"Search in: {label}" if label else SEARCH_HINT)

    def widen_search(self) -> None:
        """Search the whole library (All papers) with the query typed so far."""
        self.filter = ("all", "")
        item = self.sidebar_model.find("all")
        if item is not None:
            sm = self.sidebar.selectionModel()
            sm.blockSignals(True)
            self.sidebar.setCurrentIndex(item.index())
            sm.blockSignals(False)
        self._update_scope()
        self.query = ""
        self._search_now()

    def _set_ids(self, ids: Sequence[int] | TableFill, top: bool = False) -> None:
        """Show these papers, keeping the selection; ``top``: show the first rows (a new
        search's best matches), not the selected paper's (a refill after an edit)."""
        self._refilling = None  # whatever filled the table last wins
        self.first_page_only = False
        keep = self.selected_ids()
        if isinstance(ids, TableFill):
            self.model.fill(ids)
        else:
            self.model.set_ids(ids)
        hh = self.table.horizontalHeader()
        if not (hh.sortIndicatorSection() == COLUMN_KEYS.index("added")
                and hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder):
            self.model.sort(hh.sortIndicatorSection(), hh.sortIndicatorOrder())
        self.select_ids(keep, scroll=False)
        if top:
            self.table.scrollToTop()
            self._select_best_if_hidden()
        self.tableFilled.emit()

    def _select_best_if_hidden(self) -> None:
        """After a new search: a selection out of view (kept from before the search) gives
        way to the best match, so that what the reader shows and what the keys act on is
        on screen (a tester's Trash and stars went to papers scrolled out of sight)."""
        selected = self.selected_ids()
        if not selected or not self.model.rowCount():
            return
        shown = self.table.rowAt(max(0, self.table.viewport().height() - 1))
        last = self.model.rowCount() - 1 if shown < 0 else shown
        rows = {pid: row for row, pid in enumerate(self.model.ids[:last + 1])}
        if not all(pid in rows for pid in selected):
            self.select_ids([self.model.ids[0]], scroll=False)

    def refilter(self) -> None:
        """Show the current view again (after papers were added, trashed or restored)."""
        if self.query:
            self.run_search(self.query, keep_order=True)
            return
        # off the GUI thread: at 100,000 papers the id query alone takes tens of ms
        self._search_gen += 1
        gen, lib, flt = self._search_gen, self.lib, self.filter
        self._refilling = self._refilling or []

        def done(fill: TableFill) -> None:
            if gen != self._search_gen:
                return
            select, self._refilling = self._refilling, None
            if not self.query:
                self._set_ids(fill)
            if select:
                self.select_ids(select)

        since = self.model.row_version
        self.ops.read(lambda: rows.table_fill(lib, rows.filter_ids(lib, *flt), page=PAGE,
                                              since=since), done)

    def _rows_on_screen(self) -> int:
        """How many table rows a keystroke's results read before they are shown: those
        that fit the table now, and a few (the model reads the others when shown; at 100k
        papers during bulk work reading a whole page of rows was ~20 ms of a keystroke)."""
        height = max(1, self.table.verticalHeader().defaultSectionSize())
        return min(PAGE, self.table.viewport().height() // height + 10)

    def _search_now(self) -> None:
        self.search_timer.stop()
        text = self.search.text().strip()
        if not text:
            if self.query:  # the view's whole list again, read off the GUI thread (at
                self.query = ""  # 100k papers reading it here stalled Esc ~100 ms); the
                self.model.set_marks({}, {})  # search's bold words go at once
                self.refilter()
            return
        self.run_search(text)

    def run_search(self, text: str, keep_order: bool = False) -> None:
        """Search off the GUI thread; a newer search makes older results void.

        Two steps, so a keystroke's results are painted before the slow part: first the
        matching ids (from the index, no rows loaded) and the first page of rows
        (``searchShown``); then the snippets and marked titles of the first
        :data:`SNIPPETS` results (``searchFinished``). ``keep_order``: the same query
        again after an edit (a paper filed in a collection, an import): the papers shown
        keep their order (a filed paper moved from row 3 to row 6, its index entry
        changed) and new matches show where they rank (:func:`kept_order`)."""
        prev = list(self.model.ids) if keep_order and text == self.query else None
        self._search_gen += 1
        gen = self._search_gen
        lib = self.lib
        scope = self.filter
        trashed = scope[0] == "trash"
        label = self.scope_label()

        since = self.model.row_version
        shown = self._rows_on_screen()

        scoped = scope[0] not in ("all", "trash")

        asked = time.perf_counter()
        split: dict[str, float] = {}

        def work() -> tuple[TableFill, str] | None:
            if gen != self._search_gen:
                return None  # a newer search is queued: never make it wait for this one
            t0 = time.perf_counter()
            # the first page first (Keyword mode scores only those); the rest follows
            whole = scoped or prev is not None  # (all at once: no keystroke waits)
            ids, mode = lib.ranked_ids(text, trashed=trashed, limit=None if whole else PAGE,
                                       wait=False)  # (Best match's model: not on a keystroke)
            if scoped:
                inside = set(rows.filter_ids(lib, *scope))
                ids = [pid for pid in ids if pid in inside]
            if prev is not None:
                ids = kept_order(prev, ids)
            t1 = time.perf_counter()
            fill = rows.table_fill(lib, ids, page=shown, since=since)
            split.update(queued_ms=1000 * (t0 - asked), search_ms=1000 * (t1 - t0),
                         rows_ms=1000 * (time.perf_counter() - t1), answered=time.perf_counter())
            return fill, mode

        def done(got: tuple[TableFill, str] | None) -> None:
            if gen != self._search_gen or got is None:
                return
            fill, mode = got
            # a new query shows its best matches, though the paper selected before is
            # further down (it stays selected): a pasted title's paper was scrolled away
            new_text, self.query = text != self.query, text
            t0 = time.perf_counter()
            select, self._refilling = self._refilling, None
            self._set_ids(fill, top=new_text)
            if select:
                self.select_ids(select)
            split.update(handover_ms=1000 * (t0 - split.pop("answered", t0)),
                         model_ms=1000 * (time.perf_counter() - t0))
            self.search_split = split  # (for the benchmark: where a keystroke's time went)
            self.search_mode = mode  # (and the mode it searched in)
            self.searchShown.emit(text)
            if mode == "keyword" and lib.search_model_wanted():
                self.model_timer.start()  # (restarted by each keystroke's results)
            if len(fill.ids) >= PAGE and not scoped and prev is None:
                QTimer.singleShot(REST_DELAY_MS, self, lambda: gen == self._search_gen and
                                  self.ops.read(lambda: rest(fill.ids, mode),
                                                lambda ids: extended(ids, mode), failed))
            else:
                counted(len(fill.ids), mode)

        def rest(first: list[int], mode: str) -> list[int] | None:
            if gen != self._search_gen:
                return None
            ids, _mode = lib.ranked_ids(text, trashed=trashed, mode=mode)
            if mode == "best":  # (fused from its top candidates, the first page stays as
                shown = set(first)  # shown; the other matches follow it in rank order)
                return first + [pid for pid in ids if pid not in shown]
            return ids if ids[:len(first)] == first else None

        def extended(ids: list[int] | None, mode: str) -> None:
            if gen != self._search_gen:
                return
            hh = self.table.horizontalHeader()
            by_column = not (hh.sortIndicatorSection() == COLUMN_KEYS.index("added")
                             and hh.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
            if ids is None or by_column:  # (ties ranked another way, or the table is
                # sorted by a column: the whole list afresh)
                self.ops.read(lambda: rows.table_fill(
                    lib, lib.ranked_ids(text, trashed=trashed, mode=mode)[0],
                    page=PAGE, since=self.model.row_version), lambda f: (
                        gen == self._search_gen and (self._set_ids(f), counted(
                            len(f.ids), mode))), failed)
                return
            self.model.extend_ids(ids[self.model.rowCount():])
            counted(len(ids), mode)

        def counted(n: int, mode: str) -> None:
            if label:
                self.statusBar().showMessage(
                    f"{n:,} found in {label} (the arrow in the search box "
                    "searches all papers)", 8000)
            else:
                self.statusBar().clearMessage()
            QTimer.singleShot(MARKS_DELAY_MS, self, lambda: gen == self._search_gen and
                              self.ops.read(lambda: marks(mode), marked, failed))

        def marks(mode: str) -> tuple[dict[int, str], dict[int, str]] | None:
            if gen != self._search_gen:
                return None
            from paperdesk.search.snippets import as_html

            hits = lib.search(text, limit=SNIPPETS, trashed=trashed, mode=mode)
            return ({h.paper_id: as_html(h.raw_snippet) for h in hits},
                    {h.paper_id: as_html(h.raw_title) for h in hits if h.matched})

        def marked(got: tuple[dict[int, str], dict[int, str]] | None) -> None:
            if gen != self._search_gen or got is None:
                return
            self.model.set_marks(*got)
            if self.current_id is not None and self.current_id in got[0]:
                self.reader.show_snippet(got[0][self.current_id])
            self.searchFinished.emit(text)

        def failed(exc: BaseException) -> None:
            if gen != self._search_gen:
                return
            if _query_fault(exc):
                self.statusBar().showMessage(f"Query: {exc}", 8000)
                self.searchFinished.emit(text)
            else:
                show_error(self, exc)

        self.ops.search(work, done, failed)

    def _sidebar_clicked(self, index: QModelIndex, _prev: Any = None) -> None:
        kind = index.data(KIND_ROLE)
        value = index.data(VALUE_ROLE) or ""
        text = self.search.text().strip()
        if kind and text and (kind, value) != self.filter:
            self.collections_panel.clear_choice()
            self.filter = (kind, value)  # a typed query now searches in this view
            self._update_scope()
            self.run_search(text)
        elif kind and (kind, value) != self.filter or self.query:
            self.collections_panel.clear_choice()
            self.show_filter(kind, value)

    # ================================================================== selection
    def selected_ids(self) -> list[int]:
        """Ids of the selected papers, in table order."""
        rows_ = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.paper_id(r) for r in rows_ if r < self.model.rowCount()]

    def select_ids(self, ids: Sequence[int], scroll: bool = True) -> None:
        """Select these papers (those shown); the first becomes current.

        While the table is being refilled in the background, the papers are selected in
        the rows shown now (an edit that follows applies to them, not to the selection
        before) and again once the new rows are in.
        """
        refilling = self._refilling is not None
        if refilling:
            self._refilling = list(ids)
        found = [r for r in map(self.model.row_of, ids) if r is not None]
        if not found:
            if not refilling:
                self._show_paper(None)
            return
        sm = self.table.selectionModel()
        flag = QItemSelectionModel.SelectionFlag
        current = self.model.index(found[0], 0)
        sm.setCurrentIndex(current, flag.Rows | flag.ClearAndSelect)
        if scroll:
            self.table.scrollTo(current)
        if len(found) > 1:
            # the others in one selection of row ranges, one signal: selected a row at a
            # time, 3,000 papers kept the window busy for minutes (the side panel is
            # rebuilt on every selection change)
            ranges = QItemSelection()
            rows_ = sorted(set(found))
            start = prev = rows_[0]
            for row in [*rows_[1:], None]:
                if row is not None and row == prev + 1:
                    prev = row
                    continue
                ranges.select(self.model.index(start, 0), self.model.index(prev, 0))
                if row is not None:
                    start = prev = row
            sm.select(ranges, flag.Rows | flag.Select)

    def jump_to(self, paper_id: int) -> None:
        """Show ``paper_id``: select it, or open All papers first when it is not listed."""
        if self.model.row_of(paper_id) is None:
            self.show_filter("trash" if self._is_trashed(paper_id) else "all")
        self.select_ids([paper_id])

    def _is_trashed(self, pid: int) -> bool:
        return rows.is_trashed(self.lib, pid)

    def _current_row_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        self._show_paper(current.data(ID_ROLE) if current.isValid() else None)

    def _show_paper(self, pid: int | None, keep_related: bool = False) -> None:
        from paperdesk.errors import NotFoundError

        paper = None
        if pid is not None:
            try:
                paper = self.lib.get(pid)
            except NotFoundError:
                paper = None
        same = paper is not None and paper.id == self.current_id
        self.current_id = paper.id if paper else None
        links: list[tuple[int, str]] = []
        if paper is not None:
            titles = rows.titles(self.lib, paper.links)
            links = [(i, titles.get(i, "")) for i in paper.links]
        pdf = None
        if paper is not None and paper.has_pdf:
            pdf = next((str(self.lib.files_dir / a) for a in paper.attachments
                        if a.lower().endswith(".pdf")), None)
        snippet = self.model.snippet(paper.id) if paper and self.query else ""
        self.reader.set_paper(paper, snippet, pdf)
        self.reader.set_keyphrases(self.lib.vocabulary.keyphrases(paper.id) if paper else [])
        if self.selection_count() > 1:  # the panel shows the selection, not this paper
            self.selection_timer.start()
            self.paperShown.emit(paper.id if paper and paper.id is not None else -1)
            return
        self.panel.set_paper(paper, links, keep_related=keep_related and same)
        if paper is not None and not (keep_related and same):
            # (the tag names offered come with the sidebar's tags, read off the GUI thread:
            # at 100k papers reading them here took ~120 ms per paper shown)
            self._load_similar(paper.id)  # type: ignore[arg-type]
        self.paperShown.emit(paper.id if paper and paper.id is not None else -1)

    def _load_similar(self, pid: int) -> None:
        self._detail_gen += 1
        gen = self._detail_gen
        lib = self.lib

        def done(result: Any) -> None:
            if gen == self._detail_gen and self.current_id == pid:
                if isinstance(result, str):
                    self.panel.related.set_similar([], result)
                else:
                    self.panel.related.set_similar(result)
                self.similarShown.emit(pid)

        def failed(exc: BaseException) -> None:
            log.warning("similar papers: %s", exc)
            if gen == self._detail_gen:
                self.panel.related.set_similar([], f"Similar papers are not available ({exc})")
                self.similarShown.emit(pid)

        self.ops.read(lambda: tagging.similar_papers(lib, pid), done, failed)

    # ================================================================== changes
    def apply_change(self, change: Change) -> None:
        """Refresh what ``change`` names, and only that: its papers' rows (or the list,
        when the papers it shows may differ), the shown paper, the sidebar parts it
        names, the search index when it changed."""
        kind = change.kind
        ids = change.papers
        # an undone rating or note changes rows only: no list is read again
        rows_only = kind == "undo" and not change.membership
        if kind == "trash" and self.filter[0] != "trash" and not self.query:
            self.model.remove_ids(ids)
        elif kind == "restore" and self.filter[0] == "trash" and not self.query:
            self.model.remove_ids(ids)
        elif change.membership and self.query and change.index:
            # the search must see the change; papers selected meanwhile (an undo's, back
            # from the trash) are selected again once it is in
            self._refilling = self._refilling or []
            self.index_soon(self.refilter)
        elif change.membership:
            # its rows too: a refill reads only its first page, and rows kept from before
            # showed a renamed tag's old name in the Tags column
            self._reload_rows(ids)
            self.refilter()
        elif ids:
            self._reload_rows(ids)
        if change.sidebar:
            self.refresh_sidebar(change.sidebar)
        if self.panel.count > 1 and not change.membership and ids:
            self.refresh_selection()
        if self.current_id is not None and self.current_id in ids:
            fresh = (self.ops.fresh_rows or {}).get(self.current_id)
            if kind in ROW_KINDS and fresh is not None and self.panel.count == 1:
                self.panel.show_rating(fresh.stars, fresh.read)  # the rest is as it was
            elif rows_only:  # after the table has painted the undone row (a timer, not
                # a posted call: Qt posts the repaint at low priority, so a call posted now
                # would rebuild the side panel first)
                keep = not {"links", "tags"} & set(change.details.get("tables", ["links"]))
                QTimer.singleShot(1, self, lambda pid=self.current_id: (
                    self.current_id == pid and self._show_paper(pid, keep_related=keep)))
            else:
                self._show_paper(self.current_id,
                                 keep_related=kind not in ("links", "tags", "undo"))
        if kind == "links" and self.current_id is not None:
            self._show_paper(self.current_id)
        if change.description:
            self.statusBar().showMessage(change.description, 5000)
        self._check_empty()
        if change.index:
            self.index_soon()
        self.changeApplied.emit(change)

    def _read_rows(self, ids: frozenset[int]) -> dict[int, Row]:
        """Table rows of papers an edit changed (in the writer thread, right after it
        commits: see :attr:`Ops.row_reader`)."""
        return rows.table_rows(self.lib, sorted(ids))

    def _reload_rows(self, ids: frozenset[int]) -> None:
        """Show changed rows on screen again: at once when the edit's writer thread read
        them already (:attr:`Ops.fresh_rows`), else read off the GUI thread; rows not on
        screen are read when shown."""
        top = max(self.table.rowAt(0), 0)
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        bottom = self.model.rowCount() - 1 if bottom < 0 else bottom
        shown = {pid: top + i for i, pid in enumerate(self.model.ids[top:bottom + 1])}
        self.model.forget_rows(ids - shown.keys())
        wanted = {pid: row for pid, row in shown.items() if pid in ids}
        if wanted:
            lib, ticket = self.lib, self.model.mark_stale(wanted)
            fresh = self.ops.fresh_rows
            if fresh is not None and ids <= fresh.keys():
                self.model.replace_rows(ticket, wanted, fresh)
                return
            self.ops.read(lambda: rows.table_rows(lib, list(wanted)),
                          lambda found: self.model.replace_rows(ticket, wanted, found))

    def refresh_sidebar(self, parts: Iterable[str] = SIDEBAR_PARTS) -> None:
        """Recount the named parts of the sidebar (see :data:`SIDEBAR_PARTS`) off the GUI
        thread; the others keep what they show."""
        lib, parts = self.lib, frozenset(parts)
        self.sidebarRefreshing.emit(parts)
        counted = parts & {"counts", "saved", "tags"}
        if counted and self._sidebar_reading:
            # a burst of edits (at 100k papers each count scans the library): one more
            # read once the running one is in, for every part asked meanwhile
            self._sidebar_again |= counted
            counted = frozenset()

        def work() -> dict[str, Any]:
            found: dict[str, Any] = {}
            if "counts" in parts:
                found["counts"] = rows.sidebar_counts(lib)
            if "saved" in parts:
                found["saved"] = lib.saved.list()
            if "tags" in parts:
                found["tags"] = rows.tag_counts(lib)
                found["aliases"] = rows.tag_aliases(lib)
                found["names"] = rows.all_tag_names(lib)
            return found

        def merge(found: dict[str, Any]) -> None:  # into what is shown now (GUI thread)
            self._sidebar_reading = False
            if self._sidebar_again and lib is self.lib:
                again, self._sidebar_again = self._sidebar_again, frozenset()
                self.refresh_sidebar(again)
            if "names" in found:
                self.panel.tags.set_completions(found["names"])
            shown = self.sidebar_model.data_shown
            self._sidebar_loaded(SidebarData(found.get("counts", shown.counts),
                                             found.get("saved", shown.saved),
                                             found.get("tags", shown.tags),
                                             found.get("aliases", shown.aliases)))

        def failed(exc: BaseException) -> None:
            self._sidebar_reading, self._sidebar_again = False, frozenset()
            show_error(self, exc)

        if counted:
            self._sidebar_reading = True
            self.ops.read(work, merge, failed)
        if "collections" in parts:
            collections_gui.refresh(self)

    def _sidebar_loaded(self, data: SidebarData) -> None:
        kind, value = self.filter
        gone = self._tag_gone(data)
        if gone is not None:
            kind, value = gone
        self.sidebar.selectionModel().blockSignals(True)
        self.sidebar_model.rebuild(data)
        self.sidebar.expandAll()
        item = self.sidebar_model.find(kind, value)
        if item is not None and not self.query:
            self.sidebar.setCurrentIndex(item.index())
        self.sidebar.selectionModel().blockSignals(False)
        if gone is not None:
            self.show_filter(kind, value)
        self._update_status()

    def _tag_gone(self, data: SidebarData) -> tuple[str, str] | None:
        """The view to show when the tag the list shows is on no paper any more (renamed,
        deleted, or a rename undone): the tag that came instead (of those that came, the
        one on most of the papers listed: a redone rename brought others with it, and the
        list went to All papers), else All papers."""
        kind, value = self.filter
        before = {n for n, _c, _u in self.sidebar_model.data_shown.tags}
        now = {n for n, _c, _u in data.tags}
        if kind != "tag" or self.query or value in now or value not in before or (
                rows.filter_ids(self.lib, "tag", value)):
            return None
        came = sorted(now - before)
        if len(came) > 1:  # (a few tags: one indexed query each)
            listed = set(self.model.ids)
            shared = {t: len(listed.intersection(rows.filter_ids(self.lib, "tag", t)))
                      for t in came}
            came = [t for t in came if shared[t] == max(shared.values()) and shared[t]][:1]
        return ("tag", came[0]) if len(came) == 1 else ("all", "")

    def _update_status(self, *args: object) -> None:
        n = self.model.rowCount()
        sel = len(self.table.selectionModel().selectedRows())
        total = self.sidebar_model.data_shown.counts.get("all")
        text = f"{n:,} paper{'s' if n != 1 else ''}" if not self.first_page_only else ""
        if self.query:
            text += " found"
        if total is not None and (self.query or self.filter[0] != "all"):
            text += f" of {total:,}"
        if sel:
            text += f" · {sel:,} selected"
        self.count_label.setText(text)

    def _warm_search(self) -> None:
        """Read what every search needs (the index's paper id of each document) off the
        GUI thread once the index is open: at 100k papers the first keystroke took ~1 s."""
        lib = self.lib

        def warm() -> object:
            _first_search_reads(lib)
            rows.math_to_unicode("$x$")  # (its LaTeX decoder: ~25 ms on a keystroke)
            # an index written before postings sidecars existed gets them in a
            # background process (once): new words then read as array slices
            return lib.index.write_sidecars_in_background()

        self.ops.read(warm, lambda proc: proc is not None and self.sidecar_writers.append(proc),
                      on_error=lambda exc: log.info("search warm-up: %s", exc))

    def _load_search_model(self) -> None:
        """Load Best match's model in a background thread while typing pauses (searches
        as you type answer in Keyword mode until it is loaded; see
        :meth:`Library.search_model_wanted`)."""
        if self.search_timer.isActive():
            self.model_timer.start()
            return
        threading.Thread(target=self.lib.warm_up_search, daemon=True,
                         name="search-model").start()

    def _index_leftovers(self) -> None:
        """Papers left queued for the index by another process (a crash, a quit during
        bulk work) are indexed by the worker process (the window indexes only its own
        edits, see :func:`gentle_writes`)."""
        from paperdesk import jobs

        lib = self.lib
        self.ops.read(lib.index.has_queued, lambda queued: queued and lib is self.lib and (
            self.ops.long_job("Updating the search index", jobs.index_pending)),
            lambda exc: log.info("index queue: %s", exc))

    def rebuild_index(self, only_if_needed: bool = False) -> None:
        """Rebuild the search index in the worker process (progress and Cancel in the status
        bar); search says so meanwhile. ``only_if_needed``: only when the library opened
        without a usable index (a large library does not wait for it: see
        :meth:`Library.open`'s ``defer_index``)."""
        if only_if_needed and not self.lib.index_opened:
            lib = self.lib  # open it off the GUI thread (Whoosh and the index: ~0.5 s)
            self.ops.read(lambda: lib.index.ready, lambda _ready: lib is self.lib and (
                self._update_scope(), self.rebuild_index(only_if_needed=True)),
                lambda exc: show_error(self, exc))
            return
        if only_if_needed and self.lib.index.ready:
            self._warm_search()
            self._index_leftovers()
            return
        from paperdesk import jobs

        self.search.setPlaceholderText("Search: the index is being rebuilt…")

        def done(count: int) -> None:
            self.search.setPlaceholderText(SEARCH_HINT)
            self._update_scope()
            self.statusBar().showMessage(f"Search index rebuilt ({count:,} papers)", 8000)
            if self.search.text().strip():
                self._search_now()

        def not_done(exc: BaseException | None = None) -> None:
            if task.orphaned:
                return
            self.search.setPlaceholderText(
                SEARCH_HINT if self.lib.index.ready else
                "Search is off until the index is rebuilt (File › Rebuild search index)")
            if exc is not None:
                show_error(self, exc)

        task = self.ops.long_job("Rebuilding the search index",
                                 jobs.build_index if only_if_needed else jobs.rebuild_index,
                                 on_done=done, on_error=not_done)
        task.cancelled.connect(not_done)

    def _check_empty(self) -> None:
        empty = self.model.rowCount() == 0 and self.filter == ("all", "") and not self.query
        self.banner.setVisible(empty and self.lib.count() == 0)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.job_label.setText(self.job_text(label))
        self.progress.setFormat("%v/%m" if total else "")
        self.progress.setMaximum(total)
        self.progress.setValue(min(done, total) if total else 0)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.job_label.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self._jobs_changed()
        if busy:
            self.index_watch.start()
        else:
            self.index_watch.stop()

    def _catch_up_index(self) -> None:
        """Open the searcher the worker's last index commit calls for, and read what the
        first search in it reads (each new segment's ids and field lengths), on the search
        lane between keystrokes: at 100k papers the first keystroke after a commit of the
        bulk import took 120-270 ms doing it."""
        if self.ops.search_pool.activeThreadCount():
            return  # a keystroke's search is running: it opens the searcher itself
        lib = self.lib

        def catch_up() -> None:
            if lib.index.catch_up():
                _first_search_reads(lib)

        self.ops.search(catch_up, on_error=lambda exc: log.info("index catch-up: %s", exc))

    # ================================================================== edits
    def _on_current(self, fn: Callable[[int], Any]) -> None:
        pid = self.current_id
        if pid is not None:
            self.ops.write(lambda: fn(pid))

    def set_stars(self, n: int) -> None:
        """Rate the selected papers (or the current one)."""
        ids = self.selected_ids() or ([self.current_id] if self.current_id else [])
        if ids:
            self.ops.write(lambda: self.lib.papers.set_stars(ids, n))

    def set_read(self, state: str) -> None:
        """Set the read state of the selected papers."""
        ids = self.selected_ids() or ([self.current_id] if self.current_id else [])
        if ids:
            self.ops.write(lambda: self.lib.papers.set_read(ids, state))

    def link_to(self, other: int) -> None:
        """Link the current paper with ``other``."""
        self._on_current(lambda pid: self.lib.links.add(pid, other))

    def _find_link_candidates(self, text: str) -> None:
        lib = self.lib

        def work() -> list[tuple[int, str]]:
            return [(h.paper_id, h.title) for h in lib.search(text, limit=10)]

        def failed(exc: BaseException) -> None:
            if _query_fault(exc):
                self.statusBar().showMessage(f"Query: {exc}", 8000)
            else:
                show_error(self, exc)

        self.ops.read(work, self.panel.related.show_candidates, failed)

    # The library and file actions live in paperdesk.gui.actions (menus) and
    # paperdesk.gui.library_actions (import, export, libraries); see there.
    def import_sample(self) -> None:
        """Import the built-in sample library."""
        from paperdesk.config import resource_path

        self.import_files([resource_path("sample-library.txt")], show_report=False)

    def import_files(self, paths: Sequence[str | Path], show_report: bool = True) -> None:
        """Import files in the background, then report and auto-tag new papers."""
        from paperdesk.gui.library_actions import import_files

        import_files(self, paths, show_report)

    def edit_paper(self) -> None:
        """Edit the current paper's details in a dialog."""
        from paperdesk.gui.library_actions import edit_paper

        edit_paper(self)

    def _table_menu(self, pos: Any) -> None:
        from paperdesk.gui.actions import table_menu

        table_menu(self, self.table.viewport().mapToGlobal(pos))

    def _sidebar_menu(self, pos: Any) -> None:
        from paperdesk.gui.actions import sidebar_menu

        sidebar_menu(self, self.sidebar.indexAt(pos), self.sidebar.viewport().mapToGlobal(pos))

    # ================================================================== window
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            from paperdesk.gui.pdf_actions import attach_pdf_to

            # one PDF dropped on a paper's row attaches to it; anything else is imported
            spot = self.table.viewport().mapFrom(self, event.position().toPoint())
            row = self.table.indexAt(spot)
            pid = row.data(ID_ROLE) if row.isValid() else None
            if pid is not None and len(paths) == 1 and paths[0].lower().endswith(".pdf"):
                attach_pdf_to(self, int(pid), paths[0])
            else:
                self.import_files(paths)

    def _restore_state(self) -> None:
        for key, restore in (("window/geometry", self.restoreGeometry),
                             ("window/state", self.restoreState),
                             ("window/split", self.split.restoreState),
                             ("window/center_split", self.center_split.restoreState)):
            value = self.state.value(key)
            if isinstance(value, QByteArray):
                restore(value)
        self.columns.restore(self.state)
        shown = self.state.value("table/shown")
        widths = self.state.value("table/widths")
        self.table.restore_columns(
            [shown] if isinstance(shown, str) else shown,
            dict(widths) if isinstance(widths, dict) else None,
            self.state.value("table/header"))

    def save_state(self) -> None:
        """Remember geometry, splitters and columns in QSettings."""
        self.state.setValue("window/geometry", self.saveGeometry())
        self.state.setValue("window/state", self.saveState())
        self.state.setValue("window/split", self.split.saveState())
        self.state.setValue("window/center_split", self.center_split.saveState())
        self.columns.save(self.state)
        for key, value in self.table.save_columns().items():
            self.state.setValue(f"table/{key}", value)
        self.state.sync()

    def switch_library(self, folder: Path, create: bool = True) -> bool:
        """Close this library and open the one in ``folder`` (created if need be)."""
        from paperdesk.errors import KnownError

        self.panel.note.flush()
        self.ops.cancel()
        self.ops.wait(CLOSE_WAIT_MS)
        try:
            new = Library.open(folder, create=create, defer_index=True)
        except KnownError as exc:
            show_error(self, exc)
            return False
        try:
            new.claim_window()  # one window per library
        except KnownError as exc:
            new.close()
            show_error(self, exc)
            return False
        old, self.lib = self.lib, new
        gentle_writes(new)
        self.ops.set_library(new)
        self.library_state.watch()
        self.watch_outside()
        self._sidebar_reading, self._sidebar_again = False, frozenset()  # (orphaned reads)
        self.current_id = None
        self.model.set_library(new)
        self.setWindowTitle(self._title())
        self.show_filter("all")
        self.refresh_sidebar()
        self._check_empty()
        old.close()
        self.rebuild_index(only_if_needed=True)
        self.state.setValue("library/last", str(folder))
        self.libraryChanged.emit(str(folder))
        return True

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.panel.note.flush()
        self.save_state()
        # papers edited last stay in the library's index queue (the next open indexes
        # them): an index pass due now would start on a library about to be closed
        self._index_timer.stop()
        self.model_timer.stop()
        if getattr(self, "outside_watch", None) is not None:
            self.outside_watch.stop()
        self.ops.cancel()
        self.ops.wait(CLOSE_WAIT_MS)  # Cancel stops a job at its next check; then the
        self.ops.stop_worker(STOP_WAIT_S)  # workers end (terminated if they do not stop)
        for proc in self.sidecar_writers:  # (what it wrote is kept; the rest next time)
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(STOP_WAIT_S)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
        for task in list(self.ops.tasks):  # reads still running end when the library
            task.orphan()  # closes (interrupted): their answers are not shown
        event.accept()

    def app_icon(self) -> QIcon:
        """The application icon."""
        from paperdesk.gui.app import app_icon

        return app_icon()
