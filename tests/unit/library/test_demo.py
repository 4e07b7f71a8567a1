"""The demo library: the sample page plus described ACL papers, annotated, so every column
has content and the README's example searches find papers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paperdesk.config import resource_path
from paperdesk.library.demo import ACL_SAMPLE, fill_demo

README = Path(__file__).resolve().parents[3] / "README.md"


@pytest.fixture(scope="module")
def demo_lib(tmp_path_factory):
    from paperdesk import Library

    lib = Library.open(tmp_path_factory.mktemp("demo") / "lib")
    lines = Path(resource_path(ACL_SAMPLE)).read_text(encoding="utf-8").splitlines()
    assert fill_demo(lib) == 98 + len(lines)
    yield lib
    lib.close()


def test_the_shipped_subset_is_small_and_attributed():
    path = Path(resource_path(ACL_SAMPLE))
    assert path.stat().st_size < 1_000_000
    provenance = (path.parent / "PROVENANCE.md").read_text()
    assert "CC BY 4.0" in provenance and ACL_SAMPLE in provenance


def test_every_column_has_content(demo_lib):
    papers = demo_lib.papers.list()
    described = [p for p in papers if p.extra.get("acl_id")]
    assert len(described) >= 300
    assert all(p.authors and p.year and p.venue and p.abstract for p in described)
    assert sum(bool(p.doi) for p in described) >= 300
    assert sum(bool(p.extra.get("pages")) for p in described) >= 200
    assert {p.read for p in described} == {"unread", "reading", "read"}
    assert {p.stars for p in described} == {0, 1, 2, 3, 4, 5}
    assert sum(bool(p.note) for p in described) >= 20
    assert sum(bool(p.highlights) for p in described) >= 20
    assert sum(bool(p.links) for p in described) >= 6
    assert sum(bool(p.user_tags) for p in described) >= 50
    assert [s[0] for s in demo_lib.saved.list()] == ["Good reads", "Reading now"]
    assert demo_lib.undo() is None  # the demo's own annotations are not the user's edits


def _readme_queries() -> list[str]:
    text = README.read_text()
    table = text[text.index("## Query syntax"):text.index("## Importing")]
    found = []
    for cell in re.findall(r"^\| (`.+?`) \|", table, re.MULTILINE):
        for q in re.findall(r"`([^`]+)`", cell):
            if q.endswith(":") or q in ("a AND b", "a OR b", "NOT a", "(a OR b) AND c"):
                continue
            found.append(q)
    found += re.findall(r"paperdesk search '([^']+)'", text)
    found += re.findall(r"--query '([^']+)'", text)
    return found


def test_readme_example_searches_find_papers(demo_lib):
    queries = _readme_queries()
    assert '"mutual reinforcement" year:2023..2024' in queries and "tag:rl" in queries
    empty = [q for q in queries
             if q != "has:pdf" and not demo_lib.search(q, limit=None)]  # no PDFs in the demo
    assert empty == []
