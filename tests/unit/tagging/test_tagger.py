"""The tagger's batching, caching, progress and cancelling, with a fake encoder."""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from conftest import FakeEncoder

from paperdesk.errors import Cancelled
from paperdesk.tagging.cache import MemoryPhraseCache
from paperdesk.tagging.onnx_encoder import _Running
from paperdesk.tagging.tagger import Tagger, doc_text

DOCS = [
    ("Speech recognition for dialogue", "We study speech recognition errors in dialogue systems."),
    ("Machine translation", "Neural machine translation of low-resource languages."),
    ("Graph neural networks", ""),
    ("", ""),
]


class FakeProgress:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.events: list[tuple] = []
        self.cancel_after = cancel_after
        self.done = 0

    def start(self, total, label=""):
        self.events.append(("start", total))

    def advance(self, n=1):
        self.done += n
        self.events.append(("advance", n))

    def finish(self):
        self.events.append(("finish",))

    @property
    def cancelled(self):
        return self.cancel_after is not None and self.done >= self.cancel_after


def test_doc_text_joins_title_and_abstract():
    assert doc_text("A title", "Some words.") == "A title. Some words."
    assert doc_text("A title?", "Some words.") == "A title? Some words."
    assert doc_text("Only title", "") == "Only title"


def test_tags_come_from_the_text_and_embeddings_are_unit_vectors(fake_encoder):
    results = Tagger(fake_encoder).tag(DOCS)
    assert len(results) == 4
    speech, mt, title_only, empty = results
    assert 1 <= len(speech.keyphrases) <= 10
    for (title, abstract), result in zip(DOCS, results, strict=True):
        for tag in result.names:
            assert tag.lower() in f"{title} {abstract}".lower()
    assert title_only.names and all(t in "graph neural networks" for t in title_only.names)
    assert empty.keyphrases == [] and not empty.embedding.any()
    for r in results[:3]:
        assert r.embedding.dtype == np.float32
        assert float(np.linalg.norm(r.embedding)) == pytest.approx(1.0, abs=1e-5)
        assert [s for _, s in r.keyphrases] == sorted((s for _, s in r.keyphrases), reverse=True)
        assert len(r.candidates) <= 20


def test_shared_vocabulary_is_embedded_once_and_cache_is_reused(fake_encoder):
    cache = MemoryPhraseCache()
    tagger = Tagger(fake_encoder, chunk_size=2)
    tagger.tag(DOCS + DOCS, cache=cache)
    phrases = [t for t in fake_encoder.encoded if "." not in t and t not in {d[0] for d in DOCS}]
    assert len(phrases) == len(set(phrases))  # no phrase embedded twice, across chunks too
    fake_encoder.calls.clear()
    again = tagger.tag(DOCS[:2], cache=cache)
    assert set(fake_encoder.encoded) == {doc_text(*d) for d in DOCS[:2]}  # papers only
    assert again[0].keyphrases == tagger.tag(DOCS[:1])[0].keyphrases  # cached == freshly computed


def test_progress_is_reported_per_chunk(fake_encoder):
    progress = FakeProgress()
    Tagger(fake_encoder, chunk_size=3).tag(DOCS, progress=progress)
    assert progress.events == [("start", 4), ("advance", 3), ("advance", 1), ("finish",)]


def test_cancel_stops_between_chunks_and_keeps_what_is_done(fake_encoder):
    progress = FakeProgress(cancel_after=2)
    cache = MemoryPhraseCache()
    done = []
    with pytest.raises(Cancelled):
        for chunk in Tagger(fake_encoder, chunk_size=2).iter_tag(
            DOCS, cache=cache, progress=progress
        ):
            done.extend(chunk)
    assert len(done) == 2
    assert progress.events[-1] == ("finish",)
    assert "speech recognition" in cache.vectors


class CancelledDuring(FakeProgress):
    """Cancel pressed once the encoder has read ``at`` papers."""

    def __init__(self, encoder, at: int) -> None:
        super().__init__()
        self.encoder, self.at = encoder, at

    @property
    def cancelled(self):
        papers = {doc_text(*d) for d in DOCS}
        return sum(t in papers for t in self.encoder.encoded) >= self.at


def test_a_chunk_running_when_cancel_comes_is_not_kept(fake_encoder):
    progress = CancelledDuring(fake_encoder, at=3)  # the first paper of the second chunk
    done = []
    with pytest.raises(Cancelled):
        for chunk in Tagger(fake_encoder, chunk_size=2).iter_tag(DOCS, progress=progress):
            done.extend(chunk)
    assert len(done) == 2  # what the bar showed at Cancel, not the chunk finished after it
    assert ("advance", 2) in progress.events and progress.done == 2


def test_results_do_not_depend_on_chunking(fake_encoder):
    one = Tagger(fake_encoder, chunk_size=1).tag(DOCS)
    many = Tagger(fake_encoder, chunk_size=64).tag(DOCS)
    assert [r.keyphrases for r in one] == [r.keyphrases for r in many]


def test_select_uses_mmr_and_skips_near_duplicates():
    import numpy as np

    from paperdesk.tagging.tagger import select

    v = np.eye(4, dtype=np.float32)
    close = (v[0] + 0.1 * v[1]) / np.linalg.norm(v[0] + 0.1 * v[1])
    ranked = [("toxicity detection", 0.9), ("toxicity detection models", 0.89),
              ("toxic speech", 0.88), ("datasets", 0.5), ("benchmarks", 0.4)]
    got = select(ranked, np.stack([v[0], v[0], close, v[2], v[3]]), most=3, least=2)
    assert [p for p, _ in got][:1] == ["toxicity detection"]
    assert "toxicity detection models" not in [p for p, _ in got]  # same words, longer
    assert "toxic speech" not in [p for p, _ in got]  # vector too close


def test_a_piece_never_replaces_the_whole_name_it_cuts():
    import numpy as np

    from paperdesk.tagging.keyphrases import names_more
    from paperdesk.tagging.tagger import select

    # 5,000 ACL papers showed "entity recognition" (37), "language processing" (49) and
    # "sense disambiguation" (18): the piece scored within PREFER_SHORTER of the whole name
    v = np.eye(3, dtype=np.float32)
    ranked = [("named entity recognition", 0.90), ("entity recognition", 0.88),
              ("clinical notes", 0.5), ("large unlabeled corpora", 0.45),
              ("unlabeled corpora", 0.44)]
    vectors = np.stack([v[0], v[0], v[1], v[2], v[2]])
    whole = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
    got = [p for p, _ in select(ranked, vectors, most=4, least=4, whole=whole)]
    assert got == ["named entity recognition", "clinical notes", "unlabeled corpora"]
    # without the whole-phrase shares (the topics the vocabulary reads), the piece wins
    assert "entity recognition" in [p for p, _ in select(ranked, vectors, most=4, least=4)]
    assert names_more("natural language processing", "language processing")
    assert not names_more("pruning phrase tables", "phrase tables")  # a verb
    assert not names_more("structured prediction tasks", "structured prediction")  # a prefix


def test_a_piece_chosen_first_gives_way_to_the_whole_name_it_cuts():
    """"VBD_NLP at SemEval-2023 Task 2: Named Entity Recognition Systems ..." showed
    "entity recognition", which its text never writes alone: it scored above the whole
    name, chosen later. A piece that stands alone somewhere stays; so does the start of
    a name ("structured prediction" of "structured prediction tasks")."""
    import numpy as np

    from paperdesk.tagging.tagger import select

    v = np.eye(3, dtype=np.float32)
    ranked = [("entity recognition", 0.90), ("clinical notes", 0.6),
              ("named entity recognition", 0.5), ("structured prediction", 0.45),
              ("structured prediction tasks", 0.4)]
    vectors = np.stack([v[0], v[1], v[0], v[2], v[2]])
    whole = np.array([0.0, 1.0, 1.0, 0.0, 1.0])
    got = [p for p, _ in select(ranked, vectors, most=4, least=4, whole=whole)]
    assert got == ["clinical notes", "named entity recognition", "structured prediction"]
    whole[0] = 0.5  # "entity recognition" stands alone once: it stays
    got = [p for p, _ in select(ranked, vectors, most=4, least=4, whole=whole)]
    assert got[0] == "entity recognition" and "named entity recognition" not in got


def test_tokens_in_spans_by_bisection_are_those_the_offsets_put_inside():
    """A span's tokens are found by bisection over tokens in text order; offsets out of
    order fall back on testing each token. Special tokens (0, 0) are never inside."""
    from paperdesk.tagging.tagger import _tokens_in_spans

    def expected(offsets: np.ndarray, s: int, e: int) -> list[int]:
        return [i for i, (a, b) in enumerate(offsets.tolist()) if b > a and a >= s and b <= e]

    ordered = np.array([[0, 0], [0, 6], [7, 10], [10, 13], [14, 20], [21, 22], [0, 0]])
    shuffled = ordered[[0, 4, 2, 3, 1, 5, 6]]
    for offsets in (ordered, shuffled):
        mark = _tokens_in_spans(offsets)
        for s in range(0, 24):
            for e in range(s, 24):
                mask = np.zeros(len(offsets), dtype=bool)
                mark(mask, s, e)
                assert np.flatnonzero(mask).tolist() == expected(offsets, s, e), (s, e)


class PooledEncoder(FakeEncoder):
    """Token vectors (one per word) and texts run in a thread pool, as the ONNX encoder's;
    records the texts begun."""

    def __init__(self, workers: int = 2, delay: float = 0.0) -> None:
        super().__init__()
        self.begun: list[str] = []
        self.delay = delay
        self.pool = ThreadPoolExecutor(workers)

    def encode_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        self.begun.append(text)
        time.sleep(self.delay)
        spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
        return (self.encode([text[s:e] for s, e in spans]),
                np.asarray(spans, dtype=np.int64).reshape(-1, 2))

    def map(self, fn, items):  # noqa: ANN001, ANN201 - as OnnxEncoder.map
        return _Running([self.pool.submit(fn, item) for item in items])


def test_the_next_chunk_runs_while_the_caller_stores_one():
    docs = DOCS[:3] * 4
    encoder = PooledEncoder()
    chunks = Tagger(encoder, chunk_size=3).iter_tag(docs)
    first = next(chunks)
    deadline = time.monotonic() + 30
    while len(encoder.begun) < 6 and time.monotonic() < deadline:
        time.sleep(0.01)  # the caller stores the first chunk: the second one runs
    assert len(first) == 3 and len(encoder.begun) == 6
    results = first + [r for chunk in chunks for r in chunk]
    alone = Tagger(PooledEncoder(), chunk_size=1).tag(docs)
    assert [r.keyphrases for r in results] == [r.keyphrases for r in alone]


def test_cancel_drops_the_next_chunks_papers_not_begun():
    encoder = PooledEncoder(workers=1, delay=0.2)
    progress = FakeProgress(cancel_after=6)
    with pytest.raises(Cancelled):
        for _ in Tagger(encoder, chunk_size=6).iter_tag(DOCS[:3] * 6, progress=progress):
            pass
    time.sleep(1.0)  # what was still queued would have begun by now
    assert 6 < len(encoder.begun) <= 9


class OwnVectors(PooledEncoder):
    """Token vectors as :class:`PooledEncoder`; phrase vectors (``encode_phrases``, as the
    ONNX encoder's) point at the paper for one phrase and away from it for the others."""

    def __init__(self, favourite: str) -> None:
        super().__init__(workers=1)
        self.favourite = favourite

    def encode_phrases(self, phrases: list[str]) -> np.ndarray:
        words = re.findall(r"\S+", self.begun[-1])
        doc = self.encode(words).mean(axis=0)
        doc /= np.linalg.norm(doc)
        return np.stack([doc if p == self.favourite else -doc for p in phrases])


def test_keyphrases_rank_by_the_phrases_own_vectors_and_topics_in_context():
    title, abstract = DOCS[0]
    got = Tagger(OwnVectors("dialogue systems")).keyphrases(title, abstract)
    plain = Tagger(PooledEncoder(workers=1)).keyphrases(title, abstract)
    assert got.keyphrases[0][0] == "dialogue systems"
    assert plain.keyphrases[0][0] != "dialogue systems"
    assert got.topics == plain.topics  # the vocabulary's input is unchanged


class Recording(OwnVectors):
    """:class:`OwnVectors` that records the phrases embedded alone."""

    def __init__(self, favourite: str) -> None:
        super().__init__(favourite)
        self.alone: list[str] = []

    def encode_phrases(self, phrases: list[str]) -> np.ndarray:
        self.alone.extend(phrases)
        return super().encode_phrases(phrases)


def test_only_the_better_share_of_candidates_in_context_is_embedded_alone(monkeypatch):
    import paperdesk.tagging.tagger as tagger_module

    title = "Dialogue systems, speech recognition errors and spoken language understanding"
    abstract = ("We study speech recognition errors in dialogue systems. Error detection, "
                "confidence scores and user simulation help spoken dialogue managers; "
                "noisy channels, acoustic models and semantic parsers are compared.")
    every = Recording("acoustic models")
    full = Tagger(every).keyphrases(title, abstract)
    n = len(every.alone)  # all of them: fewer than ALONE_AT_LEAST
    monkeypatch.setattr(tagger_module, "ALONE_AT_LEAST", 2)
    monkeypatch.setattr(tagger_module, "ALONE_SHARE", 0.5)
    encoder = Recording("acoustic models")
    got = Tagger(encoder).keyphrases(title, abstract)
    assert n > 10 and len(encoder.alone) == -(-n // 2)
    # the better half by in-context score; a phrase outside it cannot be a keyphrase
    assert set(encoder.alone) == {p for p, _ in got.candidates} < set(every.alone)
    assert {p for p, _ in got.keyphrases} <= set(encoder.alone)
    # "acoustic models", late and alone in context, is not among them: its own vector
    # would have made it the first keyphrase
    assert full.keyphrases[0][0] == "acoustic models" not in encoder.alone
