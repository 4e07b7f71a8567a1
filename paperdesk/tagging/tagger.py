"""The tagger: keyphrase tags and a paper vector for many papers in batched passes.

Papers are processed in chunks (a few hundred). For each chunk the candidate phrases of
all its papers form one vocabulary; phrases not in the cache are embedded once, each
paper's title and abstract are embedded once, and every candidate is ranked by cosine
similarity with its paper's vector (KeyBERT's ranking, with better candidates).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.tagging.cache import MemoryPhraseCache, PhraseCache
from paperdesk.tagging.encoder import DIM, Encoder
from paperdesk.tagging.keyphrases import candidates, choose
from paperdesk.tagging.model import ModelError, ml_unavailable_reason, onnx_model_path
from paperdesk.tagging.vectors import as_stored

log = logging.getLogger(__name__)

TOP_N = 5
CHUNK_SIZE = 256
#: The first chunk is small, so the first tags show up within a second or two.
FIRST_CHUNK = 32
#: How many best candidates a :class:`TagResult` keeps (before duplicates are dropped).
KEEP_CANDIDATES = 12
PHRASE_BATCH = 256
DOC_BATCH = 32

Doc = tuple[str, str]


@dataclass
class TagResult:
    """Tags of one paper and its vector.

    Attributes:
        tags: (tag, score) best first; score is the cosine of tag and paper, about 0.3-0.8.
        embedding: the paper's vector (title and abstract), float32, unit length;
            all zeros for a paper with neither title nor abstract.
        candidates: the best :data:`KEEP_CANDIDATES` candidate phrases with scores,
            near-duplicates included (for "why" and for more suggestions).
    """

    tags: list[tuple[str, float]]
    embedding: np.ndarray
    candidates: list[tuple[str, float]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """The tags without scores."""
        return [t for t, _ in self.tags]


def doc_text(title: str, abstract: str) -> str:
    """The text a paper's vector is computed from: title, then abstract."""
    title, abstract = title.strip(), abstract.strip()
    if title and abstract:
        sep = " " if title[-1] in ".?!" else ". "
        return f"{title}{sep}{abstract}"
    return title or abstract


class Tagger:
    """Tags papers with one :class:`Encoder` (see :func:`get_tagger`)."""

    def __init__(self, encoder: Encoder, chunk_size: int = CHUNK_SIZE) -> None:
        self.encoder = encoder
        self.chunk_size = chunk_size

    @property
    def model_id(self) -> str:
        """Model and backend of the vectors (the phrase cache's ``model`` column)."""
        return self.encoder.model_id

    def embed(self, docs: Sequence[Doc]) -> np.ndarray:
        """Paper vectors only, ``(len(docs), DIM)`` float32 unit rows (zeros for empty docs)."""
        texts = [doc_text(t, a) for t, a in docs]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        filled = [i for i, text in enumerate(texts) if text]
        if filled:
            out[filled] = self.encoder.encode([texts[i] for i in filled], batch_size=DOC_BATCH)
        return out

    def tag(
        self,
        docs: Sequence[Doc],
        top_n: int = TOP_N,
        cache: PhraseCache | None = None,
        progress: Progress | None = None,
    ) -> list[TagResult]:
        """Tag papers; see :meth:`iter_tag`. Cancelling loses the results (not the cache)."""
        return list(chain.from_iterable(self.iter_tag(docs, top_n, cache, progress)))

    def iter_tag(
        self,
        docs: Sequence[Doc],
        top_n: int = TOP_N,
        cache: PhraseCache | None = None,
        progress: Progress | None = None,
    ) -> Iterator[list[TagResult]]:
        """Tag papers chunk by chunk, yielding each chunk's results as it is done.

        Args:
            docs: (title, abstract) pairs; "" abstract: tagged from the title.
            top_n: tags per paper.
            cache: phrase vectors to reuse and fill; None: a cache for this run only.
            progress: gets start / advance (per chunk) / finish.

        Yields:
            Lists of :class:`TagResult`, in the order of ``docs``.

        Raises:
            Cancelled: between chunks, once ``progress.cancelled`` is true; the chunks
                already yielded (and their phrase vectors in ``cache``) are kept.
        """
        progress = progress or NullProgress()
        cache = cache if cache is not None else MemoryPhraseCache()
        progress.start(len(docs), "Tagging papers")
        try:
            start = 0
            while start < len(docs):
                check_cancelled(progress)
                size = self.chunk_size if start else min(FIRST_CHUNK, self.chunk_size)
                chunk = docs[start : start + size]
                yield self._tag_chunk(chunk, top_n, cache)
                progress.advance(len(chunk))
                start += size
        finally:
            progress.finish()

    def _tag_chunk(self, docs: Sequence[Doc], top_n: int, cache: PhraseCache) -> list[TagResult]:
        per_doc = [candidates(title, abstract) for title, abstract in docs]
        vocab = list(dict.fromkeys(chain.from_iterable(per_doc)))
        vectors = self._phrase_vectors(vocab, cache)
        index = {p: i for i, p in enumerate(vocab)}
        doc_vectors = self.embed(docs)
        results = []
        for phrases, doc_vector in zip(per_doc, doc_vectors, strict=True):
            if not phrases:
                results.append(TagResult([], doc_vector))
                continue
            scores = vectors[[index[p] for p in phrases]] @ doc_vector
            order = np.argsort(-scores, kind="stable")
            ranked = [(phrases[i], round(float(scores[i]), 4)) for i in order]
            results.append(TagResult(choose(ranked, top_n), doc_vector, ranked[:KEEP_CANDIDATES]))
        return results

    def _phrase_vectors(self, vocab: list[str], cache: PhraseCache) -> np.ndarray:
        """A ``(len(vocab), DIM)`` matrix of phrase vectors, embedding only new phrases."""
        found = cache.get_many(vocab)
        missing = [p for p in vocab if p not in found]
        if missing:
            fresh = as_stored(self.encoder.encode(missing, batch_size=PHRASE_BATCH))
            new = dict(zip(missing, fresh, strict=True))
            cache.put_many(new)
            found.update(new)
        matrix = np.empty((len(vocab), DIM), dtype=np.float32)
        for i, phrase in enumerate(vocab):
            matrix[i] = found[phrase]
        return matrix


_lock = threading.Lock()
_taggers: dict[tuple[str, int | None, str], Tagger] = {}


def get_tagger(backend: str = "auto", threads: int | None = None) -> Tagger:
    """The shared tagger, loading the model on first use (later calls are instant).

    Args:
        backend: "onnx" (int8, fast; exported once into the cache folder), "torch"
            (fp32 sentence-transformers, slow) or "auto" (ONNX, else torch).
        threads: inference threads; 1 in the GUI, None (every core) in the CLI.

    Raises:
        ModelError: tagging cannot run (packages missing, model damaged).
    """
    key = (backend, threads, str(onnx_model_path()))
    with _lock:
        if key not in _taggers:
            _taggers[key] = Tagger(_load_encoder(backend, threads))
        return _taggers[key]


def _load_encoder(backend: str, threads: int | None) -> Encoder:
    if backend not in ("auto", "onnx", "torch"):
        raise ValueError(f"unknown tagging backend {backend!r}")
    reason = ml_unavailable_reason(backend)
    if reason:
        raise ModelError(reason)
    if backend in ("auto", "onnx") and ml_unavailable_reason("onnx") is None:
        from paperdesk.tagging.onnx_encoder import load_onnx_encoder

        try:
            return load_onnx_encoder(threads)
        except ModelError as exc:
            if backend == "onnx":
                raise
            log.warning("%s", exc)
        except Exception:  # a failed export must not stop tagging: torch still works
            if backend == "onnx":
                raise
            log.exception("ONNX export failed; tagging with the torch model")
    from paperdesk.tagging.encoder import TorchEncoder

    return TorchEncoder(threads)
