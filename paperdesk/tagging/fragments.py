"""Names that are fragments of longer names, completed from the library's own text.

A keyphrase cut short by the candidate rules ("entity recognition", "pre-trained
language", "network language") becomes a vocabulary entry that no researcher would keep.
The library's titles and abstracts say what it is part of: when most of its occurrences
sit next to one and the same word ("named entity recognition", "pre-trained language
models", "neural network language model"), the entry takes that word into its name; when
that word is a verb ("achieved great success"), the name is no topic and the entry goes.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from paperdesk.tagging.keyphrases import display_word, singular

#: A name is a fragment when at least this share of its occurrences have the same word
#: on one side ...
FRAGMENT_SHARE = 0.6
#: ... and it occurs at least this often in the library's text.
FRAGMENT_LEAST = 5
#: Words after a name that do not complete it ("translation system", "parsing task").
GENERIC_HEADS = frozenset("""system task method approach dataset problem campaign
    challenge framework technique performance result tool setting""".split())

_BREAK_RE = re.compile(r"[.,;:()\[\]{}!?\"“”«»]")
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*")


def complete(names: Iterable[str], texts: Iterable[str]) -> dict[str, str | None]:
    """Fragments among ``names`` (of two words or more) -> their completed name, or None
    for a name to drop (its constant neighbour is a verb or a stop word's kin).

    Names that are no fragments are left out of the result.
    """
    from paperdesk.tagging.stopwords import TASK_WORDS, all_stop_words

    stop = all_stop_words()
    wanted: dict[tuple[str, ...], str] = {}
    for name in names:
        words = tuple(singular(w) for w in name.lower().split())
        if len(words) >= 2:
            wanted.setdefault(words, name)
    sizes = sorted({len(k) for k in wanted})
    firsts = {k[0] for k in wanted}  # a run can be a name only from a name's first word
    seen: Counter[tuple[str, ...]] = Counter()
    sides: dict[tuple[tuple[str, ...], str], Counter[str]] = defaultdict(Counter)
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for part in _BREAK_RE.split(text):
            raw = _WORD_RE.findall(part)
            words = [singular(w.lower()) for w in raw]
            starts = [i for i, w in enumerate(words) if w in firsts]
            for n in sizes:
                for i in starts:
                    if i + n > len(words):
                        break
                    key = tuple(words[i:i + n])
                    if key not in wanted:
                        continue
                    seen[key] += 1
                    for side, j in (("left", i - 1), ("right", i + n)):
                        if 0 <= j < len(words) and len(words[j]) > 2 and words[j] not in stop:
                            sides[key, side][words[j]] += 1
                            written[words[j]][raw[j]] += 1
    out: dict[str, str | None] = {}
    for key, name in wanted.items():
        if seen[key] < FRAGMENT_LEAST:
            continue
        add: dict[str, str] = {}
        for side in ("left", "right"):
            counts = sides.get((key, side), Counter())
            best = min(counts, key=lambda w: (-counts[w], w), default=None)
            if best is None or counts[best] < FRAGMENT_SHARE * seen[key]:
                continue
            if side == "right" and (best in GENERIC_HEADS or (
                    best == "model" and (key[-1].endswith("ing") or key[-1] in TASK_WORDS))):
                continue  # "dependency parsing model": a filler, not a longer name
            add[side] = best
        if not add:
            continue
        if any(_verb_like(w) for w in add.values()):
            out[name] = None
            continue
        form = {side: _written(written[w]) for side, w in add.items()}
        out[name] = " ".join(x for x in (form.get("left"), name, form.get("right")) if x)
    return out


def _verb_like(word: str) -> bool:
    """True for a verb form of the verb list ("achieved", "using") or a French present
    participle ("produisant"); "named", "hidden" and "pre-trained" are modifiers."""
    from paperdesk.tagging.stopwords import VERB_FORMS

    return word in VERB_FORMS or ("-" not in word and len(word) > 6 and word.endswith("ant"))


def _written(forms: Counter[str]) -> str:
    """The most used written form of a word, as a tag shows it."""
    return display_word(min(forms, key=lambda f: (-forms[f], f)))
