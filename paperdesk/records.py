"""Plain data records shared by the core: authors, papers and their annotations.

Importers produce :class:`Paper` objects with ``id=None``; the library stores them and
hands back :class:`Paper` objects with their id and annotations filled in. Exporters
take papers and turn them into text. None of these classes touch the database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

READ_STATES = ("unread", "reading", "read")
TAG_SOURCES = ("user", "auto")
#: the highlight colours the reader can show
HIGHLIGHT_COLORS = ("yellow", "green", "blue", "pink")
#: a generational suffix written after a name: "Richard T. Lahey Jr.", "John Smith III"
#: (Roman numerals in capitals only: "Ii" is a surname)
GENERATIONAL_SUFFIX = re.compile(r"^(?:[JS][rR]\.?|II|III|IV)$")


@dataclass(frozen=True)
class Author:
    """One person (or an organisation, given as ``family`` alone).

    ``prefix`` is the "von" part, ``suffix`` the "Jr." part.
    """

    family: str
    given: str = ""
    prefix: str = ""
    suffix: str = ""

    @property
    def display(self) -> str:
        """The name as people write it: "Given von Family, Jr."."""
        core = " ".join(p for p in (self.given, self.prefix, self.family) if p)
        return f"{core}, {self.suffix}" if self.suffix else core

    @property
    def sort_key(self) -> str:
        """Family-first form for sorting: "von Family, Given"."""
        fam = " ".join(p for p in (self.prefix, self.family) if p)
        return f"{fam}, {self.given}" if self.given else fam

    @classmethod
    def parse(cls, text: str) -> Author:
        """Split a plain name: "Family, Given", "Family, Jr., Given", "Given Family" or
        "Given Family Jr." (also "Family Jr., Given").

        This is the simple splitter used for names typed by a user or found in JSON
        sources; BibTeX names go through the BibTeX importer's own splitter.
        """
        text = " ".join(text.split())
        parts = [p.strip() for p in text.split(",")]
        if len(parts) >= 3:
            return cls(family=parts[0], suffix=parts[1], given=", ".join(parts[2:]))
        if len(parts) == 2:
            family, _, suffix = parts[0].rpartition(" ")
            if family and GENERATIONAL_SUFFIX.match(suffix):
                return cls(family=family, given=parts[1], suffix=suffix)
            return cls(family=parts[0], given=parts[1])
        words = text.split(" ")
        suffix = words.pop() if len(words) > 1 and GENERATIONAL_SUFFIX.match(words[-1]) else ""
        if len(words) == 1:
            return cls(family=words[0], suffix=suffix)
        # lower-case particles between the given and family names form the "von" part
        k = next((i for i in range(1, len(words) - 1) if words[i][:1].islower()), len(words) - 1)
        return cls(family=words[-1], given=" ".join(words[:k]), prefix=" ".join(words[k:-1]),
                   suffix=suffix)

    def to_dict(self) -> dict[str, str]:
        """As a plain dict (family, given, prefix, suffix)."""
        return asdict(self)


@dataclass
class Tag:
    """A tag on a paper: the user's own, or an automatic suggestion with a score."""

    name: str
    source: str = "user"
    score: float | None = None
    rejected: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{name, source, score, rejected}``."""
        return asdict(self)


@dataclass
class Highlight:
    """A highlight with its quoted text and a comment.

    On the abstract (``page is None``) it is the character span ``start:end``. On a PDF page
    (``page`` 0-based) it is ``quads``: ``[x0, y0, x1, y1]`` rectangles in PDF user space
    (points, origin bottom-left), and ``start``/``end`` are 0. ``kind`` is highlight,
    underline or note; ``origin`` is '' (made in PaperDesk), 'pdf' (read from the file) or
    'zotero:KEY'.
    """

    start: int
    end: int
    text: str
    comment: str = ""
    color: str = "yellow"
    id: int | None = None
    page: int | None = None
    quads: list[list[float]] = field(default_factory=list)
    kind: str = "highlight"
    origin: str = ""

    @property
    def on_pdf(self) -> bool:
        """Whether this highlight marks a PDF page rather than the abstract."""
        return self.page is not None

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{id, start, end, text, comment, color}``, plus ``page, quads, kind,
        origin`` for a highlight on a PDF page."""
        out = asdict(self)
        if self.page is None:
            for key in ("page", "quads", "kind", "origin"):
                out.pop(key)
        return out


@dataclass
class Paper:
    """A paper with its metadata and the user's annotations.

    ``extra`` holds every source field PaperDesk has no column for (volume, pages,
    publisher, month, …) so nothing read from a file is lost. ``collections`` are the
    paths (``A/B``) of the collections the paper is in.
    """

    title: str
    abstract: str = ""
    authors: list[Author] = field(default_factory=list)
    year: int | None = None
    venue: str = ""
    entry_type: str = "article"
    doi: str = ""
    arxiv_id: str = ""
    url: str = ""
    key: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    stars: int = 0
    read: str = "unread"
    tags: list[Tag] = field(default_factory=list)
    note: str = ""
    highlights: list[Highlight] = field(default_factory=list)
    links: list[int] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    fulltext: str = ""
    collections: list[str] = field(default_factory=list)
    id: int | None = None
    added: str = ""
    modified: str = ""
    trashed: str | None = None

    @property
    def user_tags(self) -> list[str]:
        """Names of the user's own tags."""
        return [t.name for t in self.tags if t.source == "user"]

    @property
    def suggested_tags(self) -> list[Tag]:
        """Automatic tag suggestions that were not rejected."""
        return [t for t in self.tags if t.source == "auto" and not t.rejected]

    @property
    def has_pdf(self) -> bool:
        """True when a PDF is attached."""
        return any(a.lower().endswith(".pdf") for a in self.attachments)

    @property
    def first_author_family(self) -> str:
        """Family name of the first author, or ""."""
        return self.authors[0].family if self.authors else ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI (``--json``) and the scripting API."""
        return {
            "id": self.id,
            "key": self.key,
            "title": self.title,
            "authors": [a.display for a in self.authors],
            "year": self.year,
            "venue": self.venue,
            "entry_type": self.entry_type,
            "doi": self.doi,
            "arxiv_id": self.arxiv_id,
            "url": self.url,
            "abstract": self.abstract,
            "stars": self.stars,
            "read": self.read,
            "tags": [t.to_dict() for t in self.tags],
            "note": self.note,
            "highlights": [h.to_dict() for h in self.highlights],
            "links": list(self.links),
            "attachments": list(self.attachments),
            "collections": list(self.collections),
            "extra": dict(self.extra),
            "added": self.added,
            "modified": self.modified,
            "trashed": self.trashed,
        }


@dataclass
class ParsedEntry:
    """One entry read from an input file, with where it was found."""

    paper: Paper
    line: int | None = None
    key: str = ""


@dataclass
class ImportProblem:
    """An entry that could not be imported, and why."""

    file: str
    line: int | None
    key: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{file, line, key, reason}``."""
        return asdict(self)


@dataclass
class ParseResult:
    """What an importer read from one file.

    ``len(entries) + len(problems)`` is the number of entries in the file.
    ``warnings`` are file-level remarks (e.g. "decoded as Windows-1252").
    """

    entries: list[ParsedEntry] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


_SPACE_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w\s]")


def normalize_text(text: str) -> str:
    """Case-, punctuation- and space-insensitive form used to compare titles and abstracts."""
    text = _NON_WORD_RE.sub(" ", text.casefold())
    return _SPACE_RE.sub(" ", text).strip()


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 paper"``, ``"3 papers"`` (``many``: the plural when it is not ``word + "s"``)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def quoted(names: Iterable[str]) -> str:
    """Names as messages give them: ``“a”, “b”``."""
    return ", ".join(f"“{n}”" for n in names)
