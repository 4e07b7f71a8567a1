"""JSON lines import: ACL and arXiv shapes, bad lines."""

from __future__ import annotations

import json

from importer_testdata import LOCAL

from paperdesk.importers import read_file
from paperdesk.importers.jsonl import parse_jsonl

ARXIV = {
    "id": "0704.0001",
    "title": "Calculation of prompt diphoton\n  production",
    "abstract": "  A fully differential calculation.",
    "authors": "C. Bal\\'azs, E. L. Berger",
    "authors_parsed": [["Balázs", "C.", ""], ["Berger", "E. L.", ""]],
    "categories": "hep-ph",
    "doi": "10.1103/PhysRevD.76.013009",
    "journal-ref": "Phys.Rev.D76:013009,2007",
    "versions": [{"version": "v1", "created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
    "update_date": "2008-11-13",
}


def test_arxiv_shape_and_bad_lines() -> None:
    text = "\n".join([json.dumps(ARXIV), "{not json", "", "[1, 2]", json.dumps({"title": ""})])
    result = parse_jsonl(text, "a.jsonl")
    (entry,) = result.entries
    paper = entry.paper
    assert paper.title == "Calculation of prompt diphoton production"
    assert (paper.arxiv_id, paper.year, paper.doi) == ("0704.0001", 2007, ARXIV["doi"])
    assert [a.family for a in paper.authors] == ["Balázs", "Berger"]
    assert paper.extra["categories"] == "hep-ph" and paper.venue.startswith("Phys.Rev.D76")
    assert [p.line for p in result.problems] == [2, 4, 5]


def test_acl_no_abstract_file() -> None:
    result = read_file(LOCAL / "acl" / "acl_no_abstract_2016.jsonl")
    assert len(result.entries) + len(result.problems) == 370
    assert len(result.entries) >= 365
    paper = result.entries[0].paper
    assert paper.title and paper.authors and paper.year and paper.key
    assert "acl_id" in paper.extra
