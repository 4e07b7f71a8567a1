"""The tagger: each paper's keyphrases, topics and vector.

A paper's text (title, then abstract) runs through the model once, alone (so its results
never depend on the papers tagged with it). The mean of its token vectors is the paper's
vector. Each candidate phrase (see :mod:`paperdesk.tagging.keyphrases`) is scored by
cosine with the paper's vector, plus a little for occurring often and early, for two
words, and (keyphrases) for standing as a whole noun phrase in the text rather than as a
piece of a longer one. Keyphrases use the phrase's own vector (the paper's better
candidates by the in-context score run through the model too, apart from the text); the
topics the tag vocabulary reads use the mean of the token vectors of its occurrences, in
context (the vocabulary's rules and hand ratings were made on those). Both are picked by
maximal marginal relevance (MMR), skipping near-duplicates by stem, word subset and
vector similarity.

Encoders without token vectors (the torch reference, test fakes) fall back to KeyBERT's
way: each candidate embedded alone, through a phrase cache.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.tagging.cache import MemoryPhraseCache, PhraseCache
from paperdesk.tagging.encoder import DIM, Encoder
from paperdesk.tagging.keyphrases import (
    PREFER_SHORTER,
    Candidates,
    acronyms,
    candidate_spans,
    doc_text,
    english_part,
    is_near_duplicate,
    names_more,
    word_set,
)
from paperdesk.tagging.model import ModelError, ml_unavailable_reason, onnx_model_path
from paperdesk.tagging.vectors import as_stored

log = logging.getLogger(__name__)

__all__ = ["TagResult", "Tagger", "doc_text", "get_tagger", "select"]

#: Keyphrases per paper: at least MIN (when there are enough candidates), at most MAX.
MIN_KEYPHRASES = 5
MAX_KEYPHRASES = 10
#: Keyphrases past the fifth must score at least this share of the best one.
MORE_IF = 0.8
#: MMR's weight on relevance (1 - weight on diversity).
MMR_LAMBDA = 0.85
#: Two phrases whose vectors are closer than this are near-duplicates.
DUPLICATE_COSINE = 0.9
#: How many best candidates a :class:`TagResult` keeps (near-duplicates included).
KEEP_CANDIDATES = 20
#: Added to a candidate's cosine: this times the log of its number of occurrences ...
FREQUENCY_WEIGHT = 0.1
#: ... this times how early it first occurs (1 at the start, 0 at the end) ...
POSITION_WEIGHT = 0.3
#: ... and this for two words, the most common length of a keyphrase (and of a tag).
TWO_WORDS_WEIGHT = 0.15
#: Keyphrases (shown and searched) weigh two words this much instead, and add this times
#: the share of a candidate's occurrences that are a whole noun phrase; the topics the
#: tag vocabulary reads keep the weights above (see :class:`TagResult`).
KEYPHRASE_TWO_WORDS_WEIGHT = 0.1
WHOLE_WEIGHT = 0.1
#: ... and occurring often this much (ranked by the phrases' own vectors: F1@5 KDD 14.3 ->
#: 14.7, WWW 14.8 -> 15.3, SemEval-2017 26.0 either way; 0.2: 25.4, 14.5, 15.5)
KEYPHRASE_FREQUENCY_WEIGHT = 0.15
#: Keyphrases are ranked among this share of a paper's candidates (and at least this many),
#: the best by their in-context scores: the rest are not embedded alone. 15% less CPU per
#: ACL paper (47.7 -> 40.5 ms, one core); F1@5 SemEval-2017 26.0 -> 25.9, KDD 14.7 and
#: NUS 26.8 either way, WWW 15.3 -> 15.4 (a share of 0.5: 25.7, 14.7, 15.2, 26.9).
ALONE_SHARE = 0.6
ALONE_AT_LEAST = 20
#: A paper in another language keeps at most this many keyphrases of its English title.
ENGLISH_KEYPHRASES = 4
#: Papers per chunk: progress moves and Cancel is heard once a chunk (about 2 s in the
#: window, one core, at 30 papers/s).
CHUNK_SIZE = 64
#: The first chunk is small, so the first keyphrases show up within a second or two.
FIRST_CHUNK = 16

Doc = tuple[str, str]


@dataclass
class TagResult:
    """Keyphrases of one paper and its vector.

    Attributes:
        keyphrases: (phrase, score) best first, 5-10 of them (fewer for a short text);
            score is about 0.3-0.9, the cosine of phrase and paper.
        embedding: the paper's vector (title and abstract), float32, unit length;
            all zeros for a paper with neither title nor abstract.
        candidates: the best :data:`KEEP_CANDIDATES` candidates with scores,
            near-duplicates included.
        language: the guessed language of the abstract.
        acronyms: acronyms the text defines -> their expansions.
        english: True for a paper in another language whose vector and first keyphrases
            come from its English title.
        topics: (phrase, score) best first, chosen as the keyphrases but without the
            weight on whole noun phrases: the shorter phrases that recur across papers
            ("machine translation" where the keyphrase is "neural machine translation"),
            which the library's tag vocabulary is built from.
    """

    keyphrases: list[tuple[str, float]]
    embedding: np.ndarray
    candidates: list[tuple[str, float]] = field(default_factory=list)
    language: str = "en"
    acronyms: dict[str, str] = field(default_factory=dict)
    english: bool = False
    topics: list[tuple[str, float]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """The keyphrases without scores."""
        return [t for t, _ in self.keyphrases]


def select(ranked: list[tuple[str, float]], vectors: np.ndarray,
           most: int = MAX_KEYPHRASES, least: int = MIN_KEYPHRASES,
           whole: np.ndarray | None = None) -> list[tuple[str, float]]:
    """Pick keyphrases by MMR from candidates sorted best first, without near-duplicates.

    Args:
        ranked: (phrase, score), best first.
        vectors: unit vectors of those phrases, row ``i`` for ``ranked[i]``.
        most: the most keyphrases returned.
        least: return this many when there are enough candidates, whatever they score;
            past it, only those scoring at least :data:`MORE_IF` of the best.
        whole: per phrase of ``ranked``, the share of its occurrences that are a whole
            noun phrase (see :meth:`~paperdesk.tagging.keyphrases.Candidates.whole`).

    A candidate that shares all its words (stemmed) with a chosen one, or whose vector is
    within :data:`DUPLICATE_COSINE` of one, is skipped, unless it is shorter and scores at
    most :data:`PREFER_SHORTER` less: then it replaces the longer one, except a piece that
    never stands alone and cuts a whole name short ("entity recognition" of "named entity
    recognition", see :func:`~paperdesk.tagging.keyphrases.names_more`). Such pieces,
    chosen first, give way to the whole name when it comes, whatever it scores.
    """
    if not ranked:
        return []
    scores = np.array([s for _, s in ranked], dtype=np.float32)
    pool = list(range(min(len(ranked), 4 * most)))
    chosen: list[int] = []
    closest = np.full(len(ranked), -1.0, dtype=np.float32)
    while pool and len(chosen) < most:
        mmr = MMR_LAMBDA * scores[pool] - (1 - MMR_LAMBDA) * np.maximum(closest[pool], 0)
        pick = pool.pop(int(np.argmax(mmr)))
        phrase, score = ranked[pick]
        if len(chosen) >= least and score < MORE_IF * scores[0]:
            break
        clash = [i for i in chosen if is_near_duplicate(phrase, ranked[i][0])
                 or float(vectors[pick] @ vectors[i]) > DUPLICATE_COSINE]
        if clash:
            shorter = all(len(word_set(phrase)) < len(word_set(ranked[i][0]))
                          and ranked[i][1] - score <= PREFER_SHORTER
                          and not (whole is not None and whole[i] > 0 and not whole[pick]
                                   and names_more(ranked[i][0], phrase))
                          for i in clash)
            # pieces that never stand alone give way to the whole name they cut short
            # ("entity recognition" to "named entity recognition"; only the end of a name:
            # its start may be a name of its own, "structured prediction" of "structured
            # prediction tasks")
            whole_name = whole is not None and whole[pick] > 0 and all(
                not whole[i] and names_more(phrase, ranked[i][0]) for i in clash)
            if shorter or whole_name:
                chosen = [c for c in chosen if c not in clash[1:]]
                chosen[chosen.index(clash[0])] = pick
            continue
        chosen.append(pick)
        closest = np.maximum(closest, vectors @ vectors[pick])
    return [ranked[i] for i in sorted(chosen)]  # best first


class Tagger:
    """Finds keyphrases with one :class:`Encoder` (see :func:`get_tagger`)."""

    def __init__(self, encoder: Encoder, chunk_size: int = CHUNK_SIZE) -> None:
        self.encoder = encoder
        self.chunk_size = chunk_size

    @property
    def model_id(self) -> str:
        """Model and backend of the vectors (the phrase cache's ``model`` column)."""
        return self.encoder.model_id

    @property
    def contextual(self) -> bool:
        """True when topics are scored from the paper's own token vectors."""
        return hasattr(self.encoder, "encode_tokens")

    def embed(self, docs: Sequence[Doc]) -> np.ndarray:
        """Paper vectors only, ``(len(docs), DIM)`` float32 unit rows (zeros for empty docs)."""
        texts = [doc_text(t, a) for t, a in docs]
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        filled = [i for i, text in enumerate(texts) if text]
        if filled:
            out[filled] = self.encoder.encode([texts[i] for i in filled])
        return out

    def phrase_vectors(self, phrases: list[str], cache: PhraseCache | None = None) -> np.ndarray:
        """A ``(len(phrases), DIM)`` matrix of phrase vectors (each phrase embedded alone,
        out of context), embedding only phrases not in ``cache``."""
        cache = cache if cache is not None else MemoryPhraseCache()
        found = cache.get_many(phrases)
        missing = list(dict.fromkeys(p for p in phrases if p not in found))
        if missing:
            fresh = as_stored(self.encoder.encode(missing))
            new = dict(zip(missing, fresh, strict=True))
            cache.put_many(new)
            found.update(new)
        matrix = np.empty((len(phrases), DIM), dtype=np.float32)
        for i, phrase in enumerate(phrases):
            matrix[i] = found[phrase]
        return matrix

    def tag(
        self,
        docs: Sequence[Doc],
        cache: PhraseCache | None = None,
        progress: Progress | None = None,
    ) -> list[TagResult]:
        """Keyphrases of papers; see :meth:`iter_tag`. Cancelling loses the results."""
        return list(chain.from_iterable(self.iter_tag(docs, cache, progress)))

    def iter_tag(
        self,
        docs: Sequence[Doc],
        cache: PhraseCache | None = None,
        progress: Progress | None = None,
    ) -> Iterator[list[TagResult]]:
        """Keyphrases of papers, chunk by chunk, yielding each chunk's results when done.

        Args:
            docs: (title, abstract) pairs; "" abstract: keyphrases from the title.
            cache: phrase vectors to reuse and fill (only encoders without token
                vectors embed phrases); None: a cache for this run only.
            progress: gets start / advance (per chunk) / finish; its label says papers/s.

        Yields:
            Lists of :class:`TagResult`, in the order of ``docs``. A paper's result
            depends on that paper alone, never on how papers are chunked.

        Raises:
            Cancelled: between chunks, once ``progress.cancelled`` is true; a chunk
                that was running when Cancel came is dropped, not yielded.
        """
        progress = progress or NullProgress()
        cache = cache if cache is not None else MemoryPhraseCache()
        progress.start(len(docs), "Tagging papers")
        began = time.monotonic()
        bounds = [0, *range(min(FIRST_CHUNK, self.chunk_size), len(docs), self.chunk_size)]
        chunks = [docs[a:b] for a, b in zip(bounds, [*bounds[1:], len(docs)], strict=True)
                  if a < b]
        # the next chunk runs while the caller stores this one (the cores would wait)
        running = [self._chunk(chunks[0], cache)] if chunks else []
        try:
            done = 0
            for k, chunk in enumerate(chunks):
                check_cancelled(progress)
                if k + 1 < len(chunks):
                    running.append(self._chunk(chunks[k + 1], cache))
                results = list(running.pop(0))
                # Cancel pressed while the chunk ran: its papers are not kept, so what
                # the bar showed at Cancel is what the run says it tagged
                check_cancelled(progress)
                yield results
                done += len(chunk)
                rate = done / max(time.monotonic() - began, 1e-6)
                if hasattr(progress, "label"):
                    progress.label = f"Tagging papers ({rate:.1f} papers/s)"
                progress.advance(len(chunk))
        finally:
            for results in running:  # cancelled: the next chunk's papers not begun yet
                close = getattr(results, "close", None)
                if close is not None:
                    close()
            progress.finish()

    def _chunk(self, chunk: Sequence[Doc], cache: PhraseCache) -> Iterator[TagResult]:
        """Keyphrases of a chunk's papers, begun at once and several at a time when the
        encoder runs texts in parallel (papers with token vectors only: they touch no
        phrase cache); otherwise one by one as they are read."""
        if self.contextual and hasattr(self.encoder, "map"):
            return self.encoder.map(lambda doc: self.keyphrases(*doc), chunk)
        return (self.keyphrases(t, a, cache) for t, a in chunk)

    def keyphrases(self, title: str, abstract: str,
                   cache: PhraseCache | None = None) -> TagResult:
        """One paper's keyphrases and vector (see the module doc).

        A paper in another language with an English title (see
        :func:`~paperdesk.tagging.keyphrases.english_part`) gets the English title's
        vector (the model reads English) and its keyphrases first, then those of its own
        title and abstract; ``english`` is set on the result.
        """
        english, native = english_part(title, abstract)
        if not english:
            return self._keyphrases(title, abstract, cache)
        own = self._keyphrases(native, abstract, cache)
        eng = self._keyphrases(english, "", cache)
        return TagResult(_english_first(eng.keyphrases, own.keyphrases), eng.embedding,
                         own.candidates, own.language, {**own.acronyms, **eng.acronyms},
                         english=True, topics=_english_first(eng.topics, own.topics))

    def _keyphrases(self, title: str, abstract: str,
                    cache: PhraseCache | None = None) -> TagResult:
        found = candidate_spans(title, abstract)
        if not found.text:
            return TagResult([], np.zeros(DIM, dtype=np.float32), language=found.language)
        if self.contextual:
            doc, phrases, vectors = self._in_context(found)
        else:
            doc = self.encoder.encode([found.text])[0]
            phrases = found.phrases
            vectors = self.phrase_vectors(phrases, cache)
        if not phrases:
            return TagResult([], doc, language=found.language)
        # tuned on KDD abstracts (benchmarks/tagging.py): F1@5 13.9 where the cosine with
        # the old weights (0.05, 0.1, none) had 11.8; on WWW (not tuned on) 14.0 for 11.9.
        # Whole noun phrases (0.1, two words 0.15 -> 0.1): SemEval-2017 18.6 -> 22.4,
        # KDD 14.2 -> 13.8, WWW 14.4 -> 13.5 (fewer short author-keyword-like phrases)
        count = np.array([len(found.spans[p]) for p in phrases], dtype=np.float32)
        first = np.array([found.spans[p][0][0] for p in phrases], dtype=np.float32)
        two = np.array([len(p.split()) == 2 for p in phrases], dtype=np.float32)
        whole = np.array([found.whole(p) for p in phrases], dtype=np.float32)
        early = POSITION_WEIGHT * (1 - first / len(found.text))
        often = np.log(count)
        in_context = vectors @ doc
        topics, topic_order = _ranked(phrases, in_context + early + FREQUENCY_WEIGHT * often
                                      + TWO_WORDS_WEIGHT * two)
        bonus = (early + KEYPHRASE_FREQUENCY_WEIGHT * often + KEYPHRASE_TWO_WORDS_WEIGHT * two
                 + WHOLE_WEIGHT * whole)
        if self.contextual:
            # keyphrases are ranked by the phrases' own vectors: SemEval-2017 F1@5 23.5
            # with the in-context ones, 26.0 with these (KDD 14.1 -> 14.3, WWW 13.8 ->
            # 14.8); the tag vocabulary keeps reading topics ranked in context
            most = max(ALONE_AT_LEAST, int(np.ceil(ALONE_SHARE * len(phrases))))
            keep = np.sort(np.argsort(-(in_context + bonus), kind="stable")[:most])
            phrases = [phrases[i] for i in keep]
            bonus, whole = bonus[keep], whole[keep]
            alone = self._alone(phrases)
        else:
            alone = vectors
        ranked, order = _ranked(phrases, alone @ doc + bonus)
        return TagResult(select(ranked, alone[order], whole=whole[order]), doc,
                         ranked[:KEEP_CANDIDATES],
                         found.language, acronyms(found.text),
                         topics=select(topics, vectors[topic_order]))

    def _alone(self, phrases: list[str]) -> np.ndarray:
        """The phrases' own vectors, each phrase embedded by itself (the ONNX encoder runs
        a paper's phrases together, see ``OnnxEncoder.encode_phrases``)."""
        by_paper = getattr(self.encoder, "encode_phrases", None)
        return by_paper(phrases) if by_paper is not None else self.encoder.encode(phrases)

    def _in_context(self, found: Candidates) -> tuple[np.ndarray, list[str], np.ndarray]:
        """The paper's vector, and each candidate's mean token vector over its occurrences
        (candidates past the model's truncation are dropped)."""
        from paperdesk.tagging.onnx_encoder import pool

        tokens, offsets = self.encoder.encode_tokens(found.text)  # type: ignore[attr-defined]
        doc = pool(tokens)
        in_span = _tokens_in_spans(offsets)
        phrases, rows = [], []
        for phrase, spans in found.spans.items():
            mask = np.zeros(len(tokens), dtype=bool)
            for s, e in spans:
                in_span(mask, s, e)
            inside = tokens[mask]
            if len(inside):
                # inside.mean(axis=0) and np.linalg.norm do this, with more checks around it
                total = np.add.reduce(inside, axis=0)
                vector = np.true_divide(total, np.intp(len(inside)), out=total,
                                        casting="unsafe")
                rows.append(vector / max(float(np.sqrt(vector.dot(vector))), 1e-12))
                phrases.append(phrase)
        matrix = np.asarray(rows, dtype=np.float32).reshape(len(rows), DIM)
        return doc, phrases, matrix


def _ranked(phrases: list[str], scores: np.ndarray
            ) -> tuple[list[tuple[str, float]], np.ndarray]:
    """(phrase, score) best first (ties in the phrases' order), and that order."""
    order = np.argsort(-scores, kind="stable")
    return [(phrases[i], round(float(scores[i]), 4)) for i in order], order


def _english_first(english: list[tuple[str, float]],
                   own: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Up to :data:`ENGLISH_KEYPHRASES` phrases of the English title, then those of the
    paper's own text that are no near-duplicate of one already picked."""
    picked = list(english[:ENGLISH_KEYPHRASES])
    for phrase, score in own:
        if len(picked) >= MAX_KEYPHRASES:
            break
        if not any(is_near_duplicate(phrase, p) for p, _ in picked):
            picked.append((phrase, score))
    return picked


def _tokens_in_spans(offsets: np.ndarray) -> Callable[[np.ndarray, int, int], None]:
    """A function that marks in a mask the real tokens (not special ones) lying within
    the characters ``[s, e)``, for the token ``offsets`` of one text.

    Tokens come in text order, so those within a span are a run of the real tokens,
    found by bisection; offsets out of order (not seen from a tokenizer) fall back on
    testing every token."""
    real = offsets[:, 1] > offsets[:, 0]
    rows = np.flatnonzero(real)
    starts, ends = offsets[rows, 0], offsets[rows, 1]
    if len(rows) > 1 and ((np.diff(starts) < 0).any() or (np.diff(ends) < 0).any()):
        all_starts = np.where(real, offsets[:, 0], -1)
        all_ends = np.where(real, offsets[:, 1], -1)

        def by_test(mask: np.ndarray, s: int, e: int) -> None:
            mask |= (all_starts >= s) & (all_ends <= e) & real

        return by_test
    start_list, end_list = starts.tolist(), ends.tolist()

    def by_bisection(mask: np.ndarray, s: int, e: int) -> None:
        first, last = bisect_left(start_list, s), bisect_right(end_list, e)
        if first < last:
            mask[rows[first:last]] = True

    return by_bisection


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
        except OSError as exc:  # the cache cannot be written (read-only, full, not a folder)
            if backend == "onnx":
                raise
            log.warning("cannot write the model cache %s (%s); tagging with the slower "
                        "torch model", onnx_model_path().parent, exc.strerror or exc)
        except Exception:  # a failed export must not stop tagging: torch still works
            if backend == "onnx":
                raise
            log.exception("ONNX export failed; tagging with the torch model")
    from paperdesk.tagging.encoder import TorchEncoder

    return TorchEncoder(threads)
