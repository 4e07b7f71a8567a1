"""pybtex's parser test table against PaperDesk's first BibTeX stage.

Each case's inputs are parsed as one text; every expected entry must come out with the
expected fields (string values after macro and ``#`` resolution, white space collapsed)
and persons (split by BibTeX's rules). Deviations are strict expected failures.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from bibtexparser.middlewares.names import split_multiple_persons_names
from importer_testdata import FIXTURES

from paperdesk.importers.bibtex_names import split_name
from paperdesk.importers.bibtex_raw import parse_bibtex_raw

PERSON_ROLES = ("author", "editor")
DEVIATIONS = {
    "AtCharacterInUnwantedEntryTest": "wanted_entries (a pybtex filter) is not a PaperDesk "
    "feature: every entry of a file is imported",
    "UnusedEntryTest": "wanted_entries filter not supported: every entry is imported",
    "CrossrefTest": "wanted_entries filter: pybtex reports keys with the wanted spelling "
    "(GSL), PaperDesk keeps the file's spelling (gsl)",
    "CrossrefWantedTest": "wanted_entries filter: pybtex reports keys with the wanted "
    "spelling (GSL), PaperDesk keeps the file's spelling",
    "WantedEntriesTest": "wanted_entries filter: key spelling GSL vs the file's gsl",
    "EntryInStringTest": "bibtexparser starts a new block at an '@' line inside an "
    "unclosed quoted value, so Me2010 fails and the inner entry is read",
    "EntryTypesTest": "bibtexparser accepts other entry-type spellings than pybtex "
    "(reads @2thou, @some#; rejects @t@ and @t+)",
    "FieldNamesTest": "bibtexparser keeps fields pybtex drops as invalid (0author, "
    "'author name', #name); PaperDesk keeps the data",
    "InlineCommentTest": "a '%' line inside an entry: pybtex drops the rest of the entry, "
    "bibtexparser keeps the following fields (PaperDesk keeps the data)",
    "KeyParsingTest": "@article(test(parens1)): bibtexparser ends the key at the first ')' ",
    "KeylessEntriesTest": "keyless entries: pybtex names them unnamed-N; bibtexparser "
    "reads the first field as the key or fails the block",
}


def _params() -> list:
    cases = json.loads((FIXTURES / "bibtex" / "pybtex" / "parser_cases.json").read_text("utf-8"))
    params = []
    for case in cases:
        reason = DEVIATIONS.get(case["name"])
        marks = pytest.mark.xfail(strict=True, reason=reason) if reason else ()
        params.append(pytest.param(case, marks=marks, id=case["name"]))
    return params


CASES = _params()


def test_case_table_size() -> None:
    assert len(CASES) == 24


def _persons(raw: str) -> list[dict[str, list[str]]]:
    people = []
    for name in split_multiple_persons_names(raw):
        parts = split_name(name)
        people.append({"first": parts.first, "von": parts.von, "last": parts.last, "jr": parts.jr})
    return people


def _expected_person(person: dict[str, list[str]]) -> dict[str, list[str]]:
    return {
        "first": person["first"] + person["middle"],
        "von": person["prelast"],
        "last": person["last"],
        "jr": person["lineage"],
    }


@pytest.mark.parametrize("case", CASES)
def test_pybtex_parser_case(case: dict[str, Any]) -> None:
    raw = parse_bibtex_raw("\n".join(case["inputs"]))
    got = {e.key: e for e in raw.entries}
    expected_entries = case["expected"]["entries"]
    assert sorted(got) == sorted(e["key"] for e in expected_entries)
    for expected in expected_entries:
        entry = got[expected["key"]]
        assert entry.entry_type == expected["type"].lower()
        fields = {k: v for k, v in entry.fields.items() if k not in PERSON_ROLES}
        assert fields == {k.lower(): " ".join(v.split()) for k, v in expected["fields"].items()}
        for role in PERSON_ROLES:
            want = [_expected_person(p) for p in expected["persons"].get(role, [])]
            assert _persons(entry.fields.get(role, "")) == want
