"""Entries as researchers write them in their own .bib files, and what comes out.

A review imported seven real .bib files from public repositories (theses, a group's
references, a biblatex library) and exported them in every format; these entries are
shaped like the ones it found going wrong (keys as in those files)."""

from __future__ import annotations

import pytest

from paperdesk.export import export_papers
from paperdesk.export.csljson import csl_metadata
from paperdesk.export.formatting import formatted_references
from paperdesk.export.styles import load_style
from paperdesk.importers.bibtex import parse_bibtex

BIB = r"""
@article{albanyThermalCreep,
  title = {Thermal creep of a slab},
  author = {Smith, John},
  journal = {J. Things},
  year = {2012},
  note = {submitted for publication},
  annote = {Read this twice.},
}
@misc{shipshape,
  title = {Github: Shipshape},
  author = {{Google}},
  howpublished = "\url{https://github.com/google/shipshape}",
  note = "Last accessed 2019-10-15",
}
@misc{nagios,
  title = {Nagios},
  author = {Ethan Galstad and others},
  year = {1999},
}
@book{Popper1959,
  title = {The Logic of Scientific Discovery},
  author = {Popper, Karl},
  publisher = {Hutchinson \& Co.},
  location = {London},
  date = {1959-12},
}
@thesis{Bartz2024,
  title = {Some study},
  author = {Bartz, Anna},
  type = {bathesis},
  institution = {Trier University},
  year = {2024},
}
@article{Heisenberg1927,
  title = {Über den anschaulichen Inhalt der quantentheoretischen Kinematik und Mechanik},
  author = {Heisenberg, Werner},
  journaltitle = {Zeitschrift für Physik},
  hyphenation = {german},
  date = {1927},
}
@book{BacciagaluppiCrull2024,
  title = {The Einstein Paradox},
  subtitle = {The Debate on Nonlocality and Incompleteness in 1935},
  author = {Bacciagaluppi, Guido and Crull, Elise},
  publisher = {Cambridge University Press},
  date = {2024},
}
@article{Castrillo2018,
  title = {Dynamic Structural Similarity on Graphs},
  author = {Castrillo, Eduar and León, Elizabeth},
  date = {2018},
  eprint = {1805.01419},
  eprinttype = {arXiv},
}
@misc{trilinos,
  title = {Trilinos},
  author = {{Sandia}},
  url = {\url{http://trilinos.org}},
  year = {2020},
}
@inproceedings{usenix,
  title = {A paper},
  author = {Doe, Jane},
  booktitle = {29th {USENIX} Security Symposium},
  year = {2020},
  pages = {1{\textendash}23},
  doi = {10.1007/978-3-642-33573-0\_26},
}
"""


@pytest.fixture(scope="module")
def papers():
    result = parse_bibtex(BIB)
    assert not result.problems
    return {e.key: e.paper for e in result.entries}


def test_note_is_part_of_the_reference_and_annote_the_readers(papers) -> None:
    paper = papers["albanyThermalCreep"]
    assert paper.extra["note"] == "submitted for publication"
    assert paper.note == "Read this twice."
    text = export_papers([paper], "bibtex")
    assert "note = {submitted for publication}" in text and "annote = {Read this twice.}" in text


def test_a_url_in_howpublished_is_the_papers_address_not_its_venue(papers) -> None:
    paper = papers["shipshape"]
    assert paper.url == "https://github.com/google/shipshape" and paper.venue == ""
    apa = formatted_references([paper], load_style("apa"))[0]
    assert "In <i>" not in apa and "https://github.com/google/shipshape" in apa


def test_addresses_and_pages_lose_their_latex(papers) -> None:
    assert papers["trilinos"].url == "http://trilinos.org"
    usenix = papers["usenix"]
    assert usenix.doi == "10.1007/978-3-642-33573-0_26" and usenix.extra["pages"] == "1–23"


def test_and_others_goes_back_out_as_and_others(papers) -> None:
    text = export_papers([papers["nagios"]], "bibtex")
    assert "author = {Galstad, Ethan and others}" in text and "authors_and_others" not in text


def test_bibtex_export_of_biblatex_entries(papers) -> None:
    book = export_papers([papers["Popper1959"]], "bibtex")
    assert "publisher = {Hutchinson \\& Co.}" in book and "howpublished" not in book
    assert "address = {London}" in book and "month = dec," in book
    thesis = export_papers([papers["Bartz2024"]], "bibtex")
    assert thesis.splitlines()[2].startswith("@mastersthesis{")
    assert "type = {Bachelor's thesis}" in thesis
    assert "type = {bathesis}" in export_papers([papers["Bartz2024"]], "biblatex")


def test_references_print_what_biblatex_fields_say(papers) -> None:
    item = csl_metadata(papers["BacciagaluppiCrull2024"], "k")
    assert item["title"] == ("The Einstein Paradox: The Debate on Nonlocality and "
                             "Incompleteness in 1935")
    assert csl_metadata(papers["Bartz2024"], "k")["genre"] == "Bachelor's thesis"
    assert csl_metadata(papers["Heisenberg1927"], "k")["language"] == "de"
    chicago = formatted_references([papers["Heisenberg1927"]], load_style("chicago"))[0]
    assert "Über den anschaulichen Inhalt der quantentheoretischen" in chicago  # no title case
    apa = formatted_references([papers["Castrillo2018"]], load_style("apa"))[0]
    assert "arXiv:1805.01419" in apa


def test_a_field_written_twice_keeps_its_first_value_as_bibtex_does() -> None:
    # (the parser refused the whole entry with a message about its own internals)
    result = parse_bibtex("@article{pierog2008lhc,\n  title = {LHC data},\n  year = {2008},\n"
                          "  year = {2009},\n  author = {Pierog, Tanguy},\n}\n", "refs.bib")
    assert not result.problems and [e.paper.year for e in result.entries] == [2008]
    assert result.warnings == ["refs.bib:1: pierog2008lhc: duplicate field 'year': the first "
                               "value is kept"]


def test_a_proceedings_titled_by_its_booktitle_and_its_papers_stand_alone() -> None:
    text = ("@proceedings{sc12, booktitle = {Proceedings of SC12}, year = {2012},\n"
            "  publisher = {IEEE}}\n"
            "@inproceedings{hoefler2012, title = {Optimization}, author = {Hoefler, T.},\n"
            "  crossref = {sc12}}\n")
    result = parse_bibtex(text, "refs.bib")
    papers = {e.key: e.paper for e in result.entries}
    assert not result.problems and papers["sc12"].title == "Proceedings of SC12"
    child = papers["hoefler2012"]
    assert child.venue == "Proceedings of SC12" and child.year == 2012
    assert "crossref" not in export_papers([child], "bibtex")  # (no key left dangling)


def test_papers_without_authors_sort_by_editor_or_title_not_after_z() -> None:
    from paperdesk.export.options import sort_papers
    from paperdesk.records import Author, Paper

    papers = [Paper(title="Zeta", authors=[Author("Young", "Al")]),
              Paper(title="The Library of Living Philosophers", extra={"editor": "Schilpp, P. A."}),
              Paper(title="Karl Popper Archives"),
              Paper(title="Alpha", authors=[Author("Adams", "Bo")])]
    got = [p.title for p in sort_papers(papers, "author")]
    assert got == ["Alpha", "Karl Popper Archives", "The Library of Living Philosophers", "Zeta"]


def test_google_scholars_escaped_braces_are_not_printed() -> None:
    # Google Scholar's "Cite › BibTeX" writes case-protecting braces as $\{$…$\}$
    text = ("@inproceedings{votipka2020understanding, title={Understanding security "
            "mistakes},\n  author={Votipka, Daniel}, year={2020},\n  booktitle={29th $\\{$USENIX"
            "$\\}$ Security Symposium ($\\{$USENIX$\\}$ Security 20)}}\n")
    paper = parse_bibtex(text).entries[0].paper
    assert paper.venue == "29th USENIX Security Symposium (USENIX Security 20)"


@pytest.mark.parametrize(("style", "start"), [
    ("apa", "Galstad, E. et al. (1999)"), ("ieee", "E. Galstad et al., “Nagios.”"),
    ("chicago", "Galstad, Ethan et al. 1999."), ("vancouver", "Galstad E, et al. Nagios.")])
def test_and_others_is_printed_et_al(papers, style: str, start: str) -> None:
    # (CSL has no "and others": citeproc printed the one author alone, or "& others")
    assert formatted_references([papers["nagios"]], load_style(style))[0].startswith(start)
