"""RIS export (written by ``rispy``).

Annotations: ``N1`` holds :func:`~paperdesk.export.options.annotation_text` (one note;
its lines come back from ``rispy.loads`` as list items to join with newlines), ``KW`` one
tag per line, ``AB`` the abstract. PaperDesk's own data is one JSON object in the spare
tag ``C8`` with the keys ``paperdesk-stars``, ``paperdesk-read`` (when not none and
unread) and ``paperdesk-highlights``. A continuation line that looks like a RIS tag (``ER  - ``) is
indented by a space, so text cannot end a record or start a field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import rispy

from paperdesk.export.csljson import editors_of, venue_is_publisher
from paperdesk.export.keys import records_with_keys
from paperdesk.export.options import (
    ExportOptions,
    annotation_text,
    export_tags,
    paperdesk_data,
)
from paperdesk.mathtext import math_to_unicode
from paperdesk.progress import Progress
from paperdesk.records import Author, Paper

RIS_TYPES = {
    "article": "JOUR",
    "article-journal": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "paper-conference": "CPAPER",
    "proceedings": "CONF",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "chapter": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "manuscript": "UNPB",
    "online": "ELEC",
    "webpage": "ELEC",
    "dataset": "DATA",
    "software": "COMP",
}
# extra field -> rispy key
RIS_EXTRA = {
    "volume": "volume",
    "number": "number",
    "issue": "number",
    "publisher": "publisher",
    "address": "place_published",
    "location": "place_published",
    "isbn": "issn",
    "issn": "issn",
    "edition": "edition",
    "language": "language",
    "series": "tertiary_title",
}
PAPERDESK_TAG = "custom8"  # C8
_TAG_LINE_RE = re.compile(r"^\s*[A-Z][A-Z0-9]  -")
_PAGES_RE = re.compile(r"^\s*(\S+?)\s*(?:-+|–|—)\s*(\S+)\s*$")


def ris_text(text: str) -> str:
    """``text`` made safe for a RIS value: tag-like continuation lines are indented."""
    lines = text.split("\n")
    return "\n".join([lines[0]] + [" " + ln if _TAG_LINE_RE.match(ln) else ln for ln in lines[1:]])


def one_line(text: str) -> str:
    """``text`` with all whitespace runs made one space."""
    return " ".join(text.split())


def ris_name(author: Author) -> str:
    """ "von Family, Given, Suffix"."""
    family = " ".join(p for p in (author.prefix, author.family) if p)
    return ", ".join(one_line(p) for p in (family, author.given, author.suffix) if p)


def ris_record(paper: Paper, key: str, options: ExportOptions) -> dict[str, Any]:
    """The rispy record (dict keyed by rispy's field names) of one paper."""
    rec: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(paper.entry_type.lower(), "GEN")}
    rec["id"] = key
    rec["title"] = one_line(math_to_unicode(paper.title))  # "MoS$_2$" is "MoS₂" elsewhere
    if paper.authors:
        rec["authors"] = [ris_name(a) for a in paper.authors]
    editors = editors_of(paper)
    if editors:
        rec["secondary_authors"] = [ris_name(a) for a in editors]
    if paper.year:
        rec["year"] = str(paper.year)
    publisher_venue = venue_is_publisher(paper)
    if paper.venue and not publisher_venue:
        if rec["type_of_reference"] == "JOUR":
            rec["journal_name"] = one_line(math_to_unicode(paper.venue))
        rec["secondary_title"] = one_line(math_to_unicode(paper.venue))
    for name, value in paper.extra.items():
        field = RIS_EXTRA.get(name.lower())
        if field and value not in (None, "") and field not in rec:
            rec[field] = one_line(str(value))
        elif name.lower() == "pages" and value:
            match = _PAGES_RE.match(str(value))
            rec["start_page"] = match.group(1) if match else one_line(str(value))
            if match:
                rec["end_page"] = match.group(2)
    if publisher_venue and "publisher" not in rec:
        rec["publisher"] = one_line(paper.venue)
    if paper.doi:
        rec["doi"] = one_line(paper.doi)
    urls = [u for u in (paper.url, paper.arxiv_id and f"https://arxiv.org/abs/{paper.arxiv_id}")]
    urls = [one_line(u) for u in urls if u]
    if urls:  # (not "http://arxiv.org/abs/…" and "https://arxiv.org/abs/…" both)
        rec["urls"] = list({u.split("://", 1)[-1].rstrip("/"): u for u in urls}.values())
    if options.include_abstracts and paper.abstract:
        rec["abstract"] = ris_text(math_to_unicode(paper.abstract))
    tags = export_tags(paper, options)
    if tags:
        rec["keywords"] = [one_line(t) for t in tags]
    note = annotation_text(paper, options)
    if note:
        rec["notes"] = [ris_text(note)]
    own = paperdesk_data(paper, options)
    if own:
        rec[PAPERDESK_TAG] = json.dumps(own, ensure_ascii=False)
    return rec


def export_ris(
    papers: Sequence[Paper], options: ExportOptions, cache: object, progress: Progress
) -> str:
    """Exporter: RIS records, one per paper."""
    records = records_with_keys(papers, lambda p, key: ris_record(p, key, options), progress)
    return rispy.dumps(records, implementation=_Writer)


class _Writer(rispy.writer.RisWriter):
    """rispy's writer without the "1." line it puts before each record: no RIS tag,
    and readers that follow the specification take it for junk."""

    def set_header(self, count: int) -> str:
        return ""
