"""A name is a tag only when the papers that name it sit together: a topic's papers are
each other's nearest neighbours; the papers that say "joint model" are on anything."""

from __future__ import annotations

import pytest
from real_vocabulary import build_real

DOMAINS = ["news", "patents", "tweets", "medicine", "law", "subtitles", "recipes", "sports",
           "finance", "weather", "biology", "chemistry", "poetry", "novels", "emails",
           "reviews", "manuals", "lectures"]
TOPICS = {
    "machine translation": "Machine translation of {d} texts from German into English. The "
                           "translations of the source sentences are scored with BLEU.",
    "dependency parsing": "Dependency parsing of {d} sentences with a treebank. The parser "
                          "predicts head words and labelled arcs between words.",
    "speech recognition": "Speech recognition of {d} recordings with acoustic models. The "
                          "recogniser transcribes spoken audio into words.",
    "sentiment analysis": "Sentiment analysis of {d}: positive and negative opinions. The "
                          "classifier tells whether the writer likes it.",
    "question answering": "Question answering over {d}: a reader finds the answer span. "
                          "Questions are answered from the passages.",
    "named entity recognition": "Named entity recognition in {d}: people, places, firms. "
                                "The tagger labels the names of persons and organisations.",
}
#: said by two papers of every topic, in the words of each topic
JOINT = ["A joint model does both steps.", "Our joint model is trained end to end.",
         "We learn the two tasks with one joint model.", "It is a joint model.",
         "One joint model shares its parameters.", "The joint model helps a little."]


@pytest.mark.model
def test_a_name_the_papers_of_every_topic_use_is_no_tag(onnx_tagger):
    texts: dict[int, str] = {}
    keyphrases: dict[int, list[str]] = {}
    for t, (topic, template) in enumerate(TOPICS.items()):
        for i, domain in enumerate(DOMAINS):
            pid = 100 * t + i
            texts[pid] = template.format(d=domain)
            keyphrases[pid] = [topic]
            if i % 9 == 0:  # two papers of every topic also say "joint model"
                texts[pid] += " " + JOINT[t]
                keyphrases[pid].append("joint model")
    entries, _vectors, _mentions = build_real(onnx_tagger, texts, keyphrases)
    names = {e.name for e in entries}
    assert set(TOPICS) <= names, names
    assert "joint model" not in names  # on 12 papers, but on every topic


@pytest.mark.model
def test_nearest_papers_computed_once_give_the_same_vocabulary_and_suggestions(onnx_tagger):
    """lib.vocabulary.refresh computes each paper's nearest papers once and passes them to
    build and assign: the same entries and suggestions as each computing its own."""
    from paperdesk.tagging.vocabulary import (
        PaperPhrases,
        Rules,
        assign,
        build,
        library_nearest,
        mention_keys,
    )

    texts = {100 * t + i: template.format(d=domain)
             for t, template in enumerate(TOPICS.values()) for i, domain in enumerate(DOMAINS)}
    ids = sorted(texts)
    vectors = dict(zip(ids, onnx_tagger.embed([(texts[i], "") for i in ids]), strict=True))
    mentions = {i: mention_keys(texts[i]) for i in ids}
    phrases = {i: PaperPhrases([list(TOPICS)[i // 100]]) for i in ids}
    papers = {i: (vectors[i], phrases[i].keyphrases) for i in ids}
    nearest = library_nearest(vectors)
    runs = []
    for given in (None, nearest):
        entries = build(phrases, {}, Rules(), onnx_tagger.phrase_vectors, vectors,
                        texts=texts, mentions=mentions, nearest=given)
        chosen = assign(entries, papers, mentions=mentions, nearest=given)
        runs.append(([(e.name, e.papers, e.suggested) for e in entries], chosen))
    assert runs[0] == runs[1]
    assert len(runs[0][0]) >= len(TOPICS) and sum(map(len, runs[0][1].values())) >= len(ids)
