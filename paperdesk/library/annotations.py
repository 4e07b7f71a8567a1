"""The user's annotations: tags, notes, highlights, links and saved searches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from os.path import commonprefix
from typing import TYPE_CHECKING, Any

from paperdesk.errors import NotFoundError, UsageError
from paperdesk.library.changes import Change
from paperdesk.library.db import now
from paperdesk.library.writing import clean_tag
from paperdesk.records import HIGHLIGHT_COLORS, plural, quoted

if TYPE_CHECKING:
    from paperdesk.library.library import Library

#: The kinds of highlight a PDF page can carry.
PDF_KINDS = ("highlight", "underline", "note")


def _plural(n: int) -> str:
    return plural(n, "paper")


class _Manager:
    def __init__(self, lib: Library) -> None:
        self.lib = lib

    def _touch(self, ed, pid: int) -> None:  # noqa: ANN001
        """Track and bump the paper's modified time (annotations change the paper)."""
        ed.track("papers", "id = ?", [pid])
        self.lib.db.execute("UPDATE papers SET modified = ? WHERE id = ?", [now(), pid])


class TagManager(_Manager):
    """``lib.tags``: user tags and automatic suggestions."""

    def add(self, paper_ids: int | Iterable[int], names: Iterable[str]) -> Change:
        """Add user tags to one paper or several, as one undo step (an existing suggestion
        of that name becomes a user tag)."""
        ids = self.lib.papers.require([paper_ids] if isinstance(paper_ids, int) else paper_ids)
        names = [n for n in (clean_tag(x) for x in names) if n]
        if not names:
            raise UsageError("no tag name given")
        if not ids:
            return Change("tags", frozenset(), "Nothing to do")
        marks, qnames = ",".join("?" * len(ids)), ",".join("?" * len(names))
        with self.lib.edit(f"Tag {', '.join(names)} on {_plural(len(ids))}", ids) as ed:
            ed.track("papers", f"id IN ({marks})", ids)
            ed.track("tags", f"paper_id IN ({marks}) AND name IN ({qnames})", [*ids, *names])
            self.lib.db.execute(f"UPDATE papers SET modified = ? WHERE id IN ({marks})",
                                [now(), *ids])
            self.lib.db.conn.executemany(
                "INSERT INTO tags (paper_id, name, source, score, rejected) "
                "VALUES (?, ?, 'user', NULL, 0) ON CONFLICT (paper_id, name) DO UPDATE "
                "SET source = 'user', rejected = 0",
                [(pid, name) for pid in ids for name in names],
            )
        return Change("tags", frozenset(ids),
                      f"Tagged {_plural(len(ids))} with {', '.join(names)}")

    def remove(self, paper_ids: int | Iterable[int], names: Iterable[str]) -> Change:
        """Remove tags of any source (use :meth:`reject` to refuse a suggestion for good).

        One paper: each tag must be there. Several: the tags go from those that have them,
        as one undo step.
        """
        single = isinstance(paper_ids, int)
        ids = self.lib.papers.require([paper_ids] if single else paper_ids)
        names = [clean_tag(n) for n in names]
        if not ids or not names:
            return Change("tags", frozenset(), "Nothing to do")
        marks, qnames = ",".join("?" * len(ids)), ",".join("?" * len(names))
        having = [r[0] for r in self.lib.reader.execute(
            f"SELECT DISTINCT paper_id FROM tags WHERE paper_id IN ({marks}) "
            f"AND name IN ({qnames})", [*ids, *names])]
        if single:
            have = {t.name for t in self.lib.papers.get(ids[0]).tags}
            missing = [n for n in names if n not in have]
            if missing:
                raise NotFoundError(f"paper {ids[0]} has no tag {missing[0]!r}")
        if not having:
            return Change("tags", frozenset(), "Nothing to do")
        hmarks = ",".join("?" * len(having))
        with self.lib.edit(f"Untag {', '.join(names)} on {_plural(len(having))}",
                           having) as ed:
            ed.track("papers", f"id IN ({hmarks})", having)
            ed.track("tags", f"paper_id IN ({hmarks}) AND name IN ({qnames})",
                     [*having, *names])
            self.lib.db.execute(f"UPDATE papers SET modified = ? WHERE id IN ({hmarks})",
                                [now(), *having])
            self.lib.db.execute(f"DELETE FROM tags WHERE paper_id IN ({hmarks}) "
                                f"AND name IN ({qnames})", [*having, *names])
        return Change("tags", frozenset(having),
                      f"Removed {plural(len(names), 'tag')} from {_plural(len(having))}")

    def counts_among(self, paper_ids: Sequence[int], suggested: bool = False
                     ) -> list[tuple[str, int]]:
        """(user tag, how many of ``paper_ids`` have it), most common first; with
        ``suggested``, the suggestions they have (not rejected) instead."""
        out: dict[str, int] = {}
        ids = list(paper_ids)
        source = "auto" if suggested else "user"
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for name, n in self.lib.reader.execute(
                    "SELECT name, count(*) FROM tags WHERE source = ? AND rejected = 0 "
                    f"AND paper_id IN ({','.join('?' * len(chunk))}) GROUP BY name",
                    [source, *chunk]):
                out[name] = out.get(name, 0) + n
        return sorted(out.items(), key=lambda kv: (-kv[1], kv[0].casefold()))

    def accept(self, paper_ids: int | Iterable[int], name: str) -> Change:
        """Turn an automatic suggestion into a user tag, on one paper or on those of
        several that have it suggested (one undo step)."""
        ids, name = self._suggested_among(paper_ids, clean_tag(name))
        return self.add(ids, [name])

    def reject(self, paper_ids: int | Iterable[int], name: str) -> Change:
        """Reject a suggestion: hidden from the paper (or from those of several that have
        it) and never suggested again for it (one undo step)."""
        ids, name = self._suggested_among(paper_ids, clean_tag(name))
        marks = ",".join("?" * len(ids))
        with self.lib.edit(f"Reject tag {name}", ids) as ed:
            for pid in ids:
                self._touch(ed, pid)
            ed.track("tags", f"paper_id IN ({marks}) AND name = ?", [*ids, name])
            self.lib.db.execute(
                f"UPDATE tags SET rejected = 1 WHERE paper_id IN ({marks}) AND name = ? "
                "AND source = 'auto'", [*ids, name])
        return Change("tags", frozenset(ids), f"Rejected tag {name}"
                      + (f" on {_plural(len(ids))}" if len(ids) > 1 else ""))

    def _suggested_among(self, paper_ids: int | Iterable[int], name: str
                         ) -> tuple[list[int], str]:
        """The papers among ``paper_ids`` that have ``name`` suggested (not rejected), and
        the suggestion's name as written (typed in another case, "Machine Translation",
        it is still found).

        Raises:
            NotFoundError: none has (naming the paper when there is one, and saying so
                when it was rejected).
        """
        one = isinstance(paper_ids, int)
        ids = self.lib.papers.require([paper_ids] if one else paper_ids)
        found: list[tuple[int, str, int]] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            found += self.lib.db.execute(
                "SELECT paper_id, name, rejected FROM tags WHERE source = 'auto' "
                f"AND name = ? COLLATE NOCASE AND paper_id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY paper_id", [name, *chunk]).fetchall()
        live = [(pid, n) for pid, n, rejected in found if not rejected]
        written = name if any(n == name for _, n in live) else min(
            (n for _, n in live), default=name)
        having = [pid for pid, n in live if n == written]
        if not having:
            why = " (you rejected it)" if found else ""
            if len(ids) == 1:
                raise NotFoundError(f"paper {ids[0]} has no suggested tag “{name}”{why}")
            raise NotFoundError(
                f"none of the {len(ids)} papers has the suggested tag “{name}”{why}")
        return having, written

    def set_suggestions(self, suggestions: dict[int, Sequence[tuple[str, float]]],
                        replace: bool = True) -> Change:
        """Store automatic tags (not undoable): replaces earlier suggestions unless rejected.

        A suggestion never overrides a user tag or a rejection of the same name.
        """
        ids = list(suggestions)
        with self.lib.edit("Auto-tag", ids, undoable=False):
            db = self.lib.db
            for pid, tags in suggestions.items():
                if replace:
                    db.execute(
                        "DELETE FROM tags WHERE paper_id = ? AND source = 'auto' AND rejected = 0",
                        [pid],
                    )
                db.conn.executemany(
                    "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
                    "VALUES (?, ?, 'auto', ?, 0)",
                    [(pid, clean_tag(name), float(score)) for name, score in tags],
                )
        return Change("tags", frozenset(ids), f"Suggested tags for {plural(len(ids), 'paper')}")

    def _papers_tagged(self, name: str) -> list[int]:
        return [r[0] for r in self.lib.db.execute("SELECT paper_id FROM tags WHERE name = ?",
                                                  [name])]

    def counts(self, include_suggested: bool = False) -> list[tuple[str, int]]:
        """(tag, number of papers outside the trash), most used first."""
        where = "" if include_suggested else "AND t.source = 'user'"
        return [
            (r[0], r[1])
            for r in self.lib.reader.execute(
                "SELECT t.name, count(*) FROM tags t JOIN papers p ON p.id = t.paper_id "
                f"WHERE p.trashed IS NULL AND t.rejected = 0 {where} "
                "GROUP BY t.name ORDER BY count(*) DESC, t.name COLLATE NOCASE"
            )
        ]

    def rename(self, old: str, new: str) -> Change:
        """Rename (or, if ``new`` exists on a paper, merge into) a tag everywhere."""
        old, new = clean_tag(old), clean_tag(new)
        if not new:
            raise UsageError("the new tag name is empty")
        ids = self._papers_tagged(old)
        if not ids:
            raise NotFoundError(f"no tag named “{old}”")
        with self.lib.edit(f"Rename tag “{old}” to “{new}”", ids) as ed:
            self.rename_in(ed, old, new)
        return Change("tags", frozenset(ids), f"Renamed tag “{old}” to “{new}”")

    def rename_in(self, ed, old: str, new: str) -> list[int]:  # noqa: ANN001
        """Within the edit ``ed``: rename the tag ``old`` (and its suggestions) to ``new``
        on every paper that has it, merging into ``new`` where a paper has both; returns
        those papers."""
        ids = self._papers_tagged(old)
        ed.track("tags", "name IN (?, ?)", [old, new])
        for pid in ids:
            self._touch(ed, pid)
            self.lib.db.execute(
                "INSERT INTO tags (paper_id, name, source, score, rejected) "
                "SELECT paper_id, ?, source, score, rejected FROM tags "
                "WHERE paper_id = ? AND name = ? "
                "ON CONFLICT (paper_id, name) DO UPDATE SET "
                "source = CASE WHEN excluded.source = 'user' THEN 'user' ELSE source END, "
                "rejected = min(rejected, excluded.rejected)",
                [new, pid, old],
            )
            self.lib.db.execute("DELETE FROM tags WHERE paper_id = ? AND name = ?", [pid, old])
        return ids

    def merge(self, sources: Iterable[str], target: str) -> Change:
        """Merge several tags into ``target``, as one undoable edit."""
        target = clean_tag(target)
        if not target:
            raise UsageError("the new tag name is empty")
        names = [n for n in dict.fromkeys(clean_tag(x) for x in sources) if n and n != target]
        tagged = {name: self._papers_tagged(name) for name in names}
        for name, ids in tagged.items():
            if not ids:
                raise NotFoundError(f"no tag named “{name}”")
        every = sorted({pid for ids in tagged.values() for pid in ids})
        if names:
            with self.lib.edit(f"Merge tags {quoted(names)} into “{target}”", every) as ed:
                for name in names:
                    self.rename_in(ed, name, target)
        return Change("tags", frozenset(every), f"Merged {quoted(names)} into “{target}”")

    def delete(self, name: str) -> Change:
        """Remove a tag from every paper."""
        name = clean_tag(name)
        ids = self._papers_tagged(name)
        if not ids:
            raise NotFoundError(f"no tag named “{name}”")
        with self.lib.edit(f"Delete tag “{name}”", ids) as ed:
            ed.track("tags", "name = ?", [name])
            for pid in ids:
                self._touch(ed, pid)
            self.lib.db.execute("DELETE FROM tags WHERE name = ?", [name])
        return Change("tags", frozenset(ids), f"Deleted tag “{name}”")


class NoteManager(_Manager):
    """``lib.notes``: one Markdown note per paper."""

    def get(self, paper_id: int) -> str:
        """The note of a paper ("" when none)."""
        row = self.lib.reader.execute(
            "SELECT text FROM notes WHERE paper_id = ?", [int(paper_id)]
        ).fetchone()
        return row[0] if row else ""

    def set(self, paper_id: int, text: str) -> Change:
        """Replace the note (an empty text deletes it)."""
        (pid,) = self.lib.papers.require([paper_id])
        with self.lib.edit("Edit note", [pid]) as ed:
            self._touch(ed, pid)
            ed.track("notes", "paper_id = ?", [pid])
            if text.strip():
                self.lib.db.execute(
                    "INSERT INTO notes (paper_id, text, modified) VALUES (?, ?, ?) "
                    "ON CONFLICT (paper_id) DO UPDATE SET text = excluded.text, "
                    "modified = excluded.modified",
                    [pid, text, now()],
                )
            else:
                self.lib.db.execute("DELETE FROM notes WHERE paper_id = ?", [pid])
        return Change("note", frozenset({pid}), "Edited note")


#: characters either side of a highlight compared when its text is found again
CONTEXT = 24


def reanchor_highlights(db: Any, paper_id: int, old: str, new: str) -> None:
    """After an abstract edit (``old`` to ``new``), move each highlight of ``paper_id`` to
    where its quoted text now is: the occurrence whose surrounding words best match the old
    ones, then the nearest. A quote no longer in the abstract keeps its text and comment,
    with an empty span (start = end = 0): "detached"."""
    rows = db.execute('SELECT id, start, "end", text FROM highlights '
                      "WHERE paper_id = ? AND page IS NULL", [paper_id]).fetchall()
    for hid, start, end, quote in rows:
        before, after = old[max(0, start - CONTEXT):start], old[end:end + CONTEXT]

        def fit(at: int, quote: str = quote, before: str = before, after: str = after,
                start: int = start) -> tuple[int, int]:
            same = len(commonprefix([before[::-1], new[max(0, at - CONTEXT):at][::-1]]))
            same += len(commonprefix([after, new[at + len(quote):at + len(quote) + CONTEXT]]))
            return -same, abs(at - start)

        places, at = [], new.find(quote) if quote else -1
        while at >= 0:
            places.append(at)
            at = new.find(quote, at + 1)
        at = min(places, key=fit) if places else 0
        db.execute('UPDATE highlights SET start = ?, "end" = ? WHERE id = ?',
                   [at, at + len(quote) if places else 0, hid])


def check_color(color: str) -> str:
    """``color`` if it is a highlight colour, else :class:`UsageError` naming the choices."""
    if color not in HIGHLIGHT_COLORS:
        raise UsageError(f"unknown highlight colour {color!r} "
                         f"(choose {', '.join(HIGHLIGHT_COLORS)})")
    return color


class HighlightManager(_Manager):
    """``lib.highlights``: highlighted spans of abstracts, with comments."""

    def add(self, paper_id: int, start: int, end: int, comment: str = "",
            color: str = "yellow") -> Change:
        """Highlight characters ``start:end`` of the abstract; the quoted text is stored."""
        check_color(color)
        paper = self.lib.papers.get(paper_id)
        if start >= end:
            raise UsageError(f"highlight {start}..{end} is empty or reversed: "
                             "the start must come before the end")
        if not 0 <= start < end <= len(paper.abstract):
            raise UsageError(
                f"highlight {start}..{end} is outside the abstract (0..{len(paper.abstract)})"
            )
        pid = int(paper.id)  # type: ignore[arg-type]
        with self.lib.edit("Add highlight", [pid]) as ed:
            self._touch(ed, pid)
            ed.track("highlights", "paper_id = ?", [pid])
            cur = self.lib.db.execute(
                'INSERT INTO highlights (paper_id, start, "end", text, comment, color, created) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [pid, start, end, paper.abstract[start:end], comment, color, now()],
            )
        return Change("highlights", frozenset({pid}), "Added highlight",
                      details={"highlight_id": cur.lastrowid})

    def add_pdf(self, paper_id: int, page: int, quads: Sequence[Sequence[float]], text: str,
                comment: str = "", color: str = "yellow", kind: str = "highlight",
                origin: str = "") -> Change:
        """Highlight ``text`` on PDF page ``page`` (0-based) covering ``quads``
        (``[x0, y0, x1, y1]`` rectangles in PDF points, origin bottom-left).

        ``kind`` is highlight, underline or note (a note may have no quads: it is pinned at
        its first rectangle or the page's top). ``origin`` records where it came from.
        """
        check_color(color)
        (pid,) = self.lib.papers.require([paper_id])
        if kind not in PDF_KINDS:
            raise UsageError(f"unknown highlight kind {kind!r} (use {', '.join(PDF_KINDS)})")
        if page < 0:
            raise UsageError(f"page {page + 1} does not exist")
        boxes = [[round(float(v), 2) for v in quad] for quad in quads]
        if any(len(b) != 4 for b in boxes):
            raise UsageError("a highlight rectangle needs four numbers: x0 y0 x1 y1")
        with self.lib.edit("Add highlight", [pid]) as ed:
            self._touch(ed, pid)
            ed.track("highlights", "paper_id = ?", [pid])
            cur = self.lib.db.execute(
                'INSERT INTO highlights (paper_id, start, "end", text, comment, color, created, '
                "page, quads, kind, origin) VALUES (?, 0, 0, ?, ?, ?, ?, ?, ?, ?, ?)",
                [pid, text, comment, color, now(), page, json.dumps(boxes), kind, origin],
            )
        return Change("highlights", frozenset({pid}), "Added highlight",
                      details={"highlight_id": cur.lastrowid})

    def add_text(self, paper_id: int, text: str, comment: str = "",
                 color: str = "yellow") -> Change:
        """Highlight the first occurrence of ``text`` in the abstract (exact, then ignoring
        case and runs of white space); :class:`UsageError` when it is not there."""
        check_color(color)
        abstract = self.lib.papers.get(paper_id).abstract
        if not text.strip():
            raise UsageError("give the text to highlight")
        start = abstract.find(text)
        end = start + len(text)
        if start < 0:
            import re

            words = [re.escape(w) for w in text.split()]
            m = re.search(r"\s+".join(words), abstract, re.IGNORECASE)
            if not m:
                raise UsageError(f"paper {paper_id}'s abstract does not contain {text!r}")
            start, end = m.span()
        return self.add(paper_id, start, end, comment=comment, color=color)

    def update(self, highlight_id: int, comment: str | None = None,
               color: str | None = None) -> Change:
        """Change a highlight's comment or colour."""
        if color is not None:
            check_color(color)
        pid = self._paper_of(highlight_id)
        with self.lib.edit("Edit highlight", [pid]) as ed:
            self._touch(ed, pid)
            ed.track("highlights", "id = ?", [highlight_id])
            if comment is not None:
                self.lib.db.execute("UPDATE highlights SET comment = ? WHERE id = ?",
                                    [comment, highlight_id])
            if color is not None:
                self.lib.db.execute("UPDATE highlights SET color = ? WHERE id = ?",
                                    [color, highlight_id])
        return Change("highlights", frozenset({pid}), "Edited highlight")

    def remove(self, highlight_id: int) -> Change:
        """Delete a highlight."""
        pid = self._paper_of(highlight_id)
        with self.lib.edit("Remove highlight", [pid]) as ed:
            self._touch(ed, pid)
            ed.track("highlights", "id = ?", [highlight_id])
            self.lib.db.execute("DELETE FROM highlights WHERE id = ?", [highlight_id])
        return Change("highlights", frozenset({pid}), "Removed highlight")

    def _paper_of(self, highlight_id: int) -> int:
        row = self.lib.db.execute(
            "SELECT paper_id FROM highlights WHERE id = ?", [highlight_id]
        ).fetchone()
        if not row:
            raise NotFoundError(f"no highlight with id {highlight_id}")
        return row[0]


class LinkManager(_Manager):
    """``lib.links``: undirected links between related papers."""

    def add(self, a: int, b: int, note: str = "") -> Change:
        """Link two papers (linking again updates the note)."""
        a, b = sorted(self.lib.papers.require([a, b]))
        if a == b:
            raise UsageError("a paper cannot be linked to itself")
        with self.lib.edit(f"Link {a} and {b}", [a, b]) as ed:
            ed.track("links", "a = ? AND b = ?", [a, b])
            self.lib.db.execute(
                "INSERT INTO links (a, b, note, created) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (a, b) DO UPDATE SET note = excluded.note",
                [a, b, note, now()],
            )
        return Change("links", frozenset({a, b}), f"Linked {a} and {b}")

    def add_many(self, paper_id: int, others: Iterable[int]) -> Change:
        """Link ``paper_id`` to each of ``others``, as one edit (one undo)."""
        others = sorted({int(o) for o in others} - {int(paper_id)})
        ids = self.lib.papers.require([paper_id, *others])
        if not others:
            raise UsageError("a paper cannot be linked to itself")
        pairs = [tuple(sorted((int(paper_id), o))) for o in others]
        with self.lib.edit(f"Link {len(others)} papers to {paper_id}", ids) as ed:
            for a, b in pairs:
                ed.track("links", "a = ? AND b = ?", [a, b])
            self.lib.db.conn.executemany(
                "INSERT INTO links (a, b, note, created) VALUES (?, ?, '', ?) "
                "ON CONFLICT (a, b) DO NOTHING", [(a, b, now()) for a, b in pairs])
        return Change("links", frozenset(ids),
                      f"Linked {_plural(len(others))} to {paper_id}")

    def remove(self, a: int, b: int) -> Change:
        """Remove the link between two papers."""
        a, b = sorted((int(a), int(b)))
        with self.lib.edit(f"Unlink {a} and {b}", [a, b]) as ed:
            ed.track("links", "a = ? AND b = ?", [a, b])
            cur = self.lib.db.execute("DELETE FROM links WHERE a = ? AND b = ?", [a, b])
            if cur.rowcount == 0:
                raise NotFoundError(f"papers {a} and {b} are not linked")
        return Change("links", frozenset({a, b}), f"Unlinked {a} and {b}")

    def of(self, paper_id: int) -> list[tuple[int, str]]:
        """(linked paper id, link note) for a paper."""
        pid = int(paper_id)
        return [
            (r[0], r[1])
            for r in self.lib.reader.execute(
                "SELECT CASE WHEN a = ? THEN b ELSE a END, note FROM links "
                "WHERE a = ? OR b = ? ORDER BY created",
                [pid, pid, pid],
            )
        ]


class SavedSearchManager(_Manager):
    """``lib.saved``: named queries shown in the sidebar."""

    def add(self, name: str, query: str, replace: bool = True) -> Change:
        """Save a named query; the query is checked first. An existing search of that name
        is replaced only with ``replace`` (else :class:`UsageError`)."""
        name = name.strip()
        if not name:
            raise UsageError("a saved search needs a name")
        self.lib.index.parse(query)
        with self.lib.edit("Save search", undoable=False):
            old = self.lib.db.execute("SELECT query FROM saved_searches WHERE name = ?",
                                      [name]).fetchone()
            if old is not None and not replace and old[0] != query:
                raise UsageError(f"a saved search named {name!r} exists ({old[0]!r}); "
                                 "use --replace to overwrite it")
            self.lib.db.execute(
                "INSERT INTO saved_searches (name, query, created) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET query = excluded.query",
                [name, query, now()],
            )
        return Change("saved", description=f"Saved search {name}")

    def get(self, name: str) -> str:
        """The query of the saved search ``name`` (raises :class:`NotFoundError`)."""
        row = self.lib.reader.execute("SELECT query FROM saved_searches WHERE name = ?",
                                      [name]).fetchone()
        if row is None:
            raise NotFoundError(f"no saved search named {name!r}")
        return row[0]

    def list(self) -> list[tuple[str, str]]:
        """(name, query) of every saved search, by name."""
        return [
            (r[0], r[1])
            for r in self.lib.reader.execute(
                "SELECT name, query FROM saved_searches ORDER BY name COLLATE NOCASE"
            )
        ]

    def remove(self, name: str) -> Change:
        """Delete a saved search."""
        with self.lib.edit("Remove saved search", undoable=False):
            cur = self.lib.db.execute("DELETE FROM saved_searches WHERE name = ?", [name])
            if cur.rowcount == 0:
                raise NotFoundError(f"no saved search named {name!r}")
        return Change("saved", description=f"Removed saved search {name}")
