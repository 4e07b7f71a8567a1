"""The Library facade: papers, annotations, trash, change records."""

from __future__ import annotations

import pytest

from paperdesk import Library
from paperdesk.errors import NotFoundError, UsageError
from paperdesk.records import Author, Paper


def add(lib, title="A study of attention", **kw):
    change = lib.papers.add(Paper(title=title, **kw))
    (pid,) = change.added
    return pid


def test_new_library_has_files_index_and_wal(tmp_path):
    with Library.open(tmp_path / "l") as lib:
        assert (tmp_path / "l" / "library.sqlite").exists()
        assert (tmp_path / "l" / "files").is_dir()
        assert (tmp_path / "l" / "index").is_dir()
        assert lib.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert lib.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_add_and_get_round_trip(lib):
    pid = add(lib, abstract="Abs.", year=2017, venue="NeurIPS", doi="10.1/x",
              authors=[Author("Vaswani", "Ashish"), Author("Shazeer", "Noam")])
    p = lib.get(pid)
    assert p.to_dict()["authors"] == ["Ashish Vaswani", "Noam Shazeer"]
    assert (p.year, p.venue, p.doi, p.stars, p.read) == (2017, "NeurIPS", "10.1/x", 0, "unread")
    assert p.key == "vaswani2017study"
    assert p.added and p.modified


def test_ids_are_never_reused(lib):
    a = add(lib, "one")
    lib.papers.trash(a)
    lib.papers.empty_trash()
    b = add(lib, "two")
    assert b > a


def test_keys_are_unique(lib):
    a = add(lib, "Attention", year=2017, authors=[Author("Smith")])
    b = add(lib, "Attention", year=2017, authors=[Author("Smith")])
    assert lib.get(a).key == "smith2017attention"
    assert lib.get(b).key == "smith2017attentiona"


def test_mutations_return_change_records(lib):
    pid = add(lib)
    other = add(lib, "Other paper")
    changes = [
        lib.papers.set_stars(pid, 4),
        lib.papers.set_read(pid, "reading"),
        lib.tags.add(pid, ["nlp"]),
        lib.notes.set(pid, "note"),
        lib.links.add(pid, other),
        lib.papers.edit(pid, title="New title"),
        lib.papers.trash(pid),
    ]
    kinds = [c.kind for c in changes]
    assert kinds == ["stars", "read", "tags", "note", "links", "edit", "trash"]
    assert all(pid in c.paper_ids for c in changes)
    assert changes[4].paper_ids == {pid, other}


def test_stars_and_read_validated(lib):
    pid = add(lib)
    with pytest.raises(UsageError):
        lib.papers.set_stars(pid, 6)
    with pytest.raises(UsageError):
        lib.papers.set_read(pid, "skimmed")
    with pytest.raises(NotFoundError):
        lib.papers.set_stars(999, 3)


def test_tags_user_and_suggestions(lib):
    pid = add(lib)
    lib.tags.set_suggestions({pid: [("attention", 0.8), ("transformers", 0.6)]})
    lib.tags.add(pid, ["nlp"])
    lib.tags.accept(pid, "attention")
    lib.tags.reject(pid, "transformers")
    tags = {t.name: t for t in lib.get(pid).tags}
    assert tags["nlp"].source == "user"
    assert tags["attention"].source == "user"
    assert tags["transformers"].rejected
    # a rejected suggestion is never suggested again for that paper
    lib.tags.set_suggestions({pid: [("transformers", 0.9), ("heads", 0.5)]})
    tags = {t.name: t for t in lib.get(pid).tags}
    assert tags["transformers"].rejected and tags["heads"].source == "auto"
    assert lib.search("tag:transformers") == []
    assert [h.paper_id for h in lib.search("tag:heads")] == [pid]


def test_a_suggestion_accepted_or_rejected_on_several_papers_at_once(lib):
    a, b, c = add(lib, "a"), add(lib, "b"), add(lib, "c")
    lib.tags.set_suggestions({a: [("graphs", 0.5)], b: [("graphs", 0.4)], c: [("trees", 0.3)]})
    assert lib.papers.summary([a, b, c]).suggested == [("graphs", 2), ("trees", 1)]
    change = lib.tags.accept([a, b, c], "graphs")  # only where it is suggested
    assert change.paper_ids == {a, b}
    assert [lib.get(p).user_tags for p in (a, b, c)] == [["graphs"], ["graphs"], []]
    assert lib.tags.reject([a, b, c], "trees").paper_ids == {c}
    assert lib.get(c).suggested_tags == []
    lib.undo()
    assert [t.name for t in lib.get(c).suggested_tags] == ["trees"]
    with pytest.raises(NotFoundError, match="none of the 2 papers has the suggested tag"):
        lib.tags.reject([a, b], "trees")


def test_accepting_a_suggestion_typed_in_another_case_and_one_rejected(lib):
    """`accept 97 "Machine Translation"` failed for the suggestion "machine translation";
    after a reject, accept said only that the paper has no such suggestion."""
    a = add(lib, "a")
    lib.tags.set_suggestions({a: [("machine translation", 0.5), ("BERT", 0.4)]})
    lib.tags.accept(a, "Machine Translation")
    assert lib.get(a).user_tags == ["machine translation"]  # as suggested, not as typed
    lib.tags.reject(a, "bert")
    with pytest.raises(NotFoundError, match="paper .* has no suggested tag “BERT” "
                                            r"\(you rejected it\)"):
        lib.tags.accept(a, "BERT")


def test_tag_rename_merge_delete(lib):
    a, b = add(lib, "a"), add(lib, "b")
    lib.tags.add(a, ["rl"])
    lib.tags.add(b, ["reinforcement learning", "rl"])
    change = lib.tags.rename("rl", "reinforcement learning")
    assert change.description == "Renamed tag “rl” to “reinforcement learning”"
    assert lib.get(a).user_tags == ["reinforcement learning"]
    assert lib.get(b).user_tags == ["reinforcement learning"]
    assert dict(lib.tags.counts()) == {"reinforcement learning": 2}
    assert lib.tags.delete("reinforcement learning").description == (
        "Deleted tag “reinforcement learning”")
    assert lib.tags.counts() == []


def test_cli_tags_rename_says_when_it_merged_and_refuses_an_empty_name(lib, capsys):
    """`tags rename biases "social biases"` said "Renamed biases to social biases." and
    merged the two; `tags rename "" foo` said "the tag is called “foo” already"."""
    from paperdesk.cli.main import main

    a, b = add(lib, "a"), add(lib, "b")
    lib.tags.add(a, ["rl"])
    lib.tags.add(b, ["reinforcement learning"])
    folder = ["--library", str(lib.folder)]
    assert main([*folder, "tags", "rename", "rl", "reinforcement learning"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Merged “rl” into “reinforcement learning”, a tag already.")
    assert main([*folder, "tags", "rename", "reinforcement learning", "RL"]) == 0
    assert capsys.readouterr().out.strip() == "Renamed “reinforcement learning” to “RL”."
    assert main([*folder, "tags", "rename", "", "foo"]) == 2
    assert "the tag name is empty" in capsys.readouterr().err
    assert main([*folder, "tags", "vocabulary", "extra"]) == 2  # (it was ignored)
    assert "takes no name: extra" in capsys.readouterr().err
    with lib.edit("Vocabulary", (), undoable=False):  # as a refresh writes it
        lib.db.execute("INSERT INTO tag_vocabulary (name, aliases, source) VALUES "
                       "('large language models', '[\"LLMs\"]', 'auto')")
    assert main([*folder, "tags", "ban", "llms"]) == 2
    assert "“llms” is another name of the tag “large language models”" in (
        capsys.readouterr().err)
    lib.reload()
    assert [lib.get(p).user_tags for p in (a, b)] == [["RL"], ["RL"]]


def test_merging_several_tags_is_one_undoable_edit(lib):
    a, b = add(lib, "a"), add(lib, "b")
    lib.tags.add(a, ["rl", "RL methods"])
    lib.tags.add(b, ["reinforcement learning"])
    change = lib.tags.merge(["rl", "RL methods", "reinforcement learning"],
                            "reinforcement learning")
    assert change.paper_ids == {a}
    assert change.description == "Merged “rl”, “RL methods” into “reinforcement learning”"
    assert dict(lib.tags.counts()) == {"reinforcement learning": 2}
    # the undo says which tags, quoted ("Merge tags rl, RL methods into …" read as one)
    assert lib.undo().description == (
        "Undid: Merge tags “rl”, “RL methods” into “reinforcement learning”")
    assert sorted(lib.get(a).user_tags) == ["RL methods", "rl"]  # one step brings both back
    assert lib.get(b).user_tags == ["reinforcement learning"]
    with pytest.raises(NotFoundError, match="no tag named “nope”"):
        lib.tags.merge(["rl", "nope"], "x")
    assert sorted(lib.get(a).user_tags) == ["RL methods", "rl"]  # nothing written


def test_highlights(lib):
    pid = add(lib, abstract="We propose a new attention mechanism.")
    change = lib.highlights.add(pid, 13, 36, comment="key idea", color="green")
    (h,) = lib.get(pid).highlights
    assert (h.text, h.comment, h.color) == ("new attention mechanism", "key idea", "green")
    assert h.id == change.details["highlight_id"]
    lib.highlights.update(h.id, comment="changed")
    assert lib.get(pid).highlights[0].comment == "changed"
    assert [x.paper_id for x in lib.search("highlight:changed")] == [pid]
    with pytest.raises(UsageError):
        lib.highlights.add(pid, 10, 500)
    lib.highlights.remove(h.id)
    assert lib.get(pid).highlights == []


def test_highlights_follow_their_text_when_the_abstract_is_edited(lib):
    pid = add(lib, abstract="We propose a new attention mechanism. It is new.")
    lib.highlights.add(pid, 13, 36, comment="key idea")  # "new attention mechanism"
    lib.highlights.add(pid, 44, 47, comment="novelty")  # the second "new"
    lib.highlights.add(pid, 0, 10, comment="gone soon")  # "We propose"
    lib.papers.edit(pid, abstract="In short: it is new. We describe a new attention mechanism.")
    paper = lib.get(pid)
    spans = {h.comment: paper.abstract[h.start:h.end] for h in paper.highlights}
    assert spans == {"key idea": "new attention mechanism", "novelty": "new",
                     "gone soon": ""}  # detached: its quote is kept
    novelty = next(h for h in paper.highlights if h.comment == "novelty")
    assert novelty.start == paper.abstract.index("new.")  # the nearest "new", not the first
    assert next(h for h in paper.highlights if h.comment == "gone soon").text == "We propose"
    lib.undo()
    paper = lib.get(pid)
    assert {h.comment: paper.abstract[h.start:h.end] for h in paper.highlights}["gone soon"] \
        == "We propose"


def test_links_are_undirected(lib):
    a, b = add(lib, "a"), add(lib, "b")
    lib.links.add(b, a, note="same data")
    assert lib.get(a).links == [b] and lib.get(b).links == [a]
    assert lib.links.of(a) == [(b, "same data")]
    with pytest.raises(UsageError):
        lib.links.add(a, a)
    lib.links.remove(a, b)
    assert lib.get(a).links == []


def test_trash_hides_from_lists_and_search(lib):
    pid = add(lib, "Quantum widgets")
    assert [h.paper_id for h in lib.search("quantum")] == [pid]
    lib.papers.trash(pid)
    assert lib.search("quantum") == []
    assert lib.papers.ids() == []
    assert lib.papers.ids(trashed=True) == [pid]
    assert [h.paper_id for h in lib.search("quantum", trashed=True)] == [pid]
    lib.papers.restore(pid)
    assert lib.papers.ids() == [pid]
    lib.papers.trash(pid)
    change = lib.papers.empty_trash()
    assert change.removed == {pid}
    with pytest.raises(NotFoundError):
        lib.get(pid)


def test_edit_fields_and_authors(lib):
    pid = add(lib)
    lib.papers.edit(pid, year="2021", venue="ACL", authors=["Doe, Jane", "John Smith"])
    p = lib.get(pid)
    assert (p.year, p.venue) == (2021, "ACL")
    assert [a.family for a in p.authors] == ["Doe", "Smith"]
    with pytest.raises(UsageError):
        lib.papers.edit(pid, stars=3)
    with pytest.raises(UsageError):
        lib.papers.edit(pid, title="  ")
    with pytest.raises(UsageError):
        lib.papers.edit(pid, year="soon")


def test_saved_searches(lib):
    lib.saved.add("good", "stars:>=4")
    lib.saved.add("rl", "tag:rl")
    assert lib.saved.list() == [("good", "stars:>=4"), ("rl", "tag:rl")]
    lib.saved.remove("rl")
    assert lib.saved.list() == [("good", "stars:>=4")]
    with pytest.raises(Exception, match="takes one of"):
        lib.saved.add("bad", "read:maybe")  # ("nosuch:field" is two words now)


def test_backup_copies_database_and_files(lib, tmp_path):
    pid = add(lib)
    (lib.files_dir / "x.txt").write_text("file")
    dest = lib.backup(tmp_path / "bk")
    with Library.open(dest) as copy:
        assert copy.get(pid).title == lib.get(pid).title
    assert (dest / "files" / "x.txt").read_text() == "file"


def test_reads_work_from_another_thread_during_a_write(lib):
    import threading

    pid = add(lib)
    seen = []
    with lib.edit("slow", [pid]):
        lib.db.execute("UPDATE papers SET stars = 5 WHERE id = ?", [pid])
        t = threading.Thread(target=lambda: seen.append(lib.get(pid).stars))
        t.start()
        t.join()
    assert seen == [0]  # the other thread sees the last committed state
    assert lib.get(pid).stars == 5


def test_default_library_folder_follows_env_then_settings(monkeypatch, tmp_path):
    from paperdesk.config import Settings, default_library_dir

    assert default_library_dir().name == "library"
    Settings(library_dir=str(tmp_path / "chosen")).save()
    assert default_library_dir() == tmp_path / "chosen"
    monkeypatch.setenv("PAPERDESK_LIBRARY", str(tmp_path / "env"))
    assert default_library_dir() == tmp_path / "env"


def test_an_edit_waits_for_another_writer_instead_of_failing(lib):
    import sqlite3
    import threading

    pid = add(lib)
    other = sqlite3.connect(lib.db_path, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE papers SET venue = 'elsewhere'")
    timer = threading.Timer(0.5, other.commit)
    timer.start()
    try:
        lib.papers.set_stars(pid, 3)  # waits within the busy timeout, then writes
    finally:
        timer.join()
        other.close()
    paper = lib.get(pid)
    assert (paper.stars, paper.venue) == (3, "elsewhere")


def test_untag_and_accept_refuse_tags_that_are_not_there(lib):
    pid = add(lib)
    lib.tags.add(pid, ["mine"])
    lib.tags.set_suggestions({pid: [("offered", 0.6)]})
    with pytest.raises(NotFoundError, match="no tag 'nope'"):
        lib.tags.remove(pid, ["mine", "nope"])
    with pytest.raises(NotFoundError, match="no suggested tag “mine”"):
        lib.tags.accept(pid, "mine")
    assert sorted(t.name for t in lib.get(pid).tags) == ["mine", "offered"]
    lib.tags.accept(pid, "offered")
    assert lib.get(pid).user_tags == ["mine", "offered"]


def test_a_cache_write_is_skipped_when_another_program_holds_the_library(lib, monkeypatch):
    """A formatted export of a library another program held locked failed after 33 s
    (and on a full disk): its only write is the reference cache, which only saves time."""
    import sqlite3
    import time

    from paperdesk.export.refcache import SqliteRefCache
    from paperdesk.library import caches

    monkeypatch.setattr(caches, "PUT_WAIT_MS", 100)
    pid = add(lib, "a")
    cache = caches.LockedCache(lib, SqliteRefCache)
    other = sqlite3.connect(lib.db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        start = time.monotonic()
        cache.put_many([(pid, "apa", "2020", "A. (2020).")])
        assert time.monotonic() - start < 5
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert int(lib.db.execute("PRAGMA busy_timeout").fetchone()[0]) > 100  # put back
    cache.put_many([(pid, "apa", "2020", "A. (2020).")])
    assert cache.get(pid, "apa", "2020") == "A. (2020)."


def test_the_vocabulary_is_behind_while_a_users_tag_is_no_entry(lib):
    """`tag 565 AMR` then `tags vocabulary` listed no AMR until the next tagging run: the
    listing now rebuilds the vocabulary first when it is behind."""
    a = add(lib, "a")
    lib.tags.add(a, ["AMR"])
    assert not lib.vocabulary.behind()  # nothing tagged yet: nothing to rebuild from
    with lib.edit("Keyphrases", (), undoable=False):
        lib.db.execute("INSERT INTO keyphrases (paper_id, rank, phrase, score) "
                       "VALUES (?, 0, 'AMR parsing', 0.9)", [a])
    assert lib.vocabulary.behind()
    with lib.edit("Vocabulary", (), undoable=False):  # as a refresh writes it
        lib.db.execute("INSERT INTO tag_vocabulary (name, source) VALUES ('AMR', 'user')")
    assert not lib.vocabulary.behind()
    lib.tags.add(a, ["old stuff"])
    assert lib.vocabulary.behind()
    lib.vocabulary.ban("old stuff")  # a banned tag is never an entry
    assert not lib.vocabulary.behind()


def test_restoring_a_paper_that_is_not_in_the_trash_says_so(lib):
    """`restore 1` on a paper outside the trash said "Restore 1 paper from the trash"."""
    from paperdesk.errors import UsageError

    a, b = add(lib, "a"), add(lib, "b")
    with pytest.raises(UsageError, match=f"paper {a} is not in the trash"):
        lib.papers.restore(a)
    with pytest.raises(UsageError, match="none of the 2 papers is in the trash"):
        lib.papers.restore([a, b])
    lib.papers.trash(b)
    lib.papers.restore([a, b])  # one of them is: as before
    assert lib.get(b).trashed is None
