"""Papers in French or Chinese: one with an English title in parentheses gets the English
tags its English papers have, and no paper gets one topic in two languages."""

from __future__ import annotations

import numpy as np
import pytest
from vocabulary_docs import MT, PARSING, make_lib, suggestions

from paperdesk.tagging.vocabulary import Entry, assign, phrase_key

FRENCH_WITH_ENGLISH_TITLE = (
    "Traduction automatique neuronale pour les langues peu dotées (Neural machine "
    "translation for low-resource languages)",
    "Nous entraînons des systèmes de traduction neuronale avec de la rétro-traduction pour "
    "des paires de langues peu dotées, et nous améliorons le score BLEU.")


# laid out as the CCL 2020 papers of the ACL Anthology are: Chinese title and abstract,
# the English title in parentheses (the text is written for this test)
CHINESE_WITH_ENGLISH_TITLE = (
    "基于规则的神经机器翻译方法(Neural Machine Translation for Low-Resource Languages)",
    "本文提出了一种面向低资源语言的神经机器翻译方法，利用回译和多语言联合训练扩充平行语料，"
    "在汉越和汉缅翻译任务上显著提高了BLEU值。")


def test_a_chinese_paper_is_read_by_its_english_title():
    # its letters are Chinese: before, its few English words made it "en", so its vector
    # was the model's reading of Chinese characters, close to every other Chinese paper
    # (among 5,000 ACL papers, the CCL 2020 papers on any topic got "abstract meaning
    # representations", the topic of a few of them: 55 suggestions of it, now 27)
    from paperdesk.tagging.keyphrases import english_part, text_language

    title, abstract = CHINESE_WITH_ENGLISH_TITLE
    assert text_language(title, abstract) == "zh"
    assert english_part(title, abstract) == (
        "Neural Machine Translation for Low-Resource Languages", "基于规则的神经机器翻译方法")
    # any Latin title beside such an abstract is English, stop word or not
    assert english_part("Chinese Chunk-Based Dependency Grammar", abstract)[0]
    assert text_language("日本語の論文", "本論文では、ニューラル機械翻訳を提案する。") == "ja"
    assert text_language("", "한국어 문장을 번역하는 신경망 기계 번역 모델을 제안한다.") == "ko"
    # an English abstract with a Chinese name in it stays English
    assert text_language("", "We build a corpus of 汉语 sentences for parsing.") == "en"


@pytest.mark.model
@pytest.mark.parametrize("paper", [FRENCH_WITH_ENGLISH_TITLE, CHINESE_WITH_ENGLISH_TITLE],
                         ids=["french", "chinese"])
def test_a_paper_with_an_english_title_gets_the_english_tag(lib, onnx_tagger, paper):
    make_lib(lib, MT + PARSING + [paper])
    lib.tagging.tag()
    got = suggestions(lib)
    other = lib.papers.ids(sort="id")[-1]
    english_mt = {n for pid in lib.papers.ids(sort="id")[:4] for n in got[pid]
                  if "translation" in n.lower()}
    assert english_mt, got
    assert set(got[other]) & english_mt, (got[other], english_mt)


def _entry(name: str, language: str, members: range, name_vector: np.ndarray) -> Entry:
    vector = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    return Entry(name, papers=len(members), members=set(members), keys={phrase_key(name)},
                 vector=vector, language=language, name_vector=name_vector)


def test_a_paper_gets_one_topic_in_one_language():
    same = np.array([0.0, 1.0, 0.0], dtype=np.float32)
    other = np.array([0.0, 0.6, 0.8], dtype=np.float32)  # cosine 0.6 with "same"
    entries = [_entry("annotated corpus", "en", range(6), same),
               _entry("corpus annotés", "fr", range(6, 12), same),
               _entry("corpus comparables", "fr", range(12, 18), other)]
    papers = {i: (np.array([1.0, 0.0, 0.0], dtype=np.float32), ["annotated corpus"])
              for i in range(6)}
    papers |= {i: (np.array([1.0, 0.0, 0.0], dtype=np.float32), ["corpus annotés"])
               for i in range(6, 12)}
    papers |= {i: (np.array([1.0, 0.0, 0.0], dtype=np.float32), ["corpus comparables"])
               for i in range(12, 18)}
    # a French paper with an English title: its keyphrases name both spellings
    papers[50] = (np.array([1.0, 0.0, 0.0], dtype=np.float32),
                  ["annotated corpus", "corpus annotés", "corpus comparables"])
    got = [n for n, _ in assign(entries, papers, languages={50: "en"})[50]]
    assert got == ["annotated corpus", "corpus comparables"], got
