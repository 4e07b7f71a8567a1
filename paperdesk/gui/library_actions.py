"""What the menus do: import, export, libraries, trash, undo, tags — each through ``ops``.

Functions that would ask the user something take the answer as an optional argument,
so tests (and scripts) can call them without a dialog.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox

from paperdesk import __version__, jobs
from paperdesk.gui import tagging
from paperdesk.gui.dialogs.ask import ask
from paperdesk.gui.errors import show_error
from paperdesk.gui.models import rows
from paperdesk.library.changes import Change
from paperdesk.records import plural

if TYPE_CHECKING:  # dialogs and the import machinery load on first use (fast start)
    from paperdesk.gui.dialogs.export_dialog import ExportDialog, ExportRequest
    from paperdesk.gui.mainwindow import MainWindow
    from paperdesk.library.importing import ImportReport

IMPORT_FILTER = ("References (*.bib *.bibtex *.ris *.json *.jsonl *.ndjson *.pdf *.txt);;"
                 "All files (*)")


def _targets(win: MainWindow) -> list[int]:
    return win.selected_ids() or ([win.current_id] if win.current_id is not None else [])


# ---------------------------------------------------------------- import and tagging
def ask_import(win: MainWindow) -> None:
    """Ask for files, then import them."""
    paths, _ = QFileDialog.getOpenFileNames(win, "Import references", "", IMPORT_FILTER)
    if paths:
        win.import_files(paths)


def import_files(win: MainWindow, paths: Sequence[str | Path], show_report: bool = True,
                 folder: str | Path | None = None) -> None:
    """Import in the background; report (added / merged / problems), then auto-tag.

    With ``folder``, every PDF and bibliography file below it is imported instead."""
    def done(report: ImportReport) -> None:
        from paperdesk.gui.dialogs.import_report import ImportReportDialog

        # (the window refreshed what report.change names as the job's result came in)
        if show_report and (report.problems or report.merged or report.warnings
                            or report.skipped):
            dialog = ImportReportDialog(report, win)
            win.last_report_dialog = dialog
            dialog.open()
        if report.added_ids and win.settings.tag_on_import:
            auto_tag(win, report.added_ids)
        win.importFinished.emit(report)

    if folder is not None:
        win.ops.long_job(jobs.import_label([folder]), jobs.import_folder, str(folder),
                         on_done=done)
        return
    label = jobs.import_label(paths)
    # one file is what the user waits for: it runs beside bulk work, not behind it
    win.ops.long_job(label, jobs.import_files, [str(p) for p in paths], on_done=done,
                     interactive=len(paths) == 1 and not Path(paths[0]).is_dir())


def auto_tag(win: MainWindow, ids: Sequence[int] | None = None,
             pending: bool = False, again: bool = False) -> None:
    """Suggest tags for papers in the background (if the ML packages are there).

    ``ids`` None means the selected papers; ``pending`` means every paper not tagged yet
    (papers added while the window was closed, e.g. by the command line); ``again``
    tags papers already tagged too (Auto-tag on a selection: it did nothing, and said
    nothing, when every paper selected had been tagged).
    """
    ids = None if pending else (list(ids) if ids is not None else _targets(win))
    if ids is not None and not ids:
        return
    reason = tagging.unavailable_reason()
    if reason:
        win.statusBar().showMessage(f"Automatic tags are off: {reason}", 15000)
        return

    def failed(exc: BaseException) -> None:
        from paperdesk.tagging.model import ModelError

        if isinstance(exc, ModelError):
            win.statusBar().showMessage(f"Automatic tags are off: {exc}", 15000)
        else:
            show_error(win, exc)

    win.ops.long_job(jobs.tag_label(ids), jobs.tag_papers, ids, win.settings.tags_per_paper,
                     again and ids is not None, on_error=failed)


def embed_pending(win: MainWindow) -> None:
    """Compute paper vectors (for Best match) in the background for papers that lack
    them, when automatic tags are off (tagging computes them otherwise)."""
    if tagging.unavailable_reason() or not win.lib.tagging.has_pending_vectors():
        return
    win.ops.long_job("Preparing Best match", jobs.embed_papers, on_error=lambda exc: (
        win.statusBar().showMessage(f"Best match is off: {exc}", 15000)))


# ---------------------------------------------------------------- export
def export_ids(win: MainWindow, request: ExportRequest) -> list[int]:
    """The paper ids an export request covers (reads only; any thread)."""
    lib = win.lib
    if request.scope == "selection":
        return list(win.selected_ids())
    if request.scope == "search":
        return lib.select_ids(query=request.value)
    if request.scope == "tag":
        return rows.filter_ids(lib, "tag", request.value)
    return lib.select_ids()


#: papers the export dialog's preview shows
PREVIEW = 5


def ask_export(win: MainWindow) -> ExportDialog:
    """Open the export dialog (non-blocking); exporting asks for a file name."""
    from paperdesk.gui.dialogs.export_dialog import ExportDialog, content_format, extension

    tags = [name for name, _n, _u in win.sidebar_model.data_shown.tags]
    current_tag = win.filter[1] if win.filter[0] == "tag" else ""
    last = win.state.value("export/format")
    query = win.query
    if not query and win.filter[0] == "collection":  # the collection shown is the scope
        query = f'collection:"{win.lib.collections.path(int(win.filter[1]))}"'
    dialog = ExportDialog(win.settings.default_style, len(win.selected_ids()), query,
                          tags, current_tag, win, fmt=last if isinstance(last, str) else "bibtex")
    selection = list(win.selected_ids())

    def preview(request: ExportRequest) -> None:
        ids = selection if request.scope == "selection" else None
        lib = win.lib

        def work() -> tuple[str, int, int]:
            chosen = ids if ids is not None else export_ids(win, request)
            text = lib.export(content_format(request.fmt), chosen[:PREVIEW], request.options)
            return text, min(PREVIEW, len(chosen)), len(chosen)

        win.ops.read(work, lambda got: dialog.show_preview(*got),
                     lambda exc: dialog.show_preview(f"(no preview: {exc})"))

    def accepted() -> None:
        request = dialog.request()
        win.state.setValue("export/format", request.fmt)  # the next export starts with it
        ext = extension(request.fmt)
        path, _ = QFileDialog.getSaveFileName(win, "Export", f"papers{ext}",
                                              f"{request.fmt} (*{ext});;All files (*)")
        if path:
            export_to(win, request, path, selection)

    def copy() -> None:
        copy_export(win, dialog.request(), selection)

    dialog.previewRequested.connect(preview)
    dialog.accepted.connect(accepted)
    dialog.copy_button.clicked.connect(copy)
    win.export_dialog = dialog
    dialog.open()
    dialog.start_preview()
    return dialog


def export_to(win: MainWindow, request: ExportRequest, path: str | Path,
              selection: Sequence[int] | None = None) -> None:
    """Export in the background and write ``path`` atomically; announces ``exportFinished``."""
    from paperdesk.export import write_atomically
    from paperdesk.gui.dialogs.export_dialog import DOCUMENTS, content_format

    lib = win.lib
    chosen = list(selection) if selection is not None else list(win.selected_ids())
    document = request.fmt in DOCUMENTS

    def work(progress: object) -> tuple[int, str]:
        ids = chosen if request.scope == "selection" else export_ids(win, request)
        text = lib.export(content_format(request.fmt), ids, request.options,
                          progress=progress)
        if not document:
            write_atomically(path, text)
        return len(ids), text

    def done(result: tuple[int, str]) -> None:
        n, text = result
        if document:  # laid out by Qt's text document, in the GUI thread
            from paperdesk.documents import write_document

            try:
                write_document(text, request.fmt, Path(path))
            except Exception as exc:  # noqa: BLE001 - shown like any other failure
                show_error(win, exc)
                return
        win.statusBar().showMessage(f"Exported {plural(n, 'paper')} to {path}", 8000)
        win.exportFinished.emit(str(path))

    win.ops.long("Exporting", work, done)


def copy_export(win: MainWindow, request: ExportRequest,
                selection: Sequence[int] | None = None) -> None:
    """Copy what :func:`export_to` would write to the clipboard, as the same background
    job with progress and Cancel: copying thousands of papers in a style formats every
    uncached reference, as long as exporting them (a cancelled copy leaves the clipboard
    as it was)."""
    from paperdesk.gui.dialogs.export_dialog import content_format

    lib = win.lib
    chosen = list(selection) if selection is not None else list(win.selected_ids())

    def work(progress: object) -> tuple[int, str]:
        ids = chosen if request.scope == "selection" else export_ids(win, request)
        return len(ids), lib.export(content_format(request.fmt), ids, request.options,
                                    progress=progress)

    def done(result: tuple[int, str]) -> None:
        n, text = result
        QGuiApplication.clipboard().setText(text)
        win.statusBar().showMessage(f"Copied {plural(n, 'paper')}", 5000)

    win.ops.long("Copying", work, done)


#: selections larger than this copy their citations as a job with progress and Cancel
COPY_JOB_MIN = 50


def copy_citation(win: MainWindow, style: str | None = None) -> None:
    """Copy the selected papers' references (HTML and plain text) in the default style;
    a large selection (its uncached references take seconds) is a job with progress and
    Cancel, and a cancelled copy leaves the clipboard as it was."""
    ids = _targets(win)
    if not ids:
        return
    lib, style = win.lib, style or win.settings.default_style

    def done(refs: list[str]) -> None:
        mime = QMimeData()
        mime.setHtml("".join(f"<p>{r}</p>" for r in refs))
        mime.setText("\n\n".join(html.unescape(re.sub(r"<[^>]+>", "", r)) for r in refs))
        QGuiApplication.clipboard().setMimeData(mime)
        win.statusBar().showMessage(f"Copied {len(refs)} citation(s) ({style})", 5000)
        win.citationCopied.emit(mime.text())

    if len(ids) > COPY_JOB_MIN:
        win.ops.long("Copying citations", lambda progress: lib.references(ids, style, progress),
                     done, write=False)
    else:
        win.ops.read(lambda: lib.references(ids, style), done)


# ---------------------------------------------------------------- papers
def add_paper(win: MainWindow) -> None:
    """Ask for a new paper's details and add it."""
    from paperdesk.gui.dialogs.paper_dialog import PaperDialog

    dialog = PaperDialog(parent=win)

    def accepted() -> None:
        paper = dialog.paper()
        win.ops.write(lambda: win.lib.papers.add(paper),
                      lambda change: win.select_ids(sorted(change.added)))

    dialog.accepted.connect(accepted)
    win.paper_dialog = dialog
    dialog.open()


def edit_paper(win: MainWindow) -> None:
    """Edit the current paper's details."""
    from paperdesk.gui.dialogs.paper_dialog import PaperDialog

    if win.current_id is None:
        return
    pid = win.current_id
    paper = win.lib.get(pid)
    dialog = PaperDialog(paper, win)

    def save() -> None:
        fields = dialog.fields()
        # new words: new keyphrases and suggestions (they stayed as they were until the
        # window was opened again)
        retag = win.settings.tag_on_import and (fields["title"], fields["abstract"]) != (
            paper.title, paper.abstract)
        win.ops.write(lambda: win.lib.papers.edit(pid, **fields),
                      (lambda _r: auto_tag(win, [pid])) if retag else None)

    dialog.accepted.connect(save)
    win.paper_dialog = dialog
    dialog.open()


def trash(win: MainWindow) -> None:
    """Move the selected papers to the trash (undo brings them back); the paper after
    them is selected then, so the keyboard keeps its place."""
    ids = _targets(win)
    if ids and win.filter[0] != "trash":
        win.ops.write(lambda: win.lib.papers.trash(ids), select_after(win, ids))


def select_after(win: MainWindow, going: Sequence[int]) -> Callable[[object], None]:
    """What selects, once ``going`` left the list (trashed, taken out of the collection
    shown), the paper listed after them, so that the keyboard keeps its place."""
    after = _neighbour(win.model.ids, set(going))

    def done(_result: object) -> None:
        if after is not None and set(win.selected_ids()) <= set(going):
            win.select_ids([after])

    return done


def _neighbour(rows: list[int], going: set[int]) -> int | None:
    """The paper listed after the last of ``going`` (else before the first) that stays."""
    at = [i for i, pid in enumerate(rows) if pid in going]
    if not at:
        return None
    later = [pid for pid in rows[at[-1] + 1:] if pid not in going]
    earlier = [pid for pid in rows[:at[0]] if pid not in going]
    return later[0] if later else (earlier[-1] if earlier else None)


def restore(win: MainWindow) -> None:
    """Take the selected papers out of the trash."""
    ids = _targets(win)
    if ids:
        win.ops.write(lambda: win.lib.papers.restore(ids))


def empty_trash(win: MainWindow, confirm: bool = True) -> None:
    """Delete trashed papers for good (asks first)."""
    n = win.lib.count(trashed=True)
    if not n:
        win.statusBar().showMessage("The trash is empty", 4000)
        return
    if confirm and QMessageBox.question(
            win, "Empty trash", f"Delete {plural(n, 'paper')} in the trash for good? "
            "This cannot be undone.") != QMessageBox.StandardButton.Yes:
        return
    win.ops.write(win.lib.papers.empty_trash)


def undo(win: MainWindow, redo: bool = False) -> None:
    """Undo the last edit (or redo the one undone last); the papers it touched are
    selected afterwards (papers back from the trash show where they are)."""
    win.panel.note.flush()

    def done(change: Change | None) -> None:
        if change is None:
            win.statusBar().showMessage(f"Nothing to {'redo' if redo else 'undo'}", 4000)
        elif change.paper_ids and not taught(change) and (
                sorted(change.paper_ids) != sorted(win.selected_ids())):
            win.select_ids(sorted(change.paper_ids, reverse=True))
        # one queued update serves every undo and redo before it starts (it reads the
        # rules as they are then): rapid steps queued one each, and the side panel showed
        # the suggestions of steps long undone
        if change is not None and taught(change) and not any(
                e.fn is jobs.refresh_suggestions and e.state == "queued"
                for e in win.ops.entries):
            win.ops.long_job("Updating tag suggestions", jobs.refresh_suggestions, change)

    win.ops.write(win.lib.redo if redo else win.lib.undo, done)


def taught(change: Change) -> bool:
    """True for a change of the tag vocabulary (a rename, merge or ban): it touches every
    paper with the tag, so undoing it keeps the selection (selecting the 92 papers of a
    renamed tag lost the paper the user was reading)."""
    return "tag_rules" in change.details.get("tables", ())


def redo(win: MainWindow) -> None:
    """Redo the edit undone last."""
    undo(win, redo=True)


def link_selected(win: MainWindow) -> None:
    """Link the selected papers to the first one, or focus the "link a paper" box."""
    ids = win.selected_ids()
    if len(ids) >= 2:
        first, rest = ids[0], ids[1:]
        win.ops.write(lambda: win.lib.links.add_many(first, rest))  # one undo
    else:
        win.panel.related.find.setFocus()


# ---------------------------------------------------------------- tags and searches


def rename_tag(win: MainWindow, old: str, new: str | None = None) -> None:
    """Rename a tag everywhere (merges when the new name exists: asked for, the user says
    so first); the tag vocabulary learns it, so later suggestions use the new name."""
    asked = new is None
    new = new or ask(win, "Rename tag", f"New name for “{old}”:", old)
    if not new or new == old:
        return
    tags = {n.casefold(): n for n, _c, _u in win.sidebar_model.data_shown.tags}
    if asked and new.casefold() != old.casefold() and new.casefold() in tags and (
            QMessageBox.question(
                win, "Rename tag", f"“{tags[new.casefold()]}” is a tag already. Merge "
                f"“{old}” into it?") != QMessageBox.StandardButton.Yes):
        return  # (a rename onto a tag merged the two, with nothing to say so)
    win.ops.long_job(f"Renaming “{old}” to “{new}”", jobs.teach_vocabulary, "rename",
                     [old, new], on_done=_follow(win, old, ("tag", new)))


def ban_tag(win: MainWindow, name: str) -> None:
    """Never suggest this tag again (any spelling of it); its suggestions go."""
    win.ops.long_job(f"Banning “{name}”", jobs.teach_vocabulary, "ban", [name],
                     on_done=_follow(win, name, ("all", "")))


def unban_tag(win: MainWindow, name: str | None = None) -> None:
    """Suggest a banned tag again (asks which, from the banned ones)."""
    if name is None:
        banned = win.lib.vocabulary.banned()
        if not banned:
            win.statusBar().showMessage("No tag is banned", 4000)
            return
        name = ask(win, "Banned tags", "Suggest this tag again:", items=banned,
                   editable=False)
        if not name:
            return
    win.ops.long_job(f"Suggesting “{name}” again", jobs.teach_vocabulary, "unban",
                     [name])


def merge_tag(win: MainWindow, source: str, target: str | None = None) -> None:
    """Merge a tag into another (the dialog starts empty: Enter alone merges nothing)."""
    if target is None:
        names = [n for n, _c, _u in win.sidebar_model.data_shown.tags if n != source]
        target = ask(win, "Merge tag", f"Merge “{source}” into:", items=["", *names])
    if target:
        win.ops.long_job(f"Merging “{source}” into “{target}”", jobs.teach_vocabulary,
                         "merge", [source, target],
                         on_done=_follow(win, source, ("tag", target)))


def _follow(win: MainWindow, name: str, view: tuple[str, str]) -> Callable[[Any], None]:
    """When the list shows the tag ``name``, show ``view`` once the job is done (the tag
    renamed, merged or banned)."""
    def done(_result: Any) -> None:
        if win.filter == ("tag", name):
            win.show_filter(*view)
    return done


def delete_tag(win: MainWindow, name: str, confirm: bool = True) -> None:
    """Remove a tag from every paper."""
    if confirm and QMessageBox.question(win, "Delete tag", f"Remove the tag “{name}” from "
                                        "every paper?") != QMessageBox.StandardButton.Yes:
        return
    win.ops.write(lambda: win.lib.tags.delete(name))  # (the list then shows All papers)


def save_search(win: MainWindow, name: str | None = None) -> None:
    """Save the current search in the sidebar."""
    if not win.query:
        win.statusBar().showMessage("Type a search first", 4000)
        return
    name = name or ask(win, "Save search", "Name:", win.query)
    if name:
        query = win.query
        win.ops.write(lambda: win.lib.saved.add(name, query))


def delete_saved(win: MainWindow, name: str) -> None:
    """Delete a saved search."""
    win.ops.write(lambda: win.lib.saved.remove(name))


# ---------------------------------------------------------------- libraries
def new_library(win: MainWindow) -> None:
    """Create a library in an (empty) folder and switch to it."""
    folder = QFileDialog.getExistingDirectory(win, "New library: choose an empty folder")
    if folder:
        win.switch_library(Path(folder))


def open_library(win: MainWindow) -> None:
    """Open another library folder."""
    folder = QFileDialog.getExistingDirectory(win, "Open library", str(win.lib.folder.parent))
    if folder:
        win.switch_library(Path(folder), create=False)


def backup(win: MainWindow, dest: str | Path | None = None) -> None:
    """Copy the library to a folder in the background."""
    if dest is None:
        dest = QFileDialog.getExistingDirectory(win, "Back up to an empty folder")
        if not dest:
            return
    lib = win.lib

    def work(progress: object) -> Path:
        return lib.backup(dest)

    win.ops.long("Backing up", work,
                 lambda path: win.statusBar().showMessage(f"Backed up to {path}", 8000))


def settings(win: MainWindow) -> None:
    """Edit the settings."""
    from paperdesk.gui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(win.settings, win)

    def accepted() -> None:
        win.settings = dialog.settings()
        try:
            win.settings.save(win.settings_path)
        except OSError as exc:
            show_error(win, exc)

    dialog.accepted.connect(accepted)
    win.settings_dialog = dialog
    dialog.open()


def about(win: MainWindow) -> None:
    """The About box."""
    QMessageBox.about(win, "About PaperDesk",
                      f"<b>PaperDesk {__version__}</b><p>An offline library for research "
                      "papers: search, read, annotate, tag and export.</p>")
