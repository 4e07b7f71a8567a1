"""Menus, shortcuts and context menus of the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from paperdesk.gui import filing
from paperdesk.gui import library_actions as la
from paperdesk.gui import pdf_actions as pa
from paperdesk.gui.models.sidebar import KIND_ROLE, NAME_ROLE, VALUE_ROLE

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow


def _distinct(keys: list[QKeySequence]) -> list[QKeySequence]:
    """``keys`` without repeats (a key listed twice on one action is ambiguous to Qt)."""
    seen: dict[str, QKeySequence] = {}
    for key in keys:
        seen.setdefault(key.toString(), key)
    return list(seen.values())


def _action(win: MainWindow, text: str, slot: object, shortcut: object = None,
            tip: str = "") -> QAction:
    action = QAction(text, win)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    action.triggered.connect(lambda _=False: slot())
    win.addAction(action)
    return action


def build_actions(win: MainWindow) -> dict[str, QAction]:
    """Create the menu bar and toolbar; returns the actions by name."""
    K = QKeySequence.StandardKey  # noqa: N806
    a = {
        "new_library": _action(win, "&New library…", lambda: la.new_library(win),
                               tip="Create an empty library in a folder"),
        "open_library": _action(win, "&Open library…", lambda: la.open_library(win), K.Open,
                                "Open or switch to another library"),
        "backup": _action(win, "&Back up library…", lambda: la.backup(win),
                          tip="Copy the whole library to a folder"),
        "reindex": _action(win, "&Rebuild search index", win.rebuild_index,
                           tip="Build the search index again from the library, in the "
                               "background"),
        "import": _action(win, "&Import…", lambda: la.ask_import(win), "Ctrl+I",
                          "Import BibTeX, RIS, CSL-JSON, JSON lines or PDF files"),
        "import_zotero": _action(win, "Import from &Zotero…", lambda: _ask_zotero(win),
                                 tip="Bring in a Zotero library with its collections, notes, "
                                     "files and annotations"),
        "export": _action(win, "&Export…", lambda: la.ask_export(win), "Ctrl+E",
                          "Export papers with their annotations"),
        "settings": _action(win, "&Settings…", lambda: la.settings(win), K.Preferences),
        "quit": _action(win, "&Quit", win.close, K.Quit),
        "undo": _action(win, "&Undo", lambda: la.undo(win), K.Undo, "Undo the last edit"),
        "redo": _action(win, "&Redo", lambda: la.redo(win), "Ctrl+Shift+Z",
                        "Redo the edit undone last"),
        "unban": _action(win, "&Banned tags…", lambda: la.unban_tag(win),
                         tip="Suggest again a tag you chose never to see suggested"),
        "palette": _action(win, "Command &palette…", lambda: show_palette(win), "Ctrl+K",
                           "Find and run any command by name"),
        "shortcuts": _action(win, "&Keyboard shortcuts", lambda: show_shortcuts(win),
                             "F1", "Every keyboard shortcut"),
        "jobs": _action(win, "&Jobs", lambda: win.toggle_jobs(), "Ctrl+J",
                        "Running and queued background jobs, with Cancel each (Ctrl+J "
                        "again hides them)"),
        "columns": _action(win, "&Columns…", lambda: win.column_menu(), tip=
                           "Choose the columns of the paper table"),
        "star_0": _action(win, "Stars: none", lambda: win.set_stars(0),
                          tip="Clear the rating of the selected papers (key 0 in the table)"),
        "find": _action(win, "&Find", lambda: (win.search.setFocus(), win.search.selectAll()),
                        K.Find, "Search the library"),
        "add": _action(win, "&Add paper…", lambda: la.add_paper(win), "Ctrl+N",
                       "Add a paper by hand"),
        "edit": _action(win, "&Edit paper…", win.edit_paper, "Ctrl+Return",
                        "Edit the details of the selected paper"),
        "trash": _action(win, "Move to &trash", lambda: la.trash(win), K.Delete,
                         "Move the selected papers to the trash"),
        "restore": _action(win, "&Restore from trash", lambda: la.restore(win),
                           tip="Take the selected papers out of the trash"),
        "empty_trash": _action(win, "Empty trash…", lambda: la.empty_trash(win)),
        "copy_citation": _action(win, "&Copy citation", lambda: la.copy_citation(win),
                                 "Ctrl+Shift+C", "Copy the selected papers' references"),
        "link": _action(win, "&Link papers", lambda: la.link_selected(win), "Ctrl+L",
                        "Link the selected papers (or find a paper to link)"),
        "save_search": _action(win, "Save &search…", lambda: la.save_search(win),
                               tip="Keep the current search in the sidebar"),
        "tag_selected": _action(win, "Auto-tag selected papers",
                                lambda: la.auto_tag(win, again=True),
                                tip="Suggest tags for the selected papers (again, for those "
                                    "tagged already)"),
        "add_to_collection": _action(
            win, "Add to &collection…", lambda: filing.add_to_collection(win), "Ctrl+Shift+A",
            "Put the selected papers in a collection, or in a new one"),
        "remove_from_collection": _action(
            win, "&Remove from collection", lambda: filing.remove_from_collection(win),
            tip="Take the selected papers out of the collection shown (they stay in the "
                "library)"),
        "add_tag": _action(win, "Add &tag…", lambda: filing.add_tag(win), "Ctrl+T",
                           "Tag the selected papers (a tag you have, or a new one)"),
        "about": _action(win, "&About PaperDesk", lambda: la.about(win)),
        "import_folder": _action(win, "Import &folder…", lambda: pa.import_folder(win),
                                 tip="Import every PDF and bibliography file in a folder"),
        "attach_pdf": _action(win, "Attach &PDF…", lambda: pa.attach_pdf(win),
                              tip="Attach a PDF to the current paper (or drop one on it)"),
        "replace_pdf": _action(win, "Replace PDF…", lambda: pa.replace_pdf(win),
                               tip="Replace the current paper's PDF with another file"),
        "remove_pdf": _action(win, "Remove PDF", lambda: pa.remove_pdf(win),
                              tip="Remove the current paper's PDF (highlights stay)"),
        "export_pdf": _action(win, "Export PDF with &highlights…", lambda: pa.export_pdf(win),
                              tip="Save a copy of the PDF with its highlights as annotations"),
    }
    for n in range(1, 6):
        a[f"star_{n}"] = _action(win, f"Stars: {'★' * n}", lambda n=n: win.set_stars(n),
                                 tip=f"Rate the selected papers {n} stars (key {n} in the "
                                     "table)")
    for state in ("unread", "reading", "read"):
        a[f"mark_{state}"] = _action(win, f"Mark as {state}", lambda s=state: win.set_read(s),
                                     tip=f"Mark the selected papers {state}")
    # (K.Redo is Ctrl+Shift+Z on Linux: listed twice, the shortcut was ambiguous and did
    # nothing; Ctrl+Y is Redo on Windows)
    a["redo"].setShortcuts(_distinct([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"),
                                      *QKeySequence.keyBindings(K.Redo)]))
    a["trash"].setShortcuts([QKeySequence(K.Delete), QKeySequence("Ctrl+Backspace")])
    menu = win.menuBar()
    file = menu.addMenu("&File")
    for name in ("new_library", "open_library", "backup", "reindex", None, "import",
                 "import_folder", "import_zotero", "export",
                 None, "settings", None, "quit"):
        file.addSeparator() if name is None else file.addAction(a[name])
    edit = menu.addMenu("&Edit")
    for name in ("undo", "redo", None, "find", "save_search", "unban", None, "copy_citation",
                 None, "palette"):
        edit.addSeparator() if name is None else edit.addAction(a[name])
    view = menu.addMenu("&View")
    for name in ("jobs", "columns"):
        view.addAction(a[name])
    paper = menu.addMenu("&Paper")
    for name in ("add", "edit", "link", None, "add_to_collection", "remove_from_collection",
                 "add_tag", "tag_selected", None, "attach_pdf", "replace_pdf", "remove_pdf",
                 "export_pdf", None, "trash", "restore", "empty_trash"):
        paper.addSeparator() if name is None else paper.addAction(a[name])
    paper.aboutToShow.connect(lambda: filing.update_actions(win))
    help_ = menu.addMenu("&Help")
    help_.addAction(a["shortcuts"])
    help_.addAction(a["about"])
    bar = win.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    for name in ("add", "import", "export", "copy_citation", "undo"):
        bar.addAction(a[name])
    return a


def table_menu(win: MainWindow, pos: QPoint) -> QMenu:
    """The paper table's context menu (shown at ``pos``, and returned)."""
    a = win.actions_
    filing.update_actions(win)
    menu = QMenu(win)
    if win.filter[0] == "trash":  # papers in the trash are not rated, linked or tagged
        names: list[str | None] = ["edit", "copy_citation", None, "export", None, "restore",
                                   "empty_trash"]
    else:
        names = ["edit", "copy_citation", "link", "tag_selected", None, "export", None,
                 "trash"]
        n = len(win.selected_ids())
        stars = QMenu("Stars" + (f" ({n} papers)" if n > 1 else ""), menu)
        for k in range(6):  # the same action as the side panel's stars and keys 0–5
            stars.addAction("☆ none" if k == 0 else "★" * k, lambda k=k: win.set_stars(k))
        menu.addMenu(stars)
        read = QMenu("Mark as", menu)
        for state in ("unread", "reading", "read"):
            read.addAction(state.capitalize(), lambda s=state: win.set_read(s))
        menu.addMenu(read)
        menu.addMenu(filing.collection_menu(win, menu))
        if filing.shown_collection(win) is not None:
            menu.addAction(a["remove_from_collection"])
        menu.addAction(a["add_tag"])
        menu.addSeparator()
    for name in names:
        menu.addSeparator() if name is None else menu.addAction(a[name])
    menu.popup(pos)
    win.last_menu = menu
    return menu


def sidebar_menu(win: MainWindow, index: QModelIndex, pos: QPoint) -> None:
    """The sidebar's context menu: rename, merge, delete a tag; delete a saved search."""
    kind, value = index.data(KIND_ROLE), index.data(VALUE_ROLE)
    menu = QMenu(win)
    if kind == "tag":
        menu.addAction(f"Rename tag “{value}”…", lambda: la.rename_tag(win, value))
        menu.addAction(f"Merge “{value}” into…", lambda: la.merge_tag(win, value))
        menu.addAction(f"Delete tag “{value}”…", lambda: la.delete_tag(win, value))
        menu.addSeparator()
        menu.addAction(f"Never suggest “{value}”", lambda: la.ban_tag(win, value))
    elif kind == "saved":
        menu.addAction("Delete saved search", lambda: la.delete_saved(win, index.data(NAME_ROLE)))
    elif kind == "trash":
        menu.addAction(win.actions_["empty_trash"])
    else:
        return
    menu.popup(pos)


def plain(text: str) -> str:
    """An action's text without the mnemonic ampersand and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def palette_entries(win: MainWindow) -> list[tuple[str, str, QAction]]:
    """(name, shortcut, action) of every command, for the palette and the shortcut list."""
    out = []
    for action in win.actions_.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                         for k in action.shortcuts())
        out.append((plain(action.text()), keys, action))
    return sorted(out, key=lambda e: e[0].casefold())


#: keys that are not menu actions (listed in Help › Keyboard shortcuts)
OTHER_KEYS = [
    ("0 – 5 (in the table)", "Rate the selected papers"),
    ("Esc (in the search box)", "Clear the search"),
    ("Tab / Shift+Tab", "Table → reader → side panel, and back"),
    ("Enter / Space (on ✓ ✕)", "Accept or reject a suggested tag"),
    ("Ctrl+Z (in the note)", "Undo typing in the note"),
]


def show_palette(win: MainWindow) -> QWidget:
    """The command palette: type to filter every command, Enter runs it."""
    from paperdesk.gui.dialogs.palette import CommandPalette

    filing.update_actions(win)
    dialog = CommandPalette(palette_entries(win), win)
    win.palette = dialog
    dialog.open()
    return dialog


def show_shortcuts(win: MainWindow) -> QWidget:
    """Help › Keyboard shortcuts: every action's keys and the keys of the table and panels."""
    from paperdesk.gui.dialogs.palette import ShortcutsDialog

    rows = [(keys, name) for name, keys, _a in palette_entries(win) if keys] + OTHER_KEYS
    dialog = ShortcutsDialog(rows, win)
    win.shortcuts_dialog = dialog
    dialog.open()
    return dialog


def _ask_zotero(win: MainWindow) -> None:
    """File › Import from Zotero (its importer is loaded on first use, not at start)."""
    from paperdesk.gui import zotero as zotero_gui

    zotero_gui.ask(win)
