"""The two kinds of error PaperDesk knows.

:class:`KnownError` is an environment or input problem with a message a user can act on
(a locked or read-only library, a full disk, a corrupt database, a bad input file). Anything
else is a bug and is shown with its traceback in the log.
"""

from __future__ import annotations


class PaperdeskError(Exception):
    """Base class of every error PaperDesk raises on purpose."""


class KnownError(PaperdeskError):
    """A problem the user can understand and fix; its message is shown as is."""


def printable(text: str) -> str:
    """``text`` with control characters (newline, ESC, bidi overrides…) escaped, so a
    hostile file name or value cannot break a line or drive the terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class InputFileError(KnownError):
    """A whole input file cannot be read (unknown format, unreadable, empty, binary)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{printable(path)}: {printable(reason)}")
        self.path = path
        self.reason = reason

    def __reduce__(self) -> tuple[type, tuple[str, str], dict]:
        # picklable (the window's worker process sends errors back)
        return (type(self), (self.path, self.reason), self.__dict__)


class LibraryError(KnownError):
    """The library cannot be opened or written (locked, read-only, corrupt, disk full)."""


class QueryError(KnownError):
    """A search query that cannot be parsed; the message is one line."""


class NotFoundError(KnownError):
    """A paper id (or other object) that does not exist."""


class UsageError(KnownError):
    """A command or API call with arguments that do not make sense."""


class Cancelled(PaperdeskError):
    """Raised inside long work when its progress reports that the user cancelled."""

    #: the papers the work had finished (and kept), where it says (a tagging run does)
    paper_ids: list[int] | None = None
