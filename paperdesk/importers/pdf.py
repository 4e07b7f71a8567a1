"""PDF reader (pypdfium2): a PDF alone becomes a paper; any PDF can give its text.

The header (title, authors, year, venue, DOI, arXiv id, abstract, keywords) is read from
the layout of page 1 and 2 by :mod:`paperdesk.importers.pdf_header`; the full text of all
pages is pdfium's text cleaned by :mod:`paperdesk.importers.pdf_text` (capped at
:data:`MAX_FULLTEXT_CHARS`); annotations already in the file (highlights, underlines,
notes) come back as PDF highlights (:mod:`paperdesk.importers.pdf_annotations`). The file
goes into ``attachments``.

A damaged, encrypted or text-less (scanned) PDF gives a problem entry naming the file,
never an exception: importing a folder with one broken PDF imports the rest. pdfium
writes nothing to stderr.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from paperdesk.errors import InputFileError
from paperdesk.importers.pdf_annotations import read_annotations
from paperdesk.importers.pdf_header import Header, extract_header
from paperdesk.importers.pdf_layout import page_lines
from paperdesk.importers.pdf_text import clean_pages, vocabulary
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import Highlight, ImportProblem, Paper, ParsedEntry, ParseResult

PDF_MAGIC = b"%PDF-"
MAX_FULLTEXT_CHARS = 2_000_000
#: fewer printed letters than this on the first pages: a scan without a text layer
MIN_TEXT_CHARS = 10
_BAD_TITLE = re.compile(
    r"^(untitled|title|doi:.*|document\d*|microsoft word\b.*|.*\.(docx?|pdf|tex|dvi|ps|rtf))$",
    re.IGNORECASE,
)


class PdfProblem(Exception):
    """A PDF that cannot be read (damaged, encrypted, no text)."""


@dataclass
class PdfContent:
    """What was read from a PDF: header fields, cleaned page texts, annotations."""

    header: Header = field(default_factory=Header)
    pages: list[str] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """All pages' text, capped at :data:`MAX_FULLTEXT_CHARS`."""
        return "\n\n".join(self.pages)[:MAX_FULLTEXT_CHARS]


def read_pdf(path: Path, data: bytes, progress: Progress | None = None) -> ParseResult:
    """Importer entry point: one paper from the bytes of the PDF ``path``.

    Returns:
        One entry, or one problem when the PDF cannot be read.
    """
    result = ParseResult()
    try:
        pdf = read_pdf_content(data, progress)
    except PdfProblem as exc:
        result.problems.append(ImportProblem(str(path), None, "", str(exc)))
        return result
    paper = pdf_paper(path, pdf)
    result.entries.append(ParsedEntry(paper=paper, line=None, key=""))
    return result


def pdf_paper(path: Path, pdf: PdfContent) -> Paper:
    """The paper a PDF describes: its header's title (else the document's, else the file
    name), authors, year (else the year TeX typeset it), venue, DOI and abstract, with
    the PDF's text, highlights and path."""
    head = pdf.header
    title = head.title or _metadata_title(pdf.metadata) or Path(path).stem
    extra: dict[str, Any] = {"keywords": head.keywords} if head.keywords else {}
    year = head.year or typeset_year(pdf.metadata, pdf.text)
    if year and not head.year:  # (said where it came from: a preprint's is not its journal's)
        extra["year_source"] = "the PDF's creation date"
    return Paper(
        title=title,
        abstract=head.abstract,
        authors=head.authors,
        year=year,
        venue=head.venue,
        doi=head.doi,
        arxiv_id=head.arxiv_id,
        fulltext=pdf.text,
        attachments=[str(path)],
        highlights=pdf.highlights,
        entry_type=entry_type_of_venue(head.venue),
        extra=extra,
    )


#: a venue that names a meeting: the paper is in its proceedings (IEEE and others then
#: write "in <proceedings>"; APA does so when the paper has editors)
_MEETING = re.compile(
    r"\b(?:conference|workshop|symposium|meeting|proceedings|congress|colloquium|"
    r"summit|convention)\b|\b(?:ACL|NAACL|EACL|AACL|EMNLP|COLING|CoNLL|LREC|SIGIR|KDD|"
    r"NeurIPS|NIPS|ICML|ICLR|AAAI|IJCAI|CVPR|ICCV|ECCV|VLDB|SIGMOD|ICDE|WWW|CHI|UIST)\b",
    re.IGNORECASE,
)
_JOURNAL = re.compile(r"\b(?:journal|transactions|letters|review|magazine)\b", re.IGNORECASE)


def entry_type_of_venue(venue: str) -> str:
    """``inproceedings`` for a conference, workshop or symposium venue, else ``article``
    (a journal, or no venue read from the page)."""
    if venue and _MEETING.search(venue) and not _JOURNAL.search(venue):
        return "inproceedings"
    return "article"


def typeset_year(metadata: dict[str, str], text: str) -> int | None:
    """The year a paper that prints none was typeset, from its PDF's creation date: only
    for a PDF made by TeX (not a scan, made any year after its paper), and only when the
    latest year the paper cites is that year or one of the two before (a paper cites
    recent work). Of the 23 shared PDFs, three get one so: fader11 2011 and proto06 2006,
    as science-parse's expected extractions say, and a preprint typeset in 2012 whose
    journal version is of 2014 (the paper says where its year came from)."""
    maker = f"{metadata.get('Creator', '')} {metadata.get('Producer', '')}"
    made = _CREATED_RE.match(metadata.get("CreationDate", ""))
    if not made or not _TEX_RE.search(maker):
        return None
    year = int(made.group(1))
    cited = [int(y) for y in _CITED_YEAR_RE.findall(text) if 1950 <= int(y) <= year]
    return year if cited and max(cited) >= year - 2 else None


_CREATED_RE = re.compile(r"^(?:D:)?((?:19|20)\d\d)")
_TEX_RE = re.compile(r"tex\b|latex", re.IGNORECASE)
_CITED_YEAR_RE = re.compile(r"(?<![\d./-])((?:19|20)\d\d)[a-z]?(?![\d/])")


def _metadata_title(metadata: dict[str, str]) -> str:
    title = " ".join((metadata.get("Title") or "").split())
    if 4 <= len(title) <= 300 and any(c.isalpha() for c in title) and not _BAD_TITLE.match(title):
        return title
    return ""


def extract_pdf_text(path: Path) -> str:
    """The text of all pages of a PDF (capped), for attaching it to an existing paper.

    Raises:
        InputFileError: the file cannot be read or is not a readable PDF.
    """
    return read_pdf_file(path, header=False, require_text=False).text


def read_pdf_file(path: Path, header: bool = True, require_text: bool = True) -> PdfContent:
    """:func:`read_pdf_content` of a file on disk.

    Raises:
        InputFileError: the file cannot be read or is not a readable PDF.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    try:
        return read_pdf_content(data, header=header, require_text=require_text)
    except PdfProblem as exc:
        raise InputFileError(str(path), str(exc)) from exc


def open_document(data: bytes) -> pdfium.PdfDocument:
    """The PDF as a pypdfium2 document.

    Raises:
        PdfProblem: not a PDF, damaged, or encrypted with a password.
    """
    if PDF_MAGIC not in data[:1024]:
        raise PdfProblem("not a PDF file (no %PDF- header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfProblem("encrypted PDF (needs a password)") from exc
        raise PdfProblem(f"damaged PDF ({message})") from exc


def read_pdf_content(
    data: bytes, progress: Progress | None = None, header: bool = True,
    require_text: bool = True,
) -> PdfContent:
    """Read header, cleaned text and annotations of a PDF held in memory.

    A scan without a text layer is a problem when ``require_text`` (importing it alone
    would make a paper with nothing but a file name); attached to a paper it is fine.

    Raises:
        PdfProblem: not a PDF, damaged, encrypted, or without any text (a scan).
    """
    progress = progress or NullProgress()
    doc = open_document(data)
    result = PdfContent()
    try:
        result.metadata = _metadata(doc)
        count = len(doc)
        if count == 0:
            raise PdfProblem("damaged PDF (no pages)")
        progress.start(count, "Reading PDF")
        raw_pages: list[str] = []
        size = 0
        for number in range(count):
            page = doc[number]
            try:
                textpage = page.get_textpage()
                raw_pages.append(textpage.get_text_range())
                textpage.close()
                result.highlights.extend(read_annotations(page, number))
            finally:
                page.close()
            size += len(raw_pages[-1])
            progress.advance()
            check_cancelled(progress)
            if size > MAX_FULLTEXT_CHARS:
                break
        letters = sum(ch.isalpha() for ch in "".join(raw_pages[:3]))
        if require_text and letters < MIN_TEXT_CHARS:
            raise PdfProblem("PDF has no text layer (a scan?); nothing to index")
        result.pages = clean_pages(raw_pages)
        if header and letters:
            words = vocabulary([page.split("\n") for page in result.pages])
            result.header = read_header(doc, result.metadata, words)
        progress.finish()
    except pdfium.PdfiumError as exc:
        raise PdfProblem(f"damaged PDF ({exc})") from exc
    finally:
        doc.close()
    return result


def read_header(doc: pdfium.PdfDocument, metadata: dict[str, str] | None = None,
                words: Collection[str] = frozenset()) -> Header:
    """The header fields from the layout of page 1 and 2 of an open document (``words``:
    see :func:`~paperdesk.importers.pdf_header.extract_header`)."""
    side: list[str] = []
    pages = []
    height = 792.0
    for number in range(min(2, len(doc))):
        page = doc[number]
        try:
            if number == 0:
                height = page.get_height()
            pages.append(page_lines(page, side if number == 0 else None))
        finally:
            page.close()
    return extract_header(pages, height, "".join(side), metadata or {}, words)


def _metadata(doc: pdfium.PdfDocument) -> dict[str, str]:
    try:
        return {k: str(v) for k, v in doc.get_metadata_dict(skip_empty=True).items()}
    except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
        return {}
