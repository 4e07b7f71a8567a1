"""Storing imports: accounting, duplicates at the door, transactions, attachments."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests_helpers import write_pdf

from paperdesk import Library
from paperdesk.errors import InputFileError
from paperdesk.progress import NullProgress

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample-library.txt"


def test_sample_imports_98_and_again_adds_nothing(lib):
    first = lib.import_files([SAMPLE])
    assert (first.added, first.merged, first.skipped, first.problems) == (98, 0, 0, [])
    again = lib.import_files([SAMPLE])
    assert again.added == 0 and again.merged == 98
    assert lib.count() == 98
    skipped = lib.import_files([SAMPLE], on_duplicate="skip")
    assert (skipped.added, skipped.skipped) == (0, 98)
    both = lib.import_files([SAMPLE], on_duplicate="keep-both")
    assert both.added == 98 and lib.count() == 196


def test_first_sample_title_has_no_subscribe_text(sample_lib):
    first = sample_lib.get(1)
    assert first.title == ("Empirical Study of Mutual Reinforcement Effect and Application in "
                           "Few-shot Text Classification Tasks via Prompt")


def test_trending_page_tolerates_crlf_blank_lines_and_reports_trailing_title(lib, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()[:6] + ["", "A lonely title without abstract"]
    f = tmp_path / "page.txt"
    f.write_bytes("\r\n".join(lines).encode())
    report = lib.import_files([f], fmt="trending")
    assert report.added == 2
    (problem,) = report.problems
    assert problem.file == str(f) and problem.line == 8 and "without an abstract" in problem.reason
    assert report.exit_status == 1


def test_accounting_adds_up(lib, tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{a, title={Graph networks}, author={Doe, Jane}, year={2020}, doi={10.1/a}}\n"
        "@article{b, title={Graph Networks}, author={Doe, J.}, year={2020}, doi={10.1/a}}\n"
        "@article{c, author={Nobody}, year={2021}}\n"
        "@article{d, title={Other}, author={Roe, R}, year={2019}}\n"
    )
    report = lib.import_files([bib])
    assert report.added + report.merged + report.skipped + len(report.problems) == 4
    # a and b: one DOI, but two keys of one file (both cited): kept apart, reported
    assert (report.added, report.merged) == (3, 0)
    assert [(d["key"], d["like"]) for d in report.possible_duplicates] == \
        [("b", report.added_ids[0])]
    (problem,) = report.problems
    assert problem.key == "c" and problem.line == 3
    other = tmp_path / "other.bib"  # from another file, the same DOI is the same paper
    other.write_text("@article{e, title={Graph nets}, author={Doe, J.}, doi={10.1/A}}\n")
    again = lib.import_files([other])
    assert (again.added, again.merged) == (0, 1)
    assert again.merges[0]["into"] == report.added_ids[0]


def test_merge_fills_empty_fields_and_never_overwrites_user_data(lib, tmp_path):
    bib = tmp_path / "one.bib"
    bib.write_text("@article{k, title={Deep nets}, author={Doe, Jane}, year={2020}, "
                   "doi={10.5/x}}\n")
    (pid,) = lib.import_files([bib]).added_ids
    lib.papers.set_stars(pid, 5)
    lib.notes.set(pid, "mine")
    lib.tags.add(pid, ["keep"])
    lib.papers.set_read(pid, "read")
    bib2 = tmp_path / "two.bib"
    bib2.write_text("@article{k2, title={Deep nets}, author={Doe, Jane}, year={2020}, "
                    "doi={10.5/X}, abstract={Now with abstract}, journal={JMLR}, "
                    "keywords={new, keep}, note={theirs}}\n")
    report = lib.import_files([bib2])
    assert report.merged == 1
    p = lib.get(pid)
    assert (p.abstract, p.venue) == ("Now with abstract", "JMLR")
    assert (p.stars, p.note, p.read) == (5, "mine", "read")
    assert sorted(p.user_tags) == ["keep", "new"]
    assert [h.paper_id for h in lib.search("abstract:now")] == [pid]


def test_a_file_that_cannot_be_read_is_a_problem_and_the_others_import(lib, tmp_path):
    empty = tmp_path / "empty.bib"
    empty.write_text("")
    binary = tmp_path / "b.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    report = lib.import_files([SAMPLE, empty, binary])
    assert report.added == 98 and lib.count() == 98
    assert report.exit_status == 1
    assert [(p.file, p.line) for p in report.problems] == [(str(empty), None),
                                                           (str(binary), None)]
    with pytest.raises(InputFileError, match="empty.bib"):  # nothing readable at all
        lib.import_files([empty, binary])
    assert lib.count() == 98


class CancelAfter(NullProgress):
    def __init__(self, n: int) -> None:
        self.n = n
        self.done = 0

    def advance(self, n: int = 1) -> None:
        self.done += n

    @property
    def cancelled(self) -> bool:  # type: ignore[override]
        return self.done >= self.n


class CancelWhileStoring(CancelAfter):
    """Cancels once ``n`` entries are stored (reading the file does not count)."""

    def start(self, total: int | None, label: str = "") -> None:
        self.storing = label == "Importing"
        self.done = 0

    def advance(self, n: int = 1) -> None:
        if getattr(self, "storing", False):
            self.done += n

    @property
    def cancelled(self) -> bool:  # type: ignore[override]
        return getattr(self, "storing", False) and self.done >= self.n


def test_interrupted_import_keeps_and_reports_what_was_committed(lib, acl_no_abstract,
                                                                  monkeypatch):
    from paperdesk.library import importing
    from paperdesk.library.importing import ImportInterrupted

    monkeypatch.setattr(importing, "CHUNK_S", 0.0)  # one paper per transaction
    source = acl_no_abstract
    with pytest.raises(ImportInterrupted, match="kept what was committed") as caught:
        lib.import_files([source], progress=CancelWhileStoring(100))
    kept = caught.value.report
    assert kept.added == lib.count() == 100
    assert f"{kept.added} added" in str(caught.value)
    assert lib.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
    assert lib.index.doc_count() == 100  # and they are searchable
    monkeypatch.setattr(importing, "CHUNK_S", 0.25)
    report = lib.import_files([source])
    assert report.added + report.merged == 370 - len(report.problems)
    again = lib.import_files([source])
    assert again.added == 0


def test_an_import_stopped_by_a_full_disk_says_how_many_papers_it_kept(lib, tmp_path,
                                                                        monkeypatch):
    """A disk that filled part-way through a big file said only '…: the disk is full'
    (status 2, 'library unchanged') though the papers before were kept; and a chunk
    whose commit the full disk failed was counted as kept."""
    import sqlite3

    from tests_helpers import write_papers_jsonl

    from paperdesk.library import importing
    from paperdesk.library.importing import ImportStopped

    monkeypatch.setattr(importing, "CHUNK_S", 0.0)  # one paper per transaction
    source = write_papers_jsonl(tmp_path / "big.jsonl", 30)
    real_execute = lib.db.execute
    commits: list[str] = []

    def execute(sql, *args):  # noqa: ANN001, ANN202 - the 13th commit finds the disk full
        if sql == "COMMIT":
            if len(commits) == 12:
                raise sqlite3.OperationalError("database or disk is full")
            commits.append(sql)
        return real_execute(sql, *args)

    monkeypatch.setattr(lib.db, "execute", execute)
    with pytest.raises(ImportStopped) as stopped:
        lib.import_files([source])
    assert str(stopped.value) == (f"{lib.db_path}: the disk is full; kept 12 papers "
                                  "before the disk filled; import again to finish")
    assert lib.count() == stopped.value.report.added == 12
    assert not lib.db.conn.in_transaction
    monkeypatch.setattr(lib.db, "execute", real_execute)
    again = lib.import_files([source])
    assert (again.added, again.merged, lib.count()) == (18, 12, 30)


def test_an_index_that_cannot_be_written_is_a_warning_of_the_import(lib, tmp_path,
                                                                   monkeypatch):
    """A read-only index folder made the import an error (status 2) with no summary,
    though every paper was stored."""
    import errno

    from tests_helpers import write_papers_jsonl
    from whoosh.filedb import filestore

    def read_only(self, name, **kw):  # noqa: ANN001, ANN202
        raise OSError(errno.EROFS, "Read-only file system", name)

    monkeypatch.setattr(filestore.FileStorage, "create_file", read_only)
    report = lib.import_files([write_papers_jsonl(tmp_path / "more.jsonl", 20)])
    assert (report.added, lib.count(), report.exit_status) == (20, 20, 0)
    assert report.warnings == [
        f"{lib.folder / 'index'}: the search index could not be updated (read-only "
        "storage); the data is saved and will be indexed later"]


def test_crash_mid_import_keeps_the_library_consistent(tmp_path, acl_no_abstract):
    import subprocess
    import sys

    libdir = tmp_path / "lib"
    code = (
        "import os, sys\n"
        "from paperdesk import Library\n"
        "from paperdesk.library import importing\n"
        "lib = Library.open(sys.argv[1])\n"
        "real = importing.insert_paper\n"
        "count = [0]\n"
        "def dying(*a, **k):\n"
        "    count[0] += 1\n"
        "    if count[0] == 150: os._exit(9)\n"
        "    return real(*a, **k)\n"
        "importing.insert_paper = dying\n"
        "lib.import_files([sys.argv[2]])\n"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(libdir),
                           str(acl_no_abstract)])
    assert proc.returncode == 9
    with Library.open(libdir) as lib:  # whole papers from the chunks committed before
        kept = lib.count()
        assert kept < 500
        assert lib.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert lib.index.doc_count() == kept  # the queue they left was indexed on open
        report = lib.import_files([acl_no_abstract])
        assert lib.count() == report.added + kept > 360
        assert report.merged >= kept  # the rerun finds them: no duplicates


def test_pdf_import_attach_and_full_text_search(lib, tmp_path):
    pdf = write_pdf(tmp_path / "zebra.pdf", "Zebrafish Regeneration",
                    "Abstract. We study how zebrafish regrow fins with quokkas.")
    report = lib.import_files([pdf])
    (pid,) = report.added_ids
    assert [h.paper_id for h in lib.search("quokkas")] == [pid]
    assert [h.paper_id for h in lib.search("has:pdf")] == [pid]
    assert lib.attachments.paths(pid)[0].is_file()
    other = next(iter(lib.papers.add(__import__("paperdesk").records.Paper(title="T")).added))
    lib.attachments.attach(other, write_pdf(tmp_path / "b.pdf", "B", "wombats everywhere"))
    assert [h.paper_id for h in lib.search("pdf:wombats has:pdf")] == [other]


def test_a_pdf_import_stopped_by_a_full_disk_leaves_no_copies(lib, tmp_path, monkeypatch):
    """Three PDFs copied before the disk filled stayed in files/ after the rollback (a
    later paper found another's PDF in its folder), and the error blamed the PDF being
    read ("cannot read file")."""
    import errno
    import shutil

    from paperdesk.errors import LibraryError

    (tmp_path / "in").mkdir()
    for name in ("zebrafish", "axolotl", "planaria"):
        write_pdf(tmp_path / "in" / f"{name}.pdf", f"{name.title()} Regeneration",
                  f"Abstract. We study how {name} regrow fins.")
    copied = []
    real_copy = shutil.copy2

    def copy_until_full(src, dst):  # noqa: ANN001, ANN202
        if len(copied) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(src))
        copied.append(dst)
        return real_copy(src, dst)

    monkeypatch.setattr(shutil, "copy2", copy_until_full)
    from paperdesk.library import folder_import

    monkeypatch.setattr(folder_import, "BATCH_FILES", 1)  # (the count spans batches)
    with pytest.raises(LibraryError, match=r"cannot copy \w+.pdf into the library "
                                           r"\(the disk is full\); kept 2 papers before "
                                           r"the disk filled; import again to finish$"):
        lib.import_folder(tmp_path / "in")
    # each file is its own transaction: the two papers before the full disk stay, whole
    assert len(copied) == 2 and lib.count() == 2
    kept = sorted(p for pid in (1, 2) for p in lib.attachments.paths(pid))
    assert sorted(p for p in lib.files_dir.rglob("*") if p.is_file()) == kept
    assert all(any(d.iterdir()) for d in lib.files_dir.rglob("*") if d.is_dir())


def test_folder_import_names_each_pdf_in_its_merges_and_possible_duplicates(lib, tmp_path):
    """A batch of a folder's files was stored under the first file's folder: a merge of
    in/y's PDF named 'in/x', and possible duplicates were left out of the report."""
    from paperdesk.records import Paper

    for sub in "xyz":
        (tmp_path / "in" / sub).mkdir(parents=True)
    pdfs = {
        "x": write_pdf(tmp_path / "in" / "x" / "zebrafish.pdf", "Zebrafish Regeneration",
                       "Abstract. We study how zebrafish regrow fins."),
        "y": write_pdf(tmp_path / "in" / "y" / "axolotl.pdf", "Axolotl Regeneration",
                       "Abstract. We study how axolotl regrow fins."),
        "z": write_pdf(tmp_path / "in" / "z" / "base.pdf",
                       "Base pressure at subsonic speeds on a body of revolution",
                       "Abstract. Measurements of base pressure were made up to Mach 0.9."),
    }
    for title, abstract in (
            ("Zebrafish Regeneration", "We study how zebrafish regrow fins."),
            ("Axolotl Regeneration", "We study how axolotl regrow fins."),
            ("Base pressure at supersonic speeds on a body of revolution",
             "Measurements of base pressure were made at Mach numbers from 1.5 to 3.")):
        lib.papers.add(Paper(title=title, abstract=abstract))
    report = lib.import_folder(tmp_path / "in")
    assert [(m["file"], m["into"]) for m in report.merges] == [(str(pdfs["x"]), 1),
                                                               (str(pdfs["y"]), 2)]
    assert report.merge_lines()[1].startswith(f"merged: {pdfs['y']}: entry → ")
    assert [(d["file"], d["like"]) for d in report.possible_duplicates] == [
        (str(pdfs["z"]), 3)]


def test_a_second_pdf_of_a_paper_never_overwrites_the_first(lib, tmp_path):
    # both got the paper's readable name: the second copy replaced the first file
    report = lib.import_files([write_pdf(tmp_path / "a.pdf", "Zebrafish Regeneration",
                                         "Abstract. We study how zebrafish regrow fins.")])
    (pid,) = report.added_ids
    supplement = write_pdf(tmp_path / "s.pdf", "Supplement", "Quokkas in every table.")
    lib.attachments.attach(pid, supplement)
    lib.attachments.attach(pid, supplement)  # the same file again: no third copy
    paths = lib.attachments.paths(pid)
    assert len(paths) == 2 and len({p.read_bytes() for p in paths}) == 2
    assert {p.name for p in paths} == {"Zebrafish Regeneration.pdf",
                                       "Zebrafish Regeneration (2).pdf"}
    assert [h.paper_id for h in lib.search("pdf:zebrafish")] == [pid]
    assert [h.paper_id for h in lib.search("pdf:quokkas")] == [pid]


def test_garbage_pdf_is_a_problem_not_a_crash(lib, tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage garbage \n%%EOF")
    with pytest.raises(InputFileError, match="broken.pdf"):  # alone: the import failed
        lib.import_files([bad])
    report = lib.import_files([SAMPLE, bad])  # in a batch: a problem, the rest comes in
    assert report.added == 98
    (problem,) = report.problems
    assert problem.file == str(bad)


def test_a_file_with_no_entries_is_a_whole_file_error(lib, tmp_path):
    prose = tmp_path / "prose.bib"
    prose.write_text("Just some words, no entries at all.\n")
    bom = tmp_path / "bom.ris"
    bom.write_bytes(b"\xef\xbb\xbf")
    for path in (prose, bom):
        with pytest.raises(InputFileError, match=path.name):
            lib.import_files([path])
    assert lib.count() == 0


def test_a_paper_removed_between_two_files_is_not_merged_into(lib, monkeypatch):
    """The window may trash or delete papers while a multi-file import runs (in its worker
    process): a duplicate of a paper gone since the import began is added, not merged."""
    from paperdesk.library import importing
    from paperdesk.library.importing import store_parsed
    from paperdesk.records import Author, Paper, ParsedEntry, ParseResult

    def kittens() -> Paper:
        return Paper(title="Kittens at play", authors=[Author(family="Smith")], year=2020)

    (pid,) = lib.papers.add(kittens()).paper_ids
    real = importing._import_one
    between = []

    def import_one(*args):  # noqa: ANN002, ANN202
        real(*args)
        if not between:  # after the first file: another process deletes the paper for good
            between.append(True)
            with Library.open(lib.folder) as other:
                other.papers.trash(pid)
                other.papers.empty_trash()

    monkeypatch.setattr(importing, "_import_one", import_one)
    report = store_parsed(lib, [
        (Path("first.bib"), ParseResult(entries=[ParsedEntry(Paper(title="Giraffes"), line=1)])),
        (Path("second.bib"), ParseResult(entries=[ParsedEntry(kittens(), line=1)])),
    ])
    assert (report.added, report.merged, report.problems) == (2, 0, [])
    assert sorted(p.title for p in lib.papers.list()) == ["Giraffes", "Kittens at play"]


def _bib(tmp_path: Path, name: str, title: str, family: str, year: int = 2021) -> Path:
    path = tmp_path / f"{name}.bib"
    path.write_text(f"@article{{{name}, title = {{{title}}}, author = {{{family}, Ann}}, "
                    f"year = {{{year}}}}}\n", encoding="utf-8")
    return path


def test_the_duplicate_index_is_kept_between_imports_and_follows_changes(lib, tmp_path):
    """A process keeps its duplicate index between imports (at 100k papers building it
    for a one-file import took ~13 s CPU) and brings it up to date first: papers edited,
    trashed, deleted or added by another process since are seen as they are now."""
    first = lib.import_files([_bib(tmp_path, "a", "Okapi Grammars Revisited", "Zebra")])
    kept = lib._duplicate_cache[0]
    other = Library.open(lib.folder)  # another process's view of the same library
    try:
        added = other.import_files([_bib(tmp_path, "b", "Tapir Parsing at Scale", "Yak")])
    finally:
        other.close()
    again = lib.import_files([_bib(tmp_path, "b2", "Tapir Parsing at Scale", "Yak")])
    assert (again.added, again.merged_ids) == (0, added.added_ids)  # the other's paper
    assert lib._duplicate_cache[0] is kept  # brought up to date, not built again

    pid = first.added_ids[0]
    lib.papers.edit(pid, title="Okapi Grammars Reconsidered")
    old = lib.import_files([_bib(tmp_path, "c", "Okapi Grammars Revisited", "Zebra")])
    assert old.added == 1  # the old title is no longer in the library
    new = lib.import_files([_bib(tmp_path, "d", "Okapi Grammars Reconsidered", "Zebra")])
    assert new.merged_ids == [pid]

    lib.papers.trash(old.added_ids)
    lib.papers.empty_trash()  # deleted: the index is built again (counts differ)
    back = lib.import_files([_bib(tmp_path, "e", "Okapi Grammars Revisited", "Zebra")])
    assert back.added == 1 and back.added_ids != old.added_ids
    assert lib.count() == 3
