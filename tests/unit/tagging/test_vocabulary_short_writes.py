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
