"""Names as people type them in .bib files: "et al." ending the list, "Jr." after the
name. Entries from the review's real files (hisparc references.bib, scorec_refs.bib)."""

from __future__ import annotations

import pytest

from paperdesk.export.formatting import formatted_references
from paperdesk.export.styles import load_style
from paperdesk.importers import read_file
from paperdesk.importers.bibtex_names import parse_people
from paperdesk.importers.ris import record_to_paper
from paperdesk.records import Author

REAL = r"""
@article{pdg2014,
    author = {K. A. Olive et al.},
    title = {Review of particle Physics},
    journal = {Chin.Phys.},
    volume = {C38},
    year = {2014},
    pages = {090001},
}

@article{Gal10,
  author={Azat Yu. Galimov and Onkar Sahni and Richard T. Lahey Jr. and Mark S. Shephard and Donald A. Drew and Kenneth E. Jansen},
  title={Parallel Adaptive Simulation of a Plunging Liquid Jet},
  journal={Acta Mathematica Scientia},
  year={2010},
  pages={522-538},
}

@article{barnes2013,
  author={Barnes Jr, Peter D and Carothers, Christopher D and Jefferson, David R and LaPre, Justin M},
  title={Warp speed: executing time warp on 1,966,080 cores},
  year={2013},
}
"""  # noqa: E501


def test_real_entries_read_et_al_as_more_authors_and_jr_as_a_suffix(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(REAL)
    olive, galimov, barnes = (e.paper for e in read_file(bib).entries)
    assert olive.authors == [Author("Olive", "K. A.")]
    assert olive.extra["authors_and_others"] is True
    assert galimov.authors[2] == Author("Lahey", "Richard T.", suffix="Jr.")
    assert "authors_and_others" not in galimov.extra
    assert barnes.authors[0] == Author("Barnes", "Peter D", suffix="Jr")
    apa = formatted_references([olive, galimov], load_style("apa"))
    assert apa[0].startswith("Olive, K. A. et al. (2014)")  # (not "et al., K. A. O.")
    assert "Lahey, R. T., Jr." in apa[1] and "Jr., R." not in apa[1]


@pytest.mark.parametrize(("raw", "authors", "others"), [
    ("Aab, A. and Abreu, P. and et al.", [Author("Aab", "A."), Author("Abreu", "P.")], True),
    ("Olive, K. A., et al", [Author("Olive", "K. A.")], True),
    ("K. A. Olive et~al.", [Author("Olive", "K. A.")], True),
    ("Jones, A. and others", [Author("Jones", "A.")], True),
    ("John Smith III and Jane Doe Sr.",
     [Author("Smith", "John", suffix="III"), Author("Doe", "Jane", suffix="Sr.")], False),
    ("Smith, Jr., John", [Author("Smith", "John", suffix="Jr.")], False),
    ("Ludwig van Beethoven Jr.", [Author("Beethoven", "Ludwig", "van", "Jr.")], False),
    # not a suffix or a mark: a surname "Ii", a braced literal name
    ("Naoki Ii", [Author("Ii", "Naoki")], False),
    ("{Olive et al.}", [Author("Olive et al.")], False),
])
def test_name_lists(raw, authors, others):
    people = parse_people(raw)
    assert (people.authors, people.and_others) == (authors, others)


def test_plain_names_and_ris_authors():
    assert Author.parse("Richard T. Lahey Jr.") == Author("Lahey", "Richard T.", suffix="Jr.")
    assert Author.parse("Lahey Jr., Richard T.") == Author("Lahey", "Richard T.", suffix="Jr.")
    assert Author.parse("Naoki Ii") == Author("Ii", "Naoki")
    paper = record_to_paper({"type_of_reference": "JOUR", "title": "Review",
                             "authors": ["Olive, K. A.", "et al."]})
    assert paper.authors == [Author("Olive", "K. A.")]
    assert paper.extra["authors_and_others"] is True
