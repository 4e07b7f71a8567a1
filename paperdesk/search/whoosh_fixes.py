"""A fix to whoosh-reloaded 2.7.5, applied when the search package is imported.

``W3PerDocumentReader._cached_reader`` remembers a length column only when the column
exists, so for every posting of a field without one (keywords, ids, empty fields) it
asks the file system again whether the file exists: a third of the time of indexing a
batch of papers. Caching the "no column" answer too gives the same results, faster.
"""

from __future__ import annotations

from whoosh.codec import whoosh3


def _cached_reader(self, fieldname, column):  # noqa: ANN001, ANN202 - Whoosh's signature
    try:
        return self._readers[fieldname]
    except KeyError:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


def apply() -> None:
    """Install the fixes (idempotent)."""
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
