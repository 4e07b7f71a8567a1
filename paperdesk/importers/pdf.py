"""PDF reader (pypdf): a PDF alone becomes a paper; any PDF can give its text.

The title is the document's metadata title when it looks like one, else the largest
text at the top of page 1. The abstract is the paragraph after the word "Abstract" on the
first pages. ``fulltext`` holds the text of all pages (capped at
:data:`MAX_FULLTEXT_CHARS`) and the file goes into ``attachments``.

A damaged, encrypted or text-less PDF gives a problem entry in the result, never an
exception: importing a folder with one broken PDF imports the rest.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from paperdesk.errors import InputFileError
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import ImportProblem, Paper, ParsedEntry, ParseResult

# pypdf logs each oddity of a damaged file as a warning; PaperDesk reports the file itself
# (one line naming it), so only pypdf's errors get through
logging.getLogger("pypdf").setLevel(logging.ERROR)

PDF_MAGIC = b"%PDF-"
MAX_FULLTEXT_CHARS = 2_000_000
MAX_ABSTRACT_CHARS = 3000
_BAD_TITLE = re.compile(
    r"^(untitled|title|document\d*|microsoft word\b.*|.*\.(docx?|pdf|tex|dvi|ps|rtf))$",
    re.IGNORECASE,
)
_ABSTRACT_START = re.compile(r"\babstract\b[\s.:—–-]*", re.IGNORECASE)
_ABSTRACT_END = re.compile(
    r"\n\s*(?:(?:1|I)\.?\s+Introduction|Introduction\s*\n|Keywords|Key\s*words|Index Terms|"
    r"CCS Concepts|1\s+[A-Z][a-z]+\s*\n)",
)
_HYPHEN_BREAK = re.compile(r"(\w)-\n(\w)")


class PdfProblem(Exception):
    """A PDF that cannot be read (damaged, encrypted, no text)."""


@dataclass
class PdfText:
    """What was read from a PDF: metadata title, per-page text, first-page fragments."""

    metadata_title: str = ""
    pages: list[str] = field(default_factory=list)
    sized_lines: list[tuple[float, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

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
        pdf = read_pdf_text(data, progress)
    except PdfProblem as exc:
        result.problems.append(ImportProblem(str(path), None, "", str(exc)))
        return result
    result.warnings.extend(f"{path}: {w}" for w in pdf.warnings)
    if not pdf.text.strip():
        result.problems.append(ImportProblem(str(path), None, "", "PDF has no extractable text"))
        return result
    paper = Paper(
        title=guess_title(pdf) or Path(path).stem,
        abstract=guess_abstract("\n".join(pdf.pages[:2])),
        fulltext=pdf.text,
        attachments=[str(path)],
        entry_type="article",
    )
    result.entries.append(ParsedEntry(paper=paper, line=None, key=""))
    return result


_SPACES = re.compile(r"[ \t\f\v\u00a0]+")


def _clean_page_text(text: str) -> str:
    """Ligatures split into letters ("ﬁ" -> "fi", NFKC) and runs of spaces or tabs made one
    space, so that words inside PDFs are found by search and snippets read well."""
    text = unicodedata.normalize("NFKC", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())


def extract_pdf_text(path: Path) -> str:
    """The text of all pages of a PDF (capped), for attaching it to an existing paper.

    Raises:
        InputFileError: the file cannot be read or is not a readable PDF.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    try:
        return read_pdf_text(data).text
    except PdfProblem as exc:
        raise InputFileError(str(path), str(exc)) from exc


def read_pdf_text(data: bytes, progress: Progress | None = None) -> PdfText:
    """Read the metadata title and the text of every page.

    Raises:
        PdfProblem: not a PDF, damaged, or encrypted with a password.
    """
    progress = progress or NullProgress()
    if not data.lstrip()[:1024].count(PDF_MAGIC):
        raise PdfProblem("not a PDF file (no %PDF- header)")
    result = PdfText()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise PdfProblem("encrypted PDF (needs a password)")
            result.metadata_title = _metadata_title(reader)
            progress.start(len(reader.pages), "Reading PDF")
            size = 0
            for number, page in enumerate(reader.pages):
                visitor = _collect_sized_lines(result.sized_lines) if number == 0 else None
                text = _clean_page_text(page.extract_text(visitor_text=visitor) or "")
                result.pages.append(text)
                size += len(text)
                progress.advance()
                check_cancelled(progress)
                if size > MAX_FULLTEXT_CHARS:
                    break
            progress.finish()
        except PdfProblem:
            raise
        except (
            PyPdfError,
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            OSError,
            IndexError,
            RecursionError,
            ZeroDivisionError,
        ) as exc:
            raise PdfProblem(f"damaged PDF ({type(exc).__name__}: {exc})") from exc
    result.warnings.extend(str(w.message) for w in caught)
    return result


def _metadata_title(reader: PdfReader) -> str:
    try:
        title = (reader.metadata or {}).get("/Title") or ""
    except (PyPdfError, ValueError, KeyError, TypeError):
        return ""
    return " ".join(str(title).split())


def _collect_sized_lines(lines: list[tuple[float, str]]):  # noqa: ANN202 - pypdf callback
    def visit(text, cm, tm, font_dict, font_size) -> None:  # noqa: ANN001 - pypdf's signature
        text = " ".join(text.split())
        if text:
            scale = abs(tm[3] * cm[3]) or 1.0
            lines.append((round(float(font_size) * scale, 1), text))

    return visit


def guess_title(pdf: PdfText) -> str:
    """The metadata title if sensible, else the largest text among the first lines."""
    meta = pdf.metadata_title
    if 4 <= len(meta) <= 300 and any(c.isalpha() for c in meta) and not _BAD_TITLE.match(meta):
        return meta
    head = pdf.sized_lines[:40]
    if head:
        largest = max(size for size, _ in head)
        start = next(i for i, (size, _) in enumerate(head) if size == largest)
        parts = []
        for size, text in head[start:]:
            if size != largest:
                break
            parts.append(text)
        title = " ".join(parts)
        if any(c.isalpha() for c in title):
            return title[:300]
    first_page = pdf.pages[0] if pdf.pages else ""
    return next((line.strip() for line in first_page.splitlines() if line.strip()), "")[:300]


def guess_abstract(text: str) -> str:
    """The paragraph after the word "Abstract", or ""."""
    start = _ABSTRACT_START.search(text)
    if not start:
        return ""
    rest = text[start.end() :]
    end = _ABSTRACT_END.search(rest)
    rest = rest[: end.start()] if end else rest.split("\n\n")[0]
    rest = _HYPHEN_BREAK.sub(r"\1\2", rest)
    return " ".join(rest.split())[:MAX_ABSTRACT_CHARS]
