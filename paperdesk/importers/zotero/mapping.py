"""Zotero item types, fields and creators mapped to PaperDesk's paper fields.

Each Zotero item type has a PaperDesk entry type (BibTeX-like) and a CSL type (kept in
``extra["csl_type"]``). Fields with a PaperDesk column fill it; every other field goes to
``extra`` (under a BibTeX name where one exists, else its Zotero name), so nothing is lost.
"""

from __future__ import annotations

import re

from paperdesk.importers import fields as F
from paperdesk.records import Author

#: Zotero item type -> (PaperDesk entry type, CSL type)
ITEM_TYPES: dict[str, tuple[str, str]] = {
    "journalArticle": ("article", "article-journal"),
    "magazineArticle": ("article", "article-magazine"),
    "newspaperArticle": ("article", "article-newspaper"),
    "preprint": ("unpublished", "article"),
    "conferencePaper": ("inproceedings", "paper-conference"),
    "book": ("book", "book"),
    "bookSection": ("incollection", "chapter"),
    "encyclopediaArticle": ("incollection", "entry-encyclopedia"),
    "dictionaryEntry": ("incollection", "entry-dictionary"),
    "thesis": ("phdthesis", "thesis"),
    "report": ("techreport", "report"),
    "standard": ("techreport", "standard"),
    "manuscript": ("unpublished", "manuscript"),
    "document": ("misc", "document"),
    "webpage": ("online", "webpage"),
    "blogPost": ("online", "post-weblog"),
    "forumPost": ("online", "post"),
    "computerProgram": ("software", "software"),
    "dataset": ("dataset", "dataset"),
    "presentation": ("misc", "speech"),
    "patent": ("patent", "patent"),
    "case": ("misc", "legal_case"),
    "statute": ("misc", "legislation"),
    "bill": ("misc", "bill"),
    "hearing": ("misc", "hearing"),
    "artwork": ("misc", "graphic"),
    "map": ("misc", "map"),
    "film": ("misc", "motion_picture"),
    "videoRecording": ("misc", "motion_picture"),
    "audioRecording": ("misc", "song"),
    "podcast": ("misc", "broadcast"),
    "radioBroadcast": ("misc", "broadcast"),
    "tvBroadcast": ("misc", "broadcast"),
    "interview": ("misc", "interview"),
    "letter": ("misc", "personal_communication"),
    "email": ("misc", "personal_communication"),
    "instantMessage": ("misc", "personal_communication"),
    "note": ("misc", "document"),
    "attachment": ("misc", "document"),
}
#: item types that are not papers: they hang off one (or are notes on their own)
NON_REGULAR = frozenset({"note", "attachment", "annotation"})

#: type-specific field -> the base field it stands for (used when the database lacks
#: ``baseFieldMappings``, as Zotero 5 copies without a filled system schema do)
BASE_FIELDS: dict[str, str] = {
    "caseName": "title", "nameOfAct": "title", "subject": "title",
    "bookTitle": "publicationTitle", "proceedingsTitle": "publicationTitle",
    "websiteTitle": "publicationTitle", "blogTitle": "publicationTitle",
    "forumTitle": "publicationTitle", "encyclopediaTitle": "publicationTitle",
    "dictionaryTitle": "publicationTitle", "programTitle": "publicationTitle",
    "reporter": "publicationTitle", "code": "publicationTitle",
    "university": "publisher", "institution": "publisher", "label": "publisher",
    "company": "publisher", "studio": "publisher", "network": "publisher",
    "distributor": "publisher", "repository": "publisher",
    "dateDecided": "date", "dateEnacted": "date", "issueDate": "date",
    "reportNumber": "number", "billNumber": "number", "docketNumber": "number",
    "patentNumber": "number", "episodeNumber": "number", "publicLawNumber": "number",
    "documentNumber": "number", "archiveID": "number",
    "codeVolume": "volume", "reporterVolume": "volume",
    "codePages": "pages", "firstPage": "pages",
    "reportType": "type", "thesisType": "type", "letterType": "type",
    "manuscriptType": "type", "mapType": "type", "genre": "type", "websiteType": "type",
    "postType": "type", "audioRecordingFormat": "medium", "videoRecordingFormat": "medium",
    "interviewMedium": "medium", "presentationType": "type", "programmingLanguage": "type",
    "artworkMedium": "medium", "audioFileType": "medium", "court": "authority",
    "legislativeBody": "authority", "issuingAuthority": "authority",
    "organization": "authority", "nameOfAct_": "title",
}
#: Zotero field (after base mapping) -> extra key (BibTeX names where they exist)
EXTRA_NAMES: dict[str, str] = {
    "volume": "volume", "issue": "number", "number": "number", "pages": "pages",
    "publisher": "publisher", "place": "address", "ISBN": "isbn", "ISSN": "issn",
    "edition": "edition", "series": "series", "seriesTitle": "series", "language": "language",
    "shortTitle": "shorttitle", "journalAbbreviation": "journal_abbreviation",
    "numPages": "pagetotal", "type": "type", "accessDate": "urldate",
    "conferenceName": "eventtitle", "numberOfVolumes": "volumes", "extra": "zotero_extra",
}
#: the Zotero field names that become PaperDesk columns
COLUMN_FIELDS = frozenset({"title", "abstractNote", "date", "url", "DOI", "publicationTitle"})

_DOI_LINE_RE = re.compile(r"^\s*DOI:\s*(\S+)", re.IGNORECASE | re.MULTILINE)
_ARXIV_LINE_RE = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7})",
                            re.IGNORECASE)
_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: (.*))?$", re.DOTALL)
_YEAR_RE = re.compile(r"\b(1[5-9]\d\d|2[01]\d\d)\b")

#: Zotero's annotation colours -> PaperDesk colour names
COLORS = {
    "#ffd400": "yellow", "#ff6666": "red", "#5fb236": "green", "#2ea8e5": "blue",
    "#a28ae5": "purple", "#e56eee": "magenta", "#f19837": "orange", "#aaaaaa": "gray",
}


def parse_date(value: str) -> tuple[int | None, str]:
    """Zotero's stored date ``YYYY-MM-DD original`` -> (year, the date as the user typed it).

    ``0000``/``00`` mark unknown parts; older or odd values are searched for a year."""
    m = _DATE_RE.match(value.strip())
    if m:
        year = int(m.group(1)) or None
        original = (m.group(4) or "").strip()
        if not original:
            parts = [m.group(1), m.group(2), m.group(3)]
            original = "-".join(p for p in parts if p.strip("0"))
        return year, original
    found = _YEAR_RE.search(value)
    return (int(found.group(1)) if found else None), value.strip()


# spaces, and commas some databases keep after a name ("Fortin,"), around a name part
_NAME_PART_RE = re.compile(r"^\s+|[\s,;]+$")


def creator(first: str | None, last: str | None, field_mode: int | None) -> Author:
    """A Zotero creator: ``fieldMode`` 1 is a single-field name (an organisation); a
    name with a first part only ("chromatic", who wrote *Modern Perl*) is one too (as a
    given name alone it was exported as ``author = {, chromatic}``)."""
    first, last = (_NAME_PART_RE.sub("", part or "") for part in (first, last))
    if field_mode == 1 or not first or not last:
        return Author(family=last or first)
    return Author(family=last, given=first)


def doi_from(fields: dict[str, str]) -> str:
    """The DOI field, or a ``DOI: …`` line in Extra (types without a DOI field)."""
    if fields.get("DOI"):
        return F.normalize_doi(fields["DOI"])
    m = _DOI_LINE_RE.search(fields.get("extra", ""))
    return F.normalize_doi(m.group(1)) if m else ""


def arxiv_from(fields: dict[str, str]) -> str:
    """An arXiv id from the URL, the archive id (``arXiv:…``), Extra or the number."""
    for name in ("archiveID", "number", "extra", "publicationTitle"):
        m = _ARXIV_LINE_RE.search(fields.get(name, ""))
        if m:
            return m.group(1)
    return F.find_arxiv_id(fields.get("url", ""))
