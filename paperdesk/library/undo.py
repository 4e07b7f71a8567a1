"""The undo log: before-images of the rows a user edit touched.

Each user edit runs inside :class:`Edit`. Before changing rows it calls
:meth:`Edit.track` with the table and a WHERE clause selecting the rows it may change;
the rows as they were and the keys present afterwards are written to ``undo_log`` in
the same transaction. Undo deletes rows that did not exist before and writes the old
rows back, so one generic mechanism serves stars, tags, notes, highlights, links, trash
and metadata edits alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperdesk.library.db import now

if TYPE_CHECKING:  # sqlite-utils is imported where its table API is used
    import sqlite_utils

PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "papers": ("id",),
    "authors": ("paper_id", "position"),
    "tags": ("id",),
    "notes": ("paper_id",),
    "highlights": ("id",),
    "links": ("a", "b"),
    "collections": ("id",),
    "collection_papers": ("collection_id", "paper_id"),
    "tag_rules": ("phrase_key",),
}
#: Other unique keys: a row written back replaces one that took its place meanwhile (a
#: suggestion the vocabulary made again, under a new id, after the edit).
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {"tags": ("paper_id", "name")}


@dataclass
class _Tracked:
    table: str
    where: str
    params: list[Any]
    before: list[dict[str, Any]]


@dataclass
class Edit:
    """Collects before-images during one user edit (use via ``Library.edit``)."""

    db: sqlite_utils.Database
    description: str
    paper_ids: set[int] = field(default_factory=set)
    tracked: list[_Tracked] = field(default_factory=list)

    def track(self, table: str, where: str, params: list[Any]) -> None:
        """Record the rows of ``table`` matching ``where`` before they change."""
        rows = rows_where(self.db, table, where, params)
        self.tracked.append(_Tracked(table, where, list(params), rows))

    def steps(self) -> list[dict[str, Any]]:
        """The undo steps: before rows and the keys present now, per tracked query."""
        out = []
        for t in self.tracked:
            pk = PRIMARY_KEYS[t.table]
            after = [
                [r[c] for c in pk] for r in rows_where(self.db, t.table, t.where, t.params)
            ]
            out.append({"table": t.table, "before": t.before, "after": after})
        return out

    def save(self) -> None:
        """Write the undo entry (inside the edit's transaction); a new edit ends the chance
        to redo what was undone before it."""
        steps = self.steps()
        if not steps:
            return
        self.db.execute("UPDATE undo_log SET redo_steps = NULL WHERE redo_steps IS NOT NULL")
        self.db.execute(
            "INSERT INTO undo_log (time, description, paper_ids, steps, undone) "
            "VALUES (?, ?, ?, ?, 0)",
            [now(), self.description, json.dumps(sorted(self.paper_ids)), json.dumps(steps)],
        )


def rows_where(db: sqlite_utils.Database, table: str, where: str, params: list[Any]
               ) -> list[dict[str, Any]]:
    """The rows of ``table`` matching ``where``, as dictionaries."""
    return list(db.query(f'SELECT * FROM "{table}" WHERE {where}', params))


def apply_undo(db: sqlite_utils.Database, steps: list[dict[str, Any]]) -> None:
    """Restore the before-images of ``steps`` (in reverse order)."""
    for step in reversed(steps):
        table = step["table"]
        pk = PRIMARY_KEYS[table]
        before_keys = {tuple(r[c] for c in pk) for r in step["before"]}
        for key in step["after"]:
            if tuple(key) not in before_keys:
                where = " AND ".join(f'"{c}" = ?' for c in pk)
                db.execute(f"DELETE FROM {table} WHERE {where}", list(key))
        unique = UNIQUE_KEYS.get(table)
        for row in step["before"]:
            if unique:
                same = " AND ".join(f'"{c}" = ?' for c in unique)
                other = " OR ".join(f'"{c}" != ?' for c in pk)
                db.execute(f"DELETE FROM {table} WHERE {same} AND ({other})",
                           [*(row[c] for c in unique), *(row[c] for c in pk)])
            db[table].upsert(row, pk=pk if len(pk) > 1 else pk[0])


def redo_steps(db: sqlite_utils.Database, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Before undoing ``steps``: the steps that write back the rows as they are now.

    Each undo step names the keys present after the edit (``after``) and the rows before it
    (``before``); the redo step holds the rows present now under the keys either names, and
    the keys present once the undo is done. :func:`apply_undo` applies the list in reverse,
    so it is built reversed.
    """
    out = []
    for step in reversed(steps):
        table = step["table"]
        pk = PRIMARY_KEYS[table]
        where = " AND ".join(f'"{c}" = ?' for c in pk)
        keys = {tuple(k) for k in step["after"]} | {tuple(r[c] for c in pk)
                                                      for r in step["before"]}
        now_rows = []
        for key in keys:
            now_rows.extend(dict(r) for r in db[table].rows_where(where, list(key)))
        out.append({"table": table, "before": now_rows,
                    "after": [[r[c] for c in pk] for r in step["before"]]})
    return out


def last_redo(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The undone entry Redo writes back next (the one undone last), or None."""
    rows = list(db.query("SELECT * FROM undo_log WHERE undone = 1 AND redo_steps IS NOT NULL "
                         "ORDER BY id LIMIT 1"))
    return rows[0] if rows else None


def last_entry(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The newest undo entry not yet undone."""
    rows = list(
        db.query("SELECT * FROM undo_log WHERE undone = 0 ORDER BY id DESC LIMIT 1")
    )
    return rows[0] if rows else None


def forget_papers(db: sqlite_utils.Database, paper_ids: set[int]) -> None:
    """Drop undo entries that touch papers deleted for good (they can't be restored)."""
    for row in list(db.query("SELECT id, paper_ids FROM undo_log")):
        if paper_ids & set(json.loads(row["paper_ids"])):
            db.execute("DELETE FROM undo_log WHERE id = ?", [row["id"]])


#: papers' columns the sidebar counts, and the views they decide
_COUNTED_COLUMNS = ("stars", "read", "added")


def undo_effect(steps: list[dict[str, Any]], now: list[dict[str, Any]]
                ) -> tuple[frozenset[str], bool, bool]:
    """What writing back ``steps`` (an undo's or a redo's) will change, from the rows as
    they are now (``now``: see :func:`redo_steps`): (sidebar parts to recount, whether the
    index changes, whether lists may gain or lose papers). Papers created, deleted, trashed
    or restored, or collections changed, change lists; an undone rating, tag or note only
    changes rows."""
    current = {r["id"]: r for step in now if step["table"] == "papers" for r in step["before"]}
    parts: set[str] = set()
    index = lists = False
    for step in steps:
        table = step["table"]
        index = index or table != "links"
        if table == "tags":
            parts.add("tags")
        elif table in ("collections", "collection_papers"):
            parts.add("collections")
            lists = True
        elif table == "papers":
            wanted = {r["id"]: r for r in step["before"]}
            if {k[0] for k in step["after"]} != set(wanted):
                lists = True  # papers come back or go away
            for pid, row in wanted.items():
                now_row = current.get(pid)
                if now_row is None or row.get("trashed") != now_row.get("trashed"):
                    lists = True
                if now_row is None or (row.get("trashed") is None) != (
                        now_row.get("trashed") is None):
                    parts |= {"counts", "tags", "collections"}
                elif any(row.get(c) != now_row.get(c) for c in _COUNTED_COLUMNS):
                    parts.add("counts")  # the Starred and Unread counts
    return frozenset(parts), index, lists
