"""Full-text search: a Whoosh index derived from the SQLite library.

The rest of PaperDesk uses only :class:`SearchIndex` and :class:`Hit`.
"""

from paperdesk.search.index import Hit, SearchIndex

__all__ = ["Hit", "SearchIndex"]
