"""Change records: what a mutation did, so views refresh only what changed."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Change:
    """A small record returned by every mutation of the library.

    Attributes:
        kind: what changed ("add", "edit", "stars", "read", "tags", "note", "highlights",
            "links", "trash", "restore", "delete", "undo", "import", "saved").
        paper_ids: the papers whose row or annotations changed.
        description: a short human sentence ("Set 4 stars on 1 paper").
        added: ids of papers that are new.
        removed: ids of papers deleted for good.
    """

    kind: str
    paper_ids: frozenset[int] = frozenset()
    description: str = ""
    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    details: dict = field(default_factory=dict, compare=False)
