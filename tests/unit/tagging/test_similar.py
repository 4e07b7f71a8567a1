"""Similar-paper queries and their explanations (no model)."""

from __future__ import annotations

import numpy as np
import pytest

from paperdesk.tagging.similar import Reason, SimilarIndex, why


def test_top_k_ranks_by_cosine_excludes_self_and_applies_threshold():
    matrix = np.array([[1, 0, 0], [0.9, 0.1, 0], [0.6, 0.8, 0], [0, 0, 1], [0, 0, 0]])
    index = SimilarIndex([10, 11, 12, 13, 14], matrix)
    got = index.top_k(10, k=3, threshold=0.5)
    assert [pid for pid, _ in got] == [11, 12]
    assert got[0][1] == pytest.approx(0.9 / np.hypot(0.9, 0.1), abs=1e-6)
    assert index.top_k(10, k=1, threshold=0.0)[0][0] == 11
    assert index.top_k(14, threshold=0.0)[:1] == [(10, 0.0)] or index.top_k(14) == []
    assert index.top_k(10, k=0) == []


def test_top_k_of_unknown_id_raises_and_shapes_are_checked():
    index = SimilarIndex(np.array([1]), np.ones((1, 4)))
    with pytest.raises(KeyError):
        index.top_k(2)
    with pytest.raises(ValueError):
        SimilarIndex([1, 2], np.ones((1, 4)))


def test_why_lists_shared_phrases_first():
    got = why(["3D gaussians", "rendering", "attention"], ["3D gaussian", "attention heads"])
    assert got[0] == Reason("3D gaussians", "3D gaussian", 1.0)
    assert Reason("attention", "attention heads", 1.0) in got


def test_why_uses_phrase_vectors_for_close_pairs(fake_encoder):
    vectors = {"speech recognition": np.array([1.0, 0, 0]), "asr": np.array([0.8, 0.6, 0])}
    vectors["image"] = np.array([0, 0, 1.0])
    got = why(["speech recognition", "image"], ["asr"], vectors, n=3)
    assert got == [Reason("speech recognition", "asr", 0.8)]
    assert why(["speech recognition"], ["asr"]) == []  # no vectors: only shared phrases
