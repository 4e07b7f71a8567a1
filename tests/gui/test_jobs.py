"""Jobs: each has a label and its own Cancel, a queued job survives another's cancel,
interactive jobs run beside bulk work, the jobs panel lists them, quitting is quick."""

from __future__ import annotations

import os
import time

import worker_jobs

from paperdesk.gui.ops import Ops
from paperdesk.gui.widgets.jobs_panel import JobsPanel
from tests.gui.conftest import wait_idle

TIMEOUT = 60_000


def _ops(lib) -> Ops:
    ops = Ops()
    ops.set_library(lib)
    return ops


def _running(qtbot, ops, task):
    qtbot.waitUntil(lambda: (e := ops.entry_of(task)) is not None and e.state == "running"
                    and e.done > 0, timeout=TIMEOUT)


def test_cancel_cancels_only_its_own_job_and_the_queued_one_still_runs(qtbot, lib):
    ops = _ops(lib)
    first = ops.long_job("First", worker_jobs.wait_for_cancel)
    queued = ops.long_job("Queued", worker_jobs.whoami)
    assert [(e.label, e.state) for e in ops.entries] == [("First", "running"),
                                                         ("Queued", "queued")]
    _running(qtbot, ops, first)
    got = []
    queued.finished.connect(got.append)
    with qtbot.waitSignals([first.cancelled, queued.finished], timeout=TIMEOUT):
        ops.cancel_job(ops.entry_of(first).id)
    assert got and got[0][0] != os.getpid()  # the queued job ran, in the worker
    qtbot.waitUntil(ops.is_idle)
    assert ops.entries == []
    ops.stop_worker()


def test_cancelling_a_queued_job_leaves_the_running_one(qtbot, lib):
    ops = _ops(lib)
    first = ops.long_job("First", worker_jobs.wait_for_cancel)
    queued = ops.long_job("Queued", worker_jobs.whoami)
    _running(qtbot, ops, first)
    with qtbot.waitSignal(queued.cancelled, timeout=5000):
        ops.cancel_job(ops.entry_of(queued).id)
    assert [e.label for e in ops.entries] == ["First"]
    time.sleep(0.2)
    assert ops.entry_of(first).state == "running"
    with qtbot.waitSignal(first.cancelled, timeout=TIMEOUT):
        ops.cancel_job(ops.entry_of(first).id)
    ops.stop_worker()


def test_an_interactive_job_runs_beside_bulk_work(qtbot, lib):
    ops = _ops(lib)
    bulk = ops.long_job("Tagging 5,000 papers", worker_jobs.wait_for_cancel)
    _running(qtbot, ops, bulk)
    got = []
    start = time.monotonic()
    with qtbot.waitSignal(ops.long_job("Importing one.bib", worker_jobs.whoami,
                                       on_done=got.append, interactive=True).finished,
                          timeout=TIMEOUT):
        pass
    assert time.monotonic() - start < 30
    assert ops.entry_of(bulk).state == "running"  # bulk work goes on
    with qtbot.waitSignal(bulk.cancelled, timeout=TIMEOUT):
        ops.cancel()
    ops.stop_worker()


def test_jobs_panel_lists_jobs_with_a_cancel_each(qtbot, window):
    ops = window.ops
    first = ops.long_job("Tagging 5,000 papers", worker_jobs.wait_for_cancel)
    second = ops.long_job("Rebuilding the index", worker_jobs.whoami)
    # the status bar has the label from the start
    assert window.progress.isVisible()
    assert window.job_label.isVisible() and window.job_label.text() == "Tagging 5,000 papers"
    assert window.jobs_button.isVisible() and window.jobs_button.text() == "2 jobs"
    window.actions_["jobs"].trigger()
    panel = window.jobs_panel
    assert isinstance(panel, JobsPanel) and panel.isVisible()
    rows = panel.rows()
    assert [r[0] for r in rows] == ["Tagging 5,000 papers", "Rebuilding the index"]
    assert rows[0][1] == "running · background" and rows[1][1] == "queued · background"
    _running(qtbot, ops, first)
    qtbot.waitUntil(lambda: panel.rows()[0][2] != "", timeout=TIMEOUT)
    # the queued job's Cancel
    with qtbot.waitSignal(second.cancelled, timeout=5000):
        panel.cancel_buttons()[1].click()
    assert [r[0] for r in panel.rows()] == ["Waiting"]  # (the running job's own label)
    # the status bar's Cancel cancels the job it shows
    with qtbot.waitSignal(first.cancelled, timeout=TIMEOUT):
        window.cancel_button.click()
        # said at once: a tester saw nothing for 4 s while a chunk of papers finished
        assert window.job_label.text() == "Cancelling: Waiting…"
    wait_idle(qtbot, window)
    assert panel.rows() == [] and panel.empty.isVisible()
    assert not window.progress.isVisible()  # a finished job does not linger


def test_quit_takes_under_a_second_while_a_job_runs(qtbot, window):
    task = window.ops.long_job("Busy", worker_jobs.ignore_cancel, 30)
    qtbot.waitUntil(lambda: window.ops.worker is not None and window.ops.worker.busy,
                    timeout=TIMEOUT)
    qtbot.wait(300)
    start = time.monotonic()
    window.close()
    took = time.monotonic() - start
    assert took < 1.0, took
    assert task not in window.ops.tasks


def test_ctrl_j_shows_and_hides_the_jobs_panel(qtbot, window):
    window.actions_["jobs"].trigger()
    assert window.jobs_panel.isVisible()
    window.actions_["jobs"].trigger()
    assert not window.jobs_panel.isVisible()
    window.actions_["jobs"].trigger()
    assert window.jobs_panel.isVisible()


def test_a_job_cancelled_too_late_says_it_went_through(qtbot, lib):
    """Cancel on a rename's update of the suggestions showed "Cancelling…", and then the
    rename was done with nothing to say so."""
    ops = _ops(lib)
    task = ops.long_job("Renaming", worker_jobs.done_regardless)
    _running(qtbot, ops, task)
    with qtbot.waitSignal(ops.changed, timeout=TIMEOUT) as said:
        ops.cancel_job(ops.entry_of(task).id)
    assert said.args[0].description == "Renamed “a” to “b” (done before Cancel could stop it)"
    qtbot.waitUntil(ops.is_idle)
    ops.stop_worker()
