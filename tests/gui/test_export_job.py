"""A long styled export in the window is a background job: label, progress, Cancel.

The references of a first export go through the CSL engine batch by batch; the window
must stay responsive, show "Exporting" with a count, stop at the next batch when the
user presses Cancel (writing nothing), and write the file when left to finish.
"""

from __future__ import annotations

import time

import pytest

pytest.importorskip("PySide6")

from paperdesk.export import citeproc_js, formatting  # noqa: E402
from paperdesk.export.options import ExportOptions  # noqa: E402
from paperdesk.gui import library_actions as la  # noqa: E402
from paperdesk.gui.dialogs.export_dialog import ExportRequest  # noqa: E402
from tests.gui.conftest import wait_idle  # noqa: E402


def pace_engine(monkeypatch):  # noqa: ANN001, ANN201
    """One engine call a paper, each paced, so a busy machine cannot outrun Cancel; gives
    the real ``bibliography`` back for the test to restore."""
    monkeypatch.setattr(formatting, "BATCH", 1)
    real = citeproc_js.CiteprocJs.bibliography

    def paced(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        result = real(self, *args, **kwargs)
        time.sleep(0.05)
        return result

    monkeypatch.setattr(citeproc_js.CiteprocJs, "bibliography", paced)
    return real


def test_styled_export_runs_off_the_gui_thread_and_cancels(qtbot, window, tmp_path, monkeypatch):
    wait_idle(qtbot, window)
    real = pace_engine(monkeypatch)
    window.select_ids(window.model.ids)
    request = ExportRequest("html", ExportOptions(style="chicago"), "selection")
    out = tmp_path / "papers.html"
    finished: list[str] = []
    window.exportFinished.connect(finished.append)
    la.export_to(window, request, out, window.model.ids)
    # the GUI thread keeps running events while the engine works: the bar moves
    qtbot.waitUntil(lambda: window.progress.isVisible() and window.progress.value() > 0,
                    timeout=60000)
    assert window.job_label.text().startswith("Exporting")
    assert window.cancel_button.isVisible()
    assert 0 < window.progress.value() < window.progress.maximum() == len(window.model.ids)
    window.cancel_button.click()
    wait_idle(qtbot, window)
    assert not out.exists() and finished == []
    assert not window.progress.isVisible()

    monkeypatch.setattr(citeproc_js.CiteprocJs, "bibliography", real)
    with qtbot.waitSignal(window.exportFinished, timeout=120000):
        la.export_to(window, request, out, window.model.ids)
    text = out.read_text(encoding="utf-8")
    assert text.count("<article") == len(window.model.ids)


def test_copy_in_the_export_dialog_is_the_same_job(qtbot, window, monkeypatch):
    """Copy of a large styled selection: progress and Cancel like Export (the clipboard
    keeps what it had when cancelled), then the whole document on the clipboard."""
    from PySide6.QtGui import QGuiApplication

    wait_idle(qtbot, window)
    real = pace_engine(monkeypatch)
    window.select_ids(window.model.ids)
    dialog = la.ask_export(window)
    dialog.format.setCurrentIndex(dialog.format.findData("markdown"))
    dialog.style.setCurrentIndex(dialog.style.findText("chicago"))
    dialog.scope_buttons["selection"].setChecked(True)
    wait_idle(qtbot, window)  # the preview
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: window.progress.isVisible() and window.progress.value() > 0,
                    timeout=60000)
    assert window.job_label.text() == "Exporting markdown"  # the export, for the clipboard
    assert 0 < window.progress.value() < window.progress.maximum() == len(window.model.ids)
    window.cancel_button.click()
    wait_idle(qtbot, window)
    assert clipboard.text() == "before" and not window.progress.isVisible()

    monkeypatch.setattr(citeproc_js.CiteprocJs, "bibliography", real)
    dialog.copy_button.click()
    qtbot.waitUntil(lambda: clipboard.text() != "before", timeout=120000)
    text = clipboard.text()
    n = len(window.model.ids)
    assert text.startswith("# ") and f"*{n} papers · " in text
    papers = window.lib.get_many(window.model.ids)
    assert all(p.authors[0].family in text for p in papers if p.authors)
    assert window.statusBar().currentMessage() == f"Copied {len(window.model.ids)} papers"
    dialog.reject()


def test_copy_citation_of_a_large_selection_is_a_job_and_fills_the_cache(qtbot, window,
                                                                         monkeypatch):
    """The toolbar's Copy citation on many papers: "Copying citations" with progress and
    Cancel (the clipboard keeps what it had), then every reference, safe HTML and plain
    text; copying them again reads the reference cache and starts no engine call."""
    from PySide6.QtGui import QGuiApplication

    wait_idle(qtbot, window)
    monkeypatch.setattr(la, "COPY_JOB_MIN", 2)  # the sample library is small
    real = pace_engine(monkeypatch)
    ids = window.model.ids
    window.select_ids(ids)
    clipboard = QGuiApplication.clipboard()
    clipboard.setText("before")
    window.actions_["copy_citation"].trigger()
    qtbot.waitUntil(lambda: window.progress.isVisible() and window.progress.value() > 0,
                    timeout=60000)
    assert window.job_label.text().startswith("Copying citations")
    window.cancel_button.click()
    wait_idle(qtbot, window)
    assert clipboard.text() == "before" and not window.progress.isVisible()

    monkeypatch.setattr(citeproc_js.CiteprocJs, "bibliography", real)
    with qtbot.waitSignal(window.citationCopied, timeout=120000) as got:
        window.actions_["copy_citation"].trigger()
    first = got.args[0]
    assert first.count("\n\n") == len(ids) - 1 and "<" not in first

    def no_engine(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        raise AssertionError("a cached reference was formatted again")

    monkeypatch.setattr(citeproc_js.CiteprocJs, "bibliography", no_engine)
    with qtbot.waitSignal(window.citationCopied, timeout=60000) as again:
        window.actions_["copy_citation"].trigger()
    assert again.args[0] == first


def test_the_preview_says_how_many_papers_of_the_export_it_shows(qtbot, window):
    """A review: with "All papers" (3,499) the preview's heading said "5 papers · APA"."""
    wait_idle(qtbot, window)
    dialog = la.ask_export(window)
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    dialog.scope_buttons["all"].setChecked(True)
    dialog.start_preview()
    n = len(window.lib.papers.ids())
    qtbot.waitUntil(lambda: dialog.preview_label.text() ==
                    f"Preview: the first 5 of {n:,} papers", timeout=20000)
    window.select_ids(window.model.ids[:2])
    dialog.reject()
    dialog = la.ask_export(window)
    dialog.scope_buttons["selection"].setChecked(True)
    dialog.start_preview()
    qtbot.waitUntil(lambda: dialog.preview_label.text() == "Preview: 2 papers", timeout=20000)
    dialog.reject()
