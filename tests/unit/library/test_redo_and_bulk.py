"""Redo, and edits of several papers at once that undo as one step."""

from __future__ import annotations

from paperdesk.records import Paper


def _papers(lib, n: int) -> list[int]:
    return [next(iter(lib.papers.add(Paper(title=f"Paper {i}", abstract="text")).added))
            for i in range(n)]


def test_redo_writes_back_each_kind_of_edit(lib):
    a, b = _papers(lib, 2)
    edits = [
        lambda: lib.papers.set_stars([a, b], 4),
        lambda: lib.tags.add([a, b], ["x"]),
        lambda: lib.tags.remove(a, ["x"]),
        lambda: lib.notes.set(a, "my note"),
        lambda: lib.highlights.add(a, 0, 4, comment="c"),
        lambda: lib.links.add(a, b),
        lambda: lib.papers.edit(a, title="A2", authors=["Doe, J"]),
        lambda: lib.papers.trash([a]),
    ]
    for edit in edits:
        edit()
    done = {pid: lib.get(pid).to_dict() for pid in (a, b)}
    for _ in edits:
        assert lib.undo() is not None
    assert lib.get(a).title == "Paper 0" and lib.get(a).stars == 0
    for _ in edits:
        change = lib.redo()
        assert change is not None and change.description.startswith("Redid: ")
    assert lib.redo() is None
    for pid in (a, b):
        again = lib.get(pid).to_dict()
        for k in ("title", "authors", "stars", "tags", "note", "links", "trashed"):
            assert again[k] == done[pid][k], (pid, k)
    assert [h.text for h in lib.get(a).highlights] == [h["text"] for h in done[a]["highlights"]]
    # undo works again after redo
    assert lib.undo().description == "Undid: Move 1 paper to the trash"
    assert lib.get(a).trashed is None


def test_a_new_edit_ends_redo(lib):
    (a,) = _papers(lib, 1)
    lib.papers.set_stars(a, 3)
    lib.undo()
    lib.papers.set_read(a, "read")
    assert lib.redo() is None
    assert lib.get(a).stars == 0


def test_redo_updates_the_search_index(lib):
    (a,) = _papers(lib, 1)
    lib.notes.set(a, "zebra")
    lib.undo()
    assert lib.search("zebra") == []
    lib.redo()
    assert [h.paper_id for h in lib.search("zebra")] == [a]


def test_tags_on_several_papers_are_one_undo_step(lib):
    a, b, c = _papers(lib, 3)
    lib.tags.add(a, ["old"])
    change = lib.tags.add([a, b, c], ["rl", "nlp"])
    assert change.paper_ids == {a, b, c}
    assert dict(lib.tags.counts_among([a, b, c])) == {"rl": 3, "nlp": 3, "old": 1}
    lib.undo()
    assert dict(lib.tags.counts_among([a, b, c])) == {"old": 1}
    lib.redo()
    change = lib.tags.remove([a, b, c], ["old", "nlp"])
    assert change.paper_ids == {a, b, c}
    assert dict(lib.tags.counts_among([a, b, c])) == {"rl": 3}
    lib.undo()
    assert dict(lib.tags.counts_among([a, b, c])) == {"rl": 3, "nlp": 3, "old": 1}
    assert [h.paper_id for h in lib.search("tag:old")] == [a]


def test_removing_a_tag_nobody_has_is_a_no_op(lib):
    a, b = _papers(lib, 2)
    change = lib.tags.remove([a, b], ["ghost"])
    assert change.paper_ids == frozenset()
    assert lib.undo() is None


def test_summary_of_a_selection(lib):
    a, b, c = _papers(lib, 3)
    lib.papers.set_stars([a, b], 4)
    lib.papers.set_read(c, "read")
    lib.tags.add([a, c], ["rl"])
    lib.papers.trash(c)
    s = lib.papers.summary([a, b, c])
    assert (s.count, s.stars, s.read, s.trashed) == (3, {0, 4}, {"unread", "read"}, 1)
    assert s.tags == [("rl", 2)]
    assert lib.papers.summary([a, b]).stars == {4}
