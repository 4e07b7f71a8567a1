"""Automatic tags and similar papers for the window, through ``lib.tagging``.

These functions run inside ``ops`` tasks (never on the GUI thread) and turn the core's
results into what the widgets show. Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from paperdesk.errors import NotFoundError
from paperdesk.library.changes import Change
from paperdesk.progress import Progress

if TYPE_CHECKING:
    from paperdesk.library.library import Library

@dataclass(frozen=True)
class Similar:
    """A suggested similar paper and why (shared or close keyphrases)."""

    paper_id: int
    title: str
    score: float
    why: tuple[str, ...] = ()


def unavailable_reason() -> str | None:
    """Why automatic tagging cannot run here, or None."""
    from paperdesk.tagging import ml_unavailable_reason

    return ml_unavailable_reason()


def tag_papers(lib: Library, ids: Sequence[int] | None, top_n: int,
               progress: Progress) -> Change:
    """Suggest tags for papers, or for every paper not tagged yet when ``ids`` is None
    (chunk by chunk: Cancel keeps what is done)."""
    from paperdesk.jobs import tag_papers as job

    return job(lib, progress, ids, top_n).change


def similar_papers(lib: Library, paper_id: int, k: int = 8) -> list[Similar] | str:
    """Papers like ``paper_id`` with the keyphrases that explain the match, or a message
    saying why there are none yet."""
    try:
        found = lib.tagging.similar(paper_id, k=k)
    except NotFoundError:
        return "Similar papers appear once this paper has been auto-tagged."
    return [Similar(s.paper_id, s.title, s.score, tuple(s.why)) for s in found]
