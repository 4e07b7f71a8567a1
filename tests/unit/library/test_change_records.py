"""Every mutation returns one typed change record naming exactly what it changed: the
papers, the sidebar parts to recount, whether the index changed, whether views may gain
or lose papers. Imports (file, folder, Zotero), tagging and vocabulary jobs, trash,
collections, links, undo and redo included."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperdesk import jobs
from paperdesk.library.changes import SIDEBAR_PARTS, Change, change_of
from paperdesk.library.importing import ImportInterrupted
from paperdesk.progress import NullProgress

BIB = """@article{plain1, title = {A Plain Paper About Parsing}, author = {Doe, Jane},
  year = {2020}, journal = {Journal of Tests}}
@article{plain2, title = {Another Plain Paper About Tagging}, author = {Roe, Rick},
  year = {2021}, journal = {Journal of Tests}}
"""
TAGGED_BIB = """@article{kw1, title = {A Keyworded Paper On Retrieval}, author = {Poe, Ann},
  year = {2022}, journal = {Journal of Tests}, keywords = {retrieval, ranking}}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_record_names_parts_and_refuses_unknown_ones():
    change = Change("stars", frozenset({1}), "Set")
    assert change.sidebar == {"counts"} and change.index and not change.membership
    assert Change("stars", frozenset(), "Nothing to do").empty
    with pytest.raises(ValueError, match="sidebar part"):
        Change("edit", frozenset({1}), sidebar=frozenset({"columns"}))
    both = Change.combine([Change("links", frozenset({1, 2})), Change("tags", frozenset({3}))])
    assert both.papers == {1, 2, 3} and both.sidebar == {"tags"} and both.index
    assert change_of([Change("links", frozenset({1, 2}))]).papers == {1, 2}
    assert change_of("not a change") is None


def test_file_import_names_new_papers_and_only_the_counts(lib, tmp_path):
    report = lib.import_files([write(tmp_path, "plain.bib", BIB)])
    change = report.change
    assert change.kind == "import" and change.added == set(report.added_ids)
    assert change.papers == set(lib.papers.ids()) and len(change.papers) == 2
    assert change.sidebar == {"counts"}  # no tags, no collections came in
    assert change.index and change.membership
    tagged = lib.import_files([write(tmp_path, "tagged.bib", TAGGED_BIB)]).change
    assert tagged.sidebar == {"counts", "tags"}
    again = lib.import_files([write(tmp_path, "plain2.bib", BIB)]).change  # all merged
    assert again.added == set() and again.sidebar == set()
    assert again.paper_ids == change.papers


def test_folder_import_carries_the_same_record(lib, tmp_path):
    folder = tmp_path / "refs"
    folder.mkdir()
    write(folder, "a.bib", BIB)
    report = lib.import_folder(folder)
    assert isinstance(report.change, Change) and report.change.kind == "import"
    assert report.change.papers == set(report.added_ids) and report.change.sidebar == {"counts"}
    assert change_of(jobs.import_files(lib, NullProgress(), [str(folder / "a.bib")])
                     ).added == set()


def test_zotero_import_names_tags_and_collections(lib, tmp_path):
    from zotero_fixture import build_sample

    from paperdesk.library.zotero_import import import_zotero

    build_sample(tmp_path / "Zotero")
    report = import_zotero(lib, tmp_path / "Zotero")
    change = report.change
    assert change.kind == "import" and change.added == set(report.added_ids)
    assert change.papers == set(report.added_ids) | set(report.merged_ids)
    assert change.sidebar == {"counts", "tags", "collections"}


def test_an_interrupted_import_says_what_it_kept(lib, tmp_path, monkeypatch):
    from paperdesk.library import importing

    monkeypatch.setattr(importing, "CHUNK_S", 0.0)  # one paper per transaction
    class StopAfterFirst(NullProgress):
        def __init__(self) -> None:
            super().__init__()
            self.seen = 0

        def advance(self, n: int = 1) -> None:
            self.seen += n

        @property
        def cancelled(self) -> bool:
            return self.seen > 0

    first = write(tmp_path, "one.bib", BIB)
    second = write(tmp_path, "two.bib", TAGGED_BIB)
    with pytest.raises(ImportInterrupted) as stopped:
        lib.import_files([first, second], progress=StopAfterFirst())
    kept = change_of(stopped.value.report)
    assert kept is not None and kept.added == set(lib.papers.ids()) and len(kept.added) == 1
    assert kept.sidebar == {"counts"} and kept.membership


def test_edits_trash_and_collections_name_their_parts(sample_lib):
    lib = sample_lib
    a, b, c = lib.papers.ids()[:3]
    assert lib.papers.set_stars([a, b], 4).sidebar == {"counts"}
    assert lib.papers.set_read(a, "read").sidebar == {"counts"}
    note = lib.notes.set(a, "a note")
    assert note.papers == {a} and note.sidebar == set() and note.index
    tags = lib.tags.add([a, b], ["mine"])
    assert tags.papers == {a, b} and tags.sidebar == {"tags"}
    link = lib.links.add(a, c)
    assert link.papers == {a, c} and link.sidebar == set() and not link.index
    trash = lib.papers.trash([c])
    assert trash.papers == {c} and trash.sidebar == {"counts", "tags", "collections"}
    assert trash.membership
    made = lib.collections.add("Reading group")
    assert made.papers == set() and made.sidebar == {"collections"}
    assert not made.index and not made.membership
    cid = made.details["collection_id"]
    put = lib.collections.collect([a, b], cid)
    assert put.papers == {a, b} and put.sidebar == {"collections"} and put.membership
    saved = lib.saved.add("parsing", "parsing")
    assert saved.sidebar == {"saved"} and not saved.index and saved.papers == set()
    gone = lib.papers.empty_trash()
    assert gone.removed == {c} and gone.sidebar == {"counts"}


def test_undo_and_redo_name_what_they_changed(sample_lib):
    lib = sample_lib
    a, b = lib.papers.ids()[:2]
    lib.notes.set(a, "first thoughts")
    undone = lib.undo()
    assert undone.papers == {a} and undone.sidebar == set() and not undone.membership
    redone = lib.redo()
    assert redone.papers == {a} and redone.sidebar == set()
    lib.papers.set_stars([a, b], 5)
    undone = lib.undo()
    # as when the stars were set: rows repaint, no list is read again
    assert undone.papers == {a, b} and undone.sidebar == {"counts"} and not undone.membership
    lib.papers.trash([b])
    undone = lib.undo()
    assert undone.papers == {b} and undone.sidebar == {"counts", "tags", "collections"}
    assert undone.membership  # the paper comes back into the lists
    lib.tags.add([a], ["later"])
    assert lib.undo().sidebar == {"tags"}
    assert lib.redo().sidebar == {"tags"}
    assert {"tags"} <= SIDEBAR_PARTS


@pytest.fixture
def fake_tagger(monkeypatch):
    pytest.importorskip("numpy")
    from fake_encoder import use_fake_tagger

    fake = use_fake_tagger(monkeypatch)
    monkeypatch.setattr("paperdesk.tagging.ml_unavailable_reason", lambda: None)
    return fake


def test_tagging_and_vocabulary_jobs_return_records(sample_lib, fake_tagger, capsys):
    lib = sample_lib
    ids = lib.papers.ids()[:12]
    change = change_of(jobs.tag_papers(lib, NullProgress(), ids, 3))
    assert change.kind == "tags" and set(ids) <= change.papers
    assert change.sidebar == {"tags"} and change.index and not change.membership
    again = change_of(jobs.tag_papers(lib, NullProgress(), ids, 3))  # nothing left to do
    assert again.papers == set() and again.sidebar == set() and not again.index
    name = next(t.name for t in lib.get(ids[0]).suggested_tags)
    had = {pid for pid in lib.papers.ids()
           if name in {t.name for t in lib.get(pid).tags}}
    banned = jobs.teach_vocabulary(lib, NullProgress(), "ban", [name])
    assert banned.kind == "tags" and had <= banned.papers and banned.sidebar == {"tags"}
    # the status bar says what was done, in words (it said "Tag vocabulary: ban …")
    assert banned.description == f"Banned “{name}”: it is no longer suggested"
    # ... and a tag's list may change: a list is read again (an undone merge left a paper
    # the merge had given the tag in the target's list), after an undo's update too
    assert banned.membership
    updated = jobs.refresh_suggestions(lib, NullProgress(), None)
    assert updated.membership and updated.description == ""  # the undo's message stays
    assert all(name not in {t.name for t in lib.get(pid).tags} for pid in had)
    from paperdesk.cli.main import main

    assert main(["--library", str(lib.folder), "tags", "banned"]) == 0
    assert capsys.readouterr().out.splitlines() == [name]
    assert main(["--library", str(lib.folder), "tags", "unban", name]) == 0
    assert f"Suggesting {name} again." in capsys.readouterr().out
    lib.reload()
    assert any(name in {t.name for t in lib.get(pid).tags} for pid in had)
    assert lib.vocabulary.banned() == []


def test_a_tagging_run_that_found_nothing_to_do_says_nothing():
    """The window tags what is new on opening: users saw "Suggested tags for 0 paper(s)"
    each time."""
    from paperdesk.library.tagging import TagReport
    from paperdesk.library.vocabulary import SuggestReport

    assert TagReport().change.description == ""
    assert TagReport(tagged=3, paper_ids=[1, 2, 3]).change.description == (
        "Suggested tags for 3 papers")
    moved = SuggestReport(papers=9, suggestions=20, tags=4, changed_ids=[4, 5])
    assert TagReport(suggestions=moved).change.description == (
        "Updated the suggestions of 2 papers")
