"""Topics a keyphrase seldom names alone: the languages titles name, the head topic of an
acronym's expansion, English names that start as French fillers do (hand-made vectors)."""

from __future__ import annotations

import numpy as np

from paperdesk.tagging.vocabulary import (
    PaperPhrases,
    Rules,
    assign,
    build,
    mention_keys,
)

DIM = 8


def _apart(names: list[str]) -> np.ndarray:
    """Names far from each other: nothing merges by vector."""
    return np.stack([np.eye(DIM, dtype=np.float32)[i % DIM] for i in range(len(names))])


def _tagged(papers: dict[int, PaperPhrases], titles: dict[int, str] | None = None,
            texts: dict[int, str] | None = None) -> tuple[list[str], dict[int, list[str]]]:
    vecs = {pid: np.eye(DIM, dtype=np.float32)[0] for pid in papers}
    title_keys = {pid: mention_keys(t) for pid, t in (titles or {}).items()}
    entries = build(papers, {}, Rules(), _apart, vecs, len(papers), texts=texts,
                    titles=title_keys)
    got = assign(entries, {pid: (vecs[pid], p.keyphrases) for pid, p in papers.items()},
                 len(papers), titles=title_keys)
    return [e.name for e in entries], {pid: [n for n, _ in tags] for pid, tags in got.items()}


def test_a_language_the_title_names_is_a_topic():
    # among 5,000 ACL papers 21 titles name Russian and no keyphrase is "Russian"
    papers = {pid: PaperPhrases(["machine translation", f"one-off phrase {pid}"])
              for pid in range(1, 7)}
    titles = {1: "STYLUS - the MT product line for Russian",
              2: "Russian grammar for machine translation",
              3: "Parsing Russian and English sentences",
              4: "English to Russian", 5: "Translating English", 6: "Machine translation"}
    entries, tags = _tagged(papers, titles)
    assert "Russian" in entries and "English" not in entries  # English groups nothing
    assert all("Russian" in tags[pid] for pid in (1, 2, 3, 4))
    assert not any("Russian" in tags[pid] for pid in (5, 6))
    # without titles there is no such topic
    assert "Russian" not in _tagged(papers)[0]


def test_the_head_of_an_acronyms_expansion_is_its_head_topic():
    # "phrase-based SMT", also written "phrase-based statistical machine translation", is a
    # kind of "statistical machine translation", which a paper on it gets too (it was left
    # out as "a part" of it: "SMT" is in both names)
    papers = {pid: PaperPhrases(["phrase-based SMT"],
                                {"SMT": "statistical machine translation"})
              for pid in range(1, 4)}
    papers.update({pid: PaperPhrases(["statistical machine translation"])
                   for pid in range(4, 10)})
    papers[10] = PaperPhrases(["phrase-based statistical machine translation"])
    entries, tags = _tagged(papers)
    assert {"phrase-based SMT", "statistical machine translation"} <= set(entries)
    assert set(tags[1]) == {"phrase-based SMT", "statistical machine translation"}
    assert tags[1][0] == "statistical machine translation"  # the broader topic first


def test_an_english_topic_that_starts_like_a_french_filler_is_a_topic():
    # "information" heads French fillers ("informations lexicales"); "information
    # extraction" was dropped with them
    papers = {pid: PaperPhrases(["information extraction"]) for pid in range(1, 4)}
    papers.update({pid: PaperPhrases(["informations lexicales"], language="fr")
                   for pid in range(4, 7)})
    entries, _ = _tagged(papers)
    assert "information extraction" in entries and "informations lexicales" not in entries


def test_a_language_pair_names_each_language():
    keys = mention_keys("Building a Chinese-English mapping; CUNI Basque-to-English")
    assert {"chinese", "basque"} <= keys
    assert "state" not in mention_keys("state-of-the-art parsing")


def test_a_one_word_topic_is_no_head():
    # raters dropped "mining" beside "data mining" 5 times of 5; "fine-tuning BERT" is no
    # kind of "BERT"
    papers = {pid: PaperPhrases(["data mining", "fine-tuning BERT"]) for pid in range(1, 4)}
    papers.update({pid: PaperPhrases(["mining", "BERT"]) for pid in range(4, 7)})
    entries, tags = _tagged(papers, texts={pid: "Mining with BERT." for pid in papers})
    assert {"data mining", "mining", "BERT", "fine-tuning BERT"} <= set(entries)
    assert "mining" not in tags[1] and "BERT" not in tags[1]


def test_an_aliases_head_is_a_head_only_when_broader():
    # a wrong merge made "machine translation post-editing" an alias of "machine
    # translation", and its head went to all 1,200 MT papers as theirs (here with a head of
    # two words, as heads are)
    from paperdesk.tagging.vocabulary import Entry, _parents

    mt = Entry("machine translation", ["machine translation quality estimation"],
               papers=1200)
    post = Entry("quality estimation", papers=15)
    smt = Entry("phrase-based SMT", ["phrase-based machine translation"], papers=17)
    parents = _parents([mt, post, smt])
    assert parents[0] == []
    assert parents[2] == [0]
