"""Candidate keyphrases and the choice of keyphrases among them (pure Python, no model).

Candidates are noun-phrase-shaped runs of 1-3 content words: a stop word (of English and
of the text's own language), a verb form, a number-only token or any punctuation other
than a hyphen or apostrophe inside a word breaks a run, so no candidate joins words that
are not next to each other in the text. Light part-of-speech rules over word lists then
keep noun-phrase shapes: a phrase never ends in an adjective-shaped word ("neural"), a
participle or an adverb, and one-word phrases that name no topic ("approach") are left
out. Acronyms keep their casing (BERT, RLHF, LLMs, GPT-4), proper nouns too (Facebook,
English: capitalised inside a sentence and never written in lower case); every other
word is lower-cased. Words in Chinese, Japanese or Korean script are skipped (no
segmenter without a model).
A phrase nearly always followed by the same word that names something is a fragment of
the longer phrase and left out ("statistical machine" of "statistical machine
translation"); French phrases put their head first ("analyse syntaxique") and never start
with an adjective or participle or end with a verb form.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.lang.porter import stem

from paperdesk.tagging.cleaning import has_words, plain_text
from paperdesk.tagging.phrase_shapes import (
    german_noun_phrase,
    iberian_noun_phrase,
    leading_adjective,
)
from paperdesk.tagging.stopwords import (
    GENERIC,
    IRREGULAR_PARTICIPLES,
    NATIONALITIES,
    UNCLASSIFIED_HEADS,
    VAGUE_MODIFIERS,
    VERB_FORMS,
    adjective_like,
    french_noun_phrase,
    guess_language,
    relational_adjective,
    stop_words_for,
)

MAX_WORDS = 3

# words, with inner hyphens/apostrophes/periods ("few-shot", "don't", "e.g") kept, and en
# dashes, which join names and pairs ("Hamilton\u2013Jacobi equation", "electron\u2013ion"),
# read as hyphens
_WORD_RE = re.compile(r"\w+(?:['\u2019\-.\u2013]\w+)*")
_NUMBER_RE = re.compile(r"[\d_\W]+")
# a run breaks unless the gap between two words is plain whitespace
_GAP_RE = re.compile(r"\s+")
# adverbs ("significantly") never belong in a tag; participles ("predicted") never end one
_ADVERB_RE = re.compile(r"\w{3,}ly")
_LY_NOUNS = frozenset("anomaly family assembly supply italy monopoly butterfly poly".split())
_PARTICIPLE_RE = re.compile(r"\w{2,}[^e]ed")
# ... nor a hyphenated word ending in one ("re-used", "fine-tuned"; not "high-speed")
_HYPHEN_PARTICIPLE_RE = re.compile(r"(?!(?:spe|se|fe|ne|bre|ble|be|re|she)ed$)\w{2,}ed")
# one-word verbs that slip through the verb list ("maximizes", "posits")
_VERB_LIKE_RE = re.compile(r"\w{3,}(?:izes?|izing|ising|ifies|ify|ifying)")
# ... and never start or sit inside a longer one, in lower case ("maximize reward")
_VERB_RE = re.compile(r"[a-z]{3,}(?:izes?|ifies|ify)")
#: a word in -ing before an adjective is a verb with its object ("parsing technical text")
_GERUND_RE = re.compile(r"[a-z]{3,}ing")
ING_NOUNS = frozenset("string thing spring morning evening ceiling building".split())
#: Letters with dots between them ("U.S", "U.K", "e.g"): an abbreviation, no topic.
_DOTTED_RE = re.compile(r"(?:\w\.)+\w?")
# a plural, lower-case first word ("papers cited"; not "class", "corpus", "basis",
# "physics", "famous")
_PLURAL_FIRST_RE = re.compile(r"[a-z]+s(?<!ss)(?<!us)(?<!is)(?<!ics)(?<!ous)")
#: Plurals that do modify a noun in English ("systems biology", "materials science")
PLURAL_MODIFIERS = frozenset("""systems materials securities sales goods arms news series
    species means operations humanities sciences lens gas bias axis sports savings
    customs earnings""".split())
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
#: A shorter phrase inside a better one replaces it when it scores at most this much less.
PREFER_SHORTER = 0.03


@lru_cache(maxsize=1 << 16)
def display_word(word: str) -> str:
    """The word as a tag shows it: acronyms as written, anything else lower-cased.

    Each hyphen-separated part is judged alone: "GPT-4" and "3D" stay, "Text-to-Video"
    becomes "text-to-video"; a capital letter alone stays beside an acronym ("ALT-J",
    "C-STAR"). An acronym has a capital after its first letter (BERT, LLMs, mBERT) or a
    capital and a digit (F1, T5).
    """
    if "-" in word:
        parts = [display_word(part) for part in word.split("-")]
        if any(p != p.lower() for p in parts):
            parts = [w if len(w) == 1 and w.isupper() else p
                     for w, p in zip(word.split("-"), parts, strict=True)]
        return "-".join(parts)
    if any(c.isupper() for c in word[1:]) or (
        word[:1].isupper() and any(c.isdigit() for c in word)
    ):
        return word
    return word.lower()


def _shouting(text: str) -> bool:
    """True for text written mostly in capitals (old all-caps titles), where case says nothing."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) > 0.7 * len(letters)


@dataclass
class Candidates:
    """A paper's candidate phrases and where they occur.

    Attributes:
        text: the text the spans point into (title, then abstract; see ``doc_text``).
        spans: phrase -> (start, end) character spans of its occurrences, phrases in order
            of first appearance.
        title_end: where the title ends in ``text``.
        language: the guessed language of the abstract ("en", "fr", "de", "es", "pt").
        starts, ends: where the text's maximal runs of content words start and end.
    """

    text: str
    spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    title_end: int = 0
    language: str = "en"
    starts: frozenset[int] = frozenset()
    ends: frozenset[int] = frozenset()

    @property
    def phrases(self) -> list[str]:
        """The candidate phrases, in order of first appearance."""
        return list(self.spans)

    def whole(self, phrase: str) -> float:
        """The share of the phrase's occurrences that are a whole run of content words,
        not a piece of a longer one: "machine translation" in "machine translation
        between related languages" (not in "neural machine translation"); a French
        "analyse de sentiments" joins two whole runs."""
        where = self.spans[phrase]
        return sum(s in self.starts and e in self.ends for s, e in where) / len(where)


def doc_text(title: str, abstract: str) -> str:
    """The text a paper's vector is computed from: title, then abstract (without markup,
    links or notices: see :func:`~paperdesk.tagging.cleaning.plain_text`)."""
    return _joined(plain_text(title).strip(), plain_text(abstract).strip())


def _joined(title: str, abstract: str) -> str:
    """Title, then abstract, as one text (both already clean and stripped)."""
    if title and abstract:
        sep = " " if title[-1] in ".?!" else ". "
        return f"{title}{sep}{abstract}"
    return title or abstract


_ELISION_RE = re.compile(r"(?:[ldjmnstc]|qu)['\u2019](?=\w{2})", re.IGNORECASE)


def _elide(word: str, start: int, end: int) -> tuple[str, int, int]:
    """French elisions lose their article: "l'analyse" is "analyse"."""
    if "'" not in word and "\u2019" not in word:  # most words: no regex to run
        return word, start, end
    match = _ELISION_RE.match(word)
    return (word[match.end():], start + match.end(), end) if match else (word, start, end)


# words that text taken from a PDF glues together: a small word and a name ("thePubMed",
# "ofBERT"; "aDNA", "aCGH" and "mRNA" stay whole), or two sentences ("results.We")
_GLUED_RE = re.compile(r"(?:the|of|to|in|for|and|with|on|by|from)(?=[A-Z])|an?(?=[A-Z][a-z])"
                       r"|[\w.]+?\.(?=[A-Z][a-z])")


def _unglue(word: str, start: int) -> list[tuple[str, int, int]]:
    """``word`` (at ``start``) as the words glued in it, each with its span."""
    if word.islower() or word.isupper() or ("." not in word and not word[:1].islower()):
        return [(word, start, start + len(word))]  # most words: no regex to run
    parts, at = [], 0
    while (glued := _GLUED_RE.match(word, at)) and glued.end() < len(word):
        head = glued.group().rstrip(".")
        parts.append((head, start + at, start + at + len(head)))
        at = glued.end()
    parts.append((word[at:], start + at, start + len(word)))
    return parts


#: Lower-case particles of family names: "van der Waals", "von Neumann", "de Broglie"
NAME_PARTICLES = frozenset("van von der den de del della di da dos das ter zu".split())


def _with_particles(text: str, words: list[tuple[str, int, int]]
                    ) -> list[tuple[str, int, int]]:
    """``words`` with each run of lower-case name particles and the capitalised word right
    after it as one word ("van der Waals interactions" is two words, not "der Waals
    interactions" of a stop word and three; "von Neumann entropy", not "Neumann entropy")."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        j = i
        while (j + 1 < len(words) and words[j][0] in NAME_PARTICLES
               and text[words[j][2]:words[j + 1][1]] == " "):
            j += 1
        if j > i and words[j][0][:1].isupper():
            out.append((text[words[i][1]:words[j][2]], words[i][1], words[j][2]))
            i = j + 1
            continue
        out.append(words[i])
        i += 1
    return out


class _Words:
    """The words of one text with their spans, and which of them are proper nouns."""

    def __init__(self, title: str, abstract: str) -> None:
        title, abstract = plain_text(title).strip(), plain_text(abstract).strip()
        self.text = _joined(title, abstract)  # doc_text, cleaned once
        self.abstract_start = len(self.text) - len(abstract) if abstract else len(self.text)
        self.title_end = len(title)
        self.words = [_elide(*part) for m in _WORD_RE.finditer(self.text)
                      for part in _unglue(_hyphenated(m.group()), m.start())]
        body = [w for w, s, _ in self.words if s >= self.abstract_start] or [
            w for w, _, _ in self.words]
        self.language = guess_language(body)
        if self.language == "en":
            self.words = _with_particles(self.text, self.words)
        self.stops = stop_words_for(self.language)
        self.loud = {"title": _shouting(title), "abstract": _shouting(abstract)}
        self.lowered = {w.lower() for w, _, _ in self.words if w.islower()}
        self.proper = self._proper_nouns()
        self._content: dict[str, bool] = {}

    def _proper_nouns(self) -> set[str]:
        """Capitalised words seen inside a sentence of normal text, never lower-cased, and
        not beside another capitalised word (a concept written in capitals, as "Named
        Entity Recognition (NER)", is not a name; an acronym beside one is no such
        concept: "Princeton WordNet", "Google BERT")."""
        proper = set()
        for i, (word, start, _) in enumerate(self.words):
            if start < self.abstract_start or self.loud["abstract"] or i == 0:
                continue
            before = self.text[self.words[i - 1][2]:start]
            after = self.words[i + 1][0] if i + 1 < len(self.words) else ""
            if (_capitalised(word) and word.lower() not in self.lowered
                    and not _SENTENCE_END.search(before) and "\n" not in before
                    and not _capitalised(self.words[i - 1][0]) and not _capitalised(after)):
                proper.add(word)
        return proper

    def display(self, word: str, start: int) -> str:
        """How ``word`` (at ``start``) is written in a phrase."""
        part = "title" if start < self.abstract_start else "abstract"
        if self.loud[part]:
            written = {w for w, s, _ in self.words if not self.loud[
                "title" if s < self.abstract_start else "abstract"]}
            return word if word in written and display_word(word) == word else word.lower()
        if word in self.proper or (self.language == "de" and word[:1].isupper()
                                   and word.lower() not in self.lowered):
            return word  # a name; in German, every noun
        if self.language == "en" and word.lower() in NATIONALITIES:
            return word.capitalize()
        return display_word(word)

    def content(self, word: str) -> bool:
        """True for a word that may be part of a phrase."""
        known = self._content.get(word)
        if known is None:
            known = self._content[word] = self._is_content(word)
        return known

    def _is_content(self, word: str) -> bool:
        lower = word.lower()
        return (
            len(word) > 1
            and not (len(word) == 2 and word.islower())  # "en", "de": stop words elsewhere
            and lower not in self.stops
            and lower not in VERB_FORMS
            and not _NUMBER_RE.fullmatch(word)
            and not (word[0].isdigit() and any(c.islower() for c in word))  # "30a0", "4.7kΩ"
            and not (_ADVERB_RE.fullmatch(lower) and lower not in _LY_NOUNS)
            and not _CJK_RE.search(word)
            and not lower.endswith(("'s", "\u2019s"))
            and not _elided_stop(lower, self.stops)
        )


def _hyphenated(word: str) -> str:
    """A word with its en dashes read as hyphens ("time\u2013consuming" is shaped like
    "time-consuming", "Chinese\u2013English" is a pair as "Chinese-English")."""
    return word.replace("\u2013", "-")


def text_words(text: str) -> list[str]:
    """The words of ``text`` as candidates read them (inner hyphens and apostrophes kept,
    en dashes read as hyphens), for matching names against a text."""
    return [_hyphenated(w) for w in _WORD_RE.findall(text)]


def _capitalised(word: str) -> bool:
    """True for a word written with a capital and then small letters ("Entity",
    "Co-Attention", not "BERT" or "WordNet")."""
    return word[:1].isupper() and all(part[1:].islower() or len(part) == 1
                                      for part in word.split("-") if part)


def _elided_stop(word: str, stops: frozenset[str]) -> bool:
    """True for an elision before a stop word or a word of one or two letters ("qu'à",
    "n'a", "d'y", "lorsqu'il"): what is left after an elided article is a word on its own
    (see :func:`_elide`)."""
    head, sep, rest = word.replace("\u2019", "'").partition("'")
    return bool(sep) and len(head) <= 7 and (len(rest) <= 2 or rest in stops)


def _runs(words: _Words) -> Iterable[list[tuple[str, int, int]]]:
    """Maximal runs of content words separated only by whitespace (never title to abstract)."""
    run: list[tuple[str, int, int]] = []
    end = 0
    english = words.language == "en"
    for i, (word, start, stop) in enumerate(words.words):
        gap = bool(_GAP_RE.fullmatch(words.text[end:start]))
        breaks = run and (not gap or (end <= words.title_end < start))
        content = words.content(word) and not (gap and _verb_after(words, i)) and not (
            english and _verb_before_object(words, i))
        if not content or breaks:
            if run:
                yield run
            run = [(word, start, stop)] if content else []
        else:
            run.append((word, start, stop))
        end = stop
    if run:
        yield run


#: Pronouns a verb follows: 55 of 31,325 keyphrases of 5,000 ACL papers began with the
#: word after one of them ("revisit", "envision", "report findings", "build statistical
#: models")
SUBJECT_PRONOUNS = frozenset({"we", "they"})
#: Words that open a noun phrase: a word in -s right before one is a verb in the third
#: person ("the paper describes a method", "GRADE allows the user"), not a plural noun.
OBJECT_OPENERS = frozenset("the a an this these its their our his her".split())
#: ... unless a preposition, a quantifier or a number comes up to :data:`NOUN_LOOKBACK`
#: words before it ("for all languages the results", "in recent years the field", "7 days
#: a week").
_NOUN_BEFORE = frozenset("""of in for on with by from to at into over across among between
    per about all both many several some most few two three four five""".split())
NOUN_LOOKBACK = 3
_THIRD_PERSON_RE = re.compile(r"[a-z]{2,}s(?<!ss)(?<!us)(?<!is)(?<!ics)")


#: Modal verbs: the word after one is a verb ("can handle", "may yield"), unless the modal
#: opens a question ("Can Neural Networks Understand ...?").
MODALS = frozenset("can could may might must should will would cannot".split())


def _object_follows(words: _Words, i: int) -> bool:
    """True when the word after word ``i``, with only whitespace between, opens a noun
    phrase (see :data:`OBJECT_OPENERS`)."""
    if i + 1 >= len(words.words):
        return False
    after, after_start, _ = words.words[i + 1]
    return after in OBJECT_OPENERS and bool(
        _GAP_RE.fullmatch(words.text[words.words[i][2]:after_start]))


def _verb_after(words: _Words, i: int) -> bool:
    """True when word ``i`` is a verb by the word before it (the caller checks that only
    whitespace lies between): "we" or "they" ("we revisit", "we report results"); in
    English text, a modal (see :data:`MODALS`) inside a sentence, or "to" when an object
    follows ("to train a parser", "to handle the ambiguity"; "to machine translation"
    stays)."""
    if i == 0:
        return False
    before, start, _ = words.words[i - 1]
    before = before.lower()
    if before in SUBJECT_PRONOUNS:
        return True
    if words.language != "en":
        return False
    if before in MODALS:
        opening = words.text[:start].rstrip()
        return bool(opening) and not _SENTENCE_END.search(opening) and start != (
            words.abstract_start)
    return before == "to" and _object_follows(words, i)


def _verb_before_object(words: _Words, i: int) -> bool:
    """True when word ``i`` is a verb in the third person that opens its object (see
    :data:`OBJECT_OPENERS`): "describes" in "this paper describes a method"; it is no
    part of a phrase ("paper describes", "model inherits", "TiO2 belongs" were keyphrases)."""
    if not (_THIRD_PERSON_RE.fullmatch(words.words[i][0]) and _object_follows(words, i)):
        return False
    left = words.words[i][1]  # the start of the words read back so far
    for back in range(i - 1, max(i - 1 - NOUN_LOOKBACK, -1), -1):
        previous, start, end = words.words[back]
        if not _GAP_RE.fullmatch(words.text[end:left]):
            break  # a comma or a full stop between: another clause
        if previous.lower() in _NOUN_BEFORE or previous[:1].isdigit():  # "24 hours a day"
            return False
        left = start
    return True


def _noun_phrase(words: list[str], language: str = "en") -> bool:
    """True when the words have a noun phrase's shape (by the rules in the module doc;
    French phrases put their head first, see :func:`french_noun_phrase`)."""
    return _noun_phrase_shape(tuple(words), language)


@lru_cache(maxsize=1 << 16)  # the same words recur across papers
def _noun_phrase_shape(words: tuple[str, ...], language: str) -> bool:
    if len(words) == 1 and _DOTTED_RE.fullmatch(words[0]):
        return False  # "U.S" (of "U.S. Government") was a tag of 5 ACL papers
    if any(a.casefold() == b.casefold() for a, b in zip(words, words[1:], strict=False)):
        return False  # "privacy Privacy": a title run into its abstract ("... data privacy
        # Privacy is ..."), a word written twice
    if language == "fr":
        lowered = [w.lower() for w in words]
        parts = [lowered[0].rsplit("-", 1)[-1], *lowered[1:-1], lowered[-1].rsplit("-", 1)[-1]]
        return (all(w[:1].isupper() or display_word(w) != w.lower() for w in words)
                or (french_noun_phrase(lowered) and french_noun_phrase(parts[:len(words)])
                    )) and not all(w in GENERIC for w in lowered)
    if language == "de":
        return german_noun_phrase(words) and not all(w.lower() in GENERIC for w in words)
    if language in ("es", "pt"):
        lowered = tuple(w.lower() for w in words)
        return (all(display_word(w) != w.lower() for w in words)
                or iberian_noun_phrase(lowered, language)
                ) and not all(w in GENERIC for w in lowered)
    last = words[-1].rsplit("-", 1)[-1]
    low = last.lower()
    if (_PARTICIPLE_RE.fullmatch(low) or low in IRREGULAR_PARTICIPLES
            or (last != words[-1] and _HYPHEN_PARTICIPLE_RE.fullmatch(low))):
        return False  # "predicted", "well-known", "shown", "re-used"
    if (adjective_like(low) or adjective_like(words[-1].lower())) and not last[:1].isupper():
        return False
    if _VERB_LIKE_RE.fullmatch(low) and (len(words) == 1 or (
            not last[:1].isupper() and not low.endswith("ising"))):
        return False  # "models generalize", "mechanisms maximizing" ("image denoising" stays)
    if any(_VERB_RE.fullmatch(w) for w in words[:-1]):
        return False  # "maximize reward", "incentivize toxicity"
    lowered = [w.lower() for w in words]
    if any(_GERUND_RE.fullmatch(w) and w not in ING_NOUNS and adjective_like(after)
           and not after[:1].isupper() for w, after in zip(lowered[:-1], words[1:], strict=True)):
        return False  # "resolving textual mentions": a verb and its object
    if len(words) > 1 and words[0].lower() in VAGUE_MODIFIERS:
        return False  # "state-of-the-art parsers" is "parsers"
    if len(words) > 1 and _PLURAL_FIRST_RE.fullmatch(words[0]) and (
            words[0] not in PLURAL_MODIFIERS):
        return False  # English modifiers are singular: "tags recur", "languages differ"
    if len(lowered) == 2 and lowered[1] == "learning" and lowered[0] in LEARNING_KINDS:
        return True  # "deep learning", "active learning", "representation learning"
    if generic_compound(lowered):
        return True  # "text classification", "language models": two generic words
    # a topic needs a word that is neither generic nor a plain or vague adjective
    # ("few-shot learning" has one; "large datasets", "end-to-end training" have none)
    nouns = [w for w in lowered if not adjective_like(w)
             or ("-" in w and w not in VAGUE_MODIFIERS)]
    return not all(w in GENERIC for w in nouns) or _classified(lowered)


#: Words that name a kind of learning with "learning" though they are a plain adjective or
#: a generic noun: "deep learning" (96 times in 5,000 ACL abstracts), "representation
#: learning" (29), "active learning" (17) were never candidates.
LEARNING_KINDS = frozenset(
    "deep active contrastive discriminative generative interactive collaborative cooperative "
    "transductive inductive adaptive representation feature language statistical".split())


#: A generic noun (:data:`GENERIC`) that names what a process works on, and one that names
#: the process: together a topic ("text classification", "information extraction",
#: "language models", "word representations"), where two generic nouns are none
#: ("experimental results", "training data"). Without them, none of the 98 mentions of
#: "text classification" in 5,000 ACL abstracts was a candidate, and "weakly supervised
#: text classification" left the fragment "supervised text".
COMPOUND_MODIFIERS = frozenset("language text word sentence document information knowledge "
                               "term aspect data feature performance parameter quality user"
                               .split())
COMPOUND_HEADS = frozenset("classification generation extraction detection prediction "
                           "representation representations model models order resources "
                           "analysis evaluation optimization".split())


def generic_compound(words: list[str]) -> bool:
    """True when the last two of the (lower-case) words are a topic of two generic nouns
    (:data:`COMPOUND_MODIFIERS`, :data:`COMPOUND_HEADS`): "information extraction"."""
    return len(words) > 1 and words[-2] in COMPOUND_MODIFIERS and words[-1] in COMPOUND_HEADS


def _classified(words: list[str]) -> bool:
    """True for a generic noun that relational adjectives, and nothing vague, make a
    topic of ("magnetic field", "genetic algorithms"; not "large genetic algorithms" nor
    "linguistic knowledge": see :data:`UNCLASSIFIED_HEADS`)."""
    if words[-1] in UNCLASSIFIED_HEADS:
        return False
    modifiers = words[:-1]
    return (any(relational_adjective(w) for w in modifiers)
            and all(relational_adjective(w) or not adjective_like(w) for w in modifiers))


def candidate_spans(title: str, abstract: str = "", max_words: int = MAX_WORDS) -> Candidates:
    """A paper's candidate phrases with the spans of their occurrences in ``doc_text``.

    Args:
        title: the paper's title.
        abstract: its abstract ("" for title-only papers).
        max_words: the longest phrase, in words.
    """
    words = _Words(title, abstract)
    out = Candidates(words.text, title_end=words.title_end, language=words.language)
    following: dict[str, Counter[str]] = defaultdict(Counter)
    heads: set[str] = set()  # one-word phrases seen heading their run
    iberian = words.language in ("es", "pt")
    runs = list(_runs(words))
    out.starts = frozenset(run[0][1] for run in runs)
    out.ends = frozenset(run[-1][2] for run in runs)
    for run in runs:
        shown = [words.display(w, s) for w, s, _ in run]
        for size in range(1, max_words + 1):
            for i in range(len(run) - size + 1):
                part = shown[i:i + size]
                if _noun_phrase(part, words.language):
                    phrase = " ".join(part)
                    out.spans.setdefault(phrase, []).append((run[i][1], run[i + size - 1][2]))
                    if i + size < len(run):
                        following[phrase][shown[i + size]] += 1
                    if size == 1 and iberian and _heads_run(shown, i, words.language):
                        heads.add(phrase)
    for phrase in [p for p in out.spans if _fragment(p, following[p], out.spans)]:
        del out.spans[phrase]
    if iberian:  # a word that always follows a noun modifies it
        for phrase in [p for p in out.spans if " " not in p and p not in heads]:
            del out.spans[phrase]
    if words.language in _OF_RES:
        _complements(words, runs, out.spans)
    return out


def _heads_run(shown: list[str], i: int, language: str) -> bool:
    """True when the Spanish or Portuguese word ``shown[i]`` starts a noun phrase: the
    first of its run, or after an adjective that goes before a noun ("nuevo") or a word
    that is no noun (a verb: "detectó infección")."""
    if i == 0:
        return True
    before = shown[i - 1]
    return leading_adjective(before.lower()) or not _noun_phrase([before], language)


# "actes de dialogue", "extraction d'information", "traitement automatique des langues",
# "análisis de sentimientos", "processamento de linguagem natural": French, Spanish and
# Portuguese name a topic with a noun and its complement
_OF_RES = {
    "fr": re.compile(r"\s+(?:(de|du|des)\s+|(d)['\u2019])"),
    "es": re.compile(r"\s+(de|del)\s+"),
    "pt": re.compile(r"\s+(de|do|da|dos|das)\s+"),
}


def _head_first(words: list[str], language: str) -> bool:
    """True when the lower-cased ``words`` can head a French, Spanish or Portuguese
    phrase."""
    if language == "fr":
        return french_noun_phrase(words)
    return iberian_noun_phrase(tuple(words), language)


def _complements(words: _Words, runs: list[list[tuple[str, int, int]]],
                 spans: dict[str, list[tuple[int, int]]]) -> None:
    """Add to ``spans`` the phrases of a noun phrase, "de" (or "du", "des", "d'"; "del";
    "do", "da", "dos", "das") and a noun phrase, four words at most, each part of a noun
    phrase's shape; a phrase nearly always completed so ("actes" of "actes de dialogue")
    goes, as a fragment."""
    of_re = _OF_RES[words.language]
    completed: set[tuple[int, int]] = set()
    for left, right in zip(runs, runs[1:]):  # noqa: B905 (pairs)
        gap = words.text[left[-1][2]:right[0][1]]
        match = of_re.fullmatch(gap)
        if not match or (left[-1][2] <= words.title_end < right[0][1]):
            continue
        joint = f" {match.group(1)} " if match.group(1) else " d'"
        for k in (1, 2):
            for m in (1, 2):
                if k + m > 3 or k > len(left) or m > len(right):
                    continue
                head = [words.display(w, s) for w, s, _ in left[-k:]]
                tail = [words.display(w, s) for w, s, _ in right[:m]]
                # a generic head is fine here: "analyse de sentiments", "détection d'émotions"
                if not (_head_first([w.lower() for w in head], words.language)
                        and _noun_phrase(tail, words.language)):
                    continue
                phrase = " ".join(head) + joint + " ".join(tail)
                spans.setdefault(phrase, []).append((left[-k][1], right[m - 1][2]))
                completed.add((left[-k][1], left[-1][2]))
    for phrase in [p for p, where in spans.items()
                   if sum(span in completed for span in where) >= FRAGMENT_SHARE * len(where)]:
        del spans[phrase]


#: A phrase followed by the same word in at least this share of its occurrences is a
#: fragment of the longer phrase ("statistical machine" of "statistical machine translation").
FRAGMENT_SHARE = 0.8


def _fragment(phrase: str, following: Counter[str], spans: dict[str, list]) -> bool:
    """True when ``phrase`` is nearly always followed by one word that makes a longer
    candidate, a word that names something ("translation", not "model" or "approach":
    "neural network" stays beside "neural network models")."""
    if not following:
        return False
    word, count = following.most_common(1)[0]
    longer = f"{phrase} {word}"
    # a phrase of the longest size is cut short if the next word would make it longer
    # ("phrase-based statistical machine" before "translation")
    extends = longer in spans or len(phrase.split()) >= MAX_WORDS
    return (count >= FRAGMENT_SHARE * len(spans[phrase]) and extends
            and word.lower() not in GENERIC and singular(word.lower()) not in GENERIC)


# an acronym may open with a small letter and a hyphen: "hexagonal boron nitride (h-BN)"
_ACRONYM_RE = re.compile(r"((?:[\w-]+\s+){1,6})\(((?:[a-z]-)?[A-Z][A-Za-z0-9]*[A-Z]s?)\)")
# the parenthesis alone, and the run of words and spaces before it
_PAREN_RE = re.compile(r"\((?:[a-z]-)?[A-Z][A-Za-z0-9]*[A-Z]s?\)")
_RUN_RE = re.compile(r"[\w\s-]*")


def _acronym_matches(text: str) -> Iterator[re.Match[str]]:
    """``_ACRONYM_RE.finditer(text)``, searched only before each parenthesis that could
    hold an acronym (5x faster: the full scan backtracks at every word of the text).

    A match runs over words and spaces up to its parenthesis, so it starts in the run of
    word characters, hyphens and spaces just before one, and after the previous match."""
    end = 0
    for paren in _PAREN_RE.finditer(text):
        if paren.start() < end:
            continue
        run = _RUN_RE.match(text[end:paren.start()][::-1])  # read backwards from "("
        start = paren.start() - (run.end() if run else 0)
        match = _ACRONYM_RE.search(text, start, paren.end())
        if match:
            end = match.end()
            yield match


def acronyms(text: str) -> dict[str, str]:
    """Acronyms a text defines, with their expansions: "neural machine translation (NMT)"
    gives ``{"NMT": "neural machine translation"}`` (the expansion's initials must spell
    the acronym's capitals)."""
    found: dict[str, str] = {}
    for match in _acronym_matches(text):
        short = match.group(2)
        letters = [c.upper() for c in short[:1] if short[1:2] == "-"] + [
            c for c in short if c.isupper()]
        words = match.group(1).split()
        for n in range(len(letters), 0, -1):  # "Generative Pre-trained Transformer (GPT)"
            tail = words[-n:]
            initials = "".join(p[0] for w in tail for p in w.split("-") if p).upper()
            if initials == "".join(letters) or (
                    n == len(letters) and "".join(w[0] for w in tail).upper() == "".join(letters)):
                found.setdefault(short, " ".join(display_word(w) for w in tail))
                break
    return found


#: Languages told by their script: "zh" (Han characters), "ja" (with kana), "ko" (Hangul).
CJK_LANGUAGES = ("zh", "ja", "ko")
_KANA_RE = re.compile(r"[\u3040-\u30ff]")
_HANGUL_RE = re.compile(r"[\uac00-\ud7af]")


def text_language(title: str, abstract: str = "") -> str:
    """The guessed language of a paper's abstract (of its title when it has none): one of
    :data:`CJK_LANGUAGES` when most of its letters are Chinese, Japanese or Korean, else
    by its stop words (see :func:`~paperdesk.tagging.stopwords.guess_language`)."""
    text = abstract if has_words(abstract) else title
    script = _cjk_language(text)
    if script:
        return script
    return guess_language([_elide(w, 0, 0)[0] for w in _WORD_RE.findall(text)])


def _cjk_language(text: str) -> str | None:
    """"zh", "ja" or "ko" for text whose letters are mostly of those scripts; else None."""
    cjk = len(_CJK_RE.findall(text))
    if not cjk or cjk < 0.5 * sum(c.isalpha() for c in text):
        return None
    if _KANA_RE.search(text):
        return "ja"
    return "ko" if len(_HANGUL_RE.findall(text)) > cjk / 2 else "zh"


_TRAILING_PAREN_RE = re.compile(r"\s*\(([^()]+)\)\s*$")


def _plainly_english(text: str, language: str, strict: bool = False) -> bool:
    """True for text of three words or more with an English stop word and no stop word
    of ``language`` that English lacks ("Deep Neural Networks for Sequence Labeling"; not
    "Traduction par analogie"). ``strict``: its English stop word is not one of
    ``language``'s too (French "a")."""
    from paperdesk.tagging.stopwords import STOP_WORDS, own_stop_words

    words = [_elide(m.group(), 0, 0)[0].lower() for m in _WORD_RE.finditer(text)]
    own = own_stop_words(language)
    english = [w for w in words if w in STOP_WORDS and not (strict and w in own)]
    return len(words) >= 3 and bool(english) and not any(
        w in own and w not in STOP_WORDS for w in words)


def english_part(title: str, abstract: str = "", language: str | None = None
                 ) -> tuple[str, str]:
    """The English title of a paper written in another language, and its own title.

    Many French papers of the ACL Anthology (TALN) give an English title in parentheses
    after the French one ("Une approche hybride ... (A hybrid approach for automatic
    text segmentation)"); some have an English title over a French abstract. Returns
    ``(english, native_title)``: ``("", title)`` for an English paper or one with no
    English title. ``language``: the abstract's, when known (:func:`text_language`).
    """
    if not has_words(abstract):
        return "", title
    title = plain_text(title).strip()
    language = language or text_language(title, abstract)
    if language == "en":
        return "", title
    paren = _TRAILING_PAREN_RE.search(title)
    if language in CJK_LANGUAGES:  # Latin words beside these scripts are English
        if paren and _latin_words(paren.group(1)):
            return paren.group(1).strip(), title[:paren.start()].strip()
        return (title, "") if _latin_words(title) else ("", title)
    if paren and _plainly_english(paren.group(1), language):
        return paren.group(1).strip(), title[:paren.start()].strip()
    if not paren and _plainly_english(title, language, strict=True):
        return title.strip(), ""
    return "", title


def _latin_words(text: str) -> bool:
    """True for text of two words or more with no Chinese, Japanese or Korean letter."""
    return not _CJK_RE.search(text) and len(_WORD_RE.findall(text)) >= 2


def candidates(title: str, abstract: str = "", max_words: int = MAX_WORDS) -> list[str]:
    """Distinct candidate phrases of a paper, in order of first appearance.

    Args:
        title: the paper's title.
        abstract: its abstract ("" for title-only papers).
        max_words: the longest phrase, in words.
    """
    return candidate_spans(title, abstract, max_words).phrases


#: Adjectives that rate or size a thing: a phrase they open names no more than its rest
#: ("large unlabeled corpora", "professional Hebrew diacritizer").
RATING_ADJECTIVES = frozenset("""large huge small big additional advanced typical
    professional lightweight simple complex novel new existing various different several
    standard traditional conventional popular modern current recent powerful efficient
    effective robust strong weak good better best high low""".split())


def names_more(longer: str, shorter: str) -> bool:
    """True when ``longer`` is ``shorter`` after words that belong to the name ("named
    entity recognition", "natural language processing", "word sense disambiguation"), not
    a verb ("pruning phrase tables") or a rating adjective ("large unlabeled corpora")."""
    head, _, tail = longer.lower().rpartition(" " + shorter.lower())
    if tail or not head:
        return False
    return not any(w in RATING_ADJECTIVES or w in VERB_FORMS
                   or (_GERUND_RE.fullmatch(w) and w not in ING_NOUNS) for w in head.split())


@lru_cache(maxsize=1 << 17)
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
