"""The labels of jobs, the same in the window (status bar, View › Jobs) and on the
command line (before its progress bar)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

ZOTERO_LABEL = "Importing from Zotero"


def import_label(paths: Sequence[str | Path]) -> str:
    """"Importing refs.bib", "Importing 3 files" or "Importing folder"."""
    if len(paths) == 1:
        path = Path(paths[0])
        return "Importing folder" if path.is_dir() else f"Importing {path.name}"
    return f"Importing {len(paths)} files"


def tag_label(ids: Sequence[int] | None) -> str:
    """"Tagging new papers" (``ids`` None), "Tagging 1 paper" or "Tagging 1,234 papers"."""
    if ids is None:
        return "Tagging new papers"
    return "Tagging 1 paper" if len(ids) == 1 else f"Tagging {len(ids):,} papers"
