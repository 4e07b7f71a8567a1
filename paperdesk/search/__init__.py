"""Full-text search: a Whoosh index derived from the SQLite library.

The rest of PaperDesk uses only :class:`SearchIndex` and :class:`Hit`. They (and Whoosh)
are imported on first use, so a command that never searches does not pay for Whoosh's
start-up; the Whoosh fixes of :mod:`paperdesk.search.whoosh_fixes` are applied then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from paperdesk.search.index import Hit, IndexBusy, IndexNotReady, SearchIndex

__all__ = ["Hit", "IndexBusy", "IndexNotReady", "SearchIndex"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from paperdesk.search import index, whoosh_fixes

        whoosh_fixes.apply()
        return getattr(index, name)
    raise AttributeError(f"module 'paperdesk.search' has no attribute {name!r}")
