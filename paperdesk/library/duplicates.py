"""Duplicate detection at the door: is an incoming paper already in the library?

Pure logic, no database. The import pipeline fills a :class:`DuplicateIndex` with the
library's papers (and with each paper it imports, so duplicates inside one file are
found the same way), asks :meth:`DuplicateIndex.find` for each incoming paper and, in
merge mode, applies :func:`merge_fields`.

Two papers are the same when, in this order:

1. their DOIs are equal (case-insensitive, ``https://doi.org/`` and ``doi:`` removed);
2. their arXiv ids are equal (version suffix removed);
3. normalised title, first author's family name and year are equal;
4. titles are nearly equal (rapidfuzz token-sort ratio >= :data:`FUZZY_TITLE_SCORE`),
   the first author's family name and the year are equal, and the titles differ only in
   spelling (:func:`~paperdesk.library.titles.title_difference`): titles a number, roman
   numeral or word apart ("… I (Algorithm 137)" / "… II (Algorithm 138)"), and the same
   title a year apart (an article and the manuscript before it), are reported as a
   *possible* duplicate and never merged;
5. neither has authors nor a year (like the trending-page sample) and normalised title
   and abstract are equal;
6. neither has authors (front matter, "Briefly Noted" columns), both have the same
   year and normalised title, and venue, URL and abstract agree where both have one;
7. neither has authors nor a year (a web page in a .bib file), both have the same
   normalised title and the same citation key or URL, and venue, URL and abstract agree
   where both have one: a re-imported file lands where it landed before.

Never a match, whatever else agrees: both have DOIs and they differ; both have arXiv ids
and they differ; both have a volume, number or pages (in ``extra``) and they differ.
Never merged by title and authors (rules 3 and 4), only reported as possible: a thesis
and a book (a thesis published as a book is another work). A caller may name papers an
incoming one must not be merged into (``kept_apart``: another entry of the same file);
a match among them is reported as possible too. Among several candidates, one with the
same citation key is preferred (a re-import lands where it landed before).

Lookups are dictionary lookups; the fuzzy rule compares only papers bucketed under the
same first-author family name and year (+-1), so 100k papers stay fast.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from paperdesk.library.titles import title_difference
from paperdesk.records import Author, Paper, Tag, normalize_text

FUZZY_TITLE_SCORE = 95.0
#: authorless titles compared per lookup for possible duplicates (newest first)
LEAD_BUCKET_LIMIT = 500
_DOI_PREFIX = re.compile(r"^\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_ARXIV_PREFIX = re.compile(r"^\s*(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_ARXIV_VERSION = re.compile(r"v\d+$")
_WORD = re.compile(r"\w+")
#: bibliographic position fields that, when both differ, prove two papers are different
POSITION_FIELDS = ("volume", "number", "pages")


def normalize_doi(doi: str) -> str:
    """``https://doi.org/10.1/ABC`` -> ``10.1/abc`` (DOIs are case-insensitive)."""
    if not doi:
        return ""
    return _DOI_PREFIX.sub("", doi).strip().lower()


def normalize_arxiv_id(arxiv_id: str) -> str:
    """``arXiv:2101.00001v2`` -> ``2101.00001``."""
    if not arxiv_id:
        return ""
    return _ARXIV_VERSION.sub("", _ARXIV_PREFIX.sub("", arxiv_id).strip().lower())


def _normalize_position(value: object) -> str:
    """``"12--20"``, ``"12-20"`` and ``"12 – 20"`` all give ``"12-20"``."""
    return "-".join(_WORD.findall(str(value).lower())) if value not in (None, "") else ""


def surname(author: Author) -> str:
    """The last word of the family name, normalised: "de Mareüil", "Mareüil" (with a "von"
    part), "Jansen van Vüren" and a literal "Þórunn Arnardóttir" all compare by it."""
    return _surname(author.prefix, author.family)


@lru_cache(maxsize=1 << 16)
def _surname(prefix: str, family: str) -> str:
    # (family names repeat: a library of 100k papers has far fewer distinct ones)
    words = normalize_text(" ".join(p for p in (prefix, family) if p)).split()
    return words[-1] if words else ""


@dataclass(frozen=True)
class PaperKeys:
    """The normalised values duplicate detection compares."""

    doi: str
    arxiv_id: str
    title: str
    first_family: str
    year: int | None
    abstract: str
    has_authors: bool
    positions: tuple[str, ...]
    venue: str = ""
    url: str = ""
    key: str = ""
    #: "thesis", "book" or "" (:func:`work_kind`)
    kind: str = ""

    @classmethod
    def of(cls, paper: Paper) -> PaperKeys:
        """Compute the keys of ``paper``."""
        first = paper.authors[0] if paper.authors else None
        family = surname(first) if first else ""
        return cls(
            doi=normalize_doi(paper.doi),
            arxiv_id=normalize_arxiv_id(paper.arxiv_id),
            title=normalize_text(paper.title),
            first_family=family,
            year=paper.year,
            abstract=normalize_text(paper.abstract) if paper.abstract else "",
            has_authors=bool(paper.authors),
            positions=tuple(_normalize_position(paper.extra.get(f)) for f in POSITION_FIELDS),
            # (venues are compared between papers without authors only)
            venue=normalize_text(paper.venue) if not paper.authors else "",
            url=paper.url.strip().rstrip("/").lower(),
            key=paper.key.strip().casefold(),
            kind=work_kind(paper.entry_type),
        )

    @property
    def anonymous(self) -> bool:
        """True for papers with neither authors nor a year."""
        return not self.has_authors and self.year is None


def work_kind(entry_type: str) -> str:
    """``"thesis"`` for a (PhD, master's) thesis, ``"book"`` for a book, else ``""``."""
    kind = (entry_type or "").strip().lower()
    if kind.endswith("thesis"):
        return "thesis"
    return "book" if kind in ("book", "mvbook") else ""


def different_work(a: PaperKeys, b: PaperKeys) -> str | None:
    """Why two papers alike in title and first author are still different works (a
    thesis and a book; different years), or None."""
    if {a.kind, b.kind} == {"thesis", "book"}:
        return "a thesis and a book"
    if a.year is not None and b.year is not None and a.year != b.year:
        return f"years differ: {a.year} / {b.year}"
    return None


def can_be_same(a: PaperKeys, b: PaperKeys) -> bool:
    """False when the papers are provably different (DOI, arXiv id or position differ)."""
    if a.doi and b.doi and a.doi != b.doi:
        return False
    if a.arxiv_id and b.arxiv_id and a.arxiv_id != b.arxiv_id:
        return False
    return all(not (x and y and x != y) for x, y in zip(a.positions, b.positions, strict=True))


@dataclass(frozen=True)
class DuplicateMatch:
    """A paper found to be a duplicate: the ref it duplicates and the rule that matched.

    ``possible``: only alike (similar titles that differ in a number, a roman numeral or
    a word; or a preprint and its published version): report it, never merge.
    ``preprint``: a preprint (arXiv id, no DOI) and a published version (DOI, no arXiv id)
    that agree on title and authors: kept apart and linked as possible duplicates.
    """

    ref: int
    reason: str
    possible: bool = False
    preprint: bool = False
    #: the match is one of the caller's ``kept_apart`` papers (hence ``possible``)
    kept_apart: bool = False


class DuplicateIndex:
    """Papers indexed for duplicate lookups, each under a caller's ``ref`` (id or position)."""

    def __init__(self) -> None:
        #: the highest library paper id indexed (an import adds newer ones as it goes)
        self.seen_id = 0
        self._keys: dict[int, PaperKeys] = {}
        self._by_doi: dict[str, list[int]] = defaultdict(list)
        self._by_arxiv: dict[str, list[int]] = defaultdict(list)
        self._by_title_author_year: dict[tuple[str, str, int | None], list[int]] = defaultdict(list)
        self._by_author_year: dict[tuple[str, int], list[int]] = defaultdict(list)
        self._by_title_abstract: dict[tuple[str, str], list[int]] = defaultdict(list)
        self._by_authorless: dict[tuple[str, int | None], list[int]] = defaultdict(list)
        self._by_lead: dict[str, list[int]] = defaultdict(list)  # authorless, first 2 words

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, paper: Paper, ref: int) -> None:
        """Index ``paper`` under ``ref``; adding a ref again replaces its earlier paper."""
        if ref in self._keys:
            self.remove(ref)
        keys = PaperKeys.of(paper)
        self._keys[ref] = keys
        for bucket in self._buckets(keys):
            bucket.append(ref)

    def remove(self, ref: int) -> None:
        """Forget the paper indexed under ``ref`` (no error when unknown)."""
        keys = self._keys.pop(ref, None)
        if keys is not None:
            for bucket in self._buckets(keys):
                if ref in bucket:
                    bucket.remove(ref)

    def _buckets(self, keys: PaperKeys) -> list[list[int]]:
        buckets = []
        if keys.doi:
            buckets.append(self._by_doi[keys.doi])
        if keys.arxiv_id:
            buckets.append(self._by_arxiv[keys.arxiv_id])
        if keys.title and keys.first_family:
            buckets.append(self._by_title_author_year[(keys.title, keys.first_family, keys.year)])
            if keys.year is not None:
                buckets.append(self._by_author_year[(keys.first_family, keys.year)])
        if keys.title and keys.abstract:
            buckets.append(self._by_title_abstract[(keys.title, keys.abstract)])
        if keys.title and not keys.has_authors:
            buckets.append(self._by_authorless[(keys.title, keys.year)])
            buckets.append(self._by_lead[_lead(keys.title)])
        return buckets

    def find(self, paper: Paper) -> int | None:
        """The ref of the indexed paper that ``paper`` duplicates, or None."""
        match = self.find_match(paper)
        return match.ref if match and not match.possible else None

    def find_match(self, paper: Paper,
                   kept_apart: Container[int] = ()) -> DuplicateMatch | None:
        """Like :meth:`find`, with the rule that matched (for the import report); a
        match with ``possible`` set is only alike and must not be merged.

        ``kept_apart``: refs ``paper`` must not be merged into (another entry of the file
        being imported, under another key). When the match is one of them, another
        match is looked for; failing one, it is returned as possible, ``kept_apart`` set.
        """
        keys = PaperKeys.of(paper)
        match = self._match(keys, ())
        if match is None or match.possible or match.ref not in kept_apart:
            return match
        other = self._match(keys, kept_apart)
        if other is not None and not other.possible:
            return other
        return replace(match, possible=True, kept_apart=True)

    def _match(self, keys: PaperKeys, exclude: Container[int]) -> DuplicateMatch | None:
        """The rules of the module docstring, in order, over the refs not in ``exclude``."""
        for reason, refs in (
            ("same DOI", self._by_doi.get(keys.doi) if keys.doi else None),
            ("same arXiv id", self._by_arxiv.get(keys.arxiv_id) if keys.arxiv_id else None),
        ):
            ref = self._first_compatible(keys, refs or (), exclude)
            if ref is not None:
                return DuplicateMatch(ref, reason)
        possible = None
        if keys.title and keys.first_family:
            refs = self._by_title_author_year.get((keys.title, keys.first_family, keys.year))
            ref = self._first_compatible(keys, refs or (), exclude)
            if ref is not None:
                why = different_work(keys, self._keys[ref])
                if why is None:
                    pair = _preprint_pair(keys, self._keys[ref])
                    return DuplicateMatch(ref, "same title, first author and year", pair, pair)
                possible = DuplicateMatch(ref, f"same title and first author; {why}", True)
        fuzzy = self._fuzzy(keys, exclude)
        if fuzzy is not None and (possible is None or not fuzzy.possible):
            if not fuzzy.possible or fuzzy.preprint:
                return fuzzy
            possible = fuzzy
        if keys.title and keys.abstract:
            refs = self._by_title_abstract.get((keys.title, keys.abstract), ())
            candidates = [r for r in refs if keys.anonymous or self._keys[r].anonymous]
            ref = self._first_compatible(keys, candidates, exclude)
            if ref is not None:
                return DuplicateMatch(ref, "same title and abstract")
        if keys.title and not keys.has_authors and keys.year is not None:
            refs = self._by_authorless.get((keys.title, keys.year), ())
            agreeing = [r for r in refs if _same_where_both_present(keys, self._keys[r])]
            ref = self._first_compatible(keys, agreeing, exclude)
            if ref is not None:
                return DuplicateMatch(ref, "no authors; same title and year")
        if keys.title and keys.anonymous and (keys.key or keys.url):
            refs = self._by_authorless.get((keys.title, None), ())
            agreeing = [r for r in refs if _same_where_both_present(keys, self._keys[r]) and (
                (keys.key and self._keys[r].key == keys.key)
                or (keys.url and self._keys[r].url == keys.url))]
            ref = self._first_compatible(keys, agreeing, exclude)
            if ref is not None:
                same_key = bool(keys.key) and self._keys[ref].key == keys.key
                return DuplicateMatch(ref, "no authors nor year; same title and "
                                      + ("citation key" if same_key else "URL"))
        return possible or self._alike_authorless(keys)

    def _alike_authorless(self, keys: PaperKeys) -> DuplicateMatch | None:
        """Without authors there is no evidence to merge on a similar title; a title a
        word or number away from another authorless one is reported as possible."""
        if not keys.title or keys.has_authors:
            return None
        refs = self._by_lead.get(_lead(keys.title), [])[-LEAD_BUCKET_LIMIT:]
        choices = {r: self._keys[r].title for r in refs if self._keys[r].title != keys.title}
        if not choices:
            return None
        best = process.extractOne(keys.title, choices, scorer=fuzz.token_sort_ratio,
                                  score_cutoff=FUZZY_TITLE_SCORE - 10)
        if not best:
            return None
        why = title_difference(keys.title, self._keys[best[2]].title) or "similar titles"
        return DuplicateMatch(best[2], f"no authors; {why}", possible=True)

    def _first_compatible(self, keys: PaperKeys, refs: Iterable[int],
                          exclude: Container[int] = ()) -> int | None:
        """The first of ``refs`` that can be the same paper (not in ``exclude``),
        preferring one that is the same work, then one with the same citation key."""
        best, best_rank = None, 4
        for ref in refs:
            other = self._keys[ref]
            if ref in exclude or not can_be_same(keys, other):
                continue
            rank = 2 * (different_work(keys, other) is not None) + (other.key != keys.key)
            if rank == 0:
                return ref
            if rank < best_rank:
                best, best_rank = ref, rank
        return best

    def _fuzzy(self, keys: PaperKeys, exclude: Container[int]) -> DuplicateMatch | None:
        """Rule 4: a nearly equal title of the same first author, the same year first; a
        match a year apart, or a thesis and a book, is only possible."""
        if not (keys.title and keys.first_family and keys.year is not None):
            return None
        for years in ((keys.year,), (keys.year - 1, keys.year + 1)):
            choices = {
                ref: self._keys[ref].title
                for year in years
                for ref in self._by_author_year.get((keys.first_family, year), ())
                if ref not in exclude and can_be_same(keys, self._keys[ref])
            }
            best = process.extractOne(keys.title, choices, scorer=fuzz.token_sort_ratio,
                                      score_cutoff=FUZZY_TITLE_SCORE) if choices else None
            if best:
                break
        else:
            return None
        other = self._keys[best[2]]
        why = title_difference(keys.title, other.title)
        if why is not None:
            return DuplicateMatch(best[2], f"similar title, same first author; {why}", True)
        if _preprint_pair(keys, other):
            return DuplicateMatch(best[2], "similar title, same first author, year within one",
                                  True, True)
        why = different_work(keys, other)
        if why is not None:
            return DuplicateMatch(best[2], f"similar title, same first author; {why}", True)
        return DuplicateMatch(best[2], "similar title, same first author and year")


def _preprint_pair(a: PaperKeys, b: PaperKeys) -> bool:
    """One is only on arXiv, the other only has a DOI: a preprint and its published version."""
    return bool((a.arxiv_id and not a.doi and b.doi and not b.arxiv_id)
                or (b.arxiv_id and not b.doi and a.doi and not a.arxiv_id))


def _lead(title: str) -> str:
    """The first two words of a normalised title (buckets authorless titles)."""
    return " ".join(title.split()[:2])


def _same_where_both_present(a: PaperKeys, b: PaperKeys) -> bool:
    """Venue, URL and abstract agree wherever both papers have one."""
    pairs = ((a.venue, b.venue), (a.url, b.url), (a.abstract, b.abstract))
    return all(not (x and y and x != y) for x, y in pairs)


def merge_fields(existing: Paper, incoming: Paper) -> dict[str, object]:
    """The changes that merge ``incoming`` into ``existing``: empty fields filled only.

    Metadata (title, abstract, year, venue, DOI, arXiv id, URL, key, authors, full text)
    is taken from ``incoming`` only where ``existing`` has none, except that a different
    abstract is kept too, after the existing one (:func:`merged_abstract`); ``extra`` gains the keys
    it lacks; tags and attachments are united. The user's note, stars and read state are
    filled only when empty or at their defaults, never overwritten; highlights come
    along only when ``existing`` has none and the abstract they point into is the same.

    Returns:
        Field name -> new value, for the fields that change (empty: nothing to do).
    """
    changes: dict[str, object] = {}
    for name in ("title", "abstract", "venue", "doi", "arxiv_id", "url", "key", "fulltext", "note"):
        if not getattr(existing, name) and getattr(incoming, name):
            changes[name] = getattr(incoming, name)
    both = merged_abstract(existing.abstract, incoming.abstract)
    if both is not None:
        changes["abstract"] = both
    if existing.year is None and incoming.year is not None:
        changes["year"] = incoming.year
    if not existing.authors and incoming.authors:
        changes["authors"] = list(incoming.authors)
    if existing.stars == 0 and incoming.stars:
        changes["stars"] = incoming.stars
    if existing.read == "unread" and incoming.read != "unread":
        changes["read"] = incoming.read
    new_extra = {k: v for k, v in incoming.extra.items() if k not in existing.extra}
    if new_extra:
        changes["extra"] = {**existing.extra, **new_extra}
    known = {t.name.casefold() for t in existing.tags}
    new_tags = [
        Tag(t.name, t.source, t.score, t.rejected)
        for t in incoming.tags
        if t.name.casefold() not in known
    ]
    if new_tags:
        changes["tags"] = [*existing.tags, *new_tags]
    new_attachments = [a for a in incoming.attachments if a not in existing.attachments]
    if new_attachments:
        changes["attachments"] = [*existing.attachments, *new_attachments]
    abstract_after = changes.get("abstract", existing.abstract)
    if not existing.highlights and incoming.highlights and abstract_after == incoming.abstract:
        changes["highlights"] = list(incoming.highlights)
    return changes


#: put between an existing abstract and a different one merged into it
ABSTRACT_SEPARATOR = "\n\n[Merged abstract]\n"


def merged_abstract(existing: str, incoming: str) -> str | None:
    """Both abstracts, when they differ and the existing one does not already hold the
    incoming one; else None.

    The existing text comes first, unchanged, so highlights keep their offsets.
    """
    old, new = normalize_text(existing), normalize_text(incoming)
    if not old or not new or new in old:
        return None
    return existing.rstrip() + ABSTRACT_SEPARATOR + incoming.strip()
