"""The demo library (``paperdesk --demo``): the 98-paper sample page plus a few hundred fully
described ACL Anthology papers (``resources/sample-acl.jsonl``, CC BY 4.0), some of them
with tags, stars, read states, notes, highlights, links and a saved search, so every
column and panel of the window has something in it and the README's examples find papers.

The annotations are made by fixed rules over the papers (no randomness), and are not
undoable: Undo starts with the user's own first edit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from paperdesk.config import resource_path
from paperdesk.progress import Progress
from paperdesk.venues import short_venue

if TYPE_CHECKING:
    from paperdesk.library.library import Library
    from paperdesk.records import Paper

SAMPLE = "sample-library.txt"
ACL_SAMPLE = "sample-acl.jsonl"
#: user tag -> pattern in the title or abstract of the papers that get it
TOPIC_TAGS = {
    "rl": r"reinforcement learning",
    "machine translation": r"machine translation|\bNMT\b",
    "summarization": r"summari[sz]ation",
    "question answering": r"question answering",
    "morphology": r"morpholog",
}
SAVED = [("Good reads", "stars:>=4"), ("Reading now", "read:reading")]
#: collections (a tree) and the tag whose papers go in each
COLLECTIONS = [("Thesis/Chapter 2", "rl"), ("Thesis/Chapter 3", "machine translation"),
               ("Reading group", "summarization")]


def is_new(lib: Library) -> bool:
    """True for a library that never held a paper (the demo is filled only then)."""
    return lib.count() == 0 and lib.count(trashed=True) == 0


def fill_demo(lib: Library, progress: Progress | None = None) -> int:
    """Import the demo papers and annotate them; returns how many papers were added."""
    report = lib.import_files([resource_path(SAMPLE), resource_path(ACL_SAMPLE)],
                              progress=progress)
    annotate(lib)
    return report.added


def _first_sentence(text: str) -> tuple[int, int]:
    """(start, end) of the abstract's first sentence."""
    found = re.search(r"[.!?](\s|$)", text)
    return 0, (found.start() + 1 if found else min(len(text), 160))


def annotate(lib: Library) -> None:
    """Tags, stars, read states, notes, highlights, links, saved searches and collections
    on the ACL papers (those the sample page lacks the details for are left as they are)."""
    with lib.batch():
        _annotate(lib)
    lib.forget_undo()


def _annotate(lib: Library) -> None:
    papers = [p for p in lib.papers.list(sort="added") if p.extra.get("acl_id")]
    papers.sort(key=lambda p: p.extra["acl_id"])
    text = {p.id: f"{p.title} {p.abstract}" for p in papers}
    for tag, pattern in TOPIC_TAGS.items():
        rx = re.compile(pattern, re.IGNORECASE)
        ids = [p.id for p in papers if rx.search(text[p.id])]
        if ids:
            lib.tags.add(ids, [tag])
    by_stars: dict[int, list[int]] = {}
    for i, p in enumerate(papers):
        if i % 5 == 0:
            by_stars.setdefault(5 - (i // 5) % 5, []).append(p.id)  # type: ignore[arg-type]
    for stars, ids in by_stars.items():
        lib.papers.set_stars(ids, stars)
    lib.papers.set_read([p.id for i, p in enumerate(papers) if i % 6 == 1], "reading")
    lib.papers.set_read([p.id for i, p in enumerate(papers) if i % 4 == 2], "read")
    for i, p in enumerate(papers):
        if i % 12 == 3:
            lib.notes.set(p.id, _note(p))  # type: ignore[arg-type]
        if i % 9 == 4 and p.abstract:
            start, end = _first_sentence(p.abstract)
            lib.highlights.add(p.id, start, end, comment="The main claim",  # type: ignore[arg-type]
                               color="yellow")
    for tag in ("rl", "machine translation", "summarization"):
        rx = re.compile(TOPIC_TAGS[tag], re.IGNORECASE)
        group = [p.id for p in papers if rx.search(text[p.id])][:6]
        for a, b in zip(group[::2], group[1::2], strict=False):
            lib.links.add(a, b)  # type: ignore[arg-type]
    for name, query in SAVED:
        lib.saved.add(name, query)
    for path, tag in COLLECTIONS:
        cid = lib.collections.add(path).details["collection_id"]
        rx = re.compile(TOPIC_TAGS[tag], re.IGNORECASE)
        members = [p.id for p in papers if rx.search(text[p.id])]
        if members:
            lib.collections.collect(members[:12], cid)  # type: ignore[arg-type]


def _note(paper: Paper) -> str:
    start, end = _first_sentence(paper.abstract)
    venue = short_venue(paper.venue, paper.year)
    return (f"**In short:** {paper.abstract[start:end]}\n\n"
            f"- Published at {venue or 'an ACL venue'}.\n"
            "- To check: the datasets, the baselines and whether the code is released.\n")
