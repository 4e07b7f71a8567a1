"""CSL-JSON export: the interchange format of Zotero, Pandoc and citeproc.

Annotations: ``note`` holds :func:`~paperdesk.export.options.annotation_text` (note, then
highlights as quotations), ``keyword`` the tags joined by ", ", ``abstract`` the abstract.
PaperDesk's own data sits under ``custom``: ``paperdesk-stars``, ``paperdesk-read``
(when not none and unread), ``paperdesk-highlights`` (list of {start, end, text, comment, color}),
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
from paperdesk.importers.bibtex_names import parse_people
from paperdesk.importers.csljson import PUBLISHED_TYPES
from paperdesk.importers.zotero.mapping import ITEM_TYPES
from paperdesk.mathtext import math_to_unicode
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
    "masterthesis": "thesis",  # (non-standard spellings some tools write)
    "bachelorthesis": "thesis",
    "collection": "book",  # biblatex
    "mvbook": "book",
    "mvcollection": "book",
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
    "langid": "language",
    "hyphenation": "language",
    "school": "publisher",
    "institution": "publisher",
    "organization": "publisher",
    "type": "genre",
    "version": "version",
    "versionnumber": "version",
}
# Fields that name what a paper appeared in, and those that name who published it.
_CONTAINER_FIELDS = ("journal", "journaltitle", "booktitle")
_PUBLISHER_FIELDS = ("publisher", "school", "institution", "organization")
# Which CSL variable a "number" field fills: an article's issue, a book's number in its
# series; for a report, patent, preprint or standard its own number ("arXiv:1508.06018").
_NUMBER_VARIABLE = {"article-journal": "issue", "article-magazine": "issue",
                    "article-newspaper": "issue", "paper-conference": "issue",
                    "book": "collection-number", "chapter": "collection-number"}
_ISO_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T ].*)?$")
_MONTH_YEAR_RE = re.compile(r"^(\d{1,2})[/. ](\d{4})$")
_THESIS_WORD_RE = re.compile(r"(?i)thes[ie]s|dissertation|diss\b|mémoire|arbeit")
_NAME_END_RE = re.compile(r"[\s,;]+$")
_YEAR4_RE = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_DAY_RE = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")
# What a thesis is, as styles print it ("PhD diss.", "[Doctoral dissertation]" come from
# the style when the genre says so; BibTeX keeps it in the entry type alone).
_THESIS_GENRES = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis",
                  "masterthesis": "Master's thesis", "bachelorthesis": "Bachelor's thesis"}
#: biblatex's localisation keys in ``type`` (``type = {mathesis}``), as styles print them
BIBLATEX_TYPE_KEYS = {"phdthesis": "PhD thesis", "mathesis": "Master's thesis",
                      "bathesis": "Bachelor's thesis", "candthesis": "Candidate thesis",
                      "techreport": "Technical report", "resreport": "Research report",
                      "software": "Computer software", "datacd": "CD-ROM",
                      "audiocd": "Audio CD"}
#: babel / polyglossia language names (biblatex ``langid``, ``hyphenation``) as codes
_LANGUAGE_CODES = {
    "english": "en", "american": "en-US", "usenglish": "en-US", "british": "en-GB",
    "ukenglish": "en-GB", "australian": "en-AU", "canadian": "en-CA", "german": "de",
    "ngerman": "de-DE", "austrian": "de-AT", "naustrian": "de-AT", "swissgerman": "de-CH",
    "nswissgerman": "de-CH", "french": "fr", "francais": "fr", "spanish": "es",
    "italian": "it", "dutch": "nl", "portuguese": "pt", "portuges": "pt", "brazil": "pt-BR",
    "brazilian": "pt-BR", "russian": "ru", "polish": "pl", "czech": "cs", "swedish": "sv",
    "norsk": "nb", "norwegian": "nb", "nynorsk": "nn", "danish": "da", "finnish": "fi",
    "greek": "el", "turkish": "tr", "hungarian": "hu", "magyar": "hu", "catalan": "ca",
    "croatian": "hr", "slovene": "sl", "slovak": "sk", "ukrainian": "uk", "latin": "la",
    "japanese": "ja", "chinese": "zh", "korean": "ko", "hebrew": "he", "arabic": "ar",
}
_MONTH_NAMES = (
    "january february march april may june july august september october november december"
)
MONTHS = {
    **{m: i for i, m in enumerate(_MONTH_NAMES.split(), 1)},
    **{m[:3]: i for i, m in enumerate(_MONTH_NAMES.split(), 1)},
    "sept": 9,
}
_MONTH_RE = re.compile(r"[A-Za-z]+")


# The item types of CSL 1.0.2.
_CSL_TYPE_NAMES = frozenset("""article article-journal article-magazine article-newspaper
    bill book broadcast chapter classic collection dataset document entry entry-dictionary
    entry-encyclopedia event figure graphic hearing interview legal_case legislation
    manuscript map motion_picture musical_score pamphlet paper-conference patent
    performance periodical personal_communication post post-weblog regulation report
    review review-book software song speech standard thesis treaty webpage""".split())


def csl_type(entry_type: str) -> str:
    """The CSL item type for a BibTeX-like (or already CSL) entry type."""
    et = entry_type.strip().lower()
    if et in CSL_TYPES:
        return CSL_TYPES[et]
    return et if et in set(CSL_TYPES.values()) | {"article", "chapter"} else "document"


def csl_name(author: Author) -> dict[str, str]:
    """One CSL name object (without the stray commas some Zotero databases keep after a
    surname, "Fortin,", which styles print as "Fortin,,")."""
    name = {"family": _NAME_END_RE.sub("", author.family)}
    for key, value in (
        ("given", author.given),
        ("non-dropping-particle", author.prefix),
        ("suffix", author.suffix),
    ):
        value = _NAME_END_RE.sub("", value)
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


def editors_of(paper: Paper) -> list[Author]:
    """The editors a paper's source named (``extra["editor"]``, BibTeX's "A and B")."""
    editors = paper.extra.get("editor")
    if isinstance(editors, str) and editors.strip():
        return parse_people(editors).authors
    return []


def venue_is_publisher(paper: Paper) -> bool:
    """Whether ``paper``'s venue names its publisher, school or institution (a book's,
    a thesis's), not what it appeared in: exports then write it as its publisher."""
    return bool(paper.venue) and _venue_is_publisher(paper.venue, paper.extra, _kind(paper))


def _kind(paper: Paper) -> str:
    """A paper's CSL type: a Zotero item's own ("article" for a preprint) while its entry
    type is still the one it came in with, else the one of its entry type."""
    kind = str(paper.extra.get("csl_type") or "")
    came_as = ITEM_TYPES.get(str(paper.extra.get("zotero_type") or ""), ("", ""))[0]
    if kind in _CSL_TYPE_NAMES and came_as == paper.entry_type:
        return kind
    return csl_type(paper.entry_type)


def _venue_is_publisher(venue: str, extra: dict[str, Any], csl_type_: str) -> bool:
    """Whether a paper's venue names its publisher, not a journal or proceedings. The
    importers show a book's, thesis's or report's publisher, school or institution as its
    venue, and a style prints a container title as "In *Wiley*"; a venue typed for a book
    names its publisher too."""
    if any(extra.get(f) for f in _CONTAINER_FIELDS):
        return False
    folded = " ".join(venue.split()).casefold()
    return csl_type_ in PUBLISHED_TYPES or any(
        " ".join(str(extra.get(f) or "").split()).casefold() == folded
        for f in _PUBLISHER_FIELDS
    )


def csl_metadata(
    paper: Paper, key: str, rest: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The bibliographic variables of a paper's CSL item (no annotations, no ``custom``),
    with ``key`` as its ``id`` and ``citation-key``: what a formatted reference is made
    of. Extra fields that have no CSL variable are put into ``rest`` when it is given."""
    extra = paper.extra
    kind = _kind(paper)
    item: dict[str, Any] = {"id": key, "type": kind, "citation-key": key}
    item["title"] = math_to_unicode(_with_subtitle(paper.title, extra))  # "MoS$_2$": "MoS₂"
    if paper.authors:
        item["author"] = [csl_name(a) for a in paper.authors]
    editors = editors_of(paper)
    if editors:
        item["editor"] = [csl_name(a) for a in editors]
    venue = paper.venue or str(extra.get("journal") or extra.get("booktitle") or "")
    if venue and not _venue_is_publisher(venue, extra, kind):
        item["container-title"] = math_to_unicode(venue)
    elif venue and not any(extra.get(f) for f in _PUBLISHER_FIELDS):
        item["publisher"] = venue
    genre = _THESIS_GENRES.get(paper.entry_type.strip().lower())
    if genre and not extra.get("type") and not extra.get("genre"):
        item["genre"] = genre
    if paper.year:
        item["issued"] = {"date-parts": [_issued(paper.year, extra)]}
    accessed = date_parts(str(extra.get("urldate") or ""))
    if accessed:
        item["accessed"] = {"date-parts": [accessed]}
    numbered = _NUMBER_VARIABLE.get(kind, "number")
    for name, value in extra.items():
        var = CSL_EXTRA.get(name.lower())
        if var == "issue" and name.lower() == "number":
            var = numbered
        if var and value not in ("", None) and var not in item:
            item[var] = _csl_value(var, str(value))
        elif rest is not None and (
            name not in ("journal", "booktitle", "month", "editor", "urldate") or not value
        ):
            rest[name] = _json_safe(value)
    if kind == "thesis" and item.get("genre") and not _THESIS_WORD_RE.search(item["genre"]) \
            and len(item["genre"].split()) <= 2:  # (not "Study Project Report thesis")
        item["genre"] += " thesis"  # Zotero's thesis type "PhD": "[PhD thesis, Université …]"
    if paper.arxiv_id and "container-title" not in item and "number" not in item \
            and kind in ("article-journal", "article", "document", "manuscript"):
        # an arXiv preprint: "arXiv:1805.01419" (styles print it; ACL, Nature had nothing)
        item["type"], item["number"] = "article", f"arXiv:{paper.arxiv_id}"
        item.setdefault("publisher", "arXiv")
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.url:
        item["URL"] = paper.url
    elif paper.arxiv_id:
        item["URL"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
    return item


def _with_subtitle(title: str, extra: dict[str, Any]) -> str:
    """The title with a biblatex ``subtitle`` after a colon ("The Einstein Paradox: The
    Debate on …"), as styles print the whole title."""
    subtitle = str(extra.get("subtitle") or "").strip()
    if not subtitle or subtitle.casefold() in title.casefold():
        return title
    return f"{title.rstrip(' .:')}: {subtitle}"


def _csl_value(var: str, value: str) -> str:
    """An extra field's value as CSL wants it: a language as a code ("german" is "de",
    so title case leaves a German title alone), a biblatex type key as words."""
    if var == "language":
        return _LANGUAGE_CODES.get(value.strip().lower(), value)
    if var == "genre":
        return BIBLATEX_TYPE_KEYS.get(value.strip().lower(), value)
    return value


def _issued(year: int, extra: dict[str, Any]) -> list[int]:
    """The date a paper appeared: its year, with the month and day its date gives (a
    Zotero date such as "12/2019" or "2016-11-27") or its BibTeX month."""
    parts = date_range(str(extra.get("date") or ""))[0]  # (a range: from its start)
    if parts and parts[0] == year:
        return parts
    month = month_number(extra["month"]) if extra.get("month") else None
    return [year, month] if month else [year]


def date_range(text: str) -> tuple[list[int], list[int] | None]:
    """The :func:`date_parts` of a date and of the end of the range it may be (biblatex's
    "1944-03/1944-05"; "1988/" is open: ``[]``); None when it is no range."""
    start, slash, end = text.partition("/")
    if slash and _YEAR4_RE.search(start):
        ends = date_parts(end) if end.strip() else []
        if ends or not end.strip():
            return date_parts(start), ends
    return date_parts(text), None


def date_parts(text: str) -> list[int]:
    """[year, month, day] (as many as known) of a date as people and Zotero write it:
    "2016-11-27", "2019-12", "12/2019", "July 24, 2013", "24 July 2013", "06 2013";
    [] when there is no year or the order is unclear ("05/06/2013")."""
    text = text.strip()
    iso, month_year = _ISO_DATE_RE.match(text), _MONTH_YEAR_RE.match(text)
    if iso:
        nums = [int(g) for g in iso.groups() if g]
    elif month_year:
        nums = [int(month_year.group(2)), int(month_year.group(1))]
    else:
        years = _YEAR4_RE.findall(text)
        days = [int(d) for d in _DAY_RE.findall(_YEAR4_RE.sub(" ", text))]
        month = month_number(text)
        if len(years) != 1 or len(days) > 1 or days and month is None:
            return []
        nums = [int(years[0])] + ([month] + days if month else [])
    known = []
    for n, top in zip(nums, (9999, 12, 31), strict=False):
        if not 1 <= n <= top:
            break
        known.append(n)
    return known


def csl_item(paper: Paper, key: str, options: ExportOptions) -> dict[str, Any]:
    """The CSL-JSON item of one paper, with ``key`` as its ``id`` and ``citation-key``."""
    rest: dict[str, Any] = {}
    item = csl_metadata(paper, key, rest)
    if options.include_abstracts and paper.abstract:
        item["abstract"] = math_to_unicode(paper.abstract)
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
