"""Best match: BM25F and MiniLM sentence vectors, fused.

The query is embedded on the fly (the tagger's encoder, cached per query text); paper
vectors are the ones tagging stores in the library. Both lists of candidates are
scored on both sides (every candidate's cosine comes from the one matrix-vector product;
a paper outside the lexical candidates counts 0 there), each side is scaled to [0, 1]
over the candidates and the two are mixed with :data:`ALPHA` (a convex combination, see
Bruch et al., 2023). Semantic candidates are the nearest papers; those below
:data:`LISTED` are left out, those found by meaning alone are listed from
:func:`listed_cosine` on, and :data:`SIMILAR` and above are called "similar meaning".
The query's filters (fields, phrases, ``-word``) still decide which papers may appear.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

#: weight of the semantic side in the fused score (lexical: 1 - ALPHA); chosen on the
#: odd-numbered half of CISI's queries among 0.5-0.9 (see benchmarks/search.py)
ALPHA = 0.8
#: cosine from which a paper is said to have a "similar meaning"
SIMILAR = 0.3
#: cosine below which a paper is not a semantic candidate (unrelated): candidates set the
#: scale of the fused scores
LISTED = 0.15
#: a paper found by meaning alone (none of the query's words) is listed when its cosine
#: stands out: at least :data:`SIMILAR`, and this many standard deviations above the
#: query's mean cosine with the library's papers ("attention" has a cosine of 0.15 or
#: more with 2,347 of 2,977 ACL papers, 155 of which hold the word; "asdfgh qwerty" with
#: 391)
OUTLIER = 1.5
#: candidates taken from each side beyond the ones asked for
CANDIDATES = 100


@dataclass
class Fused:
    """One Best-match result: fused score, and each side's share of the explanation."""

    paper_id: int
    score: float
    lexical: float
    cosine: float


class QueryVectors:
    """Query embeddings with a small cache (typing a query re-asks the same texts)."""

    def __init__(self, encode: Callable[[list[str]], np.ndarray], size: int = 256) -> None:
        self._encode = encode
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.size = size

    def __call__(self, text: str) -> np.ndarray:
        """The unit vector of ``text``."""
        with self._lock:
            if text in self._cache:
                self._cache.move_to_end(text)
                return self._cache[text]
        vector = np.asarray(self._encode([text])[0], dtype=np.float32)
        with self._lock:
            self._cache[text] = vector
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return vector


def dense_top(matrix: np.ndarray, query: np.ndarray, k: int,
              allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """All cosines (one product over the matrix) and the rows of the ``k`` best allowed."""
    scores = matrix @ query
    masked = scores if allowed is None else np.where(allowed, scores, -np.inf)
    k = min(k, len(masked))
    if k <= 0:
        return scores, np.zeros(0, dtype=np.int64)
    best = np.argpartition(-masked, k - 1)[:k]
    best = best[np.isfinite(masked[best])]
    return scores, best[np.argsort(-masked[best], kind="stable")]


def listed_cosine(scores: np.ndarray) -> float:
    """The cosine from which a paper that holds none of the query's words is listed, given
    the query's cosines with the papers that may be listed (see :data:`OUTLIER`)."""
    if not scores.size:
        return SIMILAR
    return max(SIMILAR, float(scores.mean() + OUTLIER * scores.std()))


def _lowest(values: Iterable[float], depth: int | None, default: float = 0.0) -> float:
    """The lowest of the best ``depth`` of ``values`` (all of them when None)."""
    ranked = sorted(values, reverse=True)
    if depth is not None:
        ranked = ranked[:depth]
    return ranked[-1] if ranked else default


def fuse(lexical: Sequence[tuple[int, float]], dense: Sequence[tuple[int, float]],
         cosine_of: Callable[[int], float | None], alpha: float | None = None,
         method: str = "minmax", depth: int | None = None) -> list[Fused]:
    """Fuse BM25F pairs and cosine pairs; ``cosine_of`` gives a lexical hit's cosine
    (None: the paper has no vector yet).

    ``method``: "minmax" (default: each side scaled to [0, 1] over its candidates, the
    last lexical candidate at 0 like a paper past the cut, so neither side dominates by
    its units), "tm2c2" (BM25F scaled by its best, cosines as they
    are) or "rrf" (reciprocal ranks, k = 60).

    ``depth``: "minmax" scales each side over its best ``depth`` candidates only (those
    below score 0 on that side), so a paper's score and rank do not depend on how many
    candidates were fetched: the top 5 are those of the top 100.
    """
    alpha = ALPHA if alpha is None else alpha
    lex = dict(lexical)
    cos: dict[int, float] = dict(dense)
    for pid in lex:
        if pid not in cos:
            value = cosine_of(pid)
            if value is not None:
                cos[pid] = value
    ids = list(dict.fromkeys([*lex, *cos]))
    if method == "rrf":
        lex_rank = {pid: r for r, (pid, _) in enumerate(sorted(lex.items(), key=lambda x: -x[1]))}
        cos_rank = {pid: r for r, (pid, _) in enumerate(sorted(cos.items(), key=lambda x: -x[1]))}
        scores = {pid: (1 / (61 + lex_rank[pid]) if pid in lex_rank else 0.0)
                  + (1 / (61 + cos_rank[pid]) if pid in cos_rank else 0.0) for pid in ids}
    else:
        minmax = method == "minmax"
        lex_hi = max(lex.values(), default=0.0)
        # (the best ``depth`` lexical candidates, sorted once: their lowest score and cosine)
        best_lex = sorted(lex, key=lex.__getitem__, reverse=True)[:depth] if minmax else []
        lex_lo = lex[best_lex[-1]] if best_lex else 0.0
        lex_span = lex_hi - lex_lo
        lo = min(_lowest([c for _, c in dense], depth, 1.0),
                 min((cos[p] for p in best_lex if p in cos), default=1.0)) \
            if minmax and cos else 0.0
        hi = max(cos.values(), default=1.0) if minmax else 1.0
        span = (hi - lo) or 1.0
        scores = {}
        for pid in ids:
            if pid not in lex:
                lexical_part = 0.0
            else:  # one candidate (or all alike): full marks
                lexical_part = max(lex[pid] - lex_lo, 0.0) / lex_span if lex_span > 0 else 1.0
            c = cos.get(pid)
            # a paper without a vector yet is judged on its words alone
            dense_part = max(c - lo, 0.0) / span if c is not None else lexical_part
            scores[pid] = alpha * dense_part + (1 - alpha) * lexical_part
    out = [Fused(pid, round(scores[pid], 4), lex.get(pid, 0.0), cos.get(pid, 0.0))
           for pid in ids]
    out.sort(key=lambda f: -f.score)
    return out
