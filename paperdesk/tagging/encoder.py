"""Sentence encoders: text in, float32 L2-normalised vectors out.

Two backends implement :class:`Encoder`: :class:`TorchEncoder` (sentence-transformers on
CPU torch, fp32) here, and ``OnnxEncoder`` (int8 ONNX Runtime) in
:mod:`paperdesk.tagging.onnx_encoder`. Both give vectors of the same model, so tags and
similarities agree between them up to quantisation noise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from paperdesk.tagging.model import MODEL_NAME, load_sentence_transformer

if TYPE_CHECKING:
    import numpy as np

DIM = 384


class Encoder(Protocol):
    """Turns texts into unit vectors of :data:`DIM` float32 values."""

    #: Identifies the vectors (model and backend) in the phrase cache.
    model_id: str

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed ``texts``; returns a ``(len(texts), DIM)`` float32 array of unit rows."""
        ...


class TorchEncoder:
    """The bundled model run by sentence-transformers on CPU torch (fp32 reference)."""

    model_id = f"{MODEL_NAME}/torch-fp32"

    def __init__(self, threads: int | None = None) -> None:
        """Load the verified model (imports torch: slow, ~5 s).

        Args:
            threads: torch threads (process-wide); None keeps torch's default.
        """
        self.model = load_sentence_transformer(threads)

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed ``texts`` with mean pooling and L2 normalisation (the model's own modules)."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Contextual token vectors of ``text`` and their character offsets (see
        ``OnnxEncoder.encode_tokens``; special tokens have offsets ``(0, 0)``)."""
        import numpy as np

        tokens = self.model.encode(text, output_value="token_embeddings",
                                   convert_to_numpy=True, show_progress_bar=False)
        offsets = self.model.tokenizer(
            text, return_offsets_mapping=True, truncation=True,
            max_length=self.model.max_seq_length)["offset_mapping"]
        return np.asarray(tokens, dtype=np.float32), np.asarray(offsets, dtype=np.int64)
