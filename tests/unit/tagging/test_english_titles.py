"""Papers in French: one with an English title in parentheses gets the English tags its
English papers have, and no paper gets one topic in two languages."""

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


@pytest.mark.model
def test_a_french_paper_with_an_english_title_gets_the_english_tag(lib, onnx_tagger):
    make_lib(lib, MT + PARSING + [FRENCH_WITH_ENGLISH_TITLE])
    lib.tagging.tag()
    got = suggestions(lib)
    french = lib.papers.ids(sort="id")[-1]
    english_mt = {n for pid in lib.papers.ids(sort="id")[:4] for n in got[pid]
                  if "translation" in n.lower()}
    assert english_mt, got
    assert set(got[french]) & english_mt, (got[french], english_mt)


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
