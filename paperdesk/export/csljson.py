"""CSL-JSON export: the interchange format of Zotero, Pandoc and citeproc.

Annotations: ``note`` holds :func:`~paperdesk.export.options.annotation_text` (note, then
highlights as quotations), ``keyword`` the tags joined by ", ", ``abstract`` the abstract.
PaperDesk's own data sits under ``custom``: ``paperdesk-id``, ``paperdesk-stars``,
``paperdesk-read``, ``paperdesk-highlights`` (list of {start, end, text, comment, color}),
``paperdesk-tags`` (list of {name, source, score}), ``paperdesk-collections`` (collection
paths ``A/B``), ``arxiv-id`` and ``paperdesk-extra``
(source fields with no CSL variable). Items validate against the CSL-JSON 1.0 schema.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from paperdesk.export.keys import records_with_keys
from paperdesk.export.options import (
    ExportOptions,
    annotation_text,
    export_tags,
    paperdesk_data,
)
from paperdesk.progress import Progress
from paperdesk.records import Author, Paper

CSL_TYPES = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "webpage": "webpage",
    "software": "software",
    "dataset": "dataset",
    "misc": "document",
}
# bibtex-style extra field -> CSL variable (all strings in the schema)
CSL_EXTRA = {
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "pages": "page",
    "publisher": "publisher",
    "address": "publisher-place",
    "location": "publisher-place",
    "isbn": "ISBN",
    "issn": "ISSN",
    "edition": "edition",
    "series": "collection-title",
    "language": "language",
    "school": "publisher",
    "institution": "publisher",
    "organization": "publisher",
}
# Fields that name what a paper appeared in, and those that name who published it.
_CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle")
_PUBLISHER_FIELDS = ("publisher", "school", "institution", "organization")
# CSL types whose venue can only be a publisher (they are not inside a container).
_PUBLISHED_TYPES = frozenset({"book", "thesis", "report"})
# What a thesis is, as styles print it ("PhD diss.", "[Doctoral dissertation]" come from
# the style when the genre says so; BibTeX keeps it in the entry type alone).
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {
    **{m: i for i, m in enumerate(_MONTH_NAMES.split(), 1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES.split(), 1)},
    "sept": 9,
}
_MONTH_RE = re.compile(r"[A-Za-z]+")


def csl_type(entry_type: str) -> str:
    """The CSL item type for a BibTeX-like (or already CSL) entry type."""
    et = entry_type.strip().lower()
    if et in CSL_TYPES:
        return CSL_TYPES[et]
    return et if et in set(CSL_TYPES.values()) | {"article", "chapter"} else "document"


def csl_name(author: Author) -> dict[str, str]:
    """One CSL name object."""
    name = {"family": author.family}
    for key, value in (
        ("given", author.given),
        ("non-dropping-particle", author.prefix),
        ("suffix", author.suffix),
    ):
        if value:
            name[key] = value
    return name


def month_number(value: Any) -> int | None:
    """1–12 from "jan", "January", "3" or "25-26 August"; None when unclear."""
    text = str(value).strip()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    found = {MONTHS[w.lower()] for w in _MONTH_RE.findall(text) if w.lower() in MONTHS}
    return found.pop() if len(found) == 1 else None


def _json_safe(value: Any) -> Any:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return str(value)
    return value


def _venue_is_publisher(venue: str, extra: dict[str, Any], csl_type_: str) -> bool:
    """Whether a paper's venue names its publisher, not a journal or proceedings. The
    importers show a book's, thesis's or report's publisher, school or institution as its
    venue, and a style prints a container title as "In *Wiley*"; a venue typed for a book
    names its publisher too."""
    if any(extra.get(f) for f in _CONTAINER_FIELDS):
        return False
    folded = " ".join(venue.split()).casefold()
    return csl_type_ in _PUBLISHED_TYPES or any(
        " ".join(str(extra.get(f) or "").split()).casefold() == folded
        for f in _PUBLISHER_FIELDS
    )


def csl_metadata(
    paper: Paper, key: str, rest: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The bibliographic variables of a paper's CSL item (no annotations, no ``custom``),
    with ``key`` as its ``id`` and ``citation-key``: what a formatted reference is made
    of. Extra fields that have no CSL variable are put into ``rest`` when it is given."""
    item: dict[str, Any] = {"id": key, "type": csl_type(paper.entry_type), "citation-key": key}
    item["title"] = paper.title
    if paper.authors:
        item["author"] = [csl_name(a) for a in paper.authors]
    extra = paper.extra
    venue = paper.venue or str(extra.get("journal") or extra.get("booktitle") or "")
    if venue and not _venue_is_publisher(venue, extra, item["type"]):
        item["container-title"] = venue
    elif venue and not any(extra.get(f) for f in _PUBLISHER_FIELDS):
        item["publisher"] = venue
    genre = _THESIS_GENRES.get(paper.entry_type.strip().lower())
    if genre and not extra.get("type") and not extra.get("genre"):
        item["genre"] = genre
    if paper.year:
        parts = [paper.year]
        month = month_number(extra["month"]) if extra.get("month") else None
        if month:
            parts.append(month)
        item["issued"] = {"date-parts": [parts]}
    for name, value in extra.items():
        var = CSL_EXTRA.get(name.lower())
        if var and value not in ("", None) and var not in item:
            item[var] = str(value)
        elif rest is not None and (name not in ("journal", "booktitle", "month") or not value):
            rest[name] = _json_safe(value)
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.url:
        item["URL"] = paper.url
    elif paper.arxiv_id:
        item["URL"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
    return item


def csl_item(paper: Paper, key: str, options: ExportOptions) -> dict[str, Any]:
    """The CSL-JSON item of one paper, with ``key`` as its ``id`` and ``citation-key``."""
    rest: dict[str, Any] = {}
    item = csl_metadata(paper, key, rest)
    if options.include_abstracts and paper.abstract:
        item["abstract"] = paper.abstract
    note = annotation_text(paper, options)
    if note:
        item["note"] = note
    tags = export_tags(paper, options)
    if tags:
        item["keyword"] = ", ".join(tags)
    custom = paperdesk_data(paper, options)
    exported = set(tags)
    custom["paperdesk-tags"] = [
        {"name": t.name, "source": t.source, "score": t.score}
        for t in paper.tags
        if t.name in exported and not t.rejected
    ]
    if paper.arxiv_id:
        custom["arxiv-id"] = paper.arxiv_id
    if paper.collections:
        custom["paperdesk-collections"] = list(paper.collections)
    if rest:
        custom["paperdesk-extra"] = rest
    item["custom"] = custom
    return item


def csl_items(
    papers: Sequence[Paper], options: ExportOptions, progress: Progress | None = None
) -> list[dict[str, Any]]:
    """CSL-JSON items for ``papers``, keys made unique across them."""
    return records_with_keys(papers, lambda paper, key: csl_item(paper, key, options), progress)


def export_csljson(
    papers: Sequence[Paper], options: ExportOptions, cache: object, progress: Progress
) -> str:
    """Exporter: a CSL-JSON array (UTF-8, indented, one item per paper)."""
    return json.dumps(csl_items(papers, options, progress), ensure_ascii=False, indent=2) + "\n"
