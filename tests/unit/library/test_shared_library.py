"""One library open twice (the window and its worker process, or the window and the CLI)."""

from __future__ import annotations

import pytest

from paperdesk import Library
from paperdesk.library.writing import insert_paper
from paperdesk.progress import NullProgress
from paperdesk.records import Paper
from paperdesk.search.index import SearchIndex


@pytest.fixture
def pair(tmp_path):
    a = Library.open(tmp_path / "l")
    a.papers.add(Paper(title="Kittens at play", abstract="about kittens"))
    b = Library.open(tmp_path / "l")
    yield a, b
    b.close()
    a.close()


def test_each_sees_what_the_other_wrote(pair):
    a, b = pair
    assert [h.title for h in b.search("kittens")] == ["Kittens at play"]
    change = b.papers.add(Paper(title="Puppies at rest", abstract="about puppies"))
    (pid,) = change.paper_ids
    assert [h.paper_id for h in a.search("puppies")] == [pid]  # a fresh searcher, by itself
    a.papers.set_stars(pid, 5)
    assert [h.paper_id for h in b.search("stars:5")] == [pid]


def test_an_edit_while_the_other_holds_the_index_is_indexed_later(pair):
    a, b = pair
    (pid,) = a.papers.ids()
    b.index.lock_timeout = 0.2
    with a.index.batch():  # as the worker does while it imports
        change = b.papers.set_stars(pid, 4)  # committed; not indexed yet, and no error
        assert change.paper_ids == {pid}
    assert b.get(pid).stars == 4
    assert b.search("stars:4") == []
    queued = b.db.execute("SELECT paper_id FROM index_queue").fetchall()
    assert queued == [(pid,)]
    b.sync_index()
    assert [h.paper_id for h in b.search("stars:4")] == [pid]
    assert b.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0


def test_a_batch_holds_the_index_over_the_commit_and_indexes_each_paper_once(pair):
    """The importer's pattern: lock the index, commit, then add the new papers."""
    a, b = pair
    (old,) = a.papers.ids()
    with a.index.batch() as batch:
        with a.transaction():
            a.db.execute("UPDATE papers SET title = 'Kittens renamed' WHERE id = ?", [old])
            new = insert_paper(a.db, Paper(title="Giraffes", abstract="kittens"), set())
            a.queue_index([old, new])
        batch.added.add(new)
        batch.updated.update([old, new])  # an id in both is added, not added twice
    b.sync_index()
    assert sorted(h.paper_id for h in b.search("kittens", limit=None)) == [old, new]
    assert [h.paper_id for h in b.search("renamed")] == [old]
    assert b.index.doc_count() == 2


def test_open_does_not_rebuild_while_papers_are_queued(tmp_path, monkeypatch):
    lib = Library.open(tmp_path / "l")
    lib.papers.add(Paper(title="Kittens at play"))
    # another process committed a paper and has not indexed it yet
    with lib.transaction():
        pid = insert_paper(lib.db, Paper(title="Giraffes"), set())
        lib.queue_index([pid])
    lib.close()

    def no_rebuild(self, progress=None):  # noqa: ANN001, ANN202
        raise AssertionError("rebuilt the whole index")

    monkeypatch.setattr(SearchIndex, "rebuild", no_rebuild)
    with Library.open(tmp_path / "l") as again:  # the queue is caught up instead
        assert [h.paper_id for h in again.search("giraffes")] == [pid]


def test_a_deferred_index_is_built_later_and_keeps_edits_made_meanwhile(tmp_path, monkeypatch):
    """The window opens a large library at once and builds a lost index in the background."""
    import shutil

    from paperdesk.search import IndexNotReady
    from paperdesk.search import index as index_module

    with Library.open(tmp_path / "l") as lib:
        for word in ("kittens", "puppies", "giraffes"):
            lib.papers.add(Paper(title=f"About {word}", abstract=word))
    shutil.rmtree(tmp_path / "l" / "index")
    monkeypatch.setattr(index_module, "DEFER_ABOVE", 2)
    window = Library.open(tmp_path / "l", defer_index=True)
    assert not window.index.ready
    with pytest.raises(IndexNotReady, match="being rebuilt"):
        window.search("kittens")
    (first, *_) = window.papers.ids()
    window.index.lock_timeout = 0.1
    window.papers.set_stars(first, 5)  # no error: committed, indexed later
    with Library.open(tmp_path / "l", defer_index=True) as worker:
        assert worker.reindex() == 3
    assert [h.paper_id for h in window.search("stars:5")] == [first]
    window.sync_index()
    assert window.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
    assert window.index.doc_count() == 3
    window.close()


def test_papers_another_process_left_queued_are_indexed_by_the_next_edit(pair):
    a, b = pair
    (pid,) = a.papers.ids()
    b.index.lock_timeout = 0.2
    with a.index.batch():
        b.papers.set_stars(pid, 3)  # b (a CLI command, say) leaves it queued and exits
    a.papers.add(Paper(title="Another paper"))  # a's next edit indexes it too
    assert [h.paper_id for h in a.search("stars:3")] == [pid]
    assert a.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0


def test_cancel_stops_an_import_waiting_for_the_index(pair):
    from paperdesk.errors import Cancelled
    from paperdesk.records import ParsedEntry, ParseResult

    class CancelledProgress(NullProgress):
        cancelled = True

    a, b = pair
    b.index.lock_timeout = 60  # as in the window's worker
    parsed = ParseResult(entries=[ParsedEntry(Paper(title="Giraffes"), line=1)])
    with a.index.batch():  # another process holds the index
        with pytest.raises(Cancelled, match="kept what was committed: 1 added"):
            b.import_parsed(parsed, progress=CancelledProgress())  # (not IndexBusy later)
    assert b.count() == 2  # committed before the wait for the index: kept, and queued
    b.sync_index()
    assert [h.title for h in b.search("giraffes")] == ["Giraffes"]
