"""Background work (ops) and the one way errors are shown."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from paperdesk.errors import Cancelled, LibraryError
from paperdesk.gui import errors
from paperdesk.gui.ops import Ops, TaskProgress
from paperdesk.library.changes import Change
from paperdesk.progress import Progress, check_cancelled


def test_progress_adapter_follows_the_protocol(qtbot):
    p = TaskProgress("Work")
    assert isinstance(p, Progress)
    with qtbot.waitSignal(p.changed) as got:
        p.start(10, "Importing")
    assert got.args == [0, 10, "Importing"]
    p.advance(4)
    with qtbot.waitSignal(p.changed) as got:
        p.finish()
    assert got.args == [4, 10, "Importing"]
    assert not p.cancelled
    p.cancel()
    assert p.cancelled


def test_results_changes_and_errors_come_back_by_signal(qtbot):
    ops = Ops()
    got = []
    change = Change("stars", frozenset({1}), "Set")
    with qtbot.waitSignal(ops.changed) as changed:
        ops.write(lambda: change, got.append)
    assert changed.args == [change]
    qtbot.waitUntil(lambda: got == [change])
    with qtbot.waitSignal(ops.failed) as failed:
        ops.read(lambda: 1 / 0)
    assert isinstance(failed.args[0], ZeroDivisionError)
    qtbot.waitUntil(ops.is_idle)


def test_cancel_stops_long_work(qtbot):
    ops = Ops()
    started = []

    def work(progress):  # noqa: ANN001, ANN202
        progress.start(None, "Waiting")
        started.append(progress)
        while True:
            check_cancelled(progress)

    with qtbot.waitSignal(ops.busy) as busy:
        task = ops.long("Waiting", work)
    assert busy.args == [True]
    qtbot.waitUntil(lambda: bool(started))
    with qtbot.waitSignals([task.cancelled, ops.busy]):
        ops.cancel()
    qtbot.waitUntil(ops.is_idle)
    assert isinstance(Cancelled("x"), Exception)


def test_show_error_known_and_unexpected(qtbot):
    box = errors.show_error(None, LibraryError("/x: the library is read-only"))
    qtbot.addWidget(box)
    assert box.text() == "/x: the library is read-only" and not box.detailedText()
    try:
        raise KeyError("boom")
    except KeyError as exc:
        box = errors.show_error(None, exc)
    qtbot.addWidget(box)
    assert box.text() == "Unexpected error"
    assert "Traceback" in box.detailedText() and "KeyError" in box.informativeText()
    assert box.icon() == QMessageBox.Icon.Critical
    box.close()
