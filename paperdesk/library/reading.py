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


_PAPER_COLUMNS = ("id, key, title, abstract, year, venue, entry_type, doi, arxiv_id, url, extra, "
                  "stars, read, added, modified, trashed")


def _load_chunk(db: sqlite_utils.Database, ids: list[int]) -> dict[int, Paper]:
    # rows as tuples, not dictionaries: this is most of loading 20,000 papers to export
    marks = ",".join("?" * len(ids))
    papers: dict[int, Paper] = {}
    q = db.execute
    for (pid, key, title, abstract, year, venue, entry_type, doi, arxiv_id, url, extra, stars,
         read, added, modified, trashed) in q(
            f"SELECT {_PAPER_COLUMNS} FROM papers WHERE id IN ({marks})", ids):
        papers[pid] = Paper(
            id=pid, key=key, title=title, abstract=abstract, year=year, venue=venue,
            entry_type=entry_type, doi=doi, arxiv_id=arxiv_id, url=url,
            extra=json.loads(extra) if extra and extra != "{}" else {},
            stars=stars, read=read, added=added, modified=modified, trashed=trashed,
        )
    for pid, family, given, prefix, suffix in q(
            f"SELECT paper_id, family, given, prefix, suffix FROM authors "
            f"WHERE paper_id IN ({marks}) ORDER BY position", ids):
        papers[pid].authors.append(Author(family=family, given=given, prefix=prefix, suffix=suffix))
    for pid, name, source, score, rejected in q(
            f"SELECT paper_id, name, source, score, rejected FROM tags "
            f"WHERE paper_id IN ({marks}) ORDER BY source DESC, id", ids):
        papers[pid].tags.append(Tag(name=name, source=source, score=score, rejected=bool(rejected)))
    for pid, text in q(f"SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", ids):
        papers[pid].note = text
    for (pid, hid, start, end, text, comment, color, page, quads, kind, origin) in q(
            f"SELECT paper_id, id, start, end, text, comment, color, page, quads, kind, origin "
            f"FROM highlights WHERE paper_id IN ({marks}) "
            "ORDER BY page IS NOT NULL, page, start, id", ids):
        papers[pid].highlights.append(
            Highlight(id=hid, start=start, end=end, text=text, comment=comment, color=color,
                      page=page, quads=json.loads(quads) if quads else [], kind=kind,
                      origin=origin)
        )
    for a, b in q(f"SELECT a, b FROM links WHERE a IN ({marks}) OR b IN ({marks})", ids + ids):
        if a in papers:
            papers[a].links.append(b)
        if b in papers:
            papers[b].links.append(a)
    for pid, path in q(f"SELECT paper_id, path FROM attachments WHERE paper_id IN ({marks})", ids):
        papers[pid].attachments.append(path)
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
