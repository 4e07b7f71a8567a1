"""Parts of the main window, kept apart to keep :mod:`paperdesk.gui.mainwindow` short: the
selection (a side panel for several papers), jobs in the status bar, the table layout and
the search box's keys, and indexing after edits. Mixed into
:class:`~paperdesk.gui.mainwindow.MainWindow`; they use its widgets and ``ops``."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow as _Base
else:
    _Base = object

log = logging.getLogger("paperdesk.gui")
#: edits index their papers after this much quiet …
INDEX_QUIET_MS = 200
#: … but never later than this after the first of them
INDEX_MAX_DELAY_S = 0.6
#: how often the window looks for writes from outside it (a PRAGMA: microseconds)
OUTSIDE_WATCH_MS = 1500


class SelectionMixin(_Base):
    """Several papers selected: the side panel shows and edits what they share."""

    def selection_count(self) -> int:
        """How many rows are selected (cheap: counts the selection's ranges)."""
        return sum(r.bottom() - r.top() + 1 for r in self.table.selectionModel().selection())

    def _selection_changed(self) -> None:
        """Several papers selected: the side panel shows what they share; one: that paper."""
        if self.selection_count() > 1:
            self.refresh_selection()
        elif self.panel.count > 1:
            self._show_paper(self.current_id)

    def refresh_selection(self) -> None:
        """Read the summary of the selected papers off the GUI thread, then show it."""
        self.panel.note.flush()
        ids, lib = self.selected_ids(), self.lib
        self._summary_gen += 1
        gen = self._summary_gen

        def done(summary: Any) -> None:
            if gen == self._summary_gen and self.selection_count() > 1:
                self.panel.set_selection(summary)
                self.selectionShown.emit(summary.count)

        self.ops.read(lambda: lib.papers.summary(ids), done)

    def targets(self) -> list[int]:
        """The papers an edit applies to: the selected ones, else the current one."""
        return self.selected_ids() or ([self.current_id] if self.current_id is not None else [])

    def _on_selection(self, fn: Callable[[list[int]], Any]) -> None:
        ids = self.targets()
        if ids:
            self.ops.write(lambda: fn(ids))


CANCELLING = "Cancelling: "


def cancelling(label: str) -> str:
    """A job's label once Cancel was pressed: "Cancelling: Tagging papers…"."""
    return f"{CANCELLING}{label}…"


class OutsideMixin(_Base):
    """Writes to the library from outside the window (a command run beside it, another
    program): every :data:`OUTSIDE_WATCH_MS` the window asks the database whether it
    changed since the window's own writes left it, and if so reads the list, the sidebar
    and the paper shown again (a review: a paper starred and one trashed from the command
    line showed as before, and the sidebar said "Trash (0)" until the next import).

    While a job of the window's runs (its commits change the database all the time), a
    user's edit from outside is told by the undo log growing."""

    def watch_outside(self) -> None:
        """Start watching (again, for the library open now)."""
        from PySide6.QtCore import QTimer

        self._seen = (self.lib.data_version(), self.lib.last_edit_id())
        self._seen_writes = self.ops.writes
        if getattr(self, "outside_watch", None) is None:
            self.outside_watch = QTimer(self)
            self.outside_watch.setInterval(OUTSIDE_WATCH_MS)
            self.outside_watch.timeout.connect(self.check_outside)
        self.outside_watch.start()

    def check_outside(self) -> bool:
        """Read everything shown again when the library changed from outside; True then.
        What the window's own edits change comes as their changes: their commits are taken
        as known once they are done."""
        if self.ops.short_writes() or self.index_pending():
            return False  # (checked again once they are done)
        now = (self.lib.data_version(), self.lib.last_edit_id())
        if self.ops.writes != self._seen_writes:
            self._seen_writes, self._seen = self.ops.writes, now
            return False
        changed = now[0] != self._seen[0] if self.ops.is_idle() else now[1] != self._seen[1]
        self._seen = now
        if not changed:
            return False
        log.info("the library changed outside the window: reading it again")
        self.lib.tagging.forget_vectors()
        self.model.forget_all_rows()
        self.refilter()
        self.refresh_sidebar()
        if self.current_id is not None and not self.panel.note.editor.hasFocus():
            self._show_paper(self.current_id, keep_related=False)
        return True


class JobsMixin(_Base):
    """Jobs in the status bar and View › Jobs; the index after edits."""

    def _jobs_changed(self) -> None:
        n = len(self.ops.entries)
        self.jobs_button.setText(f"{n} jobs")
        self.jobs_button.setVisible(n > 1)

    def cancel_current_job(self) -> None:
        """The status bar's Cancel: stop the job it shows, and only that one."""
        entry = self.ops.current()
        if entry is not None:
            self.ops.cancel_job(entry.id)
            label = self.job_label.text()  # said at once, before the job's next check
            if not label.startswith(CANCELLING):
                self.job_label.setText(cancelling(label))

    def job_text(self, label: str) -> str:
        """The status bar's text for the job it shows: ``label``, said to be cancelling
        once Cancel was pressed (Cancel is heard at the job's next check: a chunk of
        papers may finish first)."""
        entry = self.ops.current()
        progress = entry.task.progress if entry is not None else None
        return cancelling(label) if progress is not None and progress.cancelled else label

    def toggle_jobs(self) -> None:
        """View › Jobs (Ctrl+J): show the jobs panel, or hide it when it shows (a tester's
        Ctrl+J could open it but not close it)."""
        panel = getattr(self, "jobs_panel", None)
        if panel is not None and panel.isVisible():
            panel.hide()
        else:
            self.show_jobs()

    def show_jobs(self) -> None:
        """View › Jobs: the running and queued jobs, with Cancel each."""
        from paperdesk.gui.widgets.jobs_panel import JobsPanel

        if getattr(self, "jobs_panel", None) is None:
            self.jobs_panel = JobsPanel(self.ops, self)
        self.jobs_panel.show()
        self.jobs_panel.raise_()

    def index_soon(self, then: Callable[[], None] | None = None) -> None:
        """Index the papers edits left queued, once edits pause for :data:`INDEX_QUIET_MS`
        (at most :data:`INDEX_MAX_DELAY_S` after the first), so a burst of edits never waits
        behind the index; ``then`` (e.g. a search that must see the edit) makes it run now
        and runs once it is done."""
        import time

        if then is not None:
            self._after_index.append(then)
        now = time.monotonic()
        if self._index_first is None:
            self._index_first = now
        if then is not None or now - self._index_first >= INDEX_MAX_DELAY_S:
            self._index_timer.start(0)
        else:
            self._index_timer.start(INDEX_QUIET_MS)

    def index_pending(self) -> bool:
        """True while edited papers wait for the index (for tests and benchmarks)."""
        return self._index_timer.isActive() or self._index_running

    def _index_now(self) -> None:
        if self._index_running:  # once the running pass ends, another one
            self._index_timer.start(INDEX_QUIET_MS)
            return
        self._index_running, self._index_first = True, None
        from paperdesk import jobs

        def finish(_result: object = None) -> None:
            self._index_running = False
            waiting, self._after_index = self._after_index, []
            for fn in waiting:
                fn()

        def failed(exc: BaseException) -> None:
            # they stay in the library's index queue: the next start indexes them
            log.warning("indexing edited papers: %s", exc)
            finish()

        ids = self.lib.take_unindexed()
        if not ids:
            finish()
            return
        # the worker process writes them: a Whoosh commit here held Python's lock long
        # enough to delay the window's paints (~50–100 ms each, py-spy --gil at 100k)
        task = self.ops.quiet_job(jobs.index_papers, sorted(ids), on_done=finish,
                                  on_error=failed)
        task.cancelled.connect(finish)  # (the worker stopped: they stay queued)


class LayoutMixin(_Base):
    """A compact layout for small windows, the column chooser, the search box's keys."""

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        """Small windows (1024×700) give the table and reader the room: the sidebar and
        side panel narrow (and widen again as the window grows: see
        :mod:`~paperdesk.gui.side_columns`), reader and table share the height."""
        super().resizeEvent(event)
        compact = self.width() < 1200
        if compact != getattr(self, "_compact", None):
            self._compact = compact
            if compact:
                h = self.center_split.height() or self.height() - 120
                self.center_split.setSizes([h // 2, h - h // 2])

    def column_menu(self) -> None:
        """View › Columns: the column chooser, under the table's header."""
        menu = self.table.column_menu()
        self.table.last_menu = menu
        menu.popup(self.table.mapToGlobal(self.table.horizontalHeader().pos()))

    def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
        """The search box: Esc clears it; Down goes into the results; Ctrl+E (which a line
        edit takes for "end of line") exports, as everywhere else. The sidebar: a right
        click opens its menu without showing the view it is on."""
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeySequence

        if obj is self.search:
            kind = event.type()
            if kind == QEvent.Type.ShortcutOverride and event.keyCombination().toCombined() \
                    == QKeySequence("Ctrl+E")[0].toCombined():
                return True  # not accepted: the window's Export shortcut runs
            if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape \
                    and self.search.text():
                self.search.clear()
                self.search_timer.stop()
                self._search_now()
                return True
            if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down \
                    and self.model.rowCount():
                # into the results, on the best match (a tester's Down did nothing: only
                # Tab left the box)
                if not self.selected_ids():
                    self.select_ids(self.model.ids[:1])
                self.table.setFocus()
                return True
        sidebar = getattr(self, "sidebar", None)
        if sidebar is not None and obj is sidebar.viewport() and event.type() in (
                QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) and (
                event.button() == Qt.MouseButton.RightButton):
            return True  # a right click opens the menu only (it showed that view too)
        return super().eventFilter(obj, event)
