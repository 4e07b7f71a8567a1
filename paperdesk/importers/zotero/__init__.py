"""Reading Zotero libraries (Zotero 4 to 10): data folders and ``zotero.sqlite`` files.

:func:`~paperdesk.importers.zotero.source.locate` finds the database and ``storage/``;
:func:`~paperdesk.importers.zotero.reader.read_zotero` reads a private copy into plain
records; :mod:`paperdesk.library.zotero_import` stores them.
"""

from __future__ import annotations

from paperdesk.importers.zotero.reader import ZoteroData, ZoteroEntry, read_zotero
from paperdesk.importers.zotero.source import (
    ZoteroSource,
    default_data_dir,
    locate,
    looks_like_zotero,
)

__all__ = ["ZoteroData", "ZoteroEntry", "ZoteroSource", "default_data_dir", "locate",
           "looks_like_zotero", "read_zotero"]
