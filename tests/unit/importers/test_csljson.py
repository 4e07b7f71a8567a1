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
