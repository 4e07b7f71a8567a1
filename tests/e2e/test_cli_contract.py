"""The command line's contract: JSON errors, papers by id or citation key, several papers
per command, saved searches, highlights by text, duplicate and trash safety, ``-o -``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from paperdesk.cli.main import _own_command, main

ACL = Path(__file__).resolve().parents[1] / "data" / "acl" / "acl_200.bib"
KEY = "li-etal-2025-papillon"  # the first paper of acl_200.bib (id 1)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library holding the 200 ACL papers, imported once for the module."""
    d = tmp_path_factory.mktemp("contract") / "lib"
    assert main(["--library", str(d), "import", str(ACL)]) == 0
    return d


@pytest.fixture
def libdir(template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the template library for each test."""
    d = tmp_path / "lib"
    shutil.copytree(template, d)
    return d


def cli(capsys: pytest.CaptureFixture, libdir: Path, *args: str) -> tuple[int, str, str]:
    """Run ``paperdesk --library libdir ARGS`` in this process: (status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(["--library", str(libdir), *args])
    except SystemExit as exc:  # argparse usage errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def paper(capsys, libdir: Path, ref: str) -> dict:
    code, out, err = cli(capsys, libdir, "--json", "show", ref)
    assert code == 0, err
    return json.loads(out)


# ---------------------------------------------------------------- --json errors
def test_json_errors_are_json_on_stdout_with_the_same_status(capsys, libdir, tmp_path):
    code, out, err = cli(capsys, libdir, "--json", "star", "999", "4")
    assert (code, err) == (2, "")
    assert json.loads(out) == {"error": {"message": "no paper with id 999", "file": None,
                                         "code": "not-found"}}
    code, out, err = cli(capsys, libdir, "star", "999", "4")  # people: one line on stderr
    assert (code, out, err) == (2, "", "paperdesk: no paper with id 999\n")

    code, out, err = cli(capsys, libdir, "--json", "star", "1", "9")  # argparse's own error
    assert (code, err) == (2, "")
    assert json.loads(out)["error"]["code"] == "usage" and "9" in json.loads(out)["error"][
        "message"]

    bad = tmp_path / "bad.bib"
    bad.write_bytes(b"\x00\x01\x02binary" * 50)
    code, out, _ = cli(capsys, libdir, "import", str(bad), "--json")
    error = json.loads(out)["error"]
    assert code == 2 and error["file"] == str(bad) and error["code"] == "input-file"


# ---------------------------------------------------------------- naming papers
def test_papers_by_citation_key_and_several_at_once(capsys, libdir):
    assert paper(capsys, libdir, KEY)["id"] == 1
    code, out, _ = cli(capsys, libdir, "star", "3,5", "8", KEY, "4")
    assert (code, out) == (0, "Set 4 stars on 4 papers\n")
    assert [paper(capsys, libdir, r)["stars"] for r in ("1", "3", "5", "8")] == [4] * 4
    code, out, _ = cli(capsys, libdir, "undo")  # one edit, one undo
    assert [paper(capsys, libdir, r)["stars"] for r in ("1", "3", "5", "8")] == [0] * 4

    code, out, _ = cli(capsys, libdir, "read", f"2,{KEY}", "read")
    assert code == 0 and paper(capsys, libdir, KEY)["read"] == "read"
    code, out, err = cli(capsys, libdir, "show", "no-such-key")
    assert code == 2 and "no paper with id or citation key 'no-such-key'" in err


def test_plurals(capsys, libdir):
    assert cli(capsys, libdir, "tag", "1", "method")[1] == "Tagged 1 paper with method\n"
    assert cli(capsys, libdir, "tag", "1,2", "data")[1] == "Tagged 2 papers with data\n"
    assert cli(capsys, libdir, "star", "1", "1")[1] == "Set 1 star on 1 paper\n"
    assert "data" in {t["name"] for t in paper(capsys, libdir, "2")["tags"]}


# ---------------------------------------------------------------- saved searches
def test_saved_searches_run_refuse_overwrite_and_nest(capsys, libdir):
    assert cli(capsys, libdir, "saved", "add", "speech", "title:speech")[0] == 0
    code, _, err = cli(capsys, libdir, "saved", "add", "speech", "title:language")
    assert code == 2 and "--replace" in err
    code, out, _ = cli(capsys, libdir, "--json", "saved", "list")
    assert json.loads(out)["saved"] == [{"name": "speech", "query": "title:speech"}]

    def ids(*args: str) -> list[int]:
        code, out, err = cli(capsys, libdir, "--json", *args, "--limit", "500")
        assert code == 0, err
        return [p["id"] for p in json.loads(out)["papers"]]

    by_hand = ids("search", "title:speech")
    assert by_hand and ids("saved", "run", "speech") == by_hand
    assert ids("search", "saved:speech") == by_hand
    assert set(ids("search", "saved:speech year:2025")) < set(by_hand)
    assert cli(capsys, libdir, "saved", "add", "speech", "title:language", "--replace")[0] == 0
    assert ids("saved", "run", "speech") == ids("search", "title:language")
    cli(capsys, libdir, "saved", "add", "loop", "saved:loop2")  # refused: loop2 unknown
    assert cli(capsys, libdir, "saved", "add", "loop2", "speech")[0] == 0
    code, _, err = cli(capsys, libdir, "search", "saved:nothing")
    assert code == 2 and "no saved search named 'nothing'" in err


# ---------------------------------------------------------------- highlights
def test_highlight_by_text_colour_checks_reversed_span_and_remove(capsys, libdir):
    code, out, err = cli(capsys, libdir, "highlight", KEY, "--text", "sensitive   INFORMATION",
                         "--color", "blue", "--comment", "why")
    assert code == 0, err
    (h,) = paper(capsys, libdir, KEY)["highlights"]
    assert (h["text"], h["color"], h["comment"]) == ("sensitive information", "blue", "why")

    code, _, err = cli(capsys, libdir, "highlight", KEY, "--text", "x", "--color", "purple-ish")
    assert code == 2 and "purple-ish" in err
    code, _, err = cli(capsys, libdir, "highlight", KEY, "40", "10")
    assert code == 2 and "reversed" in err and "outside" not in err
    code, _, err = cli(capsys, libdir, "highlight", KEY, "--text", "not in this abstract")
    assert code == 2 and "does not contain" in err
    assert cli(capsys, libdir, "highlight", "--remove", str(h["id"]))[0] == 0
    assert paper(capsys, libdir, KEY)["highlights"] == []


# ---------------------------------------------------------------- safety
def test_add_refuses_an_exact_duplicate_unless_keep_both(capsys, libdir):
    args = ("add", "--title", "A Typed Paper", "--author", "Ada Lovelace", "--year", "1843")
    assert cli(capsys, libdir, *args)[0] == 0
    code, _, err = cli(capsys, libdir, *args)
    assert code == 2 and "--keep-both" in err
    assert cli(capsys, libdir, *args[:-1], "1844")[0] == 0  # a different year: a new paper
    assert cli(capsys, libdir, *args, "--keep-both")[0] == 0
    code, out, _ = cli(capsys, libdir, "--json", "search", '"A Typed Paper"')
    assert len(json.loads(out)["papers"]) == 3


def test_empty_trash_asks_and_undo_stops_there(capsys, libdir):
    cli(capsys, libdir, "star", "7", "3")  # an older edit undo must not reach
    cli(capsys, libdir, "trash", "2")
    code, _, err = cli(capsys, libdir, "empty-trash")  # no terminal to ask on: refused
    assert code == 2 and "--yes" in err
    assert json.loads(cli(capsys, libdir, "--json", "list", "--trashed")[1])["papers"]
    code, out, _ = cli(capsys, libdir, "empty-trash", "--yes")
    assert (code, out) == (0, "Deleted 1 paper for good\n")
    assert cli(capsys, libdir, "undo")[1] == "Nothing to undo.\n"
    assert paper(capsys, libdir, "7")["stars"] == 3


def test_output_dash_is_stdout(capsys, libdir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli(capsys, libdir, "export", "--format", "bibtex", "--ids", KEY, "-o", "-")
    assert code == 0 and f"{{{KEY}," in out
    assert not (tmp_path / "-").exists()


def test_attach_takes_pdfs_only_unless_any(capsys, libdir, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("plain text", encoding="utf-8")
    code, _, err = cli(capsys, libdir, "attach", KEY, str(text))
    assert code == 2 and "not a PDF" in err and "--any" in err
    assert paper(capsys, libdir, KEY)["attachments"] == []
    assert cli(capsys, libdir, "attach", KEY, str(text), "--any")[0] == 0
    assert len(paper(capsys, libdir, KEY)["attachments"]) == 1


def test_no_display_hint_names_this_program_by_full_path(monkeypatch, tmp_path):
    script = tmp_path / "venv" / "bin" / "paperdesk"
    monkeypatch.setattr("sys.argv", [str(script)])
    assert _own_command() == str(script)
    monkeypatch.setattr("sys.argv", ["/somewhere/paperdesk/__main__.py"])
    assert _own_command().endswith(" -m paperdesk")


def test_a_negative_count_is_a_usage_error(capsys, libdir):
    code, _out, err = cli(capsys, libdir, "tag", "--all", "--threads", "-3")
    assert code == 2 and "--threads: not a number of 0 or more: '-3'" in err
    code, _out, err = cli(capsys, libdir, "search", "parsing", "--limit", "-1")
    assert code == 2 and "--limit" in err


def test_the_progress_line_says_the_rate_once():
    import io

    from paperdesk.progress import TerminalProgress

    stream = io.StringIO()
    stream.isatty = lambda: True  # type: ignore[method-assign]
    progress = TerminalProgress(stream, min_interval=0)
    progress.start(10, "Tagging papers (48.7 papers/s)")
    progress.advance(5)
    assert "/s)" in stream.getvalue() and "(48.7 papers/s) [" in stream.getvalue()
    assert stream.getvalue().count("/s)") == stream.getvalue().count("papers/s)")


def test_the_progress_line_says_the_job_once():
    # a helper read "Tagging new papers: Tagging papers (17.5 papers/s)", and the first
    # run's model export went by in silence
    import io

    from paperdesk.progress import TerminalProgress, job_and_step

    assert job_and_step("Tagging new papers", "Tagging papers (17.5 papers/s)") == (
        "Tagging new papers (17.5 papers/s)")
    assert job_and_step("Tagging new papers", "Tagging papers") == "Tagging new papers"
    assert job_and_step("Tagging 3 papers", "Loading the tagging model") == (
        "Tagging 3 papers: Loading the tagging model")
    assert job_and_step("", "Tagging papers") == "Tagging papers"
    assert job_and_step("Importing refs.bib", "") == "Importing refs.bib"
    stream = io.StringIO()
    stream.isatty = lambda: True  # type: ignore[method-assign]
    progress = TerminalProgress(stream, min_interval=0, job="Tagging new papers")
    progress.start(None, "Loading the tagging model")
    assert stream.getvalue() == "\rTagging new papers: Loading the tagging model…"


def test_a_new_library_made_by_a_command_that_reads_one_is_said(capsys, tmp_path):
    """A typo in --library made an empty library silently ("Tagged 0 papers"); an export
    from a folder that is not there wrote an empty file, with status 0."""
    out_file = tmp_path / "refs.bib"
    out_file.write_text("my references", encoding="utf-8")
    code, out, err = cli(capsys, tmp_path / "typo", "export", "--format", "bibtex", "-o",
                         str(out_file))
    assert code == 2 and f"{tmp_path / 'typo'}: no library here (no such folder)" in err
    assert out_file.read_text(encoding="utf-8") == "my references"
    assert not (tmp_path / "typo").exists()
    (tmp_path / "empty").mkdir()  # a folder made for it: a library is made there, and said
    code, out, err = cli(capsys, tmp_path / "empty", "list")
    assert code == 0 and "made a new, empty library in" in err and str(tmp_path) in err
    code, out, err = cli(capsys, tmp_path / "empty", "list")  # once only
    assert code == 0 and err == ""
    code, out, err = cli(capsys, tmp_path / "new", "import", str(ACL))
    assert code == 0 and "made a new" not in err


def test_a_search_of_an_excluded_word_is_a_query_not_an_option(capsys, libdir):
    """A review: ``paperdesk search -neural`` failed with a usage error, though ``-word``
    is the query language's exclusion."""
    code, out, err = cli(capsys, libdir, "--json", "search", "-neural", "--mode", "keyword",
                         "--limit", "3")
    assert code == 0, err
    every = json.loads(out)
    assert every["total"] > 0, out
    code, out, _ = cli(capsys, libdir, "--json", "search", "--limit", "3", "--mode", "keyword",
                       "--", "-neural")
    assert json.loads(out)["total"] == every["total"]
    code, out, _ = cli(capsys, libdir, "--json", "search", "neural", "--mode", "keyword")
    neural = {p["id"] for p in json.loads(out)["papers"]}
    code, out, _ = cli(capsys, libdir, "--json", "search", "-neural", "--mode", "keyword",
                       "--limit", "500")
    assert not neural & {p["id"] for p in json.loads(out)["papers"]}


def test_show_says_a_stored_file_is_missing_and_an_import_brings_it_back(capsys, libdir):
    """A review: a PDF deleted from files/ was still listed by ``show``, with no word."""
    pdf = Path(__file__).resolve().parents[1] / "data" / "pdfs" / "mooney05.pdf"
    code, out, err = cli(capsys, libdir, "--json", "import", str(pdf))
    assert code == 0, err
    (pid,) = json.loads(out)["added_ids"]
    (stored,) = (libdir / "files").glob(f"{pid}/*.pdf")
    stored.unlink()
    code, out, _ = cli(capsys, libdir, "show", str(pid))
    assert "(missing: import the file again to bring it back)" in out
    cli(capsys, libdir, "import", str(pdf))
    code, out, _ = cli(capsys, libdir, "show", str(pid))
    assert stored.is_file() and "missing" not in out


def test_long_work_into_a_log_says_how_far_it_is(monkeypatch):
    """`tag --all > log 2>&1` printed nothing in a minute: not on a terminal, long work
    prints a plain line now and then (short work still prints nothing)."""
    import io

    from paperdesk import progress as progress_module
    from paperdesk.progress import TerminalProgress

    stream = io.StringIO()  # not a TTY
    quiet = TerminalProgress(stream, job="Tagging new papers")
    quiet.start(100, "Tagging papers")
    quiet.advance(50)
    quiet.finish()
    assert stream.getvalue() == ""
    monkeypatch.setattr(progress_module, "LOG_EVERY_S", 0.0)
    log = TerminalProgress(stream, job="Tagging new papers")
    log.start(100, "Tagging papers")
    log.advance(40)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Tagging new papers") and "40/100" in lines[0]
    assert "\r" not in stream.getvalue()
