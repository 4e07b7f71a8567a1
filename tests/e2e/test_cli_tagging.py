"""``paperdesk tag`` and ``paperdesk similar`` with the real model, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"

pytestmark = [pytest.mark.model, pytest.mark.slow]


def paperdesk(libdir: Path, *args: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "paperdesk", *args, "--library", str(libdir), "--json"],
        capture_output=True, text=True, timeout=600, env=os.environ.copy(),
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def tagged(tmp_path_factory) -> Path:
    libdir = tmp_path_factory.mktemp("tagged") / "lib"
    paperdesk(libdir, "import", str(SAMPLE))
    assert paperdesk(libdir, "tag", "--all") == {"tagged": 98, "skipped": 0}
    return libdir


def test_every_sample_paper_gets_five_suggested_tags(tagged):
    papers = paperdesk(tagged, "list")["papers"]
    assert len(papers) == 98
    for p in papers:
        auto = [t for t in p["tags"] if t["source"] == "auto"]
        assert len(auto) == 5, p["title"]
        text = f"{p['title']} {p['abstract']}".lower()
        for t in auto:
            assert t["name"].lower() in text
            assert 0 < t["score"] <= 1


def test_tagging_resumes_and_skips_done_papers(tagged):
    assert paperdesk(tagged, "tag", "--all") == {"tagged": 0, "skipped": 0}
    # an edited abstract makes the paper due again
    paperdesk(tagged, "edit", "3", "--abstract", "Graph neural networks for molecule design.")
    assert paperdesk(tagged, "tag", "--all")["tagged"] == 1
    tags = [t["name"] for t in paperdesk(tagged, "show", "3")["tags"]]
    assert any("graph" in t or "molecule" in t for t in tags)


def test_similar_finds_the_sibling_mre_papers(tagged):
    papers = paperdesk(tagged, "search", 'title:"mutual reinforcement effect"', "--limit", "5")
    first = next(p for p in papers["papers"] if p["title"].startswith("Empirical Study"))
    similar = paperdesk(tagged, "similar", str(first["id"]))["papers"]
    top5 = [s["title"] for s in similar[:5]]
    assert any(t.startswith("GIELLM") for t in top5), top5
    assert any(t.startswith("USA") for t in top5), top5
    assert all(s["score"] >= 0.5 for s in similar)
    assert all(set(s) == {"id", "title", "score", "why"} for s in similar)
    assert any(s["why"] for s in similar[:5])


def test_accept_and_reject_suggestions(tagged):
    paper = paperdesk(tagged, "show", "10")
    first, second = [t["name"] for t in paper["tags"] if t["source"] == "auto"][:2]
    paperdesk(tagged, "accept", "10", first)
    paperdesk(tagged, "reject", "10", second)
    tags = {t["name"]: t for t in paperdesk(tagged, "show", "10")["tags"]}
    assert tags[first]["source"] == "user"
    assert tags[second]["rejected"]
    hits = paperdesk(tagged, "search", f'tag:"{second}"')["papers"]
    assert 10 not in [h["id"] for h in hits]
    # a retag never brings a rejected suggestion back, and still offers five new ones
    paperdesk(tagged, "tag", "--paper", "10", "--retag")
    tags = {t["name"]: t for t in paperdesk(tagged, "show", "10")["tags"]}
    assert tags[second]["rejected"] and tags[first]["source"] == "user"
    offered = [t for t in tags.values() if t["source"] == "auto" and not t["rejected"]]
    assert len(offered) == 5
