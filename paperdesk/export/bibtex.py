"""BibTeX and biblatex export.

Annotations: ``annote`` (biblatex: ``annotation``) holds
:func:`~paperdesk.export.options.annotation_text` (note, then highlights as quotations),
``keywords`` the tags joined by ", ", ``abstract`` the abstract. PaperDesk's own data:
``paperdesk-stars``, ``paperdesk-read`` (when not none and unread) and
``paperdesk-highlights``.
``paperdesk-highlights`` is JSON written verbatim (not LaTeX-escaped; ASCII only, braces
inside strings as ``\\u007b``/``\\u007d`` so the field's braces balance): read it raw and
``json.loads`` it. ``paperdesk-text`` (same form; spaces and backslashes as ``\\u0020`` and
``\\u005c`` too, so no reader tidies it and typed backslashes never appear raw) holds the
exact title, abstract and note where their white space is more than single spaces, so a
round trip keeps doubled and trailing spaces and line breaks. Every other text field is
escaped by :func:`escape_latex`, except a case-protected title the importer kept in
``extra["title_braced"]`` and an abstract with math or LaTeX commands it kept in
``extra["latex_source"]["abstract"]``: those fields came in as LaTeX and are written back as
LaTeX, but only while the paper still shows what they decode to (no edit since) and while
they hold nothing but formatting, letters and math
(:func:`~paperdesk.export.latex.inert_latex`: ``\\input``, ``\\write18`` … make them plain
text, escaped like any other).
URLs, DOIs and arXiv ids are written verbatim (as ``url``/``doi`` fields are read).
Source fields in ``paper.extra`` (volume, pages, publisher, …) are written back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from paperdesk.annotation import TEXT_FIELD
from paperdesk.export.csljson import BIBLATEX_TYPE_KEYS, date_range, month_number
from paperdesk.export.keys import records_with_keys
from paperdesk.export.latex import encode_non_ascii, escape_latex, latex_source
from paperdesk.export.options import (
    ExportOptions,
    annotation_text,
    export_tags,
    paperdesk_data,
)
from paperdesk.importers.bibtex_names import parse_people
from paperdesk.importers.groups import grouping_comment
from paperdesk.progress import Progress
from paperdesk.records import Author, Paper

BIBTEX_TYPES = {
    "article-journal": "article",
    "article": "article",
    "paper-conference": "inproceedings",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "webpage": "misc",
    "document": "misc",
}
VENUE_FIELD = {
    "article": "journal",
    "inproceedings": "booktitle",
    "conference": "booktitle",
    "incollection": "booktitle",
    "inbook": "booktitle",
    "phdthesis": "school",
    "mastersthesis": "school",
    "techreport": "institution",
    "book": "publisher",  # (a book's venue is its publisher: not "howpublished")
    "proceedings": "booktitle",  # (where the venue of @proceedings is read from)
    "thesis": "school",
}
MONTH_MACROS = frozenset("jan feb mar apr may jun jul aug sep oct nov dec".split())
_MONTHS = tuple(sorted(MONTH_MACROS, key="jan feb mar apr may jun jul aug sep oct nov dec".index))
# extra keys that are PaperDesk's own bookkeeping (or an importer's), never written as fields
INTERNAL_EXTRA = frozenset({"title_braced", "latex_source", "ID", "ENTRYTYPE", "ris_type",
                            "csl_type", "authors_and_others",
                            "crossref"})  # (its fields came in with the entry: no dangling key)
#: a month on its own: "May", "may", "5", "05", "Sept.", "september"
_MONTH_ONLY_RE = re.compile(r"^\s*(?:\d{1,2}|[A-Za-z]{3,9}\.?)\s*$")
_FIELD_NAME_RE = re.compile(r"^[a-z][a-z0-9_:.+-]*$")
_TYPE_RE = re.compile(r"^[a-z]+$")


def month_macro(value: str) -> str | None:
    """The BibTeX month macro ("may") for a month on its own ("May", "5", "Sept."); None
    for anything else ("25-26 August" stays text)."""
    if not _MONTH_ONLY_RE.match(value):
        return None
    number = month_number(value.strip().rstrip("."))
    return _MONTHS[number - 1] if number else None


def bibtex_type(entry_type: str) -> str:
    """The BibTeX entry type for a paper's (BibTeX-like or CSL) entry type."""
    et = entry_type.strip().lower()
    et = BIBTEX_TYPES.get(et, et)
    return et if _TYPE_RE.match(et) else "misc"


def bibtex_name(author: Author, ascii: bool = False) -> str:
    """ "von Family, Jr., Given"; a family name alone with spaces is braced (an organisation)."""
    family = escape_latex(author.family, ascii)
    if not author.given and not author.prefix and not author.suffix:
        return f"{{{family}}}" if " " in family or "," in family else family
    family = f"{{{family}}}" if "," in family else family
    parts = [" ".join(p for p in (escape_latex(author.prefix, ascii), family) if p)]
    if author.suffix:
        parts.append(escape_latex(author.suffix, ascii))
    if author.given:
        parts.append(escape_latex(author.given, ascii))
    return ", ".join(parts)


def verbatim(value: str) -> str:
    """A URL, DOI or eprint id as written (verbatim fields): only braces are %-encoded."""
    return value.strip().replace("{", "%7B").replace("}", "%7D")


def json_field(value: Any) -> str:
    """JSON for a verbatim field: ASCII, no braces inside strings."""
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return _escape_json_braces(text)


def _escape_json_braces(text: str) -> str:
    out, in_string, escaped = [], False, False
    for ch in text:
        if in_string and not escaped and ch in "{}":
            out.append("\\u007b" if ch == "{" else "\\u007d")
            continue
        out.append(ch)
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = in_string
        elif ch == '"':
            in_string = not in_string
    return "".join(out)


def _core_fields(paper: Paper, options: ExportOptions, etype: str) -> Iterator[tuple[str, str]]:
    esc = options.ascii
    if paper.authors:
        others = ["others"] if paper.extra.get("authors_and_others") else []
        yield "author", " and ".join([*(bibtex_name(a, esc) for a in paper.authors), *others])
    braced = latex_source(paper.extra.get("title_braced"), paper.title)
    if braced is not None:
        yield "title", encode_non_ascii(braced) if esc else braced
    else:
        yield "title", escape_latex(paper.title, esc)
    if paper.venue:
        venue_field = VENUE_FIELD.get(etype, "howpublished")
        held = {str(k).lower(): v for k, v in paper.extra.items()}
        if etype in ("book", "proceedings") and held.get(venue_field, paper.venue) != paper.venue:
            # its venue was read from booktitle ("The Art of Computer Programming"), and
            # its publisher is its own: written back where it came from, not over it
            venue_field = "booktitle"
        if options.biblatex and venue_field in ("journal", "school"):
            venue_field = "journaltitle" if venue_field == "journal" else "institution"
        yield venue_field, escape_latex(paper.venue, esc)
    if paper.year:
        yield "year", str(paper.year)


#: fields of ``extra`` that hold a list of names
NAME_FIELDS = frozenset("editor editora editorb editorc translator bookauthor annotator "
                        "commentator introduction foreword afterword holder".split())


def _extra_fields(paper: Paper, options: ExportOptions) -> Iterator[tuple[str, str]]:
    for name, value in paper.extra.items():
        lname = name.lower()
        if name in INTERNAL_EXTRA or value in (None, "", [], {}):
            continue
        if not _FIELD_NAME_RE.match(lname):
            continue
        if isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False)
        else:
            text = str(value).strip()
        if lname in ("date", "urldate"):  # biblatex reads ISO dates only, not "12/2019"
            parts, ends = date_range(text)
            if parts:
                yield lname, "-".join(f"{n:02d}" for n in parts) + (
                    "" if ends is None else "/" + "-".join(f"{n:02d}" for n in ends))
            if lname == "date" and len(parts) > 1 and not options.biblatex \
                    and "month" not in paper.extra:  # (BibTeX reads no date: its month)
                yield "month", _MONTHS[parts[1] - 1]
            continue
        if lname == "type" and not options.biblatex:  # biblatex's key "bathesis": words
            text = BIBLATEX_TYPE_KEYS.get(text.lower(), text)
        if lname == "location" and not options.biblatex and "address" not in paper.extra:
            lname = "address"  # (biblatex's name; BibTeX's styles print "address")
        if lname in NAME_FIELDS and not options.biblatex and "=" in text:
            # biblatex's "family=Torre, given=Leendert, prefix=van der": BibTeX's "van der
            # Torre, Leendert" (BibTeX read "family=Torre" as a name)
            people = parse_people(text)
            yield lname, " and ".join([*(bibtex_name(a, options.ascii) for a in people.authors),
                                       *(["others"] if people.and_others else [])])
            continue
        macro = month_macro(text) if lname == "month" else None
        if macro:
            yield lname, macro  # written as a bare month macro
        else:
            yield lname, escape_latex(text, options.ascii)


def _own_fields(paper: Paper, options: ExportOptions) -> Iterator[tuple[str, str]]:
    esc = options.ascii
    if paper.doi:
        yield "doi", verbatim(paper.doi)
    if paper.url:
        yield "url", verbatim(paper.url)
    if paper.arxiv_id:
        yield "eprint", verbatim(paper.arxiv_id)
        yield ("eprinttype" if options.biblatex else "archiveprefix"), "arXiv"
    if options.include_abstracts and paper.abstract:
        sources = paper.extra.get("latex_source")
        raw = latex_source(sources.get("abstract") if isinstance(sources, dict) else None,
                           paper.abstract)
        if raw is not None:
            yield "abstract", encode_non_ascii(raw) if esc else raw
        else:
            yield "abstract", escape_latex(paper.abstract, esc)
    tags = export_tags(paper, options)
    if tags:
        yield "keywords", escape_latex(", ".join(tags), esc)
    note = annotation_text(paper, options)
    if note:
        yield ("annotation" if options.biblatex else "annote"), escape_latex(note, esc)
    if paper.collections:  # JabRef's field: group names; the tree is in a closing @Comment
        yield "groups", ", ".join(dict.fromkeys(p.split("/")[-1] for p in paper.collections))
    for name, value in paperdesk_data(paper, options).items():
        if name == TEXT_FIELD:  # spaces escaped too: no reader may tidy them
            yield name, json_field(value).replace(" ", "\\u0020").replace("\\\\", "\\u005c")
        else:
            yield name, json_field(value) if name == "paperdesk-highlights" else str(value)


def bibtex_entry(paper: Paper, key: str, options: ExportOptions) -> str:
    """One ``@type{key, …}`` entry: metadata, source extras, then identifiers and
    annotations; PaperDesk's fields win over a source field of the same name."""
    etype = bibtex_type(paper.entry_type)
    if etype == "phdthesis" and not options.biblatex and str(
            paper.extra.get("type", "")).lower() in ("mathesis", "bathesis"):
        etype = "mastersthesis"  # (biblatex's @thesis with type = {bathesis})
    core = list(_core_fields(paper, options, etype))
    own = list(_own_fields(paper, options))
    taken = {name for name, _ in core + own}
    extras = [(n, v) for n, v in _extra_fields(paper, options) if n not in taken]
    lines = [f"@{etype}{{{key},"]
    for name, value in core + extras + own:
        if name == "month" and value in MONTH_MACROS:
            lines.append(f"  {name} = {value},")
        else:
            lines.append(f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines)


def _export(papers: Sequence[Paper], options: ExportOptions, progress: Progress) -> str:
    entries = records_with_keys(papers, lambda p, key: bibtex_entry(p, key, options), progress)
    header = "% Exported by PaperDesk. Encoding: " + ("ASCII" if options.ascii else "UTF-8")
    paths = [path for p in papers for path in p.collections]
    groups = [grouping_comment(paths)] if paths else []
    return "\n\n".join([header, *entries, *groups]) + "\n"


def export_bibtex(
    papers: Sequence[Paper], options: ExportOptions, cache: object, progress: Progress
) -> str:
    """Exporter: BibTeX (``annote``, ``journal``, ``archiveprefix``)."""
    return _export(papers, replace(options, biblatex=False), progress)


def export_biblatex(
    papers: Sequence[Paper], options: ExportOptions, cache: object, progress: Progress
) -> str:
    """Exporter: biblatex (``annotation``, ``journaltitle``, ``eprinttype``)."""
    return _export(papers, replace(options, biblatex=True), progress)
