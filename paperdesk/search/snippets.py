"""Short snippets of a hit's text with the matched words marked.

Snippets are computed only for the hits returned, from the text in SQLite, using the
terms the query matched in the index (prefix and fuzzy terms expanded).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from whoosh.analysis import Analyzer

from paperdesk.search.analysis import WORD_PATTERN

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"


WINDOW = 220


#: a word, or words joined by hyphens: "pre-training" is indexed as "pre", "training" and
#: "pretraining" too (see :class:`~paperdesk.search.analysis.WordTokenizer`), so it is
#: matched and marked whole when "pretraining" is searched
_UNIT_RE = re.compile(rf"{WORD_PATTERN}(?:-{WORD_PATTERN})*")


def make_snippet(text: str, terms: Iterable[str], analyzer: Analyzer) -> str:
    """A window of ``text`` holding the most matched words (marked), or "" if none match.

    Words of ``text`` are compared with ``terms`` after passing through the field's
    ``analyzer`` (so stems match stems), one word at a time with a cache, which is much
    faster than Whoosh's highlighter on long abstracts.
    """
    words = frozenset(terms)
    if not text or not words:
        return ""
    found = {w for w in set(_UNIT_RE.findall(text)) if _terms(analyzer, w) & words}
    if not found:
        return ""
    hits = [m.span() for m in _UNIT_RE.finditer(text) if m.group() in found]
    # the window of WINDOW characters starting at a hit that covers the most hits
    best, best_count, j = 0, 0, 0
    for i, (start, _) in enumerate(hits):
        while j < len(hits) and hits[j][1] <= start + WINDOW:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    lo = hits[best][0]
    lo = max(0, lo - 60)
    if lo:
        lo = text.find(" ", lo) + 1 or lo
    hi = min(len(text), lo + WINDOW)
    if hi < len(text):
        hi = text.rfind(" ", lo, hi) if text.rfind(" ", lo, hi) > lo else hi
    out, pos = [], lo
    for start, end in hits:
        if start < lo or end > hi:
            continue
        out += [text[pos:start], MARK_OPEN, text[start:end], MARK_CLOSE]
        pos = end
    out.append(text[pos:hi])
    body = " ".join("".join(out).split())  # PDF text: no raw line breaks in a snippet
    return ("… " if lo else "") + body + (" …" if hi < len(text) else "")


#: analyzer id -> word (or hyphenated words) -> its terms as the index holds them
_ANALYZED: dict[int, dict[str, frozenset[str]]] = {}
CACHE_WORDS = 200_000


def _cache_for(analyzer: Analyzer) -> dict[str, frozenset[str]]:
    cache = _ANALYZED.get(id(analyzer))
    if cache is None or len(cache) > CACHE_WORDS:
        cache = _ANALYZED[id(analyzer)] = {}
    return cache


def _terms(analyzer: Analyzer, unit: str) -> frozenset[str]:
    """The terms the index holds for a word or hyphenated words (lower-cased, stemmed,
    joined; none for a stop word)."""
    cache = _cache_for(analyzer)
    got = cache.get(unit)
    if got is None:
        got = cache[unit] = frozenset(t.text for t in analyzer(unit) if t.text)
    return got


def word_stems(analyzer: Analyzer, text: str) -> set[str]:
    """The index terms of ``text``'s words (each distinct word analysed once, cached)."""
    return set().union(*(_terms(analyzer, w) for w in set(_UNIT_RE.findall(text))))


def mark_words(text: str, terms: set[str], analyzer: Analyzer) -> str:
    """``text`` with the words whose index term is in ``terms`` marked (e.g. a title)."""
    if not terms:
        return text
    return _UNIT_RE.sub(lambda m: (MARK_OPEN + m.group() + MARK_CLOSE
                                   if _terms(analyzer, m.group()) & terms else m.group()),
                        text)


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
