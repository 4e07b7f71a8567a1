"""``word~`` expansions read each segment's word list once, across commits."""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from paperdesk.records import Paper
from paperdesk.search.fuzzy import MAX_EXPANSIONS


def one_list_expansion(reader, field: str, text: str, maxdist: int) -> list[str]:
    """The words one sorted word list of the whole index gives (the old way)."""
    words = [w.decode() for w in reader.lexicon(field)]
    return [w for w, _, _ in process.extract(text, words, scorer=OSA.distance,
                                             score_cutoff=maxdist, limit=MAX_EXPANSIONS)]


def expanded_words(lib, q: str, field: str) -> list[str]:
    index = lib.index
    searcher = index._current()
    query = index._fuzzy.expand(index.parse(q).keyword, searcher.reader(), index._generation)
    return [t for f, t in query.iter_all_terms() if f == field]


def test_expansions_follow_commits(sample_lib):
    lib = sample_lib
    first = expanded_words(lib, "reinforcment~", "title")
    assert "reinforc" in first
    kept = {k[0] for k in lib.index._fuzzy._lexicons}
    assert kept
    lib.papers.add(Paper(title="Reinforcements and reinforcers", year=2021))
    lib.papers.add(Paper(title="Reinfarcement of steel", year=2022))
    searcher = lib.index._current()
    assert len(searcher.leaf_searchers()) > 1  # the commits added segments
    after = expanded_words(lib, "reinforcment~", "title")
    (fuzzy,) = [q for q in lib.index.parse("reinforcment~").keyword.leaves()
                if q.fieldname == "title"]
    assert after == one_list_expansion(searcher.reader(), "title", fuzzy.text, fuzzy.maxdist)
    assert "reinfarc" in after  # a word only the new segment has
    assert kept <= {k[0] for k in lib.index._fuzzy._lexicons}  # old word lists kept
    hits = {h.paper_id for h in lib.search("reinforcment~", limit=None, mode="keyword")}
    assert len(hits) > 2


def test_a_word_allows_two_edits_at_most(sample_lib):
    """A review: "neural~5" matched 1,458 of 2,000 papers (any word of six letters or so)."""
    lib = sample_lib
    assert expanded_words(lib, "neural~5", "title") == expanded_words(lib, "neural~2", "title")
    assert len(lib.search("neural~5", limit=None, mode="keyword")) < len(lib.papers.ids()) / 2
