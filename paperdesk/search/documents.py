"""Turning library rows into search documents (what the index holds for a paper)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from paperdesk.records import normalize_text

if TYPE_CHECKING:  # sqlite-utils is imported where its table API is used
    import sqlite_utils

_CHUNK = 500


def title_key(title: str) -> str:
    """A title as the index keys it: NFKC, case, punctuation and spacing ignored (for
    sorting, and to rank a pasted title's paper first)."""
    return normalize_text(unicodedata.normalize("NFKC", title))[:200]


def _grouped(db: sqlite_utils.Database, sql: str, ids: Sequence[int]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    marks = ",".join("?" * len(ids))
    for row in db.execute(sql.format(ids=marks), list(ids)):
        out.setdefault(row[0], []).append(row[1])
    return out


def _with_initials(row: str) -> str:
    """An author's name, then the initials of the given names it spells out
    ("Christopher D. Manning c"), so that "Manning, C. D." finds the paper."""
    name, _, given = row.partition("\x1f")
    initials = [part[0] for part in re.split(r"[\s.-]+", given) if len(part) > 1]
    return f"{name} {' '.join(initials)}" if initials else name


def documents_for(db: sqlite_utils.Database, ids: Sequence[int]) -> Iterator[dict[str, Any]]:
    """Yield one Whoosh document per existing paper id (missing ids are skipped)."""
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        authors = _grouped(
            db,
            "SELECT paper_id, trim(given || ' ' || prefix || ' ' || family) || "
            "char(31) || given FROM authors "
            "WHERE paper_id IN ({ids}) ORDER BY paper_id, position",
            chunk,
        )
        tags = _grouped(
            db,
            "SELECT paper_id, name FROM tags WHERE paper_id IN ({ids}) AND rejected = 0",
            chunk,
        )
        keyphrases = _grouped(
            db, "SELECT paper_id, phrase FROM keyphrases WHERE paper_id IN ({ids}) "
            "ORDER BY paper_id, rank", chunk
        )
        notes = dict(
            db.execute(f"SELECT paper_id, text FROM notes WHERE paper_id IN ({marks})", chunk)
        )
        highlights = _grouped(
            db,
            "SELECT paper_id, text || ' ' || comment FROM highlights "
            "WHERE paper_id IN ({ids})",
            chunk,
        )
        files = _grouped(
            db, "SELECT paper_id, fulltext FROM attachments WHERE paper_id IN ({ids})", chunk
        )
        collections = _grouped(
            db, "SELECT paper_id, 'c' || collection_id FROM collection_papers "
            "WHERE paper_id IN ({ids})", chunk
        )
        rows = db.execute(
            "SELECT id, title, abstract, year, venue, stars, read, trashed FROM papers "
            f"WHERE id IN ({marks})",
            chunk,
        )
        for pid, title, abstract, year, venue, stars, read, trashed in rows:
            note = notes.get(pid, "")
            has = []
            if note.strip():
                has.append("note")
            if pid in files:
                has.append("pdf")
            if abstract:
                has.append("abstract")
            doc: dict[str, Any] = {
                "id": str(pid),
                "num": pid,
                "title": title,
                "title_sort": title_key(title) or " ",
                "abstract": abstract,
                "authors": "; ".join(_with_initials(a) for a in authors.get(pid, [])),
                "tags": " ; ".join(tags.get(pid, [])),
                "tag": ",".join(t.replace(",", " ") for t in tags.get(pid, [])),
                "keyphrases": " ; ".join(keyphrases.get(pid, [])),
                "note": note,
                "highlights": "\n".join(highlights.get(pid, [])),
                "venue": f"{venue} {year}" if year is not None else venue,  # "Smith 2019"
                "fulltext": "\n".join(files.get(pid, [])),
                "stars": stars,
                "read": read,
                "has": " ".join(has) or "nothing",
                "collection": " ".join(collections.get(pid, [])),
                "trashed": "yes" if trashed else "no",
            }
            if year is not None:
                doc["year"] = year
            yield doc
