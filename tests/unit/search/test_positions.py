"""Phrases over kept position arrays (search/positions.py): the same papers as Whoosh's
own phrase matching, with and without kept positions, and after commits that add, edit
and delete papers (the positions of unchanged segments are kept across them)."""

from __future__ import annotations

import random

import pytest

np = pytest.importorskip("numpy")  # the arrays need the ML extras (numpy)

from paperdesk.records import Paper  # noqa: E402
from paperdesk.search.docsets import _in_order  # noqa: E402
from paperdesk.search.positions import SHIFT, phrase_docs  # noqa: E402

PHRASES = ['"reinforcement learning"', '"multi agent reinforcement learning"',
           '"learning of agents"', '"language model"', '"reinforcement agents"~4',
           '"learning reinforcement"', 'title:"reinforcement learning"']


@pytest.mark.parametrize("slop", [1, 2, 5])
def test_array_walk_is_the_loop_walk(slop):
    """phrase_docs finds exactly the documents _in_order (the loop) finds."""
    rng = random.Random(slop)
    for _ in range(30):
        words = rng.randint(1, 4)
        per_word: list[dict[int, list[int]]] = []
        for _ in range(words):
            docs = rng.sample(range(40), rng.randint(0, 40))
            per_word.append({d: sorted(rng.sample(range(60), rng.randint(1, 6)))
                             for d in docs})
        keys = [np.array(sorted((d << SHIFT) | p for d, ps in m.items() for p in ps),
                         dtype=np.int64) for m in per_word]
        candidates = set(per_word[0]).intersection(*per_word[1:])
        expected = _in_order(candidates, per_word, list, slop)
        assert set(phrase_docs(keys, slop).tolist()) == expected


def test_phrases_are_whooshs(sample_lib, monkeypatch):
    index = sample_lib.index
    kept = {q: [p for p, _ in index.search_page(q, limit=None).pairs] for q in PHRASES}
    assert len(index._fast.positions) > 0  # positions kept for the next search
    again = {q: [p for p, _ in index.search_page(q, limit=None).pairs] for q in PHRASES}
    monkeypatch.setattr(index._fast, "rank", lambda *a, **k: None)
    whoosh = {q: [p for p, _ in index.search_page(q, limit=None).pairs] for q in PHRASES}
    assert kept == again == whoosh
    assert sum(1 for v in whoosh.values() if v) >= 4


def phrase_ids(lib, q: str) -> set[int]:
    return {p for p, _ in lib.index.search_page(q, limit=None).pairs}


def test_kept_positions_follow_commits(sample_lib):
    """A paper added or edited to hold a phrase is found at once; a deleted or edited-away
    one is gone at once; the positions of the unchanged segment stay kept."""
    lib = sample_lib
    q = '"reinforcement learning"'
    before = phrase_ids(lib, q)
    assert before
    cache = lib.index._fast.positions
    segments = {k[0] for k in cache._keys}
    new = lib.papers.add(Paper(title="Reinforcement learning for bridges", year=2020))
    (added,) = new.added
    after_add = phrase_ids(lib, q)
    assert after_add == before | {added}
    assert segments <= {k[0] for k in cache._keys}  # the old segment's positions kept
    gone = sorted(before)[0]
    lib.papers.edit(gone, title="Bridges", abstract="Nothing about it.")
    edited = sorted(before)[1]
    lib.papers.trash([edited])
    lib.papers.empty_trash()
    after = phrase_ids(lib, q)
    assert after == (before | {added}) - {gone, edited}
    lib.papers.edit(gone, title="Deep reinforcement learning again")
    assert phrase_ids(lib, q) == after | {gone}
