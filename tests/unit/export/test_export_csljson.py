"""CSL-JSON export: schema validity, annotations under note/keyword/custom."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from paperdesk.export import EXPORTERS, ExportOptions, export_papers
from paperdesk.export.csljson import csl_type, month_number
from paperdesk.records import Paper

SCHEMA = Path(__file__).parent / "data" / "csl-data.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_registered() -> None:
    assert EXPORTERS["csljson"].extension == ".json"


def test_validates_against_schema(annotated, sample_papers, validator) -> None:
    for papers in (annotated, sample_papers):
        data = json.loads(export_papers(papers, "csljson"))
        validator.validate(data)
        assert len(data) == len(papers)
        assert len({item["id"] for item in data}) == len(papers)


def test_annotations(annotated) -> None:
    data = json.loads(export_papers(annotated, "csljson", ExportOptions(sort="none")))
    first = data[0]
    assert first["keyword"] == "transformers, attention"
    assert first["note"].startswith("A **classic**.")
    assert '> "sequence transduction models" — the setting' in first["note"]
    custom = first["custom"]
    assert custom["paperdesk-stars"] == 5
    assert custom["paperdesk-read"] == "read"
    assert "paperdesk-id" not in custom
    assert custom["paperdesk-highlights"][0]["comment"] == "the setting"
    assert [t["name"] for t in custom["paperdesk-tags"]] == ["transformers", "attention"]
    assert first["page"] == "5998--6008"
    assert first["type"] == "paper-conference"
    assert first["issued"] == {"date-parts": [[2017]]}
    assert data[1]["issued"] == {"date-parts": [[2020, 3]]}
    assert data[1]["author"][0] == {
        "family": "Müller",
        "given": "Jürgen",
        "non-dropping-particle": "von",
    }


def test_suggested_tags_only_on_request(annotated) -> None:
    opts = ExportOptions(sort="none", with_suggested_tags=True)
    first = json.loads(export_papers(annotated, "csljson", opts))[0]
    assert first["keyword"] == "transformers, attention, seq2seq"
    assert {t["name"]: t["source"] for t in first["custom"]["paperdesk-tags"]} == {
        "transformers": "user",
        "attention": "user",
        "seq2seq": "auto",
    }


def test_leave_out_parts(annotated) -> None:
    opts = ExportOptions(
        sort="none",
        include_abstracts=False,
        include_notes=False,
        include_highlights=False,
        include_tags=False,
    )
    first = json.loads(export_papers(annotated, "csljson", opts))[0]
    assert not {"abstract", "note", "keyword"} & set(first)
    assert "paperdesk-highlights" not in first["custom"]


def test_paper_without_anything(validator) -> None:
    data = json.loads(export_papers([Paper(title="")], "csljson"))
    validator.validate(data)


@pytest.mark.parametrize(
    ("value", "month"),
    [("jan", 1), ("January", 1), ("3", 3), ("25-26 August", 8), ("13", None), ("Jan-Feb", None)],
)
def test_month_number(value: str, month: int | None) -> None:
    assert month_number(value) == month


def test_csl_type() -> None:
    assert csl_type("inproceedings") == "paper-conference"
    assert csl_type("article-journal") == "article-journal"
    assert csl_type("strange") == "document"
