"""BibTeX import: fixtures from bibtexparser and pybtex, LaTeX, names, mapping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from importer_testdata import FIXTURES

from paperdesk.errors import InputFileError
from paperdesk.importers import read_file
from paperdesk.importers.bibtex import parse_bibtex
from paperdesk.importers.bibtex_names import parse_people, parse_person, split_name
from paperdesk.importers.bibtex_raw import parse_bibtex_raw
from paperdesk.importers.latex import latex_to_unicode
from paperdesk.records import Author

BIB_FILES = sorted((FIXTURES / "bibtex").rglob("*.bib"))
_ENTRY_START = re.compile(r"^\s*@\s*(\w+)\s*[{(]", re.MULTILINE)


def count_entries(text: str) -> int:
    """Entries in a file by a plain scan: ``@type{`` lines that are not string/comment/preamble."""
    return sum(
        1
        for m in _ENTRY_START.finditer(text)
        if m.group(1).lower() not in ("string", "comment", "preamble")
    )


def test_fixture_files_exist() -> None:
    assert len(BIB_FILES) >= 55


@pytest.mark.parametrize("path", BIB_FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_every_fixture_file_imports_with_full_accounting(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    if not text.strip():
        with pytest.raises(InputFileError, match="empty"):
            read_file(path)
        return
    result = read_file(path)
    raw = parse_bibtex_raw(text)
    assert len(result.entries) + len(result.problems) == len(raw.entries) + len(raw.failures)
    if path.name not in (
        "multiline_comments.bib",
        "traps.bib",
        "comments_spaces_and_declarations.bib",
    ):
        # files whose comments hold "@type{" text are counted by the parser only
        assert len(result.entries) + len(result.problems) == count_entries(text)
    for entry in result.entries:
        assert entry.paper.title
        assert entry.line and entry.line >= 1
    for problem in result.problems:
        assert problem.file == str(path) and problem.reason


def test_acl_style_entry_is_mapped() -> None:
    text = r"""@string{acl = "Association for Computational Linguistics"}

@inproceedings{goehring-2020-bert,
    title = "{BERT} for {G}erman: the {I}nternet {\&} more",
    author = "G{\"o}hring, Anne  and
      d{'}Alessandro, Christophe and Ludwig van Beethoven",
    booktitle = "Proceedings of " # acl,
    month = may,
    year = {2020},
    pages = {12--20},
    doi = {https://doi.org/10.18653/V1/2020.acl-main.1},
    abstract = "We get 85.5{\%} with $x^2$ on user{'}s data ~ {\'e}t{\'e}.",
    keywords = {parsing; German, BERT},
    note = {Best paper},
    paperdesk-stars = {4},
    paperdesk-read = {read},
    paperdesk-highlights = {[{"start": 0, "end": 2, "text": "We", "comment": "c"}]},
}
"""
    result = parse_bibtex(text, "x.bib")
    assert not result.problems
    (entry,) = result.entries
    paper = entry.paper
    assert entry.line == 3 and entry.key == "goehring-2020-bert"
    assert paper.title == "BERT for German: the Internet & more"
    assert paper.extra["title_braced"] == r"{BERT} for {G}erman: the {I}nternet {\&} more"
    assert paper.authors == [
        Author("Göhring", "Anne"),
        Author("d’Alessandro", "Christophe"),
        Author("Beethoven", "Ludwig", prefix="van"),
    ]
    assert paper.venue == "Proceedings of Association for Computational Linguistics"
    assert paper.year == 2020
    assert paper.doi == "10.18653/V1/2020.acl-main.1"
    assert paper.abstract == "We get 85.5% with $x^2$ on user’s data \xa0 été."
    assert [t.name for t in paper.tags] == ["parsing", "German", "BERT"]
    assert all(t.source == "user" for t in paper.tags)
    # BibTeX's note is printed in the reference ("submitted for publication"): it stays a
    # field of the entry and goes back out as one; annote / annotation are the reader's
    assert paper.note == "" and paper.extra["note"] == "Best paper"
    assert (paper.stars, paper.read) == (4, "read")
    assert paper.highlights[0].comment == "c"
    assert paper.extra["month"] == "May" and paper.extra["pages"] == "12--20"
    assert paper.entry_type == "inproceedings"


def test_arxiv_eprint_and_date() -> None:
    text = """@misc{a, title={T}, eprint={2101.00001v2}, archiveprefix={arXiv}, date={2021-01-05}}
@article{b, title={U}, journal={arXiv preprint arXiv:1706.03762}, year=2017}"""
    a, b = (e.paper for e in parse_bibtex(text).entries)
    assert (a.arxiv_id, a.year) == ("2101.00001v2", 2021)
    assert b.arxiv_id == "1706.03762"


def test_malformed_and_untitled_entries_are_problems_with_lines() -> None:
    text = """@article{ok, title={Fine}}
@article{ok, title={Again}}
@article{bad title={x}}
@article{notitle, author={A. B}}
@comment{jabref-meta: databaseType:bibtex;}
@preamble{"\\newcommand{\\x}{y}"}
"""
    result = parse_bibtex(text, "f.bib")
    assert [e.key for e in result.entries] == ["ok", "ok-2"]  # a repeated key: suffixed
    assert [(p.line, p.key) for p in result.problems] == [(3, ""), (4, "notitle")]
    assert "missing title" in result.problems[1].reason


def test_a_repeated_key_with_other_content_imports_under_a_suffix_and_says_so() -> None:
    text = """@article{smith, title={First paper}, year=2001}
@article{smith, title={Second paper}, year=2002}
@article{smith, title={First paper}, year=2001}
@article{smith-2, title={Taken already}}
@article{smith, title={Third paper}}
"""
    result = parse_bibtex(text, "f.bib")
    assert [(e.key, e.paper.title) for e in result.entries] == [
        ("smith", "First paper"), ("smith-2", "Second paper"), ("smith-2-2", "Taken already"),
        ("smith-3", "Third paper")]
    assert not result.problems
    said = [w for w in result.warnings if "used again" in w]
    assert len(said) == 3 and "line 2: key 'smith' is used again (first used on line 1) " \
        "for a different entry; imported as 'smith-2'" in said[0]
    assert any("repeats line 1; read once" in w for w in result.warnings)


def test_duplicate_field_keeps_first_value_with_warning() -> None:
    result = parse_bibtex("@article{k, title={First}, TITLE={Second}}")
    assert result.entries[0].paper.title == "First"
    assert any("duplicate field" in w for w in result.warnings)


def test_crossref_inheritance_and_cycle() -> None:
    text = """@inproceedings{child, title={Paper}, crossref={proc}}
@proceedings{proc, title={Proceedings of X}, year=1999, publisher={P}, doi={10.1/proc}}
@book{c1, title={C1}, crossref={c2}}
@book{c2, title={C2}, crossref={c1}}
"""
    result = parse_bibtex(text, "x.bib")
    child = result.entries[0].paper
    assert (child.venue, child.year, child.extra["publisher"]) == ("Proceedings of X", 1999, "P")
    assert child.doi == ""  # identity fields are never inherited
    assert len(result.entries) == 4
    assert any("crossref cycle" in w for w in result.warnings)


def test_crossref_fixture_chain() -> None:
    result = read_file(FIXTURES / "bibtex" / "bibtexparser" / "crossref_cascading.bib")
    assert len(result.entries) + len(result.problems) == 4


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"G{\"o}hring", "Göhring"),
        (r"{\'e}t{\'e}", "été"),
        (r"\'{E}cole", "École"),
        (r"Fran\c{c}ois \v{S}koda", "François Škoda"),
        (r"Tom \& Jerry {\%} \_x", "Tom & Jerry % _x"),
        (r"$\alpha$-beta", r"$\alpha$-beta"),
        (r"\textit{very} \emph{good}", "very good"),
        ("{BERT}: {I}nternet", "BERT: Internet"),
        ("a--b---c ``q''", "a–b—c “q”"),
        (r"Stein{\th}{\'o}r {\o} \ss{}", "Steinþór ø ß"),
        ("plain text", "plain text"),
    ],
)
def test_latex_to_unicode(latex: str, text: str) -> None:
    assert latex_to_unicode(latex) == text


@pytest.mark.parametrize(
    ("raw", "author"),
    [
        ("Knuth, Donald E.", Author("Knuth", "Donald E.")),
        ("Donald E. Knuth", Author("Knuth", "Donald E.")),
        ("Ludwig van Beethoven", Author("Beethoven", "Ludwig", "van")),
        ("van Beethoven, Ludwig", Author("Beethoven", "Ludwig", "van")),
        ("King, Jr., Martin Luther", Author("King", "Martin Luther", suffix="Jr.")),
        ("{Barnes and Noble}", Author("Barnes and Noble")),
        (r"{\TH}orvaldur P{\'a}ll Helgason", Author("Helgason", "Þorvaldur Páll")),
        ("family=Smith, given=John, prefix=van", Author("Smith", "John", "van")),
    ],
)
def test_person_names(raw: str, author: Author) -> None:
    assert parse_person(raw) == author


def test_and_others_is_a_flag() -> None:
    people = parse_people("A. One and {Barnes and Noble} and others")
    assert [a.family for a in people.authors] == ["One", "Barnes and Noble"]
    assert people.and_others


# --- pybtex's name splitting table -------------------------------------------------------

NAME_DEVIATIONS = {
    "Christina A. L.\\ Thiele": "bibtexparser keeps the control space '\\ ' in 'L.\\'",
}


def _name_case_params() -> list:
    cases = json.loads((FIXTURES / "bibtex" / "pybtex" / "name_cases.json").read_text("utf-8"))
    params = []
    for case in cases:
        marks = ()
        if case["name"] in NAME_DEVIATIONS:
            marks = pytest.mark.xfail(strict=True, reason=NAME_DEVIATIONS[case["name"]])
        params.append(pytest.param(case["name"], case["expected"], marks=marks, id=case["name"]))
    return params


NAME_CASES = _name_case_params()


def test_name_table_size() -> None:
    assert len(NAME_CASES) == 104


@pytest.mark.parametrize(("name", "expected"), NAME_CASES)
def test_pybtex_name_cases(name: str, expected: dict[str, list[str]]) -> None:
    parts = split_name(name)
    got = {"first": parts.first, "von": parts.von, "last": parts.last, "jr": parts.jr}
    assert got == expected


def test_word_by_word_decoding_matches_pylatexenc() -> None:
    from paperdesk.importers.latex import _DECODER

    text = (
        r"See \url{https://x.org/a_b} and $x^{2} + y$ for {\textbf{bold}} \textit {it}"
        r" 85{\%} \ss x {\textasciicircum} \LaTeX{} done--ok"
    )
    # (but for the logos, which pylatexenc drops: see test_tex_logos_are_kept)
    assert latex_to_unicode(text) == _DECODER.latex_to_text(text.replace(r"\LaTeX{}", "LaTeX"))


@pytest.mark.parametrize(("latex", "text"), [
    # biber-examples.bib (knuth:ct:a, knuth:ct:b): the titles read "The book", ": The Program"
    (r"The \TeX book", "The TeXbook"),
    (r"\TeX: The Program", "TeX: The Program"),
    (r"\LaTeX\ Companion", "LaTeX Companion"),
    (r"Using \BibTeX{} files", "Using BibTeX files"),
    (r"The \LaTeXe{} guide", "The LaTeX2ε guide"),
    (r"{\o}rsted and {\TeX}", "ørsted and TeX"),
])
def test_tex_logos_are_kept(latex: str, text: str) -> None:
    assert latex_to_unicode(latex) == text


def test_mbox_text_is_kept_and_noopsort_only_sorts() -> None:
    """A review of xampl.bib (BibTeX's own sample): ``\\mbox{G-Animal's} Journal`` became
    "Journal" and ``year = "{\\noopsort{1973c}}1981"`` became 1973."""
    result = parse_bibtex(r"""@article{a, title = {T}, author = {Aamport, Leslie A.},
  journal = {\mbox{G-Animal's} Journal}, year = 1986}
@book{b, title = {Seminumerical Algorithms}, author = {Knuth, Donald E.},
  publisher = {Addison-Wesley}, year = "{\noopsort{1973c}}1981"}
""", "x.bib")
    a, b = (e.paper for e in result.entries)
    assert a.venue == "G-Animal's Journal"
    assert b.year == 1981
    assert latex_to_unicode(r"\hbox{Inbox} \mbox {x}") == "Inbox x"
    (c,) = parse_bibtex("@article{c, title = {T}, month = {10~January}, year = 1986}",
                        "x.bib").entries
    assert c.paper.extra["month"] == "10 January"  # (the "~" was kept, then exported as
    # "10\textasciitilde{}January")
