"""Reading papers and their annotations out of SQLite into :class:`Paper` records."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from paperdesk.library.collections import paths_of
from paperdesk.records import Author, Highlight, Paper, Tag

if TYPE_CHECKING:  # sqlite-utils is imported where its table API is used
    import sqlite_utils

_CHUNK = 500


def load_papers(db: sqlite_utils.Database, ids: Sequence[int]) -> list[Paper]:
    """The papers with ``ids``, in that order, with authors and annotations (missing skipped)."""
    out: dict[int, Paper] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        out.update(_load_chunk(db, chunk))
    return [out[i] for i in ids if i in out]


def _load_chunk(db: sqlite_utils.Database, ids: list[int]) -> dict[int, Paper]:
    marks = ",".join("?" * len(ids))
    papers: dict[int, Paper] = {}
    for r in db.query(f"SELECT * FROM papers WHERE id IN ({marks})", ids):
        papers[r["id"]] = Paper(
            id=r["id"],
            key=r["key"],
            title=r["title"],
            abstract=r["abstract"],
            year=r["year"],
            venue=r["venue"],
            entry_type=r["entry_type"],
            doi=r["doi"],
            arxiv_id=r["arxiv_id"],
            url=r["url"],
            extra=json.loads(r["extra"] or "{}"),
            stars=r["stars"],
            read=r["read"],
            added=r["added"],
            modified=r["modified"],
            trashed=r["trashed"],
        )
    q = db.query
    for r in q(f"SELECT * FROM authors WHERE paper_id IN ({marks}) ORDER BY position", ids):
        papers[r["paper_id"]].authors.append(
            Author(family=r["family"], given=r["given"], prefix=r["prefix"], suffix=r["suffix"])
        )
    for r in q(f"SELECT * FROM tags WHERE paper_id IN ({marks}) ORDER BY source DESC, id", ids):
        papers[r["paper_id"]].tags.append(
            Tag(name=r["name"], source=r["source"], score=r["score"], rejected=bool(r["rejected"]))
        )
    for r in q(f"SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", ids):
        papers[r["paper_id"]].note = r["text"]
    for r in q(f"SELECT * FROM highlights WHERE paper_id IN ({marks}) "
               "ORDER BY page IS NOT NULL, page, start, id", ids):
        papers[r["paper_id"]].highlights.append(
            Highlight(id=r["id"], start=r["start"], end=r["end"], text=r["text"],
                      comment=r["comment"], color=r["color"], page=r["page"],
                      quads=json.loads(r["quads"]) if r["quads"] else [],
                      kind=r["kind"], origin=r["origin"])
        )
    for r in q(f"SELECT a, b FROM links WHERE a IN ({marks}) OR b IN ({marks})", ids + ids):
        if r["a"] in papers:
            papers[r["a"]].links.append(r["b"])
        if r["b"] in papers:
            papers[r["b"]].links.append(r["a"])
    for r in q(f"SELECT paper_id, path FROM attachments WHERE paper_id IN ({marks})", ids):
        papers[r["paper_id"]].attachments.append(r["path"])
    for pid, paths in paths_of(db, list(papers)).items():
        papers[pid].collections = paths
    return papers


LIST_SORTS = {
    "added": "id DESC",
    "year": "year IS NULL, year DESC, id DESC",
    "title": "title COLLATE NOCASE",
    "stars": "stars DESC, id DESC",
    "modified": "modified DESC",
    "id": "id",
}


def list_ids(db: sqlite_utils.Database, sort: str = "added", trashed: bool = False) -> list[int]:
    """Ids of all papers (or of trashed ones) in the given order."""
    from paperdesk.errors import UsageError

    if sort not in LIST_SORTS:
        raise UsageError(f"unknown sort '{sort}' (one of {', '.join(LIST_SORTS)})")
    where = "trashed IS NOT NULL" if trashed else "trashed IS NULL"
    sql = f"SELECT id FROM papers WHERE {where} ORDER BY {LIST_SORTS[sort]}"
    return [r[0] for r in db.execute(sql)]
