"""Export options and the helpers every format shares: order, tags and annotation text.

The annotation of a paper is its note (Markdown), its highlights (quoted text with a
comment), its tags, its stars and its read state. :func:`annotation_text` is the one
plain-text rendering of note + highlights used by the BibTeX ``annote``, the RIS ``N1``
and the CSL-JSON ``note`` fields, so an importer that also finds the structured
highlights can strip :func:`highlights_text` from the end and get the note back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from paperdesk.annotation import (  # noqa: F401 - HIGHLIGHTS_HEADER: re-exported
    HIGHLIGHTS_HEADER,
    TEXT_FIELD,
    exact_text,
    highlights_text,
)
from paperdesk.errors import UsageError
from paperdesk.records import Highlight, Paper

SORTS = ("author", "year", "title", "stars", "added", "none")


@dataclass(frozen=True)
class ExportOptions:
    """What to export and how.

    Attributes:
        style: CSL style for Markdown/HTML: a short name ("apa", "ieee", …) or a ``.csl`` path.
        sort: "author" (then year, title), "year" (oldest first), "title", "stars" (most
            first), "added" (oldest first) or "none" (the order given).
        reverse: Reverse the chosen order.
        include_abstracts: Export abstracts.
        include_notes: Export the user's notes.
        include_highlights: Export highlights (quoted text and comment).
        include_tags: Export tags (keywords).
        with_suggested_tags: Also export automatic tag suggestions that were not rejected.
        group_by_tag: Markdown/HTML: one section per tag (a paper appears under each tag).
        ascii: BibTeX: LaTeX-encode non-ASCII characters instead of writing UTF-8.
        biblatex: BibTeX: biblatex field names (``annotation``, ``journaltitle``).
        title: Heading of Markdown/HTML documents.
    """

    style: str = "apa"
    sort: str = "author"
    reverse: bool = False
    include_abstracts: bool = True
    include_notes: bool = True
    include_highlights: bool = True
    include_tags: bool = True
    with_suggested_tags: bool = False
    group_by_tag: bool = False
    ascii: bool = False
    biblatex: bool = False
    title: str = "Annotated bibliography"


def _author_key(p: Paper) -> tuple[Any, ...]:
    """By authors; a paper without them by its editors, else by its title (less "The",
    "A", "An"), where author-date styles print it: not after Z. Accents do not count
    ("Sánchez" before "Shumway"), and papers of one author and year go by their titles
    less the article, as APA and Chicago give them their letters ("2022a", "2022b")."""
    title = _ARTICLE_RE.sub("", _folded(p.title))
    names = tuple(_folded(a.sort_key) for a in p.authors)
    if not names:
        from paperdesk.export.csljson import editors_of

        names = tuple(_folded(a.sort_key) for a in editors_of(p)) or (
            (title,) if p.title else ())
    return (not names, names, p.year or 0, title)


def _folded(text: str) -> str:
    """``text`` for sorting: case-folded, without accents ("Sánchez" is "sanchez")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_ARTICLE_RE = re.compile(r"^(?:the|an?)\s+")
_SORT_KEYS: dict[str, Callable[[Paper], Any]] = {
    "author": _author_key,
    "year": lambda p: (p.year is None, p.year or 0, _author_key(p)),
    "title": lambda p: (_folded(p.title), p.year or 0),
    "stars": lambda p: (-p.stars, _author_key(p)),
    "added": lambda p: (p.added, p.id or 0),
}


def sort_papers(papers: Iterable[Paper], sort: str, reverse: bool = False) -> list[Paper]:
    """Papers in export order.

    Raises:
        UsageError: ``sort`` is not one of :data:`SORTS`.
    """
    if sort not in SORTS:
        raise UsageError(f"unknown sort order {sort!r}; choose one of: {', '.join(SORTS)}")
    out = list(papers)
    if sort != "none":
        out.sort(key=_SORT_KEYS[sort])
    if reverse:
        out.reverse()
    return out


def export_tags(paper: Paper, options: ExportOptions) -> list[str]:
    """Tag names to export: the user's, plus live suggestions when asked; no duplicates."""
    if not options.include_tags:
        return []
    names = list(paper.user_tags)
    if options.with_suggested_tags:
        names += [t.name for t in paper.suggested_tags]
    return list(dict.fromkeys(n for n in names if n))


def export_highlights(paper: Paper, options: ExportOptions) -> list[Highlight]:
    """The paper's highlights, or none when highlights are left out."""
    return list(paper.highlights) if options.include_highlights else []


def export_note(paper: Paper, options: ExportOptions) -> str:
    """The paper's note, or "" when notes are left out."""
    return paper.note.strip() if options.include_notes else ""


def annotation_text(paper: Paper, options: ExportOptions) -> str:
    """Note, then a blank line, then :func:`highlights_text` (either part may be empty)."""
    parts = [export_note(paper, options), highlights_text(export_highlights(paper, options))]
    return "\n\n".join(p for p in parts if p)


def paperdesk_data(paper: Paper, options: ExportOptions) -> dict[str, Any]:
    """PaperDesk's own data, by the field names every format uses (``paperdesk-*``): only
    what differs from a new paper's (no stars, unread), so a .bib file for LaTeX or for
    coauthors carries no field for what the reader never set. (An import reads a missing
    field as the default, so the round trip is the same.)"""
    data: dict[str, Any] = {}
    if paper.stars:
        data["paperdesk-stars"] = paper.stars
    if paper.read != "unread":
        data["paperdesk-read"] = paper.read
    exact = exact_text({"title": paper.title,
                        "abstract": paper.abstract if options.include_abstracts else "",
                        "note": paper.note if options.include_notes else ""})
    if exact:
        data[TEXT_FIELD] = exact
    hl = export_highlights(paper, options)
    if hl:
        data["paperdesk-highlights"] = [
            {k: v for k, v in h.to_dict().items() if k != "id"} for h in hl
        ]
    return data
