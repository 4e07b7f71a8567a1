"""Names that are fragments of longer names in the library's text are completed or go."""

from __future__ import annotations

import pytest

from paperdesk.tagging.fragments import complete
from paperdesk.tagging.vocabulary import PaperPhrases, Rules, build

TEXTS = [
    "We study named entity recognition for tweets.",
    "Named entity recognition with pre-trained language models.",
    "A corpus for named entity recognition in Swedish.",
    "Cross-lingual named entity recognition (NER) by projection.",
    "Nested named entity recognition with a span model.",
    "Fine-tuning pre-trained language models for parsing.",
    "Distilling pre-trained language models, one task at a time.",
    "How large pre-trained language models forget.",
    "Probing pre-trained language models for syntax.",
    "Our system achieved great success in the shared task.",
    "The method achieved great success on five data sets.",
    "It achieved great success, yet it is slow.",
    "Deep models achieved great success in parsing.",
    "They achieved great success overall.",
    "Machine translation of tweets; machine translation system; statistical machine "
    "translation; neural machine translation; machine translation evaluation.",
    "Machine translation for Swedish and machine translation of speech.",
]


def test_fragments_take_their_constant_neighbour_or_go():
    got = complete(["entity recognition", "pre-trained language", "great success",
                    "machine translation", "Swedish"], TEXTS)
    assert got["entity recognition"] == "named entity recognition"
    assert got["pre-trained language"] == "pre-trained language models"
    assert got["great success"] is None  # "achieved": a verb, no topic
    assert "machine translation" not in got  # its neighbours vary: a name of its own
    assert "Swedish" not in got  # one word: never a fragment


def test_a_generic_head_after_a_name_does_not_complete_it():
    texts = [f"A dialogue state tracking system, number {i}." for i in range(6)]
    assert complete(["dialogue state tracking"], texts) == {}


@pytest.mark.model
def test_the_vocabulary_names_a_fragment_entry_by_its_whole_name(onnx_tagger):
    papers = {i: PaperPhrases(["entity recognition", "tweets"]) for i in range(5)}
    papers.update({10 + i: PaperPhrases(["great success", "parsing"]) for i in range(5)})
    paper_vectors = dict(zip(sorted(papers), onnx_tagger.embed(
        [(t, "") for t in TEXTS[:5] + TEXTS[9:14]]), strict=True))
    entries = build(papers, {}, Rules(), onnx_tagger.phrase_vectors, paper_vectors,
                    texts=TEXTS)
    by_name = {e.name: e for e in entries}
    assert "named entity recognition" in by_name, list(by_name)
    assert "entity recognition" in by_name["named entity recognition"].aliases
    assert by_name["named entity recognition"].papers == 5
    assert not any("success" in e.name for e in entries)
