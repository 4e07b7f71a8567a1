"""Coordination: papers that match more of the query's words rank above those matching fewer.

Each plain word of a query is wrapped in :class:`Counted`, which adds :data:`BONUS` to
the score of every paper it matches. The words are OR-ed, so a paper's score is
``BONUS * words matched + BM25F``: all words first, then most words, BM25F within.
Upper bounds include the bonus, so pruning stays exact.
"""

from __future__ import annotations

import math

from whoosh.matching.wrappers import WrappingMatcher
from whoosh.query import Query
from whoosh.query.wrappers import WrappingQuery

#: Larger than any BM25F sum of a query's words over every field.
BONUS = 10_000.0


class _CountedMatcher(WrappingMatcher):
    def __init__(self, child, boost: float = 1.0) -> None:  # noqa: ANN001
        super().__init__(child, boost)

    def _replacement(self, newchild):  # noqa: ANN001, ANN202
        return _CountedMatcher(newchild)

    def replace(self, minquality: float = 0):  # noqa: ANN201
        # the child is worth BONUS more than its own quality: ask it for less
        r = self.child.replace(max(0.0, minquality - BONUS))
        return self if r is self.child else _CountedMatcher(r)

    def copy(self):  # noqa: ANN202
        return _CountedMatcher(self.child.copy())

    def supports_block_quality(self) -> bool:
        # Whoosh's AndMaybe and Union matchers skip one side's blocks by quality on their
        # own and then miss matches; with the bonus every block looks alike anyway.
        # replace() still prunes: once the top hits match n words, a union turns into the
        # intersection it must be.
        return False

    def skip_to_quality(self, minquality: float):  # noqa: ANN201
        return self.child.skip_to_quality(minquality - BONUS)

    def max_quality(self) -> float:
        return self.child.max_quality() + BONUS

    def block_quality(self) -> float:
        return self.child.block_quality() + BONUS

    def weight(self) -> float:
        return self.child.weight() + BONUS

    def score(self) -> float:
        return self.child.score() + BONUS


class Counted(WrappingQuery):
    """``child``, scoring :data:`BONUS` more on every match."""

    def matcher(self, searcher, context=None):  # noqa: ANN001, ANN201
        return _CountedMatcher(self.child.matcher(searcher, context))

    def normalize(self) -> Query:
        """The child normalised, still counted."""
        return Counted(self.child.normalize())


class _ExhaustiveMatcher(WrappingMatcher):
    def _replacement(self, newchild):  # noqa: ANN001, ANN202
        return _ExhaustiveMatcher(newchild)

    def replace(self, minquality: float = 0):  # noqa: ANN201
        return self

    def supports_block_quality(self) -> bool:
        return False


class Exhaustive(WrappingQuery):
    """``child`` scored on every match, without block-max pruning (Whoosh's AndMaybe
    loses matches under pruning when its optional side skips ahead on its own)."""

    def matcher(self, searcher, context=None):  # noqa: ANN001, ANN201
        return _ExhaustiveMatcher(self.child.matcher(searcher, context))

    def normalize(self) -> Query:
        """The child normalised, still exhaustive."""
        return Exhaustive(self.child.normalize())


#: a query of more plain words than this ranks by words matched, but lists every paper
#: holding one of them (a question, a pasted abstract: hardly any paper holds most words)
NEEDED_MAX_WORDS = 6
#: … one of fewer words lists the papers holding this share of them, at least
NEEDED_SHARE = 0.6


def words_needed(words: int) -> int:
    """How many of a query's ``words`` plain words a paper must hold to be listed: all of
    one or two ("neural parsing"), 60% of three to six ("reinforcement learning for
    dialogue systems": 3 of 4, not the 398 of 454 papers holding one of them), 0 (any)
    for longer queries. A search lists fewer when no paper holds that many (a typo)."""
    if words < 2 or words > NEEDED_MAX_WORDS:
        return 0  # (one word: every paper listed holds it)
    return words if words == 2 else math.ceil(NEEDED_SHARE * words)


def split_score(raw: float) -> tuple[int, float]:
    """(words matched, BM25F part) of a coordinated score."""
    words = int(raw // BONUS)
    return words, raw - words * BONUS


def display_score(raw: float) -> float:
    """A score that orders like ``raw`` and reads well: words matched plus a fraction,
    ``3.87`` = three words, BM25F 0.87 of the way to saturation."""
    words, rest = split_score(raw)
    return round(words + rest / (rest + 10.0), 4)
