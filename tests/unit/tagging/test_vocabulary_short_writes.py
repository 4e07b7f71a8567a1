"""The vocabulary rewrites suggestions in short transactions, stepping aside for other
writers (a window's edit) between them; the result is the same as in one go."""

from __future__ import annotations

import pytest

from paperdesk.library import vocabulary
from paperdesk.records import Paper, ParsedEntry, ParseResult

pytestmark = pytest.mark.model

DOCS = [
    ("Neural machine translation for low-resource languages",
     "Neural machine translation (NMT) struggles when parallel data is scarce. We train NMT "
     "systems with back-translation for low-resource language pairs."),
    ("Improving NMT with monolingual data",
     "We study neural machine translation (NMT) with monolingual corpora and back-"
     "translation, improving BLEU for English-German translation."),
    ("Unsupervised machine translation",
     "Unsupervised machine translation learns to translate without parallel corpora, using "
     "back-translation and denoising."),
    ("Fast dependency parsing with transformers",
     "We present a dependency parser for syntactic parsing of many languages. Dependency "
     "parsing accuracy improves with transformer encoders."),
    ("Cross-lingual dependency parsing",
     "Dependency parsing for low-resource languages transfers from treebanks of related "
     "languages; our dependency parser uses multilingual encoders."),
    ("Graph-based dependency parsers revisited",
     "Graph-based dependency parsing scores arcs between words; we revisit graph-based "
     "dependency parsers and syntactic parsing with biaffine attention."),
]


def _suggestions(lib) -> dict[int, list[str]]:
    return {p.id: [t.name for t in p.suggested_tags]
            for p in lib.get_many(lib.papers.ids(sort="id"))}


def test_suggestions_are_written_a_few_papers_per_transaction(lib, onnx_tagger, monkeypatch):
    lib.import_parsed(ParseResult([ParsedEntry(Paper(title=t, abstract=a)) for t, a in DOCS]),
                      on_duplicate="keep-both")
    lib.tagging.tag()
    whole = _suggestions(lib)
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
    assert _suggestions(lib) == whole
    lib.sync_index()
    name = next(n for names in whole.values() for n in names)
    assert lib.search(f'tag:"{name}"')  # the index follows
