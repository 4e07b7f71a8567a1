"""Background work: the one door through which the window calls slow core functions.

Reads (search, similar papers, previews) run on a small thread pool and use
``lib.reader`` (one read-only SQLite connection per thread). Short edits run one at a
time on a single-thread pool, in the order asked; long work (import, tagging, export,
backup) runs one at a time on another, so a star or a note is not queued behind a
tagging run (the core's ``lib.write_lock`` still serialises the SQLite writes, and the
tagger takes it one chunk at a time). The window never waits on the lock itself.
Import and tagging run in a worker *process* instead (:meth:`Ops.long_job`, see
:mod:`paperdesk.gui.jobs`): they hold Python's interpreter lock for long stretches, and in
a thread they would make the window stutter.
Results and errors come back by signal, in the GUI thread; nothing is raised there.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from paperdesk.errors import Cancelled
from paperdesk.gui.worker import WorkerLost
from paperdesk.library.changes import Change
from paperdesk.progress import ThrottledProgress

if TYPE_CHECKING:
    from paperdesk.gui.jobs import Job
    from paperdesk.gui.worker import WorkerProcess
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
        self._on_done = on_done
        self._on_error = on_error
        self._ops = ops
        self.orphaned = False  # started for a library the window has closed since
        # bound methods of this GUI-thread object: queued into the GUI thread
        self.finished.connect(self._handle_finished)
        self.failed.connect(self._handle_failed)
        self.done.connect(self._handle_done)

    def orphan(self) -> None:
        """Its library was closed: drop its result and callbacks (the bookkeeping stays)."""
        self.orphaned = True
        self._on_done = self._on_error = None

    @Slot(object)
    def _handle_finished(self, result: object) -> None:
        if self.orphaned:
            return
        if self._ops is not None:
            for change in _changes(result):
                self._ops.changed.emit(change)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _handle_failed(self, exc: object) -> None:
        if self.orphaned:
            return
        if self._on_error is not None:
            self._on_error(exc)  # type: ignore[arg-type]
        elif self._ops is not None:
            self._ops.failed.emit(exc)

    @Slot()
    def _handle_done(self) -> None:
        if self._ops is not None:
            self._ops._finish(self)


class _Runner(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        try:
            task.result = task.fn()
        except Cancelled:
            task.cancelled.emit()
        except BaseException as exc:  # noqa: BLE001 - every error goes back by signal
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            task.error = exc
            task.failed.emit(exc)
        else:
            task.finished.emit(task.result)
        task.done.emit()


class Ops(QObject):
    """Runs work off the GUI thread.

    Signals:
        changed(object): a :class:`Change` returned by a write (the window refreshes).
        failed(object): an exception from any task that has no ``on_error`` handler.
        progress(int done, int total, str label): the running long task's progress.
        busy(bool): a long task (with progress) started or all of them ended.
        idle(): no task is queued or running.
    """

    changed = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)
    busy = Signal(bool)
    idle = Signal()

    def __init__(self, parent: QObject | None = None, readers: int = 3) -> None:
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(readers)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self.long_pool = QThreadPool(self)
        self.long_pool.setMaxThreadCount(1)
        self.tasks: set[Task] = set()
        self.long_tasks: list[Task] = []
        self.worker: WorkerProcess | None = None
        self.jobs: dict[int, Task] = {}

    # ------------------------------------------------------------------ running
    def read(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run a read-only ``fn`` on the read pool; ``on_done(result)`` in the GUI thread."""
        return self._start(fn, "", None, on_done, on_error, self.read_pool)

    def write(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run a short edit on the writer thread; Change results are announced by ``changed``."""
        return self._start(fn, "", None, on_done, on_error, self.write_pool)

    def long(self, label: str, fn: Callable[[TaskProgress], Any],
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None,
             write: bool = True) -> Task:
        """Run long work with a progress bar and Cancel; ``fn`` gets the progress adapter.

        ``write=False`` runs it on the read pool (work that only reads).
        """
        progress = self._progress_for(label)
        task = self._start(lambda: fn(progress), label, progress, on_done, on_error,
                           self.long_pool if write else self.read_pool)
        return self._begin_long(task)

    def long_job(self, label: str, fn: Job, *args: Any,
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> Task:
        """Run ``fn(lib, progress, *args)`` (a function of :mod:`paperdesk.gui.jobs`) in the
        worker process, with a progress bar and Cancel; needs :meth:`set_library` first."""
        assert self.worker is not None, "set_library() first"
        task = Task(lambda: None, label, self._progress_for(label), on_done, on_error, self)
        self.tasks.add(task)
        self.jobs[self.worker.submit(fn, *args)] = task
        return self._begin_long(task)

    def set_library(self, lib: Library) -> None:
        """Jobs run over ``lib`` from now on (a previous worker process is stopped)."""
        from paperdesk.gui.worker import WorkerProcess

        self.stop_worker()
        for task in self.tasks:  # answers still on their way belong to the old library
            task.orphan()

        def after_job() -> None:  # in the pipe's thread, before the answer is shown
            lib.reload()
            lib.sync_index()

        self.worker = WorkerProcess(lib.folder, after_job, parent=self)
        self.worker.message.connect(self._job_message)

    def stop_worker(self) -> None:
        """End the worker process; its jobs end as cancelled (answers still on their way
        are ignored)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker.message.disconnect(self._job_message)
            self.worker = None
            for job_id in list(self.jobs):
                self._job_message(job_id, "cancelled", None)

    def cancel(self) -> None:
        """Cancel every long task (they stop at their next progress check)."""
        for task in self.long_tasks:
            if task.progress is not None:
                task.progress.cancel()
        if self.worker is not None and self.jobs:
            self.worker.cancel(max(self.jobs))

    def is_idle(self) -> bool:
        """True when nothing is queued or running."""
        return not self.tasks

    def wait(self, msecs: int = -1) -> bool:
        """Block until every pool is idle (used when closing or switching libraries)."""
        done = [pool.waitForDone(msecs)
                for pool in (self.long_pool, self.write_pool, self.read_pool)]
        if self.worker is not None:
            done.append(self.worker.wait(None if msecs < 0 else msecs / 1000))
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
        progress = TaskProgress(label)
        progress.changed.connect(self.progress)
        return progress

    def _begin_long(self, task: Task) -> Task:
        """Count a long task in: the progress bar shows (and stays while any runs)."""
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
            task.cancelled.emit()
        task.done.emit()

    def _finish(self, task: Task) -> None:
        self.tasks.discard(task)
        if task in self.long_tasks:
            self.long_tasks.remove(task)
            if not self.long_tasks:
                self.busy.emit(False)
        if not self.tasks:
            self.idle.emit()


def _changes(result: object) -> list[Change]:
    if isinstance(result, Change):
        return [result]
    if isinstance(result, (list, tuple)):
        return [r for r in result if isinstance(r, Change)]
    return []
