"""Background work: the one door through which the window calls slow core functions.

Reads (search, similar papers, previews) run on a small thread pool and use
``lib.reader`` (one read-only SQLite connection per thread). Short edits run one at a
time on a single-thread pool, in the order asked; long work (import, tagging, export,
backup) runs one at a time on another, so a star or a note is not queued behind a
tagging run (the core's ``lib.write_lock`` still serialises the SQLite writes, and the
tagger takes it one chunk at a time). The window never waits on the lock itself.
Import and tagging run in a worker *process* instead (:meth:`Ops.long_job`, see
:mod:`paperdesk.jobs`): they hold Python's interpreter lock for long stretches, and in
a thread they would make the window stutter. Jobs wait in the window's own queue, one
lane for bulk work and one for short interactive jobs (a one-file import), each with its
own worker process, so an interactive job never waits behind a bulk one; each job has a
label from the start and its own Cancel (:meth:`Ops.cancel_job`), and :attr:`Ops.entries`
lists them all (View › Jobs).
Results and errors come back by signal, in the GUI thread; nothing is raised there.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

from paperdesk.errors import Cancelled
from paperdesk.gui.worker import WorkerLost
from paperdesk.library.changes import Change, change_of
from paperdesk.progress import ThrottledProgress

if TYPE_CHECKING:
    from paperdesk.gui.worker import WorkerProcess
    from paperdesk.jobs import Job
    from paperdesk.library.library import Library

log = logging.getLogger("paperdesk.gui.ops")


class TaskProgress(QObject, ThrottledProgress):
    """Adapts the core :class:`~paperdesk.progress.Progress` protocol to Qt.

    Worker threads call :meth:`start`, :meth:`advance` and :meth:`finish`; the GUI reads
    the signal. :meth:`cancel` (the status bar's Cancel button) sets :attr:`cancelled`,
    which the core checks between units of work.

    Signals:
        changed(int done, int total, str label): at most every 50 ms; total 0 = unknown.
    """

    changed = Signal(int, int, str)

    def __init__(self, label: str = "") -> None:
        QObject.__init__(self)
        ThrottledProgress.__init__(self, label)
        self._cancelled = False

    @property
    def cancelled(self) -> bool:
        """True once the user pressed Cancel."""
        return self._cancelled

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._cancelled = True

    def report(self, done: int, total: int, label: str) -> None:
        self.changed.emit(done, total, label)


class Task(QObject):
    """One piece of background work.

    Signals:
        finished(object): the function's return value.
        failed(object): the exception it raised (not :class:`Cancelled`).
        cancelled(): it stopped because the user cancelled.
        done(): after any of the three above.
    """

    finished = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    done = Signal()
    started = Signal()

    def __init__(self, fn: Callable[[], Any], label: str, progress: TaskProgress | None,
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 ops: Ops | None = None) -> None:
        super().__init__()
        self.fn = fn
        self.label = label
        self.progress = progress
        self.result: Any = None
        self.error: BaseException | None = None
        self.fresh: Any = None  # table rows read right after a write (Ops.row_reader)
        self._on_done = on_done
        self._on_error = on_error
        self._ops = ops
        self.orphaned = False  # started for a library the window has closed since
        self.writes = False  # it writes the library (see Ops.writes)
        # bound methods of this GUI-thread object: queued into the GUI thread
        self.finished.connect(self._handle_finished)
        self.failed.connect(self._handle_failed)
        self.done.connect(self._handle_done)

    def orphan(self) -> None:
        """Its library was closed: drop its result and callbacks (the bookkeeping stays)."""
        self.orphaned = True
        self._on_done = self._on_error = None

    def _live_ops(self) -> Ops | None:
        """The Ops that started this task, unless it is gone (its window was closed and
        deleted before a late answer arrived)."""
        return self._ops if self._ops is not None and isValid(self._ops) else None

    @Slot(object)
    def _handle_finished(self, result: object) -> None:
        if self.orphaned:
            return
        ops = self._live_ops()
        if ops is None:
            return  # its window is gone: a late answer does nothing
        change = change_of(result)  # an edit's, a job's or an import report's record
        if change is not None and change.description and self.progress is not None and (
                self.progress.cancelled):
            # Cancel came when the job could no longer stop (a rename's update of the
            # suggestions): the status bar says it went through all the same
            change = replace(change, description=f"{change.description} ({TOO_LATE})")
        if change is not None:
            ops.fresh_rows = self.fresh
            try:
                ops.changed.emit(change)
            finally:
                ops.fresh_rows = None
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _handle_failed(self, exc: object) -> None:
        if self.orphaned:
            return
        ops = self._live_ops()
        if ops is None:
            return  # (as above)
        if self._on_error is not None:
            self._on_error(exc)  # type: ignore[arg-type]
        elif ops is not None:
            ops.failed.emit(exc)

    @Slot()
    def _handle_done(self) -> None:
        ops = self._live_ops()
        if ops is not None:
            ops._finish(self)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        task.started.emit()
        try:
            task.result = task.fn()
        except Cancelled:
            _emit(task, task.cancelled)
        except BaseException as exc:  # noqa: BLE001 - every error goes back by signal
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            task.error = exc
            if not task.orphaned:  # (its library closed under it: interrupted, unseen)
                _emit(task, task.failed, exc)
        else:
            _emit(task, task.finished, task.result)
        _emit(task, task.done)


def _emit(task: Task, signal: Any, *args: object) -> None:
    """Emit a task's signal from its thread, unless the task (with its window) is gone,
    e.g. a read still running while the application quits."""
    try:
        signal.emit(*args)
    except RuntimeError:
        if not task.orphaned:
            raise


_ENTRY_IDS = itertools.count(1)
#: at most this many papers' rows are read in the writer thread after an edit
FRESH_ROWS_MAX = 200
#: after a job's message, when Cancel came too late to stop it
TOO_LATE = "done before Cancel could stop it"


@dataclass(eq=False)
class JobEntry:
    """One long job as the jobs panel lists it.

    Attributes:
        id: the entry's id (for :meth:`Ops.cancel_job`).
        label: what it does ("Importing", "Tagging").
        lane: "bulk", "interactive" (worker processes) or "thread" (export, backup).
        state: "queued" or "running".
        done, total: its progress (total 0: unknown).
        task: the :class:`Task` that reports its end.
    """

    label: str
    lane: str
    task: Task
    fn: Any = None
    args: tuple[Any, ...] = ()
    state: str = "queued"
    done: int = 0
    total: int = 0
    detail: str = ""
    worker_id: int | None = None
    id: int = field(default_factory=lambda: next(_ENTRY_IDS))


class Ops(QObject):
    """Runs work off the GUI thread.

    Signals:
        changed(object): a :class:`Change` returned by a write (the window refreshes).
        failed(object): an exception from any task that has no ``on_error`` handler.
        progress(int done, int total, str label): the running long task's progress.
        busy(bool): a long task (with progress) started or all of them ended.
        idle(): no task is queued or running.
        jobsChanged(): a long job was queued, started, ended or made progress.
    """

    changed = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)
    busy = Signal(bool)
    idle = Signal()
    jobsChanged = Signal()  # noqa: N815

    def __init__(self, parent: QObject | None = None, readers: int = 3) -> None:
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(readers)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.long_pool = QThreadPool(self)
        self.long_pool.setMaxThreadCount(1)
        #: the search box's searches: never queued behind other reads (sidebar counts,
        #: similar papers), each a newer keystroke's (older ones return at once)
        self.search_pool = QThreadPool(self)
        self.search_pool.setMaxThreadCount(1)
        # never retired after 30 s idle (Qt's default): each thread reads through its own
        # SQLite connection, and a new one cost the first keystroke after a pause ~100 ms
        for pool in (self.read_pool, self.search_pool):
            pool.setExpiryTimeout(-1)
        #: reads the table rows of papers an edit changed, in the writer thread right
        #: after the edit commits (one thread hop less before the change is painted)
        self.row_reader: Callable[[frozenset[int]], Any] | None = None
        #: while ``changed`` is emitted: those rows (None when not read)
        self.fresh_rows: Any = None
        self.tasks: set[Task] = set()
        self.long_tasks: list[Task] = []
        self.worker: WorkerProcess | None = None  # the bulk lane
        self.fast_worker: WorkerProcess | None = None  # the interactive lane
        self.jobs: dict[int, Task] = {}  # worker job id -> task, for jobs sent to a worker
        #: every long job, queued or running, in the order they run
        self.entries: list[JobEntry] = []
        #: edits and jobs that write, counted as each starts and as each ends (the window
        #: tells the database's changes of its own from those made outside it)
        self.writes = 0

    # ------------------------------------------------------------------ running
    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run a read-only ``fn`` on the read pool; ``on_done(result)`` in the GUI thread."""
        return self._start(fn, "", None, on_done, on_error, self.read_pool)

    def search(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run a keystroke's search (read-only) on the search lane: a thread of its own, so
        it never waits behind the read pool's work."""
        return self._start(fn, "", None, on_done, on_error, self.search_pool)

    def write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run a short edit on the writer thread; Change results are announced by ``changed``
        (with :attr:`fresh_rows` read right after the commit, see :attr:`row_reader`)."""
        holder: list[Task] = []

        def run() -> Any:
            result = fn()
            reader = self.row_reader
            change = change_of(result)
            ids = change.paper_ids | change.added if change is not None else frozenset()
            if reader is not None and 0 < len(ids) <= FRESH_ROWS_MAX:
                holder[0].fresh = reader(ids)
            return result

        task = Task(run, "", None, on_done, on_error, self)
        holder.append(task)
        self._writing(task)
        self.write_pool.start(_Runner(task))
        return task

    def quiet_job(self, fn: Job, *args: Any,
                  on_done: Callable[[Any], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run ``fn(lib, progress, *args)`` in the interactive lane's worker process without
        a progress bar or a jobs-panel entry (the index writes of the window's edits: a
        few papers, ~0.1 s, after every burst of edits); needs :meth:`set_library`."""
        task = Task(lambda: None, "", None, on_done, on_error, self)
        self._writing(task)
        worker = self._worker_for("interactive")
        self.jobs[worker.submit(fn, *args)] = task
        return task

    def long(self, label: str, fn: Callable[[TaskProgress], Any],
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             write: bool = True) -> Task:
        """Run long work with a progress bar and Cancel; ``fn`` gets the progress adapter.

        ``write=False`` runs it on the read pool (work that only reads).
        """
        progress = self._progress_for(label)
        task = Task(lambda: fn(progress), label, progress, on_done, on_error, self)
        entry = JobEntry(label, "thread", task)
        self._track(entry, progress)
        task.started.connect(lambda: self._started(entry))
        if write:
            self._writing(task)
        else:
            self.tasks.add(task)
        (self.long_pool if write else self.read_pool).start(_Runner(task))
        return self._begin_long(task)

    def long_job(self, label: str, fn: Job, *args: Any,
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 interactive: bool = False) -> Task:
        """Run ``fn(lib, progress, *args)`` (a function of :mod:`paperdesk.jobs`) in a
        worker process, with a progress bar and Cancel; needs :meth:`set_library` first.

        Jobs of a lane run one at a time, in order; ``interactive`` ones (short, asked for
        by the user and waited for) have a lane and a worker of their own, so they never
        wait behind bulk work."""
        assert self.worker is not None, "set_library() first"
        progress = self._progress_for(label)
        task = Task(lambda: None, label, progress, on_done, on_error, self)
        entry = JobEntry(label, "interactive" if interactive else "bulk", task, fn, args)
        self._track(entry, progress)
        self._writing(task)
        self._begin_long(task)
        self._pump(entry.lane)
        return task

    def _track(self, entry: JobEntry, progress: TaskProgress) -> None:
        """List ``entry`` (until its task is done) and follow its progress."""
        self.entries.append(entry)

        def moved(done: int, total: int, label: str) -> None:
            entry.done, entry.total, entry.detail = done, total, label
            if self.current() is entry:  # the status bar follows one job
                self.progress.emit(done, total, label or entry.label)
            self.jobsChanged.emit()

        progress.changed.connect(moved)
        self.jobsChanged.emit()

    def _started(self, entry: JobEntry) -> None:
        entry.state = "running"
        if self.current() is entry:
            self.progress.emit(0, 0, entry.label)
        self.jobsChanged.emit()

    def _pump(self, lane: str) -> None:
        """Send the lane's next queued job to its worker when none of the lane's runs."""
        if lane == "thread":
            return
        mine = [e for e in self.entries if e.lane == lane]
        if not mine or any(e.state == "running" for e in mine):
            return
        entry = mine[0]
        worker = self._worker_for(lane)
        entry.state = "running"
        entry.worker_id = worker.submit(entry.fn, *entry.args)
        self.jobs[entry.worker_id] = entry.task
        self.jobsChanged.emit()

    def prestart_interactive(self) -> None:
        """Start the interactive lane's worker process now: the first edit's search-index
        update (and a first one-file import) then does not wait a second or two for it."""
        if self.worker is not None:
            self._worker_for("interactive").ensure_started()

    def _worker_for(self, lane: str) -> WorkerProcess:
        if lane == "bulk":
            assert self.worker is not None
            return self.worker
        if self.fast_worker is None:
            from paperdesk.gui.worker import WorkerProcess

            assert self.worker is not None
            self.fast_worker = WorkerProcess(self.worker.folder, self.worker.after_job,
                                             parent=self)
            self.fast_worker.message.connect(self._job_message)
        return self.fast_worker

    def entry_of(self, task: Task) -> JobEntry | None:
        """The jobs-panel entry of a long task (None once it ended)."""
        return next((e for e in self.entries if e.task is task), None)

    def current(self) -> JobEntry | None:
        """The job the status bar shows: the newest running one (else the first queued)."""
        running = [e for e in self.entries if e.state == "running"]
        return running[-1] if running else (self.entries[0] if self.entries else None)

    def cancel_job(self, entry_id: int) -> None:
        """Cancel one job: a queued one never starts, a running one stops at its next
        check; every other job goes on."""
        entry = next((e for e in self.entries if e.id == entry_id), None)
        if entry is None:
            return
        if entry.task.progress is not None:
            entry.task.progress.cancel()
        if entry.lane == "thread":
            return
        if entry.state == "queued":
            self.entries.remove(entry)
            entry.task.cancelled.emit()
            entry.task.done.emit()
        elif entry.worker_id is not None:
            worker = self.worker if entry.lane == "bulk" else self.fast_worker
            if worker is not None:
                worker.cancel(entry.worker_id)

    def set_library(self, lib: Library) -> None:
        """Jobs run over ``lib`` from now on (a previous worker process is stopped)."""
        from paperdesk.gui.worker import WorkerProcess

        self.stop_worker()
        for task in self.tasks:  # answers still on their way belong to the old library
            task.orphan()

        def after_job() -> None:  # in the pipe's thread, before the answer is shown
            lib.reload()  # (the worker wrote the index: the window writes none of it)

        self.worker = WorkerProcess(lib.folder, after_job, parent=self)
        self.worker.message.connect(self._job_message)

    def stop_worker(self, wait_s: float | None = None) -> None:
        """End the worker processes (each waited for ``wait_s`` seconds, then terminated);
        their jobs, running and queued, end as cancelled (answers still on their way are
        ignored)."""
        import threading

        workers = [w for w in (self.worker, self.fast_worker) if w is not None]
        self.worker = self.fast_worker = None
        stops = [threading.Thread(target=w.stop, args=() if wait_s is None else (wait_s,))
                 for w in workers]  # both at once: quitting waits for the slower only
        for t in stops:
            t.start()
        for t in stops:
            t.join()
        for w in workers:
            w.message.disconnect(self._job_message)
        for job_id in list(self.jobs):
            self._job_message(job_id, "cancelled", None)
        for entry in [e for e in self.entries if e.lane != "thread"]:
            self.entries.remove(entry)
            entry.task.cancelled.emit()
            entry.task.done.emit()

    def cancel(self) -> None:
        """Cancel every long task, running and queued (used when closing or switching
        library; the status bar's Cancel cancels only its own job, see :meth:`cancel_job`)."""
        for task in self.long_tasks:
            if task.progress is not None:
                task.progress.cancel()
        for entry in [e for e in self.entries if e.state == "queued" and e.lane != "thread"]:
            self.cancel_job(entry.id)
        for worker in (self.worker, self.fast_worker):
            if worker is not None:
                worker.cancel_all()

    def is_idle(self) -> bool:
        """True when nothing is queued or running."""
        return not self.tasks

    def wait(self, msecs: int = -1) -> bool:
        """Block until every pool and worker is idle, or ``msecs`` in all have passed (used
        when closing or switching libraries)."""
        import time

        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000

        def left_ms() -> int:
            return -1 if deadline is None else max(0, int((deadline - time.monotonic()) * 1000))

        done = [pool.waitForDone(left_ms())
                for pool in (self.long_pool, self.write_pool, self.search_pool,
                             self.read_pool)]
        for worker in (self.worker, self.fast_worker):
            if worker is not None:
                done.append(worker.wait(None if deadline is None else left_ms() / 1000))
        return all(done)

    # ------------------------------------------------------------------ internals
    def _start(self, fn: Callable[[], Any], label: str, progress: TaskProgress | None,
               on_done: Callable[[Any], None] | None,
               on_error: Callable[[BaseException], None] | None, pool: QThreadPool) -> Task:
        task = Task(fn, label, progress, on_done, on_error, self)
        self.tasks.add(task)
        pool.start(_Runner(task))
        return task

    def _progress_for(self, label: str) -> TaskProgress:
        return TaskProgress(label)

    def _begin_long(self, task: Task) -> Task:
        """Count a long task in: the progress bar shows (and stays while any runs), with
        the job's label from the start."""
        self.long_tasks.append(task)
        if len(self.long_tasks) == 1:
            self.busy.emit(True)
            self.progress.emit(0, 0, task.label)
        return task

    @Slot(int, str, object)
    def _job_message(self, job_id: int, kind: str, payload: object) -> None:
        task = self.jobs.get(job_id)
        if task is None:
            return
        if kind == "progress":
            if task.progress is not None:
                task.progress.changed.emit(*payload)  # type: ignore[misc]
            return
        del self.jobs[job_id]
        entry = self.entry_of(task)
        if entry is not None:
            self.entries.remove(entry)
            self._pump(entry.lane)  # the lane's next job starts while this one reports
        if kind == "failed" and isinstance(payload, WorkerLost) and not task.orphaned:
            # it may have committed work before it died: show the library as it is now
            self.changed.emit(Change("reload", frozenset(), ""))
        if kind == "finished":
            task.result = payload
            task.finished.emit(payload)
        elif kind == "failed":
            task.error = payload  # type: ignore[assignment]
            task.failed.emit(payload)
        else:
            kept = change_of(payload)  # a cancelled import: what it committed stays
            if kept is not None and not task.orphaned:
                self.changed.emit(kept)
            task.cancelled.emit()
        task.done.emit()

    def _writing(self, task: Task) -> None:
        """Count ``task`` in, as one that writes the library (see :attr:`writes`)."""
        task.writes = True
        self.writes += 1
        self.tasks.add(task)

    def short_writes(self) -> bool:
        """True while an edit or an index write of the window's own is queued or running
        (not a long job)."""
        return any(t.writes and t not in self.long_tasks for t in self.tasks)

    def _finish(self, task: Task) -> None:
        if task.writes:
            self.writes += 1
        self.tasks.discard(task)
        entry = self.entry_of(task)
        if entry is not None:  # (a thread job; worker jobs left the list when answered)
            self.entries.remove(entry)
        if task in self.long_tasks:
            self.long_tasks.remove(task)
            if not self.long_tasks:
                self.busy.emit(False)  # a finished job never lingers in the status bar
            else:
                now = self.current()
                if now is not None:
                    self.progress.emit(now.done, now.total, now.detail or now.label)
            self.jobsChanged.emit()
        if not self.tasks:
            self.idle.emit()

