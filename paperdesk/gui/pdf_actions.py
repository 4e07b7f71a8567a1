"""What the PDF menu items do: import a folder, attach / replace / remove a paper's PDF,
export a copy with its highlights. Each goes through ``ops``; functions that would ask
take the answer as an optional argument (tests call them without a dialog)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from paperdesk.gui.errors import show_error

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow

PDF_FILTER = "PDF files (*.pdf);;All files (*)"


def import_folder(win: MainWindow, folder: str | Path | None = None) -> None:
    """Import every PDF and bibliography file below a folder (progress and Cancel)."""
    from paperdesk.gui.library_actions import import_files

    if folder is None:
        folder = QFileDialog.getExistingDirectory(win, "Import folder")
        if not folder:
            return
    import_files(win, [], folder=folder)


def attach_pdf_to(win: MainWindow, pid: int, path: str | Path) -> None:
    """Attach ``path`` to paper ``pid`` (copied into the library's files/)."""
    win.ops.write(lambda: win.lib.attachments.attach(pid, path))


def _current_and_pdf(win: MainWindow, title: str,
                     path: str | Path | None) -> tuple[int, str | Path] | None:
    """The current paper and a PDF for it (``path``, else asked for with a file dialog
    titled ``title``); None when there is no current paper or the dialog is cancelled."""
    pid = win.current_id
    if pid is None:
        return None
    if path is None:
        path, _ = QFileDialog.getOpenFileName(win, title, "", PDF_FILTER)
        if not path:
            return None
    return pid, path


def attach_pdf(win: MainWindow, path: str | Path | None = None) -> None:
    """Paper › Attach PDF…: attach a PDF to the current paper (replacing none)."""
    chosen = _current_and_pdf(win, "Attach PDF", path)
    if chosen is not None:
        attach_pdf_to(win, *chosen)


def replace_pdf(win: MainWindow, path: str | Path | None = None) -> None:
    """Paper › Replace PDF…: the current paper's attachments replaced by another PDF."""
    chosen = _current_and_pdf(win, "Replace PDF", path)
    if chosen is not None:
        pid, pdf = chosen
        win.ops.write(lambda: win.lib.attachments.replace(pid, pdf))


def remove_pdf(win: MainWindow, confirm: bool | None = None) -> None:
    """Paper › Remove PDF: detach the current paper's files (its highlights stay)."""
    pid = win.current_id
    if pid is None:
        return
    if confirm is None:
        answer = QMessageBox.question(win, "Remove PDF",
                                      "Remove the attached PDF from this paper? Its copy in "
                                      "the library is deleted; highlights stay.")
        confirm = answer == QMessageBox.StandardButton.Yes
    if confirm:
        win.ops.write(lambda: win.lib.attachments.remove(pid))


def export_pdf(win: MainWindow, dest: str | Path | None = None) -> None:
    """Paper › Export PDF with highlights…: a copy with standard annotations."""
    pid = win.current_id
    if pid is None:
        return
    if dest is None:
        dest, _ = QFileDialog.getSaveFileName(win, "Export PDF with highlights",
                                              "annotated.pdf", PDF_FILTER)
        if not dest:
            return

    def done(count: int) -> None:
        win.statusBar().showMessage(f"Wrote {count} highlight(s) into {Path(dest).name}", 5000)

    win.ops.write(lambda: win.lib.attachments.export_with_highlights(pid, dest),
                  on_done=done, on_error=lambda exc: show_error(win, exc))
