"""Citation keys: stable, unique, readable (``vaswani2017attention``)."""

from __future__ import annotations

import re
import unicodedata

from paperdesk.records import Paper

STOP = {"a", "an", "the", "on", "of", "in", "for", "to", "and", "with", "towards", "via"}


def _ascii_word(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", text.lower())


def base_key(paper: Paper) -> str:
    """A key from the first author's family name, the year and the first title word."""
    family = _ascii_word(paper.authors[0].family) if paper.authors else ""
    words = [_ascii_word(w) for w in paper.title.split()]
    first = next((w for w in words if w and w not in STOP), "")
    key = f"{family}{paper.year or ''}{first}"
    return key or "paper"


def unique_key(wanted: str, taken: set[str]) -> str:
    """``wanted`` or, if taken, ``wanted`` + a, b, … (then 2, 3 …); adds it to ``taken``."""
    wanted = re.sub(r"[\s,{}()=#%\"'\\]", "", wanted) or "paper"
    key = wanted
    suffixes = (chr(c) for c in range(ord("a"), ord("z") + 1))
    n = 2
    while key in taken:
        try:
            key = wanted + next(suffixes)
        except StopIteration:
            key = f"{wanted}-{n}"
            n += 1
    taken.add(key)
    return key
