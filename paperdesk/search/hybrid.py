"""Best match: BM25F and MiniLM sentence vectors, fused.

The query is embedded on the fly (the tagger's encoder, cached per query text); paper
vectors are the ones tagging stores in the library. Both lists of candidates are
scored on both sides (every candidate's cosine comes from the one matrix-vector product;
a paper outside the lexical candidates counts 0 there), BM25F is scaled to [0, 1] by the
best candidate and the cosine taken as it is (its theoretical range; a weak semantic
match is not blown up to 1), and the two are mixed with :data:`ALPHA` (the "TM2C2"
convex combination of Bruch et al., 2023). The query's filters
(fields, phrases, ``-word``) still decide which papers may appear.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: weight of the semantic side in the fused score (lexical: 1 - ALPHA)
ALPHA = 0.5
#: cosine from which a paper found only by meaning is listed, and called "similar meaning"
SIMILAR = 0.3
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


def fuse(lexical: Sequence[tuple[int, float]], dense: Sequence[tuple[int, float]],
         cosine_of: Callable[[int], float | None], alpha: float = ALPHA) -> list[Fused]:
    """Fuse BM25F pairs and cosine pairs; ``cosine_of`` gives a lexical hit's cosine
    (None: the paper has no vector yet)."""
    lex = dict(lexical)
    cos: dict[int, float] = dict(dense)
    for pid in lex:
        if pid not in cos:
            value = cosine_of(pid)
            if value is not None:
                cos[pid] = value
    lex_max = max(lex.values(), default=0.0) or 1.0
    out = []
    for pid in dict.fromkeys([*lex, *cos]):
        lexical_part = lex.get(pid, 0.0) / lex_max
        c = cos.get(pid)
        # a paper without a vector yet is judged on its words alone
        dense_part = max(c, 0.0) if c is not None else lexical_part
        out.append(Fused(pid, round(alpha * dense_part + (1 - alpha) * lexical_part, 4),
                         lex.get(pid, 0.0), c if c is not None else 0.0))
    out.sort(key=lambda f: -f.score)
    return out
