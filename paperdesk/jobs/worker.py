"""The worker process: import, tagging and indexing run here, not in the window's process.

Python runs one thread at a time in a process, and parsing, tokenizing and Whoosh's
indexing hold that lock for long stretches; in a thread of the window they made the
window stall for 100 ms and more. In a process of their own they cannot.

The worker opens the same library (SQLite in WAL mode and the library-wide index lock let
both processes write; see :meth:`SearchIndex.batch`) and serves jobs one at a time:
``(job id, function, args)`` comes in over a pipe, where the function is module-level
and called as ``function(lib, progress, *args)``; progress, then the result or the
error, go back. Nothing here imports Qt (the worker stays small: it never loads the GUI
package); the window's side is :mod:`paperdesk.gui.worker`.
"""

from __future__ import annotations

import logging
import os
import pickle
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from paperdesk.errors import Cancelled, KnownError, PaperdeskError
from paperdesk.library.changes import Change
from paperdesk.progress import ThrottledProgress
from paperdesk.records import plural, quoted

log = logging.getLogger("paperdesk.jobs")

#: seconds the worker waits for the index or the database while another process writes
INDEX_WAIT_S = 600.0
#: tagging uses one inference thread, leaving the other cores to the user
TAG_THREADS = 1
#: the worker runs this much "nicer" than the window (Linux niceness, 0–19): on a small
#: machine the window's edits and paints get the CPU first, bulk work the rest
WORKER_NICENESS = 5


def lower_priority(step: int = WORKER_NICENESS) -> int:
    """Lower this process's CPU priority by ``step`` (threads started later, such as
    ONNX Runtime's, inherit it); returns the niceness now (unchanged where the platform
    has no niceness)."""
    try:
        return os.nice(step)
    except (AttributeError, OSError):  # (Windows; or a limit that forbids it)
        return 0


class PipeProgress(ThrottledProgress):
    """The core's progress protocol, reported over the pipe; cancelled by the window.

    ``cancel_upto`` is shared memory the window sets: every job whose id is at most its
    value is cancelled; ``cancelled_ids`` (shared too) holds single jobs cancelled.
    """

    def __init__(self, conn: Connection, job_id: int, cancel_upto: Any,
                 cancelled_ids: Any = ()) -> None:
        super().__init__()
        self.conn = conn
        self.job_id = job_id
        self.cancel_upto = cancel_upto
        self.cancelled_ids = cancelled_ids

    @property
    def cancelled(self) -> bool:
        """True once the window cancelled this job."""
        return self.cancel_upto.value >= self.job_id or self.job_id in self.cancelled_ids[:]

    def report(self, done: int, total: int, label: str) -> None:
        self.conn.send((self.job_id, "progress", (done, total, label)))


def portable(exc: BaseException) -> BaseException:
    """``exc`` if it survives pickling, else an error of the same kind with its message."""
    try:
        copy = pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any exception class may refuse to pickle
        kind = KnownError if isinstance(exc, KnownError) else PaperdeskError
        copy = kind(str(exc) or type(exc).__name__)
    copy.__traceback_text__ = getattr(  # type: ignore[attr-defined]
        exc, "__traceback_text__", "".join(traceback.format_exception(exc)))
    return copy


def readable(result: Any) -> Any:
    """``result`` if the window can unpickle it (raises a clear error if not)."""
    try:
        pickle.loads(pickle.dumps(result))
    except Exception as exc:  # noqa: BLE001 - any object may refuse
        raise PaperdeskError(f"a background job returned what cannot be sent back: {exc}"
                             ) from exc
    return result


def serve(folder: str, jobs: Connection, conn: Connection, cancel_upto: Any,
          cancelled_ids: Any = ()) -> None:
    """The worker's main loop (the target of its process): run jobs that come in on
    ``jobs`` until told to stop, answering on ``conn``."""
    from paperdesk.library.library import Library

    logging.basicConfig(level=logging.WARNING, format="paperdesk worker: %(message)s")
    lower_priority()  # before any thread starts: they all inherit it
    _stop_cleanly_on_terminate()
    lib: Library | None = None
    try:
        while True:
            try:
                message = jobs.recv()
            except EOFError:  # the window went away
                return
            if message is None:
                return
            job_id, fn, args = message
            progress = PipeProgress(conn, job_id, cancel_upto, cancelled_ids)
            try:
                if progress.cancelled:
                    raise Cancelled("cancelled")
                if lib is None:
                    lib = Library.open(Path(folder), defer_index=True)
                    # (Cancel still stops a wait for the index)
                    lib.wait_for_others(index_s=INDEX_WAIT_S, database_s=INDEX_WAIT_S)
                if not lib.index.ready and fn is not rebuild_index:
                    lib.reindex(progress)  # every job needs the index; build it first
                reply = (job_id, "finished", readable(fn(lib, progress, *args)))
            except Cancelled as exc:  # an import says what it kept (its report)
                reply = (job_id, "cancelled", getattr(exc, "report", None))
            except SystemExit:  # terminated (see _stop_cleanly_on_terminate)
                raise
            except BaseException as exc:  # noqa: BLE001 - every error goes back to the window
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
                reply = (job_id, "failed", portable(exc))
            try:
                conn.send(reply)
            except (BrokenPipeError, EOFError):
                return
    finally:
        if lib is not None:
            lib.close()


def _stop_cleanly_on_terminate() -> None:
    """Make the window's terminate (quitting during bulk work) end the worker through its
    clean-up paths, not in the middle of them: SIGTERM raises SystemExit in the job, so an
    index write under way puts its papers back in the queue and SQLite's stamp back (a
    worker killed between the two made the next start rebuild the whole index), and an
    open transaction rolls back. Once: a second SIGTERM never interrupts that clean-up."""
    import signal

    def stopped(_signum: int, _frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        raise SystemExit(0)

    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, stopped)


# ---------------------------------------------------------------- the jobs
def rebuild_index(lib: Any, progress: Any) -> int:
    """Rebuild the search index from the database; returns the number of papers in it."""
    return lib.reindex(progress)


def index_papers(lib: Any, progress: Any, ids: Sequence[int]) -> int:
    """Index papers a window's edits changed (the window's index writes run here: in its
    own process a Whoosh commit held Python's lock ~50–100 ms, and the window's paints
    waited for it); returns how many were asked."""
    lib.sync_index(ids, small=True)  # (never merging a bulk import's segment)
    return len(ids)


def index_pending(lib: Any, progress: Any) -> int:
    """Index the papers left queued by other processes (a window indexes only its own
    edits, see :meth:`Library.index_own_edits_only`); returns the papers in the index."""
    progress.start(None, "Updating the search index")
    try:
        lib.sync_index()
    finally:
        progress.finish()
    return lib.index.doc_count()


def build_index(lib: Any, progress: Any) -> int:
    """Make sure the search index is built (the loop above builds it before any job);
    returns the number of papers in it."""
    return lib.index.doc_count()


def import_files(lib: Any, progress: Any, paths: Sequence[str], fmt: str | None = None,
                 on_duplicate: str = "merge") -> Any:
    """Import files (merging duplicates); returns the ImportReport (``report.change`` is
    its change record). Cancel keeps what was committed (``ImportInterrupted.report``)."""
    return lib.import_files([Path(p) for p in paths], fmt=fmt, on_duplicate=on_duplicate,
                            progress=progress)


def import_folder(lib: Any, progress: Any, folder: str, on_duplicate: str = "merge") -> Any:
    """Import every PDF and bibliography file below ``folder``; returns the ImportReport."""
    return lib.import_folder(Path(folder), on_duplicate=on_duplicate, progress=progress)


def import_zotero(lib: Any, progress: Any, path: str, groups: list[str],
                  base_dir: str | None = None) -> Any:
    """Import a Zotero library (its data folder or ``zotero.sqlite``); returns the
    ZoteroReport (``report.change`` is its change record)."""
    from paperdesk.library.zotero_import import import_zotero as run

    return run(lib, path, groups=groups, base_dir=Path(base_dir) if base_dir else None,
               progress=progress)


class TaggingCancelled(Cancelled):
    """A tagging run stopped by Cancel or Ctrl-C; the chunks it finished stay.
    ``report`` is the change record of what was kept."""

    def __init__(self, kept: int, report: Change) -> None:
        super().__init__(f"tagging cancelled; kept what was done: {kept} paper(s) tagged "
                         "(run it again to go on)")
        self.kept = kept
        self.report = report

    def __reduce__(self) -> tuple:
        return (type(self), (self.kept, self.report))


def tag_papers(lib: Any, progress: Any, ids: Sequence[int] | None, top_n: int,
               retag: bool = False, threads: int | None = TAG_THREADS) -> Any:
    """Suggest tags for papers, or for every paper not tagged yet when ``ids`` is None
    (chunk by chunk); returns the TagReport (``report.change`` is its change record).

    Raises:
        TaggingCancelled: on Cancel or Ctrl-C, saying how many papers were tagged (kept).
    """
    wanted = None if ids is None else list(ids)
    before = set(lib.tagging.pending_ids(wanted, retag))
    try:
        return lib.tagging.tag(wanted, retag=retag, top_n=top_n, threads=threads,
                               progress=progress)
    except (Cancelled, KeyboardInterrupt) as exc:
        # the run says which it tagged; else (Ctrl-C mid-chunk) those no longer pending,
        # which a re-tag cannot tell (papers tagged again are never pending)
        kept = exc.paper_ids if isinstance(exc, Cancelled) else None
        if kept is None:
            kept = [] if retag else before - set(lib.tagging.pending_ids(wanted, retag))
        done = frozenset(kept)
        change = Change("tags", done, f"Tagging cancelled: {plural(len(done), 'paper')} tagged",
                        sidebar=frozenset({"tags"} if done else ()), index=bool(done),
                        membership=False)
        raise TaggingCancelled(len(done), change) from exc


def embed_papers(lib: Any, progress: Any) -> Change:
    """Compute the vectors Best match needs for papers that lack them (no tagging)."""
    ids = lib.tagging.embed_pending(progress, threads=TAG_THREADS)
    return Change("vectors", frozenset(), f"Computed vectors for {plural(len(ids), 'paper')}")


def teach_vocabulary(lib: Any, progress: Any, action: str, names: list[str]) -> Change:
    """Rename ("rename", [old, new]), merge ("merge", [source, target]), ban ("ban",
    [name]) or unban ("unban", [name]) a vocabulary entry, then refresh the suggestions it
    changes; returns the change record: the papers that had the tag or whose suggestions
    changed."""
    progress.start(None, "Updating tag suggestions")
    sources = names[:1] if action != "merge" else names[:-1]
    had = {pid for name in sources for pid in lib.tags._papers_tagged(name)}
    try:
        if action == "ban":
            report = lib.vocabulary.ban(names[0])
        elif action == "unban":
            report = lib.vocabulary.unban(names[0])
        elif action == "merge":
            report = lib.vocabulary.merge(names[:-1], names[-1])
        else:
            report = lib.vocabulary.rename(names[0], names[1])
    finally:
        progress.finish()
    ids = frozenset(had | set(report.changed_ids if report is not None else ()))
    # the papers a tag's list shows change (a merge brings the source's papers to the
    # target's list, which did not show them)
    return Change("tags", ids, _taught(action, names), sidebar=frozenset({"tags"}),
                  index=bool(ids), membership=True)


def _taught(action: str, names: list[str]) -> str:
    """What a vocabulary edit did, in words ("Renamed “LM” to “language models”")."""
    if action == "rename":
        return f"Renamed {quoted(names[:1])} to {quoted(names[1:2])}"
    if action == "merge":
        return f"Merged {quoted(names[:-1])} into {quoted(names[-1:])}"
    if action == "ban":
        return f"Banned {quoted(names[:1])}: it is no longer suggested"
    return f"Unbanned {quoted(names[:1])}: it may be suggested again"


def refresh_suggestions(lib: Any, progress: Any, change: Change | None) -> Change:
    """After an undo or redo (``change``) of a rename, merge or ban: the suggestions
    follow the vocabulary's rules as they are now."""
    progress.start(None, "Updating tag suggestions")
    try:
        report = lib.vocabulary.after_undo(change)
    finally:
        progress.finish()
    ids = frozenset(report.changed_ids if report is not None else ())
    # (a tag's list changes: an undone merge left a paper the merge had given the tag;
    # no message: "Updated tag suggestions" replaced the undo's "Undid: …" at once)
    return Change("tags", ids, "", sidebar=frozenset({"tags"}), index=bool(ids),
                  membership=True)


Job = Callable[..., Any]


def run_here(lib: Any, fn: Job, *args: Any, progress: Any) -> Any:
    """Run a job in this process, as the command line does: the very function the
    window's worker runs, with the same progress. Ctrl-C cancels it like the window's
    Cancel (it stops at its next check and keeps what it committed; the error says what);
    a second Ctrl-C interrupts at once. ``progress`` needs a ``cancel()`` method."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return fn(lib, progress, *args)

    def on_interrupt(signum: int, frame: Any) -> None:
        if progress.cancelled:
            raise KeyboardInterrupt
        progress.cancel()

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        result = fn(lib, progress, *args)
        if progress.cancelled:  # asked to stop after its last check: it finished anyway
            log.info("the job finished before it saw the cancel")
        return result
    finally:
        signal.signal(signal.SIGINT, previous)
