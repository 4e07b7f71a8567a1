"""Short snippets of a hit's text with the matched words marked.

Snippets are computed only for the hits returned, from the text in SQLite, using the
terms the query matched in the index (prefix and fuzzy terms expanded).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from whoosh import highlight
from whoosh.analysis import Analyzer

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


class _MarkFormatter(highlight.Formatter):
    """Marks matched words with control characters, rendered later as text or HTML."""

    between = " … "

    def format_token(self, text: str, token, replace: bool = False) -> str:  # noqa: ANN001
        return f"{MARK_OPEN}{highlight.get_text(text, token, replace)}{MARK_CLOSE}"


_FORMATTER = _MarkFormatter()
_FRAGMENTER = highlight.ContextFragmenter(maxchars=220, surround=60)


def make_snippet(text: str, terms: Iterable[str], analyzer: Analyzer) -> str:
    """A snippet of ``text`` around the words in ``terms`` (marked), or "" if none match."""
    words = frozenset(terms)
    if not text or not words:
        return ""
    return highlight.highlight(
        text, words, analyzer, _FRAGMENTER, _FORMATTER, top=2, scorer=highlight.BasicFragmentScorer
    )


def lead_snippet(text: str, length: int = 200) -> str:
    """The start of ``text``, cut at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0] + " …"


def as_text(snippet: str, open_mark: str = "[", close_mark: str = "]") -> str:
    """Render marks as plain brackets (for the terminal and JSON)."""
    return snippet.replace(MARK_OPEN, open_mark).replace(MARK_CLOSE, close_mark)


_MARK_RE = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.S)


def as_html(snippet: str) -> str:
    """Render marks as ``<b>`` with everything else HTML-escaped."""
    escaped = html.escape(snippet, quote=False)
    return _MARK_RE.sub(r"<b>\1</b>", escaped)
