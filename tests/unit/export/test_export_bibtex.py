"""BibTeX/biblatex export: parses with bibtexparser 2, text intact after LaTeX decoding."""

from __future__ import annotations

import json

import bibtexparser
import pytest
from export_samples import NASTY
from pylatexenc.latex2text import LatexNodes2Text

from paperdesk.export import ExportOptions, export_papers
from paperdesk.export.latex import braces_balanced, escape_latex
from paperdesk.records import Paper

decode = LatexNodes2Text().latex_to_text


def parse(text: str) -> dict[str, dict[str, str]]:
    lib = bibtexparser.parse_string(text)
    assert not lib.failed_blocks
    return {
        e.key: {f.key: f.value for f in e.fields} | {"_type": e.entry_type} for e in lib.entries
    }


def test_parses_and_keys_unique(annotated, sample_papers) -> None:
    for papers in (annotated, sample_papers):
        entries = parse(export_papers(papers, "bibtex"))
        assert len(entries) == len(papers)


def test_fields(annotated) -> None:
    entries = parse(export_papers(annotated, "bibtex"))
    vas = entries["vaswani2017attentiona"]
    assert vas["_type"] == "inproceedings"
    assert vas["author"] == "Vaswani, Ashish and Shazeer, Noam"
    assert vas["booktitle"] == "Advances in Neural Information Processing Systems"
    assert (vas["volume"], vas["pages"], vas["publisher"]) == (
        "30",
        "5998--6008",
        "Curran Associates",
    )
    assert vas["keywords"] == "transformers, attention"
    assert vas["paperdesk-stars"] == "5" and vas["paperdesk-read"] == "read"
    # nothing for what the reader never set, nor the library's own id
    assert not any(k.startswith("paperdesk-")
                   for k in entries["worldhealthorganization2019world"])
    assert "paperdesk-id" not in vas
    assert vas["eprint"] == "1706.03762" and vas["archiveprefix"] == "arXiv"
    assert decode(vas["annote"]).startswith("A **classic**.")
    assert '> "sequence transduction models" — the setting' in vas["annote"]
    mue = entries["mueller2020"]
    assert mue["title"] == '{Ü}ber die {G}renzen: {\\"A}hnlichkeit \\& Co'  # title_braced
    assert mue["month"] == "mar"
    assert mue["author"] == "von Müller, Jürgen and Ñúñez, Jr., José"
    assert entries["worldhealthorganization2019world"]["author"] == "{World Health Organization}"
    assert entries["worldhealthorganization2019world"]["_type"] == "techreport"
    assert entries["vaswani2017attentionb"]["url"] == "https://example.org/paper?a=1&b=2"


def test_hostile_text_inert_and_intact(annotated) -> None:
    text = export_papers(annotated, "bibtex")
    mue = parse(text)["mueller2020"]
    assert decode(mue["abstract"]) == NASTY
    note, _, highlights = mue["annote"].partition("\n\nHighlights:\n")
    assert decode(note) == NASTY
    assert decode(highlights) == '> "<script>" — {\\input{/etc/passwd}} 50% of $x$ & more'
    # nothing LaTeX would execute or typeset as math: every special character is escaped
    # (paperdesk-highlights is raw JSON, a field no style typesets)
    typeset = "\n".join(ln for ln in text.splitlines() if "paperdesk-highlights" not in ln)
    assert "\\input{" not in typeset and " $x$" not in typeset and "50% " not in typeset
    assert "\\$x\\$" in mue["abstract"]


def test_highlights_json_read_raw(annotated) -> None:
    mue = parse(export_papers(annotated, "bibtex"))["mueller2020"]
    hl = json.loads(mue["paperdesk-highlights"])
    assert hl == [
        {
            "start": 0,
            "end": 8,
            "text": "<script>",
            "color": "yellow",
            "comment": "{\\input{/etc/passwd}} 50% of $x$ & more",
        }
    ]
    assert braces_balanced(mue["paperdesk-highlights"])


def test_biblatex_names(annotated) -> None:
    entries = parse(export_papers(annotated, "biblatex"))
    mue = entries["mueller2020"]
    assert "annotation" in mue and "annote" not in mue
    assert mue["journaltitle"] == "Journal of Äpfel"
    assert entries["vaswani2017attentiona"]["eprinttype"] == "arXiv"


def test_ascii_option(annotated) -> None:
    text = export_papers(annotated, "bibtex", ExportOptions(ascii=True))
    assert text.isascii()
    mue = parse(text)["mueller2020"]
    assert decode(mue["author"]) == "von Müller, Jürgen and Ñúñez, Jr., José"
    assert decode(mue["journal"]) == "Journal of Äpfel"


@pytest.mark.parametrize(
    "text",
    ["a } b {", "}{", "{{x}", "\\", "~^", "100% & #1 $5 x_y", "{\\input{/etc/passwd}}", ""],
)
def test_escape_always_balances(text: str) -> None:
    out = escape_latex(text)
    assert braces_balanced(out)
    assert "{" not in out.replace("\\{", "").replace("{}", "")


def test_unbalanced_user_text_still_parses() -> None:
    paper = Paper(title="Odd } title {", note="a {{ b", abstract="}")
    entries = parse(export_papers([paper], "bibtex"))
    assert len(entries) == 1


def test_unbalanced_title_braced_is_ignored() -> None:
    paper = Paper(title="Plain", extra={"title_braced": "{Broken"})
    (entry,) = parse(export_papers([paper], "bibtex")).values()
    assert entry["title"] == "Plain"


def test_extra_does_not_override_annotations() -> None:
    paper = Paper(title="T", note="mine", extra={"annote": "theirs", "keywords": "old", "x y": 1})
    (entry,) = parse(export_papers([paper], "bibtex")).values()
    assert entry["annote"] == "mine"
    assert "x y" not in entry


def test_importer_bookkeeping_never_leaks() -> None:
    paper = Paper(
        title="T",
        entry_type="article",
        extra={"ris_type": "JOUR", "csl_type": "article-journal", "volume": "3"},
    )
    text = export_papers([paper], "bibtex")
    assert "ris_type" not in text and "csl_type" not in text and "volume = {3}" in text


@pytest.mark.parametrize("month", ["may", "May", "5", "05", "MAY", "may."])
def test_month_written_one_way(month: str) -> None:
    text = export_papers([Paper(title="T", year=2020, extra={"month": month})], "bibtex")
    assert "  month = may,\n" in text
    days = export_papers([Paper(title="T", extra={"month": "25-26 August"})], "bibtex")
    assert "month = {25-26 August}" in days


def test_a_date_range_is_kept() -> None:
    # biblatex's "1944-03/1944-05" (and the open "1988/") was dropped from both exports
    papers = [Paper(title="Theory of Games", year=1944, key="vn1", entry_type="article",
                    extra={"date": "1944-03/1944-05"}),
              Paper(title="Open", year=1988, key="open", extra={"date": "1988/"})]
    biblatex = parse(export_papers(papers, "biblatex"))
    assert biblatex["vn1"]["date"] == "1944-03/1944-05"
    assert biblatex["open"]["date"] == "1988/"
    bibtex = parse(export_papers(papers, "bibtex"))
    assert bibtex["vn1"]["month"] == "mar" and bibtex["vn1"]["year"] == "1944"


def test_biblatex_name_syntax_in_editors_becomes_bibtex_names() -> None:
    # a biblatex library's "family=Torre, given=Leendert, prefix=van der" went raw into the
    # BibTeX export, where BibTeX reads "family=Torre" as a surname
    raw = ("Baroni, Pietro and family=Torre, given=Leendert, prefix=van der, "
           "useprefix=false and others")
    papers = [Paper(title="Handbook", year=2018, key="hb", entry_type="book",
                    extra={"editor": raw})]
    assert parse(export_papers(papers, "bibtex"))["hb"]["editor"] == (
        "Baroni, Pietro and van der Torre, Leendert and others")
    assert parse(export_papers(papers, "biblatex"))["hb"]["editor"] == raw


def test_a_book_s_publisher_is_not_written_over_by_its_series(tmp_path) -> None:
    """A review: xampl.bib's @book with a booktitle and a publisher came out with
    ``publisher = {The Art of Computer Programming}``; Addison-Wesley was lost."""
    from paperdesk import Library

    src = tmp_path / "books.bib"
    src.write_text("""@book{pub1, author = {Knuth, Donald E.}, title = {Seminumerical Algorithms},
  booktitle = {The Art of Computer Programming}, publisher = {Addison-Wesley}, year = {1981}}
@book{pub2, author = {Knuth, Donald E.}, title = {Fundamental Algorithms},
  publisher = {Addison-Wesley}, year = {1973}}
@proceedings{proc1, title = {Proceedings of the Parent Conference},
  booktitle = {ACL}, year = {2020}}
""", encoding="utf-8")
    with Library.open(tmp_path / "a") as lib:
        lib.import_files([src])
        text = export_papers(lib.get_many(lib.papers.ids(sort="id")), "bibtex")
    entries = parse(text)
    assert entries["pub1"]["publisher"] == "Addison-Wesley"
    assert entries["pub1"]["booktitle"] == "The Art of Computer Programming"
    assert entries["pub2"]["publisher"] == "Addison-Wesley"
    assert "booktitle" not in entries["pub2"]
    back = tmp_path / "back.bib"
    back.write_text(text, encoding="utf-8")
    with Library.open(tmp_path / "b") as lib:
        lib.import_files([back])
        again = {p.key: p for p in lib.get_many(lib.papers.ids())}
    assert again["pub1"].venue == "The Art of Computer Programming"
    assert again["pub1"].extra["publisher"] == "Addison-Wesley"
    assert again["proc1"].venue == "ACL"
