"""``collection:NAME`` and ``collection:"A/B"`` in queries: names resolved to ids.

The index holds, for each paper, the ids of the collections it is directly in (``c12``).
Before a query is parsed, each ``collection:`` term is replaced by the ids of the matching
collections and everything below them, so renaming or moving a collection never needs the
index rewritten.
"""

from __future__ import annotations

import re

import sqlite_utils

from paperdesk.errors import QueryError

_TERM_RE = re.compile(r'(?<![\w"])collections?:(?:"([^"]*)"|([^\s()"]+))', re.IGNORECASE)


def resolve_collections(text: str, db: sqlite_utils.Database) -> str:
    """``text`` with every ``collection:NAME`` replaced by ``collection:(c1 OR c2 …)``."""
    if "collection" not in text.lower():
        return text
    matches = [m for m in _TERM_RE.finditer(text) if text.count('"', 0, m.start()) % 2 == 0]
    if not matches:
        return text
    from paperdesk.library.collections import CollectionTree

    tree = CollectionTree(db)
    out, last = [], 0
    for m in matches:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        found = tree.matching(name)
        if not found:
            known = ", ".join(sorted({tree.path(c) for c in tree.names})[:10]) or "none yet"
            raise QueryError(f"no collection named '{name}' (collections: {known})")
        ids = sorted({c for top in found for c in tree.subtree(top)})
        out.append(text[last:m.start()])
        out.append("collection:(" + " OR ".join(f"c{c}" for c in ids) + ")")
        last = m.end()
    out.append(text[last:])
    return "".join(out)
