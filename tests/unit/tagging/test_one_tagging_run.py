"""One tagging run at a time per library: a second run (another window or ``paperdesk
tag --all`` in another terminal) waits for the first, then tags only what it left (it
used to tag every paper again beside the first)."""

from __future__ import annotations

import threading
import time

import pytest
from vocabulary_docs import MT, PARSING, make_lib

from paperdesk import Library
from paperdesk.errors import Cancelled
from paperdesk.library.waiting import TAGGING_WAIT_MESSAGE, WriterQueue


class Recorder:
    """Progress that records its labels and can be cancelled."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.cancelled = False

    def start(self, total: int | None, label: str = "") -> None:
        self.labels.append(label)

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def _wait_for(condition, timeout: float = 30.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_the_lock_is_held_by_one_run_and_a_waiter_is_told_once(tmp_path):
    first, second = WriterQueue(tmp_path), WriterQueue(tmp_path)
    said: list[str] = []
    second.on_wait = said.append
    waited, got = [], threading.Event()

    def run() -> None:
        with second.tagging(waiting=lambda: waited.append(1)):
            got.set()

    with first.tagging():
        thread = threading.Thread(target=run)
        thread.start()
        _wait_for(lambda: waited)
        time.sleep(0.3)
        assert not got.is_set()  # still waiting
    thread.join(10)
    assert got.is_set() and waited == [1] and said == [TAGGING_WAIT_MESSAGE]


def test_a_cancelled_wait_ends_without_the_lock(tmp_path):
    first, second = WriterQueue(tmp_path), WriterQueue(tmp_path)
    with first.tagging():
        with second.tagging(cancelled=lambda: True):
            pass  # (the caller checks for cancelling: see the next test)


def test_cancelling_a_waiting_run_tags_nothing(lib, onnx_tagger):
    make_lib(lib, MT[:2])
    other = Library.open(lib.folder)
    try:
        progress = Recorder()
        progress.cancelled = True
        with other.queue.tagging(), pytest.raises(Cancelled):
            lib.tagging.tag(progress=progress)
        assert lib.tagging.pending_ids() != []
    finally:
        other.close()


def test_a_second_run_waits_then_tags_only_what_is_left(lib, onnx_tagger):
    make_lib(lib, MT + PARSING)
    other = Library.open(lib.folder)  # as another process would open it
    try:
        go, started = threading.Event(), threading.Event()
        real = other.tagging._tag

        def held(*args, **kwargs):  # noqa: ANN002, ANN003
            started.set()
            go.wait(30)
            return real(*args, **kwargs)

        other.tagging._tag = held  # type: ignore[method-assign]
        reports = {}
        first = threading.Thread(target=lambda: reports.setdefault(
            "first", other.tagging.tag()))
        first.start()
        _wait_for(started.is_set)
        progress = Recorder()
        second = threading.Thread(target=lambda: reports.setdefault(
            "second", lib.tagging.tag(progress=progress)))
        second.start()
        _wait_for(lambda: progress.labels)
        assert progress.labels[0].startswith("Waiting for another PaperDesk to finish tagging")
        go.set()
        first.join(120)
        second.join(120)
        assert reports["first"].tagged == len(MT + PARSING)
        assert reports["second"].tagged == 0  # nothing was left
    finally:
        other.close()


class CancelAfterFirstChunk(Recorder):
    """Cancel pressed once the first chunk of papers is tagged."""

    def advance(self, n: int = 1) -> None:
        self.cancelled = True


def test_a_cancelled_run_says_it_keeps_what_it_tagged(lib, onnx_tagger):
    """A review: after Cancel, "Cancelling: Updating tag suggestions…" ran for 20 s and
    the tag counts then jumped; the step now says what it is for."""
    make_lib(lib, (MT + PARSING) * 3)  # 21 papers: a first chunk of 16, then the rest
    progress = CancelAfterFirstChunk()
    with pytest.raises(Cancelled) as got:
        lib.tagging.tag(progress=progress)
    assert len(got.value.paper_ids) == 16
    assert "Keeping the 16 papers tagged: updating tag suggestions" in progress.labels
    assert len(lib.tagging.pending_ids()) == 5
