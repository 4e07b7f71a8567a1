"""One owner of bulk index writes: the window indexes only its own edits (small commits
that never merge a bulk writer's segments); papers other processes left queued (bulk
work, a crash, a quit in the middle of an import) are indexed by the worker process."""

from __future__ import annotations

from paperdesk import Library, jobs
from paperdesk.search.index import TINY_SEGMENTS
from tests.gui.conftest import make_window, wait_idle


def _found(lib: Library, query: str) -> list[int]:
    return [h.paper_id for h in lib.search(query, mode="keyword")]


def _left_queued(folder, pid: int, text: str) -> None:  # noqa: ANN001
    """Another writer (a worker's bulk job, a process that then died) commits a note and
    leaves the paper queued for the index, not indexed."""
    other = Library.open(folder)
    other.index_later = True
    other.notes.set(pid, text)
    other.close()


def _no_index_writes_here(lib: Library, monkeypatch) -> list[object]:  # noqa: ANN001
    """Records every index write of the window's own process (there must be none)."""
    writes: list[object] = []
    monkeypatch.setattr(lib.index, "flush", lambda *a, **k: writes.append(a))
    return writes


def test_window_edits_are_indexed_by_the_worker_not_the_window(qtbot, window, monkeypatch):
    lib = window.lib
    writes = _no_index_writes_here(lib, monkeypatch)
    mine = window.model.ids[1]
    window.select_ids([mine])
    wait_idle(qtbot, window)
    window.panel.note.saveRequested.emit(mine, "zebrafish notes")
    wait_idle(qtbot, window)
    assert _found(lib, "note:zebrafish") == [mine]  # searchable once the window is idle
    assert writes == []
    assert not lib.index.has_queued()


def test_edits_during_bulk_work_are_searchable_and_the_bulk_papers_follow(qtbot, window,
                                                                         monkeypatch):
    """While bulk work runs in another process (an import, tagging), an edit is indexed
    at once and the bulk work's queued papers are left to it; once it ends, they are
    indexed too (by the bulk job's own last step; here the worker's index_pending)."""
    lib = window.lib
    writes = _no_index_writes_here(lib, monkeypatch)
    theirs, mine = window.model.ids[0], window.model.ids[1]
    with lib.queue.importing():  # (what an import or tagging job holds while it runs)
        _left_queued(lib.folder, theirs, "quokka habitat")
        window.select_ids([mine])
        wait_idle(qtbot, window)
        window.panel.note.saveRequested.emit(mine, "zebrafish notes")
        wait_idle(qtbot, window)
        assert _found(lib, "note:zebrafish") == [mine]
        assert _found(lib, "note:quokka") == []  # the bulk job's: it indexes them itself
        assert lib.index.has_queued()
    done: list[object] = []
    window.ops.long_job("Updating the search index", jobs.index_pending, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=60000)
    wait_idle(qtbot, window)
    assert _found(lib, "note:quokka") == [theirs]
    assert not lib.index.has_queued()
    assert writes == []


def test_papers_left_queued_are_indexed_when_the_window_opens(qtbot, sample_lib,
                                                              gui_settings, tmp_path):
    """A window closed (or killed) while bulk work ran: its papers are committed but not
    indexed; the next window has its worker index them, and search finds them."""
    folder = sample_lib.folder
    pid = sample_lib.papers.ids()[3]
    sample_lib.close()
    _left_queued(folder, pid, "platypus sightings")
    lib = Library.open(folder, defer_index=True, lazy_index=True)  # as the app opens it
    win = make_window(qtbot, lib, gui_settings, tmp_path)
    try:
        qtbot.waitUntil(lambda: lib.index_opened and not lib.index.has_queued()
                        and win.ops.is_idle(), timeout=60000)
        lib.reload()
        assert _found(lib, "note:platypus") == [pid]
    finally:
        win.close()
        win.ops.wait()
        lib.close()


def test_window_commits_never_merge_a_large_segment(qtbot, window):
    lib = window.lib
    lib.index_own_edits_only(merge_max_docs=5)
    ix = lib.index._ix

    def large() -> list[str]:
        return [s.segment_id() for s in ix._segments() if s.doc_count_all() > 5]

    before = large()
    assert before  # the sample's import wrote one large segment
    ids = window.model.ids[:TINY_SEGMENTS + 2]
    for n, pid in enumerate(ids):
        lib.notes.set(pid, f"wombat{n} note")
        lib.sync_index()
        assert large() == before  # (it would have been merged with the edits' ones)
    assert len(ix._segments()) <= len(before) + TINY_SEGMENTS
    for n, pid in enumerate(ids):
        assert _found(lib, f"note:wombat{n}") == [pid]


def test_the_workers_small_index_writes_never_merge_a_large_segment(sample_lib, monkeypatch):
    """What the worker does for a window's edits (jobs.index_papers): a small commit."""
    from paperdesk.library import library as library_module

    monkeypatch.setattr(library_module, "SMALL_MERGE_DOCS", 5)
    lib = sample_lib
    lib.index_later = True
    ix = lib.index._ix
    before = [s.segment_id() for s in ix._segments() if s.doc_count_all() > 5]
    assert before
    ids = lib.papers.ids()[:TINY_SEGMENTS + 2]
    for n, pid in enumerate(ids):
        lib.notes.set(pid, f"numbat{n} note")
        assert jobs.index_papers(lib, None, [pid]) == 1
        assert [s.segment_id() for s in ix._segments() if s.doc_count_all() > 5] == before
    assert lib.index.merge_max_docs is None  # (bulk writes merge as before)
    for n, pid in enumerate(ids):
        assert _found(lib, f"note:numbat{n}") == [pid]


def test_interactive_worker_can_start_before_the_first_edit(qtbot, window):
    """The application starts the worker that indexes edits after its first paint, so the
    first edit of a session does not wait for a process to start; the first edit then
    goes to that same process."""
    window.ops.prestart_interactive()
    started = window.ops.fast_worker
    assert started is not None and started._process.is_alive()
    mine = window.model.ids[1]
    window.select_ids([mine])
    wait_idle(qtbot, window)
    window.panel.note.saveRequested.emit(mine, "axolotl notes")
    wait_idle(qtbot, window)
    assert _found(window.lib, "note:axolotl") == [mine]
    assert window.ops.fast_worker is started


def test_the_window_opens_the_searcher_of_bulk_work_commits_between_keystrokes(qtbot, window,
                                                                               monkeypatch):
    """While bulk work runs, the window notices another process's index commit and opens
    the new searcher on the search lane by itself (the next keystroke does not pay for
    it); with no bulk work running it does not look."""
    import threading

    lib = window.lib
    caught: list[bool] = []
    catch_up = lib.index.catch_up
    monkeypatch.setattr(lib.index, "catch_up", lambda: caught.append(catch_up()) or caught[-1])
    release = threading.Event()
    window.ops.long("Bulk work", lambda _progress: release.wait(30), write=False)
    qtbot.waitUntil(window.index_watch.isActive, timeout=5000)
    pid = window.model.ids[2]
    other = Library.open(lib.folder)  # another process: a worker's bulk job indexing
    other.notes.set(pid, "wombat burrows")
    other.close()
    qtbot.waitUntil(lambda: True in caught, timeout=10000)
    assert catch_up() is False  # opened already: nothing left for a search to open
    assert _found(lib, "note:wombat") == [pid]
    release.set()
    qtbot.waitUntil(lambda: not window.index_watch.isActive(), timeout=10000)
