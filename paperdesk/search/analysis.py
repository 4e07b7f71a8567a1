"""How text becomes index terms: words, folding, stop words, stems.

The same analyzers read documents and queries, so whatever is folded here matches
either way round: compatibility characters and ligatures (NFKC: "ﬁ" -> "fi", full-width
letters), accents ("Müller" -> "muller") and the letters Unicode does not decompose
("Quæro" -> "quaero", "Łukasz" -> "lukasz", "Straße" -> "strasse").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import (
    STOP_WORDS,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer

#: Words: letters and digits, with inner dots or apostrophes ("e.g", "don't"), and the
#: programming-language names "c++", "g++", "c#", "f#" kept whole.
WORD_PATTERN = r"\w+(?:[.'’]\w+)*(?:\+\+|#)?"

#: Words too common to search for on their own (dropped from plain-word queries).
STOPWORDS: frozenset[str] = frozenset(STOP_WORDS)

#: Letters that NFKD does not split into a base letter and an accent.
_LETTERS = str.maketrans({"æ": "ae", "œ": "oe", "ß": "ss", "ø": "o", "ł": "l", "đ": "d",
                          "þ": "th", "ð": "d", "ı": "i", "ŀ": "l", "ħ": "h",
                          "’": "'", "‘": "'", "ʼ": "'"})  # "O’Malley" is "O'Malley"


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """``word`` lower-cased, NFKC-normalised and without accents ("Quæro" -> "quaero")."""
    if word.isascii():
        return word.lower()
    text = unicodedata.normalize("NFKC", word).casefold().translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


class FoldFilter(Filter):
    """Lower-cases and folds each token with :func:`fold`."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - Whoosh's filter protocol
        for t in tokens:
            t.text = fold(t.text)
            yield t


def stemming_analyzer() -> CompositeAnalyzer:
    """Words folded, stop words dropped, English stems (titles, abstracts, notes…)."""
    return (RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | FoldFilter()
            | StopFilter(STOP_WORDS, minsize=1) | StemFilter())


def plain_analyzer() -> CompositeAnalyzer:
    """Words folded, nothing dropped or stemmed (authors, venue)."""
    return RegexTokenizer(WORD_PATTERN) | LowercaseFilter() | FoldFilter()
