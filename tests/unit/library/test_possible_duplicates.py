"""Importing papers whose titles are a number, numeral or word apart (issue 16): both
stay, the report names them as possible duplicates; a merge keeps both abstracts."""

from __future__ import annotations

import json

from paperdesk.library.duplicates import ABSTRACT_SEPARATOR

# real-looking pairs: Cranfield- and CACM-style records, with and without authors/year
PAIRS = [
    {"title": "Base pressure at supersonic speeds on a body of revolution",
     "abstract": "Measurements of base pressure were made at Mach numbers from 1.5 to 3."},
    {"title": "Base pressure at subsonic speeds on a body of revolution",
     "abstract": "Measurements of base pressure were made at Mach numbers up to 0.9."},
    {"title": "Nesting of for Statement I (Algorithm 137)", "abstract": "",
     "authors": [{"family": "Vicenzi", "given": "C."}], "year": 1962},
    {"title": "Nesting of for Statement II (Algorithm 138)", "abstract": "",
     "authors": [{"family": "Vicenzi", "given": "C."}], "year": 1962},
]


def _jsonl(path, records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))


def test_series_and_near_titles_are_kept_and_reported(lib, tmp_path):
    source = tmp_path / "collection.jsonl"
    _jsonl(source, PAIRS)
    report = lib.import_files([source])
    assert (report.added, report.merged) == (4, 0)
    assert lib.count() == 4
    reasons = [d["reason"] for d in report.possible_duplicates]
    assert reasons == [
        "no authors; titles differ in a word: subsonic / supersonic",
        "similar title, same first author; titles differ in a number: 138 / 137"]
    dup = report.possible_duplicates[1]
    assert lib.get(dup["id"]).title.endswith("II (Algorithm 138)")
    assert lib.get(dup["like"]).title.endswith("I (Algorithm 137)")
    again = lib.import_files([source])  # a re-import finds each one exactly
    assert (again.added, again.merged) == (0, 4)
    assert lib.count() == 4


def test_cli_reports_a_possible_duplicate(tmp_path):
    import subprocess
    import sys

    source = tmp_path / "c.jsonl"
    _jsonl(source, PAIRS[2:])
    out = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(tmp_path / "l"),
                          "import", str(source)], capture_output=True, text=True, check=True)
    assert "added 2, merged 0" in out.stdout
    assert "possible duplicate: paper 2" in out.stdout and "resembles paper 1" in out.stdout


def test_a_merge_keeps_both_abstracts(lib, tmp_path):
    first = tmp_path / "a.jsonl"
    other = {"title": "Giraffes at rest", "abstract": "Tall."}
    _jsonl(first, [{"title": "Kittens at play", "doi": "10.1/k", "abstract": "Short one."},
                   other])
    second = tmp_path / "b.jsonl"
    _jsonl(second, [{"title": "Kittens at Play", "doi": "10.1/K",
                     "abstract": "A longer, different abstract from the publisher."}, other])
    lib.import_files([first])
    report = lib.import_files([second])
    assert report.merged == 2 and report.merges[0]["abstracts"] == "both kept"
    assert report.merges[1]["abstracts"] == "one"
    pid = report.merges[0]["into"]
    assert lib.get(pid).abstract == ("Short one." + ABSTRACT_SEPARATOR
                                     + "A longer, different abstract from the publisher.")
    assert [h.paper_id for h in lib.search("publisher")] == [pid]
    lib.import_files([second])  # once only
    assert lib.get(pid).abstract.count("publisher") == 1
