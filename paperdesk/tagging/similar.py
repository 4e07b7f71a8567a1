"""Similar papers from paper vectors, and the keyphrases that explain a match.

:class:`SimilarIndex` holds every paper's unit vector in one float32 matrix; a query is
one matrix-vector product. For all-MiniLM-L6-v2, a cosine of about 0.5 or more means
the papers are on a related topic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from paperdesk.tagging.cache import PhraseCache
from paperdesk.tagging.encoder import Encoder
from paperdesk.tagging.keyphrases import is_near_duplicate, word_set

THRESHOLD = 0.5


class SimilarIndex:
    """Paper vectors by id, for nearest-neighbour queries."""

    def __init__(self, ids: Sequence[int] | np.ndarray, matrix: np.ndarray) -> None:
        """Index ``matrix`` (one row per id; rows are normalised, zero rows never match)."""
        self.ids = np.asarray(ids)
        matrix = np.asarray(matrix, dtype=np.float32)
        if matrix.ndim != 2 or len(matrix) != len(self.ids):
            raise ValueError(f"need one row per id: {matrix.shape} for {len(self.ids)} ids")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.where(norms > 0, norms, 1.0)
        self.rows = {int(pid): row for row, pid in enumerate(self.ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, paper_id: object) -> bool:
        return paper_id in self.rows

    def top_k(
        self, paper_id: int, k: int = 10, threshold: float = THRESHOLD
    ) -> list[tuple[int, float]]:
        """The ``k`` papers most similar to ``paper_id`` with cosine >= ``threshold``.

        Raises:
            KeyError: ``paper_id`` is not in the index.
        """
        row = self.rows[int(paper_id)]
        return self.top_k_vector(self.matrix[row], k, threshold, exclude=row)

    def top_k_vector(
        self,
        vector: np.ndarray,
        k: int = 10,
        threshold: float = THRESHOLD,
        exclude: int | None = None,
    ) -> list[tuple[int, float]]:
        """The ``k`` papers most similar to a unit ``vector`` (e.g. of an unsaved paper)."""
        if k <= 0 or not len(self.ids):
            return []
        scores = self.matrix @ np.asarray(vector, dtype=np.float32)
        if exclude is not None:
            scores[exclude] = -np.inf
        k = min(k, len(scores))
        best = np.argpartition(-scores, k - 1)[:k]
        best = best[np.argsort(-scores[best], kind="stable")]
        return [(self.ids[i].item(), float(scores[i])) for i in best if scores[i] >= threshold]


class Reason(NamedTuple):
    """Two keyphrases, one of each paper, and how close they are (1.0: the same)."""

    a: str
    b: str
    score: float


def why(
    tags_a: Sequence[str],
    tags_b: Sequence[str],
    vectors: PhraseCache | Mapping[str, np.ndarray] | None = None,
    encoder: Encoder | None = None,
    n: int = 3,
    min_score: float = THRESHOLD,
) -> list[Reason]:
    """Why two papers are alike: the keyphrases they share, then the closest pairs.

    Shared means the same words up to plurals, or one phrase's words inside the other's
    ("language model" / "large language models"). Other pairs are ranked by the cosine of
    their phrase vectors, looked up in ``vectors`` (the phrase cache) and, with an
    ``encoder``, embedded when missing. Each phrase is used at most once.

    Returns:
        Up to ``n`` reasons, best first; shared phrases score 1.0.
    """
    reasons: list[Reason] = []
    used_a: set[str] = set()
    used_b: set[str] = set()
    pairs = sorted(
        ((a, b) for a in tags_a for b in tags_b if is_near_duplicate(a, b)),
        key=lambda ab: word_set(ab[0]) != word_set(ab[1]),  # same words first
    )
    for a, b in pairs:
        if a not in used_a and b not in used_b:
            reasons.append(Reason(a, b, 1.0))
            used_a.add(a)
            used_b.add(b)
    rest_a = [a for a in tags_a if a not in used_a]
    rest_b = [b for b in tags_b if b not in used_b]
    if len(reasons) < n and rest_a and rest_b and (vectors is not None or encoder is not None):
        table = _phrase_vectors([*rest_a, *rest_b], vectors, encoder)
        scored = sorted(
            (
                (float(table[a] @ table[b]), a, b)
                for a in rest_a
                for b in rest_b
                if a in table and b in table
            ),
            reverse=True,
        )
        for score, a, b in scored:
            if score >= min_score and a not in used_a and b not in used_b:
                reasons.append(Reason(a, b, round(score, 4)))
                used_a.add(a)
                used_b.add(b)
    return reasons[:n]


def _phrase_vectors(
    phrases: list[str],
    vectors: PhraseCache | Mapping[str, np.ndarray] | None,
    encoder: Encoder | None,
) -> dict[str, np.ndarray]:
    if vectors is None:
        found: dict[str, np.ndarray] = {}
    elif isinstance(vectors, Mapping):
        found = {p: vectors[p] for p in phrases if p in vectors}
    else:
        found = vectors.get_many(phrases)
    missing = [p for p in dict.fromkeys(phrases) if p not in found]
    if missing and encoder is not None:
        fresh = dict(zip(missing, encoder.encode(missing), strict=True))
        if vectors is not None and not isinstance(vectors, Mapping):
            vectors.put_many(fresh)
        found.update(fresh)
    return found
