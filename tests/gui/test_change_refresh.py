"""The window refreshes what a change record names, and only that: after an import job
the sidebar's counts are re-read but not its tags, saved searches or collections."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import wait_idle

from paperdesk.gui import library_actions as la
from paperdesk.gui.models import rows

pytest.importorskip("PySide6")

BIB = """@article{new1, title = {A Fresh Paper About Lexical Parsing}, author = {Doe, Jane},
  year = {2020}, journal = {Journal of Tests}}
@article{new2, title = {A Second Fresh Paper About Tokenizers}, author = {Roe, Rick},
  year = {2021}, journal = {Journal of Tests}}
"""
TAGGED_BIB = """@article{kw1, title = {A Keyworded Paper On Dense Retrieval}, author = {Poe, Ann},
  year = {2022}, journal = {Journal of Tests}, keywords = {retrieval, ranking}}
"""


@pytest.fixture
def reads(window, monkeypatch):
    """Counts how often each sidebar part is read from the library."""
    seen = {"counts": 0, "tags": 0, "saved": 0, "collections": 0}

    def counting(part, fn):  # noqa: ANN001, ANN202
        def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            seen[part] += 1
            return fn(*args, **kwargs)
        return wrapped

    monkeypatch.setattr(rows, "sidebar_counts", counting("counts", rows.sidebar_counts))
    monkeypatch.setattr(rows, "tag_counts", counting("tags", rows.tag_counts))
    lib = window.lib
    monkeypatch.setattr(lib.saved, "list", counting("saved", lib.saved.list))
    monkeypatch.setattr(lib.collections, "list", counting("collections", lib.collections.list))
    return seen


def _import(qtbot, window, path: Path):  # noqa: ANN202
    applied = []
    parts = []
    window.changeApplied.connect(applied.append)
    window.sidebarRefreshing.connect(parts.append)
    with qtbot.waitSignal(window.importFinished, timeout=60000) as got:
        la.import_files(window, [path], show_report=False)
    wait_idle(qtbot, window)
    return got.args[0], applied, parts


def test_an_import_job_refreshes_only_the_parts_it_names(qtbot, window, reads, tmp_path):
    tags_before = list(window.sidebar_model.data_shown.tags)
    assert window.sidebar_model.data_shown.counts["all"] == 98
    path = tmp_path / "fresh.bib"
    path.write_text(BIB, encoding="utf-8")
    report, applied, parts = _import(qtbot, window, path)
    (change,) = [c for c in applied if c.kind == "import"]
    assert change is not None and change.added == set(report.added_ids)
    assert change.sidebar == {"counts"}
    assert parts == [frozenset({"counts"})]
    assert reads == {"counts": 1, "tags": 0, "saved": 0, "collections": 0}
    assert window.sidebar_model.data_shown.counts["all"] == 100  # the counts were re-read
    assert window.sidebar_model.data_shown.tags == tags_before  # the tags kept as shown
    assert set(report.added_ids) <= set(window.model.ids)  # the list shows the new papers
    assert window.model.rowCount() == 100


def test_an_import_with_keywords_refreshes_the_tag_list_too(qtbot, window, reads, tmp_path):
    path = tmp_path / "tagged.bib"
    path.write_text(TAGGED_BIB, encoding="utf-8")
    _report, applied, parts = _import(qtbot, window, path)
    assert parts == [frozenset({"counts", "tags"})]
    assert reads["tags"] == 1 and reads["saved"] == 0 and reads["collections"] == 0
    names = {name for name, _n, _user in window.sidebar_model.data_shown.tags}
    assert {"retrieval", "ranking"} <= names


def test_edits_refresh_only_what_they_change(qtbot, window, reads):
    parts: list[frozenset[str]] = []
    window.sidebarRefreshing.connect(parts.append)
    pid = window.model.ids[0]
    with qtbot.waitSignal(window.changeApplied, timeout=10000):
        window.ops.write(lambda: window.lib.notes.set(pid, "a thought"))
    wait_idle(qtbot, window)
    assert parts == [] and sum(reads.values()) == 0  # a note: no sidebar part at all
    with qtbot.waitSignal(window.changeApplied, timeout=10000):
        window.ops.write(lambda: window.lib.papers.set_stars([pid], 3))
    wait_idle(qtbot, window)
    assert parts == [frozenset({"counts"})] and reads["counts"] == 1 and reads["tags"] == 0
    assert window.sidebar_model.data_shown.counts["starred"] >= 1


def test_a_cancelled_import_job_refreshes_what_it_kept(qtbot, window, tmp_path):
    from tests_helpers import write_papers_jsonl

    big = write_papers_jsonl(tmp_path / "big.jsonl", 20000)
    applied = []
    window.changeApplied.connect(applied.append)
    la.import_files(window, [big], show_report=False)
    (entry,) = window.ops.entries
    assert entry.label == "Importing big.jsonl"
    qtbot.waitUntil(lambda: window.lib.count() > 98, timeout=120_000)  # chunks committed
    with qtbot.waitSignal(entry.task.cancelled, timeout=120_000):
        window.ops.cancel_job(entry.id)
    wait_idle(qtbot, window)
    kept = window.lib.count() - 98
    if kept == 20000:  # it finished before the cancel came (a very fast machine)
        return
    (change,) = [c for c in applied if c.kind == "import"]
    assert len(change.added) == kept > 0 and change.sidebar == {"counts"}
    assert window.model.rowCount() == 98 + kept  # the list shows what was kept
    assert window.sidebar_model.data_shown.counts["all"] == 98 + kept


def test_a_burst_of_edits_recounts_the_sidebar_once_more_not_once_each(qtbot, window, reads,
                                                                      monkeypatch):
    """At 100k papers a recount scans the library: edits that come while one runs share
    one more recount, and the counts shown at the end are right."""
    import threading

    wait_idle(qtbot, window)
    gate = threading.Event()
    counts = rows.sidebar_counts  # (the counting wrapper of ``reads``)

    def slow_counts(lib):  # noqa: ANN001, ANN202 - a recount still running
        gate.wait(10)
        return counts(lib)

    monkeypatch.setattr(rows, "sidebar_counts", slow_counts)
    reads["counts"] = 0
    applied: list[object] = []
    window.changeApplied.connect(applied.append)
    ids = window.model.ids[:8]
    for pid in ids:  # each star edit names the sidebar's counts
        window.select_ids([pid])
        window.set_stars(4)
    qtbot.waitUntil(lambda: len(applied) == len(ids), timeout=10000)
    gate.set()
    wait_idle(qtbot, window)
    assert reads["counts"] == 2  # the first one, and one for the seven edits after it
    assert window.sidebar_model.data_shown.counts["starred"] == counts(
        window.lib)["starred"] >= len(ids)


def test_a_change_that_refills_the_list_reads_its_rows_again(qtbot, window):
    """A change that may alter the list (a tag renamed while its list is shown) refills
    it, and the refill's rows are dropped when another row was read meanwhile: the rows
    it names are read again themselves (the Tags column kept "machine tr…" after a rename
    to "MT")."""
    from paperdesk.gui.models.paper_table import COLUMN_KEYS
    from paperdesk.library.changes import Change

    a = window.model.ids[0]
    window.ops.write(lambda: window.lib.tags.add(a, ["morph"]))
    wait_idle(qtbot, window)
    window.show_filter("tag", "morph")
    wait_idle(qtbot, window)
    column = COLUMN_KEYS.index("tags")

    def cell() -> str:
        return window.model.index(0, column).data() or ""

    qtbot.waitUntil(lambda: cell() == "morph", timeout=5000)
    window.lib.tags.add(a, ["morphology"])  # written where the window does not see it
    window.apply_change(Change("tags", frozenset({a}), "", membership=True))
    window.model.forget_rows([])  # another row read meanwhile (as a reload does)
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: "morphology" in cell(), timeout=5000)


def test_writes_from_outside_the_window_show_without_an_edit_in_it(qtbot, window):
    """A review: a paper starred and one trashed from the command line beside the window
    showed as before, and the sidebar said "Trash (0)" until the next import."""
    from paperdesk import Library
    from paperdesk.gui.models.paper_table import COLUMN_KEYS

    wait_idle(qtbot, window)
    assert not window.check_outside()  # nothing changed: nothing read again
    starred, trashed = window.model.ids[0], window.model.ids[1]
    with Library.open(window.lib.folder) as other:  # (as a command would)
        other.papers.set_stars(starred, 4)
        other.papers.trash([trashed])
    assert window.check_outside()
    wait_idle(qtbot, window)
    qtbot.waitUntil(lambda: trashed not in window.model.ids, timeout=5000)
    column = COLUMN_KEYS.index("stars")
    row = window.model.row_of(starred)
    assert window.model.index(row, column).data() == "★★★★☆"
    trash = window.sidebar_model.find("trash")
    qtbot.waitUntil(lambda: "(1)" in trash.text(), timeout=5000)
    assert not window.check_outside()  # read once
    # the window's own edits are not taken for writes from outside
    window.set_stars(2)
    wait_idle(qtbot, window)
    assert not window.check_outside()


def test_an_edit_from_outside_shows_while_a_job_of_the_window_runs(qtbot, window):
    """A job of the window's own (tagging a library: minutes) commits all the time; an
    edit from outside still shows (told by the undo log), the job's commits do not count."""
    import threading

    from paperdesk import Library
    from paperdesk.gui.models.paper_table import COLUMN_KEYS

    wait_idle(qtbot, window)
    gate = threading.Event()

    def job(progress):  # noqa: ANN001, ANN202 - writes as a tagging job does, no undo entry
        with window.lib.edit("Keyphrases", [window.model.ids[0]], undoable=False):
            pass
        gate.wait(20)

    window.ops.long("A long job", job)
    try:
        assert not window.check_outside()  # (its start: the window's own)
        qtbot.wait(300)
        assert not window.check_outside()  # its commit is no edit from outside
        starred = window.model.ids[2]
        with Library.open(window.lib.folder) as other:
            other.papers.set_stars(starred, 3)
        assert window.check_outside()
        column = COLUMN_KEYS.index("stars")
        qtbot.waitUntil(lambda: window.model.index(
            window.model.row_of(starred), column).data() == "★★★☆☆", timeout=5000)
    finally:
        gate.set()
    wait_idle(qtbot, window)
    assert not window.check_outside()
