"""Do two similar titles name the same paper, or two papers of a series?

"Nesting of for Statement I (Algorithm 137)" and "… II (Algorithm 138)" are 96 % alike
for a fuzzy matcher, and so are "base pressure at supersonic speeds" and "… subsonic
speeds": one number, roman numeral or word apart, they are different papers. Duplicate
detection asks :func:`title_difference` before it merges on a similar title; spelling
variants (modelling / modeling, analyse / analyze, plurals, one typo, "pre-training" /
"pretraining", a leading article) are not differences.
"""

from __future__ import annotations

import re
from collections import Counter

_ROMAN = re.compile(r"^(?=[ivxlcdm]+$)m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
_IGNORED = frozenset({"a", "an", "the"})
#: British -> American endings and doublings, tried on both words of a pair
_SPELLINGS = (
    ("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ise", "ize"),
    ("yse", "yze"), ("our", "or"), ("lling", "ling"), ("lled", "led"), ("tre", "ter"),
    ("ogue", "og"),
)


def is_number(word: str) -> bool:
    """True for "137", "2nd" or "3d": words that number a paper in a series."""
    return any(ch.isdigit() for ch in word)


def is_roman(word: str) -> bool:
    """True for a roman numeral ("i", "ii", "iv", "xii"); words are lower case."""
    return bool(word) and bool(_ROMAN.match(word))


def title_difference(a: str, b: str) -> str | None:
    """Why normalised titles ``a`` and ``b`` name different papers, or None.

    Returns a short reason ("titles differ in a number: 137 / 138", "… a roman numeral:
    i / ii", "… a word: supersonic / subsonic") or None when the titles differ only in
    word order, spelling variants, an article or hyphenation.
    """
    if a.replace(" ", "") == b.replace(" ", ""):
        return None
    only_a = Counter(w for w in a.split() if w not in _IGNORED)
    only_b = Counter(w for w in b.split() if w not in _IGNORED)
    only_a, only_b = only_a - only_b, only_b - only_a
    left_a, left_b = sorted(only_a.elements()), sorted(only_b.elements())
    if "".join(left_a) == "".join(left_b):
        return None  # "pre training" / "pretraining"
    for kind, test in (("a number", is_number), ("a roman numeral", is_roman)):
        xs = [w for w in left_a if test(w)]
        ys = [w for w in left_b if test(w)]
        if xs or ys:
            return f"titles differ in {kind}: {_show(xs)} / {_show(ys)}"
    unmatched_b = list(left_b)
    unmatched_a = []
    for word in left_a:
        twin = next((w for w in unmatched_b if spelling_variants(word, w)), None)
        if twin is None:
            unmatched_a.append(word)
        else:
            unmatched_b.remove(twin)
    if unmatched_a or unmatched_b:
        return f"titles differ in a word: {_show(unmatched_a)} / {_show(unmatched_b)}"
    return None


def spelling_variants(x: str, y: str) -> bool:
    """True when ``x`` and ``y`` are one word spelt two ways (plural, British/American,
    a single typo in a word of five letters or more)."""
    if x == y:
        return True
    if _singular(x) == _singular(y):
        return True
    for old, new in _SPELLINGS:
        if _american(x, old, new) == _american(y, old, new):
            return True
    return min(len(x), len(y)) >= 5 and x[0] == y[0] and _one_edit(x, y)


def _singular(word: str) -> str:
    for end, repl in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: -len(end)] + repl
    return word


def _american(word: str, old: str, new: str) -> str:
    return word.replace(old, new)


def _one_edit(x: str, y: str) -> bool:
    """True when one insertion, deletion, substitution or swap of neighbours turns x into y."""
    if abs(len(x) - len(y)) > 1:
        return False
    i = 0
    while i < min(len(x), len(y)) and x[i] == y[i]:
        i += 1
    if len(x) == len(y):
        if x[i + 1:] == y[i + 1:]:
            return True  # substitution
        return x[i:i + 2] == y[i:i + 2][::-1] and x[i + 2:] == y[i + 2:]  # swap
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    return longer[i + 1:] == shorter[i:]


def _show(words: list[str]) -> str:
    return " ".join(words) if words else "-"
