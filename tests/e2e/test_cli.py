"""The ``paperdesk`` command end to end, as a user runs it, on a temporary library."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"

PAPER_KEYS = {"id", "key", "title", "authors", "year", "venue", "doi", "abstract", "stars",
              "read", "tags", "note", "highlights", "links", "added", "modified"}


def run(libdir: Path, *args: str, stdin: str | None = None, env: dict | None = None):
    """Run ``paperdesk --library libdir ARGS``; returns (exit status, stdout, stderr)."""
    proc = subprocess.run(
        [sys.executable, "-m", "paperdesk", *args, "--library", str(libdir)],
        input=stdin if stdin is not None else "", capture_output=True, text=True, timeout=120,
        env={**os.environ, **(env or {})},
    )
    return proc.returncode, proc.stdout, proc.stderr


def jrun(libdir: Path, *args: str, **kw):
    code, out, err = run(libdir, *args, "--json", **kw)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture(scope="module")
def libdir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("cli") / "lib"
    report = jrun(d, "import", str(SAMPLE))
    assert (report["added"], report["merged"], report["skipped"], report["problems"]) == (
        98, 0, 0, [])
    return d


def test_import_twice_adds_nothing(libdir):
    report = jrun(libdir, "import", str(SAMPLE))
    assert report["added"] == 0
    assert report["merged"] + report["skipped"] == 98


def test_search_mutual_reinforcement(libdir):
    papers = jrun(libdir, "search", '"mutual reinforcement"', "--limit", "50")["papers"]
    assert len(papers) == 12
    for p in papers[:2]:
        assert "mutual reinforcement" in p["title"].lower()
    for p in papers[2:]:
        assert "mutual reinforcement" not in p["title"].lower()
    assert all(PAPER_KEYS | {"score", "snippet"} <= set(p) for p in papers)
    assert any("[Mutual] [Reinforcement]" in p["snippet"] for p in papers)


def test_list_and_show(libdir):
    papers = jrun(libdir, "list")["papers"]
    assert len(papers) >= 98
    assert PAPER_KEYS <= set(papers[0])
    first = jrun(libdir, "show", str(papers[-1]["id"]))
    assert first["title"].startswith("Empirical Study of Mutual Reinforcement Effect")
    code, out, _ = run(libdir, "show", str(papers[-1]["id"]))
    assert code == 0 and "Empirical Study" in out


def test_add_edit_and_annotate(libdir):
    p = jrun(libdir, "add", "--title", "My own paper", "--author", "Doe, Jane",
             "--author", "John Smith", "--year", "2024", "--abstract", "Graphs and cats.")
    pid = str(p["id"])
    assert p["authors"] == ["Jane Doe", "John Smith"] and p["year"] == 2024
    assert jrun(libdir, "edit", pid, "--venue", "ACL", "--year", "2023")["papers"][0]["venue"] \
        == "ACL"
    assert jrun(libdir, "star", pid, "4")["papers"][0]["stars"] == 4
    assert jrun(libdir, "read", pid, "reading")["papers"][0]["read"] == "reading"
    jrun(libdir, "note", pid, "A *great* note")
    assert jrun(libdir, "show", pid)["note"] == "A *great* note"
    jrun(libdir, "note", pid, stdin="note from stdin\n")
    assert jrun(libdir, "show", pid)["note"] == "note from stdin\n"
    # no input (a script, </dev/null) never erases a note; "" clears it on purpose
    code, out, err = run(libdir, "note", pid, stdin="")
    assert code == 2 and "no note text on standard input; the note is kept" in err
    assert jrun(libdir, "show", pid)["note"] == "note from stdin\n"
    jrun(libdir, "note", pid, "")
    assert jrun(libdir, "show", pid)["note"] == ""
    jrun(libdir, "note", pid, "A *great* note")
    tags = jrun(libdir, "tag", pid, "graphs", "cats")["papers"][0]["tags"]
    assert {t["name"] for t in tags} == {"graphs", "cats"}
    assert set(tags[0]) == {"name", "source", "score", "rejected"}
    jrun(libdir, "untag", pid, "cats")
    assert [t["name"] for t in jrun(libdir, "show", pid)["tags"]] == ["graphs"]
    h = jrun(libdir, "highlight", pid, "0", "6", "--comment", "nice")["papers"][0]
    assert h["highlights"][0]["text"] == "Graphs"
    linked = jrun(libdir, "link", pid, "1")["papers"]
    assert {x["id"] for x in linked} == {1, int(pid)}
    assert jrun(libdir, "show", "1")["links"] == [int(pid)]
    jrun(libdir, "unlink", pid, "1")
    assert jrun(libdir, "show", "1")["links"] == []
    assert jrun(libdir, "search", "tag:graphs stars:>=4 has:note")["papers"][0]["id"] == int(pid)


def test_trash_restore_undo_empty(libdir):
    pid = str(jrun(libdir, "add", "--title", "Doomed paper")["id"])
    jrun(libdir, "trash", pid)
    assert jrun(libdir, "search", "doomed")["papers"] == []
    assert [p["id"] for p in jrun(libdir, "list", "--trashed")["papers"]] == [int(pid)]
    jrun(libdir, "undo")
    assert len(jrun(libdir, "search", "doomed")["papers"]) == 1
    jrun(libdir, "trash", pid)
    jrun(libdir, "restore", pid)
    assert len(jrun(libdir, "search", "doomed")["papers"]) == 1
    jrun(libdir, "trash", pid)
    code, out, _ = run(libdir, "empty-trash", "--json")  # asks first: --yes
    assert code == 2 and "--yes" in json.loads(out)["error"]["message"]
    assert jrun(libdir, "empty-trash", "--yes")["removed"] == [int(pid)]
    code, _, err = run(libdir, "show", pid)
    assert code == 2 and f"no paper with id {pid}" in err


def test_ids_may_be_separated_by_commas_or_spaces(libdir):
    ids = [str(jrun(libdir, "add", "--title", f"Paper {n}")["id"]) for n in range(3)]
    jrun(libdir, "trash", f"{ids[0]},{ids[1]}", ids[2])
    assert len(jrun(libdir, "list", "--trashed")["papers"]) == 3
    code, _, err = run(libdir, "restore", "1,x")
    assert code == 2 and "no paper with id or citation key 'x'" in err


def test_saved_reindex_backup_export(libdir, tmp_path):
    jrun(libdir, "saved", "add", "mre", '"mutual reinforcement"')
    assert jrun(libdir, "saved", "list")["saved"] == [
        {"name": "mre", "query": '"mutual reinforcement"'}]
    assert jrun(libdir, "reindex")["indexed"] >= 98
    assert Path(jrun(libdir, "backup", str(tmp_path / "bk"))["backup"]).joinpath(
        "library.sqlite").exists()
    out = tmp_path / "mre.json"
    code, _, err = run(libdir, "export", "--format", "csljson", "--query",
                       '"mutual reinforcement"', "-o", str(out))
    assert code == 0, err
    items = json.loads(out.read_text())
    assert len(items) == 12 and all(i["title"] and i["abstract"] for i in items)
    code, stdout, _ = run(libdir, "export", "--format", "csljson")
    assert code == 0 and len(json.loads(stdout)) >= 98


def test_errors_exit_2_with_one_line(libdir, tmp_path):
    cases = [
        ("search", '"unclosed'),
        ("star", "99999", "3"),
        ("import", str(tmp_path / "missing.bib")),
        ("export", "--format", "docx-nope"),
    ]
    empty = tmp_path / "empty.bib"
    empty.write_text("")
    binary = tmp_path / "blob.ris"
    binary.write_bytes(bytes(range(256)) * 10)
    cases += [("import", str(empty)), ("import", str(binary))]
    before = jrun(libdir, "list")["papers"]
    for args in cases:
        code, out, err = run(libdir, *args)
        assert code == 2, (args, out, err)
        assert err.count("\n") == 1 and err.startswith("paperdesk: "), err
        assert "Traceback" not in err
    assert jrun(libdir, "list")["papers"] == before


def test_bad_file_error_names_the_file(libdir, tmp_path):
    empty = tmp_path / "nothing.bib"
    empty.write_text("   \n")
    code, _, err = run(libdir, "import", str(empty))
    assert code == 2 and str(empty) in err


def test_locked_library_is_a_clear_error(tmp_path):
    import sqlite3

    d = tmp_path / "locked"
    jrun(d, "add", "--title", "x")
    conn = sqlite3.connect(d / "library.sqlite", timeout=0)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(d, "star", "1", "3", env={"PAPERDESK_WRITE_WAIT_S": "1"})
    finally:
        conn.rollback()
        conn.close()
    # it waited its bounded turn, then said so in one line
    assert code == 2 and "another PaperDesk, or another program" in err and "for writing" in err


def test_demo_library(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--demo", "list", "--json"],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    papers = json.loads(proc.stdout)["papers"]
    assert len(papers) > 400  # the 98-paper sample page and the described ACL papers
    assert sum(bool(p["year"] and p["authors"]) for p in papers) > 300


def test_no_command_without_display_explains(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(tmp_path / "l")],
                          capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in proc.stderr
    assert proc.returncode in (0, 2)
    assert "xvfb-run" in proc.stderr or "usage:" in proc.stdout


def test_numbers_too_large_and_notes_not_in_utf8_are_one_line_errors(tmp_path):
    """`show 99999999999999999999`, `edit 1 --year 99999999999999999999` and a Latin-1 note
    on standard input printed Python tracebacks."""
    lib = tmp_path / "lib"
    assert run(lib, "add", "--title", "A paper")[0] == 0
    big = "99999999999999999999"
    for args in (("show", big), ("star", big, "3"), ("link", "1", big), ("similar", big)):
        code, _, err = run(lib, *args)
        assert (code, err.strip()) == (2, f"paperdesk: no paper with id {big}"), args
    for args in (("edit", "1", "--year", big), ("add", "--title", "x", "--year", "-5")):
        code, _, err = run(lib, *args)
        assert code == 2 and "not a year from 1 to 9999" in err and "Traceback" not in err
    code, _, err = run(lib, "highlight", "--remove", big)
    assert (code, err.strip()) == (2, "paperdesk: a number given is too large")
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(lib), "note",
                           "1"], input="café".encode("latin-1"), capture_output=True,
                          timeout=120)
    assert proc.returncode == 2 and proc.stderr.decode().strip() == (
        "paperdesk: paper 1: standard input is not UTF-8 text (byte 4); the note is unchanged")
    assert run(lib, "note", "1", stdin="thé")[0] == 0
    assert run(lib, "note", "1", "--show")[1].strip() == "thé"
