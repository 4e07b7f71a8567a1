"""Low-level writes shared by the managers and the importer (inside a transaction)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from paperdesk.library.db import now
from paperdesk.library.keys import base_key, unique_key
from paperdesk.records import READ_STATES, Author, Highlight, Paper

if TYPE_CHECKING:  # sqlite-utils is imported where its table API is used
    import sqlite_utils

EDITABLE_FIELDS = (
    "title", "abstract", "year", "venue", "entry_type", "doi", "arxiv_id", "url", "key",
)


def taken_keys(db: sqlite_utils.Database) -> set[str]:
    """All citation keys in use."""
    return {r[0] for r in db.execute("SELECT key FROM papers")}


def insert_paper(db: sqlite_utils.Database, paper: Paper, taken: set[str]) -> int:
    """Insert a new paper with its authors and annotations; returns its id."""
    stamp = now()
    key = unique_key(paper.key or base_key(paper), taken)
    cur = db.execute(
        "INSERT INTO papers (key, title, abstract, year, venue, entry_type, doi, arxiv_id, url,"
        " extra, stars, read, added, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            key, paper.title, paper.abstract, paper.year, paper.venue,
            paper.entry_type or "article", paper.doi, paper.arxiv_id, paper.url,
            json.dumps(paper.extra, ensure_ascii=False), clamp_stars(paper.stars),
            paper.read if paper.read in READ_STATES else "unread", stamp, stamp,
        ],
    )
    pid = int(cur.lastrowid)
    write_authors(db, pid, paper.authors)
    for tag in paper.tags:
        db.execute(
            "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
            "VALUES (?,?,?,?,?)",
            [pid, clean_tag(tag.name), tag.source, tag.score, int(tag.rejected)],
        )
    if paper.note.strip():
        db.execute("INSERT INTO notes (paper_id, text, modified) VALUES (?,?,?)",
                   [pid, paper.note, stamp])
    for h in paper.highlights:
        write_highlight(db, pid, h, stamp)
    write_collections(db, pid, paper.collections)
    return pid


def write_highlight(db: sqlite_utils.Database, pid: int, h: Highlight, stamp: str) -> None:
    """Insert one highlight of paper ``pid``: an abstract span or a PDF-page highlight."""
    on_pdf = h.page is not None
    db.execute(
        'INSERT INTO highlights (paper_id, start, "end", text, comment, color, created, '
        "page, quads, kind, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [pid, 0 if on_pdf else h.start, 0 if on_pdf else h.end, h.text, h.comment, h.color,
         stamp, h.page, json.dumps(h.quads) if on_pdf else "", h.kind, h.origin],
    )


def write_collections(db: sqlite_utils.Database, pid: int, paths: list[str]) -> None:
    """Put paper ``pid`` in the collections at ``paths`` (created when missing)."""
    if not paths:
        return
    from paperdesk.library.collections import CollectionTree, add_members, ensure_path

    tree = CollectionTree(db)
    for path in paths:
        add_members(db, ensure_path(db, path, tree), [pid])


def write_authors(db: sqlite_utils.Database, pid: int, authors: list[Author]) -> None:
    """Replace the author list of paper ``pid``."""
    db.execute("DELETE FROM authors WHERE paper_id = ?", [pid])
    for pos, a in enumerate(authors):
        db.execute(
            "INSERT INTO authors (paper_id, position, family, given, prefix, suffix) "
            "VALUES (?,?,?,?,?,?)",
            [pid, pos, a.family, a.given, a.prefix, a.suffix],
        )


def update_fields(db: sqlite_utils.Database, pid: int, fields: dict[str, Any]) -> None:
    """Set columns of a paper row and bump its modified time."""
    fields = {**fields, "modified": now()}
    sets = ", ".join(f'"{k}" = ?' for k in fields)
    db.execute(f"UPDATE papers SET {sets} WHERE id = ?", [*fields.values(), pid])


def clamp_stars(stars: Any) -> int:
    """Stars as an int in 0–5."""
    try:
        return max(0, min(5, int(stars or 0)))
    except (TypeError, ValueError):
        return 0


def clean_tag(name: str) -> str:
    """A tag name with spaces collapsed (tags keep their case)."""
    return " ".join(name.split())
