"""The library: SQLite (through sqlite-utils) as the source of truth, behind one facade.

sqlite-utils is imported on first use of its table API (see
:mod:`paperdesk.library.database`), without numpy and pandas.
"""

from paperdesk.library.changes import Change
from paperdesk.library.library import Library

__all__ = ["Change", "Library"]
