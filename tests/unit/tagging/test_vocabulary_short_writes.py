"""The vocabulary rewrites suggestions in short transactions, stepping aside for other
writers (a window's edit) between them; the result is the same as in one go."""

from __future__ import annotations

import pytest
from vocabulary_docs import MT, PARSING, make_lib, suggestions

from paperdesk.library import vocabulary

pytestmark = pytest.mark.model

DOCS = [MT[0], MT[1], MT[3], *PARSING]


def test_suggestions_are_written_a_few_papers_per_transaction(lib, onnx_tagger, monkeypatch):
    make_lib(lib, DOCS)
    lib.tagging.tag()
    whole = suggestions(lib)
    assert sum(map(len, whole.values())) >= 4
    with lib.write_lock, lib.transaction():
        lib.db.execute("DELETE FROM tags WHERE source = 'auto'")
    monkeypatch.setattr(vocabulary, "WRITE_CHUNK", 2)
    steps: list[int] = []
    monkeypatch.setattr(lib.queue, "let_others_in", lambda: steps.append(1))
    lib.index_later = True  # (no index pass after each transaction: it steps aside too)
    report = lib.vocabulary.refresh()
    assert report.changed >= 4
    assert len(steps) == (report.changed + 1) // 2 - 1  # between any two of them
    assert suggestions(lib) == whole
    lib.sync_index()
    name = next(n for names in whole.values() for n in names)
    assert lib.search(f'tag:"{name}"')  # the index follows


def test_a_refresh_indexes_again_only_papers_whose_suggestions_are_renamed(
        lib, onnx_tagger, monkeypatch):
    """The index holds suggestions' names, not their scores: a rename or a merge rescores
    most papers, and re-indexing them all took 20 s of a 30 s refresh of 5,000 papers."""
    make_lib(lib, DOCS)
    lib.tagging.tag()
    whole = suggestions(lib)
    tagged = [pid for pid, names in whole.items() if names]
    pid = tagged[0]
    with lib.write_lock, lib.transaction():
        lib.db.execute("UPDATE tags SET score = score + 1 WHERE source = 'auto'")
        lib.db.execute("DELETE FROM tags WHERE source = 'auto' AND paper_id = ?", [pid])
    queued: list[int] = []
    queue_index = lib.queue_index
    monkeypatch.setattr(lib, "queue_index",
                        lambda ids: (queued.extend(ids), queue_index(ids))[1])
    report = lib.vocabulary.refresh()
    assert report.changed == len(tagged) > 1  # every paper's scores are written back ...
    assert queued == [pid]  # ... and only the one whose names changed is indexed again
    assert suggestions(lib) == whole
    assert lib.reader.execute("SELECT COUNT(*) FROM index_queue").fetchone()[0] == 0
    assert pid in [h.paper_id for h in lib.search(f'tag:"{whole[pid][0]}"', limit=None)]
