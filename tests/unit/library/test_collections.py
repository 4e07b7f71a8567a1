"""Collections: the tree, membership, undo, search, export scope and round trips."""

from __future__ import annotations

import json

import pytest

from paperdesk import Library
from paperdesk.errors import NotFoundError, QueryError, UsageError
from paperdesk.importers.bibtex import parse_bibtex
from paperdesk.importers.csljson import read_csljson
from paperdesk.records import Paper


def add(lib, title):
    (pid,) = lib.papers.add(Paper(title=title)).added
    return pid


@pytest.fixture
def tree(lib):
    """Thesis/{Methods, Results/Figures}, Reading; papers a (Methods), b (Figures, Reading)."""
    a, b, c = add(lib, "Graph networks"), add(lib, "Attention layers"), add(lib, "Unfiled")
    lib.collections.add("Thesis/Methods")
    lib.collections.add("Thesis/Results/Figures")
    lib.collections.add("Reading")
    lib.collections.collect([a], "Methods")
    lib.collections.collect([b], "Thesis/Results/Figures")
    lib.collections.collect([b], "Reading")
    return lib, a, b, c


def test_tree_paths_and_counts(tree):
    lib, a, b, _ = tree
    got = [(c.path, c.count, c.total) for c in lib.collections.list()]
    assert got == [("Reading", 1, 1), ("Thesis", 0, 2), ("Thesis/Methods", 1, 1),
                   ("Thesis/Results", 0, 1), ("Thesis/Results/Figures", 1, 1)]
    assert lib.get(b).collections == ["Reading", "Thesis/Results/Figures"]
    assert lib.collections.paper_ids("Thesis") == [a, b]
    assert lib.collections.paper_ids("Thesis", recursive=False) == []


def test_rename_move_delete_keep_papers_and_undo(tree):
    lib, a, b, _ = tree
    lib.collections.rename("Methods", "Method")
    assert lib.get(a).collections == ["Thesis/Method"]
    lib.collections.move("Results", None)
    assert lib.get(b).collections == ["Reading", "Results/Figures"]
    with pytest.raises(UsageError, match="into itself"):
        lib.collections.move("Results", "Figures")
    lib.collections.delete("Results")
    assert lib.get(b).collections == ["Reading"]
    assert lib.count() == 3  # papers stay
    lib.undo()  # the delete
    assert lib.get(b).collections == ["Reading", "Results/Figures"]
    lib.undo()  # the move
    lib.undo()  # the rename
    assert lib.get(a).collections == ["Thesis/Methods"]
    assert lib.get(b).collections == ["Reading", "Thesis/Results/Figures"]


def test_membership_errors_and_ambiguity(tree):
    lib, a, b, _ = tree
    with pytest.raises(NotFoundError, match="not in collection"):
        lib.collections.uncollect([a], "Reading")
    with pytest.raises(NotFoundError, match="no collection named"):
        lib.collections.collect([a], "Nowhere")
    lib.collections.add("Methods", parent="Reading")
    with pytest.raises(UsageError, match="several collections"):
        lib.collections.collect([a], "Methods")
    lib.collections.add("Reading", parent="Thesis")  # a path wins over a name
    with pytest.raises(UsageError, match="exists already"):
        lib.collections.add("Thesis/Methods")
    lib.collections.uncollect([b], "Reading")  # the top-level one is a path match
    assert lib.get(b).collections == ["Thesis/Results/Figures"]


def test_query_language_includes_sub_collections_and_follows_renames(tree):
    lib, a, b, c = tree
    ids = lambda q: sorted(h.paper_id for h in lib.search(q, limit=None))  # noqa: E731
    assert ids("collection:Thesis") == [a, b]
    assert ids('collection:"Thesis/Results"') == [b]
    assert ids("collection:reading") == [b]
    assert ids("graph AND collection:Thesis") == [a]
    assert ids("NOT collection:Thesis") == [c]
    lib.collections.rename("Thesis", "PhD thesis")
    assert ids('collection:"PhD thesis"') == [a, b]
    with pytest.raises(QueryError, match="no collection named 'Thesis'"):
        lib.search("collection:Thesis")
    lib.papers.trash(a)
    assert ids('collection:"PhD thesis"') == [b]


def test_export_scope_and_bibtex_round_trip(tree, tmp_path):
    lib, a, b, _ = tree
    assert lib.select_ids(collection="Thesis") == [a, b]
    text = lib.export("bibtex", lib.select_ids())
    assert "groups = {Reading, Figures}" in text
    assert "@Comment{jabref-meta: grouping:" in text
    result = parse_bibtex(text)
    by_title = {e.paper.title: e.paper for e in result.entries}
    assert by_title["Attention layers"].collections == ["Reading", "Thesis/Results/Figures"]
    assert "groups" not in by_title["Attention layers"].extra
    with Library.open(tmp_path / "copy") as other:
        other.import_parsed(result)
        assert [c.path for c in other.collections.list()] == [
            c.path for c in lib.collections.list()]
        assert other.collections.paper_ids("Thesis") == other.papers.ids(sort="id")[:2]


def test_csljson_round_trip_keeps_collections(tree, tmp_path):
    lib, _, b, _ = tree
    text = lib.export("csljson", [b])
    item = json.loads(text)[0]
    assert item["custom"]["paperdesk-collections"] == ["Reading", "Thesis/Results/Figures"]
    result = read_csljson(tmp_path / "x.json", text)
    assert result.entries[0].paper.collections == ["Reading", "Thesis/Results/Figures"]


def test_backup_keeps_collections(tree, tmp_path):
    lib, _, b, _ = tree
    lib.backup(tmp_path / "bak")
    with Library.open(tmp_path / "bak") as copy:
        assert copy.get(b).collections == ["Reading", "Thesis/Results/Figures"]


JABREF3 = r"""
@article{k1, title = {One}, author = {A, B}}
@article{k2, title = {Two}, groups = {Sub}}
@comment{jabref-meta: groupstree:
0 AllEntriesGroup:;
1 ExplicitGroup:Top\;0\;k1\;;
2 ExplicitGroup:Sub\;0\;;
}
"""


def test_jabref3_explicit_groups_and_mendeley_groups(tmp_path):
    papers = {e.paper.title: e.paper for e in parse_bibtex(JABREF3).entries}
    assert papers["One"].collections == ["Top"]
    assert papers["Two"].collections == ["Top/Sub"]
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    bib = tmp_path / "m.bib"
    bib.write_text("@article{m, title={Mendeley one}, mendeley-groups={Reading, Thesis},"
                   " file={:paper.pdf:pdf}}")
    from paperdesk.importers.bibtex import read_bibtex

    (entry,) = read_bibtex(bib, bib.read_text()).entries
    assert entry.paper.collections == ["Reading", "Thesis"]
    assert entry.paper.attachments == [str(pdf)]


def test_collect_new_creates_and_fills_in_one_undo_step(tree):
    lib, a, b, c = tree
    before = [x.path for x in lib.collections.list()]
    change = lib.collections.collect_new([a, c], "To read/Soon")
    assert change.paper_ids == {a, c}
    assert lib.collections.paper_ids("To read/Soon") == [a, c]
    assert lib.get(c).collections == ["To read/Soon"]
    lib.collections.collect_new([b], "Drafts", parent="Thesis")
    assert lib.get(b).collections == ["Reading", "Thesis/Drafts", "Thesis/Results/Figures"]
    with pytest.raises(UsageError, match="exists already"):
        lib.collections.collect_new([a], "Reading")
    lib.undo()  # the new collection and its paper go together
    assert lib.get(b).collections == ["Reading", "Thesis/Results/Figures"]
    lib.undo()
    assert [x.path for x in lib.collections.list()] == before
    assert lib.get(c).collections == []
    lib.redo()
    assert lib.collections.paper_ids("To read/Soon") == [a, c]


def test_uncollect_recursive_takes_papers_out_of_what_the_collection_shows(tree):
    lib, a, b, c = tree
    with pytest.raises(NotFoundError, match="not in collection"):
        lib.collections.uncollect([a, b], "Thesis")  # they are below it, not in it
    with pytest.raises(NotFoundError, match="or below it"):
        lib.collections.uncollect([c], "Thesis", recursive=True)
    change = lib.collections.uncollect([a, b, c], "Thesis", recursive=True)  # c: skipped
    assert change.paper_ids == {a, b}
    assert "sub-collections" in change.description
    assert lib.collections.paper_ids("Thesis") == []
    assert lib.get(b).collections == ["Reading"]  # outside Thesis it stays
    lib.undo()  # one step
    assert lib.collections.paper_ids("Thesis") == [a, b]
    assert lib.get(b).collections == ["Reading", "Thesis/Results/Figures"]
