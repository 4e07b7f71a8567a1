"""Automatic tags and similar papers for the window, run inside ``ops`` tasks.

The core has the tagger (:mod:`paperdesk.tagging`) but no library-level integration yet;
this module stores its results through the public API (``lib.tags.set_suggestions``) and
keeps paper vectors in the ``embeddings`` table. Nothing here imports Qt.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperdesk.library.changes import Change
from paperdesk.progress import Progress

if TYPE_CHECKING:
    from paperdesk.library.library import Library

log = logging.getLogger(__name__)
_index_lock = threading.Lock()
_index_cache: dict[tuple[str, int, int], Any] = {}


@dataclass(frozen=True)
class Similar:
    """A suggested similar paper and why (shared or close keyphrases)."""

    paper_id: int
    title: str
    score: float
    why: tuple[str, ...] = ()


def unavailable_reason() -> str | None:
    """Why automatic tagging cannot run here, or None."""
    from paperdesk.tagging import ml_unavailable_reason

    return ml_unavailable_reason()


def tag_papers(lib: Library, ids: Sequence[int], top_n: int, progress: Progress) -> Change:
    """Suggest tags for papers and store their vectors (chunk by chunk, so Cancel keeps
    what is done and user edits get the write lock between chunks)."""
    from paperdesk.tagging import SqlitePhraseCache, get_tagger, to_blob
    from paperdesk.tagging.tagger import doc_text

    ids = list(ids)
    rows = {r[0]: (r[1], r[2]) for r in _chunked(
        lib, "SELECT id, title, abstract FROM papers WHERE id IN ({})", ids)}
    ids = [i for i in ids if i in rows]
    docs = [rows[i] for i in ids]
    progress.start(len(ids), "Loading the tagging model")
    tagger = get_tagger(threads=1)
    cache = _LockedCache(SqlitePhraseCache(lib.db, tagger.model_id), lib)
    done = 0
    changed: set[int] = set()
    for results in tagger.iter_tag(docs, top_n=top_n, cache=cache, progress=progress):
        chunk = ids[done : done + len(results)]
        docs_chunk = docs[done : done + len(results)]
        done += len(results)
        lib.tags.set_suggestions({pid: r.tags for pid, r in zip(chunk, results, strict=True)})
        with lib.write_lock, lib.db.atomic():
            lib.db.conn.executemany(
                "INSERT OR REPLACE INTO embeddings (paper_id, model, dim, vector, text_hash) "
                "VALUES (?, ?, ?, ?, ?)",
                [(pid, tagger.model_id, len(r.embedding), to_blob(r.embedding),
                  hashlib.sha1(doc_text(*doc).encode()).hexdigest())
                 for pid, r, doc in zip(chunk, results, docs_chunk, strict=True)])
        changed.update(chunk)
    return Change("tags", frozenset(changed), f"Suggested tags for {len(changed)} paper(s)")


class _LockedCache:
    """The SQLite phrase cache, writing under the library's write lock."""

    def __init__(self, cache: Any, lib: Library) -> None:
        self.cache, self.lib = cache, lib

    def get_many(self, phrases: list[str]) -> dict[str, Any]:
        with self.lib.write_lock:
            return self.cache.get_many(phrases)

    def put_many(self, vectors: dict[str, Any]) -> None:
        with self.lib.write_lock:
            self.cache.put_many(vectors)


def similar_papers(lib: Library, paper_id: int, k: int = 8) -> list[Similar] | str:
    """Papers like ``paper_id`` with the shared keyphrases as "why", or a message saying
    why there are none (no vectors yet)."""
    import numpy as np

    from paperdesk.tagging import SimilarIndex, SqlitePhraseCache, from_blob, why

    db = lib.reader
    row = db.execute("SELECT model FROM embeddings WHERE paper_id = ?", [paper_id]).fetchone()
    if row is None:
        return "Similar papers appear once this paper has been auto-tagged."
    model = row[0]
    count, top = db.execute("SELECT count(*), max(e.paper_id) FROM embeddings e JOIN papers p "
                            "ON p.id = e.paper_id WHERE p.trashed IS NULL AND e.model = ?",
                            [model]).fetchone()
    key = (str(lib.folder), count, top or 0)
    with _index_lock:
        index = _index_cache.get(key)
        if index is None:
            pairs = db.execute("SELECT e.paper_id, e.vector FROM embeddings e JOIN papers p "
                               "ON p.id = e.paper_id WHERE p.trashed IS NULL AND e.model = ?",
                               [model]).fetchall()
            matrix = np.stack([from_blob(b) for _, b in pairs]) if pairs else np.zeros((0, 1))
            index = SimilarIndex([p for p, _ in pairs], matrix)
            _index_cache.clear()
            _index_cache[key] = index
    if paper_id not in index:
        return "This paper is in the trash or has no vector yet."
    found = index.top_k(paper_id, k)
    if not found:
        return []
    ids = [paper_id] + [p for p, _ in found]
    marks = ",".join("?" * len(ids))
    tags: dict[int, list[str]] = {}
    for pid, name in db.execute(f"SELECT paper_id, name FROM tags WHERE paper_id IN ({marks}) "
                                "AND rejected = 0 ORDER BY source DESC, score DESC", ids):
        tags.setdefault(pid, []).append(name)
    titles = dict(db.execute(f"SELECT id, title FROM papers WHERE id IN ({marks})", ids))
    phrases = SqlitePhraseCache(db, model)
    out = []
    for pid, score in found:
        reasons = why(tags.get(paper_id, []), tags.get(pid, []), vectors=phrases, n=3)
        names = tuple(r.a if r.a == r.b else f"{r.a} ≈ {r.b}" for r in reasons)
        out.append(Similar(pid, titles.get(pid, ""), score, names))
    return out


def _chunked(lib: Library, sql: str, ids: list[int]) -> list[tuple]:
    out: list[tuple] = []
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        out.extend(lib.reader.execute(sql.format(",".join("?" * len(part))), part))
    return out
