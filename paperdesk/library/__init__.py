"""The library: SQLite (through sqlite-utils) as the source of truth, behind one facade."""

from paperdesk.library.changes import Change
from paperdesk.library.library import Library

__all__ = ["Change", "Library"]
