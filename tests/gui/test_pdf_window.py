"""The window's PDF work: File › Import folder…, Paper › Attach / Remove PDF, a PDF highlight
made on a page, Paper › Export PDF with highlights."""

from __future__ import annotations

import shutil
from pathlib import Path

from pypdf import PdfReader

from paperdesk.gui import pdf_actions as pa
from tests.gui.conftest import wait_idle

DATA = Path(__file__).resolve().parents[1] / "data" / "pdfs"


def test_folder_import_attach_highlight_and_export(qtbot, empty_window, tmp_path):
    win = empty_window
    lib = win.lib
    folder = tmp_path / "papers"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(DATA / "latex" / "twocolumn.pdf", folder / "sub" / "twocolumn.pdf")
    shutil.copy(DATA / "submission_363.pdf", folder / "submission_363.pdf")
    with qtbot.waitSignal(win.importFinished, timeout=60000) as got:
        pa.import_folder(win, folder)
    wait_idle(qtbot, win)
    assert got.args[0].added == 2 and win.model.rowCount() == 2
    with qtbot.waitSignal(win.importFinished, timeout=60000) as again:
        pa.import_folder(win, folder)  # nothing new the second time
    wait_idle(qtbot, win)
    assert again.args[0].added == 0 and win.model.rowCount() == 2

    pid = next(p for p in lib.select_ids() if lib.get(p).title.startswith("Offline Metadata"))
    win.jump_to(pid)
    qtbot.waitUntil(lambda: win.reader.pdf.document.pageCount() > 0, timeout=5000)
    # a highlight made on the page is stored and listed with its page
    with qtbot.waitSignal(win.ops.changed, timeout=5000):
        win.reader.pdf.highlightRequested.emit(0, [[57.0, 580.0, 300.0, 590.0]],
                                               "We present a method", "blue", "main idea")
    wait_idle(qtbot, win)
    (h,) = lib.get(pid).highlights
    assert (h.page, h.color, h.comment, h.text) == (0, "blue", "main idea", "We present a method")
    qtbot.waitUntil(lambda: win.reader.highlights.count() == 1, timeout=5000)
    assert win.reader.highlights.item(0).text().startswith("p. 1:")

    out = tmp_path / "annotated.pdf"
    pa.export_pdf(win, out)
    wait_idle(qtbot, win)
    annots = PdfReader(out).pages[0]["/Annots"]
    assert annots[0].get_object()["/Contents"] == "main idea"

    with qtbot.waitSignal(win.ops.changed, timeout=5000):
        pa.remove_pdf(win, confirm=True)
    wait_idle(qtbot, win)
    assert lib.attachments.paths(pid) == []
    with qtbot.waitSignal(win.ops.changed, timeout=5000):
        pa.attach_pdf(win, out)
    wait_idle(qtbot, win)
    assert lib.attachments.paths(pid)[0].suffix == ".pdf"
    assert len(lib.get(pid).highlights) == 1  # its own annotation is not read in twice
