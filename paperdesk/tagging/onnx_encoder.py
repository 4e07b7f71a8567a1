"""The fast encoder: the bundled model as int8 ONNX, run by ONNX Runtime.

This path imports neither torch nor sentence-transformers: the ``tokenizers`` fast
tokenizer reads the model folder's ``tokenizer.json``, ONNX Runtime runs the transformer,
and numpy does the pooling the model's ``modules.json`` asks for (mean over real tokens,
then L2 normalisation). The ONNX file is made once by
:func:`paperdesk.tagging.onnx_export.export_onnx` into the user cache folder.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from paperdesk.tagging.encoder import DIM
from paperdesk.tagging.model import (
    EXPORT_VERSION,
    MODEL_NAME,
    WEIGHTS_SHA256,
    ModelError,
    cached_onnx_path,
    check_pooling,
    file_sha256,
    import_onnxruntime,
    max_seq_length,
    meta_path,
    model_dir,
    onnx_model_path,
)

T = TypeVar("T")
R = TypeVar("R")

__all__ = [
    "OnnxEncoder", "load_onnx_encoder", "meta_path", "onnx_model_path", "pool", "read_meta",
]

@cache
def _onnx_file_ok(path: Path, size: int, mtime_ns: int, expected: str) -> bool:
    return file_sha256(path) == expected


def read_meta(onnx_path: Path) -> dict[str, Any] | None:
    """The sidecar of a usable export, or None when it is missing, stale or damaged."""
    try:
        meta = json.loads(meta_path(onnx_path).read_text(encoding="utf-8"))
        st = onnx_path.stat()
    except (OSError, ValueError):
        return None
    if meta.get("export_version") != EXPORT_VERSION or meta.get("source_sha256") != WEIGHTS_SHA256:
        return None
    if not _onnx_file_ok(onnx_path, st.st_size, st.st_mtime_ns, meta.get("onnx_sha256", "")):
        return None
    return meta


class OnnxEncoder:
    """The bundled model as int8 ONNX; vectors match :class:`TorchEncoder` to cosine ~0.99."""

    model_id = f"{MODEL_NAME}/onnx-int8"

    def __init__(self, path: Path, threads: int | None = None) -> None:
        """Open an exported model.

        Args:
            path: the ``.onnx`` file made by ``export_onnx``.
            threads: texts run at once, each on one core (1 in the GUI); None: one per
                core. One text per core beats one text on every core: a text of ~200
                tokens is too small to split, and cores that wait for each other spin
                (on a busy machine ONNX Runtime's spinning took ~45% more CPU per paper).
        """
        from tokenizers import Tokenizer

        ort = import_onnxruntime()

        folder = model_dir(weights=False)  # (the weights matter for exporting only)
        check_pooling(folder)
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_seq_length(folder))
        options = ort.SessionOptions()
        self.workers = max(1, threads or os.cpu_count() or 1)
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(
                str(path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ModelError(f"Cannot open the ONNX tagging model {path}: {exc}") from exc
        self.input_names = {i.name for i in self.session.get_inputs()}
        self._executor: ThreadPoolExecutor | None = None

    def encode(self, texts: list[str], batch_size: int = 64) -> np.ndarray:
        """Embed ``texts``, each alone: mean pooling over its tokens, L2 normalisation.

        Every text runs by itself, never padded into a batch: the int8 model quantises
        activations with one scale per run, so a text's vector would otherwise depend on
        the texts beside it (a resumed tagging run got different suggestions).
        ``batch_size`` is accepted for the :class:`Encoder` protocol and ignored.
        """
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(texts)
        for row, tokens in enumerate(self.map(lambda e: self._tokens(e.ids), encodings)):
            out[row] = pool(tokens)
        return out

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """``fn`` over ``items`` in order, :attr:`workers` at a time (ONNX Runtime runs
        release the GIL; the session and tokenizer are safe to share between threads).
        All begin at once; the iterator's ``close()`` drops those not begun yet."""
        if self.workers == 1 or len(items) < 2:
            return map(fn, items)
        return _Running([self._pool().submit(fn, item) for item in items])

    def _pool(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="onnx")
        return self._executor

    def encode_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The contextual vectors of ``text``'s tokens and their character offsets.

        Returns:
            ``(tokens, offsets)``: a ``(T, DIM)`` float32 array (special tokens included,
            truncated as the model truncates) and a ``(T, 2)`` int array of ``(start,
            end)`` character offsets into ``text`` (``(0, 0)`` for special tokens).
            ``pool(tokens)`` is ``encode([text])[0]``.
        """
        encoding = self.tokenizer.encode(text)
        return self._tokens(encoding.ids), np.asarray(encoding.offsets, dtype=np.int64)

    def encode_phrases(self, phrases: Sequence[str]) -> np.ndarray:
        """Embed one paper's candidate phrases, each alone (out of the paper's context).

        Phrases of the same length in tokens run together, one run per length, so there
        is no padding (the export has no attention mask). The int8 model quantises each
        run with one scale, so a phrase's vector depends a little on the phrases it runs
        with: those are the same paper's, so a paper's keyphrases depend on the paper
        alone, and these vectors are never cached across papers.

        Returns:
            A ``(len(phrases), DIM)`` float32 array of unit rows.
        """
        out = np.zeros((len(phrases), DIM), dtype=np.float32)
        encodings = self.tokenizer.encode_batch(list(phrases))
        by_length: dict[int, list[int]] = {}
        for row, encoding in enumerate(encodings):
            by_length.setdefault(len(encoding.ids), []).append(row)
        for rows in by_length.values():
            ids = np.asarray([encodings[r].ids for r in rows], dtype=np.int64)
            tokens = np.asarray(self.session.run(None, {"input_ids": ids})[0], dtype=np.float32)
            pooled = tokens.mean(axis=1)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out

    def _tokens(self, ids: list[int]) -> np.ndarray:
        input_ids = np.asarray([ids], dtype=np.int64)
        # (the export's only input: see onnx_export; older exports are never opened)
        return np.asarray(self.session.run(None, {"input_ids": input_ids})[0][0],
                          dtype=np.float32)


class _Running(Iterator[R]):
    """Results of work handed to a thread pool, in order; ``close()`` cancels the rest."""

    def __init__(self, futures: list[Future[R]]) -> None:
        self._futures = futures
        self._next = 0

    def __next__(self) -> R:
        if self._next >= len(self._futures):
            raise StopIteration
        self._next += 1
        return self._futures[self._next - 1].result()

    def close(self) -> None:
        """Cancel the work not begun yet."""
        for future in self._futures[self._next:]:
            future.cancel()


def pool(tokens: np.ndarray) -> np.ndarray:
    """Mean of token vectors, L2-normalised (the model's pooling and normalisation)."""
    pooled = tokens.mean(axis=0)
    return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)


def load_onnx_encoder(threads: int | None = None, export: bool = True) -> OnnxEncoder:
    """The int8 encoder, exporting it first (once, ~10-20 s, needs torch) when missing.

    Raises:
        ModelError: no usable export and exporting is off or fails its check.
    """
    path = onnx_model_path()
    if read_meta(path) is None and path != cached_onnx_path():  # a damaged shipped export
        path = cached_onnx_path()
    from paperdesk.tagging.onnx_export import remove_abandoned_exports

    if path.parent.is_dir():
        remove_abandoned_exports(path.parent)  # left by an export killed midway
    if read_meta(path) is None:
        if not export:
            raise ModelError(f"No exported ONNX tagging model at {path}")
        from paperdesk.tagging.onnx_export import export_onnx

        export_onnx(path)
    return OnnxEncoder(path, threads)
