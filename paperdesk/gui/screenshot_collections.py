"""Screenshot of the Collections sidebar on the sample library (for the README).

``python -m paperdesk.gui.screenshot_collections docs/screenshots`` writes
``collections-sidebar.png``: nested collections with counts, one chosen (its papers and its
sub-collections' in the table), a paper selected with its collections in the side panel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from paperdesk.config import resource_path
from paperdesk.gui.screenshot import _settle, screenshot_session
from paperdesk.library.library import Library

TREE = {
    "Thesis/Chapter 1 — Reward models": ("reward", 6),
    "Thesis/Chapter 2 — Evaluation": ("benchmark", 5),
    "Thesis/Chapter 2 — Evaluation/Figures": ("human", 2),
    "Reading group/Spring term": ("language model", 7),
    "To read": ("survey", 4),
}


def prepare(lib: Library) -> int:
    """The sample library with a few nested collections; returns a paper to select."""
    lib.import_files([resource_path("sample-library.txt")])
    for path, (word, n) in TREE.items():
        lib.collections.add(path)
        ids = [h.paper_id for h in lib.search(word, limit=n)]
        if ids:
            lib.collections.collect(ids, path)
    lib.collections.add("Reading group/Autumn term")
    return lib.collections.paper_ids("Thesis/Chapter 1 — Reward models")[0]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with screenshot_session(prepare) as (app, lib, pid, window):
        win = window()
        panel = win.collections_panel
        item = panel.model.find(lib.collections.resolve("Thesis"))
        panel.tree.setCurrentIndex(item.index())
        panel.tree.clicked.emit(item.index())
        _settle(app, win)
        win.select_ids([pid])
        _settle(app, win, 1.5)
        win.grab().save(str(out / "collections-sidebar.png"))
        win.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
