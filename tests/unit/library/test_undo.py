"""Undo of every kind of user edit."""

from __future__ import annotations

from paperdesk.records import Paper


def test_undo_each_kind_of_edit(lib):
    a = next(iter(lib.papers.add(Paper(title="A", abstract="some abstract text")).added))
    b = next(iter(lib.papers.add(Paper(title="B")).added))
    before = lib.get(a).to_dict()
    edits = [
        lambda: lib.papers.set_stars(a, 5),
        lambda: lib.papers.set_read(a, "read"),
        lambda: lib.tags.add(a, ["x", "y"]),
        lambda: lib.tags.remove(a, ["x"]),
        lambda: lib.notes.set(a, "my note"),
        lambda: lib.notes.set(a, "changed note"),
        lambda: lib.highlights.add(a, 0, 4, comment="c"),
        lambda: lib.links.add(a, b),
        lambda: lib.papers.edit(a, title="A2", authors=["Doe, J"]),
        lambda: lib.papers.trash(a),
    ]
    for edit in edits:
        edit()
    assert lib.get(a).trashed
    for _ in edits:
        assert lib.undo() is not None
    after = lib.get(a).to_dict()
    for k in ("title", "authors", "stars", "read", "tags", "note", "highlights", "links",
              "trashed", "modified"):
        assert after[k] == before[k], k
    assert lib.undo() is None


def test_undo_restores_search_index(lib):
    pid = next(iter(lib.papers.add(Paper(title="Graph networks")).added))
    lib.notes.set(pid, "zebra")
    assert [h.paper_id for h in lib.search("zebra")] == [pid]
    change = lib.undo()
    assert change.kind == "undo" and pid in change.paper_ids
    assert lib.search("zebra") == []


def test_undo_step_by_step(lib):
    pid = next(iter(lib.papers.add(Paper(title="T")).added))
    lib.papers.set_stars(pid, 1)
    lib.papers.set_stars(pid, 2)
    lib.papers.set_stars(pid, 3)
    lib.undo()
    assert lib.get(pid).stars == 2
    lib.undo()
    assert lib.get(pid).stars == 1


def test_undo_log_survives_reopen(tmp_path):
    from paperdesk import Library

    with Library.open(tmp_path / "l") as lib:
        pid = next(iter(lib.papers.add(Paper(title="T")).added))
        lib.papers.set_stars(pid, 4)
    with Library.open(tmp_path / "l") as lib:
        lib.undo()
        assert lib.get(pid).stars == 0


def test_undo_never_reaches_past_emptying_the_trash(lib):
    a = next(iter(lib.papers.add(Paper(title="A")).added))
    b = next(iter(lib.papers.add(Paper(title="B")).added))
    lib.papers.set_stars(b, 3)
    lib.tags.add(a, ["t"])
    lib.papers.trash(a)
    lib.papers.empty_trash()
    assert lib.undo() is None  # not the older star edit of another paper
    assert lib.get(b).stars == 3
    lib.papers.set_stars(b, 5)  # edits after it are undoable as before
    assert lib.undo().paper_ids == {b} and lib.get(b).stars == 3
    assert lib.undo() is None


def test_undo_writes_a_tag_back_over_a_suggestion_made_meanwhile(lib):
    """A user found the undo history stuck ("UNIQUE constraint failed: tags.paper_id,
    tags.name" on every undo): the suggestions, rewritten after a tag edit under new ids,
    took the place of a row the undo writes back."""
    pid = next(iter(lib.papers.add(Paper(title="A", abstract="some abstract text")).added))
    lib.tags.add(pid, ["parsing"])
    lib.tags.rename("parsing", "syntax")
    with lib.edit("Auto-tag", [pid], undoable=False):  # suggestions made again meanwhile
        lib.db.execute("INSERT INTO tags (paper_id, name, source, score, rejected) "
                       "VALUES (?, 'parsing', 'auto', 0.5, 0)", [pid])
    assert lib.undo() is not None
    assert [(t.name, t.source) for t in lib.get(pid).tags] == [("parsing", "user")]
    assert lib.undo() is not None  # the tag's addition: the history goes on
    assert lib.get(pid).tags == []


def test_linking_a_selection_is_one_edit(lib):
    # a tester linked 147 selected papers to one: undo took 147 presses, one per link
    ids = [next(iter(lib.papers.add(Paper(title=f"Paper {i}")).added)) for i in range(6)]
    change = lib.links.add_many(ids[0], ids[1:] + [ids[0]])
    assert change.description == f"Linked 5 papers to {ids[0]}"
    assert {other for other, _ in lib.links.of(ids[0])} == set(ids[1:])
    lib.undo()
    assert lib.links.of(ids[0]) == []
    lib.redo()
    assert len(lib.links.of(ids[0])) == 5
