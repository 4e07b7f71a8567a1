"""References of real-world entries read right in every style: entries a style leaves
out, parts a style joins around an empty one, publishers taken for journals, titles
stored with their own final period (entries as the shared BibTeX fixtures hold them)."""

from __future__ import annotations

import re

import pytest

from paperdesk.export import export_papers
from paperdesk.export.csljson import csl_metadata
from paperdesk.export.formatting import formatted_references, mend_punctuation
from paperdesk.export.options import ExportOptions
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
PERIOD = Paper(title="A study of things.", authors=[Author("Brown", "Bea")], year=2002,
               venue="Proc. of ACL", entry_type="inproceedings")


def refs(papers: list[Paper], style: str) -> list[str]:
    return formatted_references(papers, load_style(style))


@pytest.mark.parametrize("style", ["turabian"])
def test_an_entry_the_style_leaves_out_is_still_referenced_in_its_place(style: str) -> None:
    papers = [ARTICLE, DOCUMENT, MANUSCRIPT]
    got = refs(papers, style)
    assert "Vaswani" in got[0] and "Attention" in got[0]
    assert "Bobble" in got[1] and "Things" in got[1]
    assert "AnonymousX" in got[2] and "Title1" in got[2]
    text = export_papers(papers, "markdown", ExportOptions(style=style))
    for title in ("Attention", "Things", "Title1"):
        assert title in text


@pytest.mark.parametrize("style", list(STYLES))
def test_no_style_leaves_a_stray_mark_after_an_empty_part(style: str) -> None:
    for got in refs([NO_PAGES, NO_AUTHOR, PERIOD], style):
        plain = re.sub(r"<[^>]+>", "", got)
        assert not re.search(r"\.\s+[.,]", plain), plain
        assert not re.search(r"(?i)things\.[”,]*,", plain), plain


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
])
def test_mend_punctuation(text: str, mended: str) -> None:
    assert mend_punctuation(text) == mended
