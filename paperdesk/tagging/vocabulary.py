"""The library-wide tag vocabulary, and auto-tags drawn from it (numpy only, no model).

Keyphrases describe one paper; tags group papers. The vocabulary is built from every
paper's keyphrases (its topic phrases: chosen as the keyphrases shown, but without their
weight on whole noun phrases, see :class:`~paperdesk.tagging.tagger.TagResult`): phrases
with the same words (stemmed, any order, singular or plural) are one topic, and so is a
language its title names ("Russian": :data:`LANGUAGE_TOPICS`); topics whose
names' vectors are close (cosine ≥ :data:`MERGE_COSINE`) or that are an acronym and its
expansion, as a paper defines it ("neural machine translation (NMT)"), merge into one
entry with a canonical name and aliases, but a kind of a topic stays apart from it
("statistical machine translation" from "machine translation": :func:`_kind_of`). The
user's own tags are entries too, and preferred: a topic close to a user tag joins it
under the user's name. The user's rules teach it: a renamed or merged topic keeps its
new name, a banned one is never an entry again.

Each paper then gets up to :data:`MOST` suggestions: those naming one of its keyphrases
first, then (up to LEAST) those its abstract stresses (:func:`stressed_keys`) and one of
its nearest papers names too, then strong fills: the entries its nearest papers name (a
vote, weighted by cosine: "an MT paper, as it sits among MT papers"; for the user's tags,
the papers the user gave them count as naming them; scored :data:`FILL_MIN` or more in a
large library); then, up to LEAST, any entry it names in passing or may be filled with
whose odds of being kept, by a fit to hand ratings, reach :data:`EXTRA_ODDS`; then, only
while it has fewer than :data:`WEAK_FILLS` (one), the topics its neighbours name less and
those closest to the mean vector of their papers (raters kept under half of those); never a part
or a whole of a tag it already got ("BERT", "fine-tuning BERT"), nor a fill narrower
than a topic it names ("neural machine translation" for a paper that says "machine
translation" and not "neural": raters dropped 28 of 31). Past LEAST, only
entries among its keyphrases: hand ratings kept about 9 in 10 of those, 8 in 10 of those
its text names and its neighbours back, 3 in 10 of the fills by closeness alone and 3 in 4
of those a fifth of the neighbours' vote backs. A topic the text names in passing (once,
after the abstract's first sentence, or with none of its nearest papers naming it) counts
as not named: at most a fill, under a fill's rules (raters kept half of those).
When the size cap leaves out topics, those kept are the ones that let the most papers
name LEAST of their tags (:func:`_covering`). Generic names of research methods and
material ("data collection", "error analysis", "modèles statistiques") are no entries. A
paper not in English gets entries of another language only when it names them; topics of
French papers join the English entry that their papers with an English title have (an
alias: "traduction automatique" of "machine translation"). Fillers ("translation tasks",
"English", "natural language processing") and parts of larger names are no entries, nor,
in a library of :data:`TOPICAL_PAPERS` or more, names whose papers do not sit together
("Internet", "joint model": see :func:`_topicality`). An
auto entry that would be suggested to fewer than :func:`min_papers` papers is not a tag:
it is dropped and the papers get their next best. A user's tag is a group already (the
papers the user gave it), so it is suggested to one more paper too. Everything here is
a function of the papers' keyphrases and vectors alone, in a fixed order, so the same
library always gets the same vocabulary and suggestions, however it was tagged.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import chain

import numpy as np

from paperdesk.tagging.keyphrases import display_word, generic_compound, singular, text_words
from paperdesk.tagging.stopwords import (
    FILLER_FIRST,
    FILLER_HEADS,
    FILLER_NAMES,
    FILLER_WORDS,
    FRENCH_FILLER_FIRST,
    FRENCH_GENERIC_AUTOMATIC,
    GENERIC_TAGS,
    NATIONALITIES,
    TASK_HEADS,
    TASK_WORDS,
    VAGUE_MODIFIERS,
)

#: Topics whose names' vectors are at least this close merge into one entry.
MERGE_COSINE = 0.8
#: A topic joins a user tag at this cosine (user tags attract a little more).
USER_COSINE = 0.75
#: Languages a paper is about when its title names them ("STYLUS - the MT product line
#: for Russian"): topics, though a keyphrase seldom names a language alone (among 5,000
#: ACL papers 21 titles name Russian and no keyphrase is "Russian"). Not English, nor
#: names of peoples, regions or families (see NATIONALITIES).
LANGUAGE_TOPICS = NATIONALITIES - frozenset(
    "english european american african asian indian slavic germanic semitic dravidian bantu "
    "austronesian british canadian australian".split())
#: Suggestions per paper: at most MOST; at least LEAST when the vocabulary has them.
MOST = 5
LEAST = 3
#: Words too common in papers on language to tie a tag to a paper by themselves.
COMMON_WORDS = frozenset("""language natural processing model neural network text data
    corpus learning system method task""".split())
#: A word in the text of more than this share of the papers is common (see above).
COMMON_SHARE = 0.05
#: How much an entry's mean cosine with all papers counts against it (see :func:`_broadness`).
BROAD_WEIGHT = 1.0
#: Added to an entry's score when it names one of the paper's keyphrases.
KEYPHRASE_BONUS = 0.25
#: Added to an entry's score when the paper's title or abstract names it.
MENTION_BONUS = 0.15
#: A fill's score: the vote of the paper's nearest papers (see :func:`_neighbour_votes`)
#: less its base rate (see FILL_LIFT) and its broadness (see :func:`_broadness`: a hub
#: such as "recherche documentaire" among French papers), plus this times its cosine
#: with the entry's vector, plus SPREAD_BONUS when all the words of one of its names
#: occur in the paper's text.
FILL_COSINE = 0.25
#: ... and this times the cosine of the paper and the entry's name: hand ratings of every
#: candidate of 150 papers kept 58% of the suggestions with it, 57% without.
NAME_COSINE = 0.5
SPREAD_BONUS = 0.1
#: Nearest papers that vote on a paper's fills (see :func:`_neighbour_votes`).
NEIGHBOURS = 10
#: A fill is strong when its neighbours' vote is at least FILL_LIFT times the share of
#: the papers of the paper's language that name it (its base rate) and at least
#: FILL_VOTE: a frequent tag ("machine translation") is among any paper's neighbours.
#: Its score is the vote less the base rate (what the neighbours say beyond chance).
FILL_LIFT = 3.0
FILL_VOTE = 0.3
#: A topic is a fill (strong or weak) only when its fill score reaches this: hand ratings
#: of the strong fills of 5,000 ACL papers (169 rated, benchmarks/ratings/) kept 25% of
#: the quarter scored lowest (under 0.69), 40% of the next (to 0.80), 68% and 78% of the
#: top two. A user's tag that no keyphrase names is a fill by the vote of the papers that
#: carry it alone.
#: Only in a library of TOPICAL_PAPERS or more: in a small one each topic is a large
#: share of the papers, and the base rate takes more of a good fill's score ("machine
#: translation", 0.66, for a paper on turning German news into English among 19 papers on
#: three topics).
FILL_MIN = 0.75
#: A weak fill (neither the paper nor, strongly, its nearest papers name the entry) is
#: given only while the paper has fewer suggestions than this: one, so every paper the
#: model reads joins a group (in a large library, when one scores FILL_MIN). Hand ratings
#: kept 42% of weak fills (benchmarks/ratings/pool150_candidates.tsv: the 150 fully rated
#: ACL papers; 30% of all fills on 100 rated
#: papers of a computer-science library), so a second or third was more often wrong than
#: right: without them 79% of those papers' suggestions were kept, not 67% (CS: 66%, not
#: 50%), and 2,974 of 5,000 ACL papers have fewer than three suggestions, not 803.
WEAK_FILLS = 1
#: Then, while a paper has fewer than LEAST suggestions: an entry its text names in
#: passing, or a fill of any strength, whose odds of being kept reach EXTRA_ODDS. Its log
#: odds: EXTRA_WEIGHTS times (named among its keyphrases; named in its text; the cosine of
#: the paper and the entry's name; the neighbours' vote less the base rate and the
#: broadness) less EXTRA_BIAS, a logistic fit to the 1,771 hand ratings of
#: ratings/pool150_candidates.tsv that name an entry of today's vocabulary
#: (benchmarks/fit_extras.py). Among 5,000 ACL papers, 209 more got three suggestions
#: (3,390 under three, not 3,599) and the 150 rated papers kept 88.0% (89.5% before: 8 of
#: the 13 rated additions kept); on the computer-science library none of it was fitted
#: on, 29 more (1,288 under three) at 82.7% kept (85.4%: 3 of 7). Even odds gave 3,240
#: under three at 86.5% and 80.9%; odds of 2, 3,488 at 88.2% and 83.3%. A blind rating of
#: 60 ACL papers it gave more (ratings/extra_odds_ab.tsv) kept 34 of the 63 it added (54%;
#: their other suggestions 82.6%): a paper gets a third tag that is right half the time.
EXTRA_WEIGHTS = (2.33, 1.71, 3.25, 3.43)
EXTRA_BIAS = 3.15
EXTRA_ODDS = 1.5
#: A fill (strong or weak) only for a paper that sits among the library's papers: the
#: mean cosine of its NEIGHBOURS nearest papers at least this share of the median paper's.
#: Papers of another field got a topic of the library's by the vote of papers that are
#: merely the least far: in 323 papers of ACL and of a researcher's PDFs and Zotero items
#: (median 0.55), "hate speech" for one on private data analysis (0.32), "question
#: answering" for one on inverse equilibrium problems (0.30), fills for papers on quantum
#: dots (0.14) and on scheduling (0.18).
AMONG_SHARE = 0.6
#: Acronyms that name a field, not one thing: a tag with one may be a fill.
FIELD_ACRONYMS = frozenset("mt smt nmt ebmt nlp pos ner asr tts lr nlu nlg qa sms".split())
#: The vocabulary holds at most this share of the paper count (user tags not counted).
SIZE_SHARE = 0.075
SIZE_FLOOR = 25
#: Papers whose cosines with every entry are worked out at once (memory: a block times
#: the entries, not the whole library times them: 1 GB a matrix at 60,000 papers).
BLOCK = 256
#: An entry of another language joins the English entry that at least this many, and
#: this share, of its papers with an English title have (see :func:`_across_languages`).
ACROSS_PAPERS = 2
ACROSS_SHARE = 0.4
#: ... and whose name's vector is at least this close (the model reads a little French:
#: "traduction automatique" and "machine translation" 0.34, "langue naturelle" and "tree
#: adjoining grammar" 0.10).
ACROSS_COSINE = 0.2
#: An auto entry whose papers are less each other's neighbours than this is no topic
#: (see :func:`_topicality`); measured in libraries of TOPICAL_PAPERS papers or more.
TOPICAL = 0.04
TOPICAL_PAPERS = 100
#: Entries of two languages whose names are this close say the same: a paper gets one
#: ("corpus annotés", "annotated corpus" 0.77; "textes arabes", "Arabic" 0.71; but "corpus
#: comparables", "parallel corpora" 0.59 are two topics).
TRANSLATED_COSINE = 0.65
#: A one-word topic is one when at least this share of the papers that use the word have
#: it among their keyphrases ("parsing" 0.09, "paraphrases" 0.35 of 5,000 ACL papers;
#: "identification" 0.06, "recognition" and "translation" 0.02).
ONE_WORD_KEYPHRASENESS = 0.07
#: Words that head topics but name none alone ("language identification", "détection
#: d'émotions").
ONE_WORD_GENERIC = frozenset("identification détection detection recognition reconnaissance "
                             "translation traduction".split())
#: Two tags of one paper whose names are this close say the same ("spoken language
#: translation" and "speech-to-speech translation" 0.79); a topic's head topic may be closer.
DUPLICATE_NAME_COSINE = 0.78
#: A paper with no abstract, or a user's tag, is a fill only this close (the paper's vector
#: against the entry's). On real Zotero libraries, fills of title-only items closer than
#: this named the title's field ("feedback design" for "Almost ISS property for feedback
#: connected systems"); those further named another ("projection pursuit" for a paper on
#: quantum dots), as did a user's tags on papers far from theirs ("Perl" on a paper on
#: how people see cities). A user's tag groups what the user chose, not a topic the
#: library's papers share: far from its papers, it says nothing about a paper.
FAR_FILL_COSINE = 0.35
#: No paper is given a fill less close than this (its vector against the entry's), even
#: when it then has fewer than :data:`LEAST` suggestions. Hand ratings kept 2 of the 43
#: rated fills under it on the ACL papers (benchmarks/ratings/pool150_candidates.tsv), and
#: below it a paper gets whatever the vocabulary holds: "annotation, anaphora resolution,
#: NER models" for a phonetics paper on Mayan ejectives among 5,000 ACL papers (10 of them,
#: all phonetics or speech pathology, are left with fewer than three); in a small library
#: of unrelated papers (the shared PDFs and Zotero samples), "changelog", "statistics" and
#: "probability" for papers on information extraction and parsing, "control design" for
#: one on dendritic spines, "hexagonal boron nitride" for one on indexing XML.
FILL_FLOOR = 0.2
#: Languages the model reads: only papers whose vector comes from text in one of them (an
#: English abstract, or an English title beside one in another language) are given fills,
#: suggestions their text does not name. all-MiniLM-L6-v2 learnt English: it puts texts
#: of other languages close together whatever their topic (mean cosine between ACL
#: papers in French with no English title 0.49, between SciELO papers in Portuguese on
#: medicine, botany, physics and literature 0.42; between English ACL papers 0.38), so
#: their fills were noise: 12 of 58 kept in hand ratings of ACL papers
#: (benchmarks/ratings/pool150_candidates.tsv); "cidades brasileiras" on 53 of 104
#: Portuguese and Spanish papers of every field.
READ = frozenset({"en"})
#: Languages whose noun phrases put the head first ("traduction automatique statistique").
HEAD_FIRST = frozenset({"fr", "es", "pt", "it", "ro", "ca"})
#: A topic among the keyphrases of more than this share of papers groups nothing.
BROAD_SHARE = 0.2


def phrase_key(phrase: str) -> str:
    """Words of a phrase, lower-cased, singular and sorted: the same key for "Machine
    Translation" and "machine translations" (no stemmer: Porter's makes "generation" and
    "generalization" one word); each part of a hyphenated word is made singular, as
    French writes both ("questions-réponses" and "question-réponse" were two tags).
    A key is its own key (stored keys of older versions are read through it)."""
    return " ".join(sorted({word_key(w) for w in phrase.lower().split()}))


@lru_cache(maxsize=1 << 17)
def word_key(word: str) -> str:
    """One lower-case word as :func:`phrase_key` writes it: each part singular (kept
    for the words seen last: the vocabulary reads every text's words, each several times)."""
    return "-".join(singular(part) for part in word.split("-"))


def min_papers(n_papers: int) -> int:
    """Fewest papers an entry must have among its keyphrases, and be suggested to: 2 (a
    one-paper tag groups nothing), 3 in libraries of 1,000 papers or more (where two papers
    share a phrase by chance more often). An entry the vocabulary keeps is suggested to
    its own papers: at 5 for 5,000 papers, "pronoms clitiques" and "grec moderne", the
    keyphrases of three papers each, went, and those papers got fills instead."""
    return 2 if n_papers < 1000 else 3


@dataclass
class Rules:
    """What the user taught the vocabulary, by phrase key (:func:`phrase_key`).

    Attributes:
        names: key -> the entry name it belongs to (from renames and merges).
        banned: keys never to suggest.
    """

    names: dict[str, str] = field(default_factory=dict)
    banned: set[str] = field(default_factory=set)


@dataclass
class Entry:
    """One vocabulary entry: a recurring topic or a user tag.

    Attributes:
        name: the canonical name, shown as the tag.
        aliases: other names merged into it, most used first.
        source: "user" (a tag the user gave some paper, or a renamed entry) or "auto".
        papers: how many papers have it among their keyphrases (or as a user tag).
        vector: the unit vector papers are matched with: the mean vector of the papers
            that have it among their keyphrases or as a user tag.
        keys: the phrase keys of the name and every alias.
        suggested: how many papers it is suggested to (set by :func:`assign`).
        members: the papers that have it among their keyphrases (or as a user tag).
        language: the language most of those papers are in; None for user tags (any).
        coherence: the length of the mean of those papers' unit vectors (1: all alike).
        name_vector: the unit vector of its name (empty when not known).
    """

    name: str
    aliases: list[str] = field(default_factory=list)
    source: str = "auto"
    papers: int = 0
    vector: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))
    keys: set[str] = field(default_factory=set)
    suggested: int = 0
    members: set[int] = field(default_factory=set)
    language: str | None = None
    coherence: float = 1.0
    name_vector: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))


@dataclass
class PaperPhrases:
    """What the vocabulary needs of one paper.

    Attributes:
        keyphrases: the paper's keyphrases, best first.
        acronyms: acronym -> the expansion the paper gives for it ("NMT" -> "neural
            machine translation").
        language: the language of its abstract ("en", "fr", ...).
        english: True for a paper in another language with an English title (its vector
            and first keyphrases are the English title's).
    """

    keyphrases: list[str]
    acronyms: dict[str, str] = field(default_factory=dict)
    language: str = "en"
    english: bool = False


Vectors = Callable[[list[str]], np.ndarray]


def build(papers: Mapping[int, PaperPhrases], user_tags: Mapping[str, set[int]],
          rules: Rules, vectors: Vectors, paper_vectors: Mapping[int, np.ndarray],
          n_papers: int | None = None,
          texts: Iterable[str] | Mapping[int, str] | None = None,
          mentions: Mapping[int, set[str]] | None = None,
          nearest: Nearest | None = None,
          titles: Mapping[int, set[str]] | None = None) -> list[Entry]:
    """The vocabulary of a library, largest entries first.

    Args:
        papers: paper id -> its keyphrases (and the acronyms it defines).
        user_tags: the user's tag names -> the papers that carry each.
        rules: renames, merges and bans.
        vectors: unit vectors of names (each embedded alone; cached by the caller), to
            merge topics with close names.
        paper_vectors: paper id -> its unit vector, for the entries' vectors.
        n_papers: the library's size (default: ``len(papers)``), for the size cap.
        texts: the papers' titles and abstracts (best by paper id): a topic's name that
            is a fragment of a longer one there is completed, or dropped (see
            :mod:`~paperdesk.tagging.fragments` and :func:`_completed`).
        mentions: paper id -> :func:`mention_keys` of its title and abstract: when there
            are more topics than the size cap allows, the entries kept are those that let
            the most papers get :data:`LEAST` tags their own text names (see
            :func:`_covering`); without it, the largest.
        nearest: :func:`nearest_papers` of ``paper_vectors`` (rows by sorted paper id,
            :data:`NEIGHBOURS` each), when the caller has it already (default: computed
            here, when needed).
        titles: paper id -> :func:`mention_keys` of its title: a language its title names
            ("STYLUS - the MT product line for Russian") is one of its topics, as if a
            keyphrase (see :data:`LANGUAGE_TOPICS`).
    """
    n_papers = len(papers) if n_papers is None else n_papers
    expansions = _acronyms(papers)
    # papers and written forms per topic (a key, or the name a rule gives it)
    members: dict[str, set[int]] = defaultdict(set)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for pid in sorted(papers):
        own = {phrase_key(s): phrase_key(long) for s, long in papers[pid].acronyms.items()}
        for phrase in papers[pid].keyphrases:
            key = own.get(phrase_key(phrase)) or _expand(phrase_key(phrase), expansions)
            if not key or key in rules.banned or _banned_with_tail(phrase, rules.banned):
                continue
            topic = rules.names.get(key, key)
            members[topic].add(pid)
            forms[topic][phrase] += 1
    # a language the title names ("Russian") is a topic, seldom a keyphrase of its own
    for pid, named in sorted((titles or {}).items()):
        for key in sorted(named & LANGUAGE_TOPICS):
            topic = rules.names.get(key, key)
            if pid in papers and key not in rules.banned and pid not in members[topic]:
                members[topic].add(pid)
                forms[topic][key.capitalize()] += 1
    # an acronym's topic is also written out, as its papers define it ("NMT": "neural
    # machine translation"), even where no keyphrase spells it
    for pid in sorted(papers):
        for long in papers[pid].acronyms.values():
            key = phrase_key(long)
            if forms.get(rules.names.get(key, key)) and key not in rules.banned:
                forms[rules.names.get(key, key)][display_phrase(long)] += 1
    entries: list[Entry] = []
    # user tags and renamed entries first: they keep their names and attract their topics
    # (a renamed topic keeps the keys of its old names: a text that names "analysis"
    # still names it after a rename to "data analysis")
    renamed_from: dict[str, set[str]] = defaultdict(set)
    for key, name in rules.names.items():
        renamed_from[name].add(key)
    fixed = dict.fromkeys([*sorted(user_tags), *sorted(renamed_from)])
    # what the model reads for an entry's vector: a renamed topic is read as it was
    # written ("MT" for "machine translation" read as the latter, or its papers lost fills
    # by the cosine of their text with a two-letter name)
    read_as: dict[str, str] = {}
    for name in fixed:
        if phrase_key(name) in rules.banned:  # (a user's tag too: it stays on the papers
            continue                          # the user gave it, and is never suggested)
        topic = name if name in members else expansions.get(phrase_key(name), phrase_key(name))
        taken = members.pop(topic, set()) | members.pop(name, set())
        seen = forms.pop(topic, Counter()) + forms.pop(name, Counter())
        taken |= set(user_tags.get(name, ()))
        if seen and name in renamed_from:
            read_as[name] = _best(seen)
        entries.append(Entry(name, _aliases(seen, name), "user", len(taken),
                             keys={phrase_key(name), *map(phrase_key, seen),
                                   *renamed_from.get(name, ())},
                             members=taken))
    # in a large library a topic needs a third paper to be worth a vector
    recurring = min_papers(n_papers)
    topics = sorted((t for t, ids in members.items() if len(ids) >= recurring),
                    key=lambda t: (-len(members[t]), t))
    one_word = _one_word_topics({t: len(members[t]) for t in topics if " " not in t}, texts)
    auto = [Entry(_best(forms[t]), _aliases(forms[t], _best(forms[t])), "auto",
                  len(members[t]), keys={t, *map(phrase_key, forms[t])}, members=members[t])
            for t in topics if not _too_broad(_best(forms[t]), len(members[t]), n_papers,
                                              one_word)]
    if texts is not None:  # (a fragment may complete to a banned name: "media platforms")
        auto = [e for e in _completed(auto, texts) if phrase_key(e.name) not in rules.banned
                and not _banned_with_tail(e.name, rules.banned)]
    every = entries + auto
    if not every:
        return []
    matrix = vectors([read_as.get(e.name, e.name) if e.source == "user" else e.name
                      for e in every])
    for entry, vector in zip(every, matrix, strict=True):
        entry.vector = entry.name_vector = vector
    kept = list(entries)
    # the user's own tags (first among them) attract close topics; a topic they renamed
    # no more than before (a rename to "PLMs" took in "pre-trained models" and went to 25
    # more papers)
    n_own = sum(e.name in user_tags for e in entries)
    # the kept entries' vectors, a row each, filled as they come (stacked anew for each
    # topic, they made build quadratic: 4 of 7 minutes of a 20,000-paper library)
    rows = np.zeros((len(every), matrix.shape[1]), dtype=np.float32)
    by_key: dict[str, Entry] = {}
    for i, entry in enumerate(kept):
        rows[i] = entry.vector
        by_key.update(dict.fromkeys(entry.keys - by_key.keys(), entry))
    for entry in auto:
        # the same words are one topic ("machine translation evaluation" and "MT
        # evaluation", its acronym spelt out), however far their names' vectors
        same = next((by_key[k] for k in sorted(entry.keys) if k in by_key), None)
        target = same or _closest(kept, rows[:len(kept)], entry.vector, n_own)
        if same is not None or (target is not None and not _one_word_in(
                target, entry) and not _other_unit(target, entry) and not _other_kind(
                target, entry) and not _kind_of(entry, target) and not _aspect_of(
                entry, target)):
            _absorb(target, entry)
            by_key.update(dict.fromkeys(entry.keys - by_key.keys(), target))
        else:
            rows[len(kept)] = entry.vector
            kept.append(entry)
            by_key.update(dict.fromkeys(entry.keys - by_key.keys(), entry))
    kept = _across_languages(kept, papers)
    user = [e for e in kept if e.source == "user"]
    auto = [e for e in _without_parts(sorted((e for e in kept if e.source == "auto"),
                                             key=lambda e: (-e.papers, e.name)))
            if not _generic(e.name)]
    if mentions is not None and len(paper_vectors) >= TOPICAL_PAPERS:
        wanted = {key for e in auto for key in e.keys}
        naming: dict[str, set[int]] = defaultdict(set)
        for pid, keys in mentions.items():
            for key in keys & wanted:
                naming[key].add(pid)
        around = _library_neighbours(papers, paper_vectors, nearest)
        auto = [e for e in auto if _topicality(e, around, naming) >= TOPICAL]
    # a topic the user renamed still takes its place (renaming one let another in)
    renamed = [e for e in user if e.name not in user_tags]
    cap = max(SIZE_FLOOR, int(SIZE_SHARE * n_papers)) - len(renamed)
    if mentions is not None and len(auto) > cap:
        auto = _covering(auto, cap, mentions, renamed)
    out = sorted(user + auto[:cap], key=lambda e: (-e.papers, e.name))
    for entry in out:
        if entry.source == "auto":
            entry.language = _language(entry, papers)
        # the vectors the model read in English, when the entry has any
        members = sorted(entry.members)
        readable = [p for p in members if p not in papers or papers[p].language == "en"
                    or papers[p].english]
        rows = [paper_vectors[p] for p in readable or members if p in paper_vectors]
        mean = np.mean(rows, axis=0) if rows else entry.vector
        entry.coherence = float(np.linalg.norm(mean))
        entry.vector = (mean / max(entry.coherence, 1e-12)).astype(np.float32)
    return out


def _topicality(entry: Entry, around: Neighbours, naming: Mapping[str, set[int]]) -> float:
    """How much the papers that name ``entry`` (among their keyphrases or in their text)
    are each other's nearest neighbours, beyond chance: 1 when each paper's
    :data:`NEIGHBOURS` nearest papers all name it, 0 when as many do as in a random set of
    papers of that size and language. A topic's papers sit together ("machine
    translation"); a word papers on anything use does not ("Internet", "joint model",
    "U.S", "related words").

    ``around``: the library's papers and their nearest (:func:`_library_neighbours`);
    ``naming``: phrase key -> the papers whose title or abstract names it."""
    ids, rows, nearest, languages, language_size = around
    named = {rows[p] for p in entry.members if p in rows}
    named |= {rows[p] for key in entry.keys for p in naming.get(key, ()) if p in rows}
    if len(named) < 2:
        return 0.0
    inside = np.zeros(len(ids), dtype=bool)
    inside[sorted(named)] = True
    hits = inside[nearest[0][sorted(named)]].mean(axis=1)
    # a random set of that size holds this share of a paper's neighbours (they are of its
    # language: the model puts papers of one language close together, whatever their topic)
    rows_in = sorted(named)
    same = Counter(languages[r] for r in rows_in)
    chance = np.array([(same[languages[r]] - 1) / max(language_size[languages[r]] - 1, 1)
                       for r in rows_in])
    return float(np.mean((hits - chance) / np.maximum(1.0 - chance, 1e-6)))


#: Each row's nearest rows and their weights (:func:`nearest_papers`).
Nearest = tuple[np.ndarray, np.ndarray]
#: Paper ids, their rows, each row's nearest rows and weights, each row's language, and
#: how many papers each language has.
Neighbours = tuple[list[int], dict[int, int], Nearest, list[str], Counter[str]]


def _library_neighbours(papers: Mapping[int, PaperPhrases],
                        paper_vectors: Mapping[int, np.ndarray],
                        nearest: Nearest | None = None) -> Neighbours:
    """Paper ids, their rows, each row's nearest rows (:func:`nearest_papers`, unless
    given) and the language the model reads each in ("en" for English or an English
    title; else the language of its abstract)."""
    ids = sorted(paper_vectors)
    if nearest is None:
        nearest = library_nearest(paper_vectors)
    langs = ["en" if p not in papers or papers[p].english else papers[p].language
             for p in ids]
    return ids, {p: i for i, p in enumerate(ids)}, nearest, langs, Counter(langs)


def library_nearest(paper_vectors: Mapping[int, np.ndarray]) -> Nearest:
    """:func:`nearest_papers` of the papers' vectors, rows by sorted paper id, the
    :data:`NEIGHBOURS` nearest each: what :func:`build` and :func:`assign` use (compute
    it once and pass it to both when they get the same papers)."""
    ids = sorted(paper_vectors)
    matrix = (np.stack([paper_vectors[p] for p in ids]).astype(np.float32) if ids
              else np.zeros((0, 0), dtype=np.float32))
    return nearest_papers(matrix, NEIGHBOURS)


def _covering(auto: list[Entry], cap: int, mentions: Mapping[int, set[str]],
              taken: Collection[Entry] = ()) -> list[Entry]:
    """``cap`` entries of ``auto`` (largest first), chosen greedily so that as many papers
    as possible get :data:`LEAST` entries they name (among their keyphrases or in their
    text): a tag a paper names is one a researcher keeps far more often than one that is
    only close to it (hand ratings: about 9 in 10 against 3 in 10). ``taken``: entries
    in the vocabulary already (topics the user renamed), whose papers count as named."""
    every = [*auto, *taken]
    wanted: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(every):
        for key in entry.keys:
            wanted[key].append(i)
    support: list[set[int]] = [set(e.members) for e in every]
    for pid in sorted(mentions):
        for key in mentions[pid]:
            for i in wanted.get(key, ()):
                support[i].add(pid)
    need: dict[int, int] = defaultdict(lambda: LEAST)
    for i in range(len(auto), len(every)):
        for p in support[i]:
            need[p] -= 1
    # lazy greedy: a gain only falls as papers fill up
    heap = [(-len(s), i) for i, s in enumerate(support[:len(auto)])]
    heapq.heapify(heap)
    chosen: list[int] = []
    while heap and len(chosen) < cap:
        _, i = heapq.heappop(heap)
        gain = sum(1 for p in support[i] if need[p] > 0)
        if heap and gain < -heap[0][0]:
            heapq.heappush(heap, (-gain, i))
            continue
        chosen.append(i)
        for p in support[i]:
            need[p] -= 1
    return sorted((auto[i] for i in chosen), key=lambda e: (-e.papers, e.name))


def _completed(auto: list[Entry], texts: Iterable[str] | Mapping[int, str]) -> list[Entry]:
    """Entries whose names are fragments take their completed names ("entity recognition":
    "named entity recognition", the old name an alias) or go; entries that end up with
    one name are one.

    The completed name must not change what the entry means: the fragment's own words no
    longer tie papers to it (a paper on "natural language translation" names "language
    translation", not "spoken language translation"), and, with ``texts`` by paper id, it
    keeps only the papers whose text has the whole name.
    """
    from paperdesk.tagging.fragments import complete

    by_id = texts if isinstance(texts, Mapping) else None
    done = complete([e.name for e in auto], by_id.values() if by_id is not None else texts)
    out: list[Entry] = []
    by_name: dict[str, Entry] = {}
    for entry in auto:
        if entry.name in done:
            new = done[entry.name]
            if new is None:
                continue
            old_key = phrase_key(entry.name)
            entry.aliases = [entry.name, *entry.aliases]
            entry.name = new
            entry.keys = {k for k in entry.keys if k != old_key} | {phrase_key(new)}
            if by_id is not None:
                whole = new.casefold().removesuffix("s")  # "... model" or "... models"
                entry.members = {p for p in entry.members
                                 if whole in by_id.get(p, "").casefold()}
                entry.papers = len(entry.members)
            if not entry.members:
                continue
        same = by_name.get(entry.name.casefold())
        if same is not None:
            _absorb(same, entry)
        else:
            by_name[entry.name.casefold()] = entry
            out.append(entry)
    return out


def _language(entry: Entry, papers: Mapping[int, PaperPhrases]) -> str | None:
    """The language most of the entry's papers are in (ties: sorted); None for none."""
    langs = Counter(papers[p].language for p in entry.members if p in papers)
    return min(langs, key=lambda k: (-langs[k], k)) if langs else None


def _across_languages(kept: list[Entry], papers: Mapping[int, PaperPhrases]) -> list[Entry]:
    """Entries of another language, less those that join an English entry as its aliases.

    A topic of French papers ("traduction automatique") joins the English entry that
    most of its papers with an English title also have among their keyphrases ("machine
    translation"), when at least :data:`ACROSS_PAPERS` of them and
    :data:`ACROSS_SHARE` of its papers with an English title do and the names are not
    far apart (:data:`ACROSS_COSINE`): the library's bilingual titles are its dictionary.
    Papers that only name the topic in their own language then get the English tag.
    """
    english = [e for e in kept if e.source == "user" or _language(e, papers) == "en"]
    is_english = {id(e) for e in english}
    # paper -> the English entries it belongs to (rows of ``english``), kept up to date as
    # entries are absorbed: what each topic shares with each English entry, without
    # comparing every pair (quadratic in a large library)
    holding: dict[int, set[int]] = defaultdict(set)
    for row, e in enumerate(english):
        for p in e.members:
            holding[p].add(row)
    out: list[Entry] = []
    for entry in kept:
        both = {p for p in entry.members if p in papers and papers[p].english}
        if entry.source == "user" or len(both) < ACROSS_PAPERS or id(entry) in is_english:
            out.append(entry)
            continue
        shares = Counter(row for p in both for row in holding.get(p, ()))
        row = min(shares, key=lambda r: (-shares[r], english[r].papers, r), default=None)
        best = english[row] if row is not None else None
        # an entry that names one thing takes only its own name in another language
        # ("langue arabe" 0.72 into "Arabic", not "grammaires d'arbres" 0.26, which 3 of
        # its 4 papers with an English title had beside it: 15 ACL papers on tree
        # grammars got "Arabic"); so does one that names one thing ("DEFT", a French text
        # mining challenge, not "tweets", which its 2018 papers had beside it)
        close = TRANSLATED_COSINE if best is not None and (
            _specific(best) or _specific(entry)) else ACROSS_COSINE
        if best is not None and shares[row] >= max(ACROSS_PAPERS, ACROSS_SHARE * len(both)) and (
                float(best.vector @ entry.vector) >= close):
            _absorb(best, entry)
            for p in entry.members:
                holding[p].add(row)
        else:
            out.append(entry)
    return out


def display_phrase(phrase: str) -> str:
    """A phrase as a tag shows it (see :func:`~paperdesk.tagging.keyphrases.display_word`)."""
    return " ".join(display_word(w) for w in phrase.split())


def _without_parts(auto: list[Entry]) -> list[Entry]:
    """Entries, largest first, less those whose words are part of a larger entry's name,
    which absorbs them ("language processing" into "natural language processing"; the
    smaller "neural machine translation" stays beside "machine translation")."""
    kept: list[tuple[Entry, set[str]]] = []
    having: dict[str, set[int]] = defaultdict(set)  # word -> the kept entries (rows) with it
    for entry in auto:
        words = set(phrase_key(entry.name).split())
        rows = (set.intersection(*(having.get(w, set()) for w in words))
                if " " in entry.name else set())
        whole = min((r for r in rows if words < kept[r][1]), default=None)
        if whole is not None:
            _absorb(kept[whole][0], entry)
        else:
            for w in words:
                having[w].add(len(kept))
            kept.append((entry, words))
    return [k for k, _ in kept]


def _too_broad(name: str, papers: int, n_papers: int,
               one_word: frozenset[str] | set[str] = frozenset()) -> bool:
    """True for a topic too vague to group papers: a single lower-case word ("machine",
    "utilisation", "au-delà": one word names a topic too rarely; user tags may still be
    one) unless ``one_word`` holds its key (see :func:`_one_word_topics`), a filler
    ("translation tasks", "annotated data": see :data:`FILLER_HEADS`), or, in libraries of
    200 or more, a phrase among the keyphrases of too many papers."""
    if " " not in name and name.islower() and not _compound_topic(name) and (
            phrase_key(name) not in one_word):
        return True
    words = [singular(w) for w in name.lower().split()]
    if len(words) > 1 and (words[-1] in FILLER_HEADS or name.split()[-1].lower() in FILLER_HEADS
                           or words[0] in FILLER_FIRST or words[0] in VAGUE_MODIFIERS
                           or (words[-1] in TASK_HEADS and words[-2] in TASK_WORDS)):
        return True
    if " ".join(name.lower().split()) in FILLER_NAMES or FILLER_WORDS & set(words) or (
            len(words) > 1 and name.split()[0].lower() in FRENCH_FILLER_FIRST
            and not generic_compound(words)):  # "information extraction" is English
        return True
    if _generic(name):
        return True
    return n_papers >= 200 and papers > BROAD_SHARE * n_papers


def _one_word_topics(counts: Mapping[str, int],
                     texts: Iterable[str] | Mapping[int, str] | None) -> set[str]:
    """The one-word topics (keys) whose keyphraseness, the share of the papers whose text
    has the word that have it among their keyphrases, is at least
    :data:`ONE_WORD_KEYPHRASENESS`: "parsing", "paraphrases", "crowdsourcing" are a
    paper's topic when it names them; "translation", "structure", "recognition" are
    words every paper uses (Mihalcea and Csomai, 2007). Without texts, none."""
    if texts is None or not counts:
        return set()
    wanted = {key for key in counts if _telling(key) and key not in ONE_WORD_GENERIC}
    nouns = {key: _action_nouns(key) for key in wanted}
    counted = wanted.union(*nouns.values())
    seen: Counter[str] = Counter()
    for text in (texts.values() if isinstance(texts, Mapping) else texts):
        seen.update(counted.intersection(word_key(w.lower()) for w in text_words(text)))
    return {key for key in wanted
            if seen[key] and counts[key] >= ONE_WORD_KEYPHRASENESS * seen[key]
            and not any(seen[noun] >= seen[key] for noun in nouns[key])}


def _action_nouns(word: str) -> set[str]:
    """The nouns of the action a word in -ing names ("estimation" for "estimating",
    "classification" for "classifying"): where the library uses one at least as often,
    the word in -ing is that noun's verb, no topic ("predicting" beside "prediction");
    "parsing", "clustering" and "mining" have none."""
    if len(word) < 7 or not word.endswith("ing"):
        return set()
    base = word[:-3]
    nouns = {base + "ion", base + "ation", base + "ment", base + "ement", base + "al"}
    if base.endswith("y"):
        nouns.add(base[:-1] + "ication")
    return nouns


def _generic(name: str) -> bool:
    """True for a name no researcher files papers under: a method, material or talk about
    research (see :data:`~paperdesk.tagging.stopwords.GENERIC_TAGS`), or a French
    "<head> automatique" whose head alone names no topic ("détection automatique")."""
    words = name.lower().split()
    return phrase_key(name) in _generic_keys() or (
        len(words) == 2 and words[1] == "automatique" and words[0] in FRENCH_GENERIC_AUTOMATIC)


@cache
def _generic_keys() -> frozenset[str]:
    return frozenset(phrase_key(n) for n in GENERIC_TAGS)


def _compound_topic(word: str) -> bool:
    """True for a hyphenated word that names a topic on its own: three parts or more
    ("data-to-text", "sequence-to-sequence"), a gerund ("post-editing"), an n-gram, two
    nouns in -er ("encoder-decoder"); not "time-consuming", "est-à-dire", "end-users"."""
    parts = word.split("-")
    if len(parts) < 2:
        return False
    if len(parts) >= 3:
        return not any(len(p) < 2 or p in ("à", "de", "la", "dire") for p in parts)
    return ((parts[-1].endswith("ing") and parts[0] not in ("time", "self", "well", "long"))
            or parts[-1] in ("gram", "grams") or all(p.endswith("er") for p in parts))


def _best(forms: Counter[str]) -> str:

    """The most used written form, an acronym counting half (the spelled-out name is
    clearer); ties: the lower-case one, then sorted."""
    def weight(form: str) -> float:
        return forms[form] / 2 if " " not in form and form[1:] != form[1:].lower() else forms[form]

    return min(forms, key=lambda f: (-weight(f), not f.islower(), f))


def _aliases(forms: Counter[str], name: str) -> list[str]:
    return [f for f in sorted(forms, key=lambda f: (-forms[f], f)) if f != name]


def _closest(kept: list[Entry], rows: np.ndarray, vector: np.ndarray, n_user: int
             ) -> Entry | None:
    """The kept entry (``rows``: their vectors) this one should merge into, or None."""
    if not kept:
        return None
    sims = rows @ vector
    best = int(np.argmax(sims))
    limit = USER_COSINE if best < n_user else MERGE_COSINE
    return kept[best] if sims[best] >= limit else None


def _one_word_in(a: Entry, b: Entry) -> bool:
    """True when one entry, a lower-case word, is one word of the other's name ("parsing"
    and "semantic parsing"): close vectors, but the longer one is a topic of its own (a
    name, as "Arabic", takes "Arabic language" in)."""
    words = [set(phrase_key(e.name).split()) for e in (a, b)]
    return any(len(w) == 1 and e.name.islower() and w < other
               for e, w, other in ((a, *words), (b, *words[::-1])))


#: Words that name the unit a method works on: two names that differ only in one are two
#: topics, however close their vectors ("word embeddings", "sentence embeddings").
UNIT_WORDS = frozenset("word subword character morpheme syllable token phrase sentence "
                       "paragraph document".split())


def _word_apart(a: Entry, b: Entry) -> tuple[str, str] | None:
    """The one word (lower case, singular) in which two names of as many words differ, in
    the same place; None when they differ in none or in more."""
    x, y = ([singular(w) for w in e.name.lower().split()] for e in (a, b))
    apart = [(p, q) for p, q in zip(x, y, strict=False) if p != q]
    return apart[0] if len(x) == len(y) and len(apart) == 1 else None


def _other_unit(a: Entry, b: Entry) -> bool:
    """True when two names differ only in a unit word (:data:`UNIT_WORDS`), in the same
    place: "sentence embeddings" was an alias of "word embeddings" among 5,000 ACL papers
    (a rater dropped the tag on papers about sentence encoders), "subword segmentation"
    and "text segmentation" of "word segmentation", "phrase alignment" of "sentence
    alignment"."""
    apart = _word_apart(a, b)
    return (apart is not None and set(apart) <= UNIT_WORDS
            # "parallel sentences" is "parallel corpora" (see _SYNONYMS)
            and len({_SYNONYMS.get(w, w) for w in apart}) == 2)


#: Modifiers that name kinds of one thing: two names that differ only in one, of another
#: kind, are two topics however close their vectors (words of one kind are one: "low-
#: resource" and "under-resourced"). Among 5,000 ACL papers "multilingual corpora" was an
#: alias of "monolingual corpora", "high-resource languages" of "low-resource languages",
#: "open-domain dialogue" of "multi-domain dialogue", "text summarization" of "extractive
#: summarization", "bilingual lexicons" of "bilingual corpus": the entry's tag went to
#: papers on the other kind.
KINDS = {
    **dict.fromkeys(["monolingual"], "mono"), **dict.fromkeys(["bilingual"], "bi"),
    **dict.fromkeys(["multilingual", "multi-lingual"], "multi"),
    **dict.fromkeys(["cross-lingual", "crosslingual", "cross-language"], "cross"),
    **dict.fromkeys(["low-resource", "low-resourced", "under-resourced", "less-resourced",
                     "resource-poor", "resource-scarce"], "low"),
    **dict.fromkeys(["high-resource", "resource-rich", "rich-resource"], "high"),
    **dict.fromkeys(["open-domain", "open-ended"], "open"),
    **dict.fromkeys(["multi-domain", "cross-domain", "out-of-domain", "in-domain",
                     "single-domain", "closed-domain", "task-oriented", "goal-oriented",
                     "domain-specific"], None),
    **dict.fromkeys(["extractive", "abstractive"], None),
    **dict.fromkeys(["supervised", "unsupervised", "semi-supervised", "weakly-supervised",
                     "self-supervised", "distantly-supervised"], None),
    **dict.fromkeys(["spoken", "written"], None),
    **dict.fromkeys(["speech-to-speech", "speech-to-text", "text-to-speech"], None),
    # grammar formalisms ("lexicalized grammar" was an alias of "lexical-functional
    # grammar": LTAG papers got "lexical-functional grammar")
    **dict.fromkeys(["lexical-functional", "lfg"], "lfg"),
    **dict.fromkeys(["tree-adjoining"], "tag"),
    **dict.fromkeys(["unification", "unification-based"], "unification"),
    **dict.fromkeys(["lexicalized", "context-free", "categorial", "head-driven"], None),
    # what a resource is ("bilingual lexicons" was an alias of "bilingual corpus")
    **dict.fromkeys(["corpus", "corpora"], "corpus"),
    **dict.fromkeys(["lexicon", "dictionary"], "lexicon"),
    **dict.fromkeys(["treebank"], "treebank"),
    # what is done to a model ("adversarial networks" was an alias of "adversarial
    # attacks": papers on GANs got "adversarial attacks")
    **dict.fromkeys(["attack", "attacks"], "attack"),
}


def _other_kind(a: Entry, b: Entry) -> bool:
    """True when two names differ only in one word, in the same place, and one of the two
    words names a kind (:data:`KINDS`) the other does not ("extractive" and "text"
    summarization; "open-domain" and "multi-domain" dialogue)."""
    apart = _word_apart(a, b)
    if apart is None or not set(apart) & KINDS.keys():
        return False
    p, q = apart
    return KINDS.get(p, p) is None or KINDS.get(p, p) != KINDS.get(q, q)


def _kind_of(a: Entry, b: Entry) -> bool:
    """True when ``b``'s name (two words or more) is the head of ``a``'s: "statistical
    machine translation" is a kind of "machine translation". The two stay two entries,
    however close their names (0.86 for these): merged, the 264 papers on statistical MT
    among 5,000 ACL papers had no tag of their own; apart, a paper gets both (see
    :func:`_parents`)."""
    a_words, b_words = a.name.casefold().split(), b.name.casefold().split()
    return 2 <= len(b_words) < len(a_words) and a_words[-len(b_words):] == b_words


def _aspect_of(a: Entry, b: Entry) -> bool:
    """True when one name (two words or more) is the other followed by more words, not all
    generic: "machine translation evaluation" and "machine translation training" were
    aliases of "machine translation" among 5,000 ACL papers, "bilingual lexicon induction"
    of "bilingual lexicon": a task on a topic is a topic of its own (in French, a kind:
    "traduction automatique statistique", see :func:`_parents`); "translation memory
    system" is "translation memory"."""
    x, y = (e.name.casefold().split() for e in (a, b))
    short, long = sorted((x, y), key=len)
    return 2 <= len(short) < len(long) and long[:len(short)] == short and not all(
        singular(w) in _GENERIC_TAILS for w in long[len(short):])


#: Nouns after a topic's name that name the topic itself, a thing of it: "translation
#: memory system" is "translation memory" (see :func:`_aspect_of`).
_GENERIC_TAILS = TASK_HEADS | frozenset("tool platform framework approach method technique "
                                        "architecture component module".split())


def _banned_with_tail(phrase: str, banned: Collection[str]) -> bool:
    """True when ``phrase`` is a banned name followed by generic nouns only (see
    :func:`_aspect_of`): banning "social media" let "social media platforms" in."""
    if not banned:
        return False
    words = phrase.lower().split()
    while len(words) > 2 and singular(words[-1]) in _GENERIC_TAILS:
        words.pop()
        if phrase_key(" ".join(words)) in banned:
            return True
    return False


def _absorb(target: Entry, other: Entry) -> None:
    target.aliases = [*target.aliases, *(a for a in [other.name, *other.aliases]
                                         if a != target.name and a not in target.aliases)]
    target.members |= other.members
    target.papers = len(target.members)
    target.keys |= other.keys


def _expand(key: str, expansions: Mapping[str, str]) -> str:
    """The key with acronyms spelled out: "mt system" -> "machine system translation"."""
    if key in expansions:
        return expansions[key]
    words = key.split()
    if not any(w in expansions for w in words):
        return key
    return " ".join(sorted({x for w in words for x in expansions.get(w, w).split()}))


def _acronyms(papers: Mapping[int, PaperPhrases]) -> dict[str, str]:
    """Acronym key -> expansion key, by majority over the papers that define it."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for pid in sorted(papers):
        for short, long in papers[pid].acronyms.items():
            votes[phrase_key(short)][phrase_key(long)] += 1
    return {k: min(v, key=lambda x: (-v[x], x)) for k, v in votes.items()}


def assign(entries: list[Entry], papers: Mapping[int, tuple[np.ndarray, Iterable[str]]],
           n_papers: int | None = None, exclude: Mapping[int, set[str]] | None = None,
           most: int = MOST, languages: Mapping[int, str] | None = None,
           mentions: Mapping[int, set[str]] | None = None,
           titles: Mapping[int, set[str]] | None = None,
           nearest: Nearest | None = None, title_only: Collection[int] = (),
           stressed: Mapping[int, set[str]] | None = None,
           ) -> dict[int, list[tuple[str, float]]]:
    """Suggestions per paper: up to :data:`MOST` entry names with scores, best first.

    Args:
        entries: the vocabulary (from :func:`build`); their ``suggested`` counts are set.
        papers: paper id -> (its unit vector, its keyphrases). Papers with a zero vector
            get nothing.
        n_papers: the library's size (default ``len(papers)``), for :func:`min_papers`.
        exclude: paper id -> case-folded names not to suggest (its own tags, rejections).
        most: suggestions per paper, at most.
        languages: paper id -> the language of its abstract. An entry of another
            language is suggested only when it names one of the paper's keyphrases (the
            model puts papers of one language close together, whatever their topic).
        mentions: paper id -> :func:`mention_keys` of its title and abstract: an entry the
            text names scores :data:`MENTION_BONUS` more and counts as named (one that
            names one thing, as "BERT", only when its title does).
        titles: paper id -> :func:`mention_keys` of its title alone: an entry the title
            names counts as one of its keyphrases (hand ratings kept 95% of those, about
            60% of those only its abstract names).
        nearest: :func:`library_nearest` of the papers' vectors, when the caller has it
            already (default: computed here).
        title_only: the papers that have no abstract. A title says too little to fill
            their suggestions up to :data:`LEAST` from the vocabulary: they get the entries
            they name, and fills at :data:`FAR_FILL_COSINE` or closer only (as every
            paper, for a user's tag; for other papers, closer than :data:`FILL_FLOOR`).
            A paper whose language (in ``languages``) is not one the model reads
            (:data:`READ`) gets no fills, only the entries it names.
        stressed: paper id -> :func:`stressed_keys` of its abstract: an entry the text
            names counts as named only when the abstract stresses it (default: every
            mention counts).

    An auto entry left with fewer than :func:`min_papers` papers is dropped and the
    papers fall back on their next best, until every entry used is a real group. A user's
    tag is one already (the papers the user gave it): it stays, however few papers it is
    suggested to ("morphology" for the one paper on morpheme segmentation not yet tagged
    with it in the sample library).
    """
    n_papers = len(papers) if n_papers is None else n_papers
    exclude = exclude or {}
    ids = sorted(papers)
    live = list(entries)
    least = min_papers(n_papers)
    out: dict[int, list[tuple[str, float]]] = {}
    mentions = mentions or {}
    words = {pid: set(" ".join(mentions.get(pid, ())).split()) for pid in ids}  # keys' words
    if nearest is None:
        nearest = library_nearest({pid: papers[pid][0] for pid in ids})
    # the papers' vectors, and whether each sits among the others, do not change by pass
    vectors = (np.stack([papers[pid][0] for pid in ids]) if ids
               else np.zeros((0, 0), dtype=np.float32))
    among = _among(vectors, nearest[0]) if ids else np.zeros(0, dtype=bool)
    while True:
        out = _assign_once(live, ids, papers, exclude, most, languages or {}, mentions,
                           nearest, words, titles or {}, set(title_only), vectors, among,
                           stressed)
        counts = Counter(name for tags in out.values() for name, _ in tags)
        small = {e.name for e in live if counts[e.name] < least and e.source != "user"}
        if not small:
            break
        live = [e for e in live if e.name not in small]
    for entry in entries:
        entry.suggested = counts.get(entry.name, 0)
    return out


# words that say the same in a tag's name: a paper gets one of two names that differ only
# by them ("POS tagger" and "part-of-speech tagging", "sequence labeling" and "sequence
# tagging": a blind rater dropped the second of each pair as a duplicate; "parallel
# sentences" and "parallel corpora", "transformer-based models" and "transformer-based
# architectures" went to 11 of 5,000 ACL papers together; a blind rater dropped "bilingual
# corpus" beside "parallel corpora")
_SYNONYMS = {"texts": "corpus", "text": "corpus", "corpora": "corpus", "vector": "embedding",
             "vectors": "embedding", "embeddings": "embedding", "tagger": "tagging",
             "labeling": "tagging", "labelling": "tagging", "pos": "part-of-speech",
             "sentence": "corpus", "architecture": "model", "bilingual": "parallel"}


def _spelt_key(owner: Collection[str]) -> Callable[[str], str]:
    """A keyphrase's :func:`phrase_key`, or, when no entry has that key, that of the
    phrase with its hyphens made spaces: the keyphrase "domain-adaptation" names "domain
    adaptation", "Question-Answering" names "question answering"."""
    def key(phrase: str) -> str:
        found = phrase_key(phrase)
        if found in owner or "-" not in phrase:
            return found
        return phrase_key(phrase.replace("-", " "))
    return key


def _synonyms(entry: Entry) -> set[str]:
    """The entry's names with synonyms made one ("parallel texts": "corpus parallel")."""
    return {" ".join(sorted(_SYNONYMS.get(w, w) for w in key.split())) for key in entry.keys}


def mention_keys(text: str, acronyms: Mapping[str, str] | None = None) -> set[str]:
    """The phrase keys (:func:`phrase_key`) of every run of two or three words in
    ``text``, and of its words written with a capital or a hyphen: the entries a paper's
    title or abstract names.

    ``acronyms``: those the paper defines -> their expansions. An acronym it defines
    names its own expansion, not the library's ("NLI": native language identification
    here, natural language inference in most papers), where ``text`` has it (the
    expansion spelt out names itself).
    """
    written = text_words(text)
    words = [word_key(w.lower()) for w in written]
    # one word names an entry as an acronym or a name ("BERT", "Arabic"), or a compound
    # ("post-editing"); "par" in French is not "PARS"
    keys = {k for w, k in zip(written, words, strict=True) if not w.islower() or "-" in w}
    # a language pair names each of its languages ("Chinese-English", "Basque-to-English")
    keys.update([part for k in keys if "-" in k
                 for part in _PAIR_RE.split(k) if part in LANGUAGE_TOPICS])
    # every run of two and three words, its distinct words sorted
    keys.update(a if a == b else f"{a} {b}" if a < b else f"{b} {a}"
                for a, b in zip(words, words[1:], strict=False))
    keys.update(" ".join(sorted({a, b, c}))
                for a, b, c in zip(words, words[1:], words[2:], strict=False))
    for short, long in (acronyms or {}).items():
        if phrase_key(short) in keys:
            keys.discard(phrase_key(short))
            keys.add(phrase_key(long))
    return keys


_PAIR_RE = re.compile(r"-(?:to-|into-)?")
_SENTENCE_BREAK_RE = re.compile(r"(?<=[.!?])\s+")
_ABBREVIATION_END_RE = re.compile(r"\b(?:e\.g|i\.e|al|vs|cf|resp|approx|Fig|Eq|Sect?|Tab|No)\.$")


def stressed_keys(abstract: str, acronyms: Mapping[str, str] | None = None) -> set[str]:
    """The :func:`mention_keys` an abstract stresses: those of its first sentence, and
    those named in two of its sentences or more.

    A topic named once in passing is seldom what the paper is about: hand ratings of
    5,000 ACL papers kept 49% of the suggestions their abstract named once, after the
    first sentence (149 rated), and 77% of those named in it or twice (104).
    """
    sentences: list[str] = []
    for part in _SENTENCE_BREAK_RE.split(abstract.strip()):
        # "e.g. BERT", "et al. (2019)", "ratio vs. length": one sentence
        if sentences and (part[:1].islower() or _ABBREVIATION_END_RE.search(sentences[-1])):
            sentences[-1] += " " + part
        elif part:
            sentences.append(part)
    if not sentences:
        return set()
    keys = [mention_keys(sentence, acronyms) for sentence in sentences]
    seen = Counter(key for found in keys for key in found)
    return keys[0] | {key for key, count in seen.items() if count > 1}


def _common_words(texts: Iterable[set[str]], n_papers: int) -> set[str]:
    """Words in the text of more than :data:`COMMON_SHARE` of the papers (and of 20 or
    more): in an MT library "translation" ties a tag to no paper in particular."""
    counts = Counter(w for words in texts for w in words)
    return {w for w, c in counts.items() if c > max(20, COMMON_SHARE * n_papers)}


def _nested(a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    """True when a name or alias of one entry has its words within one of the other's
    ("BERT" and "fine-tuning BERT"; "named entities" and "named entity recognition")."""
    return any(x <= y or y <= x for x in a for y in b)


def _may_fill(entry: Entry, language: str) -> bool:
    """True when an entry the paper does not name may still be suggested to it (as one of
    its first :data:`LEAST`): it is of the paper's language, or a user tag (the model puts
    papers of one language close together, whatever their topic)."""
    return entry.language in (None, language)


def _specific(entry: Entry) -> bool:
    """True for an auto entry that names one thing (an acronym, a model, a resource, a
    language, a venue: "BERT", "IWSLT", "WordNet", "Arabic"): suggested only to a paper
    that names it, never as a fill (its neighbours' vote says nothing of that thing)."""
    if entry.source == "user":
        return False
    return any(not w.islower() and w.casefold() not in FIELD_ACRONYMS
               for w in re.split(r"[\s\-/]+", entry.name) if w[:1].isalpha())


def _heads(picked: list[int], parents: list[list[int]], limit: int, scores: np.ndarray
           ) -> Iterator[tuple[int, int, float]]:
    """The tier of the head topics of the entries picked so far (read when reached)."""
    for i in list(picked):
        for p in parents[i]:
            yield p, limit, float(scores[p])


def _parents(live: list[Entry]) -> list[list[int]]:
    """Per entry, the entries whose names are its head: its last words in English, its
    first in French ("machine translation" of "neural machine translation", "word
    embeddings" of "cross-lingual word embeddings", "traduction automatique" of "traduction
    automatique statistique"), of its name or of an alias ("statistical machine
    translation" of "phrase-based SMT", written "phrase-based statistical machine
    translation"); two words at least: "fine-tuning BERT" is no kind of "BERT", and raters
    dropped "mining" beside "data mining" on computer-science papers 5 times of 5
    (ratings/cs_pool100_candidates.tsv). A paper filed under the narrower topic
    belongs to the broader one too, and hand ratings kept the broader one beside the
    narrower nearly every time (benchmarks/ratings/)."""
    index: dict[tuple[str, ...], int] = {}
    for i, e in enumerate(live):
        for name in (e.name, *e.aliases):
            index.setdefault(tuple(name.casefold().split()), i)
    out: list[list[int]] = []
    for k, entry in enumerate(live):
        found: list[int] = []
        for name in (entry.name, *entry.aliases):
            words = tuple(name.casefold().split())
            heads = ([words[:n] for n in range(len(words) - 1, 1, -1)]
                     if entry.language in HEAD_FIRST else
                     [words[-n:] for n in range(len(words) - 1, 1, -1)])
            # an alias's head only when broader (one on more papers): a wrong merge made
            # "machine translation post-editing" an alias of "machine translation", and
            # its head went to 1,200 MT papers
            found += [index[h] for h in heads if index.get(h, k) != k
                      and (name == entry.name or live[index[h]].papers > entry.papers)]
        out.append(list(dict.fromkeys(found)))
    return out


def _translated(a: Entry, b: Entry) -> bool:
    """True for entries of two languages whose names say the same ("corpus annotés" and
    "annotated corpus", "textes arabes" and "Arabic": name cosine at least
    :data:`TRANSLATED_COSINE`): a paper gets one of them."""
    if None in (a.language, b.language) or a.language == b.language:
        return False
    if not a.name_vector.size or a.name_vector.shape != b.name_vector.shape:
        return False
    return float(a.name_vector @ b.name_vector) >= TRANSLATED_COSINE


def _telling(word: str) -> bool:
    """True for a (singular, lower-case) word that names something: not a stop word of
    any language, a generic word ("approach") or a word of every paper here ("language")."""
    from paperdesk.tagging.stopwords import GENERIC, all_stop_words

    return len(word) > 3 and word not in all_stop_words() and word not in GENERIC and (
        word not in COMMON_WORDS)


def _broadness(vectors: np.ndarray, matrix: np.ndarray, languages: list[str],
               live: list[Entry]) -> np.ndarray:
    """Per entry (``matrix``: their vectors), :data:`BROAD_WEIGHT` times how much closer it
    is, on average, to the papers (``vectors``) of its language than the median entry is:
    near every paper, as "natural language processing" is in a library of NLP papers, it
    tells one paper from another less than its cosine says (a hub, in the terms of
    nearest-neighbour search). Papers are taken :data:`BLOCK` at a time (all of them at
    once took gigabytes in a large library)."""
    out = np.zeros(len(live), dtype=np.float32)
    langs = np.array(languages)
    done: set[int] = set()
    # an entry of any language (a user's tag) is measured among the papers of the
    # library's main language: measured among each in turn, it kept the last one's (a
    # handful of Chinese papers), and a renamed topic went to 25 more papers
    for lang in sorted(set(languages), key=lambda la: (-languages.count(la), la)):
        cols = [i for i, e in enumerate(live) if e.language == lang
                or (e.language is None and i not in done)]
        done.update(cols)
        rows = np.flatnonzero(langs == lang)
        if cols and len(rows):
            total = np.zeros(len(cols), dtype=np.float64)
            for start in range(0, len(rows), BLOCK):
                total += (vectors[rows[start:start + BLOCK]] @ matrix[cols].T).sum(
                    axis=0, dtype=np.float64)
            mean = (total / len(rows)).astype(np.float32)
            out[cols] = BROAD_WEIGHT * (mean - np.median(mean))
    return out


def nearest_papers(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest other rows of ``vectors`` (unit vectors) and their weights
    (cosines, at least 0, summing to 1 per row)."""
    n = len(vectors)
    k = max(0, min(k, n - 1))
    nearest = np.zeros((n, k), dtype=np.int64)
    weights = np.zeros((n, k), dtype=np.float32)
    if not k:
        return nearest, weights
    for start in range(0, n, 512):
        block = vectors[start:start + 512] @ vectors.T
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -np.inf
        top = np.argpartition(-block, k - 1, axis=1)[:, :k]
        w = np.clip(np.take_along_axis(block, top, axis=1), 0.0, None)
        total = w.sum(axis=1, keepdims=True)
        nearest[start:start + len(block)] = top
        weights[start:start + len(block)] = w / np.where(total > 0, total, 1.0)
    return nearest, weights


def _closeness(vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Per row of ``vectors``, its mean cosine with its nearest rows (``rows``, from
    :func:`nearest_papers`; 1 when it has none)."""
    out = np.ones(len(vectors), dtype=np.float32)
    if rows.shape[1]:
        for start in range(0, len(rows), 512):
            end = start + 512
            out[start:end] = np.einsum("rd,rkd->r", vectors[start:end],
                                       vectors[rows[start:end]]) / rows.shape[1]
    return out


def _among(vectors: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Per row of ``vectors``, True when it sits among the others: its :func:`_closeness`
    is at least :data:`AMONG_SHARE` of the median row's."""
    closeness = _closeness(vectors, rows)
    return closeness >= AMONG_SHARE * float(np.median(closeness))


def _neighbour_votes(nearest: tuple[np.ndarray, np.ndarray], named: list[set[int]],
                     n_entries: int, start: int, end: int) -> np.ndarray:
    """For the papers of rows ``start`` to ``end``, per entry, the share of their
    :data:`NEIGHBOURS` nearest papers, weighted by cosine, that name the entry (among
    their keyphrases or in their text): a paper among machine translation papers is one,
    whatever its words (a label vote, as in nearest-neighbour classification)."""
    rows, weights = nearest
    block = rows[start:end]
    has = np.zeros((len(block), rows.shape[1], n_entries), dtype=np.float32)
    for r, neighbours in enumerate(block.tolist()):
        for k, neighbour in enumerate(neighbours):
            if named[neighbour]:
                has[r, k, sorted(named[neighbour])] = 1.0
    return np.einsum("rk,rke->re", weights[start:end], has)


def _base_rates(named: list[set[int]], languages: list[str], n_entries: int
                ) -> dict[str, np.ndarray]:
    """Per language, the share of the papers in it that name each entry (among their
    keyphrases or in their text): what a paper's neighbours vote by chance."""
    out: dict[str, np.ndarray] = {}
    for lang in sorted(set(languages)):
        counts = np.zeros(n_entries, dtype=np.float32)
        rows = [ids for ids, la in zip(named, languages, strict=True) if la == lang]
        for ids in rows:
            counts[sorted(ids)] += 1.0
        out[lang] = counts / max(len(rows), 1)
    return out


def _extra_odds(keyed: set[int], said: set[int], named_sims: np.ndarray, lift: np.ndarray
                ) -> np.ndarray:
    """Per entry, the log odds that raters keep it as a paper's suggestion (see
    :data:`EXTRA_WEIGHTS`): ``keyed`` and ``said`` the entries its keyphrases and its text
    name, ``named_sims`` the paper's cosines with their names, ``lift`` the vote of its
    nearest papers less the base rate and the broadness."""
    w_keyed, w_said, w_name, w_lift = EXTRA_WEIGHTS
    out = w_name * named_sims + w_lift * lift - EXTRA_BIAS
    out[sorted(keyed)] += w_keyed
    out[sorted(said)] += w_said
    return out


def _assign_once(live: list[Entry], ids: list[int],
                 papers: Mapping[int, tuple[np.ndarray, Iterable[str]]],
                 exclude: Mapping[int, set[str]], most: int, languages: Mapping[int, str],
                 mentions: Mapping[int, set[str]], nearest: tuple[np.ndarray, np.ndarray],
                 words: Mapping[int, set[str]], titles: Mapping[int, set[str]],
                 title_only: set[int], vectors: np.ndarray, among: np.ndarray,
                 stressed: Mapping[int, set[str]] | None,
                 ) -> dict[int, list[tuple[str, float]]]:
    out: dict[int, list[tuple[str, float]]] = {}
    if not live or not ids:
        return {pid: [] for pid in ids}
    matrix = np.stack([e.vector for e in live])
    owner = {key: i for i, e in reversed(list(enumerate(live))) for key in e.keys}
    names = np.stack([e.name_vector if e.name_vector.shape == e.vector.shape else e.vector
                      for e in live])
    broad = _broadness(vectors, matrix, [languages.get(pid, "en") for pid in ids], live)
    common = _common_words(words.values(), len(ids))
    by_word: dict[str, set[int]] = defaultdict(set)
    for i, entry in enumerate(live):
        for w in {w for key in entry.keys for w in key.split()}:
            if _telling(w) and w not in common:
                by_word[w].add(i)
    synonyms = [_synonyms(e) for e in live]
    parts = [[frozenset(key.split()) for key in e.keys] for e in live]
    parents = _parents(live)
    least = min(LEAST, most)
    weak = min(WEAK_FILLS, least)
    odds = float(np.log(EXTRA_ODDS))
    keyed_of = [{owner[k] for k in chain(map(_spelt_key(owner), papers[pid][1]),
                                         titles.get(pid, ())) if k in owner} for pid in ids]
    said_of = [{owner[k] for k in mentions.get(pid, ()) if k in owner} for pid in ids]
    stressed_of = [said if stressed is None or pid not in stressed
                   else {owner[k] for k in stressed[pid] if k in owner}
                   for pid, said in zip(ids, said_of, strict=True)]
    named_of = [k | s for k, s in zip(keyed_of, said_of, strict=True)]
    # a user's tag is carried by the papers the user gave it to, whatever their words: their
    # neighbours vote for it as for a topic they name (the vote, not closeness alone, makes
    # it a fill: a renamed topic filled 221 of 323 papers at FAR_FILL_COSINE)
    carried = [set(named) for named in named_of]
    row_of = {pid: row for row, pid in enumerate(ids)}
    for i, entry in enumerate(live):
        if entry.source == "user":
            for pid in entry.members & row_of.keys():
                carried[row_of[pid]].add(i)
    # a user's tag that no paper's keyphrases name is no topic: never a weak fill (a renamed
    # or merged topic still is one)
    keyed_anywhere = set().union(*keyed_of)
    guess = [e.source != "user" or i in keyed_anywhere for i, e in enumerate(live)]
    # ... and only a topic (one that keyphrases or titles name, renamed or not) needs
    # FILL_MIN
    untested = ~np.array(guess, dtype=bool)
    fill_min = FILL_MIN if len(ids) >= TOPICAL_PAPERS else -np.inf
    row_langs = [languages.get(pid, "en") for pid in ids]
    base = _base_rates(carried, row_langs, len(live))
    specific = [_specific(e) for e in live]
    hub = np.clip(broad, 0.0, None)  # far from every paper is no reason to fill with it
    for row, pid in enumerate(ids):
        if not row % BLOCK:  # cosines and votes of a block of papers at a time
            sims_of = vectors[row:row + BLOCK] @ matrix.T
            named_sims_of = vectors[row:row + BLOCK] @ names.T
            votes_of = _neighbour_votes(nearest, carried, len(live), row, row + BLOCK)
        sims, named_sims, votes = (sims_of[row % BLOCK], named_sims_of[row % BLOCK],
                                   votes_of[row % BLOCK])
        if not vectors[row].any():
            out[pid] = []
            continue
        scores = sims - broad
        keyed = keyed_of[row]
        for i in keyed:
            scores[i] += KEYPHRASE_BONUS
        # an entry the text names counts as named when one of the paper's nearest
        # papers names it too (FILL_VOTE of them for one thing, as "BERT") and the abstract
        # stresses it; one named in passing ("machine translation" in a paper on something
        # else) is at most a fill (hand ratings kept 4 in 5 of the first, half of the rest)
        said = {i for i in said_of[row] & stressed_of[row]
                if votes[i] >= (FILL_VOTE if specific[i] else np.finfo(np.float32).tiny)}
        for i in said:
            scores[i] += MENTION_BONUS
        named = keyed | said
        # a fill (an entry the paper does not name) by the vote of its nearest papers,
        # then by closeness to the entry's papers; one whose words all occur in the text
        # (not side by side) counts a little more
        lang = row_langs[row]
        rate = base[lang]
        fill = votes - rate - hub + FILL_COSINE * sims + NAME_COSINE * named_sims
        near = {i for w in words[pid] for i in by_word.get(w, ())} - named
        spread = {i for i in near if any(len(key) > 1 and key <= words[pid] for key in parts[i])}
        for i in spread:
            fill[i] += SPREAD_BONUS
        fills = np.argsort(-fill, kind="stable")
        told = named | said_of[row]  # with the entries its text names in passing
        extra = _extra_odds(keyed, said_of[row], named_sims, votes - rate - hub)
        can_fill = (fill >= fill_min) | untested
        strong = (votes >= FILL_VOTE) & (votes >= FILL_LIFT * rate)
        skip = exclude.get(pid, set())
        # a paper known by its title alone: no fill far from it ("projection pursuit" on
        # "Coherence Properties of Quantum Dot Resonance Fluorescence"); a user's tag
        # is never a fill far from it; a paper the model cannot read gets no fill but the
        # head topics of those it names
        floor = FAR_FILL_COSINE if pid in title_only else FILL_FLOOR
        tags: list[tuple[str, float]] = []
        picked: list[int] = []
        # entries the paper names first (up to MOST: its keyphrases, then, up to LEAST,
        # those its text names); then, up to LEAST, strong fills (the user's tags among
        # them, by the vote of the papers that carry them); then, up to WEAK_FILLS, the
        # other fills (no user's tag that names no topic); an entry that names one thing
        # is never a fill. An entry the text names in passing (unstressed, or none of the
        # paper's nearest papers names it) is at most a fill: hand ratings kept 45% of
        # those (65 rated), and 1 in 6 of those naming one thing ("IWSLT" in a paper on
        # NMT). Before the weak fills, up to LEAST, any entry at EXTRA_ODDS of being kept.
        # (each: entry, suggestions it may make up, score, whether the paper names it)
        tiers = chain(((i, most, scores[i], True)
                       for i in sorted(keyed, key=lambda i: (-scores[i], i))),
                      ((i, least, scores[i], True)
                       for i in sorted(said - keyed, key=lambda i: (-scores[i], i))),
                      ((i, limit, score, i in named)
                       for i, limit, score in _heads(picked, parents, least, scores)),
                      ((i, least, fill[i], False) for i in fills if strong[i] and can_fill[i]
                       and i not in named and not specific[i] and among[row]),
                      ((i, least, scores[i] if i in told else fill[i], i in told)
                       for i in np.argsort(-extra, kind="stable") if extra[i] >= odds and (
                           i in told or (not specific[i] and guess[i] and among[row]))),
                      ((i, weak, fill[i], False) for i in fills if can_fill[i] and i not in named
                       and not specific[i] and guess[i] and among[row]))
        for i, limit, score, says in tiers:
            if len(tags) >= limit:
                break  # limits only fall from tier to tier
            entry = live[i]
            if i in picked or entry.name.casefold() in skip or (
                    not says and not _may_fill(entry, lang)) or (
                    not says and (
                        (lang not in READ and not any(i in parents[j] for j in picked))
                        or sims[i] < (
                            FAR_FILL_COSINE if entry.source == "user" else floor)
                        or any(j in named for j in parents[i]))):
                continue
            if any(synonyms[i] & synonyms[j] or (i not in parents[j] and j not in parents[i] and (
                    (_nested(parts[i], parts[j]) and "user" not in (entry.source, live[j].source))
                    or float(names[i] @ names[j]) >= DUPLICATE_NAME_COSINE))
                   or _translated(entry, live[j]) for j in picked):
                continue  # "parallel texts" beside "parallel corpus", "BERT" in "fine-tuning BERT"
            # the broader topic first ("machine translation, neural machine translation")
            at = min((picked.index(j) for j in picked if i in parents[j]), default=len(picked))
            picked.insert(at, int(i))
            tags.insert(at, (entry.name, round(float(score), 4)))
        out[pid] = tags
    return out
