"""Change records: what a mutation did, so views refresh only what changed.

Every mutation of the library returns one :class:`Change` — an edit, an import (file,
folder or Zotero: ``report.change``), tagging and vocabulary jobs, trash, collections,
links, undo and redo. It names the papers, the parts of the sidebar whose contents
changed (:data:`SIDEBAR_PARTS`), whether the search index changed and whether the set of
papers a list shows may differ (``membership``). The window refreshes exactly that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

#: the sidebar's parts: the Library entries' counts (all, starred, unread, recent, trash),
#: the saved searches, the tag list with its counts, the collections panel with its counts
SIDEBAR_PARTS = frozenset({"counts", "saved", "tags", "collections"})

_ALL = SIDEBAR_PARTS
#: kind -> (sidebar parts, index changed, membership changed), when a mutation names none
_DEFAULTS: dict[str, tuple[frozenset[str], bool, bool]] = {
    "add": (frozenset({"counts"}), True, True),
    "edit": (frozenset(), True, False),
    "stars": (frozenset({"counts"}), True, False),
    "read": (frozenset({"counts"}), True, False),
    "tags": (frozenset({"tags"}), True, False),
    "note": (frozenset(), True, False),
    "highlights": (frozenset(), True, False),
    "links": (frozenset(), False, False),
    # trashed papers leave the tag and collection counts too
    "trash": (_ALL - {"saved"}, True, True),
    "restore": (_ALL - {"saved"}, True, True),
    "delete": (frozenset({"counts"}), True, True),
    "saved": (frozenset({"saved"}), False, False),
    "collections": (frozenset({"collections"}), True, True),
    "import": (frozenset({"counts"}), True, True),
    "undo": (_ALL - {"saved"}, True, True),
    "reload": (_ALL, False, True),
}


@dataclass(frozen=True)
class Change:
    """A small record returned by every mutation of the library.

    Attributes:
        kind: what changed ("add", "edit", "stars", "read", "tags", "note", "highlights",
            "links", "trash", "restore", "delete", "undo", "import", "saved",
            "collections", "reload").
        paper_ids: the papers whose row or annotations changed.
        description: a short human sentence ("Set 4 stars on 1 paper").
        added: ids of papers that are new.
        removed: ids of papers deleted for good.
        sidebar: the parts of the sidebar to recount (a subset of :data:`SIDEBAR_PARTS`);
            by default what a change of its ``kind`` touches.
        index: whether the search index changed (searches must see it).
        membership: whether the papers a list shows may differ (re-filter), not just rows.
    """

    kind: str
    paper_ids: frozenset[int] = frozenset()
    description: str = ""
    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    details: dict = field(default_factory=dict, compare=False)
    sidebar: frozenset[str] | None = None
    index: bool | None = None
    membership: bool | None = None

    def __post_init__(self) -> None:
        parts, index, membership = _DEFAULTS.get(self.kind, (frozenset(), True, False))
        if not (self.paper_ids or self.added or self.removed) and self.kind not in (
                "saved", "collections", "reload"):
            parts, index, membership = frozenset(), False, False  # nothing was done
        if self.sidebar is None:
            object.__setattr__(self, "sidebar", parts)
        else:
            object.__setattr__(self, "sidebar", frozenset(self.sidebar))
        unknown = self.sidebar - SIDEBAR_PARTS  # type: ignore[operator]
        if unknown:
            raise ValueError(f"unknown sidebar part(s): {', '.join(sorted(unknown))}")
        if self.index is None:
            object.__setattr__(self, "index", index)
        if self.membership is None:
            object.__setattr__(self, "membership", membership)

    @property
    def papers(self) -> frozenset[int]:
        """Every paper the change names: changed, added or removed."""
        return self.paper_ids | self.added | self.removed

    @property
    def empty(self) -> bool:
        """True when nothing at all changed (no papers, no sidebar part, no index)."""
        return not (self.papers or self.sidebar or self.index or self.membership)

    def but(self, **fields: object) -> Change:
        """A copy with some fields replaced."""
        return replace(self, **fields)  # type: ignore[arg-type]

    @classmethod
    def combine(cls, changes: Iterable[Change], description: str = "") -> Change:
        """One record for several (a job that made many edits): the union of all."""
        items = [c for c in changes if c is not None]
        if not items:
            return cls("edit", description=description, sidebar=frozenset(), index=False,
                       membership=False)
        kinds = {c.kind for c in items}
        return cls(
            kinds.pop() if len(kinds) == 1 else "edit",
            frozenset().union(*(c.paper_ids for c in items)),
            description or "; ".join(c.description for c in items if c.description),
            frozenset().union(*(c.added for c in items)),
            frozenset().union(*(c.removed for c in items)),
            sidebar=frozenset().union(*(c.sidebar or frozenset() for c in items)),
            index=any(c.index for c in items),
            membership=any(c.membership for c in items),
        )


def change_of(result: object) -> Change | None:
    """The change record a job's or mutation's result carries: the result itself, its
    ``change`` (an import report), or the union of a list of records; else None."""
    if isinstance(result, Change):
        return result
    carried = getattr(result, "change", None)
    if isinstance(carried, Change):
        return carried
    if isinstance(result, (list, tuple)):
        found = [c for c in (change_of(r) for r in result) if c is not None]
        if found:
            return found[0] if len(found) == 1 else Change.combine(found)
    return None
