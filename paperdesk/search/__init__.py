"""Full-text search: a Whoosh index derived from the SQLite library.

The rest of PaperDesk uses only :class:`SearchIndex` and :class:`Hit`.
"""

from paperdesk.search import whoosh_fixes
from paperdesk.search.index import Hit, IndexBusy, IndexNotReady, SearchIndex

whoosh_fixes.apply()

__all__ = ["Hit", "IndexBusy", "IndexNotReady", "SearchIndex"]
