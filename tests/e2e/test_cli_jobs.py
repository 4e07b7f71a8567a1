"""The command line runs the window's jobs (paperdesk.jobs) in its own process: the same
functions, labels and progress lines; Ctrl-C cancels a job like the window's Cancel and
says what was kept."""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path

import pytest

from paperdesk import jobs
from paperdesk.cli.main import main
from paperdesk.errors import Cancelled
from paperdesk.progress import TerminalProgress, check_cancelled

BIB = """@article{one, title = {A Paper About Parsing}, author = {Doe, Jane}, year = {2020},
  journal = {Journal of Tests}}
@article{two, title = {A Paper About Tagging}, author = {Roe, Rick}, year = {2021},
  journal = {Journal of Tests}}
"""


class Tty(io.StringIO):
    """A stderr that says it is a terminal (the progress bar draws)."""

    def isatty(self) -> bool:
        return True


def test_import_runs_the_job_with_its_label_and_progress(tmp_path, monkeypatch, capsys):
    calls = []
    real = jobs.import_files

    def spy(lib, progress, *args):  # noqa: ANN001, ANN202
        calls.append((type(progress).__name__, progress.job, args))
        return real(lib, progress, *args)

    monkeypatch.setattr(jobs, "import_files", spy)
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    tty = Tty()
    monkeypatch.setattr("sys.stderr", tty)
    assert main(["--library", str(tmp_path / "lib"), "import", str(bib)]) == 0
    assert calls == [("TerminalProgress", "Importing refs.bib", ([str(bib)], None, "merge"))]
    assert "added 2, merged 0, skipped 0, problems 0" in capsys.readouterr().out
    drawn = tty.getvalue()
    assert "Importing refs.bib [" in drawn and "2/2" in drawn  # the job's lines, said once
    assert jobs.import_label([bib]) == "Importing refs.bib"  # the window's label too
    assert jobs.import_label([tmp_path]) == "Importing folder"
    assert jobs.tag_label(None) == "Tagging new papers" and jobs.tag_label([1, 2]) == \
        "Tagging 2 papers"


def test_ctrl_c_cancels_a_job_at_its_next_check_and_twice_interrupts(lib):
    def polite(lib, progress):  # noqa: ANN001, ANN202
        os.kill(os.getpid(), signal.SIGINT)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            check_cancelled(progress)  # like every job between two units of work
            time.sleep(0.01)
        return "never cancelled"

    # the handler the process started with (SIG_IGN where a shell started it in the
    # background without job control)
    before = signal.getsignal(signal.SIGINT)
    progress = TerminalProgress()
    with pytest.raises(Cancelled):
        jobs.run_here(lib, polite, progress=progress)
    assert progress.cancelled
    assert signal.getsignal(signal.SIGINT) is before  # put back

    def stubborn(lib, progress):  # noqa: ANN001, ANN202
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.2)
        os.kill(os.getpid(), signal.SIGINT)  # a second Ctrl-C: stop now
        time.sleep(5)
        return "not interrupted"

    with pytest.raises(KeyboardInterrupt):
        jobs.run_here(lib, stubborn, progress=TerminalProgress())


class CancelAfterSome(TerminalProgress):
    """Cancels once 30 papers are done."""

    def advance(self, n: int = 1) -> None:
        super().advance(n)
        if self.done >= 30:
            self.cancel()


def test_a_cancelled_tagging_job_says_what_it_kept(sample_lib, monkeypatch):
    pytest.importorskip("numpy")
    from fake_encoder import use_fake_tagger

    from paperdesk.library.changes import change_of

    use_fake_tagger(monkeypatch).chunk_size = 20  # chunks of 16, 20, 20, ...

    with pytest.raises(jobs.TaggingCancelled) as stopped:
        jobs.tag_papers(sample_lib, CancelAfterSome(), None, 3)
    kept = stopped.value.kept
    assert 0 < kept < 98
    assert f"kept what was done: {kept} paper(s) tagged" in str(stopped.value)
    change = change_of(stopped.value.report)
    assert len(change.papers) == kept
    assert len(sample_lib.tagging.pending_ids()) == 98 - kept  # the rest is still to do
    # the papers it tagged have their suggestions (a user saw 272 papers tagged, 10 with
    # suggestions, after a Cancel)
    def shown() -> dict[int, list[str]]:
        return {p.id: [t.name for t in p.suggested_tags]
                for p in sample_lib.get_many(sample_lib.papers.ids(sort="id"))}

    now = shown()
    sample_lib.vocabulary.refresh(3)
    assert shown() == now


def test_a_cancelled_retag_says_how_many_it_tagged_again(sample_lib, monkeypatch):
    # a helper cancelled "Auto-tag" on 454 selected papers at 144 and read "Tagging
    # cancelled: 0 papers tagged" (papers tagged again are never pending, so none counted)
    pytest.importorskip("numpy")
    from fake_encoder import use_fake_tagger

    from paperdesk.library.changes import change_of

    use_fake_tagger(monkeypatch).chunk_size = 20
    ids = sample_lib.papers.ids(sort="id")
    jobs.tag_papers(sample_lib, TerminalProgress(), None, 3)

    with pytest.raises(jobs.TaggingCancelled) as stopped:
        jobs.tag_papers(sample_lib, CancelAfterSome(), ids[:80], 3, retag=True)
    kept = stopped.value.kept
    assert 30 <= kept < 80
    assert f"{kept} paper(s) tagged" in str(stopped.value)
    assert change_of(stopped.value.report).papers == frozenset(ids[:kept])


def test_a_tagging_run_stopped_by_a_full_disk_says_what_it_kept(sample_lib, monkeypatch):
    """'tag --all' on a disk that filled part-way said only '…: the disk is full' (status
    2, 'library unchanged') though the chunks before were kept."""
    pytest.importorskip("numpy")
    import sqlite3

    from fake_encoder import use_fake_tagger

    from paperdesk.errors import LibraryError
    from paperdesk.library import vocabulary

    use_fake_tagger(monkeypatch).chunk_size = 20  # chunks of 16, 20, 20, ...
    real = vocabulary.store_keyphrases
    stored: list[int] = []

    def store(db, pid, *args):  # noqa: ANN001, ANN202 - the disk fills at the 51st paper
        if len(stored) == 50:
            raise sqlite3.OperationalError("database or disk is full")
        stored.append(pid)
        return real(db, pid, *args)

    monkeypatch.setattr(vocabulary, "store_keyphrases", store)
    with pytest.raises(LibraryError) as stopped:
        jobs.tag_papers(sample_lib, TerminalProgress(), None, 3)
    assert len(sample_lib.tagging.pending_ids()) == 98 - 36  # the third chunk rolled back
    assert str(stopped.value) == (f"{sample_lib.db_path}: the disk is full; kept the "
                                  "keyphrases of 36 papers before the disk filled; tag "
                                  "again to finish")


def test_cli_import_of_a_folder_and_files_adds_up(tmp_path, capsys):
    folder = tmp_path / "refs"
    folder.mkdir()
    (folder / "a.bib").write_text(BIB, encoding="utf-8")
    single = tmp_path / "b.bib"
    single.write_text(BIB.replace("{one,", "{three,").replace("Parsing", "Lexing")
                      .replace("{two,", "{four,").replace("Tagging", "Chunking"),
                      encoding="utf-8")
    assert main(["--library", str(tmp_path / "lib"), "import", str(single), str(folder)]) == 0
    assert "added 4, merged 0, skipped 0, problems 0" in capsys.readouterr().out
    assert Path(tmp_path / "lib").is_dir()


def test_cli_import_of_a_folder_with_nothing_to_import_says_so(tmp_path, capsys):
    """An empty folder, or one of .txt files only, said 'added 0, merged 0, skipped 0,
    problems 0' and status 0: alone it is an error (status 2), beside others a problem."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("read more\n", encoding="utf-8")
    (tmp_path / "refs").mkdir()
    (tmp_path / "refs" / "a.bib").write_text(BIB, encoding="utf-8")
    library = str(tmp_path / "lib")
    for name in ("empty", "notes"):
        assert main(["--library", library, "import", str(tmp_path / name)]) == 2
        err = capsys.readouterr().err
        assert err == (f"paperdesk: {tmp_path / name}: no PDF or bibliography file found in "
                       "this folder or below it (.pdf, .bib, .bibtex, .biblatex, .ris, "
                       ".csljson)\n")
    assert main(["--library", library, "import", str(tmp_path / "empty"),
                 str(tmp_path / "refs")]) == 1
    out, err = capsys.readouterr()
    assert "added 2, merged 0, skipped 0, problems 1" in out
    assert f"{tmp_path / 'empty'}: no PDF or bibliography file found" in err


def test_export_and_reindex_run_as_jobs_with_labels_and_ctrl_c(tmp_path, monkeypatch, capsys):
    """``export -o`` and ``reindex`` run through :func:`jobs.run_here` (progress with the
    job's label; Ctrl-C cancels them like the window's Cancel, and nothing is written)."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    library = str(tmp_path / "lib")
    assert main(["--library", library, "import", str(bib)]) == 0
    labels: list[str] = []
    real = jobs.run_here

    def spy(lib, fn, *args, progress):  # noqa: ANN001, ANN202
        labels.append(progress.job)
        return real(lib, fn, *args, progress=progress)

    monkeypatch.setattr(jobs, "run_here", spy)
    monkeypatch.setattr("paperdesk.jobs.run_here", spy)
    out = tmp_path / "out.bib"
    assert main(["--library", library, "export", "--format", "bibtex", "-o", str(out)]) == 0
    assert "A Paper About Parsing" in out.read_text(encoding="utf-8")
    assert main(["--library", library, "reindex"]) == 0
    assert labels == ["Exporting 2 papers", "Rebuilding the search index"]
    assert "Indexed 2 papers." in capsys.readouterr().out

    def cancelled(lib, fn, *args, progress):  # noqa: ANN001, ANN202
        progress.cancel()  # as Ctrl-C does
        return real(lib, fn, *args, progress=progress)

    monkeypatch.setattr("paperdesk.jobs.run_here", cancelled)
    stopped = tmp_path / "stopped.txt"
    assert main(["--library", library, "export", "--format", "bibtex", "-o", str(stopped)]) \
        == 130
    assert not stopped.exists()
