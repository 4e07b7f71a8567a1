"""Suggestions a researcher keeps: named by the paper first, no generic names, fragments
completed without changing their meaning, a vocabulary chosen so papers name their tags."""

from __future__ import annotations

import numpy as np
import pytest

from paperdesk.tagging.vocabulary import (
    LEAST,
    Entry,
    PaperPhrases,
    Rules,
    _covering,
    assign,
    build,
    mention_keys,
    phrase_key,
)

DOMAINS = ["news", "patents", "tweets", "medicine", "law", "subtitles"]


def mt(i: int) -> str:
    return f"Machine translation of {DOMAINS[i]} improves when words are aligned."


def parse(i: int) -> str:
    return f"Dependency parsing of {DOMAINS[i]} with a treebank of annotated sentences."


def _library(onnx_tagger, docs: dict[int, tuple[list[str], str, str]]):
    """Vocabulary and paper inputs for ``docs``: id -> (keyphrases, text, language)."""
    ids = sorted(docs)
    vectors = dict(zip(ids, onnx_tagger.embed([(docs[i][1], "") for i in ids]), strict=True))
    papers = {i: PaperPhrases(docs[i][0], language=docs[i][2]) for i in ids}
    texts = {i: docs[i][1] for i in ids}
    mentions = {i: mention_keys(texts[i]) for i in ids}
    entries = build(papers, {}, Rules(), onnx_tagger.phrase_vectors, vectors, texts=texts,
                    mentions=mentions)
    return entries, papers, vectors, mentions


@pytest.mark.model
def test_generic_research_names_are_never_tags(onnx_tagger):
    docs = {}
    for i in range(6):
        docs[i] = (["machine translation", "error analysis", "data collection"],
                   mt(i) + " An error analysis follows our data collection.", "en")
        docs[10 + i] = (["dependency parsing", "human judgements", "test set"],
                        parse(i) + " Human judgements on the test set agree.", "en")
        docs[20 + i] = (["analyse syntaxique", "détection automatique"],
                        "Nous proposons une analyse syntaxique et une détection automatique "
                        "des erreurs.", "fr")
    entries, *_ = _library(onnx_tagger, docs)
    names = {e.name.lower() for e in entries}
    assert {"machine translation", "dependency parsing", "analyse syntaxique"} <= names, names
    assert not names & {"error analysis", "data collection", "human judgements", "test set",
                        "détection automatique"}, names


@pytest.mark.model
def test_a_paper_gets_the_tags_it_names_first_and_past_three_only_its_keyphrases(onnx_tagger):
    topics = ["machine translation", "dependency parsing", "speech recognition",
              "sentiment analysis", "question answering", "word embeddings"]
    docs = {}
    for t, topic in enumerate(topics):
        for i in range(6):
            docs[10 * t + i] = ([topic], f"Notes on {topic} for {DOMAINS[i]}.", "en")
    # an MT paper naming two topics among its keyphrases and three more in its text
    text = ("Machine translation with word embeddings; we also report speech recognition, "
            "sentiment analysis and question answering results.")
    docs[100] = (["machine translation", "word embeddings"], text, "en")
    entries, papers, vectors, mentions = _library(onnx_tagger, docs)
    got = assign(entries, {i: (vectors[i], papers[i].keyphrases) for i in papers},
                 mentions=mentions)
    names = [n for n, _ in got[100]]
    assert set(names[:2]) == {"machine translation", "word embeddings"}, names
    assert len(names) == LEAST  # a third the text names, but no fourth or fifth
    assert names[2] in {"speech recognition", "sentiment analysis", "question answering"}
    # a parsing paper that names nothing else gets dependency parsing first
    assert got[10][0][0] == "dependency parsing"


@pytest.mark.model
def test_a_completed_fragment_keeps_its_meaning(onnx_tagger):
    docs = {}
    for i in range(6):
        docs[i] = (["language translation", "IWSLT"],
                   f"Our spoken language translation system for IWSLT, run {i}.", "en")
    for i in range(4):
        docs[10 + i] = (["language translation", "grammar"],
                        f"Natural language translation with a grammar, version {i}.", "en")
    entries, *_ = _library(onnx_tagger, docs)
    entry = next(e for e in entries if e.name == "spoken language translation")
    assert entry.members == set(range(6))  # not the papers on natural language translation
    assert phrase_key("language translation") not in entry.keys
    assert "language translation" in entry.aliases


def test_the_vocabulary_kept_under_its_cap_lets_most_papers_name_their_tags():
    def entry(name: str, members: range) -> Entry:
        return Entry(name, papers=len(members), members=set(members),
                     keys={phrase_key(name)}, vector=np.zeros(4, dtype=np.float32))

    auto = [entry("alpha topic", range(10)), entry("beta topic", range(9)),
            entry("gamma topic", range(9)), entry("delta topic", range(8)),
            entry("omega topic", range(20, 26))]
    # the largest four name nothing on papers 20-25; three already cover papers 0-9
    kept = [e.name for e in _covering(auto, 4, {})]
    assert kept == ["alpha topic", "beta topic", "gamma topic", "omega topic"]
    # the text names count as much as keyphrases: "delta topic" named by papers 30-39
    mentions = {30 + i: {phrase_key("delta topic")} for i in range(10)}
    assert "delta topic" in [e.name for e in _covering(auto, 4, mentions)]


def test_an_acronym_a_paper_defines_names_its_own_expansion():
    text = "Native language identification (NLI) finds the first language. NLI helps."
    keys = mention_keys(text, {"NLI": "native language identification"})
    assert phrase_key("NLI") not in keys  # not the library's natural language inference
    assert phrase_key("native language identification") in keys
    assert phrase_key("NLI") in mention_keys(text)


@pytest.mark.model
def test_a_paper_keyphrase_acronym_joins_its_own_expansion(onnx_tagger):
    papers = {i: PaperPhrases(["NLI", "textual entailment"],
                              acronyms={"NLI": "natural language inference"})
              for i in range(6)}
    papers[9] = PaperPhrases(["NLI", "learner essays"],
                             acronyms={"NLI": "native language identification"})
    vectors = dict(zip(sorted(papers), onnx_tagger.embed(
        [(f"Natural language inference (NLI) on {d}.", "") for d in DOMAINS]
        + [("Native language identification (NLI) of learner essays.", "")]), strict=True))
    entries = build(papers, {}, Rules(), onnx_tagger.phrase_vectors, vectors)
    nli = next(e for e in entries if "natural language inference" in
               {e.name.lower(), *(a.lower() for a in e.aliases)})
    assert nli.members == set(range(6))
