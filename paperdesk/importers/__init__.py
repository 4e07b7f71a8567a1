"""Importers: one module per format, each turning a file into plain records.

Importers never write to the library; :mod:`paperdesk.library.importing` stores what
they return. :func:`read_file` is the one entry point: it detects the format, decodes
the file and calls the format's reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paperdesk.errors import InputFileError
from paperdesk.importers.trending import looks_like_trending, read_trending
from paperdesk.records import ParseResult

TextReader = Callable[[Path, str], ParseResult]

#: format name -> reader of decoded text
FORMATS: dict[str, TextReader] = {
    "trending": read_trending,
}


def detect_format(path: Path, text: str) -> str:
    """Name of the format of ``path`` judged by its content (and extension)."""
    if looks_like_trending(text):
        return "trending"
    raise InputFileError(str(path), "unknown format (use --format to choose one)")


def decode(path: Path, data: bytes) -> str:
    """Decode file bytes to text."""
    if not data.strip():
        raise InputFileError(str(path), "file is empty")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputFileError(str(path), "binary file, not a bibliography")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_file(path: Path, fmt: str | None = None) -> ParseResult:
    """Read one file into records; raises :class:`InputFileError` for whole-file problems."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), f"cannot read file ({exc.strerror or exc})") from exc
    text = decode(path, data)
    name = fmt or detect_format(path, text)
    if name not in FORMATS:
        raise InputFileError(str(path), f"unknown format {name!r}")
    return FORMATS[name](path, text)
