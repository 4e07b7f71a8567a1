"""Embedding vectors as bytes, for SQLite BLOB columns.

Format: the vector's values as little-endian IEEE float16, nothing else (384 values ->
768 bytes). float16 keeps cosines to about 1e-3, halves the size of float32, and
:func:`from_blob` gives float32 back for arithmetic.
"""

from __future__ import annotations

import numpy as np

BLOB_DTYPE = np.dtype("<f2")


def to_blob(vector: np.ndarray) -> bytes:
    """A 1-D vector as float16 little-endian bytes."""
    return np.asarray(vector, dtype=BLOB_DTYPE).reshape(-1).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """The float32 vector of :func:`to_blob`'s bytes (a fresh, writable array)."""
    return np.frombuffer(blob, dtype=BLOB_DTYPE).astype(np.float32)


def as_stored(vectors: np.ndarray) -> np.ndarray:
    """``vectors`` rounded exactly as a blob round trip rounds them (float32 result).

    The tagger rounds new phrase vectors this way, so tags are the same whether a
    phrase's vector came from the cache or was just computed.
    """
    return np.asarray(vectors, dtype=BLOB_DTYPE).astype(np.float32)
