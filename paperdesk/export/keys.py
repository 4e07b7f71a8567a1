"""Stable, unique citation keys.

A paper keeps its own ``key`` when it is usable and not already taken; every other paper
gets ``family + year + first title word`` (ASCII, lower case, e.g. ``vaswani2017attention``),
with ``a``, ``b``, ``c`` … appended when several papers share that stem. Collisions are
settled in a fixed order (paper id, then title), not the export order, so a paper gets
the same key whichever way the export is sorted.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from itertools import count
from typing import TypeVar

from paperdesk.progress import Progress, check_cancelled
from paperdesk.records import Paper

T = TypeVar("T")

_BAD_KEY_RE = re.compile(r"[\s,{}()=#%\"'\\~]")
_WORD_RE = re.compile(r"[a-z0-9]+")
_STOP_WORDS = frozenset("a an the on of in for to and with from towards toward is are".split())
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th"})


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` ("Müller-Łuk" -> "mullerluk")."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    return "".join(_WORD_RE.findall(text.encode("ascii", "ignore").decode()))


def key_stem(paper: Paper) -> str:
    """The generated key before disambiguation: family name, year, first title word."""
    family = ascii_fold(paper.first_author_family)
    words = [ascii_fold(w) for w in paper.title.split()]
    words = [w for w in words if w]
    first = next((w for w in words if w not in _STOP_WORDS), words[0] if words else "")
    stem = f"{family}{paper.year or ''}{first}"
    return stem or "paper"


def usable_key(key: str) -> bool:
    """True when ``key`` can be written as a BibTeX citation key as it is."""
    return bool(key) and not _BAD_KEY_RE.search(key)


def _suffixes() -> Iterator[str]:
    for n in count(0):
        # a..z, then aa..zz, …
        s, k = "", n
        while True:
            s = chr(ord("a") + k % 26) + s
            k = k // 26 - 1
            if k < 0:
                break
        yield s


def citation_keys(papers: Sequence[Paper]) -> list[str]:
    """One unique key per paper, in the order of ``papers``."""
    order = sorted(
        range(len(papers)),
        key=lambda i: (papers[i].id is None, papers[i].id or 0, papers[i].title, i),
    )
    keys: list[str] = [""] * len(papers)
    taken: set[str] = set()
    for i in order:
        k = papers[i].key.strip()
        if usable_key(k) and k not in taken:
            keys[i] = k
            taken.add(k)
    groups: dict[str, list[int]] = {}
    for i in order:
        if not keys[i]:
            groups.setdefault(key_stem(papers[i]), []).append(i)
    for stem, members in groups.items():
        if len(members) == 1 and stem not in taken:
            keys[members[0]] = stem
            taken.add(stem)
            continue
        suffixes = _suffixes()
        for i in members:
            key = stem + next(suffixes)
            while key in taken:
                key = stem + next(suffixes)
            keys[i] = key
            taken.add(key)
    return keys


def records_with_keys(
    papers: Sequence[Paper],
    make: Callable[[Paper, str], T],
    progress: Progress | None = None,
) -> list[T]:
    """``make(paper, key)`` for every paper with its unique key, reporting progress.

    Raises:
        Cancelled: the user cancelled (checked every 256 papers).
    """
    out = []
    for i, (paper, key) in enumerate(zip(papers, citation_keys(papers), strict=True)):
        if progress is not None:
            if i % 256 == 0:
                check_cancelled(progress)
            progress.advance()
        out.append(make(paper, key))
    return out
