"""Numbered migrations, the pre-migration copy, and damaged or newer databases."""

from __future__ import annotations

import sqlite3

import pytest

from paperdesk import Library
from paperdesk.errors import LibraryError
from paperdesk.library import migrations
from paperdesk.library.db import connect


def test_new_library_is_at_latest_version(lib):
    assert migrations.schema_version(lib.db) == migrations.LATEST
    assert lib.migration_backup is None  # nothing to copy for a new library


def test_upgrade_takes_a_copy_first(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    db_path = folder / "library.sqlite"
    db = connect(db_path)
    migrations.migrate(db, db_path, upto=1)  # a library made by an older PaperDesk
    db.execute(
        "INSERT INTO papers (key, title, added, modified) VALUES ('k', 'Old paper', 't', 't')"
    )
    db.conn.commit()
    db.close()

    with Library.open(folder) as lib:
        assert migrations.schema_version(lib.db) == migrations.LATEST
        copy = lib.migration_backup
        assert copy is not None and copy.parent == folder / "backups"
        assert lib.db["embeddings"].exists()
        assert [h.title for h in lib.search("old")] == ["Old paper"]
    old = sqlite3.connect(copy)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT title FROM papers").fetchall() == [("Old paper",)]
    assert "embeddings" not in {r[0] for r in old.execute("SELECT name FROM sqlite_master")}


def test_failed_migration_rolls_back(tmp_path, monkeypatch):
    folder = tmp_path / "l"
    folder.mkdir()
    db = connect(folder / "library.sqlite")
    migrations.migrate(db, folder / "library.sqlite", upto=1)

    def broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("boom")

    monkeypatch.setattr(migrations, "MIGRATIONS", [migrations.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError):
        migrations.migrate(db, folder / "library.sqlite")
    assert migrations.schema_version(db) == 1
    assert not db["half_done"].exists()


def test_newer_schema_is_refused(tmp_path):
    with Library.open(tmp_path / "l") as lib:
        lib.db.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    with pytest.raises(LibraryError, match="newer PaperDesk"):
        Library.open(tmp_path / "l")


def test_not_a_database_is_a_clear_error(tmp_path):
    folder = tmp_path / "l"
    folder.mkdir()
    (folder / "library.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryError, match="damaged"):
        Library.open(folder)


def test_read_only_library_is_a_clear_error(tmp_path):
    import os

    if os.geteuid() == 0:
        # root ignores file permissions; use SQLite's own read-only mode instead
        with Library.open(tmp_path / "l"):
            pass
        db = connect(tmp_path / "l" / "library.sqlite", readonly=True)
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.execute("INSERT INTO meta VALUES ('a', 'b')")
        return
    with Library.open(tmp_path / "l"):
        pass
    os.chmod(tmp_path / "l", 0o500)
    os.chmod(tmp_path / "l" / "library.sqlite", 0o400)
    try:
        with pytest.raises(LibraryError, match="read-only"):
            Library.open(tmp_path / "l")
    finally:
        os.chmod(tmp_path / "l", 0o700)


def test_upgrade_keeps_the_stored_keyphrases_as_the_vocabulary_s_topics(tmp_path):
    # before the topics had a table of their own, the vocabulary read the keyphrases
    folder = tmp_path / "old"
    folder.mkdir()
    db_path = folder / "library.sqlite"
    db = connect(db_path)
    migrations.migrate(db, db_path, upto=migrations.LATEST - 1)
    db.execute("INSERT INTO papers (key, title, added, modified) VALUES ('k', 'P', 't', 't')")
    db.conn.executemany("INSERT INTO keyphrases (paper_id, rank, phrase, score) VALUES "
                        "(1, ?, ?, 0.5)", [(0, "machine translation"), (1, "parsing")])
    db.conn.commit()
    db.close()
    with Library.open(folder) as lib:
        assert lib.db.execute("SELECT phrase FROM topic_phrases WHERE paper_id = 1 "
                              "ORDER BY rank").fetchall() == [("machine translation",),
                                                              ("parsing",)]
        assert lib.vocabulary.keyphrases(1) == [("machine translation", 0.5), ("parsing", 0.5)]
