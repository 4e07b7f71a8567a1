"""Clean full text of a PDF: what search indexes and snippets show.

pdfium's text of each page (fast, in C) is cleaned here: NFKC (ligatures "ﬁ" -> "fi"),
accents printed apart from their letter put back ("Franc ̧ois" -> "François"), words
hyphenated at a line end joined ("decompo-" + "sition" -> "decomposition", while
"high-" + "dimensional" keeps its hyphen when the document writes it so elsewhere, and
"state-of-" + "the-art" always: see :func:`join_hyphenated`),
running heads, footers and page numbers that repeat on most pages dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection

from paperdesk.importers.pdf_layout import nfkc

_LINE_END_HYPHEN = "\x02"
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s+of\s+\d+)?\s*$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WORD_END = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*$")
_SPACES = re.compile(r"[ \t\f\v\u00a0]+")
_STAMP = re.compile(r"^\s*arXiv:\S+\s+\[[^\]]+\]\s+\d{1,2}\s+\w{3}\s+\d{4}\s*$")
EDGE_LINES = 3


def page_lines_of_text(raw: str) -> list[str]:
    """pdfium's page text split into lines; a line-end hyphen stays as ``\\x02`` at the end."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    raw = raw.replace("\ufffe", _LINE_END_HYPHEN)  # pypdfium2's form of pdfium's mark
    raw = raw.replace(_LINE_END_HYPHEN, _LINE_END_HYPHEN + "\n")
    return [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Page numbers and the heads or feet that repeat on at least half the pages removed."""
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [ln for ln in lines if ln]
        edges = {_edge_key(ln) for ln in content[:EDGE_LINES] + content[-EDGE_LINES:]}
        counts.update(edges)
    threshold = max(3, (len(pages) + 1) // 2)
    repeated = {key for key, n in counts.items() if n >= threshold and len(key) > 1}
    cleaned = []
    for lines in pages:
        content = [ln for ln in lines if ln]
        edge = set(range(min(EDGE_LINES, len(content)))) | set(
            range(max(0, len(content) - EDGE_LINES), len(content))
        )
        kept = [
            ln
            for i, ln in enumerate(content)
            if not (
                i in edge
                and (_PAGE_NUMBER.match(ln) or _edge_key(ln) in repeated or _STAMP.match(ln))
            )
        ]
        cleaned.append(kept)
    return cleaned


def vocabulary(pages: list[list[str]]) -> set[str]:
    """Lower-case words written whole (not broken at a line end) anywhere in the text, and
    every two words written side by side ("meaning representation")."""
    words: set[str] = set()
    for lines in pages:
        for line in lines:
            found = [w.lower() for w in _WORD.findall(line.rstrip(_LINE_END_HYPHEN + "-"))]
            words.update(found)
            words.update(f"{a} {b}" for a, b in zip(found, found[1:], strict=False))
    return words


def join_lines(lines: list[str], words: Collection[str]) -> str:
    """One page's lines as text: broken words joined, paragraphs kept as lines."""
    out: list[str] = []
    for line in lines:
        if not out:
            out.append(line)
            continue
        prev = out[-1]
        if _ends_hyphenated(prev) and line[:1].isalpha():
            out[-1] = join_hyphenated(prev.rstrip(_LINE_END_HYPHEN).rstrip("-"), line, words)
            continue
        out.append(line)
    return "\n".join(ln.replace(_LINE_END_HYPHEN, "-") for ln in out)


def _ends_hyphenated(line: str) -> bool:
    return line.endswith(_LINE_END_HYPHEN) or (line.endswith("-") and not line.endswith(" -"))


def join_hyphenated(head: str, tail: str, words: Collection[str]) -> str:
    """``head``, a line that ended in a hyphen (removed), and the next line ``tail`` as one
    text: a word broken at the line end joined ("decompo-" + "sition"); the hyphen kept
    when the document writes the word with it elsewhere ("high-" + "dimensional") or its
    two parts side by side ("meaning-" + "representation"), when
    the word has other hyphens ("state-of-" + "the-art": typesetters break such a word
    only at its hyphens) or when the next line starts with a capital ("BERT-" + "Base"),
    unless the document writes the word joined elsewhere. ``words``: the document's
    lower-case words written whole (see :func:`vocabulary`)."""
    head_word = _WORD_END.search(head)
    tail_word = _WORD.match(tail)
    if head_word and tail_word:
        first, second = head_word.group(0), tail_word.group(0)
        joined, dashed = (first + second).lower(), f"{first}-{second}".lower()
        # (two words the text writes side by side elsewhere: a compound, "meaning-" +
        # "representation", not one word broken in two)
        if joined not in words and (dashed in words or "-" in first or "-" in second
                                    or tail[:1].isupper()
                                    or f"{first} {second}".lower() in words):
            return f"{head}-{tail}"
    return head + tail


def clean_pages(raw_pages: list[str]) -> list[str]:
    """The cleaned text of every page (see the module docstring)."""
    pages = [page_lines_of_text(nfkc(raw)) for raw in raw_pages]
    pages = drop_running_lines(pages)
    words = vocabulary(pages)
    return [join_lines(lines, words) for lines in pages]
