"""The library's database handle: sqlite-utils' ``Database``, imported only when needed.

Reading a paper and a user edit need only ``execute``, ``query`` and ``conn``; this class
serves those itself, as sqlite-utils 4 does, and hands everything else (tables, inserts,
upserts, ``atomic``, ``rollback``) to a real :class:`sqlite_utils.Database` on the same
connection, made on first use. Importing sqlite-utils (with click, dateutil and pluggy)
was a third of the start-up of ``paperdesk show`` and ``star``.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite_utils

#: statements that begin or end a transaction: ``execute`` commits none of them
_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_LEADING = " \t\r\n\f\v;\ufeff"


def import_sqlite_utils() -> Any:
    """``sqlite_utils``, imported without numpy and pandas unless they are loaded already
    (it imports both, when installed, only to map their scalar types to column types;
    PaperDesk never hands it numpy or pandas values)."""
    if "sqlite_utils" in sys.modules:
        return sys.modules["sqlite_utils"]
    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes "import numpy" fail
    try:
        import sqlite_utils
    finally:
        for name in blocked:
            del sys.modules[name]
    return sqlite_utils


def _first_keyword(sql: str) -> str | None:
    """The statement's first keyword, upper case; None when a comment comes first (then
    sqlite-utils itself decides)."""
    text = sql.lstrip(_LEADING)
    if text.startswith(("--", "/*")):
        return None
    end = 0
    while end < len(text) and (text[end].isalpha() or text[end] == "_"):
        end += 1
    return text[:end].upper()


class Database:
    """A SQLite connection with sqlite-utils' ``Database`` API (see the module docstring).

    Attributes:
        conn: the :class:`sqlite3.Connection`.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._full: sqlite_utils.Database | None = None
        conn.execute("PRAGMA recursive_triggers=on")  # as sqlite_utils.Database does

    @property
    def full(self) -> sqlite_utils.Database:
        """The sqlite-utils ``Database`` on this connection (made on first use)."""
        if self._full is None:
            self._full = import_sqlite_utils().Database(
                self.conn, execute_plugins=False, recursive_triggers=False)
        return self._full

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] | None = None
                ) -> sqlite3.Cursor:
        """Run one statement, as ``sqlite_utils.Database.execute``: a write outside a
        transaction is committed at once; one that fails there leaves no transaction open."""
        keyword = _first_keyword(sql)
        if keyword is None:
            return self.full.execute(sql, parameters)
        was_in_transaction = self.conn.in_transaction
        try:
            cursor = (self.conn.execute(sql) if parameters is None
                      else self.conn.execute(sql, parameters))
        except Exception:
            if not was_in_transaction and self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        if (not was_in_transaction and self.conn.in_transaction
                and cursor.description is None and keyword not in _TRANSACTION_CONTROL):
            self.conn.execute("COMMIT")
        return cursor

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None
              ) -> Iterator[dict[str, Any]]:
        """The rows of a ``SELECT`` as dictionaries (other statements: sqlite-utils')."""
        if _first_keyword(sql) not in ("SELECT", "WITH"):
            return self.full.query(sql, params)
        cursor = self.conn.execute(sql) if params is None else self.conn.execute(sql, params)
        keys = [d[0] for d in cursor.description]
        if len(set(keys)) != len(keys):  # sqlite-utils renames repeated columns
            return self.full.query(sql, params)
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __getitem__(self, name: str) -> Any:
        return self.full[name]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_full", "conn"):
            raise AttributeError(name)
        return getattr(self.full, name)
