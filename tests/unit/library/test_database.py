"""The library's database handle behaves as sqlite-utils' ``Database`` (which it loads only
when its table API is used)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlite_utils

from paperdesk.library.database import Database


def both(tmp_path: Path) -> list[tuple[str, object]]:
    """Our handle and sqlite-utils' on two copies of one small database."""
    out = []
    for name, make in (("ours", Database),
                       ("sqlite-utils", lambda c: sqlite_utils.Database(
                           c, execute_plugins=False))):
        conn = sqlite3.connect(tmp_path / f"{name}.sqlite")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)")
        conn.commit()
        out.append((name, make(conn)))
    return out


def test_execute_and_query_match_sqlite_utils(tmp_path: Path):
    results = []
    for _, db in both(tmp_path):
        db.execute("INSERT INTO t (name, n) VALUES (?, ?)", ["a", 1])  # committed at once
        assert not db.conn.in_transaction
        with pytest.raises(sqlite3.IntegrityError):
            db.execute("INSERT INTO t (name, n) VALUES ('a', 2)")
        assert not db.conn.in_transaction  # a failed write leaves no transaction open
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO t (name, n) VALUES (:name, :n)", {"name": "b", "n": 2})
        assert db.conn.in_transaction  # inside an explicit transaction: not committed
        db.execute("COMMIT")
        rows = list(db.query("SELECT id, name, n FROM t WHERE n >= ? ORDER BY id", [1]))
        doubled = list(db.query("SELECT t.name, u.name FROM t, t AS u WHERE t.id = 1 "
                                "AND u.id = 2"))
        pragma = list(db.query("PRAGMA table_info(t)"))
        results.append((rows, doubled, [p["name"] for p in pragma],
                        db.execute("PRAGMA recursive_triggers").fetchone()[0]))
    assert results[0] == results[1]
    assert results[0][0] == [{"id": 1, "name": "a", "n": 1}, {"id": 2, "name": "b", "n": 2}]
    assert results[0][1] == [{"name": "a", "name_2": "b"}]  # repeated columns renamed


def test_the_table_api_goes_to_sqlite_utils_on_the_same_connection(tmp_path: Path):
    (_, db), _ = both(tmp_path)
    db["t"].insert({"name": "c", "n": 3})
    assert db["t"].count == 1
    with db.atomic():
        db.execute("UPDATE t SET n = 4")
    assert db.execute("SELECT n FROM t").fetchone()[0] == 4
    assert isinstance(db.full, sqlite_utils.Database) and db.full.conn is db.conn


def test_reading_and_editing_a_paper_load_no_sqlite_utils(tmp_path: Path):
    from paperdesk import Library
    from paperdesk.records import Paper

    with Library.open(tmp_path / "lib") as lib:
        lib.papers.add(Paper(title="A paper", abstract="About graphs."))
    code = (
        "import sys\n"
        "from paperdesk import Library\n"
        f"with Library.open({str(tmp_path / 'lib')!r}, lazy_index=True) as lib:\n"
        "    lib.papers.set_stars([1], 4)\n"
        "    assert lib.get(1).stars == 4\n"
        "    print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('sqlite_utils', 'whoosh', 'click')))\n"
        "    lib.undo()\n"  # writes the old row back with sqlite-utils' upsert
        "    assert lib.get(1).stars == 0\n"
        "    lib.search('graphs')\n"  # the index catches up with both edits
        "    assert [h.paper_id for h in lib.search('graphs')] == [1]\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
