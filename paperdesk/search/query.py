"""PaperDesk's query language, parsed into Whoosh queries.

Plain words are ranked BM25F over all text fields; ``"quoted phrases"``; ``AND`` /
``OR`` / ``NOT`` and parentheses; ``prefix*``; ``fuzzy~``; fields ``title:``,
``author:``, ``abstract:``, ``tag:``, ``note:``, ``venue:``, ``highlight:``, ``pdf:``;
``year:2020``, ``year:2019..2021``, ``year:>=2020``; ``stars:>=4``; ``read:unread``;
``has:note``, ``has:pdf``, ``has:abstract``; ``collection:NAME`` or ``collection:"A/B"``
(with sub-collections, see :mod:`paperdesk.search.collections`); ``saved:NAME`` (or
``saved:"a name"``) stands for a saved search's query. Words are combined with AND.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import qparser
from whoosh.analysis import STOP_WORDS
from whoosh.fields import Schema
from whoosh.query import Every, Query

from paperdesk.errors import QueryError
from paperdesk.records import READ_STATES
from paperdesk.search.schema import TEXT_FIELDS

#: query field name -> index field
FIELD_ALIASES: dict[str, str] = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "abstract": "abstract",
    "tag": "tag",
    "tags": "tag",
    "note": "note",
    "venue": "venue",
    "highlight": "highlights",
    "highlights": "highlights",
    "pdf": "fulltext",
    "fulltext": "fulltext",
    "year": "year",
    "stars": "stars",
    "read": "read",
    "has": "has",
    "collection": "collection",
    "collections": "collection",
}
HAS_VALUES = ("note", "pdf", "abstract")

_FIELD_RE = re.compile(r'(?<![\w"])([A-Za-z_]+):')
_RANGE_RE = re.compile(r"\b(year|stars):(\d+)\.\.(\d+)\b")
_VALUE_RE = re.compile(r"\b(read|has):(\S+)")
_NUMBER_RE = re.compile(r"\b(year|stars):(\S+)")
_NUMBER_VALUE_RE = re.compile(r"^(?:(?:>=|<=|>|<)?\d+|\d+\.\.\d+|\[.*)$")
_FUZZY_RE = re.compile(r"(\w{6,})~(?![\d/])")
_SAVED_RE = re.compile(r'(?<![\w"])saved:(?:"([^"]*)"|([^\s()"]+))', re.IGNORECASE)
#: how deep saved searches may refer to other saved searches
SAVED_DEPTH = 8


def expand_saved(text: str, lookup: Callable[[str], str | None], depth: int = 0) -> str:
    """Replace each ``saved:NAME`` by ``(its query)``; ``lookup`` gives a saved query by name
    (None when there is none). Raises :class:`QueryError` for an unknown name or a cycle."""
    if "saved:" not in text.lower():
        return text

    def one(m: re.Match[str]) -> str:
        name = m.group(1) if m.group(1) is not None else m.group(2)
        query = lookup(name)
        if query is None:
            raise QueryError(f"no saved search named {name!r}")
        if depth >= SAVED_DEPTH:
            raise QueryError(f"saved search {name!r} refers to itself (through saved:)")
        inner = expand_saved(query, lookup, depth + 1).strip()
        return f"({inner})" if inner else ""  # an empty saved search matches everything

    return _SAVED_RE.sub(one, text)


def _rewrite(text: str) -> str:
    """Check field names and values, map aliases, and turn ``a..b`` into a range."""
    in_quote = False
    for m in _FIELD_RE.finditer(text):
        in_quote = text.count('"', 0, m.start()) % 2 == 1
        if not in_quote and m.group(1).lower() not in FIELD_ALIASES:
            known = ", ".join(sorted(set(FIELD_ALIASES)))
            raise QueryError(f"unknown field '{m.group(1)}:' (known fields: {known})")
    for field, value in _VALUE_RE.findall(text):
        allowed = READ_STATES if field == "read" else HAS_VALUES
        if value.lower().strip(")") not in allowed:
            raise QueryError(f"'{field}:' takes one of {', '.join(allowed)}, not '{value}'")
    for field, value in _NUMBER_RE.findall(text):
        if not _NUMBER_VALUE_RE.match(value.rstrip(")")):
            raise QueryError(
                f"'{field}:' takes a number, a range like 2019..2021 or >=N, not '{value}'"
            )
    # a bare "word~" allows two edits in words of six letters or more, one below
    text = _FUZZY_RE.sub(r"\1~2", text)
    text = _RANGE_RE.sub(lambda m: f"{m.group(1)}:[{m.group(2)} TO {m.group(3)}]", text)
    return _FIELD_RE.sub(lambda m: FIELD_ALIASES[m.group(1).lower()] + ":", text)


_BARE_WORD_RE = re.compile(r'"[^"]*"|(?<![\w:*~?-])([A-Za-z]+)(?![\w:*~?-])')
_OPERATORS = {"AND", "OR", "NOT"}


def _drop_stop_words(text: str) -> str:
    """Bare stop words ("with these definitions the analysis") left out: the stemmed fields
    ignore them but the plain ones (authors, venue) would require them, matching nothing."""
    def keep(m: re.Match[str]) -> str:
        word = m.group(1)
        if word is None or word in _OPERATORS or word.lower() not in STOP_WORDS:
            return m.group(0)
        return ""

    dropped = _BARE_WORD_RE.sub(keep, text)
    if not dropped.strip() or _DANGLING_RE.search(" ".join(dropped.split())):
        return text
    return " ".join(dropped.split())


def make_parser(schema: Schema) -> qparser.QueryParser:
    """A Whoosh parser with PaperDesk's syntax over ``schema``."""
    parser = qparser.MultifieldParser(
        list(TEXT_FIELDS), schema=schema, fieldboosts=None, group=qparser.AndGroup
    )
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.remove_plugin_class(qparser.BoostPlugin)
    return parser


def _check_balanced(text: str) -> None:
    if text.count('"') % 2:
        raise QueryError('unbalanced quote: a "phrase" needs a closing quote')
    depth = 0
    for ch in text:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            raise QueryError("unbalanced parentheses: ')' without '('")
    if depth:
        raise QueryError("unbalanced parentheses: '(' without ')'")


_DANGLING_RE = re.compile(r"^(AND|OR)\b|\b(AND|OR|NOT)$|\b(AND|OR|NOT)\s*\)")
_EMPTY_FIELD_RE = re.compile(r"\b([A-Za-z_]+):(?=\s|\)|$)")
_BAD_RANGE_RE = re.compile(r"\b(year|stars):(\d+)\.\.(\d+)\b")
_BARE_WILDCARD_RE = re.compile(r"(?:^|[\s(:])[*?]+(?=$|[\s)])")


def _check_shape(text: str) -> None:
    """Catch queries Whoosh would silently read as matching nothing."""
    m = _DANGLING_RE.search(text)
    if m:
        op = next(g for g in m.groups() if g)
        raise QueryError(f"'{op}' needs a word on each side")
    m = _EMPTY_FIELD_RE.search(text)
    if m:
        raise QueryError(f"'{m.group(1)}:' needs a value, e.g. {m.group(1)}:word")
    for field, lo, hi in _BAD_RANGE_RE.findall(text):
        if int(lo) > int(hi):
            raise QueryError(f"'{field}:{lo}..{hi}' is an empty range (write {hi}..{lo})")
    if _BARE_WILDCARD_RE.search(text):
        raise QueryError("a wildcard needs some letters before it, e.g. morpholog*")


def parse_query(parser: qparser.QueryParser, text: str) -> Query:
    """Parse ``text``; an empty query matches every paper; errors are one line."""
    text = text.strip()
    if not text:
        return Every()
    _check_balanced(text)
    _check_shape(text)
    rewritten = _rewrite(_drop_stop_words(text))
    try:
        query = parser.parse(rewritten)
    except Exception as exc:  # Whoosh raises assorted errors on odd input
        raise QueryError(f"cannot parse query: {exc}") from exc
    errors = [q for q in query.leaves() if type(q).__name__ == "ErrorQuery"]
    if errors:
        raise QueryError(f"cannot parse query near '{text}'")
    return query
