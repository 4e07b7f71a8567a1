"""RIS import: rispy's own test files and the mapping to papers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from importer_testdata import FIXTURES

from paperdesk.importers import read_file
from paperdesk.importers.ris import parse_ris, split_ris_records

RISPY = FIXTURES / "ris" / "rispy"
EXPECTED = json.loads((RISPY / "rispy_parsed.json").read_text("utf-8"))
RIS_FILES = sorted((RISPY / "tests" / "data").glob("*.ris"))


@pytest.mark.parametrize("path", RIS_FILES, ids=lambda p: p.name)
def test_rispy_files_import_with_accounting(path: Path) -> None:
    result = read_file(path)
    records = split_ris_records(path.read_text("utf-8-sig"))
    assert len(result.entries) + len(result.problems) == len(records) > 0
    if path.name != "example_wos.ris":  # the records rispy's own tests expect
        # (the table holds rispy's default-mapping result for the WoS file: nothing;
        # PaperDesk reads it with rispy's WoS mapping, checked below)
        assert [r for _, r, _ in records] == EXPECTED[path.name]
    for entry in result.entries:
        assert entry.paper.title and entry.line >= 1


def test_expected_table_covers_the_files() -> None:
    assert set(EXPECTED) == {p.name for p in RIS_FILES}


def test_full_record_mapping() -> None:
    result = read_file(RISPY / "tests" / "data" / "example_full.ris")
    paper = result.entries[0].paper
    assert paper.title == "Title of reference"
    assert [a.family for a in paper.authors] == ["Marx", "Lindgren"]
    assert paper.year == 2014 and paper.key == "12345"
    assert paper.abstract.startswith("BACKGROUND: Lorem ipsum")
    assert [t.name for t in paper.tags] == ["Pippi", "Nordwind", "Piraten"]
    assert paper.extra["editor"] == "Glattauer, Daniel"
    assert paper.extra["volume"] == "9" and paper.extra["number"] == "3"


def test_unknown_tags_kept_in_extra() -> None:
    result = read_file(RISPY / "tests" / "data" / "example_multi_unknown_tags.ris")
    extra = result.entries[0].paper.extra
    assert extra["ris_JP"] == "CRISPR" and extra["ris_DC"] == "Direct Current"


def test_web_of_science_file() -> None:
    result = read_file(RISPY / "tests" / "data" / "example_wos.ris")
    paper = result.entries[0].paper
    assert paper.title.startswith("Interactions stabilizing the structure")
    assert paper.authors[0].family == "Parkes-Loach"
    # "PT J" is a journal article; "PS" are initials; the source is not shouted
    assert paper.entry_type == "article" and paper.authors[0].given == "P. S."
    assert (paper.year, paper.venue, paper.doi) == (2004, "Biochemistry", "10.1021/bi049798f")
    assert paper.extra["pages"] == "7003--7016"
    assert [a.given for a in result.entries[1].paper.authors[:2]] == ["W. X.", "X."]


def test_lines_mapping_and_own_fields() -> None:
    text = """Provider: x

TY  - CPAPER
TI  - First
AU  - de Mareüil, Philippe
PY  - 2006
T2  - Proc. of X
DO  - https://doi.org/10.1/ABC
UR  - https://arxiv.org/abs/2101.00001v2
KW  - a
N1  - a real note
N1  - paperdesk-stars: 3
N1  - paperdesk-read: reading
AB  - Line one
      continues here.
ER  -

TY  - JOUR
AU  - Nobody
ER  -
"""
    result = parse_ris(text, "r.ris")
    (entry,) = result.entries
    paper = entry.paper
    assert entry.line == 3
    assert paper.authors[0].prefix == "de" and paper.authors[0].family == "Mareüil"
    assert (paper.venue, paper.doi, paper.arxiv_id) == ("Proc. of X", "10.1/ABC", "2101.00001v2")
    assert paper.entry_type == "inproceedings"
    assert paper.note == "a real note" and (paper.stars, paper.read) == (3, "reading")
    assert paper.abstract == "Line one continues here."
    assert [(p.line, p.reason) for p in result.problems] == [(18, "missing title")]


def test_a_name_suffix_comes_back_from_ris_order() -> None:
    """A review: PaperDesk wrote ``AU  - Smith, John, Jr.`` (RIS's "Last, First, Suffix")
    and read it back as "Jr. Smith, John"; BibTeX's order from converters still reads."""
    text = """TY  - JOUR
TI  - Suffix test
AU  - Smith, John, Jr.
AU  - King, Martin Luther, III
AU  - Doe, Jr., Jane
AU  - de Mareüil, Philippe
ER  -
"""
    (entry,) = parse_ris(text, "r.ris").entries
    got = [(a.family, a.given, a.prefix, a.suffix) for a in entry.paper.authors]
    assert got == [("Smith", "John", "", "Jr."), ("King", "Martin Luther", "", "III"),
                   ("Doe", "Jane", "", "Jr."), ("Mareüil", "Philippe", "de", "")]


def test_ris_export_and_import_keep_a_suffix(tmp_path) -> None:
    from paperdesk.export import export_papers
    from paperdesk.records import Author, Paper

    paper = Paper(title="Suffix test", authors=[Author(family="Smith", given="John",
                                                       suffix="Jr.")], year=2020)
    text = export_papers([paper], "ris")
    assert "AU  - Smith, John, Jr." in text
    (entry,) = parse_ris(text, "r.ris").entries
    assert entry.paper.authors == paper.authors
