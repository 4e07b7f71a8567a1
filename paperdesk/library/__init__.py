"""The library: SQLite (through sqlite-utils) as the source of truth, behind one facade."""

import sys


def _import_sqlite_utils() -> None:
    """Import sqlite-utils without numpy and pandas, unless they are loaded already.

    sqlite-utils imports both, when installed, only to map their scalar types to column
    types; PaperDesk never hands it numpy or pandas values. Skipping them saves ~0.15 s
    of every command's start-up (numpy is imported later by tagging, where it is used).
    """
    if "sqlite_utils" in sys.modules:
        return
    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import numpy" fail
    try:
        import sqlite_utils  # noqa: F401
    finally:
        for name in blocked:
            del sys.modules[name]


_import_sqlite_utils()

from paperdesk.library.changes import Change  # noqa: E402
from paperdesk.library.library import Library  # noqa: E402

__all__ = ["Change", "Library"]
