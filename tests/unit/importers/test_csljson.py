"""CSL-JSON import."""

from __future__ import annotations

import json

import pytest

from paperdesk.errors import InputFileError
from paperdesk.importers.csljson import parse_csljson

ITEM = {
    "id": "k1",
    "type": "paper-conference",
    "title": "A Title",
    "author": [
        {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
        {"literal": "The ACL Consortium"},
        {"family": "King", "given": "Martin", "suffix": "Jr."},
    ],
    "issued": {"date-parts": [[2019, 6]]},
    "container-title": "Proc. X",
    "page": "12-20",
    "issue": "3",
    "DOI": "10.1/X",
    "note": "my note",
    "keyword": "a; b, c",
    "custom": {
        "stars": 5,
        "read": "read",
        "tags": [{"name": "auto-tag", "source": "auto", "score": 0.5}],
        "highlights": [{"start": 0, "end": 1, "text": "A"}],
    },
}


def test_array_with_lines_and_mapping() -> None:
    text = json.dumps([ITEM, {"id": "k2", "title": ""}, 5], indent=1)
    result = parse_csljson(text, "c.json")
    (entry,) = result.entries
    paper = entry.paper
    assert entry.line == 2
    assert paper.authors[0].prefix == "van" and paper.authors[1].family == "The ACL Consortium"
    assert paper.authors[2].suffix == "Jr."
    assert (paper.year, paper.venue, paper.doi, paper.note) == (
        2019,
        "Proc. X",
        "10.1/X",
        "my note",
    )
    assert paper.entry_type == "inproceedings"
    assert paper.extra["pages"] == "12--20" and paper.extra["number"] == "3"
    assert (paper.stars, paper.read) == (5, "read")
    assert [(t.name, t.source) for t in paper.tags] == [("auto-tag", "auto")]
    assert paper.highlights[0].text == "A"
    assert [(p.key, p.reason) for p in result.problems] == [
        ("k2", "missing title"),
        ("", "item 3 is not an object"),
    ]


def test_single_object_and_keywords_as_tags() -> None:
    item = {k: v for k, v in ITEM.items() if k != "custom"}
    result = parse_csljson(json.dumps(item))
    assert [t.name for t in result.entries[0].paper.tags] == ["a", "b", "c"]


def test_invalid_json_is_a_whole_file_error() -> None:
    with pytest.raises(InputFileError, match="invalid JSON at line 2"):
        parse_csljson('[{"title": "x"},\n {oops}]', "bad.json")


def test_names_and_dates_of_a_wrong_type_are_problems_naming_the_item() -> None:
    """A family name that was an object became the author "{'x': 1}"; date-parts that were
    text, and a year of 20 digits, were dropped without a word."""
    items = [
        {"id": "a", "title": "Family object", "author": [{"family": {"x": 1}}]},
        {"id": "b", "title": "Date parts text", "issued": {"date-parts": "2020"}},
        {"id": "c", "title": "Huge year", "issued": {"date-parts": [[99999999999999999999]]}},
        {"id": "d", "title": "Editor number", "editor": ["Doe, Jane", 5]},
        {"id": "e", "title": "Yes year", "issued": True},
        {"id": "f", "title": "Fine", "author": ["Doe, Jane", {"literal": "ACL"}],
         "issued": {"date-parts": [["2019", 3]]}},
        {"id": "g", "title": "No date", "issued": {"date-parts": [[]]}},
        {"id": "h", "title": "Raw date", "issued": {"raw": "spring 2018"}},
    ]
    result = parse_csljson(json.dumps(items, indent=1), "refs.json")
    assert [(e.key, e.paper.year) for e in result.entries] == [
        ("f", 2019), ("g", None), ("h", 2018)]
    assert [(p.file, p.key, p.reason) for p in result.problems] == [
        ("refs.json", "a", "item 1: field 'author' name 1: 'family' must be text, "
                           "not an object"),
        ("refs.json", "b", "item 2: field 'issued': 'date-parts' must be a list of lists, "
                           "not text"),
        ("refs.json", "c", "item 3: field 'issued': year 99999999999999999999 is not a year "
                           "from 1 to 9999"),
        ("refs.json", "d", "item 4: field 'editor' name 2 must be an object or text, "
                           "not a number (5)"),
        ("refs.json", "e", "item 5: field 'issued' must be a date object, not true/false"),
    ]
    assert [p.line for p in result.problems] == [2, 13, 20, 31, 39]
