"""Turning the bytes of an input file into text.

UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded as such; in a file that
is not UTF-8, each line that is not is decoded as Windows-1252 (a superset of Latin-1)
with a warning, so decoding never fails. Gzip-compressed input is unpacked first.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from paperdesk.errors import InputFileError

GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class DecodedText:
    """Text decoded from a file, the encoding used and any warnings."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def gunzip_if_needed(path: Path, data: bytes) -> bytes:
    """Return ``data`` unpacked when it is gzip-compressed, else unchanged.

    Raises:
        InputFileError: the file looks compressed but cannot be unpacked.
    """
    if not data.startswith(GZIP_MAGIC):
        return data
    out = bytearray()
    try:
        # streamed, with limits: a small file that unpacks to gigabytes (a "bomb") is
        # refused after a few megabytes instead of filling the memory
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as f:
            while chunk := f.read(1 << 20):
                out += chunk
                too_much = unpack_limit_exceeded(len(data), len(out))
                if too_much:
                    raise InputFileError(str(path), too_much)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputFileError(str(path), f"damaged gzip file ({exc})") from exc
    return bytes(out)


#: the most a compressed input file may unpack to
MAX_UNPACKED = 512 << 20
#: past this size, unpacked data may be at most MAX_RATIO times the compressed file
RATIO_FROM = 16 << 20
MAX_RATIO = 40


def unpack_limit_exceeded(packed: int, unpacked: int) -> str | None:
    """Why unpacking must stop (a decompression bomb), or None."""
    if unpacked > MAX_UNPACKED:
        return f"unpacks to more than {MAX_UNPACKED >> 20} MB; refused"
    if unpacked > RATIO_FROM and unpacked > MAX_RATIO * packed:
        return (f"unpacks to more than {MAX_RATIO} times its size (a decompression bomb?); "
                "refused")
    return None


def looks_binary(data: bytes) -> bool:
    """True when ``data`` is not UTF-16 with a BOM and holds NUL bytes, or more than 5 %
    control characters other than tabs, line ends and form feeds (random bytes)."""
    if data.startswith(_UTF16_BOMS):
        return False
    if b"\x00" in data[:8192]:
        return True
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return controls > len(sample) // 20


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode_bytes(path: Path, data: bytes) -> DecodedText:
    """Decode file bytes to text, never raising :class:`UnicodeDecodeError`.

    Args:
        path: the file the bytes came from (for messages).
        data: the raw, already unpacked, bytes.

    Returns:
        The text (BOM removed, line ends as in the file) with the encoding used.

    Raises:
        InputFileError: the file is empty or binary.
    """
    if not data.strip():
        raise InputFileError(str(path), "file is empty")
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputFileError(str(path), f"damaged UTF-16 text ({exc.reason})") from exc
        return DecodedText(text.lstrip("\ufeff"), "utf-16")
    if looks_binary(data):
        raise InputFileError(str(path), "binary file, not a bibliography")
    try:
        return DecodedText(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError:
        pass
    # line by line: a file joined from several sources keeps its UTF-8 lines ("café" in
    # UTF-8 read as "cafÃ©" when one other entry was in Latin-1)
    lines: list[str] = []
    bad: list[int] = []
    for number, raw in enumerate(data.splitlines(keepends=True), 1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(raw.decode("cp1252", errors=_LATIN1_FALLBACK))
            bad.append(number)
    where = f"line {bad[0]}" if len(bad) == 1 else f"{len(bad)} lines, the first {bad[0]}"
    warning = (f"{path}: not valid UTF-8 on {where}; decoded as Windows-1252/Latin-1 there, "
               "check accented characters")
    return DecodedText("".join(lines).removeprefix("\ufeff"), "cp1252", [warning])


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Read the five bytes Windows-1252 leaves undefined as Latin-1 characters."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


_LATIN1_FALLBACK = "paperdesk-latin1-fallback"
codecs.register_error(_LATIN1_FALLBACK, _latin1_fallback)
