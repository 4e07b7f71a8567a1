"""The progress protocol shared by import, tagging, indexing and export.

Long work takes a ``progress`` argument. The GUI adapts it to a progress bar with
Cancel, the CLI to a terminal bar, tests to a fake. Work calls :meth:`Progress.start`
once, :meth:`Progress.advance` as it goes and :meth:`Progress.finish` at the end, and
checks :meth:`Progress.check_cancelled` between units of work.
"""

from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO, runtime_checkable

from paperdesk.errors import Cancelled


@runtime_checkable
class Progress(Protocol):
    """What long-running work reports to."""

    def start(self, total: int | None, label: str = "") -> None:
        """Work of ``total`` units (None: unknown) begins."""

    def advance(self, n: int = 1) -> None:
        """``n`` more units are done."""

    def finish(self) -> None:
        """The work is over (done, failed or cancelled)."""

    @property
    def cancelled(self) -> bool:
        """True once the user asked to stop."""


class NullProgress:
    """Progress that shows nothing and is never cancelled."""

    cancelled = False

    def start(self, total: int | None, label: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def check_cancelled(progress: Progress) -> None:
    """Raise :class:`Cancelled` if ``progress`` says the user cancelled."""
    if progress.cancelled:
        raise Cancelled("cancelled")


class ThrottledProgress:
    """Counts work and hands it to :meth:`report` at most every :attr:`every` seconds
    (always at start and finish): the base of the window's progress adapters."""

    every = 0.05

    def __init__(self, label: str = "") -> None:
        self.label = label
        self.total = 0
        self.done = 0
        self._last = 0.0

    def start(self, total: int | None, label: str = "") -> None:
        self.total, self.done = total or 0, 0
        self.label = label or self.label
        self._report_now(force=True)

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._report_now()

    def finish(self) -> None:
        self._report_now(force=True)

    def report(self, done: int, total: int, label: str) -> None:
        """Show or send the state (``total`` 0: unknown); subclasses say how."""
        raise NotImplementedError

    def _report_now(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.every:
            self._last = now
            self.report(self.done, self.total, self.label)


def job_and_step(job: str, step: str) -> str:
    """What a progress line says: "Tagging new papers: Loading the tagging model"; a step
    that says what the job says adds only its aside ("Tagging new papers (17.5 papers/s)"
    for the step "Tagging papers (17.5 papers/s)")."""
    if not job or not step or step == job:
        return step or job
    if step.split(" ", 1)[0] != job.split(" ", 1)[0]:
        return f"{job}: {step}"
    return f"{job} {step[step.index('('):]}" if "(" in step else job


#: Not on a terminal (a log, a script), long work prints a line this often (seconds).
LOG_EVERY_S = 30.0


class TerminalProgress:
    """A one-line progress bar on a terminal (stderr); not on one (a log file, a pipe),
    a plain line every :data:`LOG_EVERY_S` seconds of long work, nothing for short work
    (a 60 s ``tag --all`` into a log said nothing). ``job`` is the job's label, shown
    before the bar; :meth:`cancel` (Ctrl-C, see :func:`paperdesk.jobs.run_here`) asks the
    work to stop at its next check."""

    def __init__(self, stream: TextIO | None = None, min_interval: float = 0.1,
                 job: str = "") -> None:
        self.cancelled = False
        self.job = job
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.min_interval = min_interval
        self.total: int | None = None
        self.done = 0
        self.label = ""
        self._last = 0.0
        self._t0 = 0.0

    def start(self, total: int | None, label: str = "") -> None:
        self.total, self.done, self.label = total, 0, label
        self._t0 = time.monotonic()
        self._draw(force=True)

    def cancel(self) -> None:
        """Ask the work to stop at its next check (what it committed stays)."""
        self.cancelled = True

    def advance(self, n: int = 1) -> None:
        self.done += n
        self._draw()

    def finish(self) -> None:
        if self.enabled:
            self._draw(force=True)
            self.stream.write("\n")
            self.stream.flush()

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            self._log_line()
            return
        now = time.monotonic()
        if not force and now - self._last < self.min_interval:
            return
        self._last = now
        rate = self.done / max(now - self._t0, 1e-9)
        label = job_and_step(self.job, self.label)
        speed = "" if label.endswith("/s)") else f" ({rate:.0f}/s)"  # said by the label
        if self.total:
            frac = min(self.done / self.total, 1.0)
            bar = "#" * int(frac * 30)
            text = f"\r{label} [{bar:<30}] {self.done}/{self.total}{speed}"
        elif not self.done:  # a step of unknown length, not begun ("Loading the model")
            text = f"\r{label}…"
        else:
            text = f"\r{label} {self.done}{speed}"
        self.stream.write(text)
        self.stream.flush()

    def _log_line(self) -> None:
        """Not on a terminal: "Tagging papers: 1200/5000 (31/s)" once in a while."""
        now = time.monotonic()
        if not self.total or not self.done or now - max(self._t0, self._last) < LOG_EVERY_S:
            return
        self._last = now
        rate = self.done / max(now - self._t0, 1e-9)
        label = job_and_step(self.job, self.label)
        speed = "" if label.endswith("/s)") else f" ({rate:.0f}/s)"
        self.stream.write(f"{label}: {self.done}/{self.total}{speed}\n")
        self.stream.flush()
