"""Many PaperDesk processes writing one library (issue 16): nobody fails, nothing is lost,
the search index ends in step with the database."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests_helpers import write_papers_jsonl

from paperdesk import Library
from paperdesk.errors import LibraryError


def start(libdir: Path, *args: str) -> subprocess.Popen:
    """Start ``paperdesk --library libdir ARGS`` in the background."""
    return subprocess.Popen([sys.executable, "-m", "paperdesk", "--library", str(libdir),
                             *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=os.environ.copy())


def finish(proc: subprocess.Popen, timeout: float = 300) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def check_consistent(libdir: Path) -> int:
    """The index holds one document per paper and nothing is left queued; returns the count."""
    with Library.open(libdir) as lib:
        count = lib.count() + lib.count(trashed=True)
        assert lib.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
        assert lib.index.doc_count() == count
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return count


def test_two_imports_and_edits_at_once(tmp_path):
    libdir = tmp_path / "lib"
    first = write_papers_jsonl(tmp_path / "a.jsonl", 600, offset=0)
    second = write_papers_jsonl(tmp_path / "b.jsonl", 600, offset=10_000)
    seed = write_papers_jsonl(tmp_path / "seed.jsonl", 5, offset=50_000)
    assert finish(start(libdir, "import", str(seed)))[0] == 0
    imports = [start(libdir, "import", str(first)), start(libdir, "import", str(second))]
    time.sleep(1.0)
    edits = []
    for pid in range(1, 6):  # typed while both imports run
        edits.append(finish(start(libdir, "star", str(pid), "4"), 120))
        edits.append(finish(start(libdir, "note", str(pid), f"note typed during import {pid}")))
    for code, _out, err in edits:
        assert code == 0, err
        assert "locked" not in err and "busy" not in err
    for proc in imports:
        code, out, err = finish(proc)
        assert code == 0, err
        assert "added 600, merged 0" in out
    assert check_consistent(libdir) == 1205
    with Library.open(libdir) as lib:
        assert sorted(h.paper_id for h in lib.search("stars:4")) == [1, 2, 3, 4, 5]
        assert sorted(h.paper_id for h in lib.search('"note typed during import"')) == \
            [1, 2, 3, 4, 5]
        assert [lib.get(p).note for p in range(1, 6)] == [
            f"note typed during import {p}" for p in range(1, 6)]


def test_creating_one_library_from_several_processes_at_once(tmp_path):
    libdir = tmp_path / "new"
    files = [write_papers_jsonl(tmp_path / f"{n}.jsonl", 20, offset=n * 100) for n in range(4)]
    procs = [start(libdir, "import", str(f)) for f in files]
    for proc in procs:
        code, out, err = finish(proc)
        assert code == 0, err
        assert "added 20" in out
    assert check_consistent(libdir) == 80


def test_an_edit_waits_for_another_writer_and_says_so(tmp_path):
    libdir = tmp_path / "lib"
    write_papers_jsonl(tmp_path / "a.jsonl", 3)
    assert finish(start(libdir, "import", str(tmp_path / "a.jsonl")))[0] == 0
    holder = sqlite3.connect(libdir / "library.sqlite")
    holder.execute("BEGIN IMMEDIATE")  # another program writes for a while
    holder.execute("UPDATE papers SET venue = 'X' WHERE id = 2")
    proc = start(libdir, "star", "1", "5")
    time.sleep(3.0)
    assert proc.poll() is None  # waiting, not failed
    holder.commit()
    holder.close()
    code, out, err = finish(proc)
    assert code == 0, err
    assert "waiting for another PaperDesk (or another program writing to the library)…" in err
    with Library.open(libdir) as lib:
        assert lib.get(1).stars == 5 and lib.get(2).venue == "X"


def test_a_bounded_wait_ends_with_one_line(tmp_path):
    libdir = tmp_path / "lib"
    write_papers_jsonl(tmp_path / "a.jsonl", 3)
    assert finish(start(libdir, "import", str(tmp_path / "a.jsonl")))[0] == 0
    holder = sqlite3.connect(libdir / "library.sqlite")
    holder.execute("BEGIN IMMEDIATE")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "paperdesk", "--library", str(libdir), "star", "1", "5"],
            capture_output=True, text=True, timeout=60,
            env={**os.environ, "PAPERDESK_WRITE_WAIT_S": "2"})
    finally:
        holder.rollback()
        holder.close()
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1].endswith("try again when it is done")
    # the holder may be no PaperDesk (here the sqlite3 module): the message said it was
    assert "another PaperDesk, or another program" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_second_window_on_one_library_is_refused(tmp_path):
    first = Library.open(tmp_path / "lib")
    second = Library.open(tmp_path / "lib")
    try:
        first.claim_window()
        with pytest.raises(LibraryError, match="already open in another PaperDesk window"):
            second.claim_window()
        first.close()  # closing the first window frees the library
        second.claim_window()
    finally:
        second.close()


def test_two_imports_of_overlapping_files_at_once_merge_what_they_share(tmp_path):
    import json

    libdir = tmp_path / "lib"
    write_papers_jsonl(tmp_path / "all.jsonl", 900)
    lines = (tmp_path / "all.jsonl").read_text().splitlines(keepends=True)
    (tmp_path / "a.jsonl").write_text("".join(lines[:600]))  # papers 0-599
    (tmp_path / "b.jsonl").write_text("".join(lines[300:]))  # papers 300-899
    procs = [start(libdir, "import", str(tmp_path / name), "--json")
             for name in ("a.jsonl", "b.jsonl")]
    reports = []
    for proc in procs:
        code, out, err = finish(proc)
        assert code == 0, err
        reports.append(json.loads(out))
    # each shared paper once: whichever import came second merged it into the first's
    assert check_consistent(libdir) == 900
    assert sum(r["added"] for r in reports) == 900
    assert sum(r["merged"] for r in reports) == 300
