"""How text becomes index terms: words, folding, stop words, stems.

The same analyzers read documents and queries, so whatever is folded here matches
either way round: compatibility characters and ligatures (NFKC: "ﬁ" -> "fi", full-width
letters), accents ("Müller" -> "muller") and the letters Unicode does not decompose
("Quæro" -> "quaero", "Łukasz" -> "lukasz", "Straße" -> "strasse").
"""

from __future__ import annotations

import re
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
from whoosh.analysis.acore import Token
from whoosh.analysis.analyzers import CompositeAnalyzer

from paperdesk.search.spelling import american

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


#: German umlauts as they are typed without them ("Mueller" for "Müller")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})
_UMLAUT_RE = re.compile("[äöüÄÖÜ]")


class WordTokenizer(RegexTokenizer):
    """Words as :data:`WORD_PATTERN` finds them. In a document (not in a query), a word
    made of parts joined by hyphens ("pre-training", "head-corner") is also indexed
    written as one ("pretraining", at its first part's position): a query typed without
    the hyphens finds it, as the same query with them does. A word with a German umlaut
    is also indexed as it is typed without one ("Muehlenbock"; folding gives
    "Muhlenbock")."""

    def __init__(self) -> None:
        super().__init__(WORD_PATTERN)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,  # noqa: ANN001, ANN204, PLR0913 - Whoosh's tokenizer protocol
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        if not tokenize or mode == "query" or ("-" not in value
                                               and not _UMLAUT_RE.search(value)):
            yield from super().__call__(value, positions, chars, keeporiginal, removestops,
                                        start_pos, start_char, tokenize, mode, **kwargs)
            return
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        parts: list[str] = []
        first_pos = first_char = 0
        prev_end = -2
        for pos, match in enumerate(self.expression.finditer(value), start_pos):
            start, end = match.span()
            if parts and not (start == prev_end + 1 and value[prev_end] == "-"):
                if len(parts) > 1:
                    yield _set(t, "".join(parts), first_pos, first_char, prev_end, start_char,
                               keeporiginal, joined=True)
                parts = []
            if not parts:
                first_pos, first_char = pos, start
            parts.append(match.group(0))
            yield _set(t, match.group(0), pos, start, end, start_char, keeporiginal)
            if _UMLAUT_RE.search(match.group(0)):  # "Mühlenbock" typed "Muehlenbock"
                yield _set(t, match.group(0).translate(_UMLAUTS), pos, start, end, start_char,
                           keeporiginal, joined=True)
            prev_end = end
        if len(parts) > 1:
            yield _set(t, "".join(parts), first_pos, first_char, prev_end, start_char,
                       keeporiginal, joined=True)


def _set(t: Token, text: str, pos: int, start: int, end: int, offset: int,  # noqa: PLR0913
         keeporiginal: bool, joined: bool = False) -> Token:
    """The reused token ``t`` made the word ``text`` (Whoosh's tokenizers yield one token
    object, changed each time); ``joined``: a second form of a word, at its position (a
    hyphenated word's parts written as one, a word typed without its umlauts)."""
    t.text, t.boost, t.stopped, t.joined = text, 1.0, False, joined
    if keeporiginal:
        t.original = text
    if t.positions:
        t.pos = pos
    if t.chars:
        t.startchar, t.endchar = offset + start, offset + end
    return t


class _StopFilter(StopFilter):
    """Whoosh's stop filter, whose renumbering (the words left after stop words are
    dropped follow each other: "state of the art" is a phrase "state art") gives a
    joined word (see :class:`WordTokenizer`) its first part's position, not a position
    of its own that would part the words after it from those before."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - Whoosh's filter protocol
        renumbered: dict[int, int] = {}
        pos = None
        for t in tokens:
            text = t.text
            if len(text) < self.min or (self.max is not None and len(text) > self.max) \
                    or text in self.stops:
                if not t.removestops:
                    t.stopped = True
                    yield t
                continue
            t.stopped = False
            if self.renumber and t.positions:
                if getattr(t, "joined", False):
                    t.pos = renumbered.get(t.pos, t.pos if pos is None else pos)
                else:
                    pos = t.pos if pos is None else pos + 1
                    renumbered[t.pos] = pos
                    t.pos = pos
            yield t


class AmericanFilter(Filter):
    """British spellings as American ones (:func:`paperdesk.search.spelling.american`)."""

    def __call__(self, tokens):  # noqa: ANN001, ANN204 - Whoosh's filter protocol
        for t in tokens:
            t.text = american(t.text)
            yield t


def stemming_analyzer() -> CompositeAnalyzer:
    """Words folded, stop words dropped, British spellings made American, English stems
    (titles, abstracts, notes…)."""
    return (WordTokenizer() | LowercaseFilter() | FoldFilter()
            | _StopFilter(STOP_WORDS, minsize=1) | AmericanFilter() | StemFilter())


def plain_analyzer() -> CompositeAnalyzer:
    """Words folded, nothing dropped or stemmed (authors, venue)."""
    return WordTokenizer() | LowercaseFilter() | FoldFilter()
