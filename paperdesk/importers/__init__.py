"""Importers: one module per format, each turning a file into plain records.

Importers never write to the library; :mod:`paperdesk.library.importing` stores what
they return. :func:`read_file` is the one entry point: it unpacks gzip, decodes the text
(:mod:`paperdesk.importers.encoding`), detects the format by extension and content and
calls the format's reader. Whole-file problems raise :class:`InputFileError`; problems
with single entries come back in :attr:`ParseResult.problems`.

Adding a format: write ``read_x(path, text, progress=None) -> ParseResult`` (or a bytes
reader), register it in :data:`FORMATS` (or :data:`BINARY_FORMATS`), give it extensions
in :data:`EXTENSIONS` and, if it can be recognised by content, a test in
:func:`detect_format_by_content`.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Protocol

from paperdesk.annotation import note_without_highlights
from paperdesk.errors import InputFileError
from paperdesk.importers.betterbibtex import looks_like_betterbibtex, read_betterbibtex
from paperdesk.importers.bibtex import read_bibtex
from paperdesk.importers.csljson import read_csljson
from paperdesk.importers.encoding import decode_bytes, gunzip_if_needed
from paperdesk.importers.jsonl import read_jsonl
from paperdesk.importers.pdf import PDF_MAGIC, read_pdf
from paperdesk.importers.ris import read_ris
from paperdesk.importers.trending import looks_like_trending, read_trending
from paperdesk.progress import Progress
from paperdesk.records import ParseResult


class TextReader(Protocol):
    """Reads the decoded text of one file."""

    def __call__(self, path: Path, text: str, progress: Progress | None = None) -> ParseResult:
        """Parse ``text``, the content of ``path``."""


class BytesReader(Protocol):
    """Reads the raw bytes of one file (PDF)."""

    def __call__(self, path: Path, data: bytes, progress: Progress | None = None) -> ParseResult:
        """Parse ``data``, the content of ``path``."""


def _read_trending(path: Path, text: str, progress: Progress | None = None) -> ParseResult:
    return read_trending(path, text)


#: format name -> reader of decoded text
FORMATS: dict[str, TextReader] = {
    "bibtex": read_bibtex,
    "ris": read_ris,
    "csljson": read_csljson,
    "jsonl": read_jsonl,
    "trending": _read_trending,
    "betterbibtex": read_betterbibtex,
}
#: format name -> reader of raw bytes
BINARY_FORMATS: dict[str, BytesReader] = {"pdf": read_pdf}
#: other names accepted for ``fmt`` (``--format``)
ALIASES = {
    "bib": "bibtex",
    "biblatex": "bibtex",
    "csl-json": "csljson",
    "csl": "csljson",
    "json": "csljson",
    "ndjson": "jsonl",
    "txt": "trending",
    "bbt": "betterbibtex",
}
#: file extension (lower case, after removing ``.gz``) -> format name
EXTENSIONS = {
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".biblatex": "bibtex",
    ".ris": "ris",
    ".json": "csljson",
    ".csljson": "csljson",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".pdf": "pdf",
    ".txt": "trending",
}
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z_]+\s*[{(]", re.MULTILINE)
_RIS_START = re.compile(r"^\s*TY  - ", re.MULTILINE)


def format_names() -> list[str]:
    """Every format name :func:`read_file` accepts, sorted."""
    return sorted([*FORMATS, *BINARY_FORMATS])


def detect_format_by_content(text: str) -> str | None:
    """Name of the format the text looks like, or None."""
    head = text[:200_000].lstrip("\ufeff \t\r\n")
    if looks_like_trending(head):
        return "trending"
    if head.startswith("["):
        return "csljson"
    if head.startswith("{"):
        if _is_json_lines(head):
            return "jsonl"
        return "betterbibtex" if looks_like_betterbibtex(head) else "csljson"
    if _RIS_START.search(head[:5000]):
        return "ris"
    if _BIBTEX_ENTRY.search(head):
        return "bibtex"
    return None


def _is_json_lines(head: str) -> bool:
    lines = [line for line in head.splitlines()[:3] if line.strip()]
    if len(lines) < 2:
        return False
    try:
        return isinstance(json.loads(lines[0]), dict)
    except ValueError:
        return False
    except RecursionError:  # an object nested absurdly deep: the reader reports the line
        return lines[0].lstrip().startswith("{")


def format_by_extension(path: Path) -> str | None:
    """Name of the format suggested by the file name (``.bib.gz`` counts as ``.bib``)."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def detect_format(path: Path, text: str) -> str:
    """Name of the format of ``path``, judged by its content and its extension.

    Content wins when the two disagree (a RIS file saved as ``.txt``); the extension
    decides when the content says nothing (a ``.bib`` file with only comments).

    Raises:
        InputFileError: neither gives a format.
    """
    by_content = detect_format_by_content(text)
    by_extension = format_by_extension(Path(path))
    if by_content == "csljson" and by_extension == "jsonl":
        by_content = "jsonl"  # one object (or a first line too long to judge) in a .jsonl
    name = by_content or by_extension
    if name is None or name not in FORMATS:
        raise InputFileError(str(path), "unknown format (use --format to choose one)")
    return name


def resolve_format_name(path: Path, fmt: str) -> str:
    """The canonical name for a ``--format`` value, or :class:`InputFileError`."""
    name = ALIASES.get(fmt.lower(), fmt.lower())
    if name not in FORMATS and name not in BINARY_FORMATS:
        known = ", ".join(format_names())
        raise InputFileError(str(path), f"unknown format {fmt!r} (known: {known})")
    return name


def decode(path: Path, data: bytes) -> str:
    """Decode file bytes to text (see :func:`paperdesk.importers.encoding.decode_bytes`)."""
    return decode_bytes(path, data).text


def read_bytes(
    path: Path, data: bytes, fmt: str | None = None, progress: Progress | None = None
) -> ParseResult:
    """Read the content of one file, already in memory, into records.

    Args:
        path: the file's name (for format detection and messages).
        data: its bytes, possibly gzip-compressed.
        fmt: a format name forcing the reader (``--format``); None detects it.
        progress: told about long parses; may cancel.

    Raises:
        InputFileError: unknown format, empty, binary or undecodable file.
    """
    path = Path(path)
    data = gunzip_if_needed(path, data)
    name = resolve_format_name(path, fmt) if fmt else None
    if name is None and (data.startswith(PDF_MAGIC) or format_by_extension(path) == "pdf"):
        name = "pdf"  # a .pdf that is not one becomes a problem entry, like a damaged PDF
    if name in BINARY_FORMATS:
        return BINARY_FORMATS[name](path, data, progress)
    decoded = decode_bytes(path, data)
    name = name or detect_format(path, decoded.text)
    result = FORMATS[name](path, decoded.text, progress)
    result.warnings[:0] = decoded.warnings
    for entry in result.entries:
        if entry.paper.highlights and entry.paper.note:
            entry.paper.note = note_without_highlights(entry.paper.note, entry.paper.highlights)
    return result


def read_file(path: Path, fmt: str | None = None, progress: Progress | None = None) -> ParseResult:
    """Read one file into records; raises :class:`InputFileError` for whole-file problems.

    Args:
        path: the file (``.gz`` files are unpacked).
        fmt: a format name forcing the reader (``--format``); None detects it.
        progress: told about long parses; may cancel (raising ``Cancelled``).
    """
    path = Path(path)
    data = read_regular_file(path)
    return read_bytes(path, data, fmt, progress)


#: the largest input file read (a library's export of 100,000 papers is ~200 MB)
MAX_FILE_BYTES = 1 << 30


def read_regular_file(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file; FIFOs, devices (a link to ``/dev/zero``), folders and
    files over ``limit`` are refused before anything is read.

    Raises:
        InputFileError: not a regular file, too large or unreadable.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode)
                    else "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            raise InputFileError(str(path), f"{kind}, not a regular file; refused")
        if info.st_size > limit:
            raise InputFileError(str(path), f"too large ({info.st_size >> 20} MB; at most "
                                 f"{limit >> 20} MB)")
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read(limit + 1)[:limit]
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    finally:
        os.close(fd)
