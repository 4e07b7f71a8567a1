"""Numbered schema migrations, one transaction each.

The schema version lives in ``PRAGMA user_version``. Before any migration runs on an
existing library, a copy of the database is taken with SQLite's backup API into
``backups/`` beside it, so an upgrade can always be undone by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.library.db import now

if TYPE_CHECKING:  # sqlite-utils is imported where its table API is used
    import sqlite_utils

Migration = Callable[["sqlite_utils.Database"], None]

SCHEMA_V1 = """
CREATE TABLE papers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    abstract TEXT NOT NULL DEFAULT '',
    year INTEGER,
    venue TEXT NOT NULL DEFAULT '',
    entry_type TEXT NOT NULL DEFAULT 'article',
    doi TEXT NOT NULL DEFAULT '',
    arxiv_id TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '{}',
    stars INTEGER NOT NULL DEFAULT 0 CHECK (stars BETWEEN 0 AND 5),
    read TEXT NOT NULL DEFAULT 'unread' CHECK (read IN ('unread', 'reading', 'read')),
    added TEXT NOT NULL,
    modified TEXT NOT NULL,
    trashed TEXT
);
CREATE INDEX papers_doi ON papers (lower(doi)) WHERE doi != '';
CREATE INDEX papers_arxiv ON papers (arxiv_id) WHERE arxiv_id != '';
CREATE INDEX papers_trashed ON papers (trashed);
CREATE TABLE authors (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    family TEXT NOT NULL,
    given TEXT NOT NULL DEFAULT '',
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (paper_id, position)
);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('user', 'auto')),
    score REAL,
    rejected INTEGER NOT NULL DEFAULT 0,
    UNIQUE (paper_id, name)
);
CREATE INDEX tags_name ON tags (name);
CREATE TABLE notes (
    paper_id INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE highlights (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    color TEXT NOT NULL DEFAULT 'yellow',
    created TEXT NOT NULL
);
CREATE INDEX highlights_paper ON highlights (paper_id);
CREATE TABLE links (
    a INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    b INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    PRIMARY KEY (a, b),
    CHECK (a < b)
);
CREATE INDEX links_b ON links (b);
CREATE TABLE attachments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    fulltext TEXT NOT NULL DEFAULT '',
    added TEXT NOT NULL
);
CREATE INDEX attachments_paper ON attachments (paper_id);
CREATE TABLE saved_searches (
    name TEXT PRIMARY KEY,
    query TEXT NOT NULL,
    created TEXT NOT NULL
);
CREATE TABLE undo_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    description TEXT NOT NULL,
    paper_ids TEXT NOT NULL,
    steps TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE import_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    added INTEGER NOT NULL,
    merged INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    problems TEXT NOT NULL
);
CREATE TABLE index_queue (paper_id INTEGER PRIMARY KEY);
"""

SCHEMA_V2 = """
CREATE TABLE embeddings (
    paper_id INTEGER PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    model TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    text_hash TEXT NOT NULL
);
CREATE TABLE phrase_embeddings (
    phrase TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    vector BLOB NOT NULL
);
CREATE TABLE formatted_refs (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    style TEXT NOT NULL,
    modified TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (paper_id, style)
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

# Highlights on PDF pages (and annotations read from PDFs or Zotero) share the highlights
# table with abstract highlights: ``page`` is NULL for an abstract highlight, else the
# 0-based page number; ``quads`` is a JSON list of [x0, y0, x1, y1] rectangles in PDF user
# space (points, origin bottom-left); ``kind`` is highlight | underline | note; ``origin``
# says where it came from ('' = made in PaperDesk, 'pdf' = read from the file, 'zotero:KEY').
SCHEMA_V3 = """
ALTER TABLE highlights ADD COLUMN page INTEGER;
ALTER TABLE highlights ADD COLUMN quads TEXT NOT NULL DEFAULT '';
ALTER TABLE highlights ADD COLUMN kind TEXT NOT NULL DEFAULT 'highlight';
ALTER TABLE highlights ADD COLUMN origin TEXT NOT NULL DEFAULT '';
"""

# Collections: a tree of named folders (``parent`` NULL at the top; sibling names unique
# ignoring case); a paper may sit in any number of them. ``parent`` has no foreign key so
# that undo may restore rows in any order; the managers keep the tree consistent.
SCHEMA_COLLECTIONS = """
CREATE TABLE collections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    parent INTEGER,
    created TEXT NOT NULL
);
CREATE UNIQUE INDEX collections_sibling_name
    ON collections (coalesce(parent, 0), name COLLATE NOCASE);
CREATE TABLE collection_papers (
    collection_id INTEGER NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    added TEXT NOT NULL,
    PRIMARY KEY (collection_id, paper_id)
);
CREATE INDEX collection_papers_paper ON collection_papers (paper_id)
"""

SCHEMA_KEYPHRASES = """
CREATE TABLE keyphrases (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    phrase TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (paper_id, rank)
);
CREATE TABLE paper_acronyms (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    short TEXT NOT NULL,
    long TEXT NOT NULL,
    PRIMARY KEY (paper_id, short)
);
CREATE TABLE tag_vocabulary (
    name TEXT PRIMARY KEY,
    aliases TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL CHECK (source IN ('user', 'auto')),
    papers INTEGER NOT NULL DEFAULT 0,
    suggested INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tag_rules (
    phrase_key TEXT PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('name', 'ban')),
    target TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL
)
"""

SCHEMA_TOPIC_PHRASES = """
CREATE TABLE topic_phrases (
    paper_id INTEGER NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    rank INTEGER NOT NULL,
    phrase TEXT NOT NULL,
    PRIMARY KEY (paper_id, rank)
);
INSERT INTO topic_phrases (paper_id, rank, phrase) SELECT paper_id, rank, phrase FROM keyphrases
"""


def _run_script(script: str) -> Migration:
    def migrate(db: sqlite_utils.Database) -> None:
        for statement in script.split(";"):
            if statement.strip():
                db.execute(statement)

    return migrate


#: MIGRATIONS[i] takes the schema from version i to version i + 1.
MIGRATIONS: list[Migration] = [
    _run_script(SCHEMA_V1),  # 0 -> 1: papers, authors, annotations, logs
    _run_script(SCHEMA_V2),  # 1 -> 2: embeddings, phrase cache, formatted references, meta
    _run_script(SCHEMA_V3),  # 2 -> 3: highlights on PDF pages
    _run_script(SCHEMA_COLLECTIONS),  # collections (nested) and their papers
    # redo: the rows an undone edit had written, so Redo can write them back
    _run_script("ALTER TABLE undo_log ADD COLUMN redo_steps TEXT"),
    _run_script(SCHEMA_KEYPHRASES),  # keyphrases, acronyms, tag vocabulary and its rules
    # the sidebar's counts read this small index, not every paper's row (with abstracts)
    _run_script("CREATE INDEX IF NOT EXISTS papers_counts "
                "ON papers (trashed, stars, read, added)"),
    # the phrases the tag vocabulary reads, apart from the keyphrases shown; until now
    # both were the same list
    _run_script(SCHEMA_TOPIC_PHRASES),
]
LATEST = len(MIGRATIONS)


def schema_version(db: sqlite_utils.Database) -> int:
    """The schema version recorded in the database."""
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def backup_copy(db: sqlite_utils.Database, db_path: Path, version: int) -> Path:
    """Copy the database (consistently, with SQLite's backup API) before migrating."""
    folder = db_path.parent / "backups"
    folder.mkdir(exist_ok=True)
    stamp = now().replace(":", "").replace("-", "").split(".")[0]
    dest = folder / f"{db_path.stem}-v{version}-{stamp}.sqlite"
    import sqlite3

    target = sqlite3.connect(str(dest))
    try:
        db.conn.backup(target)
    finally:
        target.close()
    return dest


def migrate(db: sqlite_utils.Database, db_path: Path, upto: int = LATEST) -> Path | None:
    """Bring the schema up to ``upto``; returns the pre-migration copy, if one was taken."""
    current = schema_version(db)
    if current > LATEST:
        from paperdesk.errors import LibraryError

        raise LibraryError(
            f"{db_path}: made by a newer PaperDesk (schema {current}, this one knows {LATEST})"
        )
    if current >= upto:
        return None
    copy = backup_copy(db, db_path, current) if current > 0 else None
    for version in range(current, upto):
        # each step in a write transaction that first re-reads the version: of several
        # processes opening (or creating) the library at once, one migrates, the others
        # wait for it and then find nothing left to do
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) == version:
                MIGRATIONS[version](db)
                db.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            db.conn.rollback()
            raise
        db.conn.commit()
    return copy
