"""The browse API: what a window (or any list of papers) shows, read fast.

Ids for a sidebar view (:func:`filter_ids`), ids in a column's order (:func:`sorted_ids`),
the rows of a page of ids (:func:`table_rows`, :func:`table_fill`), sidebar counts
(:func:`sidebar_counts`, :func:`tag_counts`), tag names and titles. Everything here reads
through ``lib.reader`` (the calling thread's read-only connection), so it runs on any
thread; no Qt.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paperdesk.library.library import Library

_CHUNK = 500


def math_to_unicode(title: str) -> str:
    """A title as shown: LaTeX math as Unicode (the exporters' decoder, imported only for a
    title with math: its LaTeX parser would slow the window's start)."""
    if "$" not in title:
        return title
    from paperdesk.mathtext import math_to_unicode as decode

    return decode(title)


@dataclass(frozen=True)
class Row:
    """What the paper table shows for one paper."""

    id: int
    title: str
    authors: str
    year: int | None
    venue: str
    stars: int
    tags: str
    added: str
    read: str
    has_pdf: bool
    key: str = ""
    doi: str = ""
    pages: str = ""
    modified: str = ""
    #: the automatic suggestions not rejected (``tags`` holds the user's own tags only)
    suggested: str = ""


@dataclass(frozen=True)
class TableFill:
    """What the table shows next, prepared off the GUI thread: the ids in order, search
    snippets, the first page of rows, and each id's row (the window needs them at once,
    and at 100,000 papers building them would hold up the GUI thread)."""

    ids: list[int]
    snippets: dict[int, str]
    rows: dict[int, Row]
    positions: dict[int, int]
    since: int = -1  #: the model's row version when the rows were asked for
    #: search hits' titles as HTML, matched words in ``<b>``
    titles: dict[int, str] = field(default_factory=dict)


def table_fill(lib: Library, ids: list[int], snippets: dict[int, str] | None = None,
               page: int = 200, since: int = -1,
               titles: dict[int, str] | None = None) -> TableFill:
    """A :class:`TableFill` for ``ids`` (reads the first ``page`` rows); ``since``: the
    model's :attr:`row_version` before the read began."""
    return TableFill(ids, snippets or {}, table_rows(lib, ids[:page]),
                     {pid: row for row, pid in enumerate(ids)}, since, titles or {})


def _authors_text(names: list[str]) -> str:
    if len(names) > 3:
        return f"{names[0]}, {names[1]}, {names[2]} et al."
    return ", ".join(names)


def table_rows(lib: Library, ids: Sequence[int]) -> dict[int, Row]:
    """Table rows for ``ids`` (missing ids are left out)."""
    db = lib.reader
    out: dict[int, Row] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        authors: dict[int, list[str]] = {}
        for pid, given, prefix, family in db.execute(
            f"SELECT paper_id, given, prefix, family FROM authors WHERE paper_id IN ({marks}) "
            "ORDER BY paper_id, position", chunk):
            authors.setdefault(pid, []).append(" ".join(p for p in (given, prefix, family) if p))
        tags: dict[int, list[str]] = {}
        suggested: dict[int, list[str]] = {}
        for pid, name, source in db.execute(
            f"SELECT paper_id, name, source FROM tags WHERE paper_id IN ({marks}) "
            "AND rejected = 0 ORDER BY paper_id, id", chunk):
            (tags if source == "user" else suggested).setdefault(pid, []).append(name)
        pdfs = {r[0] for r in db.execute(
            f"SELECT DISTINCT paper_id FROM attachments WHERE paper_id IN ({marks})", chunk)}
        for pid, title, year, venue, stars, added, read, key, doi, pages, modified in db.execute(
            "SELECT id, title, year, venue, stars, added, read, key, doi, "
            "coalesce(json_extract(extra, '$.pages'), ''), modified "
            f"FROM papers WHERE id IN ({marks})", chunk):
            out[pid] = Row(pid, math_to_unicode(title), _authors_text(authors.get(pid, [])),
                           year, venue or "",
                           stars, ", ".join(tags.get(pid, [])), (added or "")[:10], read,
                           pid in pdfs, key or "", doi or "", str(pages), (modified or "")[:10],
                           ", ".join(suggested.get(pid, [])))
    return out


#: column name -> SQL giving (id, sort key) for every paper
SORT_SQL = {
    "title": "SELECT id, title COLLATE NOCASE FROM papers",
    "authors": "SELECT p.id, (SELECT family FROM authors a WHERE a.paper_id = p.id "
               "AND a.position = 0) FROM papers p",
    "year": "SELECT id, year FROM papers",
    "venue": "SELECT id, venue FROM papers",
    "stars": "SELECT id, stars FROM papers",
    # the user's own tags (suggestions: SUGGESTED_SQL)
    "tags": "SELECT paper_id, min(name) FROM tags WHERE source = 'user' GROUP BY paper_id",
    "added": "SELECT id, id FROM papers",
    "key": "SELECT id, key FROM papers",
    "doi": "SELECT id, doi FROM papers",
    "pages": "SELECT id, CAST(json_extract(extra, '$.pages') AS TEXT) FROM papers",
    "read": "SELECT id, CASE read WHEN 'unread' THEN 0 WHEN 'reading' THEN 1 ELSE 2 END "
            "FROM papers",
    "rating": "SELECT id, stars FROM papers",
    "pdf": "SELECT p.id, EXISTS (SELECT 1 FROM attachments a WHERE a.paper_id = p.id) "
           "FROM papers p",
    "modified": "SELECT id, modified FROM papers",
}
#: (id, sort key) by the automatic suggestions not rejected
SUGGESTED_SQL = ("SELECT paper_id, min(name) FROM tags WHERE source = 'auto' AND rejected = 0 "
                 "GROUP BY paper_id")


def sorted_ids(lib: Library, ids: Sequence[int], column: str, descending: bool) -> list[int]:
    """``ids`` ordered by ``column``; papers without a value always come last. By tags:
    by the user's own tags; papers with suggestions only come after those (by their
    suggestions), then papers with none."""
    keys = dict(lib.reader.execute(SORT_SQL[column]))
    if column == "title":  # as shown: LaTeX math as Unicode ("M$^3$GPT" sorts as "M³GPT")
        keys = {k: (math_to_unicode(v) if "$" in v or "\\" in v else v).casefold()
                for k, v in keys.items() if v}
    elif column in ("authors", "venue", "tags", "key", "doi", "pages"):
        keys = {k: v.casefold() for k, v in keys.items() if v}
    have = [i for i in ids if keys.get(i) not in (None, "")]
    have.sort(key=keys.__getitem__, reverse=descending)
    rest = [i for i in ids if keys.get(i) in (None, "")]
    if column == "tags" and rest:
        auto = {k: v.casefold() for k, v in lib.reader.execute(SUGGESTED_SQL) if v}
        more = sorted((i for i in rest if i in auto), key=auto.__getitem__, reverse=descending)
        rest = more + [i for i in rest if i not in auto]
    return have + rest


# ---------------------------------------------------------------- sidebar filters
def filter_ids(lib: Library, kind: str, value: str = "", limit: int | None = None) -> list[int]:
    """Ids for a sidebar entry: all, starred, unread, recent, trash, tag (newest first),
    collection (its id; with sub-collections) or saved (a saved search's query).
    ``limit``: the first ones only (a window's first page)."""
    db = lib.reader
    if kind == "all":
        sql, args = "SELECT id FROM papers WHERE trashed IS NULL ORDER BY id DESC", []
    elif kind == "starred":
        sql, args = ("SELECT id FROM papers WHERE trashed IS NULL AND stars > 0 "
                     "ORDER BY stars DESC, id DESC"), []
    elif kind == "unread":
        sql, args = ("SELECT id FROM papers WHERE trashed IS NULL AND read = 'unread' "
                     "ORDER BY id DESC"), []
    elif kind == "recent":
        since = (datetime.now(UTC) - timedelta(days=30)).isoformat()
        sql, args = ("SELECT id FROM papers WHERE trashed IS NULL AND added >= ? "
                     "ORDER BY id DESC"), [since]
    elif kind == "trash":
        sql, args = "SELECT id FROM papers WHERE trashed IS NOT NULL ORDER BY trashed DESC", []
    elif kind == "collection":  # with its sub-collections
        return sorted(lib.collections.paper_ids(int(value)), reverse=True)[:limit]
    elif kind == "saved":  # a saved search: its query's matches, best first
        return [pid for pid, _ in lib.index.search_ids(value, limit=limit)]
    elif kind == "tag":
        sql, args = ("SELECT p.id FROM tags t JOIN papers p ON p.id = t.paper_id "
                     "WHERE t.name = ? AND t.rejected = 0 AND p.trashed IS NULL "
                     "ORDER BY p.id DESC"), [value]
    else:
        raise ValueError(f"unknown filter {kind!r}")
    if limit is not None:
        sql, args = f"{sql} LIMIT ?", [*args, limit]
    return [r[0] for r in db.execute(sql, args)]


def sidebar_counts(lib: Library) -> dict[str, int]:
    """Paper counts of the fixed sidebar entries."""
    since = (datetime.now(UTC) - timedelta(days=30)).isoformat()
    db = lib.reader
    # three reads of the (trashed, stars, read, added) index, each over only the rows it
    # counts: half the time of one pass over every row (at 100k papers ~50 ms, not ~100)
    total, unread, recent = db.execute(
        "SELECT count(*), sum(read = 'unread'), sum(added >= ?) FROM papers "
        "WHERE trashed IS NULL", [since]).fetchone()
    starred = db.execute(
        "SELECT count(*) FROM papers WHERE trashed IS NULL AND stars > 0").fetchone()[0]
    trash = db.execute("SELECT count(*) FROM papers WHERE trashed IS NOT NULL").fetchone()[0]
    return dict(zip(("all", "starred", "unread", "recent", "trash"),
                    (int(v or 0) for v in (total, starred, unread, recent, trash)),
                    strict=True))


def tag_counts(lib: Library, limit: int = 300) -> list[tuple[str, int, bool]]:
    """(tag, papers, is a user tag somewhere): user tags first, then suggestions shared
    by two papers or more (a suggestion on one paper only would clutter the list)."""
    rows = lib.reader.execute(
        "SELECT t.name, count(*), max(t.source = 'user') FROM tags t "
        "JOIN papers p ON p.id = t.paper_id WHERE p.trashed IS NULL AND t.rejected = 0 "
        "GROUP BY t.name HAVING max(t.source = 'user') OR count(*) >= 2 "
        "ORDER BY max(t.source = 'user') DESC, count(*) DESC, "
        "t.name COLLATE NOCASE LIMIT ?", [limit])
    return [(r[0], r[1], bool(r[2])) for r in rows]


def tag_aliases(lib: Library) -> dict[str, list[str]]:
    """Tag vocabulary entry -> its other names, most used first (for entries that have
    any): the spellings and merged topics a suggestion stands for."""
    return {name: names for name, aliases in lib.reader.execute(
        "SELECT name, aliases FROM tag_vocabulary") if (names := json.loads(aliases or "[]"))}


def all_tag_names(lib: Library) -> list[str]:
    """Every user tag name (for completion)."""
    return [r[0] for r in lib.reader.execute(
        "SELECT DISTINCT name FROM tags WHERE source = 'user' ORDER BY name COLLATE NOCASE")]


def is_trashed(lib: Library, paper_id: int) -> bool:
    """True when the paper is in the trash (False also when there is no such paper)."""
    row = lib.reader.execute("SELECT trashed FROM papers WHERE id = ?", [paper_id]).fetchone()
    return bool(row and row[0])


def titles(lib: Library, ids: Sequence[int]) -> dict[int, str]:
    """Titles of papers."""
    out: dict[int, str] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = list(ids[start : start + _CHUNK])
        out.update(lib.reader.execute(
            f"SELECT id, title FROM papers WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out
