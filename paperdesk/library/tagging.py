"""``lib.tagging``: automatic tags and similar papers, stored in the library.

Each chunk of papers is tagged and committed in its own transaction (suggestions and the
paper's vector together), so a killed run keeps what it finished and the next run goes
on where it stopped: a paper needs tagging when it has no stored vector, or its title or
abstract changed since (the vector records a hash of the text it was made from).
The model loads only when tagging or an unseen phrase needs it; similar papers need only
the stored vectors.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperdesk.errors import Cancelled, KnownError, LibraryError, NotFoundError
from paperdesk.library.caches import LockedCache
from paperdesk.library.changes import Change
from paperdesk.library.db import before_fault
from paperdesk.library.waiting import TAGGING_WAIT_MESSAGE
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import plural

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from paperdesk.library.library import Library
    from paperdesk.library.vocabulary import SuggestReport
    from paperdesk.tagging import SimilarIndex


def text_hash(title: str, abstract: str) -> str:
    """Fingerprint of the text a paper's tags and vector come from."""
    return hashlib.sha1(f"{title}\n{abstract}".encode()).hexdigest()[:16]


@dataclass
class TagReport:
    """What a tagging run did."""

    tagged: int = 0
    skipped: int = 0
    paper_ids: list[int] = field(default_factory=list)
    suggestions: SuggestReport | None = None

    @property
    def change(self) -> Change:
        """The run's change record: the papers tagged and those whose suggestions changed;
        the tag list (and the index) only when suggestions changed."""
        changed = frozenset(self.suggestions.changed_ids if self.suggestions else ())
        # (nothing to say when a run found nothing to do: the window starts one on opening)
        said = (f"Suggested tags for {plural(self.tagged, 'paper')}" if self.tagged else
                f"Updated the suggestions of {plural(len(changed), 'paper')}" if changed
                else "")
        return Change("tags", frozenset(self.paper_ids) | changed, said,
                      sidebar=frozenset({"tags"} if changed else ()), index=bool(changed),
                      membership=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{tagged, skipped, suggestions: {papers, suggestions, tags,
        changed}}``."""
        out: dict[str, Any] = {"tagged": self.tagged, "skipped": self.skipped}
        if self.suggestions is not None:
            out["suggestions"] = self.suggestions.to_dict()
        return out


@dataclass
class SimilarPaper:
    """A paper like another one, and why: the keyphrases they share or that are closest."""

    paper_id: int
    title: str
    score: float
    why: list[str]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{id, title, score, why}``."""
        return {"id": self.paper_id, "title": self.title, "score": round(self.score, 4),
                "why": self.why}


class TaggingManager:
    """Automatic tag suggestions and similar papers."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib
        self._similar: SimilarIndex | None = None
        self._similar_lock = threading.Lock()

    @staticmethod
    def unavailable_reason() -> str | None:
        """Why tagging cannot run here (missing packages), or None when it can."""
        from paperdesk.tagging import ml_unavailable_reason

        return ml_unavailable_reason()

    def pending_ids(self, ids: list[int] | None = None, retag: bool = False) -> list[int]:
        """Papers outside the trash that need tagging (all of ``ids`` with ``retag``):
        no vector, a changed text, or (tagged before keyphrases were kept) no keyphrases."""
        rows = self.lib.reader.execute(
            "SELECT p.id, p.title, p.abstract, e.text_hash, "
            "EXISTS (SELECT 1 FROM keyphrases k WHERE k.paper_id = p.id) FROM papers p "
            "LEFT JOIN embeddings e ON e.paper_id = p.id WHERE p.trashed IS NULL ORDER BY p.id"
        )
        wanted = set(ids) if ids is not None else None
        return [
            pid for pid, title, abstract, stored, has_phrases in rows
            if (wanted is None or pid in wanted)
            and (retag or stored != text_hash(title, abstract)
                 or (not has_phrases and (title.strip() or abstract.strip())))
        ]

    def tag(self, ids: list[int] | None = None, retag: bool = False, top_n: int = 5,
            threads: int | None = None, progress: Progress | None = None) -> TagReport:
        """Find keyphrases for papers (default: every paper not tagged yet), then rebuild
        the tag vocabulary and suggest up to ``top_n`` tags from it to every paper.

        Each chunk's keyphrases and vectors are committed as it is done; the vocabulary
        is refreshed after the first chunk (so tags show up early) and at the end. The
        search index takes the run's papers at the end, in one commit. A paper's
        keyphrases depend on that paper alone, and the vocabulary on all stored
        keyphrases, so an interrupted run, resumed, ends as an uninterrupted one.

        Raises:
            ModelError: tagging is unavailable (the message says why).
            Cancelled: the user cancelled; finished chunks are kept, with their suggestions.
            LibraryError: the library cannot be written (a full disk); when chunks were
                stored before, the message says how many papers' keyphrases were kept.
        """
        if ids is not None:
            self.lib.papers.require(ids)
        progress = progress or NullProgress()
        # one run at a time: a second one waits, then tags only what the first left
        with self.lib.queue.tagging(lambda: bool(progress.cancelled), lambda: progress.start(
                None, TAGGING_WAIT_MESSAGE[:1].upper() + TAGGING_WAIT_MESSAGE[1:])):
            check_cancelled(progress)
            return self._tag(ids, retag, top_n, threads, progress)

    def _tag(self, ids: list[int] | None, retag: bool, top_n: int, threads: int | None,
             progress: Progress) -> TagReport:
        from paperdesk.tagging import SqlitePhraseCache, get_tagger

        todo = self.pending_ids(ids, retag)
        report = TagReport(skipped=(len(ids) - len(todo)) if ids is not None else 0)
        progress.start(None, "Loading the tagging model")  # (the first time: ~15 s)
        tagger = get_tagger(threads=threads)
        cache = LockedCache(self.lib, lambda db: SqlitePhraseCache(db, tagger.model_id))
        docs = {r[0]: (r[1], r[2]) for r in self.lib.reader.execute(
            f"SELECT id, title, abstract FROM papers WHERE id IN ({','.join('?' * len(todo))})",
            todo)} if todo else {}
        order = [pid for pid in todo if pid in docs]
        # the search index takes the run's papers once, at the end: indexed chunk by chunk,
        # every commit merged a growing index (at 5,000 papers half the run's time)
        deferred, self.lib.index_later = not self.lib.index_later, True
        try:
            # marked as bulk work, like an import: an edit in another process meanwhile
            # indexes its own papers only, not this run's (this run does them at the end)
            with self.lib.queue.importing():
                try:
                    self._tag_chunks(order, docs, tagger, cache, progress, report, top_n,
                                     threads)
                except Cancelled as exc:
                    if report.tagged:  # the papers tagged so far get their suggestions
                        progress.start(None, f"Keeping the {plural(report.tagged, 'paper')} "
                                       "tagged: updating tag suggestions")
                        self.lib.vocabulary.refresh(top_n, threads)
                    exc.paper_ids = list(report.paper_ids)
                    raise
                except KnownError as exc:  # (a full disk: the chunks before it stay)
                    if not report.tagged:
                        raise
                    raise LibraryError(f"{exc}; kept the keyphrases of "
                                       f"{plural(report.tagged, 'paper')} "
                                       f"{before_fault(str(exc))}; tag again to finish") from exc
                if todo or ids is None:
                    report.suggestions = self.lib.vocabulary.refresh(top_n, threads)
        finally:
            if deferred:
                self.lib.index_later = False
                try:
                    self.lib.sync_index()
                except LibraryError as exc:  # ("…; the data is saved and will be indexed
                    log.warning("%s", exc)  # later": it must not hide the run's outcome)
        return report

    def _tag_chunks(self, order: list[int], docs: dict[int, tuple[str, str]], tagger: Any,
                    cache: Any, progress: Progress, report: TagReport, top_n: int,
                    threads: int | None) -> None:
        """Tag ``order`` chunk by chunk, storing each chunk's keyphrases and vectors."""
        from paperdesk.library.vocabulary import store_keyphrases
        from paperdesk.tagging import to_blob

        done = 0
        for results in tagger.iter_tag([docs[p] for p in order], cache, progress):
            chunk = order[done:done + len(results)]
            done += len(results)
            with self.lib.edit("Keyphrases", chunk, undoable=False):  # searchable
                db = self.lib.db
                for pid, result in zip(chunk, results, strict=True):
                    store_keyphrases(db, pid, result.keyphrases, result.acronyms,
                                     [p for p, _ in result.topics])
                    title, abstract = docs[pid]
                    db.execute(
                        "INSERT OR REPLACE INTO embeddings (paper_id, model, dim, vector, "
                        "text_hash) VALUES (?, ?, ?, ?, ?)",
                        [pid, tagger.model_id, len(result.embedding), to_blob(result.embedding),
                         text_hash(title, abstract)],
                    )
            self._similar = None
            report.tagged += len(chunk)
            report.paper_ids.extend(chunk)
            if done == len(results) and done < len(order):
                self.lib.vocabulary.refresh(top_n, threads)

    def has_pending_vectors(self) -> bool:
        """True when some paper outside the trash has no vector (see :meth:`embed_pending`)."""
        return self.lib.reader.execute(
            "SELECT EXISTS (SELECT 1 FROM papers p LEFT JOIN embeddings e ON "
            "e.paper_id = p.id WHERE p.trashed IS NULL AND e.paper_id IS NULL)").fetchone()[0] == 1

    def embed_pending(self, progress: Progress | None = None, threads: int | None = None,
                      chunk: int = 64) -> list[int]:
        """Store vectors for papers outside the trash that have none (or one of an older
        text), without tagging them: Best match and similar papers need only the vectors.
        Committed chunk by chunk (Cancel keeps what is done); returns the papers embedded.

        Raises:
            ModelError: the model cannot run here.
            Cancelled: the user cancelled.
        """
        from paperdesk.progress import check_cancelled
        from paperdesk.tagging import get_tagger, to_blob

        rows = [(pid, title, abstract) for pid, title, abstract, stored in
                self.lib.reader.execute(
                    "SELECT p.id, p.title, p.abstract, e.text_hash FROM papers p LEFT JOIN "
                    "embeddings e ON e.paper_id = p.id WHERE p.trashed IS NULL ORDER BY p.id")
                if stored != text_hash(title, abstract)]
        progress = progress or NullProgress()
        done: list[int] = []
        if not rows:
            return done
        tagger = get_tagger(threads=threads)
        progress.start(len(rows), "Computing paper vectors")
        try:
            for start in range(0, len(rows), chunk):
                part = rows[start:start + chunk]
                vectors = tagger.embed([(t, a) for _, t, a in part])
                with self.lib.edit("Paper vectors", (), undoable=False):
                    self.lib.db.conn.executemany(
                        "INSERT OR REPLACE INTO embeddings (paper_id, model, dim, vector, "
                        "text_hash) VALUES (?, ?, ?, ?, ?)",
                        [(pid, tagger.model_id, len(vec), to_blob(vec), text_hash(t, a))
                         for (pid, t, a), vec in zip(part, vectors, strict=True)])
                done += [pid for pid, _, _ in part]
                self._similar = None
                progress.advance(len(part))
                check_cancelled(progress)
        finally:
            progress.finish()
        return done

    # ------------------------------------------------------------ similar papers
    def forget_vectors(self) -> None:
        """Drop the in-memory vectors (another process tagged papers); read again on use."""
        with self._similar_lock:
            self._similar = None

    def vectors(self) -> SimilarIndex:
        """Every stored paper vector, as one matrix (read once, shared with Best match)."""
        return self._index()

    def has_vectors(self) -> bool:
        """True when some paper has a vector (one row read; loads neither the vectors
        nor the ML modules, so the first search of a library without any stays fast)."""
        with self._similar_lock:
            if self._similar is not None:
                return len(self._similar) > 0
        return self.lib.reader.execute("SELECT 1 FROM embeddings LIMIT 1").fetchone() is not None

    def _index(self) -> SimilarIndex:
        with self._similar_lock:
            if self._similar is None:
                import numpy as np

                from paperdesk.tagging import SimilarIndex, from_blob

                rows = self.lib.reader.execute(
                    "SELECT paper_id, vector FROM embeddings ORDER BY paper_id"
                ).fetchall()
                ids = [r[0] for r in rows]
                matrix = (np.stack([from_blob(r[1]) for r in rows]) if rows
                          else np.zeros((0, 384), dtype=np.float32))
                self._similar = SimilarIndex(ids, matrix)
            return self._similar

    def similar(self, paper_id: int, k: int = 10, threshold: float = 0.5) -> list[SimilarPaper]:
        """The ``k`` papers most like ``paper_id`` (cosine ≥ ``threshold``), with why.

        Raises:
            NotFoundError: no such paper, or it has not been tagged yet.
        """
        paper = self.lib.papers.get(paper_id)
        index = self._index()
        if paper.id not in index:
            raise NotFoundError(
                f"paper {paper_id} has no vector yet: run 'paperdesk tag --paper {paper_id}'"
            )
        # trashed papers keep their vectors; ask for a few more and drop them below
        matches = index.top_k(int(paper_id), k + 20, threshold)
        if not matches:
            return []
        from paperdesk.tagging import SqlitePhraseCache, why

        others = {p.id: p for p in self.lib.get_many([m for m, _ in matches]) if not p.trashed}
        matches = [(pid, score) for pid, score in matches if pid in others][:k]
        model = self.lib.reader.execute("SELECT model FROM embeddings WHERE paper_id = ?",
                                        [paper.id]).fetchone()[0]
        cache = SqlitePhraseCache(self.lib.reader, model)
        mine = self._why_phrases(paper)
        out = []
        for pid, score in matches:
            reasons = why(mine, self._why_phrases(others[pid]), vectors=cache)
            out.append(SimilarPaper(pid, others[pid].title, score,
                                    [r.a if r.a == r.b else f"{r.a} ~ {r.b}" for r in reasons]))
        return out


    def _why_phrases(self, paper: Any) -> list[str]:
        """What describes a paper for "why": its tags (shared topics), then its keyphrases."""
        tags = [t.name for t in paper.tags if not t.rejected]
        return tags + [p for p, _ in self.lib.vocabulary.keyphrases(paper.id)]
