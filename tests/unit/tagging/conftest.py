"""Fixtures of the tagging tests: a fake encoder, the sample papers, a shared model cache."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from paperdesk.config import resource_path

DIM = 384


class FakeEncoder:
    """Bag-of-words vectors: texts sharing words are close. Counts what it encodes."""

    model_id = "fake/bow"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                seed = zlib.crc32(word.rstrip("s").encode())
                out[row] += np.random.default_rng(seed).standard_normal(DIM)
            norm = np.linalg.norm(out[row])
            out[row] /= norm if norm else 1.0
        return out

    @property
    def encoded(self) -> list[str]:
        """Every text encoded so far."""
        return [t for call in self.calls for t in call]


@pytest.fixture
def fake_encoder() -> FakeEncoder:
    return FakeEncoder()


@pytest.fixture(scope="session")
def sample_docs() -> list[tuple[str, str]]:
    """(title, abstract) of the 98 sample papers."""
    from paperdesk.importers.trending import parse_trending

    text = resource_path("sample-library.txt").read_text(encoding="utf-8")
    docs = [(e.paper.title, e.paper.abstract) for e in parse_trending(text).entries]
    assert len(docs) == 98
    return docs


@pytest.fixture(scope="session")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole session, so the ONNX model is exported once."""
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(autouse=True)
def _model_cache_env(model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERDESK_CACHE_DIR", str(model_cache))


@pytest.fixture(scope="session")
def onnx_tagger(model_cache: Path) -> Iterator[object]:
    """The real int8 ONNX tagger (exports the model into the session cache first)."""
    from paperdesk.tagging import get_tagger

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PAPERDESK_CACHE_DIR", str(model_cache))
        yield get_tagger("onnx")


@pytest.fixture(scope="session")
def sample_results(onnx_tagger, sample_docs):
    """Real-model tags of the 98 sample papers."""
    return onnx_tagger.tag(sample_docs)
