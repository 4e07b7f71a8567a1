"""Edits never wait behind a search-index write: ``sync_index`` holds the write lock only
while it reads and unqueues papers; an undo says whether lists must be read again."""

from __future__ import annotations

import threading

from paperdesk.records import Paper


def _paper(lib, title: str) -> int:
    return next(iter(lib.papers.add(Paper(title=title, abstract="about zebras")).added))


def test_an_edit_commits_while_the_index_is_being_written(lib, monkeypatch):
    pid = _paper(lib, "Index lanes")
    lib.index_later = True  # as in a window: edits leave their papers queued
    lib.notes.set(pid, "first note")
    entered, gate = threading.Event(), threading.Event()
    put = lib.index._put

    def slow_put(writer, by_id):  # noqa: ANN001
        entered.set()
        assert gate.wait(20), "the test never let the index write finish"
        put(writer, by_id)

    monkeypatch.setattr(lib.index, "_put", slow_put)
    syncing = threading.Thread(target=lib.sync_index)
    syncing.start()
    try:
        assert entered.wait(20)  # Whoosh is being written now
        edited = threading.Event()

        def edit() -> None:
            lib.notes.set(pid, "narwhal note")
            edited.set()

        editing = threading.Thread(target=edit)
        editing.start()
        assert edited.wait(10), "the edit waited for the index write"
        editing.join()
    finally:
        gate.set()
        syncing.join()
    monkeypatch.setattr(lib.index, "_put", put)
    lib.sync_index()  # (that pass or this one indexes the edit made meanwhile)
    assert [h.paper_id for h in lib.search("note:narwhal")] == [pid]
    assert [h.paper_id for h in lib.search("note:first")] == []


def test_undo_says_whether_lists_change(lib):
    pid = _paper(lib, "Lists")
    for edit, lists in ((lambda: lib.papers.set_stars(pid, 4), False),
                        (lambda: lib.tags.add(pid, ["kept"]), False),
                        (lambda: lib.notes.set(pid, "a note"), False),
                        (lambda: lib.papers.set_read(pid, "read"), False),
                        (lambda: lib.papers.trash(pid), True)):
        edit()
        undone = lib.undo()
        assert undone is not None and undone.details["lists"] is lists, undone.description
        redone = lib.redo()
        assert redone is not None and redone.details["lists"] is lists, redone.description
    assert lib.get(pid).trashed  # (the redo of the trash)
    lib.undo()  # the paper is back from the trash
    lib.collections.add("Reading group")
    lib.collections.collect([pid], "Reading group")
    assert lib.undo().details["lists"] is True
