"""Postings sidecars (decoded postings beside each segment) rank exactly as Whoosh does,
follow commits and merges, and are passed over when missing or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

np = pytest.importorskip("numpy")  # the arrays need the ML extras (numpy)

from test_fastrank import QUERIES, check_like_whoosh, marked  # noqa: E402 - (its folder is on the path)

from paperdesk.search import sidecar  # noqa: E402


@pytest.fixture
def small_sidecars(monkeypatch):
    """Sidecars for the 98-paper sample: every segment, every term with 2+ postings (a
    real library writes them for segments of 2,000 papers, terms of 200 postings)."""
    monkeypatch.setattr(sidecar, "MIN_DOCS", 1)
    monkeypatch.setattr(sidecar, "MIN_POSTINGS", 2)


@pytest.fixture
def corpus(sample_lib, small_sidecars):
    """The sample with stars, a tag, papers trashed and re-indexed (deleted documents in
    the index) over several segments, each with its sidecar."""
    lib = sample_lib
    ids = marked(lib)
    lib.reindex()  # (the rebuild writes the sidecars of its one segment)
    lib.papers.trash(ids[8:10])  # then commits: more segments, deletions
    lib.papers.edit(ids[7], title="Reinforcement learning agents, edited")
    lib.index.search_page("x")  # (the searcher follows the commits)
    return lib


def files(lib) -> set[str]:
    return {p.name for p in Path(lib.index.folder).glob(f"*{sidecar.SUFFIX}")}


def segments(lib) -> set[str]:
    return {s.segment_id() for s in lib.index._ix._segments()}


def used(monkeypatch) -> list[int]:
    """Counts the postings answered from a sidecar."""
    hits: list[int] = []
    real = sidecar.Sidecar.postings

    def spy(self, field, text, frequency):  # noqa: ANN001, ANN202
        got = real(self, field, text, frequency)
        if got is not None:
            hits.append(len(got[0]))
        return got

    monkeypatch.setattr(sidecar.Sidecar, "postings", spy)
    return hits


def test_every_segment_has_its_sidecar(corpus):
    assert len(segments(corpus)) > 1
    assert {f[:-len(sidecar.SUFFIX)] for f in files(corpus)} == segments(corpus)
    assert not list(Path(corpus.index.folder).glob(".*.tmp"))


@pytest.mark.parametrize("trashed", [False, True])
def test_sidecars_rank_like_whoosh(corpus, monkeypatch, trashed):
    """Same papers, order, scores and totals as Whoosh's matchers, with deletions and
    several segments; the sidecars were read (not the blocks)."""
    hits = used(monkeypatch)
    check_like_whoosh(corpus, monkeypatch, QUERIES, trashed)
    assert len(hits) > 20


def test_sidecar_postings_equal_the_blocks(corpus):
    """Each term's slice is the postings decoded from Whoosh's blocks, exactly."""
    from paperdesk.search.fastrank import raw_postings

    index = corpus.index
    checked = 0
    for reader, _ in index._current().reader().leaf_readers():
        seg = reader.segment().segment_id()
        car = sidecar.open_sidecar(Path(index.folder), seg, reader.doc_count_all())
        assert car is not None
        for field in ("title", "abstract", "tags", "venue"):
            for text, info in reader.iter_field(field):
                got = car.postings(field, text, info.doc_frequency())
                if info.doc_frequency() < sidecar.MIN_POSTINGS:
                    assert got is None
                    continue
                ids, weights = raw_postings(reader, field, text)
                assert got is not None and np.array_equal(got[0], ids), (field, text)
                assert np.array_equal(got[1], weights), (field, text)
                checked += 1
    assert checked > 100


def test_sidecars_follow_commits_and_merges(corpus, monkeypatch):
    """New segments get theirs at commit; a merge deletes those of the segments it
    merged; results stay Whoosh's throughout."""
    from paperdesk.records import Paper

    before = files(corpus)
    for n in range(12):  # each add commits; Whoosh merges small segments meanwhile
        corpus.papers.add(Paper(title=f"Reinforcement learning for bridges {n}", year=2020))
    corpus.index.search_page("x")
    assert {f[:-len(sidecar.SUFFIX)] for f in files(corpus)} == segments(corpus)
    assert files(corpus) != before
    check_like_whoosh(corpus, monkeypatch, ["reinforcement learning", "bridges", "learn*",
                                            '"reinforcement learning"', "-bridges"], False)


def test_missing_or_damaged_sidecars_fall_back(corpus, monkeypatch):
    """A missing, truncated, older or bit-flipped file is passed over (postings from
    Whoosh), never read wrong."""
    index = corpus.index
    want = {q: index.search_page(q, limit=None) for q in QUERIES}
    paths = sorted(Path(index.folder).glob(f"*{sidecar.SUFFIX}"))
    big = max(paths, key=lambda p: p.stat().st_size)
    raw = big.read_bytes()

    def same() -> None:
        index._fast.forget()
        index._fast._sidecars.clear()
        for q in QUERIES:
            got = index.search_page(q, limit=None)
            assert [p for p, _ in got.pairs] == [p for p, _ in want[q].pairs], q
            assert [x for _, x in got.pairs] == pytest.approx([x for _, x in want[q].pairs])
            assert got.total == want[q].total, q

    hits = used(monkeypatch)
    big.write_bytes(raw[: len(raw) // 2])  # truncated
    same()
    big.write_bytes(b"PDPOST00" + raw[8:])  # another version
    same()
    flipped = bytearray(raw)
    for at in range(len(raw) - 40, len(raw), 4):  # weights at the end
        flipped[at] ^= 0x40
    big.write_bytes(bytes(flipped))
    hits.clear()
    same()
    assert hits  # the other terms of the file are still read from it
    for p in paths:
        p.unlink()
    hits.clear()
    same()
    assert not hits
    big.write_bytes(b"PDPOST00" + raw[8:])  # an older one is written again
    assert big.name[:-len(sidecar.SUFFIX)] in sidecar.lacking(index._ix)
    assert sidecar.write_missing(index._ix, sidecar.scored_fields(index._ix)) == len(paths)
    assert big.read_bytes() == raw and not sidecar.lacking(index._ix)


def test_writer_process_fills_in_what_is_missing(corpus):
    """An index written before sidecars existed gets them from the background process
    the window starts."""
    import subprocess
    import sys

    for p in Path(corpus.index.folder).glob(f"*{sidecar.SUFFIX}"):
        p.unlink()
    # (the child process uses the real thresholds; the sample is below them)
    done = subprocess.run([sys.executable, "-m", "paperdesk.search.sidecar",
                           str(corpus.index.folder)], capture_output=True, text=True,
                          timeout=120, check=True)
    assert "0 postings sidecar(s) written" in done.stdout
    assert sidecar.lacking(corpus.index._ix) == sorted(segments(corpus)) or \
        set(sidecar.lacking(corpus.index._ix)) == segments(corpus)
    assert sidecar.write_missing(corpus.index._ix, sidecar.scored_fields(corpus.index._ix)) \
        == len(segments(corpus))
    assert sidecar.lacking(corpus.index._ix) == []
    assert corpus.index.write_sidecars_in_background() is None  # nothing left to write


def test_a_flush_stopped_while_it_writes_sidecars_leaves_a_whole_index(corpus, monkeypatch):
    """Sidecars come after the index's stamp: a process stopped while it writes them (at
    100k papers a merged segment's take seconds; quitting during bulk work stops the
    worker) leaves an index in step with SQLite, opened as it is, not rebuilt; and a
    sidecar a background process writes later never makes it look damaged."""
    from paperdesk import Library
    from paperdesk.search import index as index_module

    lib = corpus
    pid = lib.papers.ids()[20]
    usable_then: list[bool] = []
    real = index_module.write_sidecars

    def stopped_here(ix: object, before: set[str]) -> int:
        usable_then.append(lib.index._usable())  # what a process opening it now finds
        return real(ix, before)

    monkeypatch.setattr(index_module, "write_sidecars", stopped_here)
    lib.notes.set(pid, "axolotl regeneration")
    assert usable_then and all(usable_then)
    folder = lib.folder
    lib.close()
    for path in Path(folder, "index").glob(f"*{sidecar.SUFFIX}"):
        path.write_bytes(path.read_bytes() + b"\0" * 64)  # written again: another size
    rebuilt: list[object] = []
    monkeypatch.setattr(index_module.SearchIndex, "_rebuild", lambda *a: rebuilt.append(a))
    again = Library.open(folder)
    try:
        assert rebuilt == []  # opened as it is
        assert [h.paper_id for h in again.search("note:axolotl", mode="keyword")] == [pid]
    finally:
        again.close()
