"""The window's collections: the sidebar panel wired to the library (a small hook in
:class:`~paperdesk.gui.mainwindow.MainWindow` calls :func:`install`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QSplitter, QWidget

from paperdesk.gui.dialogs.ask import ask
from paperdesk.gui.widgets.collections import CollectionsPanel

if TYPE_CHECKING:
    from paperdesk.gui.mainwindow import MainWindow

FILTER_KIND = "collection"


def install(win: MainWindow, sidebar: QWidget) -> QSplitter:
    """Put the Collections panel under ``sidebar``; returns the column holding both."""
    column = QSplitter(Qt.Orientation.Vertical)
    column.addWidget(sidebar)
    panel = CollectionsPanel()
    column.addWidget(panel)
    column.setStretchFactor(0, 1)
    column.setStretchFactor(1, 1)
    column.setChildrenCollapsible(False)
    win.collections_panel = panel
    panel.collectionChosen.connect(lambda cid: _show(win, cid))
    panel.newRequested.connect(lambda parent: new_collection(win, parent))
    panel.renameRequested.connect(lambda cid: rename_collection(win, cid))
    panel.deleteRequested.connect(lambda cid: delete_collection(win, cid))
    panel.papersDropped.connect(lambda ids, cid: collect(win, ids, cid))
    win.ops.changed.connect(lambda change: _renamed(win, change))
    return column


def _renamed(win: MainWindow, change: object) -> None:
    """A collection renamed, moved or deleted: the shown paper's list of collections too."""
    if getattr(change, "kind", "") == "collections" and win.current_id is not None \
            and win.current_id not in change.paper_ids:  # type: ignore[attr-defined]
        win._show_paper(win.current_id)


def _show(win: MainWindow, cid: int) -> None:
    win.sidebar.clearSelection()
    win.show_filter(FILTER_KIND, str(cid))


def refresh(win: MainWindow) -> None:
    """Re-read the collections (off the GUI thread) and show them."""
    panel: CollectionsPanel | None = getattr(win, "collections_panel", None)
    if panel is None:
        return
    lib = win.lib
    current = int(win.filter[1]) if win.filter[0] == FILTER_KIND else None
    win.ops.read(lib.collections.list, lambda found: panel.show_collections(found, current))


def collect(win: MainWindow, ids: list[int], cid: int) -> None:
    """Put papers in a collection (dropped on it)."""
    win.ops.write(lambda: win.lib.collections.collect(ids, cid))


def new_collection(win: MainWindow, parent: int | None) -> None:
    """Ask for a name, then create a collection (under ``parent``)."""
    where = f" in “{win.lib.collections.path(parent)}”" if parent is not None else ""
    name = ask(win, "New collection", f"Name of the new collection{where}:")
    if name:
        win.ops.write(lambda: win.lib.collections.add(name, parent=parent))


def rename_collection(win: MainWindow, cid: int) -> None:
    """Ask for a new name, then rename."""
    old = win.lib.collections.path(cid).rsplit("/", 1)[-1]
    name = ask(win, "Rename collection", "New name:", old)
    if name and name != old:
        win.ops.write(lambda: win.lib.collections.rename(cid, name))


def delete_collection(win: MainWindow, cid: int) -> None:
    """Confirm, then delete a collection and its sub-collections (papers stay; undoable)."""
    path = win.lib.collections.path(cid)
    answer = QMessageBox.question(
        win, "Delete collection",
        f"Delete “{path}” and its sub-collections? The papers stay in the library "
        "(Edit › Undo brings the collection back).")
    if answer == QMessageBox.StandardButton.Yes:
        if win.filter == (FILTER_KIND, str(cid)):
            win.show_filter("all")
        win.ops.write(lambda: win.lib.collections.delete(cid))
