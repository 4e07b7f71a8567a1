"""Candidate keyphrases and the choice of tags among them (pure Python, no model).

Candidates are contiguous runs of 1-3 content words: a stop word, a number-only token or
any punctuation other than a hyphen or apostrophe inside a word breaks a run, so no
candidate joins words that are not next to each other in the text (KeyBERT's default
vectorizer drops stop words first and glues the rest into pseudo-phrases). Acronym-like
words keep their casing (BERT, RLHF, LLMs, GPT-4); every other word is lower-cased.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from whoosh.lang.porter import stem

from paperdesk.tagging.stopwords import STOP_WORDS

MAX_WORDS = 3

# words, with inner hyphens/apostrophes/periods ("few-shot", "don't", "e.g") kept
_WORD_RE = re.compile(r"\w+(?:['\u2019\-.]\w+)*")
_NUMBER_RE = re.compile(r"[\d_\W]+")
# a run breaks unless the gap between two words is plain whitespace
_GAP_RE = re.compile(r"\s+")
# adverbs ("significantly") never belong in a tag; participles ("predicted") never end one
_ADVERB_RE = re.compile(r"\w{3,}ly")
_LY_NOUNS = frozenset("anomaly family assembly supply italy monopoly butterfly poly".split())
_PARTICIPLE_RE = re.compile(r"\w{3,}[^e]ed")
#: A shorter phrase inside a better one replaces it when it scores at most this much less.
PREFER_SHORTER = 0.03


def display_word(word: str) -> str:
    """The word as a tag shows it: acronyms as written, anything else lower-cased.

    Each hyphen-separated part is judged alone: "GPT-4" and "3D" stay, "Text-to-Video"
    becomes "text-to-video". An acronym has a capital after its first letter (BERT, LLMs,
    mBERT) or a capital and a digit (F1, T5).
    """
    if "-" in word:
        return "-".join(display_word(part) for part in word.split("-"))
    if any(c.isupper() for c in word[1:]) or (
        word[:1].isupper() and any(c.isdigit() for c in word)
    ):
        return word
    return word.lower()


def _content(word: str) -> bool:
    lower = word.lower()
    return (
        len(word) > 1
        and lower not in STOP_WORDS
        and not _NUMBER_RE.fullmatch(word)
        and not (_ADVERB_RE.fullmatch(lower) and lower not in _LY_NOUNS)
    )


def _phrase_ok(words: list[str]) -> bool:
    return not _PARTICIPLE_RE.fullmatch(words[-1].rsplit("-", 1)[-1].lower())


def _runs(text: str) -> Iterable[list[str]]:
    """Maximal runs of content words separated only by whitespace."""
    run: list[str] = []
    end = 0
    for match in _WORD_RE.finditer(text):
        word = match.group()
        if not _content(word) or (run and not _GAP_RE.fullmatch(text[end : match.start()])):
            if run:
                yield run
            run = [word] if _content(word) else []
        else:
            run.append(word)
        end = match.end()
    if run:
        yield run


def _shouting(text: str) -> bool:
    """True for text written mostly in capitals (old all-caps titles), where case says nothing."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


def candidates(title: str, abstract: str = "", max_words: int = MAX_WORDS) -> list[str]:
    """Distinct candidate phrases of a paper, in order of first appearance.

    Args:
        title: the paper's title.
        abstract: its abstract ("" for title-only papers).
        max_words: the longest phrase, in words.
    """
    texts = [(t, _shouting(t)) for t in (title, abstract)]
    # in all-caps text, only words written the same way in the other, normal text stay caps
    known = {w for t, loud in texts if not loud for w in _WORD_RE.findall(t)}
    seen: dict[str, None] = {}
    for text, loud in texts:
        for run in _runs(text):
            words = [w.lower() if loud and w not in known else display_word(w) for w in run]
            for size in range(1, max_words + 1):
                for i in range(len(words) - size + 1):
                    if _phrase_ok(words[i : i + size]):
                        seen.setdefault(" ".join(words[i : i + size]), None)
    return list(seen)


def singular(word: str) -> str:
    """A crude singular of a lower-cased word, enough to match "gaussians" to "gaussian"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "xes", "ches", "shes", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=65536)
def word_set(phrase: str) -> frozenset[str]:
    """The phrase's words, lower-cased and stemmed, for duplicate checks: "reward models"
    and "reward modeling" (or "gaussians" and "gaussian") have the same words."""
    return frozenset(stem(singular(w)) for w in phrase.lower().split())


def is_near_duplicate(a: str, b: str) -> bool:
    """True when one phrase is the other's plural or its words are a subset of the other's."""
    wa, wb = word_set(a), word_set(b)
    return wa <= wb or wb <= wa


def choose(
    ranked: Iterable[tuple[str, float]], top_n: int, prefer_shorter: float = PREFER_SHORTER
) -> list[tuple[str, float]]:
    """Pick ``top_n`` tags from candidates sorted best first, skipping near-duplicates.

    A candidate that is the plural of, or shares all its words with, a better one is
    skipped, unless it is shorter and scores at most ``prefer_shorter`` less: then it
    replaces the longer one ("3D gaussian" rather than "3D gaussian remains"). The search
    goes on down the list until ``top_n`` are found.
    """
    chosen: list[tuple[str, float]] = []
    for phrase, score in ranked:
        if len(chosen) >= top_n:
            break
        clash = [i for i, (kept, _) in enumerate(chosen) if is_near_duplicate(phrase, kept)]
        if not clash:
            chosen.append((phrase, score))
        elif all(
            len(word_set(phrase)) < len(word_set(chosen[i][0]))
            and chosen[i][1] - score <= prefer_shorter
            for i in clash
        ):
            chosen[clash[0]] = (phrase, score)
            chosen = [c for i, c in enumerate(chosen) if i not in clash[1:]]
    return chosen
