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
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperdesk.errors import NotFoundError
from paperdesk.library.caches import LockedCache
from paperdesk.library.writing import clean_tag
from paperdesk.progress import NullProgress, Progress

if TYPE_CHECKING:
    from paperdesk.library.library import Library
    from paperdesk.tagging import SimilarIndex


#: extra suggestions asked of the tagger, to stand in for names a paper already has
SPARE = 3


def text_hash(title: str, abstract: str) -> str:
    """Fingerprint of the text a paper's tags and vector come from."""
    return hashlib.sha1(f"{title}\n{abstract}".encode()).hexdigest()[:16]


@dataclass
class TagReport:
    """What a tagging run did."""

    tagged: int = 0
    skipped: int = 0
    paper_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{tagged, skipped}``."""
        return {"tagged": self.tagged, "skipped": self.skipped}


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
        """Papers outside the trash that need tagging (all of ``ids`` with ``retag``)."""
        rows = self.lib.reader.execute(
            "SELECT p.id, p.title, p.abstract, e.text_hash FROM papers p "
            "LEFT JOIN embeddings e ON e.paper_id = p.id WHERE p.trashed IS NULL ORDER BY p.id"
        )
        wanted = set(ids) if ids is not None else None
        return [
            pid for pid, title, abstract, stored in rows
            if (wanted is None or pid in wanted)
            and (retag or stored != text_hash(title, abstract))
        ]

    def tag(self, ids: list[int] | None = None, retag: bool = False, top_n: int = 5,
            threads: int | None = None, progress: Progress | None = None) -> TagReport:
        """Suggest ``top_n`` tags for papers (default: every paper not tagged yet).

        Raises:
            ModelError: tagging is unavailable (the message says why).
            Cancelled: the user cancelled; finished chunks are kept.
        """
        from paperdesk.tagging import SqlitePhraseCache, get_tagger, to_blob

        if ids is not None:
            self.lib.papers.require(ids)
        todo = self.pending_ids(ids, retag)
        report = TagReport(skipped=(len(ids) - len(todo)) if ids is not None else 0)
        progress = progress or NullProgress()
        if not todo:
            progress.start(0, "Tagging papers")
            progress.finish()
            return report
        tagger = get_tagger(threads=threads)
        cache = LockedCache(self.lib, lambda db: SqlitePhraseCache(db, tagger.model_id))
        docs = {r[0]: (r[1], r[2]) for r in self.lib.reader.execute(
            f"SELECT id, title, abstract FROM papers WHERE id IN ({','.join('?' * len(todo))})",
            todo)}
        order = [pid for pid in todo if pid in docs]
        done = 0
        # a few spare suggestions replace names the paper already has (user tags, rejections)
        for results in tagger.iter_tag([docs[p] for p in order], top_n + SPARE, cache,
                                       progress):
            chunk = order[done:done + len(results)]
            done += len(results)
            taken = self._kept_names(chunk)
            with self.lib.edit("Auto-tag", chunk, undoable=False):
                db = self.lib.db
                for pid, result in zip(chunk, results, strict=True):
                    db.execute("DELETE FROM tags WHERE paper_id = ? AND source = 'auto' "
                               "AND rejected = 0", [pid])
                    fresh = [(n, sc) for n, sc in result.tags
                             if clean_tag(n).casefold() not in taken.get(pid, set())][:top_n]
                    db.conn.executemany(
                        "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
                        "VALUES (?, ?, 'auto', ?, 0)",
                        [(pid, clean_tag(name), float(score)) for name, score in fresh],
                    )
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
        return report

    def _kept_names(self, ids: list[int]) -> dict[int, set[str]]:
        """Per paper, the tag names a new suggestion must not repeat (case-folded)."""
        out: dict[int, set[str]] = {}
        marks = ",".join("?" * len(ids))
        for pid, name in self.lib.reader.execute(
            f"SELECT paper_id, name FROM tags WHERE paper_id IN ({marks}) "
            "AND (source = 'user' OR rejected = 1)", ids
        ):
            out.setdefault(pid, set()).add(name.casefold())
        return out

    # ------------------------------------------------------------ similar papers
    def forget_vectors(self) -> None:
        """Drop the in-memory vectors (another process tagged papers); read again on use."""
        with self._similar_lock:
            self._similar = None

    def vectors(self) -> SimilarIndex:
        """Every stored paper vector, as one matrix (read once, shared with Best match)."""
        return self._index()

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
        mine = _phrases(paper)
        out = []
        for pid, score in matches:
            reasons = why(mine, _phrases(others[pid]), vectors=cache)
            out.append(SimilarPaper(pid, others[pid].title, score,
                                    [r.a if r.a == r.b else f"{r.a} ~ {r.b}" for r in reasons]))
        return out


def _phrases(paper: Any) -> list[str]:
    """The keyphrases that describe a paper: user tags, then suggestions not rejected."""
    return [t.name for t in paper.tags if not t.rejected]
