"""``paperdesk tag`` and ``paperdesk similar`` with the real model, as a user runs them."""

from __future__ import annotations

import json
import os
import re
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
    report = paperdesk(libdir, "tag", "--all")
    assert report["tagged"] == 98 and report["skipped"] == 0
    # all but a paper that names no topic and sits far from the others (MINDE, on
    # mutual information: its one fill was "unsupervised reinforcement learning")
    assert report["suggestions"]["papers"] >= 96 and report["suggestions"]["total"] == 98
    return libdir


def test_every_sample_paper_gets_keyphrases_and_shared_tags(tagged):
    papers = paperdesk(tagged, "list")["papers"]
    assert len(papers) == 98
    vocabulary = {e["name"]: e for e in paperdesk(tagged, "tags", "vocabulary")["vocabulary"]}
    use: dict[str, int] = {}
    for p in papers:
        auto = [t for t in p["tags"] if t["source"] == "auto"]
        # 1-5: past the topics it names and those its nearest papers back, a paper gets
        # a weaker fill only when it has no suggestion (raters kept under half of those)
        assert len(auto) <= 5, p["title"]
        for t in auto:
            assert t["name"] in vocabulary
            use[t["name"]] = use.get(t["name"], 0) + 1
    assert sum(1 for p in papers if not any(t["source"] == "auto" for t in p["tags"])) <= 2
    assert min(use.values()) >= 2  # a tag on one paper groups nothing
    assert all(vocabulary[n]["suggested"] == c for n, c in use.items())
    shown = paperdesk(tagged, "show", "1")
    text = f"{shown['title']} {shown['abstract']}".lower()
    assert 5 <= len(shown["keyphrases"]) <= 10
    for k in shown["keyphrases"]:
        assert set(k) == {"phrase", "score"} and k["phrase"].lower() in " ".join(text.split())


def test_tagging_resumes_and_skips_done_papers(tagged):
    again = paperdesk(tagged, "tag", "--all")
    assert again["tagged"] == 0 and again["skipped"] == 0
    # an edited abstract makes the paper due again
    paperdesk(tagged, "edit", "3", "--abstract", "Graph neural networks for molecule design.")
    assert paperdesk(tagged, "tag", "--all")["tagged"] == 1
    phrases = [k["phrase"] for k in paperdesk(tagged, "show", "3")["keyphrases"]]
    assert any("graph" in p or "molecule" in p for p in phrases)


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
    pid = next(str(p["id"]) for p in paperdesk(tagged, "list")["papers"]
               if sum(t["source"] == "auto" for t in p["tags"]) >= 3)
    paper = paperdesk(tagged, "show", pid)
    first, second = [t["name"] for t in paper["tags"] if t["source"] == "auto"][:2]
    paperdesk(tagged, "accept", pid, first)
    paperdesk(tagged, "reject", pid, second)
    tags = {t["name"]: t for t in paperdesk(tagged, "show", pid)["tags"]}
    assert tags[first]["source"] == "user"
    assert tags[second]["rejected"]
    hits = paperdesk(tagged, "search", f'tag:"{second}"')["papers"]
    assert int(pid) not in [h["id"] for h in hits]
    # a retag never brings a rejected suggestion back, and still offers others
    paperdesk(tagged, "tag", "--paper", pid, "--retag")
    tags = {t["name"]: t for t in paperdesk(tagged, "show", pid)["tags"]}
    assert tags[second]["rejected"] and tags[first]["source"] == "user"
    offered = [t for t in tags.values() if t["source"] == "auto" and not t["rejected"]]
    assert 1 <= len(offered) <= 5


def test_similar_on_a_read_only_library(tagged, tmp_path):
    """A tagged library on read-only storage (a lab drive, a mounted backup) finds similar
    papers, with why, exactly as where it can be written; its edits say "read-only"."""
    from storage import read_only_view

    mre = paperdesk(tagged, "search", 'title:"mutual reinforcement effect"')["papers"][0]["id"]
    expected = paperdesk(tagged, "similar", str(mre))["papers"]
    paper = paperdesk(tagged, "show", str(mre))
    suggested = next(t["name"] for t in paper["tags"] if t["source"] == "auto")
    with read_only_view(tagged, tmp_path / "ro") as ro:
        assert paperdesk(ro, "similar", str(mre))["papers"] == expected
        proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(ro),
                               "similar", str(mre), "--limit", "3"],
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0 and "why:" in proc.stdout, proc.stderr
        for edit in (("accept", str(mre), suggested), ("tag", "--paper", str(mre), "--retag"),
                     ("tag", "--all")):
            proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(ro),
                                   *edit], capture_output=True, text=True, timeout=600)
            assert proc.returncode == 2, (edit, proc.stdout, proc.stderr)
            assert proc.stderr.count("\n") == 1 and "read-only library" in proc.stderr, edit


def test_keyphrases_are_searchable(tagged):
    """Keyphrases are a search field: ``keyphrase:`` finds the papers that have one."""
    shown = paperdesk(tagged, "show", "1")
    phrase = shown["keyphrases"][0]["phrase"]
    found = paperdesk(tagged, "search", f'keyphrase:"{phrase}"', "--mode", "keyword")
    assert shown["title"] in [p["title"] for p in found["papers"]]
    # every paper it finds has that phrase's words among its keyphrases (not merely in
    # its text)
    from whoosh.lang.porter import stem

    for paper in found["papers"]:
        key = paperdesk(tagged, "show", str(paper["id"]))["keyphrases"]
        words = {stem(w.lower()) for k in key for w in k["phrase"].split()}
        assert {stem(w.lower()) for w in phrase.split()} <= words


def test_the_text_output_says_who_got_none_and_what_each_count_is(tagged):
    # a helper could not tell from "89 papers got 115 suggestions" that 404 got none, nor
    # what the number before each vocabulary entry counted
    def text(*args: str) -> str:
        proc = subprocess.run([sys.executable, "-m", "paperdesk", *args, "--library",
                               str(tagged)], capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    said = text("tag", "--all")
    assert re.fullmatch(r"Tagged 0 papers\. (\d+) of 98 papers got \d+ suggestions from \d+ "
                        r"distinct tags(\.|; (\d+) got none\.)\n", said), said
    lines = text("tags", "vocabulary").splitlines()
    assert lines[0].split() == ["suggested", "named", "in", "tag"]
    vocabulary = paperdesk(tagged, "tags", "vocabulary")["vocabulary"]
    first = lines[1].split()
    assert [int(first[0]), int(first[1])] == [vocabulary[0]["suggested"],
                                                vocabulary[0]["papers"]]
