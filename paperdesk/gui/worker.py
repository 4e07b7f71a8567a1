"""The window's side of its worker process (see :mod:`paperdesk.jobs`).

:class:`WorkerProcess` starts the process on the first job (a fresh interpreter, so it
holds no Qt and no window state), keeps it for later jobs (the tagging model stays
loaded), and stops it with the window. A thread of the window's process waits on the
pipe and hands each message to the GUI thread by signal; it does no other work, so the
GUI thread keeps Python to itself. If the process dies, its jobs fail with a message
and the next job starts a new one.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from paperdesk import jobs
from paperdesk.errors import LibraryError

log = logging.getLogger("paperdesk.gui.worker")
#: seconds :meth:`WorkerProcess.stop` waits for the worker to end before terminating it
#: (each job commits in transactions of its own, so a terminated worker loses only the
#: chunk it was writing; quitting must not wait longer than a second)
STOP_WAIT_S = 0.4
#: and after terminating it: a worker still cleaning up (an index write putting its papers
#: back) finishes on its own; the window does not wait for it to close
TERMINATE_WAIT_S = 0.2
#: how many single-job cancellations the worker can see at once (a ring)
CANCEL_SLOTS = 64
_JOB_IDS = itertools.count(1)  # unique across workers: a late answer never matches a new job


class WorkerLost(LibraryError):
    """The worker process died (killed, out of memory) before answering a job."""


class WorkerProcess(QObject):
    """Runs :mod:`~paperdesk.jobs` functions in one worker process over ``folder``.

    Signals:
        message(int job_id, str kind, object payload): from the worker, in the GUI
            thread. ``kind`` is "progress" (payload: done, total, label), "finished"
            (the result), "failed" (the exception) or "cancelled".
    """

    message = Signal(int, str, object)

    def __init__(self, folder: Path, after_job: Callable[[], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.after_job = after_job
        self._ctx = multiprocessing.get_context("spawn")
        self._cancel_upto = self._ctx.RawValue("q", 0)
        self._cancelled = self._ctx.RawArray("q", CANCEL_SLOTS)  # single jobs, in a ring
        self._cancel_next = 0
        self._process: Any = None
        self._outbox: queue.SimpleQueue[Any] | None = None
        self._answers: threading.Thread | None = None
        self._pending: dict[int, Any] = {}  # job id -> the process it was sent to
        self._stopped: set[int] = set()  # pids of processes ended on purpose
        self._lock = threading.Condition()
        self._reaping = threading.Lock()

    # ------------------------------------------------------------------ jobs
    def ensure_started(self) -> None:
        """Start the worker process now, not at the first job (it takes a second or two)."""
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()

    def submit(self, fn: jobs.Job, *args: Any) -> int:
        """Queue ``fn(lib, progress, *args)`` in the worker; returns the job id."""
        job_id = next(_JOB_IDS)
        with self._lock:
            if self._process is None or not self._process.is_alive():
                self._start()
            self._pending[job_id] = self._process
            assert self._outbox is not None
            self._outbox.put((job_id, fn, args))  # sent by a thread: a busy worker's full
        return job_id                             # pipe must not block the window

    def cancel(self, job_id: int) -> None:
        """Cancel ``job_id`` only (the jobs queued after it, and before it, go on)."""
        self._cancelled[self._cancel_next % CANCEL_SLOTS] = job_id
        self._cancel_next += 1

    def cancel_all(self) -> None:
        """Cancel every job submitted so far."""
        self._cancel_upto.value = max(self._cancel_upto.value, next(_JOB_IDS))

    @property
    def busy(self) -> bool:
        """True while a job sent to the worker is not answered yet."""
        with self._lock:
            return bool(self._pending)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until every job is answered (True) or ``timeout`` seconds pass (False)."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._pending, timeout)

    def stop(self, wait_s: float = STOP_WAIT_S) -> None:
        """Cancel everything and end the process: it is waited for ``wait_s`` seconds (it
        stops at its next progress check), then terminated."""
        self._cancel_upto.value = 1 << 62
        with self._lock:
            process, outbox, answers = self._process, self._outbox, self._answers
            self._process = self._outbox = self._answers = None
            if process is None:
                return
            self._stopped.add(process.pid)
        outbox.put(None)  # the worker ends after the jobs queued before (all cancelled)
        with self._reaping:
            process.join(wait_s)
            if process.is_alive():
                log.info("worker process still busy; terminating it")
                process.terminate()  # (it ends through its clean-up: see jobs.serve)
                process.join(TERMINATE_WAIT_S)
        if answers is not None and not process.is_alive():  # its last answers are out:
            answers.join(wait_s)  # the library may close now (else they are dropped)

    # ------------------------------------------------------------------ internals
    def _start(self) -> None:
        # one pipe each way, so each of the window's two threads owns (and closes) its end
        jobs_in, jobs_out = self._ctx.Pipe(duplex=False)
        answers_in, answers_out = self._ctx.Pipe(duplex=False)
        process = self._ctx.Process(
            target=jobs.serve, name="paperdesk-worker",
            args=(str(self.folder), jobs_in, answers_out, self._cancel_upto, self._cancelled),
            daemon=True)
        process.start()
        jobs_in.close()
        answers_out.close()
        outbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._process, self._outbox = process, outbox
        threading.Thread(target=self._send, args=(outbox, jobs_out), name="paperdesk-jobs",
                         daemon=True).start()
        self._answers = threading.Thread(target=self._read, args=(process, answers_in, outbox),
                                         name="paperdesk-answers", daemon=True)
        self._answers.start()

    @staticmethod
    def _send(outbox: queue.SimpleQueue[Any], conn: Any) -> None:
        """Send queued jobs to the worker (None ends it); a dead worker is noticed by
        :meth:`_read`."""
        try:
            while True:
                item = outbox.get()
                conn.send(item)
                if item is None:
                    return
        except OSError:
            return
        finally:
            conn.close()

    def _read(self, process: Any, conn: Any, outbox: queue.SimpleQueue[Any]) -> None:
        """Pass the worker's messages on until its pipe closes."""
        while True:
            try:
                job_id, kind, payload = conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # noqa: BLE001 - an answer that cannot be read: end the worker
                log.exception("unreadable message from the worker process")
                process.terminate()
                break
            if kind != "progress":
                self._answered(job_id, kind, payload, process)
            else:
                self.message.emit(job_id, kind, payload)
        outbox.put(None)  # ends the sending thread
        conn.close()
        with self._lock:
            lost = sorted(j for j, p in self._pending.items() if p is process)
            on_purpose = process.pid in self._stopped
        if not on_purpose:  # (stop() joins a process it stops; only one thread may reap)
            with self._reaping:
                process.join(STOP_WAIT_S)
        for job_id in lost:
            if on_purpose:
                self._answered(job_id, "cancelled", None, process)
            else:
                self._answered(job_id, "failed", process=process, payload=WorkerLost(
                    "The background worker stopped unexpectedly (exit status "
                    f"{process.exitcode}); what it finished is kept. Try again."))

    def _answered(self, job_id: int, kind: str, payload: object, process: Any) -> None:
        if self.after_job is not None and process.pid not in self._stopped:
            try:
                self.after_job()  # e.g. pick up the worker's writes; off the GUI thread
            except Exception:  # noqa: BLE001 - never lose the answer itself
                log.exception("after a worker job")
        self.message.emit(job_id, kind, payload)
        with self._lock:
            self._pending.pop(job_id, None)
            self._lock.notify_all()
