"""Menus, shortcuts and context menus of the main window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from paperdesk.gui import library_actions as la
from paperdesk.gui.models.sidebar import KIND_ROLE, NAME_ROLE, VALUE_ROLE

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow


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
        "export": _action(win, "&Export…", lambda: la.ask_export(win), "Ctrl+E",
                          "Export papers with their annotations"),
        "settings": _action(win, "&Settings…", lambda: la.settings(win), K.Preferences),
        "quit": _action(win, "&Quit", win.close, K.Quit),
        "undo": _action(win, "&Undo", lambda: la.undo(win), K.Undo, "Undo the last edit"),
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
        "tag_selected": _action(win, "Auto-tag selected papers", lambda: la.auto_tag(win),
                                tip="Suggest tags for the selected papers"),
        "about": _action(win, "&About PaperDesk", lambda: la.about(win)),
    }
    a["trash"].setShortcuts([QKeySequence(K.Delete), QKeySequence("Ctrl+Backspace")])
    menu = win.menuBar()
    file = menu.addMenu("&File")
    for name in ("new_library", "open_library", "backup", "reindex", None, "import", "export",
                 None, "settings", None, "quit"):
        file.addSeparator() if name is None else file.addAction(a[name])
    edit = menu.addMenu("&Edit")
    for name in ("undo", None, "find", "save_search", None, "copy_citation"):
        edit.addSeparator() if name is None else edit.addAction(a[name])
    paper = menu.addMenu("&Paper")
    for name in ("add", "edit", "link", "tag_selected", None, "trash", "restore",
                 "empty_trash"):
        paper.addSeparator() if name is None else paper.addAction(a[name])
    help_ = menu.addMenu("&Help")
    help_.addAction(a["about"])
    bar = win.addToolBar("Main")
    bar.setObjectName("main_toolbar")
    bar.setMovable(False)
    for name in ("add", "import", "export", "copy_citation", "undo"):
        bar.addAction(a[name])
    return a


def table_menu(win: MainWindow, pos: QPoint) -> None:
    """The paper table's context menu."""
    a = win.actions_
    menu = QMenu(win)
    trash_view = win.filter[0] == "trash"
    names = ["edit", "copy_citation", "link", "tag_selected", None, "export", None]
    names += ["restore", "empty_trash"] if trash_view else ["trash"]
    stars = QMenu("Stars", menu)
    for n in range(6):
        stars.addAction("☆ none" if n == 0 else "★" * n, lambda n=n: win.set_stars(n))
    menu.addMenu(stars)
    read = QMenu("Mark as", menu)
    for state in ("unread", "reading", "read"):
        read.addAction(state.capitalize(), lambda s=state: win.set_read(s))
    menu.addMenu(read)
    for name in names:
        menu.addSeparator() if name is None else menu.addAction(a[name])
    menu.popup(pos)


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
