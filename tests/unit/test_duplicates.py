"""Duplicate detection at the door and merging (pure logic, no database)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from paperdesk.importers import read_file
from paperdesk.importers.trending import parse_trending
from paperdesk.library.duplicates import DuplicateIndex, merge_fields, normalize_doi
from paperdesk.records import Author, Highlight, Paper, Tag


def paper(title: str = "Neural Parsing of Things", **kw) -> Paper:
    kw.setdefault("authors", [Author("Smith", "Jane")])
    kw.setdefault("year", 2020)
    return Paper(title=title, **kw)


def index_of(*papers: Paper) -> DuplicateIndex:
    index = DuplicateIndex()
    for ref, p in enumerate(papers):
        index.add(p, ref)
    return index


def test_same_doi_case_and_prefix_insensitive() -> None:
    index = index_of(paper(doi="10.1/ABC"))
    found = index.find_match(paper("Something else entirely", doi="https://doi.org/10.1/abc"))
    assert found and found.ref == 0 and found.reason == "same DOI"
    assert normalize_doi("doi: 10.1/X") == "10.1/x"


def test_same_arxiv_id_without_version() -> None:
    index = index_of(paper(arxiv_id="2101.00001v1"))
    assert index.find(paper("Other title", arxiv_id="arXiv:2101.00001v3")) == 0


def test_same_title_first_author_year() -> None:
    index = index_of(paper("Neural Parsing of Things!"))
    assert index.find(paper("neural parsing of things")) == 0
    assert index.find(paper("neural parsing of things", year=2018)) is None
    assert index.find(paper("neural parsing of things", authors=[Author("Jones")])) is None


def test_fuzzy_title_same_surname_same_year() -> None:
    index = index_of(paper("Neural Parsing of Many Things in Context"))
    assert index.find(paper("Neural Parsing of Many Thing in Context")) == 0
    assert index.find(paper("Neural Parsing of Many Thing in Context", year=2022)) is None
    assert index.find(paper("Symbolic Parsing of Few Things", year=2020)) is None


def test_same_title_a_year_apart_is_only_possible() -> None:
    # PopperQM.bib: the 1934 article and the 1935 manuscript of the same title
    manuscript = paper("Zur Kritik der Ungenauigkeitsrelationen", authors=[Author("Popper")],
                       year=1935, entry_type="unpublished")
    index = index_of(manuscript)
    article = paper("Zur Kritik der Ungenauigkeitsrelationen", authors=[Author("Popper")],
                    year=1934, extra={"volume": "22", "pages": "807--808"})
    found = index.find_match(article)
    assert found and found.possible and found.reason.endswith("years differ: 1934 / 1935")
    assert index.find(article) is None
    assert index.find(paper("Neural Parsing of Many Thing in Context", year=2021)) is None
    assert index.find(replace(article, year=1935)) == 0  # same year: the same paper
    assert index.find(replace(article, year=None)) is None  # (no rule matches on a title only)


def test_a_thesis_and_the_book_of_the_same_title_are_not_merged() -> None:
    # scorec_refs.bib: @phdthesis{ibanezthesis} and @book{ibanezPhd}, both 2016
    book = paper("Conformal mesh adaptation on heterogeneous supercomputers.",
                 authors=[Author("Ibanez", "Daniel Alejandro")], year=2016, entry_type="book")
    thesis = replace(book, title="Conformal Mesh Adaptation On Heterogeneous Supercomputers",
                     entry_type="phdthesis")
    index = index_of(book)
    found = index.find_match(thesis)
    assert found and found.possible and found.reason.endswith("a thesis and a book")
    assert index.find(replace(thesis, title="Conformal mesh adaptation on heterogeneous "
                                            "supercomputer")) is None  # the fuzzy rule too
    assert index.find(replace(thesis, entry_type="book")) == 0
    assert index.find(replace(thesis, doi="10.1/t")) is None
    index.add(replace(book, doi="10.1/t"), 1)
    assert index.find(replace(thesis, doi="10.1/t")) == 1  # a DOI match stays a match


def test_kept_apart_papers_are_only_possible_matches() -> None:
    index = index_of(paper(doi="10.1/a"), paper())
    found = index.find_match(paper(doi="10.1/a"), kept_apart={0})
    assert found and found.ref == 1 and not found.possible  # the other one matches
    found = index.find_match(paper(), kept_apart={0, 1})
    assert found and found.possible and found.kept_apart and found.ref == 0
    assert index.find_match(paper(), kept_apart={7}) == index.find_match(paper())


def test_a_candidate_with_the_same_key_is_preferred() -> None:
    index = index_of(paper(key="HuBlakeMigration", doi="10.1/x"), paper(key="Hu1998"))
    assert index.find(paper(key="Hu1998")) == 1
    assert index.find(paper(key="HuBlakeMigration")) == 0
    assert index.find(paper(key="other")) == 0  # no key agrees: the first one


def test_anonymous_papers_need_same_title_and_abstract() -> None:
    a = Paper(title="T", abstract="Some abstract.")
    index = index_of(a)
    assert index.find(Paper(title="t", abstract="some abstract")) == 0
    assert index.find(Paper(title="T", abstract="Another abstract")) is None
    assert index.find(Paper(title="T")) is None


def test_anonymous_papers_with_the_same_title_and_key_or_url_are_one() -> None:
    # a web page in a .bib file (no authors, year nor abstract) was added again at each
    # re-import of the file
    page = Paper(title="Hidden Markov model", key="wiki2020",
                 url="https://en.wikipedia.org/wiki/Hidden_Markov_model")
    index = index_of(page)
    again = index.find_match(Paper(title="Hidden Markov Model", key="wiki2020"))
    assert again is not None and not again.possible and again.ref == 0
    assert "citation key" in again.reason
    assert index.find(Paper(title="Hidden Markov model", key="hmm",
                            url="https://en.wikipedia.org/wiki/Hidden_Markov_model/")) == 0
    by_url = index_of(replace(page, key="")).find_match(replace(page, key=""))
    assert by_url is not None and by_url.reason.endswith("URL")
    # the same title alone says nothing; another URL says another page
    assert index.find(Paper(title="Hidden Markov model", key="other")) is None
    assert index.find(Paper(title="Hidden Markov model", key="wiki2020",
                            url="https://example.org/hmm")) is None


def test_never_merge_different_dois_or_arxiv_ids() -> None:
    index = index_of(paper(doi="10.1/a"), paper("Other", arxiv_id="2101.00001"))
    assert index.find(paper(doi="10.1/b")) is None  # same title/author/year, other DOI
    assert index.find(paper("Other", arxiv_id="2101.00002")) is None


def test_never_merge_different_volume_number_or_pages() -> None:
    index = index_of(paper(extra={"pages": "12--20", "volume": "3"}))
    assert index.find(paper(extra={"pages": "12-20"})) == 0  # same range, other dash
    assert index.find(paper(extra={"pages": "21--30"})) is None
    assert index.find(paper(extra={"volume": "4"})) is None
    assert index.find(paper(doi="10.1/x", extra={"number": "2"})) == 0  # one side missing


def test_in_file_duplicates_found_the_same_way() -> None:
    entries = [paper("A Study", doi="10.1/a"), paper("B Study"), paper("A study", doi="10.1/A")]
    index = DuplicateIndex()
    merged_into: dict[int, int] = {}
    for position, p in enumerate(entries):
        ref = index.find(p)
        if ref is None:
            index.add(p, position)
        else:
            merged_into[position] = ref
    assert merged_into == {2: 0}


def test_sample_page_imported_twice_is_all_duplicates() -> None:
    text = "Get trending papers\nheader\n" + "\n".join(
        f"Title {i}\nAbstract {i}." for i in range(50)
    )
    first = parse_trending(text).entries
    index = index_of(*(e.paper for e in first))
    assert [index.find(e.paper) for e in parse_trending(text).entries] == list(range(50))


def test_index_scales_and_remove() -> None:
    papers = [
        paper(
            f"Paper number {i} about topic {i % 97}",
            authors=[Author(f"Name{i % 500}")],
            year=2000 + i % 20,
        )
        for i in range(20_000)
    ]
    index = index_of(*papers)
    assert len(index) == 20_000
    assert index.find(papers[12_345]) == 12_345
    index.remove(12_345)
    assert index.find(papers[12_345]) is None


def test_merge_fills_empty_fields_only_and_keeps_user_data() -> None:
    existing = paper(
        abstract="", note="mine", stars=4, read="read", tags=[Tag("nlp")], extra={"pages": "1--2"}
    )
    incoming = paper(
        "Different Title",
        abstract="An abstract.",
        doi="10.1/x",
        venue="ACL",
        note="theirs",
        stars=1,
        read="reading",
        tags=[Tag("NLP"), Tag("parsing"), Tag("auto", source="auto", score=0.4)],
        extra={"pages": "9--9", "volume": "7"},
        highlights=[Highlight(0, 2, "An")],
        attachments=["/x.pdf"],
    )
    changes = merge_fields(existing, incoming)
    assert changes["abstract"] == "An abstract." and changes["doi"] == "10.1/x"
    assert changes["venue"] == "ACL"
    assert "title" not in changes and "note" not in changes
    assert "stars" not in changes and "read" not in changes
    assert changes["extra"] == {"pages": "1--2", "volume": "7"}
    assert [(t.name, t.source) for t in changes["tags"]] == [
        ("nlp", "user"),
        ("parsing", "user"),
        ("auto", "auto"),
    ]
    assert changes["highlights"] == incoming.highlights
    assert changes["attachments"] == ["/x.pdf"]


def test_merge_fills_user_fields_when_empty_and_nothing_when_same() -> None:
    existing = paper()
    incoming = paper(note="n", stars=2, read="read")
    assert merge_fields(existing, incoming) == {"note": "n", "stars": 2, "read": "read"}
    assert merge_fields(existing, paper()) == {}


def test_authorless_papers_same_title_year_venue() -> None:
    front = Paper(title="Briefly Noted", year=1993, venue="CL", url="https://x.org/J93-1001/")
    index = index_of(front)
    assert index.find(Paper(title="Briefly noted", year=1993, venue="CL")) == 0
    assert (
        index.find(
            Paper(title="Briefly Noted", year=1993, venue="CL", url="https://x.org/J93-1001")
        )
        == 0
    )
    assert (
        index.find(
            Paper(title="Briefly Noted", year=1993, venue="CL", url="https://x.org/J93-2001/")
        )
        is None
    )
    assert index.find(Paper(title="Briefly Noted", year=1994, venue="CL")) is None
    assert index.find(Paper(title="Briefly Noted", year=1993, venue="TACL")) is None
    assert index.find(Paper(title="Briefly Noted", year=1993)) == 0  # venue unknown
    assert index.find(paper("Briefly Noted", year=1993, venue="CL")) is None  # has authors


def test_reimporting_a_file_finds_every_paper(acl_no_abstract: Path) -> None:
    entries = read_file(acl_no_abstract).entries
    index = index_of(*(e.paper for e in entries))
    assert [index.find(e.paper) for e in entries] == list(range(len(entries)))


# ---- titles a number, a roman numeral or a word apart (issue 16) ----
SERIES = [  # pairs a fuzzy matcher scores >= 95 that are different papers
    ("Nesting of for Statement I (Algorithm 137)", "Nesting of for Statement II (Algorithm 138)"),
    ("Base pressure at supersonic speeds on a body of revolution with a cylindrical afterbody",
     "Base pressure at subsonic speeds on a body of revolution with a cylindrical afterbody"),
    ("Hypersonic flow past a flat plate at incidence, part 1",
     "Hypersonic flow past a flat plate at incidence, part 2"),
    ("Proceedings of the 12th Workshop on Semantic Evaluation",
     "Proceedings of the 13th Workshop on Semantic Evaluation"),
]


def test_titles_a_number_numeral_or_word_apart_are_not_merged() -> None:
    from rapidfuzz import fuzz

    from paperdesk.records import normalize_text

    for first, second in SERIES:
        a, b = normalize_text(first), normalize_text(second)
        assert fuzz.token_sort_ratio(a, b) >= 95 or "supersonic" in a  # the old rule merged
        index = index_of(paper(first))
        found = index.find_match(paper(second))
        assert found is not None and found.possible, (first, second)
        assert "titles differ in" in found.reason
        assert index.find(paper(second)) is None  # never merged


def test_title_difference_names_what_differs() -> None:
    from paperdesk.library.titles import title_difference

    assert title_difference("nesting of for statement i algorithm 137",
                            "nesting of for statement ii algorithm 138") == \
        "titles differ in a number: 137 / 138"
    assert title_difference("part i of a story", "part ii of a story") == \
        "titles differ in a roman numeral: i / ii"
    assert title_difference("base pressure at supersonic speeds",
                             "base pressure at subsonic speeds") == \
        "titles differ in a word: supersonic / subsonic"
    # spelling variants, plurals, one typo, hyphenation, an article: the same title
    for a, b in (("neural modelling of speech", "neural modeling of speech"),
                 ("optimisation of parsers", "optimization of parsers"),
                 ("a study of parsers", "study of parser"),
                 ("pre training for language", "pretraining for language"),
                 ("transformers for langauge", "transformers for language")):
        assert title_difference(a, b) is None, (a, b)
    assert title_difference("formal semantics", "normal semantics") is not None


def test_a_spelling_variant_title_still_merges() -> None:
    index = index_of(paper("Neural Modelling of Many Things in Context"))
    assert index.find(paper("Neural Modeling of Many Things in Context")) == 0


def test_merge_keeps_both_abstracts_when_they_differ() -> None:
    from paperdesk.library.duplicates import ABSTRACT_SEPARATOR

    mine = paper(abstract="We parse things.")
    assert "abstract" not in merge_fields(mine, paper(abstract="we parse things"))
    assert "abstract" not in merge_fields(paper(abstract="We parse things. And more."),
                                          paper(abstract="We parse things."))
    both = merge_fields(mine, paper(abstract="A different summary of the work."))["abstract"]
    assert both == "We parse things." + ABSTRACT_SEPARATOR + "A different summary of the work."
