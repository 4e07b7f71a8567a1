"""Fixtures for the export tests: hand-made annotated papers and the 98-paper sample."""

from __future__ import annotations

import pytest
from export_samples import make_annotated

from paperdesk.config import resource_path
from paperdesk.importers.trending import parse_trending
from paperdesk.records import Paper


@pytest.fixture
def annotated() -> list[Paper]:
    """Fresh hand-made papers (tests may mutate them)."""
    return make_annotated()


@pytest.fixture(scope="session")
def sample_papers() -> list[Paper]:
    """The 98 sample papers, with ids and a few notes."""
    text = resource_path("sample-library.txt").read_text(encoding="utf-8")
    papers = [e.paper for e in parse_trending(text).entries]
    for i, p in enumerate(papers, start=1):
        p.id = i
        p.modified = p.added = f"2024-05-{1 + i % 28:02d}T00:00:00"
    return papers
