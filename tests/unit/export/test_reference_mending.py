"""References of real-world entries read right in every style: entries a style leaves
out, parts a style joins around an empty one, publishers taken for journals, titles
stored with their own final period (entries as the shared BibTeX fixtures hold them)."""

from __future__ import annotations

import json
import re

import pytest

from paperdesk.export import export_papers
from paperdesk.export.bibtex import export_bibtex
from paperdesk.export.csljson import csl_metadata
from paperdesk.export.formatting import formatted_references, mend_punctuation, reference_item
from paperdesk.export.options import ExportOptions
from paperdesk.export.ris import export_ris
from paperdesk.export.styles import STYLES, load_style
from paperdesk.records import Author, Paper

# The Chicago note styles leave manuscripts and private documents out of the bibliography
# (biber-examples.bib: "Things", a @misc; "Title1", an @unpublished).
DOCUMENT = Paper(title="Things", authors=[Author("Bobble", "Terrence", prefix="von")],
                 year=1997, entry_type="misc")
MANUSCRIPT = Paper(title="Title1", authors=[Author("AnonymousX")], year=1835,
                   entry_type="unpublished")
ARTICLE = Paper(title="Attention is all you need", authors=[Author("Vaswani", "Ashish")],
                year=2017, venue="Neural Computation", entry_type="article",
                extra={"volume": "30", "pages": "5998--6008"})
# pybtex/bibtexparser fixtures: a conference paper without pages, an article without authors
NO_PAGES = Paper(title="Cool Stuff", authors=[Author("John")], year=2014,
                 venue="My International Conference", entry_type="inproceedings")
NO_AUTHOR = Paper(title="An amazing title", year=2013, venue="Nice Journal",
                  entry_type="article", extra={"volume": "12", "pages": "12-23"})
BOOK = Paper(title="Advanced inorganic chemistry", year=1999, venue="Wiley",
             authors=[Author("Cotton", "Frank Albert")], entry_type="book",
             extra={"publisher": "Wiley", "location": "Chichester", "edition": "6"})
THESIS = Paper(title="Learning to parse", authors=[Author("Doe", "Jane")], year=2001,
               venue="University of Edinburgh", entry_type="phdthesis",
               extra={"school": "University of Edinburgh"})
UNDATED = Paper(title="Undated in proceedings", authors=[Author("Doe", "Jane")],
                venue="Proceedings of ACL", entry_type="inproceedings")
PERIOD = Paper(title="A study of things.", authors=[Author("Brown", "Bea")], year=2002,
               venue="Proc. of ACL", entry_type="inproceedings")


def refs(papers: list[Paper], style: str) -> list[str]:
    return formatted_references(papers, load_style(style))


@pytest.mark.parametrize("style", ["turabian"])
def test_an_entry_the_style_leaves_out_is_still_referenced_in_its_place(style: str) -> None:
    papers = [ARTICLE, DOCUMENT, MANUSCRIPT]
    got = refs(papers, style)
    assert "Vaswani" in got[0] and "Attention" in got[0]
    # in the bibliography's own form: surname first, as the entries around it
    assert got[1].startswith("von Bobble, Terrence") or got[1].startswith("Bobble, Terrence")
    assert "“Things.”" in got[1] and "1997" in got[1]
    assert got[2].startswith("AnonymousX") and "Title1" in got[2]
    text = export_papers(papers, "markdown", ExportOptions(style=style))
    for title in ("Attention", "Things", "Title1"):
        assert title in text


@pytest.mark.parametrize("style", list(STYLES))
def test_no_style_leaves_a_stray_mark_after_an_empty_part(style: str) -> None:
    for got in refs([NO_PAGES, NO_AUTHOR, PERIOD, UNDATED], style):
        plain = re.sub(r"<[^>]+>", "", got)
        assert not re.search(r"\.\s+[.,]", plain), plain
        assert not re.search(r"(?i)things\.[”,]*,", plain), plain
        assert not re.search(r",\s*\.?$", plain), plain


@pytest.mark.parametrize("style", list(STYLES))
def test_an_article_without_a_journal_prints_its_year_and_doi_once(style: str) -> None:
    paper = Paper(title="Sparse information extraction", authors=[Author("Downey", "Doug")],
                  year=2007, entry_type="article", doi="10.1/xyz")
    got = refs([paper], style)[0]
    assert got.count("2007") == 1 and got.count("10.1/xyz") <= 1, got
    assert "Preprint" not in got and "”." not in got, got


@pytest.mark.parametrize("style", ["springer", "springer-basic"])
def test_springer_does_not_run_the_authors_into_an_undated_title(style: str) -> None:
    assert refs([UNDATED], style)[0].startswith("Doe J (n.d.) Undated in proceedings.")


def test_acl_puts_a_space_before_a_books_series() -> None:
    # "*Time Series Analysis and Its Applications*.Springer Texts in Statistics."
    book = Paper(title="Time series analysis and its applications", year=2017,
                 entry_type="book", authors=[Author("Shumway", "Robert H.")],
                 extra={"publisher": "Springer", "series": "Springer Texts in Statistics"})
    got = refs([book], "acl")[0]
    assert "</i>. Springer Texts in Statistics. Springer" in got, got


def test_acm_conference_paper_without_pages_ends_once() -> None:
    assert refs([NO_PAGES], "acm")[0].endswith("2014.")


@pytest.mark.parametrize("style", ["apa", "chicago", "mla", "harvard", "nature"])
def test_a_books_publisher_is_not_printed_as_its_journal(style: str) -> None:
    got = refs([BOOK], style)[0]
    assert "Wiley" in got
    assert "In <i>Wiley" not in got and "<i>Wiley</i>" not in got


def test_a_venue_typed_for_a_book_is_its_publisher() -> None:
    book = Paper(title="Speech and language processing", year=2009, entry_type="book",
                 venue="Prentice Hall", authors=[Author("Jurafsky", "Daniel")])
    item = csl_metadata(book, "k")
    assert item["publisher"] == "Prentice Hall" and "container-title" not in item
    assert "In <i>" not in refs([book], "apa")[0]


def test_a_journal_stays_a_journal() -> None:
    item = csl_metadata(ARTICLE, "k")
    assert item["container-title"] == "Neural Computation" and "publisher" not in item


def test_a_phd_thesis_says_so() -> None:
    assert csl_metadata(THESIS, "k")["genre"] == "PhD thesis"
    got = refs([THESIS], "apa")[0]
    assert "PhD thesis" in got and "University of Edinburgh" in got and "<i>University" not in got


@pytest.mark.parametrize(("kind", "genre"), [("PhD", "PhD thesis"), ("PhD diss.", "PhD diss."),
                                             ("Doctoral dissertation", "Doctoral dissertation"),
                                             ("Masterarbeit", "Masterarbeit")])
def test_a_thesis_type_that_names_its_kind_is_not_called_a_thesis_twice(kind: str,
                                                                        genre: str) -> None:
    zotero = Paper(title="Learning to parse", authors=[Author("Doe", "Jane")], year=2001,
                   venue="University of Edinburgh", entry_type="phdthesis",
                   extra={"type": kind})
    assert csl_metadata(zotero, "k")["genre"] == genre


def test_a_title_keeps_a_period_that_ends_an_abbreviation() -> None:
    paper = Paper(title="Made in the U.S.", authors=[Author("Brown", "Bea")], year=2002,
                  venue="Proc. of ACL", entry_type="inproceedings")
    assert "U.S." in refs([paper], "apa")[0]
    assert "things." in refs([PERIOD], "apa")[0]  # the style's own period, once


@pytest.mark.parametrize(("text", "mended"), [
    ("In Conf, 2014. .", "In Conf, 2014."),
    ("An amazing title, 2013. . Nice Journal", "An amazing title, 2013. Nice Journal"),
    ("Style, 2003. , University", "Style, 2003. University"),
    ("Wait . . . what", "Wait . . . what"),
    ("Version 1.5. .NET", "Version 1.5. .NET"),
    ("In <i>Proceedings of ACL</i>, .", "In <i>Proceedings of ACL</i>."),
    ("in <i>Proceedings of ACL</i>,", "in <i>Proceedings of ACL</i>."),
    ("in <i>Proceedings of ACL,</i>", "in <i>Proceedings of ACL.</i>"),
    ("Doe, J., 2001. Title, in: Proc., pp. 1–2.", "Doe, J., 2001. Title, in: Proc., pp. 1–2."),
])
def test_mend_punctuation(text: str, mended: str) -> None:
    assert mend_punctuation(text) == mended


# Zotero items as the real data folders hold them (tests/data/zotero PROVENANCE: the
# biblio-zotero-db and a researcher's Zotero 7 library): full dates, an arXiv preprint's
# archive ID, a thesis type, a program's version, surnames stored with a comma.
PREPRINT = Paper(title="A combination of small-gain and density propagation inequalities",
                 authors=[Author("Stein Shiromoto", "Humberto")], year=2015,
                 entry_type="unpublished", url="http://arxiv.org/abs/1508.06018",
                 extra={"zotero_type": "preprint", "csl_type": "article",
                        "number": "arXiv:1508.06018",
                        "publisher": "arXiv", "date": "2015-08-25"})
JOURNAL = Paper(title="Big Science vs. Little Science", year=2013, venue="PLoS ONE",
                authors=[Author("Fortin,", "Jean-Michel"), Author("Currie,", "David J.")],
                entry_type="article", doi="10.1371/journal.pone.0065263",
                url="http://dx.doi.org/10.1371%2Fjournal.pone.0065263",
                extra={"csl_type": "article-journal", "date": "06 2013", "volume": "8",
                       "number": "6", "pages": "e65263", "urldate": "2016-11-27"})
ZOTERO_THESIS = Paper(title="Stabilisation sous contraintes locales et globales", year=2014,
                      authors=[Author("Stein Shiromoto", "Humberto")],
                      venue="Université Grenoble Alpes", entry_type="phdthesis",
                      extra={"csl_type": "thesis", "type": "PhD",
                             "publisher": "Université Grenoble Alpes"})
PROGRAM = Paper(title="Cartorio: A library for logging", year=2022, entry_type="software",
                authors=[Author("Stein Shiromoto", "Humberto")],
                extra={"csl_type": "software", "date": "2022-11-29", "versionNumber": "3.0.0"})
HBN = Paper(title="From Defects to Photoluminescence in h-BN 2D and 0D Nanostructures",
            authors=[Author("Innocenzi", "Plinio")], year=2024, entry_type="article",
            venue="Accounts of Materials Research")
EDITED = Paper(title="Aristotle's theory of the intellect", authors=[Author("Hyman", "Arthur")],
               year=1981, venue="Studies in Aristotle", entry_type="incollection",
               extra={"editor": "O'Meara, Dominic J.", "pages": "161--191"})


def test_a_zotero_date_keeps_its_month_and_day() -> None:
    assert csl_metadata(JOURNAL, "k")["issued"] == {"date-parts": [[2013, 6]]}
    assert csl_metadata(JOURNAL, "k")["accessed"] == {"date-parts": [[2016, 11, 27]]}
    assert "Jun. 2013" in refs([JOURNAL], "ieee")[0]
    assert "Released November 29" in refs([PROGRAM], "chicago")[0]


def test_a_preprints_number_is_its_own_not_an_issue() -> None:
    item = csl_metadata(PREPRINT, "k")
    assert item["type"] == "article" and item["number"] == "arXiv:1508.06018"
    assert "issue" not in item
    apa = refs([PREPRINT], "apa")[0]
    assert "arXiv:1508.06018" in apa and "Issue" not in apa
    assert csl_metadata(JOURNAL, "k")["issue"] == "6"  # an article's number is its issue
    # the user made it a report since: its entry type decides
    edited = Paper(**{**PREPRINT.__dict__, "entry_type": "techreport"})
    assert csl_metadata(edited, "k")["type"] == "report"


def test_a_thesis_type_and_a_program_version_are_printed() -> None:
    got = refs([ZOTERO_THESIS], "apa")[0]
    assert "[PhD thesis" in got and "Université Grenoble Alpes" in got
    assert "(Version 3.0.0)" in refs([PROGRAM], "apa")[0]


def test_stray_commas_after_surnames_are_not_printed() -> None:
    for style in ("chicago", "ieee", "elsevier", "vancouver"):
        got = refs([JOURNAL], style)[0]
        assert ",," not in got and "Fortin, and" not in got and "Currie,." not in got, got


def test_a_doi_link_is_not_printed_beside_the_doi() -> None:
    for style in ("nature", "vancouver", "ieee"):
        assert refs([JOURNAL], style)[0].count("journal.pone.0065263") <= 1
    assert refs([JOURNAL], "apa")[0].count("journal.pone.0065263") == 1


def test_title_case_keeps_a_small_letter_before_a_hyphen() -> None:
    for style in ("chicago", "mla"):
        got = refs([HBN], style)[0]
        assert "h-BN" in got and "H-BN" not in got, got


def test_editors_reach_csl_json_and_ris() -> None:
    assert csl_metadata(EDITED, "k")["editor"] == [{"family": "O'Meara", "given": "Dominic J."}]
    assert "A2  - O'Meara, Dominic J." in export_ris([EDITED], ExportOptions(), None, _NoProgress())


def test_ris_records_start_with_their_type_and_list_an_address_once() -> None:
    text = export_ris([PREPRINT, EDITED], ExportOptions(), None, _NoProgress())
    assert text.startswith("TY  - ") and "\n1.\n" not in text and "\n2.\n" not in text
    paper = Paper(title="T", year=2020, url="http://arxiv.org/abs/2001.00001",
                  arxiv_id="2001.00001", entry_type="article")
    assert export_ris([paper], ExportOptions(), None, _NoProgress()).count("UR  - ") == 1


def test_csl_json_and_ris_give_other_tools_math_as_unicode() -> None:
    paper = Paper(title=r"Growth of MoS$_2$ films in $O(n^2)$ steps", year=2020,
                  venue=r"Journal of $\alpha$ studies", entry_type="article",
                  abstract=r"We grow MoS$_2$ for $5 and $10 a gram.")
    item = csl_metadata(paper, "k")
    assert item["title"] == "Growth of MoS₂ films in O(n²) steps"
    assert item["container-title"] == "Journal of α studies"
    ris = export_ris([paper], ExportOptions(), None, _NoProgress())
    assert "TI  - Growth of MoS₂ films in O(n²) steps" in ris
    assert "JO  - Journal of α studies" in ris
    assert "AB  - We grow MoS₂ for $5 and $10 a gram." in ris
    exported = json.loads(export_papers([paper], "csljson"))[0]
    assert exported["title"] == item["title"]
    assert exported["abstract"] == "We grow MoS₂ for $5 and $10 a gram."


def test_bibtex_dates_are_iso_or_left_out() -> None:
    text = export_bibtex([JOURNAL, PROGRAM], ExportOptions(), None, _NoProgress())
    assert "date = {2013-06}" in text and "date = {2022-11-29}" in text
    assert "urldate = {2016-11-27}" in text and "06 2013" not in text


class _NoProgress:
    cancelled = False

    def advance(self, n: int = 1) -> None:
        pass


def test_zotero_names_come_in_without_a_trailing_comma() -> None:
    from paperdesk.importers.zotero.mapping import creator

    assert creator("Jean-Michel", "Fortin,", 0) == Author("Fortin", "Jean-Michel")
    assert creator(None, "Société Générale, ", 1) == Author("Société Générale")


def test_romanised_names_of_a_chinese_paper_are_written_as_the_style_writes_names() -> None:
    # CCL papers in the ACL Anthology: language "zho", names in Latin letters
    paper = Paper(title="基于深度学习的中文分词", year=2020, venue="Proceedings of CCL",
                  authors=[Author("Sun", "Yawei"), Author("Shi", "Yue")],
                  entry_type="inproceedings", extra={"language": "zho"})
    assert refs([paper], "apa")[0].startswith("Sun, Y., &#38; Shi, Y. (2020)")
    own = Paper(title="中文分词", year=2020, authors=[Author("孙", "亚伟")],
                entry_type="article", extra={"language": "zho"})
    assert "language" in reference_item(own)  # names in their own script: as they are
