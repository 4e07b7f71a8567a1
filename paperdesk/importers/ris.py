"""RIS reader (Zotero, Mendeley, EndNote, Web of Science exports) built on rispy.

The text is cut into records at each ``TY  -`` line (``PT`` for Web of Science files,
which use rispy's WoS mapping) so each record keeps its line number and a broken record
cannot take the others with it. rispy parses each record; :func:`record_to_paper` maps
its fields:

TI/T1 (else ST) -> title; AU/A1 -> authors (split by BibTeX's rules, so "de Mareüil,
Philippe" has the prefix "de") (A2 -> ``extra["editor"]``); PY/Y1/DA -> year;
JF/JO/T2/BT/JA/J2 -> venue; AB/N2 -> abstract; DO -> doi; UR -> url (more URLs in
``extra["urls"]``); KW -> user tags; N1 -> note; ID -> key; SP/EP -> ``extra["pages"]``
(``"SP--EP"``); VL/IS/PB/CY -> ``extra`` volume/number/publisher/address; other tags,
unknown ones included, go to ``extra`` under rispy's names. Note lines of the form
``paperdesk-stars: 4`` (``-read``, ``-highlights``, ``-tags``) are PaperDesk's own fields.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import rispy

from paperdesk.importers import fields as F
from paperdesk.importers.bibtex_names import parse_person, split_others
from paperdesk.importers.pdf_header import unshout
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import GENERATIONAL_SUFFIX, ImportProblem, Paper, ParsedEntry, ParseResult

_RECORD_START = re.compile(r"^TY  -", re.MULTILINE)
_WOS_RECORD_START = re.compile(r"^PT ", re.MULTILINE)
_WOS_HEADER = re.compile(r"^\s*FN ", re.IGNORECASE)
_OWN_NOTE = re.compile(r"^(paperdesk-(?:stars|read|highlights|tags)):\s*(.*)$", re.DOTALL)

ENTRY_TYPES = {
    "JOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "NEWS": "article",
    "EJOUR": "article",
    "CONF": "inproceedings",
    "CPAPER": "inproceedings",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "THES": "phdthesis",
    "RPRT": "techreport",
    "ELEC": "online",
    "UNPB": "unpublished",
    "GEN": "misc",
}
#: Web of Science publication types (PT): journal, book, book in series, conference, patent
WOS_TYPES = {"J": "article", "B": "book", "S": "incollection", "C": "inproceedings",
             "P": "patent"}
#: a Web of Science given name of initials without dots ("PS" of "Parkes-Loach, PS")
_WOS_INITIALS = re.compile(r"^[A-Z]{1,4}$")
TITLE_KEYS = ("title", "primary_title", "document_title", "short_title")
VENUE_KEYS = (
    "alternate_title3",
    "journal_name",
    "secondary_title",
    "BT",
    "alternate_title2",
    "alternate_title1",
    "publication_name",
    "conference_title",
)
YEAR_KEYS = ("year", "publication_year", "date")
#: Web of Science names (rispy's WoS mapping) of fields mapped like their RIS namesakes
WOS_AUTHORS = ("author_full_name", "authors")
EXTRA_RENAMES = {
    "issue": "number",
    "publisher": "publisher",
    "place_published": "address",
    "secondary_authors": "editor",
    "note": "misc_note",
    "issn": "issn",
    "language": "language",
}
_MAPPED = frozenset(
    {
        *TITLE_KEYS,
        *VENUE_KEYS,
        *YEAR_KEYS,
        *WOS_AUTHORS,
        "first_authors",
        "abstract",
        "notes_abstract",
        "doi",
        "urls",
        "keywords",
        "author_keywords",
        "notes",
        "id",
        "start_page",
        "end_page",
        "beginning_page",
        "ending_page",
        "type_of_reference",
        "publication_type",
        "unknown_tag",
        "secondary_authors",
    }
)


def read_ris(path: Path, text: str, progress: Progress | None = None) -> ParseResult:
    """Importer entry point: read the decoded RIS ``text`` of ``path``."""
    return parse_ris(text, str(path), progress)


def parse_ris(text: str, path: str = "<text>", progress: Progress | None = None) -> ParseResult:
    """Parse RIS (or Web of Science) text into papers, one per record.

    A record rispy cannot read, or one without a title, is reported as a problem with
    its starting line.
    """
    progress = progress or NullProgress()
    result = ParseResult()
    records = split_ris_records(text)
    progress.start(len(records), f"Reading {Path(path).name}")
    for line, record, error in records:
        if error:
            result.problems.append(ImportProblem(path, line, "", error))
        else:
            paper = record_to_paper(record)
            if paper.title:
                result.entries.append(ParsedEntry(paper=paper, line=line, key=paper.key))
            else:
                result.problems.append(ImportProblem(path, line, paper.key, "missing title"))
        progress.advance()
        check_cancelled(progress)
    progress.finish()
    return result


def split_ris_records(text: str) -> list[tuple[int, dict[str, Any], str]]:
    """Each record of the text as ``(1-based start line, rispy dict, error or "")``."""
    text = text.lstrip("\ufeff")
    wos = bool(_WOS_HEADER.match(text)) or (
        not _RECORD_START.search(text) and bool(_WOS_RECORD_START.search(text))
    )
    start_re, parser = (
        (_WOS_RECORD_START, rispy.WokParser) if wos else (_RECORD_START, rispy.RisParser)
    )
    starts = [m.start() for m in start_re.finditer(text)]
    records: list[tuple[int, dict[str, Any], str]] = []
    line = text.count("\n", 0, starts[0]) + 1 if starts else 1
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end]
        try:
            parsed = rispy.loads(chunk, implementation=parser)
        except Exception as exc:  # noqa: BLE001 - rispy raises bare errors on bad records
            records.append((line, {}, f"unreadable RIS record: {exc}"))
        else:
            if parsed:
                records.append((line, parsed[0], ""))
            else:
                records.append((line, {}, "RIS record without an end (ER) line"))
        line += chunk.count("\n")
    return records


def _initials(match: re.Match[str]) -> str:
    return " ".join(f"{letter}." for letter in match.group(0))


#: entry types in no journal or book, whose venue is their publisher
PUBLISHED_TYPES = frozenset({"book", "phdthesis", "mastersthesis", "thesis", "techreport",
                             "report"})


def _bibtex_order(name: str) -> str:
    """A RIS name ("Last, First, Suffix": "Smith, John, Jr.") in BibTeX's order ("Last,
    Suffix, First"), which :func:`parse_person` reads; any other name of three parts is
    left in BibTeX's order, as converters from BibTeX write it ("Smith, Jr., John", the
    ACL Anthology's "Lakshmanan, V.S., Laks")."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) != 3 or not GENERATIONAL_SUFFIX.match(parts[2]) or GENERATIONAL_SUFFIX.match(
            parts[1]):
        return name
    return f"{parts[0]}, {parts[2]}, {parts[1]}"


def record_to_paper(record: dict[str, Any]) -> Paper:
    """Map one rispy record (RIS or WoS names) to a :class:`Paper`."""
    get = _getter(record)
    paper = Paper(title=_clean(get(*TITLE_KEYS)))
    ris_type = get("type_of_reference", "publication_type").strip()
    wos = "publication_type" in record and "type_of_reference" not in record
    paper.entry_type = (WOS_TYPES if wos else ENTRY_TYPES).get(ris_type.upper(), "misc")
    paper.extra["ris_type"] = ris_type
    if "author_full_name" in record:  # Web of Science: full names first
        names = _as_list(record["author_full_name"])
    else:
        names = _as_list(record.get("authors")) + _as_list(record.get("first_authors"))
    names, and_others = split_others([n for n in names if n.strip()])
    paper.authors = [parse_person(_bibtex_order(" ".join(n.split())))
                     for n in names if n.strip()]
    if and_others:
        paper.extra["authors_and_others"] = True
    paper.year = F.parse_year(*(get(k) for k in YEAR_KEYS))
    paper.venue = _clean(get(*VENUE_KEYS))
    if not paper.venue and paper.entry_type in PUBLISHED_TYPES:
        paper.venue = _clean(get("publisher"))  # (a thesis's university, a report's body)
    paper.abstract = _clean(get("abstract", "notes_abstract"))
    if wos:  # "Cao, WX": initials; "BIOCHEMISTRY": a name in capitals
        paper.authors = [replace(a, given=_WOS_INITIALS.sub(_initials, a.given))
                         for a in paper.authors]
        paper.venue = unshout(paper.venue, paper.abstract)
        paper.title = unshout(paper.title, paper.abstract)
    paper.doi = F.normalize_doi(get("doi"))
    urls = [u for u in _as_list(record.get("urls")) if u.strip()]
    if urls:
        paper.url = urls[0].strip()
        if len(urls) > 1:
            paper.extra["urls"] = urls
    paper.arxiv_id = F.find_arxiv_id(*urls, paper.venue)
    paper.key = str(record.get("id", "")).strip()
    keywords = _as_list(record.get("keywords")) or F.split_keywords(get("author_keywords"))
    paper.tags = F.user_tags([k.strip() for k in keywords if k.strip()])
    paper.note = _read_notes(paper, _as_list(record.get("notes")))
    start, end = get("start_page", "beginning_page"), get("end_page", "ending_page")
    if start or end:
        paper.extra["pages"] = f"{start}--{end}" if start and end else (start or end)
    for key, value in record.items():
        if key == "unknown_tag":
            for tag, values in value.items():
                paper.extra[f"ris_{tag}"] = values[0] if len(values) == 1 else values
        elif key == "custom8" and _own_data(value) is not None:
            F.read_own_fields(paper, _own_data(value) or {}, "ris_")
        elif key == "secondary_authors":
            paper.extra["editor"] = " and ".join(_as_list(value))
        elif key not in _MAPPED and value not in ("", [], None):
            paper.extra[EXTRA_RENAMES.get(key, key)] = value
    return paper


def _own_data(value: Any) -> dict[str, Any] | None:
    """PaperDesk's own data as its RIS exporter writes it: a JSON object in ``C8``."""
    text = value[0] if isinstance(value, list) and value else value
    if not isinstance(text, str) or not text.lstrip().startswith("{"):
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) and any(k.startswith("paperdesk-") for k in data) \
        else None


def _read_notes(paper: Paper, notes: list[str]) -> str:
    """Notes as the paper's note, taking out PaperDesk's own ``paperdesk-*:`` lines."""
    kept = []
    for note in notes:
        match = _OWN_NOTE.match(note.strip())
        if not match:
            kept.append(note.rstrip())
            continue
        name, value = match.groups()
        if name == F.STARS_FIELD and F.parse_stars(value) is not None:
            paper.stars = F.parse_stars(value) or 0
        elif name == F.READ_FIELD and F.parse_read_state(value):
            paper.read = F.parse_read_state(value) or paper.read
        elif name == F.HIGHLIGHTS_FIELD:
            paper.highlights = F.parse_highlights(value) or []
        elif name == F.TAGS_FIELD and F.parse_tags(value) is not None:
            paper.tags = F.parse_tags(value) or []
    # rispy gives a multi-line note back as one item per line: join lines, not paragraphs
    return "\n".join(kept).strip("\n")


def _getter(record: dict[str, Any]):  # noqa: ANN202 - small local helper
    def get(*keys: str) -> str:
        for key in keys:
            value = record.get(key)
            if isinstance(value, list):
                value = " ".join(str(v) for v in value)
            if value not in (None, ""):
                return str(value)
        return ""

    return get


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) and value.startswith("[") and value.endswith("]"):
        try:  # rispy's WoS parser gives some lists as their repr
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            pass
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _clean(text: str) -> str:
    return " ".join(text.split())
