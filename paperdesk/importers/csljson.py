"""CSL-JSON reader (Zotero, Mendeley, pandoc, citeproc): an array of items or one item.

Mapping: ``title``; ``author`` (family / given / non-dropping-particle /
dropping-particle / suffix / literal); ``issued`` date-parts (or ``raw`` / ``literal``)
-> year; ``container-title`` -> venue; ``abstract``, ``DOI``, ``URL``, ``id`` -> key;
``note`` -> note; ``keyword`` (comma or semicolon separated) -> user tags; ``custom``
-> PaperDesk's own fields (``stars``, ``read``, ``highlights``, ``tags`` with their
source); ``page`` -> ``extra["pages"]`` (``"12--20"``); ``issue`` -> ``extra["number"]``;
``publisher-place`` -> ``extra["address"]``; every other field -> ``extra`` by its CSL name.

Each item's :attr:`ParsedEntry.line` is the line its object starts on.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from paperdesk.errors import InputFileError
from paperdesk.importers import fields as F
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import Author, ImportProblem, Paper, ParsedEntry, ParseResult

ENTRY_TYPES = {
    "article-journal": "article",
    "article": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "webpage": "online",
    "manuscript": "unpublished",
    "dataset": "misc",
}
EXTRA_RENAMES = {"issue": "number", "publisher-place": "address", "page": "pages"}
_MAPPED = frozenset(
    {
        "title",
        "author",
        "issued",
        "container-title",
        "abstract",
        "DOI",
        "URL",
        "id",
        "note",
        "keyword",
        "custom",
        "type",
        "editor",
    }
)
_PAGE_RANGE = re.compile(r"^\s*(\w+)\s*[-–]\s*(\w+)\s*$")
_WHITESPACE = re.compile(r"\s*")
_DECODER = json.JSONDecoder()


def read_csljson(path: Path, text: str, progress: Progress | None = None) -> ParseResult:
    """Importer entry point: read the decoded CSL-JSON ``text`` of ``path``.

    Raises:
        InputFileError: the text is not valid JSON.
    """
    return parse_csljson(text, str(path), progress)


def parse_csljson(text: str, path: str = "<text>", progress: Progress | None = None) -> ParseResult:
    """Parse CSL-JSON text into papers; non-objects and untitled items are problems."""
    progress = progress or NullProgress()
    result = ParseResult()
    items = _items_with_lines(text, path)
    progress.start(len(items), f"Reading {Path(path).name}")
    for number, (line, item) in enumerate(items, start=1):
        key = str(item.get("id", "")) if isinstance(item, dict) else ""
        if not isinstance(item, dict):
            result.problems.append(ImportProblem(path, line, "", f"item {number} is not an object"))
        elif why := F.wrong_type(item, lists=("author", "editor")) or wrong_csl_value(item):
            result.problems.append(ImportProblem(path, line, key, f"item {number}: {why}"))
        else:
            paper = item_to_paper(item)
            if paper.title:
                result.entries.append(ParsedEntry(paper=paper, line=line, key=key))
            else:
                result.problems.append(ImportProblem(path, line, key, "missing title"))
        progress.advance()
        check_cancelled(progress)
    progress.finish()
    return result


def _items_with_lines(text: str, path: str) -> list[tuple[int, Any]]:
    """The top-level items with the line each starts on (one object counts as one item)."""
    text = text.lstrip("\ufeff")
    pos = _WHITESPACE.match(text, 0).end()
    try:
        if not text.startswith("[", pos):
            value, end = _DECODER.raw_decode(text, pos)
            if text[end:].strip():
                raise json.JSONDecodeError("extra data after the object", text, end)
            return [(text.count("\n", 0, pos) + 1, value)]
        items: list[tuple[int, Any]] = []
        line, counted = 1, 0
        pos = _WHITESPACE.match(text, pos + 1).end()
        while not text.startswith("]", pos):
            line += text.count("\n", counted, pos)
            counted = pos
            value, pos = _DECODER.raw_decode(text, pos)
            items.append((line, value))
            pos = _WHITESPACE.match(text, pos).end()
            if text.startswith(",", pos):
                pos = _WHITESPACE.match(text, pos + 1).end()
            elif not text.startswith("]", pos):
                raise json.JSONDecodeError("',' or ']' expected", text, pos)
        return items
    except json.JSONDecodeError as exc:
        raise InputFileError(
            path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from exc
    except RecursionError:
        raise InputFileError(path, "JSON nested too deeply") from None


#: the parts of a CSL name object, each text
NAME_PARTS = ("family", "given", "literal", "suffix", "dropping-particle",
              "non-dropping-particle")


def wrong_csl_value(item: dict[str, Any]) -> str | None:
    """Why a CSL item's names or date cannot be read (``{"family": {"x": 1}}``, date-parts
    that are no list of lists, a year outside 1 to 9999); None when they can."""
    for field in ("author", "editor"):
        for number, person in enumerate(item.get(field) or [], start=1):
            if not isinstance(person, dict | str):
                return (f"field {field!r} name {number} must be an object or text, "
                        f"not {F.kind_of(person)}")
            for part in NAME_PARTS if isinstance(person, dict) else ():
                value = person.get(part)
                if value is not None and not isinstance(value, str):
                    return (f"field {field!r} name {number}: {part!r} must be text, "
                            f"not {F.kind_of(value)}")
    return _wrong_date(item.get("issued"))


def _wrong_date(date: Any) -> str | None:
    """Why the CSL date ``issued`` cannot be read; None when it can (or is absent)."""
    if date is None or isinstance(date, str):
        return None
    if isinstance(date, bool) or not isinstance(date, int | dict):
        return f"field 'issued' must be a date object, not {F.kind_of(date)}"
    if isinstance(date, dict):
        parts = date.get("date-parts")
        if parts is None:
            return None
        if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts):
            return ("field 'issued': 'date-parts' must be a list of lists, "
                    f"not {F.kind_of(parts)}")
        if not parts or not parts[0]:
            return None
        date = parts[0][0]
    return _wrong_year(date)


def _wrong_year(value: Any) -> str | None:
    """Why the year of a CSL date cannot be one; None when it can (a year before the
    common era, ``-50``, is read as none, as before)."""
    year = value
    if year is None:
        return None
    if isinstance(year, str):
        if not year.strip() or F.parse_year(year) is not None:
            return None
        try:
            year = int(year)
        except ValueError:
            return _not_a_year(value)
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    if isinstance(year, int) and not isinstance(year, bool) and -10000 < year < 10000:
        return None
    return _not_a_year(value)


def _not_a_year(value: Any) -> str:
    shown = repr(value) if len(repr(value)) <= 24 else f"{repr(value)[:24]}…"
    return f"field 'issued': year {shown} is not a year from 1 to 9999"


def csl_person(person: Any) -> Author | None:
    """A CSL name object (or a plain string) as an :class:`Author`."""
    if isinstance(person, str):
        return Author.parse(person) if person.strip() else None
    if not isinstance(person, dict):
        return None
    family = str(person.get("family") or "").strip()
    given = str(person.get("given") or "").strip()
    if not family:
        literal = str(person.get("literal") or given).strip()
        return Author(family=literal) if literal else None
    particles = [
        str(person.get(k) or "").strip() for k in ("dropping-particle", "non-dropping-particle")
    ]
    prefix = " ".join(p for p in particles if p)
    if not prefix:  # "de Mareüil": lower-case leading words are the particle, as citeproc-js does
        words = family.split(" ")
        lead = next((i for i, w in enumerate(words) if not w[:1].islower()), len(words))
        if 0 < lead < len(words):
            prefix, family = " ".join(words[:lead]), " ".join(words[lead:])
    return Author(
        family=family, given=given, prefix=prefix, suffix=str(person.get("suffix") or "").strip()
    )


def csl_year(date: Any) -> int | None:
    """The year of a CSL date: ``{"date-parts": [[2020, 5]]}``, ``raw``, ``literal``."""
    if isinstance(date, dict):
        parts = date.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return F.parse_year(parts[0][0] if isinstance(parts[0][0], int) else str(parts[0][0]))
        return F.parse_year(date.get("raw", ""), date.get("literal", ""), date.get("season", ""))
    return F.parse_year(date) if isinstance(date, str | int) else None


#: CSL types in no container, whose venue is their publisher (the exporter writes their
#: venue as the publisher, the importer reads it back)
PUBLISHED_TYPES = frozenset({"book", "thesis", "report"})


def item_to_paper(item: dict[str, Any]) -> Paper:
    """Map one CSL-JSON item to a :class:`Paper`."""
    csl_type = str(item.get("type", ""))
    paper = Paper(
        title=_text(item.get("title")),
        abstract=_text(item.get("abstract")),
        year=csl_year(item.get("issued")),
        venue=_text(item.get("container-title")),
        entry_type=ENTRY_TYPES.get(csl_type, "misc"),
        doi=F.normalize_doi(_text(item.get("DOI"))),
        url=_text(item.get("URL")),
        key=_text(item.get("id")),
        note=str(item.get("note") or "").strip(),
    )
    if not paper.venue and csl_type in PUBLISHED_TYPES:
        # a thesis, report or book is in no container: its venue is its publisher (as
        # PaperDesk exports it: "Université Grenoble Alpes", "WHO")
        paper.venue = _text(item.get("publisher"))
    if csl_type:
        paper.extra["csl_type"] = csl_type
    authors = item.get("author") if isinstance(item.get("author"), list) else []
    paper.authors = [a for a in (csl_person(p) for p in authors) if a]
    if isinstance(item.get("editor"), list):
        editors = [e for e in (csl_person(p) for p in item["editor"]) if e]
        paper.extra["editor"] = " and ".join(e.sort_key for e in editors)
    paper.arxiv_id = F.find_arxiv_id(paper.url, _text(item.get("number")), paper.note)
    if str(item.get("archive", "")).lower() == "arxiv" and not paper.arxiv_id:
        paper.arxiv_id = F.bare_arxiv_id(_text(item.get("archive_location") or item.get("number")))
    paper.tags = F.user_tags(F.split_keywords(_text(item.get("keyword"))))
    if isinstance(item.get("custom"), dict):
        F.read_own_fields(paper, item["custom"], "custom_")
    for key, value in item.items():
        if key in _MAPPED or value in ("", None, [], {}):
            continue
        if key == "page" and isinstance(value, str):
            value = _PAGE_RANGE.sub(r"\1--\2", value)
        paper.extra[EXTRA_RENAMES.get(key, key)] = value
    return paper


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return " ".join(str(value).split()) if value is not None else ""
