"""Environment faults (issue 16): a full disk, read-only storage, missing or damaged files,
a bad $EDITOR. Each is one line on stderr, exit status 2, and the library stays intact."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from storage import read_only_view, small_disk
from tests_helpers import write_papers_jsonl

from paperdesk import Library

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"


def run(libdir: Path, *args: str, env: dict | None = None, timeout: float = 120):
    """``paperdesk --library libdir ARGS`` -> (exit status, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(libdir), *args],
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout, proc.stderr


def one_line_error(err: str, *needles: str) -> None:
    """Exactly one line, no traceback, naming each needle."""
    lines = [line for line in err.strip().splitlines() if not line.startswith("warning: ")]
    assert len(lines) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in lines[0], err


@pytest.fixture
def sample_dir(tmp_path) -> Path:
    libdir = tmp_path / "lib"
    code, _, err = run(libdir, "import", str(SAMPLE))
    assert code == 0, err
    return libdir


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ a full disk
def test_import_onto_a_full_disk_is_one_line_and_the_library_stays_usable(tmp_path):
    with small_disk(tmp_path / "disk", 12 << 10) as disk:
        libdir = disk / "lib"
        assert run(libdir, "import", str(SAMPLE))[0] == 0
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"x" * (free - (400 << 10)))  # 400 KB left
        big = write_papers_jsonl(tmp_path / "big.jsonl", 1500)
        code, out, err = run(libdir, "import", str(big))
        assert code == 2, (out, err)
        one_line_error(err, "the disk is full")
        code, out, err = run(libdir, "list", "--limit", "3")  # reading still works
        assert code == 0, err
        code, out, err = run(libdir, "search", "transformer")
        assert code == 0, err
        with Library.open(libdir) as lib:
            assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_search_index_faults_on_a_full_disk_are_warning_lines(tmp_path):
    """Papers queued for the index that a full disk kept out printed log lines
    ('WARNING paperdesk.library: …', 'WARNING paperdesk.search: …') among the results."""
    import sqlite3
    from contextlib import closing

    with small_disk(tmp_path / "disk", 12 << 10) as disk:
        libdir = disk / "lib"
        assert run(libdir, "import", str(SAMPLE))[0] == 0
        with closing(sqlite3.connect(libdir / "library.sqlite")) as db, db:
            # queued, as another process's edits leave them
            db.execute("INSERT OR IGNORE INTO index_queue (paper_id) SELECT id FROM papers")
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"x" * (free - (60 << 10)))  # 60 KB left
        code, out, err = run(libdir, "search", "transformer")
    assert code == 0 and "HarmoDT" in out, err
    lines = err.splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines), err
    assert f"warning: {libdir / 'index'}: the search index could not be updated (the disk " \
           "is full); the data is saved and will be indexed later" in lines


def test_export_and_backup_to_a_full_disk(sample_dir, tmp_path):
    with small_disk(tmp_path / "disk", 64) as disk:
        (disk / "filler").write_bytes(b"x" * (60 << 10))
        code, _, err = run(sample_dir, "export", "--format", "bibtex", "-o", str(disk / "o.bib"))
        assert code == 2
        one_line_error(err)
        assert not (disk / "o.bib").exists()
        assert [p.name for p in disk.iterdir()] == ["filler"]  # no half-written temp file
        code, _, err = run(sample_dir, "backup", str(disk / "copy"))
        assert code == 2
        one_line_error(err, "the disk is full")
        assert not (disk / "copy").exists()  # the half-made backup is removed


def test_whoosh_out_of_space_keeps_the_papers_and_indexes_them_later(lib, tmp_path,
                                                                       monkeypatch):
    from whoosh.filedb import filestore

    lib.import_files([SAMPLE])
    real = filestore.FileStorage.create_file

    def full(self, name, **kw):  # noqa: ANN001, ANN202
        raise OSError(errno.ENOSPC, "No space left on device", name)

    monkeypatch.setattr(filestore.FileStorage, "create_file", full)
    source = write_papers_jsonl(tmp_path / "more.jsonl", 30)
    report = lib.import_files([source])  # stored: the index's fault is a warning
    assert report.added == 30
    (warning,) = report.warnings
    assert "the disk is full" in warning and "data is saved" in warning
    assert lib.count() == 128  # committed in SQLite, queued for the index
    monkeypatch.setattr(filestore.FileStorage, "create_file", real)
    lib.close()
    with Library.open(lib.folder) as again:  # no rebuild needed: the queue catches up
        assert again.index.doc_count() == 128
        assert [h.paper_id for h in again.search('"report 7"')]


# ------------------------------------------------------------------ read-only storage
def test_a_read_only_library_reads_searches_exports_and_refuses_edits(sample_dir, tmp_path):
    with read_only_view(sample_dir, tmp_path / "ro") as ro:
        code, out, err = run(ro, "list", "--limit", "5")
        assert code == 0, err
        assert len(out.strip().splitlines()) == 5
        assert run(ro, "search", "language")[0] == 0
        code, out, err = run(ro, "show", "1")
        assert code == 0 and out.startswith("[1] "), err
        code, out, err = run(ro, "export", "--format", "bibtex")
        assert code == 0 and out.count("@") >= 98, err
        for edit in (("star", "1", "3"), ("note", "1", "x"), ("tag", "1", "t"),
                     ("trash", "1"), ("import", str(SAMPLE)), ("undo",), ("reindex",)):
            code, out, err = run(ro, *edit)
            assert code == 2, (edit, out, err)
            one_line_error(err, "read-only library")
    assert run(sample_dir, "show", "1")[0] == 0


def test_a_read_only_library_with_a_stale_index_searches_a_private_one(sample_dir, tmp_path):
    import json

    meta = sample_dir / "index" / "paperdesk-index.json"
    data = json.loads(meta.read_text())
    meta.write_text(json.dumps({**data, "stamp": "stale"}))
    with read_only_view(sample_dir, tmp_path / "ro") as ro:
        code, out, err = run(ro, "search", "language", "--limit", "3")
        assert code == 0 and out.strip(), err
    assert json.loads(meta.read_text())["stamp"] == "stale"  # nothing written there


def _store_vectors(libdir: Path) -> None:
    """Give every paper a vector, as tagging stores them (bag-of-words vectors: papers
    sharing words are close), and a tag shared by the first three papers."""
    np = pytest.importorskip("numpy", reason="similar papers need numpy (the ml extra)")
    import zlib

    from paperdesk.tagging.vectors import to_blob

    with Library.open(libdir) as lib, lib.edit("vectors", (), undoable=False):
        rows = lib.db.execute("SELECT id, title, abstract FROM papers").fetchall()
        for pid, title, abstract in rows:
            vector = np.zeros(384, dtype=np.float32)
            for word in f"{title} {abstract}".lower().split():
                vector += np.random.default_rng(zlib.crc32(word.encode())).standard_normal(384)
            lib.db.execute("INSERT OR REPLACE INTO embeddings (paper_id, model, dim, vector, "
                           "text_hash) VALUES (?, 'test/bow', 384, ?, '')",
                           [pid, to_blob(vector / np.linalg.norm(vector))])
    with Library.open(libdir) as lib:
        lib.tags.add([1, 2, 3], ["reinforcement"])


def test_similar_and_styled_exports_on_a_read_only_library(sample_dir, tmp_path):
    import json

    _store_vectors(sample_dir)
    writable = run(sample_dir, "--json", "similar", "1", "--limit", "5")
    assert writable[0] == 0, writable[2]
    with read_only_view(sample_dir, tmp_path / "ro") as ro:
        code, out, err = run(ro, "--json", "similar", "1", "--limit", "5")
        assert code == 0, err
        found = json.loads(out)["papers"]
        assert found == json.loads(writable[1])["papers"]  # as on writable storage
        assert len(found) >= 3 and all(p["score"] >= 0.5 for p in found)
        code, out, err = run(ro, "similar", "1", "--limit", "3")
        assert code == 0 and out.strip(), err
        # styled exports format with citeproc and would cache the result: not here
        for args in (("--format", "html", "--style", "apa"), ("--format", "markdown"),
                     ("--format", "csljson")):
            code, out, err = run(ro, "export", *args, "--ids", "1,2", "-o", "-")
            assert code == 0 and len(out) > 500, (args, err)
        for edit in (("tag", "--paper", "1", "--retag"), ("untag", "1", "reinforcement"),
                     ("tags", "rename", "reinforcement", "rl")):
            code, out, err = run(ro, *edit)
            assert code == 2, (edit, out, err)
            one_line_error(err, "read-only library")


# ------------------------------------------------------------------ damaged stores
def test_a_damaged_database_is_one_line_and_star_commits_nothing(sample_dir):
    db = sample_dir / "library.sqlite"
    (sample_dir / "backups").mkdir()
    shutil.copy(db, sample_dir / "backups" / "library-v2-20261201.sqlite")
    data = bytearray(db.read_bytes())
    page = 4096
    for n in range(2, len(data) // page - 1, 3):  # every third page after the first
        data[n * page:(n + 1) * page] = os.urandom(page)
    db.write_bytes(bytes(data))
    before = digest(db)
    for command in (("list",), ("search", "language"), ("show", "5"), ("star", "5", "4"),
                    ("export", "--format", "bibtex")):
        code, out, err = run(sample_dir, *command)
        assert code == 2, (command, out, err)
        one_line_error(err, "damaged")
    code, _, err = run(sample_dir, "star", "5", "4")
    assert "backups" in err  # offers the copy in backups/
    assert digest(db) == before
    assert not (sample_dir / "library.sqlite-wal").exists() or \
        (sample_dir / "library.sqlite-wal").stat().st_size == 0


@pytest.mark.parametrize("how", ["deleted", "empty"])
def test_a_lost_database_beside_an_index_is_an_error_not_a_new_library(sample_dir, how):
    db = sample_dir / "library.sqlite"
    db.unlink()
    if how == "empty":
        db.write_bytes(b"")
    code, out, err = run(sample_dir, "list")
    assert code == 2
    one_line_error(err, "library.sqlite", "missing" if how == "deleted" else "empty")
    assert (db.exists() and db.stat().st_size == 0) == (how == "empty")
    assert not (sample_dir / "library.sqlite-wal").exists()


def test_a_cut_index_is_detected_and_rebuilt(sample_dir):
    index = sample_dir / "index"
    biggest = max((p for p in index.iterdir() if p.suffix in (".pst", ".trm")),
                  key=lambda p: p.stat().st_size)
    with open(biggest, "r+b") as f:
        f.truncate(biggest.stat().st_size // 2)
    code, out, err = run(sample_dir, "search", "language", "--limit", "3")
    assert code == 0, err
    assert "Traceback" not in err and len(out.strip().splitlines()) >= 3


def test_a_stale_index_copy_is_detected_and_rebuilt(sample_dir, tmp_path):
    old = tmp_path / "old-index"
    shutil.copytree(sample_dir / "index", old)
    assert run(sample_dir, "trash", "7")[0] == 0
    assert run(sample_dir, "restore", "7")[0] == 0
    assert run(sample_dir, "trash", "9")[0] == 0
    shutil.rmtree(sample_dir / "index")
    shutil.copytree(old, sample_dir / "index")  # same paper count, wrong trash state
    with Library.open(sample_dir) as lib:  # the stale copy is noticed and rebuilt
        assert set(lib.select_ids(query="*:*" if False else "year:[0 TO 3000] OR NOT "
                                  "year:[0 TO 3000]", trashed=True)) == {9}
        assert 7 in lib.select_ids(query="year:[0 TO 3000] OR NOT year:[0 TO 3000]")


# ------------------------------------------------------------------ other faults
def test_backup_to_a_file_a_missing_place_or_a_read_only_place(sample_dir, tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    code, _, err = run(sample_dir, "backup", str(a_file))
    assert code == 2
    one_line_error(err, "not a folder")
    code, _, err = run(sample_dir, "backup", str(a_file / "below"))
    assert code == 2
    one_line_error(err, "cannot back up here")
    code, _, err = run(sample_dir, "backup", str(tmp_path / "new" / "deep" / "copy"))
    assert code == 0, err  # a missing place is made
    with read_only_view(tmp_path / "new", tmp_path / "ro") as ro:
        code, _, err = run(sample_dir, "backup", str(ro / "another"))
        assert code == 2
        one_line_error(err, "cannot back up here")


def test_a_bad_editor_is_one_line(sample_dir, monkeypatch):
    from paperdesk.cli import commands
    from paperdesk.errors import UsageError

    for editor in ("no-such-editor-here", "false", '"unbalanced'):
        monkeypatch.setenv("EDITOR", editor)
        monkeypatch.delenv("VISUAL", raising=False)
        with pytest.raises(UsageError, match="editor"):
            commands._note_from_editor("old text")


def test_a_library_folder_that_cannot_be_made_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(blocker / "lib", "list")
    assert code == 2
    one_line_error(err, "not a folder")


def test_attaching_a_fifo_or_a_folder_is_refused(sample_dir, tmp_path):
    fifo = tmp_path / "paper.pdf"
    os.mkfifo(fifo)
    for target in (fifo, tmp_path):
        code, _, err = run(sample_dir, "attach", "1", str(target), timeout=20)
        assert code == 2
        one_line_error(err, "not a regular file")


def test_a_library_held_locked_by_another_program_says_it_waits(sample_dir):
    """A review: while another program held the library in SQLite's exclusive locking
    mode, every command waited 30 s in silence before its error."""
    locker = subprocess.Popen(
        [sys.executable, "-c", "import sqlite3, sys, time\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('PRAGMA locking_mode=EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
         "print('locked', flush=True); time.sleep(60)", str(sample_dir / "library.sqlite")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        code, out, err = run(sample_dir, "star", "1", "2",
                             env={"PAPERDESK_BUSY_TIMEOUT_MS": "1500"})
    finally:
        locker.kill()
        locker.wait()
        locker.stdout.close()
    assert code == 2 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines[0] == "paperdesk: waiting: another program holds the library locked…"
    assert "locked by another program" in lines[-1] and len(lines) == 2
    code, _, err = run(sample_dir, "star", "1", "2")  # free again: no waiting said
    assert code == 0 and "waiting" not in err
