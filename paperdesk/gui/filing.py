"""Filing the selected papers from the menus: Add to collection…, Remove from collection,
Add tag… — each on every selected paper as one undo step.

Functions that would ask the user something take the answer as an optional argument, so
tests (and scripts) can call them without a dialog; asked, they return the dialog.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from paperdesk.gui.collections import FILTER_KIND
from paperdesk.gui.dialogs.ask import ask
from paperdesk.gui.library_actions import select_after
from paperdesk.library.collections import Collection

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow

#: a menu lists at most this many collections (the rest: "All collections…")
MENU_COLLECTIONS = 40


def _ids(win: MainWindow, doing: str) -> list[int]:
    """The papers to file: the selected ones (else the current one); none: say so."""
    ids = [] if win.filter[0] == "trash" else win.targets()
    if not ids:
        win.statusBar().showMessage(
            f"Select papers outside the trash to {doing}", 5000)
    return ids


def collections(win: MainWindow) -> list[Collection]:
    """The collections the sidebar shows (read off the GUI thread)."""
    panel = getattr(win, "collections_panel", None)
    return list(panel.model.shown) if panel is not None else []


def shown_collection(win: MainWindow) -> int | None:
    """The id of the collection the table shows, if it shows one."""
    kind, value = win.filter
    return int(value) if kind == FILTER_KIND and value.isdigit() else None


def add_to_collection(win: MainWindow, target: int | str | None = None) -> QWidget | None:
    """Put the selected papers in a collection — ``target``: an existing one's id, or the
    name (path) of a new one — as one undo step. None: ask (returns the dialog)."""
    ids = _ids(win, "add them to a collection")
    if not ids:
        return None
    if target is None:
        from paperdesk.gui.dialogs.pickers import CollectionPicker

        dialog = CollectionPicker(collections(win), len(ids), win)
        dialog.accepted.connect(lambda: _collect(win, ids, dialog.choice()))
        win.collection_picker = dialog
        dialog.open()
        return dialog
    _collect(win, ids, target)
    return None


def _collect(win: MainWindow, ids: list[int], target: int | str | None) -> None:
    lib = win.lib
    if isinstance(target, int):
        win.ops.write(lambda: lib.collections.collect(ids, target))
    elif target:
        win.ops.write(lambda: lib.collections.collect_new(ids, target))


def new_collection_with(win: MainWindow, name: str | None = None) -> None:
    """"New collection…" of the context menu: ask a name, then make the collection with
    the selected papers in it (one undo step)."""
    ids = _ids(win, "put them in a new collection")
    if not ids:
        return
    if name is None:
        name = ask(win, "New collection", "Name of the new collection for the selected papers:")
    if name:
        _collect(win, ids, name)


def remove_from_collection(win: MainWindow) -> None:
    """Take the selected papers out of the collection shown (and its sub-collections,
    which it shows too): they leave the list and stay in the library (one undo step)."""
    cid = shown_collection(win)
    if cid is None:
        win.statusBar().showMessage("Show a collection first (in the sidebar)", 5000)
        return
    ids = win.selected_ids()
    if ids:
        win.ops.write(lambda: win.lib.collections.uncollect(ids, cid, recursive=True),
                      select_after(win, ids))


def add_tag(win: MainWindow, name: str | None = None) -> QWidget | None:
    """Tag the selected papers with ``name`` (one undo step); None: ask, with the library's
    tags as completions (returns the dialog)."""
    ids = _ids(win, "tag them")
    if not ids:
        return None
    if name is None:
        from paperdesk.gui.dialogs.pickers import TagPicker

        dialog = TagPicker(win.panel.tags.completion.stringList(), len(ids), win)
        dialog.accepted.connect(lambda: add_tag(win, dialog.name()) if dialog.name() else None)
        win.tag_picker = dialog
        dialog.open()
        return dialog
    win.ops.write(lambda: win.lib.tags.add(ids, [name]))
    return None


def update_actions(win: MainWindow) -> None:
    """Before a menu or the palette shows: Remove from collection names the collection
    shown, and is there only with one shown; the filing commands are off in the trash."""
    a = win.actions_
    cid = shown_collection(win)
    path = next((c.path for c in collections(win) if c.id == cid), "")
    remove = a["remove_from_collection"]
    remove.setEnabled(cid is not None)
    remove.setText(f"&Remove from “{path.replace('&', '&&')}”" if path
                   else "&Remove from collection")
    live = win.filter[0] != "trash"
    for name in ("add_to_collection", "add_tag"):
        a[name].setEnabled(live)


def collection_menu(win: MainWindow, parent: QWidget) -> QMenu:
    """The context menu's "Add to collection" submenu: New collection…, the collections
    (indented under their parents), and All collections… (the filtered list)."""
    menu = QMenu("Add to &collection", parent)
    menu.addAction("New collection…", lambda: new_collection_with(win))
    found = collections(win)
    if found:
        menu.addSeparator()
    for c in found[:MENU_COLLECTIONS]:
        depth = c.path.count("/")
        action: QAction = menu.addAction("    " * depth + c.name.replace("&", "&&"))
        action.setToolTip(c.path)
        action.triggered.connect(lambda _=False, cid=c.id: add_to_collection(win, cid))
    if len(found) > MENU_COLLECTIONS:
        menu.addSeparator()
        menu.addAction(win.actions_["add_to_collection"])
    return menu
