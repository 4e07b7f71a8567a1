"""``lib.papers``: adding, editing, starring, read state, trash and listing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperdesk.errors import NotFoundError, UsageError
from paperdesk.library.changes import Change
from paperdesk.library.db import now
from paperdesk.library.reading import list_ids, load_papers
from paperdesk.library.undo import forget_papers
from paperdesk.library.writing import (
    EDITABLE_FIELDS,
    clamp_stars,
    insert_paper,
    taken_keys,
    update_fields,
    write_authors,
)
from paperdesk.records import READ_STATES, Author, Paper, normalize_text, plural

if TYPE_CHECKING:
    from paperdesk.library.library import Library


@dataclass(frozen=True)
class SelectionSummary:
    """What several papers have in common, for a panel that edits them all at once.

    Attributes:
        count: how many papers.
        stars: their star ratings (one value: all the same).
        read: their read states.
        trashed: how many of them are in the trash.
        tags: (user tag, how many of the papers have it), most common first.
        suggested: (suggested tag, how many of the papers have it suggested), likewise.
    """

    count: int
    stars: frozenset[int]
    read: frozenset[str]
    trashed: int
    tags: list[tuple[str, int]] = field(default_factory=list)
    suggested: list[tuple[str, int]] = field(default_factory=list)


def _plural(n: int) -> str:
    return plural(n, "paper")


class PaperManager:
    """Papers: the rows of the library."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    # ------------------------------------------------------------ reading
    def get(self, paper_id: int) -> Paper:
        """One paper with its annotations; raises :class:`NotFoundError`."""
        found = load_papers(self.lib.reader, [int(paper_id)])
        if not found:
            raise NotFoundError(f"no paper with id {paper_id}")
        return found[0]

    def ids(self, sort: str = "added", trashed: bool = False) -> list[int]:
        """Ids of all papers outside (or inside) the trash, in ``sort`` order."""
        return list_ids(self.lib.reader, sort, trashed)

    def list(self, sort: str = "added", trashed: bool = False,
             limit: int | None = None) -> list[Paper]:
        """Papers outside (or inside) the trash, in ``sort`` order."""
        ids = self.ids(sort, trashed)
        return load_papers(self.lib.reader, ids[:limit] if limit else ids)

    def require(self, ids: Iterable[int]) -> list[int]:
        """The ids, checked to exist (raises :class:`NotFoundError` naming the first missing)."""
        ids = [int(i) for i in ids]
        if not ids:
            return ids
        too_large = next((i for i in ids if not 0 <= i < 2**63), None)
        if too_large is not None:  # (SQLite took it for an OverflowError's traceback)
            raise NotFoundError(f"no paper with id {too_large}")
        marks = ",".join("?" * len(ids))
        found = {
            r[0] for r in self.lib.reader.execute(
                f"SELECT id FROM papers WHERE id IN ({marks})", ids)
        }
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFoundError(f"no paper with id {missing[0]}")
        return ids

    def resolve(self, refs: Iterable[int | str]) -> list[int]:
        """Paper ids from ids or citation keys (``12``, ``"li-etal-2025-papillon"``), checked
        to exist; :class:`NotFoundError` names the first that is neither."""
        ids: list[int] = []
        for ref in refs:
            text = str(ref).strip()
            if text.isdigit():
                ids.append(int(text))
                continue
            row = self.lib.reader.execute("SELECT id FROM papers WHERE key = ?",
                                          [text]).fetchone()
            if row is None:
                raise NotFoundError(f"no paper with id or citation key {text!r}")
            ids.append(row[0])
        return self.require(ids)

    def same_as(self, paper: Paper) -> int | None:
        """The id of a paper (outside the trash) that is an exact duplicate of ``paper``:
        same title (but for case), authors, year, venue and DOI (compared without case and
        punctuation); None when there is none."""
        rows = self.lib.reader.execute(
            "SELECT id FROM papers WHERE trashed IS NULL AND lower(title) = lower(?)",
            [paper.title.strip()]).fetchall()

        def shape(p: Paper) -> tuple:
            return (normalize_text(p.title), tuple(normalize_text(a.display) for a in p.authors),
                    p.year, normalize_text(p.venue), p.doi.lower())

        wanted = shape(paper)
        for other in load_papers(self.lib.reader, [r[0] for r in rows]):
            if shape(other) == wanted:
                return other.id
        return None

    def summary(self, paper_ids: Sequence[int]) -> SelectionSummary:
        """What ``paper_ids`` have in common: stars, read states, trash and tag counts."""
        ids = [int(i) for i in paper_ids]
        stars: set[int] = set()
        read: set[str] = set()
        trashed = count = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for s, r, t in self.lib.reader.execute(
                    "SELECT stars, read, trashed IS NOT NULL FROM papers "
                    f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                stars.add(s)
                read.add(r)
                trashed += t
                count += 1
        return SelectionSummary(count, frozenset(stars), frozenset(read), trashed,
                                self.lib.tags.counts_among(ids),
                                self.lib.tags.counts_among(ids, suggested=True))

    # ------------------------------------------------------------ writing
    def add(self, paper: Paper, keep_both: bool = True) -> Change:
        """Add a paper typed in by the user. Without ``keep_both``, an exact duplicate of a
        paper already there (:meth:`same_as`) is refused with :class:`UsageError`."""
        if not paper.title.strip():
            raise UsageError("a paper needs a title")
        if not keep_both:
            twin = self.same_as(paper)
            if twin is not None:
                raise UsageError(f"paper {twin} has the same title, authors, year, venue and "
                                 "DOI; add --keep-both to add it again")
        with self.lib.edit("Add paper", undoable=False) as ed:
            pid = insert_paper(self.lib.db, paper, taken_keys(self.lib.db))
            ed.paper_ids.add(pid)
        parts = {"counts"} | ({"tags"} if paper.tags else set()) | (
            {"collections"} if paper.collections else set())
        return Change("add", frozenset({pid}), "Added 1 paper", added=frozenset({pid}),
                      sidebar=frozenset(parts))

    def edit(self, paper_id: int, **fields: Any) -> Change:
        """Change metadata fields (title, abstract, year, venue, doi, …, authors, extra)."""
        (pid,) = self.require([paper_id])
        unknown = set(fields) - set(EDITABLE_FIELDS) - {"authors", "extra"}
        if unknown:
            raise UsageError(
                f"cannot edit {', '.join(sorted(unknown))} "
                f"(editable: {', '.join(EDITABLE_FIELDS)}, authors, extra)"
            )
        if "title" in fields and not str(fields["title"]).strip():
            raise UsageError("the title cannot be empty")
        if "year" in fields and fields["year"] not in (None, ""):
            try:
                fields["year"] = int(fields["year"])
            except (TypeError, ValueError):
                raise UsageError(f"year must be a number, not {fields['year']!r}") from None
        if "key" in fields:
            taken = taken_keys(self.lib.db) - {self.get(pid).key}
            if fields["key"] in taken:
                raise UsageError(f"citation key {fields['key']!r} is already used")
        with self.lib.edit(f"Edit {', '.join(sorted(fields))}", [pid]) as ed:
            ed.track("papers", "id = ?", [pid])
            old_abstract = ""
            if "abstract" in fields:  # highlights move with their text (below)
                old_abstract = self.lib.db.execute("SELECT abstract FROM papers WHERE id = ?",
                                                   [pid]).fetchone()[0] or ""
            authors = fields.pop("authors", None)
            if "extra" in fields:
                import json

                fields["extra"] = json.dumps(fields["extra"], ensure_ascii=False)
            if authors is not None:
                ed.track("authors", "paper_id = ?", [pid])
                parsed = [a if isinstance(a, Author) else Author.parse(a)
                          for a in authors if isinstance(a, Author) or a.strip()]
                write_authors(self.lib.db, pid, parsed)
            update_fields(self.lib.db, pid, fields)
            if "abstract" in fields:
                from paperdesk.library.annotations import reanchor_highlights

                ed.track("highlights", "paper_id = ?", [pid])
                reanchor_highlights(self.lib.db, pid, old_abstract,
                                    str(fields["abstract"] or ""))
        return Change("edit", frozenset({pid}), "Edited 1 paper")

    def set_stars(self, paper_ids: int | Iterable[int], stars: int) -> Change:
        """Rate papers 0–5 stars."""
        if not isinstance(stars, int) or not 0 <= stars <= 5:
            raise UsageError(f"stars must be 0 to 5, not {stars!r}")
        return self._set_column(paper_ids, "stars", clamp_stars(stars), "stars",
                                f"Set {plural(stars, 'star')}")

    def set_read(self, paper_ids: int | Iterable[int], state: str) -> Change:
        """Mark papers unread, reading or read."""
        if state not in READ_STATES:
            raise UsageError(f"read state must be one of {', '.join(READ_STATES)}, not {state!r}")
        return self._set_column(paper_ids, "read", state, "read", f"Mark {state}")

    def trash(self, paper_ids: int | Iterable[int]) -> Change:
        """Move papers to the trash (undoable; they vanish from lists and search)."""
        return self._set_column(paper_ids, "trashed", now(), "trash", "Move {} to the trash")

    def restore(self, paper_ids: int | Iterable[int]) -> Change:
        """Take papers out of the trash.

        Raises:
            UsageError: none of them is in the trash (it said "Restore 1 paper from the
                trash" and did nothing).
        """
        ids = self.require([paper_ids] if isinstance(paper_ids, int) else paper_ids)
        marks = ",".join("?" * len(ids))
        if ids and not self.lib.reader.execute(
                f"SELECT 1 FROM papers WHERE id IN ({marks}) AND trashed IS NOT NULL LIMIT 1",
                ids).fetchone():
            raise UsageError(f"paper {ids[0]} is not in the trash" if len(ids) == 1
                             else f"none of the {len(ids)} papers is in the trash")
        return self._set_column(paper_ids, "trashed", None, "restore",
                                "Restore {} from the trash")

    def empty_trash(self) -> Change:
        """Delete trashed papers for good (not undoable); their attachments are removed.

        Undo never reaches past it: every older undo entry is retired (``undone = 2``), so
        the next undo says there is nothing to undo instead of undoing an older action."""
        ids = [r[0] for r in self.lib.db.execute("SELECT id FROM papers WHERE trashed IS NOT NULL")]
        if not ids:
            return Change("delete", frozenset(), "Trash is empty")
        files = [
            r[0] for r in self.lib.db.execute(
                f"SELECT path FROM attachments WHERE paper_id IN ({','.join('?' * len(ids))})", ids
            )
        ]
        with self.lib.edit("Empty trash", ids, undoable=False):
            self.lib.db.conn.executemany("DELETE FROM papers WHERE id = ?", [(i,) for i in ids])
            forget_papers(self.lib.db, set(ids))
            self.lib.db.execute("UPDATE undo_log SET undone = 2 WHERE undone = 0")
        for rel in files:
            (self.lib.files_dir / rel).unlink(missing_ok=True)
        return Change("delete", frozenset(ids), f"Deleted {_plural(len(ids))} for good",
                      removed=frozenset(ids))

    def _set_column(self, paper_ids: int | Iterable[int], column: str, value: Any,
                    kind: str, verb: str) -> Change:
        ids = self.require([paper_ids] if isinstance(paper_ids, int) else paper_ids)
        if not ids:
            return Change(kind, frozenset(), "Nothing to do")
        description = (verb.format(_plural(len(ids))) if "{}" in verb
                       else f"{verb} on {_plural(len(ids))}")
        marks = ",".join("?" * len(ids))
        with self.lib.edit(description, ids) as ed:
            ed.track("papers", f"id IN ({marks})", ids)
            self.lib.db.execute(
                f'UPDATE papers SET "{column}" = ?, modified = ? WHERE id IN ({marks})',
                [value, now(), *ids],
            )
        return Change(kind, frozenset(ids), description)
