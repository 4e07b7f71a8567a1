"""The annotated bibliography shared by the Markdown and HTML exporters.

Each entry is a paper's formatted reference (in a CSL style) and its annotation:
stars, read state, tags, note, highlights and, if asked, the abstract. With
``group_by_tag`` there is one section per tag (alphabetical, "Untagged" last) and a
paper appears under each of its tags; entries keep the export order inside a section,
and numbered styles number each paper once, in export order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from paperdesk.export.formatting import formatted_references
from paperdesk.export.keys import citation_keys
from paperdesk.export.options import (
    ExportOptions,
    export_highlights,
    export_note,
    export_tags,
)
from paperdesk.export.refcache import RefCache
from paperdesk.export.styles import CitationStyle, load_style
from paperdesk.progress import Progress
from paperdesk.records import Highlight, Paper

UNTAGGED = "Untagged"
MAX_STARS = 5
GENERATOR = "PaperDesk"
CSL_CREDIT = (
    "References formatted with a style from the Citation Style Language "
    "project (https://citationstyles.org/), licensed CC BY-SA 3.0."
)


@dataclass
class Entry:
    """One paper in the document; ``reference`` is the engine's inline HTML."""

    paper: Paper
    key: str
    label: str
    reference: str
    tags: list[str]
    note: str
    highlights: list[Highlight]
    abstract: str

    @property
    def stars(self) -> str:
        """ "★★★☆☆" for three stars, "" for none."""
        n = max(0, min(self.paper.stars, MAX_STARS))
        return "★" * n + "☆" * (MAX_STARS - n) if n else ""


@dataclass
class Section:
    """A group of entries under a heading ("" when not grouped)."""

    heading: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Document:
    """The whole annotated bibliography."""

    title: str
    style: CitationStyle
    sections: list[Section]
    count: int


def build_document(
    papers: Sequence[Paper],
    options: ExportOptions,
    cache: RefCache | None,
    progress: Progress | None,
) -> Document:
    """Format every paper's reference (cached) and gather its annotation."""
    style = load_style(options.style)
    refs = formatted_references(papers, style, cache, progress)
    keys = citation_keys(papers)
    entries = [
        Entry(
            paper=p,
            key=key,
            label=style.label.format(n).strip() if style.numeric else "",
            reference=ref,
            tags=export_tags(p, options),
            note=export_note(p, options),
            highlights=export_highlights(p, options),
            abstract=p.abstract.strip() if options.include_abstracts else "",
        )
        for n, (p, key, ref) in enumerate(zip(papers, keys, refs, strict=True), start=1)
    ]
    return Document(options.title, style, _sections(entries, options), len(entries))


def _sections(entries: list[Entry], options: ExportOptions) -> list[Section]:
    if not options.group_by_tag:
        return [Section("", entries)]
    by_tag: dict[str, Section] = {}
    untagged = Section(UNTAGGED)
    for entry in entries:
        for tag in entry.tags:
            by_tag.setdefault(tag.casefold(), Section(tag)).entries.append(entry)
        if not entry.tags:
            untagged.entries.append(entry)
    sections = [by_tag[k] for k in sorted(by_tag)]
    return sections + ([untagged] if untagged.entries else [])
