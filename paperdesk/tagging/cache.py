"""Phrase-embedding caches: newly imported papers embed only phrases never seen before.

:class:`PhraseCache` is the interface the tagger uses. :class:`MemoryPhraseCache` keeps
vectors in a dict (one tagging run, tests); :class:`SqlitePhraseCache` keeps them in the
library database's ``phrase_embeddings`` table (see :data:`PHRASE_TABLE_DDL`; the
library's migration creates it). Vectors are stored as float16 blobs
(:mod:`paperdesk.tagging.vectors`) and tagged with the encoder's ``model_id``, so
vectors of another model or backend are ignored and replaced.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from paperdesk.tagging.vectors import as_stored, from_blob, to_blob

if TYPE_CHECKING:
    import numpy as np
    import sqlite_utils

PHRASE_TABLE = "phrase_embeddings"
PHRASE_TABLE_DDL = """
CREATE TABLE IF NOT EXISTS phrase_embeddings (
    phrase TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
)
"""
_CHUNK = 500  # phrases per SELECT (well under SQLite's variable limit)


class PhraseCache(Protocol):
    """Where the tagger looks up and stores phrase vectors."""

    def get_many(self, phrases: list[str]) -> dict[str, np.ndarray]:
        """Vectors of those ``phrases`` that are cached (others are left out)."""
        ...

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        """Store (or replace) vectors."""
        ...


class MemoryPhraseCache:
    """A phrase cache in a dict; vectors are rounded as the SQLite cache rounds them."""

    def __init__(self) -> None:
        self.vectors: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.vectors)

    def get_many(self, phrases: list[str]) -> dict[str, np.ndarray]:
        """Vectors of those ``phrases`` that are cached."""
        found = self.vectors
        return {p: found[p] for p in phrases if p in found}

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        """Store vectors (rounded to float16 precision, as float32)."""
        self.vectors.update({p: as_stored(v) for p, v in vectors.items()})


class SqlitePhraseCache:
    """A phrase cache in the library database (table ``phrase_embeddings``)."""

    def __init__(self, db: sqlite_utils.Database, model: str, table: str = PHRASE_TABLE) -> None:
        """Use ``table`` of ``db`` for vectors of ``model`` (an encoder's ``model_id``).

        The table must exist (the library's migration creates it; see
        :data:`PHRASE_TABLE_DDL`).
        """
        self.db = db
        self.model = model
        self.table = table

    def get_many(self, phrases: list[str]) -> dict[str, np.ndarray]:
        """Vectors of those ``phrases`` cached for this model."""
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(phrases), _CHUNK):
            part = phrases[i : i + _CHUNK]
            marks = ", ".join("?" * len(part))
            rows = self.db.execute(
                f"SELECT phrase, vector FROM [{self.table}] "
                f"WHERE model = ? AND phrase IN ({marks})",
                [self.model, *part],
            )
            found.update((phrase, from_blob(blob)) for phrase, blob in rows)
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        """Store or replace vectors in one transaction (a savepoint inside an open one)."""
        if not vectors:
            return
        rows = [(p, self.model, to_blob(v)) for p, v in vectors.items()]
        with self.db.atomic():
            self.db.conn.executemany(
                f"INSERT OR REPLACE INTO [{self.table}] (phrase, model, vector) VALUES (?, ?, ?)",
                rows,
            )
