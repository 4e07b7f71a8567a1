"""A library in a language the model does not read (Portuguese): every suggestion is one
the paper names, never a fill by closeness (the model puts such papers close together
whatever their topic)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from vocabulary_docs import make_lib, suggestions

from paperdesk.tagging.keyphrases import singular

pytestmark = pytest.mark.model

# 35 SciELO articles in Portuguese (CC BY) on medicine, botany, physics, economics,
# literature ...: see tests/data/PROVENANCE.md
DATA = Path(__file__).parents[2] / "data" / "scielo" / "scielo_pt.jsonl"


def _words(text: str) -> set[str]:
    return {singular(w) for w in re.findall(r"\w+(?:-\w+)*", text.lower())}


def test_papers_in_portuguese_get_only_tags_they_name(lib, onnx_tagger):
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    make_lib(lib, [(r["title"], r["abstract"]) for r in rows])
    lib.tagging.tag()
    got = suggestions(lib)
    assert sum(map(len, got.values())) >= 5  # the topics papers share are suggested
    for paper in lib.get_many(lib.papers.ids(sort="id")):
        text = _words(f"{paper.title} {paper.abstract}")
        for name in got[paper.id]:
            assert _words(name) <= text, (paper.title, name, got[paper.id])
