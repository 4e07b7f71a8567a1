"""Finding a Zotero data folder and opening a private, read-only copy of its database.

Zotero keeps ``zotero.sqlite`` locked while it runs, so the file is copied to a temporary
folder and the copy opened with ``immutable=1``: the user's database is never written,
and a copy on a read-only medium opens too.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from paperdesk.errors import InputFileError

DB_NAME = "zotero.sqlite"
SQLITE_MAGIC = b"SQLite format 3\x00"
#: the newest userdata schema this reader was written against (Zotero 10.0)
KNOWN_NEWEST = 129
#: the oldest it reads (Zotero 4.0)
KNOWN_OLDEST = 77


@dataclass(frozen=True)
class ZoteroSource:
    """Where a Zotero library lives: its database and the data folder holding ``storage/``."""

    database: Path
    data_dir: Path

    @property
    def storage(self) -> Path:
        """The folder of stored files (``storage/<attachment key>/<file>``)."""
        return self.data_dir / "storage"


def default_data_dir() -> Path | None:
    """Zotero's default data folder (``~/Zotero``; Zotero 4 kept it in its profile)."""
    home = Path.home()
    candidates = [home / "Zotero"]
    for profiles in (home / ".zotero" / "zotero", home / "Library" / "Application Support"
                     / "Zotero" / "Profiles"):
        if profiles.is_dir():
            candidates.extend(sorted(p / "zotero" for p in profiles.iterdir()))
    return next((c for c in candidates if (c / DB_NAME).is_file()), None)


def looks_like_zotero(path: Path) -> bool:
    """True for a Zotero data folder or a Zotero database file (checked by its tables)."""
    path = Path(path)
    if path.is_dir():
        return (path / DB_NAME).is_file()
    if not path.is_file() or path.suffix.lower() not in (".sqlite", ".db"):
        return False
    try:
        with path.open("rb") as fh:
            if fh.read(16) != SQLITE_MAGIC:
                return False
        conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
        try:
            names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False
    return {"items", "itemAttachments", "collections"} <= names


def locate(path: str | Path) -> ZoteroSource:
    """The Zotero library at ``path`` (a data folder, or a ``zotero.sqlite`` file)."""
    path = Path(path).expanduser()
    if path.is_dir():
        if not (path / DB_NAME).is_file():
            raise InputFileError(str(path), f"not a Zotero data folder (no {DB_NAME} in it)")
        return ZoteroSource(path / DB_NAME, path)
    if not path.is_file():
        raise InputFileError(str(path), "no such file or folder")
    if not looks_like_zotero(path):
        raise InputFileError(str(path), "not a Zotero database")
    return ZoteroSource(path, path.parent)


@contextmanager
def open_copy(source: ZoteroSource) -> Iterator[sqlite3.Connection]:
    """A read-only connection to a private copy of the Zotero database."""
    with tempfile.TemporaryDirectory(prefix="paperdesk-zotero-") as tmp:
        copy = Path(tmp) / DB_NAME
        try:
            shutil.copyfile(source.database, copy)
        except OSError as exc:
            raise InputFileError(str(source.database),
                                 f"cannot read the Zotero database ({exc.strerror})") from exc
        conn = sqlite3.connect(f"file:{copy}?immutable=1", uri=True)
        try:
            conn.execute("SELECT count(*) FROM items").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            raise InputFileError(str(source.database),
                                 f"not a readable Zotero database ({exc})") from exc
        try:
            yield conn
        finally:
            conn.close()


def schema_version(conn: sqlite3.Connection) -> int:
    """The userdata schema version (Zotero 4 later keeps the real one in ``userdata2``)."""
    try:
        rows = dict(conn.execute("SELECT schema, version FROM version"))
    except sqlite3.Error:
        return 0
    return int(rows.get("userdata2") or rows.get("userdata") or 0)


def tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Table name -> its column names."""
    out: dict[str, set[str]] = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
        out[name] = {r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')}
    return out
