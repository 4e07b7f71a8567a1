"""BibTeX / biblatex reader: entries -> :class:`~paperdesk.records.Paper`.

:mod:`paperdesk.importers.bibtex_raw` resolves macros and crossrefs; this module decodes
LaTeX (only where a value holds any, with caching) and maps fields:

* ``title`` (braces removed; the value as written in the file is kept in
  ``extra["title_braced"]`` when it had braces, so an exporter can write it back),
  ``abstract``, ``author``, ``year`` (or ``date``), ``doi``, ``url``, the key;
* venue: ``journal`` / ``journaltitle`` / ``booktitle``, else ``publisher`` (books),
  ``school``, ``institution``, ``organization`` or ``howpublished``;
* arXiv id: ``eprint`` with ``archiveprefix``/``eprinttype`` arXiv, or an arXiv URL / id;
* ``keywords`` -> user tags; ``annote`` / ``annotation`` -> note (``note`` is part of the
  reference, "submitted for publication": kept in ``extra`` and written back as ``note``);
* a URL in ``howpublished`` (``\\url{…}``) is the paper's address, not its venue;
  ``\\url{}`` around a ``url`` and escapes in ``url`` / ``doi`` (``\\_``) are taken off, and
  ``\\textendash`` in ``pages`` is an en dash;
* PaperDesk's own ``paperdesk-stars`` / ``-read`` / ``-highlights`` / ``-tags`` read back;
* ``groups`` (JabRef, with the tree of ``@Comment{jabref-meta: grouping:}``) and
  ``mendeley-groups`` -> collections; ``file`` naming files that exist -> attachments;
* every other field -> ``extra`` (decoded; ``pages``, URLs and ids kept as written).

An entry without a title is a problem, as are syntax errors and duplicate keys.
"""

from __future__ import annotations

import re
from pathlib import Path

from paperdesk.importers import fields as F
from paperdesk.importers.bibtex_names import parse_people
from paperdesk.importers.bibtex_raw import RawEntry, parse_bibtex_raw
from paperdesk.importers.groups import JabrefGroups, file_paths, take_collections
from paperdesk.importers.latex import latex_to_unicode
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import ImportProblem, Paper, ParsedEntry, ParseResult

VENUE_FIELDS = ("journal", "journaltitle", "booktitle")
FALLBACK_VENUE_FIELDS = ("publisher", "school", "institution", "organization", "howpublished")
NOTE_FIELDS = ("annote", "annotation")
#: fields whose value is an identifier or a number range, stored exactly as written
VERBATIM_FIELDS = frozenset(
    {
        "url",
        "doi",
        "eprint",
        "file",
        "pdf",
        "pages",
        "isbn",
        "issn",
        "crossref",
        "xref",
        "ids",
        "urldate",
        "date",
        "timestamp",
        "eprintclass",
        "primaryclass",
        "archiveprefix",
        "eprinttype",
        "owner",
        "month",
    }
)
_MAPPED = frozenset(
    {
        "title",
        "abstract",
        "author",
        "year",
        "doi",
        "url",
        "keywords",
        *NOTE_FIELDS,
        F.STARS_FIELD,
        F.READ_FIELD,
        F.HIGHLIGHTS_FIELD,
        F.TAGS_FIELD,
        F.TEXT_FIELD,
    }
)
PROGRESS_STEP = 500
_URL_RE = re.compile(r"(?:https?|ftp)://\S+|www\.\S+")
_URL_WRAP_RE = re.compile(r"\\(?:url|href)\s*\{([^{}]*)\}(?:\s*\{[^{}]*\})?")
_ADDRESS_ESCAPE_RE = re.compile(r"\\([_%#&~$])")
_DASH_COMMAND_RE = re.compile(r"\{?\\text(?:en|em)dash\s*(?:\{\})?\}?")
#: entry types whose ``booktitle`` is their own title when they have no ``title``
_BOOK_TITLED = frozenset({"proceedings", "mvproceedings", "book", "mvbook", "inbook",
                          "collection", "mvcollection"})
#: a LaTeX control word (``\\textit``); accents and escapes (``\\'e``, ``\\%``) are not
_CONTROL_WORD = re.compile(r"\\[A-Za-z]{2,}")


def read_bibtex(path: Path, text: str, progress: Progress | None = None) -> ParseResult:
    """Importer entry point: read the decoded BibTeX ``text`` of ``path``.

    Args:
        path: the file (for problem reports).
        text: its decoded content.
        progress: told about each entry mapped; may cancel.

    Returns:
        Papers with their 1-based start lines, problems and warnings.
    """
    result = parse_bibtex(text, str(path), progress)
    for entry in result.entries:  # Mendeley/JabRef ``file`` fields naming files that exist
        paper = entry.paper
        files = file_paths(str(paper.extra.get("file", "")), Path(path).parent)
        if files:
            paper.attachments = [str(f) for f in files]
            pdf = next((f for f in files if f.suffix.lower() == ".pdf"), None)
            if pdf is not None:
                from paperdesk.importers.pdf import extract_pdf_text

                try:
                    paper.fulltext = extract_pdf_text(pdf)
                except Exception as exc:  # noqa: BLE001 - a bad PDF is still attached
                    result.warnings.append(f"{path}: {entry.key}: {pdf}: no text ({exc})")
    return result


def parse_bibtex(text: str, path: str = "<text>", progress: Progress | None = None) -> ParseResult:
    """Parse BibTeX text into papers; see the module docstring for the mapping."""
    progress = progress or NullProgress()
    raw = parse_bibtex_raw(text)
    result = ParseResult(warnings=[f"{path}: {w}" for w in raw.warnings])
    result.problems.extend(ImportProblem(path, f.line, f.key, f.reason) for f in raw.failures)
    groups = JabrefGroups()
    for comment in raw.comments:
        found = JabrefGroups.parse(comment)
        if found.paths or found.keys:
            groups = found
    progress.start(len(raw.entries), f"Reading {Path(path).name}")
    for done, entry in enumerate(raw.entries, start=1):
        result.warnings.extend(f"{path}:{entry.line}: {entry.key}: {n}" for n in entry.notes)
        try:
            paper = entry_to_paper(entry)
        except Exception as exc:  # noqa: BLE001 - one bad entry must not stop the import
            result.problems.append(ImportProblem(path, entry.line, entry.key, f"unreadable: {exc}"))
            continue
        take_collections(paper, groups)
        if not paper.title:
            result.problems.append(ImportProblem(path, entry.line, entry.key, "missing title"))
        else:
            result.entries.append(ParsedEntry(paper=paper, line=entry.line, key=entry.key))
        if done % PROGRESS_STEP == 0:
            progress.advance(PROGRESS_STEP)
            check_cancelled(progress)
    progress.advance(len(raw.entries) % PROGRESS_STEP)
    progress.finish()
    result.problems.sort(key=lambda p: p.line or 0)
    return result


def decode_field(name: str, value: str) -> str:
    """A field value as display text (LaTeX decoded unless the field is verbatim)."""
    if name == "month":  # ("10~January": LaTeX's unbreakable space is a space)
        return " ".join(value.replace("~", " ").split())
    return value if name in VERBATIM_FIELDS else latex_to_unicode(value).strip()


def entry_to_paper(entry: RawEntry) -> Paper:
    """Map one resolved BibTeX entry to a :class:`Paper` (``id=None``)."""
    fields = entry.fields
    title_raw = fields.get("title", "")
    if not title_raw.strip() and entry.entry_type in _BOOK_TITLED:
        title_raw = fields.get("booktitle", "")  # @proceedings{sc12, booktitle = {…}}
    paper = Paper(
        title=latex_to_unicode(title_raw).strip(),
        abstract=latex_to_unicode(fields.get("abstract", "")).strip(),
        entry_type=entry.entry_type,
        key=entry.key,
        doi=F.normalize_doi(_unescaped(fields.get("doi", ""))),
        url=_unescaped(fields.get("url", "")),
        # (decoded: "{\noopsort{1973c}}1981" is 1981)
        year=F.parse_year(latex_to_unicode(fields.get("year", "")), fields.get("date", "")),
    )
    if "{" in title_raw or "\\" in title_raw:
        paper.extra["title_braced"] = title_raw
    abstract_raw = fields.get("abstract", "")
    if "$" in abstract_raw or _CONTROL_WORD.search(abstract_raw):
        # math or commands: the field came in as LaTeX, and goes back out as LaTeX
        paper.extra["latex_source"] = {"abstract": abstract_raw}
    people = parse_people(fields.get("author", ""))
    paper.authors = people.authors
    if people.and_others:
        paper.extra["authors_and_others"] = True
    published = latex_to_unicode(fields.get("howpublished", "")).strip()
    if _URL_RE.fullmatch(published):  # howpublished = "\url{https://github.com/…}"
        paper.url = paper.url or published
        fields = {k: v for k, v in fields.items() if k != "howpublished"}
    venue_field = next((f for f in VENUE_FIELDS if fields.get(f)), "")
    if not venue_field:
        venue_field = next((f for f in FALLBACK_VENUE_FIELDS if fields.get(f)), "")
    if venue_field:
        paper.venue = decode_field(venue_field, fields[venue_field])
    paper.arxiv_id = _arxiv_id(fields)
    paper.note = "\n\n".join(
        latex_to_unicode(fields[f]).strip() for f in NOTE_FIELDS if fields.get(f)
    )
    paper.tags = F.user_tags(F.split_keywords(latex_to_unicode(fields.get("keywords", ""))))
    _read_own_fields(paper, fields)
    for name, value in fields.items():
        if name in _MAPPED or (name == venue_field and name in VENUE_FIELDS):
            continue
        paper.extra[name] = decode_field(name, value)
    if "pages" in paper.extra:  # "1{\\textendash}23" as written by some tools
        paper.extra["pages"] = _DASH_COMMAND_RE.sub("–", str(paper.extra["pages"]))
    return paper


def _unescaped(value: str) -> str:
    """A ``url`` or ``doi`` as an address: without a ``\\url{…}`` around it and without
    the escapes LaTeX needs in text ("10.1007/978-3-642-33573-0\\_26")."""
    value = value.strip()
    wrapped = _URL_WRAP_RE.fullmatch(value)
    if wrapped:
        value = wrapped.group(1).strip()
    return _ADDRESS_ESCAPE_RE.sub(r"\1", value)


def _arxiv_id(fields: dict[str, str]) -> str:
    prefix = (fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = fields.get("eprint", "")
    if eprint and (prefix == "arxiv" or F.bare_arxiv_id(eprint)):
        return F.find_arxiv_id(eprint) or F.bare_arxiv_id(eprint) or eprint.strip()
    return F.find_arxiv_id(fields.get("url", ""), fields.get("journal", ""), eprint)


def _read_own_fields(paper: Paper, fields: dict[str, str]) -> None:
    stars = F.parse_stars(fields.get(F.STARS_FIELD, ""))
    if stars is not None:
        paper.stars = stars
    read = F.parse_read_state(fields.get(F.READ_FIELD, ""))
    if read:
        paper.read = read
    if fields.get(F.HIGHLIGHTS_FIELD):
        paper.highlights = F.parse_highlights(fields[F.HIGHLIGHTS_FIELD]) or []
    if fields.get(F.TAGS_FIELD):
        tags = F.parse_tags(fields[F.TAGS_FIELD])
        if tags is not None:
            paper.tags = tags
    if fields.get(F.TEXT_FIELD):
        F.apply_exact_text(paper, fields[F.TEXT_FIELD])
