"""``lib.collections``: a tree of named collections; a paper may sit in any number of them.

A collection is named by its id, its name (when no other collection has that name) or its
path from the top, names joined by ``/`` (``Thesis/Chapter 2``). Deleting a collection
deletes its sub-collections; the papers stay in the library. Every edit is undoable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from paperdesk.collection_paths import SEPARATOR, clean_name, split_path
from paperdesk.errors import NotFoundError, UsageError
from paperdesk.library.changes import Change
from paperdesk.library.db import now
from paperdesk.records import plural

__all__ = ["Collection", "CollectionManager", "CollectionTree", "add_members", "clean_name",
           "ensure_path", "paths_of", "split_path"]

if TYPE_CHECKING:
    import sqlite_utils

    from paperdesk.library.library import Library



@dataclass(frozen=True)
class Collection:
    """One collection: ``count`` is the number of papers directly in it, ``total`` with its
    sub-collections' (trash excluded)."""

    id: int
    name: str
    parent: int | None
    path: str
    count: int = 0
    total: int = 0

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{id, name, path, parent, count}``."""
        return {"id": self.id, "name": self.name, "path": self.path, "parent": self.parent,
                "count": self.count}


class CollectionTree:
    """A snapshot of the collection rows of one database, with paths worked out."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        rows = db.execute("SELECT id, name, parent FROM collections").fetchall()
        self.names: dict[int, str] = {r[0]: r[1] for r in rows}
        self.parents: dict[int, int | None] = {r[0]: r[2] for r in rows}
        self.children: dict[int | None, list[int]] = {}
        for cid, parent in self.parents.items():
            self.children.setdefault(parent, []).append(cid)
        self._paths: dict[int, str] = {}

    def path(self, cid: int) -> str:
        """The path of collection ``cid`` from the top."""
        if cid not in self._paths:
            parts, seen, at = [], set(), cid
            while at is not None and at in self.names and at not in seen:
                seen.add(at)
                parts.append(self.names[at])
                at = self.parents[at]
            self._paths[cid] = SEPARATOR.join(reversed(parts))
        return self._paths[cid]

    def subtree(self, cid: int) -> list[int]:
        """``cid`` and every collection below it, parents before children."""
        out, todo = [], [cid]
        while todo:
            at = todo.pop(0)
            out.append(at)
            todo.extend(sorted(self.children.get(at, [])))
        return out

    def child(self, parent: int | None, name: str) -> int | None:
        """The child of ``parent`` called ``name`` (ignoring case), if any."""
        folded = name.casefold()
        for cid in self.children.get(parent, []):
            if self.names[cid].casefold() == folded:
                return cid
        return None

    def matching(self, text: str) -> list[int]:
        """Collections whose path, or name, is ``text`` (ignoring case): paths first."""
        folded = "/".join(split_path(text)).casefold()
        by_path = [c for c in self.names if self.path(c).casefold() == folded]
        if by_path:
            return by_path
        return sorted(c for c in self.names if self.names[c].casefold() == folded)

    def ordered(self) -> list[int]:
        """Every collection, depth first, siblings by name."""
        out: list[int] = []

        def walk(parent: int | None) -> None:
            for cid in sorted(self.children.get(parent, []),
                              key=lambda c: self.names[c].casefold()):
                out.append(cid)
                walk(cid)

        walk(None)
        return out


def ensure_path(db: sqlite_utils.Database, path: str, tree: CollectionTree | None = None) -> int:
    """The id of the collection at ``path``, creating missing ones (inside the caller's
    transaction; used by importers)."""
    tree = tree or CollectionTree(db)
    parent: int | None = None
    names = split_path(path)
    if not names:
        raise UsageError("a collection needs a name")
    for name in names:
        found = tree.child(parent, name)
        if found is None:
            found = int(db.execute(
                "INSERT INTO collections (name, parent, created) VALUES (?, ?, ?)",
                [name, parent, now()]).lastrowid)
            tree.names[found], tree.parents[found] = name, parent
            tree.children.setdefault(parent, []).append(found)
        parent = found
    assert parent is not None
    return parent


def add_members(db: sqlite_utils.Database, cid: int, paper_ids: Iterable[int]) -> None:
    """Put papers in a collection (inside the caller's transaction; existing kept)."""
    stamp = now()
    db.conn.executemany(
        "INSERT OR IGNORE INTO collection_papers (collection_id, paper_id, added) "
        "VALUES (?, ?, ?)", [(cid, int(p), stamp) for p in paper_ids])


def paths_of(db: sqlite_utils.Database, paper_ids: Sequence[int]) -> dict[int, list[str]]:
    """The collection paths of each paper (sorted)."""
    if not paper_ids:
        return {}
    tree = CollectionTree(db)
    marks = ",".join("?" * len(paper_ids))
    out: dict[int, list[str]] = {}
    for pid, cid in db.execute(f"SELECT paper_id, collection_id FROM collection_papers "
                               f"WHERE paper_id IN ({marks})", list(paper_ids)):
        out.setdefault(pid, []).append(tree.path(cid))
    return {pid: sorted(paths, key=str.casefold) for pid, paths in out.items()}


class CollectionManager:
    """``lib.collections``: create, rename, move and delete collections; fill them."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    # ------------------------------------------------------------ reading
    def list(self) -> list[Collection]:
        """Every collection, depth first (siblings by name), with its direct paper count."""
        db = self.lib.reader
        tree = CollectionTree(db)
        members: dict[int, set[int]] = {}
        for cid, pid in db.execute(
                "SELECT cp.collection_id, cp.paper_id FROM collection_papers cp JOIN papers p "
                "ON p.id = cp.paper_id WHERE p.trashed IS NULL"):
            members.setdefault(cid, set()).add(pid)
        out = []
        for c in tree.ordered():
            below = set().union(*(members.get(s, set()) for s in tree.subtree(c)))
            out.append(Collection(c, tree.names[c], tree.parents[c], tree.path(c),
                                  len(members.get(c, ())), len(below)))
        return out

    def resolve(self, ident: int | str) -> int:
        """The id of the collection named by id, path or unique name (raises NotFoundError
        or UsageError when a name is ambiguous)."""
        tree = CollectionTree(self.lib.reader)
        if isinstance(ident, int) or (str(ident).isdigit() and int(ident) in tree.names):
            if int(ident) not in tree.names:
                raise NotFoundError(f"no collection with id {ident}")
            return int(ident)
        found = tree.matching(str(ident))
        if not found:
            raise NotFoundError(f"no collection named {str(ident)!r}")
        if len(found) > 1:
            paths = ", ".join(tree.path(c) for c in found)
            raise UsageError(f"{ident!r} names several collections ({paths}): give the path")
        return found[0]

    def path(self, cid: int) -> str:
        """The path of a collection."""
        return CollectionTree(self.lib.reader).path(int(cid))

    def paper_ids(self, ident: int | str, recursive: bool = True) -> list[int]:
        """Papers (outside the trash) in a collection and, with ``recursive``, below it."""
        cid = self.resolve(ident)
        ids = CollectionTree(self.lib.reader).subtree(cid) if recursive else [cid]
        marks = ",".join("?" * len(ids))
        return [r[0] for r in self.lib.reader.execute(
            "SELECT DISTINCT cp.paper_id FROM collection_papers cp JOIN papers p ON "
            f"p.id = cp.paper_id WHERE cp.collection_id IN ({marks}) AND p.trashed IS NULL "
            "ORDER BY cp.paper_id", ids)]

    def of(self, paper_id: int) -> list[str]:
        """The paths of the collections a paper is in."""
        return paths_of(self.lib.reader, [int(paper_id)]).get(int(paper_id), [])

    # ------------------------------------------------------------ editing
    def _new_path(self, name: str, parent: int | str | None
                  ) -> tuple[list[str], str, CollectionTree]:
        """The names of a collection to create (``name``, "/" for a path), its whole path
        under ``parent`` and the tree read to find it.

        Raises:
            UsageError: no name, or a collection of that path exists already there.
        """
        names = split_path(name)
        if not names:
            raise UsageError("a collection needs a name")
        parent_id = None if parent in (None, "") else self.resolve(parent)  # type: ignore[arg-type]
        tree = CollectionTree(self.lib.db)
        if self._exists(tree, parent_id, names):
            raise UsageError(f"a collection {SEPARATOR.join(names)!r} exists already there")
        prefix = tree.path(parent_id) + SEPARATOR if parent_id is not None else ""
        return names, prefix + SEPARATOR.join(names), tree

    def add(self, name: str, parent: int | str | None = None) -> Change:
        """Create a collection ``name`` under ``parent`` (top level when None). A ``name``
        with "/" is a path: missing collections along it are created too."""
        names, path, tree = self._new_path(name, parent)
        with self.lib.edit(f"New collection {names[-1]}") as ed:
            ed.track("collections", "id > ?", [self._max_id()])
            cid = ensure_path(self.lib.db, path, tree)
        return Change("collections", description=f"Created collection {names[-1]}",
                      details={"collection_id": cid}, index=False, membership=False)

    @staticmethod
    def _exists(tree: CollectionTree, parent: int | None, names: list[str]) -> bool:
        at = parent
        for part in names:
            at = tree.child(at, part)
            if at is None:
                return False
        return True

    def _max_id(self) -> int:
        return self.lib.db.execute("SELECT coalesce(max(id), 0) FROM collections").fetchone()[0]

    def rename(self, ident: int | str, new_name: str) -> Change:
        """Rename a collection (its sub-collections and papers follow)."""
        cid = self.resolve(ident)
        name = clean_name(new_name)
        if not name:
            raise UsageError("the new collection name is empty")
        tree = CollectionTree(self.lib.db)
        other = tree.child(tree.parents[cid], name)
        if other is not None and other != cid:
            raise UsageError(f"a collection {name!r} exists already there")
        old = tree.names[cid]
        with self.lib.edit(f"Rename collection {old} to {name}") as ed:
            ed.track("collections", "id = ?", [cid])
            self.lib.db.execute("UPDATE collections SET name = ? WHERE id = ?", [name, cid])
        return Change("collections", description=f"Renamed collection {old} to {name}",
                      details={"collection_id": cid}, index=False, membership=False)

    def move(self, ident: int | str, new_parent: int | str | None) -> Change:
        """Move a collection under ``new_parent`` (to the top level when None)."""
        cid = self.resolve(ident)
        parent = None if new_parent in (None, "") else self.resolve(new_parent)  # type: ignore[arg-type]
        tree = CollectionTree(self.lib.db)
        if parent is not None and parent in tree.subtree(cid):
            raise UsageError(f"cannot move {tree.path(cid)!r} into itself or below itself")
        other = tree.child(parent, tree.names[cid])
        if other is not None and other != cid:
            raise UsageError(f"a collection {tree.names[cid]!r} exists already there")
        where = tree.path(parent) if parent is not None else "the top level"
        with self.lib.edit(f"Move collection {tree.names[cid]} to {where}") as ed:
            ed.track("collections", "id = ?", [cid])
            self.lib.db.execute("UPDATE collections SET parent = ? WHERE id = ?", [parent, cid])
        return Change("collections", description=f"Moved collection {tree.names[cid]} to {where}",
                      details={"collection_id": cid}, index=False)  # a parent's view changes

    def delete(self, ident: int | str) -> Change:
        """Delete a collection and its sub-collections; their papers stay in the library."""
        cid = self.resolve(ident)
        tree = CollectionTree(self.lib.db)
        ids = tree.subtree(cid)
        marks = ",".join("?" * len(ids))
        members = [r[0] for r in self.lib.db.execute(
            f"SELECT DISTINCT paper_id FROM collection_papers WHERE collection_id IN ({marks})",
            ids)]
        with self.lib.edit(f"Delete collection {tree.path(cid)}", members) as ed:
            # members first: undo restores in reverse, collections before their members
            ed.track("collection_papers", f"collection_id IN ({marks})", ids)
            ed.track("collections", f"id IN ({marks})", ids)
            self.lib.db.execute(f"DELETE FROM collection_papers WHERE collection_id IN ({marks})",
                                ids)
            self.lib.db.execute(f"DELETE FROM collections WHERE id IN ({marks})", ids)
        return Change("collections", frozenset(members),
                      f"Deleted collection {tree.path(cid)} ({len(ids)} with sub-collections)")

    def collect(self, paper_ids: Iterable[int], ident: int | str) -> Change:
        """Put papers in a collection."""
        ids = self.lib.papers.require(paper_ids)
        cid = self.resolve(ident)
        path = self.path(cid)
        with self.lib.edit(f"Add {plural(len(ids), 'paper')} to {path}", ids) as ed:
            marks = ",".join("?" * len(ids))
            ed.track("collection_papers", f"collection_id = ? AND paper_id IN ({marks})",
                     [cid, *ids])
            add_members(self.lib.db, cid, ids)
        return Change("collections", frozenset(ids), f"Added {plural(len(ids), 'paper')} to {path}",
                      details={"collection_id": cid})

    def collect_new(self, paper_ids: Iterable[int], name: str,
                    parent: int | str | None = None) -> Change:
        """Create collection ``name`` under ``parent`` (top level when None; a ``name`` with
        "/" is a path) and put papers in it, as one undo step."""
        ids = self.lib.papers.require(paper_ids)
        _names, path, tree = self._new_path(name, parent)
        with self.lib.edit(f"Add {plural(len(ids), 'paper')} to new collection {path}",
                           ids) as ed:
            # (undo takes the members out before it deletes the collections)
            top = self._max_id()
            ed.track("collections", "id > ?", [top])
            ed.track("collection_papers", "collection_id > ?", [top])
            cid = ensure_path(self.lib.db, path, tree)
            add_members(self.lib.db, cid, ids)
        return Change("collections", frozenset(ids),
                      f"Added {plural(len(ids), 'paper')} to new collection {path}",
                      details={"collection_id": cid})

    def uncollect(self, paper_ids: Iterable[int], ident: int | str,
                  recursive: bool = False) -> Change:
        """Take papers out of a collection (they stay in the library). With ``recursive``,
        out of its sub-collections too — as the collection shows them — skipping papers
        in none of them."""
        ids = [int(i) for i in paper_ids]
        cid = self.resolve(ident)
        path = self.path(cid)
        cids = CollectionTree(self.lib.db).subtree(cid) if recursive else [cid]
        marks, cmarks = ",".join("?" * len(ids)), ",".join("?" * len(cids))
        where = f"collection_id IN ({cmarks}) AND paper_id IN ({marks})"
        rows = self.lib.db.execute(
            f"SELECT collection_id, paper_id FROM collection_papers WHERE {where}",
            [*cids, *ids]).fetchall()
        present = {pid for _c, pid in rows}
        missing = [i for i in ids if i not in present]
        if missing and (not recursive or not present):
            raise NotFoundError(f"paper {missing[0]} is not in collection {path!r}"
                                + (" or below it" if recursive else ""))
        ids = [i for i in ids if i in present]
        marks = ",".join("?" * len(ids))
        where = f"collection_id IN ({cmarks}) AND paper_id IN ({marks})"
        below = " and its sub-collections" if any(c != cid for c, _p in rows) else ""
        with self.lib.edit(f"Remove {plural(len(ids), 'paper')} from {path}{below}",
                           ids) as ed:
            ed.track("collection_papers", where, [*cids, *ids])
            self.lib.db.execute(f"DELETE FROM collection_papers WHERE {where}", [*cids, *ids])
        return Change("collections", frozenset(ids),
                      f"Removed {plural(len(ids), 'paper')} from {path}{below}",
                      details={"collection_id": cid})
