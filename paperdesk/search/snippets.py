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


_WORD_RE = re.compile(WORD_PATTERN)
WINDOW = 220


def make_snippet(text: str, terms: Iterable[str], analyzer: Analyzer) -> str:
    """A window of ``text`` holding the most matched words (marked), or "" if none match.

    Words of ``text`` are compared with ``terms`` after passing through the field's
    ``analyzer`` (so stems match stems), one word at a time with a cache, which is much
    faster than Whoosh's highlighter on long abstracts.
    """
    words = frozenset(terms)
    if not text or not words:
        return ""
    cache = _cache_for(analyzer)
    found = {w for w in set(_WORD_RE.findall(text))
             if (cache[w] if w in cache else _analyzed(analyzer, w)) in words}
    if not found:
        return ""
    hits = [m.span() for m in _WORD_RE.finditer(text) if m.group() in found]
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


#: analyzer id -> word -> the word as the index holds it
_ANALYZED: dict[int, dict[str, str | None]] = {}
CACHE_WORDS = 200_000


def _cache_for(analyzer: Analyzer) -> dict[str, str | None]:
    cache = _ANALYZED.get(id(analyzer))
    if cache is None or len(cache) > CACHE_WORDS:
        cache = _ANALYZED[id(analyzer)] = {}
    return cache


def _analyzed(analyzer: Analyzer, word: str) -> str | None:
    """The word as the index holds it (lower-cased, stemmed; None for a stop word)."""
    cache = _cache_for(analyzer)
    if word not in cache:
        tokens = [t.text for t in analyzer(word)]
        cache[word] = tokens[0] if tokens else None
    return cache[word]


def word_stems(analyzer: Analyzer, text: str) -> set[str]:
    """The index terms of ``text``'s words (each distinct word analysed once, cached)."""
    cache = _cache_for(analyzer)
    out = {cache[w] if w in cache else _analyzed(analyzer, w)
           for w in set(_WORD_RE.findall(text))}
    out.discard(None)
    out.discard("")
    return out  # type: ignore[return-value]


def mark_words(text: str, terms: set[str], analyzer: Analyzer) -> str:
    """``text`` with the words whose index term is in ``terms`` marked (e.g. a title)."""
    if not terms:
        return text
    return _WORD_RE.sub(lambda m: (MARK_OPEN + m.group() + MARK_CLOSE
                                   if _analyzed(analyzer, m.group()) in terms else m.group()),
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
