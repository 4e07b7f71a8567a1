"""A fake sentence encoder for tagging tests: bag-of-words vectors (texts sharing words are
close), so the real tagging pipeline runs without the model."""

from __future__ import annotations


class FakeEncoder:
    """Bag-of-words vectors: texts sharing words are close (no model needed)."""

    model_id = "fake/bow"

    def encode(self, texts, batch_size=64):  # noqa: ANN001, ANN201
        import zlib

        import numpy as np

        from paperdesk.tagging.encoder import DIM

        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row] += np.random.default_rng(zlib.crc32(word.encode())).standard_normal(DIM)
            out[row] /= np.linalg.norm(out[row]) or 1.0
        return out


def use_fake_tagger(monkeypatch):  # noqa: ANN001, ANN201
    """Make ``get_tagger`` return a tagger over :class:`FakeEncoder`; returns it."""
    from paperdesk.tagging import tagger as tagger_module

    fake = tagger_module.Tagger(FakeEncoder())
    # the package first: its lazy attribute would otherwise cache the patched function
    monkeypatch.setattr("paperdesk.tagging.get_tagger", lambda **kw: fake)
    monkeypatch.setattr(tagger_module, "get_tagger", lambda **kw: fake)
    return fake
