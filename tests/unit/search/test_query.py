"""The query language documented in the README."""

from __future__ import annotations

import pytest

from paperdesk.errors import QueryError
from paperdesk.records import Author, Paper


@pytest.fixture
def corpus(lib):
    papers = [
        Paper(title="Attention is all you need", abstract="The transformer uses attention.",
              authors=[Author("Vaswani", "Ashish")], year=2017, venue="NeurIPS"),
        Paper(title="Neural machine translation", abstract="Translation with recurrent networks.",
              authors=[Author("Bahdanau", "Dzmitry")], year=2015, venue="ICLR"),
        Paper(title="Speech translation", abstract="Speech to text translation.",
              authors=[Author("Smith", "Jane")], year=2020, venue="ACL"),
        Paper(title="Morphological analysis", abstract="Morphology of words in Finnish.",
              authors=[Author("Smith", "John")], year=2019, venue="EMNLP"),
    ]
    ids = [next(iter(lib.papers.add(p).added)) for p in papers]
    lib.papers.set_stars(ids[0], 5)
    lib.papers.set_stars(ids[1], 3)
    lib.papers.set_read(ids[2], "read")
    lib.notes.set(ids[3], "Great for **Finnish** morphology")
    lib.tags.add(ids[1], ["machine translation"])
    return lib, ids


def found(lib, q, **kw):
    return sorted(h.paper_id for h in lib.search(q, **kw))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("translation", [1, 2]),
        ("translation speech", [2]),  # both words: plain words are not OR-ed
        ('"machine translation"', [1]),
        ("translation AND speech", [2]),
        ("translation OR attention", [0, 1, 2]),
        ("translation NOT speech", [1]),
        ("(speech OR neural) AND translation", [1, 2]),
        ("morpholog*", [3]),
        ("transfromer~", [0]),
        ("title:neural", [1]),
        ("author:smith", [2, 3]),
        ("abstract:finnish", [3]),
        ('tag:"machine translation"', [1]),
        ("note:finnish", [3]),
        ("venue:acl", [2]),
        ("year:2019", [3]),
        ("year:2019..2021", [2, 3]),
        ("year:>=2019", [2, 3]),
        # an open range far below the years: "year:>=2000" matched none of 356 papers
        ("year:>=2000", [0, 1, 2, 3]),
        ("year:>1990", [0, 1, 2, 3]),
        ("year:<=2016", [1]),
        ("year:<2100", [0, 1, 2, 3]),
        ("stars:>=3", [0, 1]),
        ("stars:5", [0]),
        ("read:read", [2]),
        ("read:unread", [0, 1, 3]),
        ("has:note", [3]),
        ("translation year:2015", [1]),
        ("", [0, 1, 2, 3]),
    ],
)
def test_query_syntax(corpus, query, expected):
    lib, ids = corpus
    assert found(lib, query) == sorted(ids[i] for i in expected)


def test_accents_are_folded(lib):
    pid = next(iter(lib.papers.add(Paper(title="Café culture", abstract="Über Sprache.",
                                         authors=[Author("Müller", "Jörg")])).added))
    for query in ("author:muller", "cafe", "uber", "author:Müller", "café"):
        assert [h.paper_id for h in lib.search(query)] == [pid], query
    (hit,) = lib.search("cafe")
    assert "[Über]" in lib.search("uber")[0].snippet


def test_title_ranks_above_abstract(lib):
    a = next(iter(lib.papers.add(Paper(title="Other", abstract="graphs and graphs")).added))
    b = next(iter(lib.papers.add(Paper(title="Graphs", abstract="a study")).added))
    assert [h.paper_id for h in lib.search("graphs")] == [b, a]


@pytest.mark.parametrize(
    ("sort", "order"),
    [("year", [2, 3, 0, 1]), ("stars", [0, 1]), ("title", [0, 3, 1, 2]), ("added", [3, 2, 1, 0])],
)
def test_sorting(corpus, sort, order):
    lib, ids = corpus
    got = [h.paper_id for h in lib.search("", sort=sort, limit=None)]
    assert got[: len(order)] == [ids[i] for i in order]


def test_snippet_marks_matched_words(corpus):
    lib, ids = corpus
    (hit,) = lib.search("recurrent")
    assert "[recurrent]" in hit.snippet
    (hit,) = lib.search("morpholog*")
    assert "[Morphology]" in hit.snippet


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "(a OR b", "a)", "read:maybe", "has:cats", "year:soon",
     "stars:>=many", "reward AND", "AND", "NOT", "OR reward", "(a AND)", "tag:", "title:",
     "*", "year:2024..2019"],
)
def test_malformed_queries_give_one_line(lib, query):
    with pytest.raises(QueryError) as err:
        lib.search(query)
    assert "\n" not in str(err.value)


def test_unknown_sort(lib):
    with pytest.raises(QueryError):
        lib.search("x", sort="colour")


def test_quotes_in_a_long_question_are_emphasis_in_best_match_only():
    """Best match reads a long question's "quoted words" as words, not as a phrase every
    paper must contain; short queries, Keyword mode and queries with other syntax keep
    their phrases."""
    from paperdesk.search.query import LONG_QUESTION, loosened, make_parser, parse_query
    from paperdesk.search.schema import build_schema

    parser = make_parser(build_schema())
    question = ('How do library users judge the "relevance" of retrieved documents, and '
                'which criteria besides topicality matter to them when they search catalogues?')
    parsed = parse_query(parser, question)
    assert len(parsed.words) >= LONG_QUESTION
    assert parsed.parts.hard  # Keyword mode: the quoted word is required
    bare = loosened(parsed)
    assert bare is not None and '"' not in bare and "relevance" in bare
    assert not parse_query(parser, bare).parts.hard
    assert loosened(parse_query(parser, '"relevance feedback" in catalogues')) is None
    with_field = loosened(parse_query(parser, question + ' title:"user study" year:2019'))
    assert with_field is not None and 'title:"user study" year:2019' in with_field
    assert '"relevance"' not in with_field
    assert loosened(parse_query(parser, question.replace('"', ""))) is None


def test_a_quoted_field_value_marks_no_title_words(corpus):
    """A user searched tag:"machine translation" and saw "translation" bold in titles:
    the second word of a quoted field value was read as a plain word (and embedded by
    Best match)."""
    lib, ids = corpus
    (hit,) = lib.search('tag:"machine translation"')
    assert hit.paper_id == ids[1]
    assert hit.matched == [] and hit.raw_title == hit.title  # nothing marked
    (hit,) = lib.search('tag:"machine translation" neural')
    assert hit.matched == ["neural"]


def test_scores_of_required_parts_read_as_parts_matched(corpus):
    """A review: '"language model"' scored 24.63 and 'author:smith' 8.58, where the README
    says Keyword scores read as words matched plus a fraction."""
    lib, _ = corpus
    for q, parts in (('"machine translation"', 1), ("author:smith", 1),
                     ("translation OR attention", 1), ('title:speech "speech to text"', 2)):
        scores = [h.score for h in lib.search(q, mode="keyword")]
        assert scores and all(parts < s < parts + 1 for s in scores), (q, scores)
    assert [int(h.score) for h in lib.search("speech translation", mode="keyword")] == [2]
