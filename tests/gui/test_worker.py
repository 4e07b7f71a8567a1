"""The window's worker process: import and tagging run outside the window's process."""

from __future__ import annotations

import os
from pathlib import Path

import worker_jobs

from paperdesk.errors import InputFileError, KnownError, PaperdeskError
from paperdesk.gui.ops import Ops

TIMEOUT = 60_000


def _ops(qtbot, lib) -> Ops:  # noqa: ANN001
    ops = Ops()
    ops.set_library(lib)
    return ops


def test_a_job_runs_in_another_process_with_progress(qtbot, lib):
    ops = _ops(qtbot, lib)
    seen = []
    ops.progress.connect(lambda done, total, label: seen.append((done, total, label)))
    got = []
    with qtbot.waitSignal(ops.idle, timeout=TIMEOUT):
        ops.long_job("Asking", worker_jobs.whoami, on_done=got.append)
    pid, folder = got[0]
    assert pid != os.getpid() and folder == str(lib.folder)
    assert (2, 2, "Asking") in seen
    with qtbot.waitSignal(ops.idle, timeout=TIMEOUT):  # the same process serves the next job
        ops.long_job("Asking", worker_jobs.whoami, on_done=got.append)
    assert got[1][0] == pid
    ops.stop_worker()


def test_cancel_stops_a_job_in_the_worker(qtbot, lib):
    ops = _ops(qtbot, lib)
    with qtbot.waitSignal(ops.progress, timeout=TIMEOUT,
                          check_params_cb=lambda done, total, label: done > 0):
        task = ops.long_job("Waiting", worker_jobs.wait_for_cancel)
        queued = ops.long_job("Waiting", worker_jobs.wait_for_cancel)
    with qtbot.waitSignals([task.cancelled, queued.cancelled, ops.idle], timeout=TIMEOUT):
        ops.cancel()
    assert task.result is None and queued.result is None
    ops.stop_worker()


def test_submitting_never_waits_for_a_busy_worker(qtbot, lib):
    """A job's arguments larger than the pipe's buffer, sent while the worker is busy."""
    ops = _ops(qtbot, lib)
    with qtbot.waitSignal(ops.progress, timeout=TIMEOUT,
                          check_params_cb=lambda done, total, label: done > 0):
        first = ops.long_job("Waiting", worker_jobs.wait_for_cancel)
    big = ops.long_job("Asking", worker_jobs.whoami_with, list(range(300_000)))
    # had the window sent it itself, it would have waited for the worker to read it, i.e.
    # for the first job (which runs until cancelled) to end
    assert first in ops.jobs.values() and first.result is None
    with qtbot.waitSignals([first.cancelled, big.cancelled, ops.idle], timeout=TIMEOUT):
        ops.cancel()
    ops.stop_worker()


def test_answers_for_a_closed_library_are_dropped(qtbot, lib, tmp_path):
    from paperdesk.library.library import Library

    ops = _ops(qtbot, lib)
    got = []
    gate = __import__("threading").Event()
    ops.read(lambda: gate.wait(10) and "old library", got.append)
    with Library.open(tmp_path / "other") as other:
        ops.set_library(other)  # (the window does this when it switches library)
        gate.set()
        qtbot.waitUntil(ops.is_idle)
    assert got == []
    ops.stop_worker()


def test_errors_come_back_with_their_message(qtbot, lib, tmp_path: Path):
    ops = _ops(qtbot, lib)
    with qtbot.waitSignal(ops.failed, timeout=TIMEOUT) as failed:
        ops.long_job("Importing", worker_jobs.bad_file, str(tmp_path / "x.bib"))
    exc = failed.args[0]
    assert isinstance(exc, InputFileError) and exc.path == str(tmp_path / "x.bib")
    assert "Traceback" in exc.__traceback_text__  # kept for the log
    with qtbot.waitSignal(ops.failed, timeout=TIMEOUT) as failed:
        ops.long_job("Odd", worker_jobs.odd_error)
    assert isinstance(failed.args[0], PaperdeskError) and str(failed.args[0]) == "one and two"
    qtbot.waitUntil(ops.is_idle)
    ops.stop_worker()


def test_a_dead_worker_fails_its_job_and_the_next_job_starts_a_new_one(qtbot, lib):
    ops = _ops(qtbot, lib)
    got = []
    with qtbot.waitSignal(ops.idle, timeout=TIMEOUT):
        ops.long_job("Asking", worker_jobs.whoami, on_done=got.append)
    changes, failures = [], []
    ops.changed.connect(changes.append)
    ops.failed.connect(failures.append)
    with qtbot.waitSignal(ops.failed, timeout=TIMEOUT):
        ops.long_job("Dying", worker_jobs.die)
    assert [c.kind for c in changes] == ["reload"]  # the window shows what was committed
    assert isinstance(failures[0], KnownError)
    assert "stopped unexpectedly (exit status 3)" in str(failures[0])
    qtbot.waitUntil(ops.is_idle)
    with qtbot.waitSignal(ops.idle, timeout=TIMEOUT):
        ops.long_job("Asking", worker_jobs.whoami, on_done=got.append)
    assert got[1][0] != got[0][0]
    ops.stop_worker()


def test_window_edits_while_the_worker_imports(qtbot, window, shared_data):
    """A star set during a background import lands, the import lands, and the window's
    search sees both (the index has each paper once)."""
    lib = window.lib
    before = lib.count()
    first = lib.papers.ids()[0]
    starred = []

    def star_midway(done: int, total: int, label: str) -> None:
        # the worker is inside its transaction now, holding the database and the index
        if label == "Importing" and done > 0 and not starred:
            starred.append(window.ops.write(lambda: lib.papers.set_stars(first, 4)))

    window.ops.progress.connect(star_midway)
    with qtbot.waitSignal(window.importFinished, timeout=120_000) as finished:
        window.import_files([shared_data / "acl" / "acl_5k.bib"], show_report=False)
    report = finished.args[0]
    assert report.added > 4000 and not report.problems
    qtbot.waitUntil(window.ops.is_idle, timeout=TIMEOUT)
    assert starred and starred[0].error is None
    assert lib.count() == before + report.added
    assert lib.get(first).stars == 4
    starred = [h.paper_id for h in lib.search("stars:4", limit=None)]
    assert first in starred and len(starred) == len(set(starred))
    assert lib.index.doc_count() == lib.count()
    assert lib.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
    assert window.model.rowCount() == lib.count()


def test_a_large_library_with_a_lost_index_opens_at_once(qtbot, sample_lib, gui_settings,
                                                       tmp_path, monkeypatch):
    """The window shows the table at once; the worker rebuilds the index; search then works."""
    import shutil

    from PySide6.QtCore import QSettings

    from paperdesk.gui.mainwindow import SEARCH_HINT, MainWindow
    from paperdesk.library.library import Library
    from paperdesk.search import index as index_module

    folder = sample_lib.folder
    sample_lib.close()
    shutil.rmtree(folder / "index")
    monkeypatch.setattr(index_module, "DEFER_ABOVE", 10)  # the sample counts as large
    lib = Library.open(folder, defer_index=True)
    assert not lib.index.ready
    state = QSettings(str(tmp_path / "state.ini"), QSettings.Format.IniFormat)
    win = MainWindow(lib, gui_settings, state, settings_path=tmp_path / "settings.json")
    qtbot.addWidget(win)
    win.show()
    assert win.model.rowCount() == 98  # the table does not wait for the index
    assert "being rebuilt" in win.search.placeholderText()
    with qtbot.waitSignal(win.searchFinished, timeout=TIMEOUT):  # long before the worker is up
        win.run_search("reward")
    assert "being rebuilt" in win.statusBar().currentMessage()
    qtbot.waitUntil(win.ops.is_idle, timeout=TIMEOUT)
    assert win.search.placeholderText() == SEARCH_HINT
    assert "Search index rebuilt (98 papers)" in win.statusBar().currentMessage()
    with qtbot.waitSignal(win.searchFinished, timeout=TIMEOUT):
        qtbot.keyClicks(win.search, "reward")
    assert 0 < win.model.rowCount() < 98
    win.close()
    lib.close()


def test_switching_library_while_a_job_ignores_cancel(qtbot, window, tmp_path):
    """The worker is ended; its job ends as cancelled; nothing touches the old library."""
    old = window.lib
    with qtbot.waitSignal(window.ops.progress, timeout=TIMEOUT,
                          check_params_cb=lambda done, total, label: label == "Busy in the worker"):
        task = window.ops.long_job("Busy", worker_jobs.ignore_cancel, 60)
    with qtbot.waitSignal(task.cancelled, timeout=TIMEOUT):
        assert window.switch_library(tmp_path / "other")
    qtbot.waitUntil(window.ops.is_idle, timeout=TIMEOUT)
    assert window.lib is not old and window.model.rowCount() == 0
    assert window.progress.isHidden()


def test_a_terminated_worker_runs_its_clean_up(qtbot, lib, tmp_path: Path):
    """Quitting during bulk work terminates a worker that does not stop at once: the job
    still runs its clean-up (an index write puts its papers back in the queue; killed in
    the middle, the next start rebuilt the whole index)."""
    ops = _ops(qtbot, lib)
    mark = tmp_path / "mark"
    with qtbot.waitSignal(ops.progress, timeout=TIMEOUT,
                          check_params_cb=lambda done, total, label: label == "Busy in the worker"):
        ops.long_job("Busy", worker_jobs.clean_up_marks, str(mark))
    ops.stop_worker(0.1)
    qtbot.waitUntil(mark.exists, timeout=10_000)
    assert mark.read_text() == "cleaned up"


def test_the_worker_runs_at_a_lower_priority_than_the_window(qtbot, lib):
    """On a small machine the window's edits get the CPU before bulk work: the worker
    process (and every thread it starts) runs niced."""
    from paperdesk.jobs.worker import WORKER_NICENESS

    ops = _ops(qtbot, lib)
    got = []
    with qtbot.waitSignal(ops.idle, timeout=TIMEOUT):
        ops.long_job("Asking", worker_jobs.niceness, on_done=got.append)
    mine = os.nice(0)
    worker, thread = got[0]
    assert worker == min(19, mine + WORKER_NICENESS) and thread == worker
    assert worker > mine
    ops.stop_worker()
