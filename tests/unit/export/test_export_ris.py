"""RIS export: parses with rispy, annotations in N1/KW/AB/C8, no record injection."""

from __future__ import annotations

import json

import rispy
from export_samples import NASTY

from paperdesk.export import ExportOptions, export_papers
from paperdesk.records import Paper


def test_parses(annotated, sample_papers) -> None:
    for papers in (annotated, sample_papers):
        records = rispy.loads(export_papers(papers, "ris"))
        assert len(records) == len(papers)
        assert len({r["id"] for r in records}) == len(papers)


def test_fields(annotated) -> None:
    records = rispy.loads(export_papers(annotated, "ris", ExportOptions(sort="none")))
    vas, mue = records[0], records[1]
    assert vas["type_of_reference"] == "CPAPER"
    assert vas["authors"] == ["Vaswani, Ashish", "Shazeer, Noam"]
    assert (vas["year"], vas["start_page"], vas["end_page"]) == ("2017", "5998", "6008")
    assert vas["keywords"] == ["transformers", "attention"]
    assert vas["doi"] == "10.48550/arXiv.1706.03762"
    note = "\n".join(vas["notes"])
    assert note.startswith("A **classic**.") and "Highlights:" in note
    data = json.loads(vas["custom8"])
    assert data["paperdesk-stars"] == 5 and data["paperdesk-read"] == "read"
    assert data["paperdesk-highlights"][0]["text"] == "sequence transduction models"
    assert mue["type_of_reference"] == "JOUR"
    assert mue["journal_name"] == "Journal of Äpfel"
    assert mue["abstract"] == NASTY.replace("$x$", "x")  # math as Unicode for other tools
    assert mue["authors"] == ["von Müller, Jürgen", "Ñúñez, José, Jr."]


def test_text_cannot_inject_records() -> None:
    paper = Paper(title="T", note="first\nER  - \nTY  - JOUR\nTI  - injected", abstract="x\nER  - ")
    records = rispy.loads(export_papers([paper], "ris"))
    assert len(records) == 1
    assert records[0]["title"] == "T"
    assert "\n".join(records[0]["notes"]) == "first\nER  -\nTY  - JOUR\nTI  - injected"
