"""Keyword queries ranked with numpy, a block of postings at a time.

Whoosh scores a match by stepping one matcher per word and field (nine text fields) and
calling a Python scorer per posting: 20–40 ms of CPU for a one-word query over 20,000
papers, and it had to walk every match again to count them. :meth:`FastRanker.rank`
reads each term's postings (ids and weights) block by block, scores them with BM25F as
arrays over the document numbers — the same formula, statistics and field lengths as
Whoosh's :class:`~whoosh.scoring.BM25F` — and combines the arrays as Whoosh's matchers
combine scores: ``Or`` adds, ``And`` adds where all match, :class:`~coord.Counted` adds
the coordination bonus, a phrase scores its words where :mod:`docsets` found it, a range
scores its constant, ``Not`` scores 1, a prefix or wildcard ORs the words it expands to.
Matches are counted in the same pass. A query with a part it does not know returns None:
the caller asks Whoosh. Tests check both give the same ranking, scores and totals.

A block's ids and weights are decoded as arrays (not a Python loop over the gaps), and a
term's postings are kept for the next searches (a query typed a word at a time, or a long
question asked again, reads the same frequent words). They are kept per segment, deleted
documents included, and survive commits: Whoosh never changes a segment once written (a
commit adds a segment and marks deletions), so the first search after an edit reads only
the new segment's postings, and drops the deleted documents with a mask.

numpy comes with the ML extras, and Keyword search does not import it (a one-off command
line search would pay more for the import than it saves): the arrays are used once
something else loaded numpy (Best match, tagging, the window), else Whoosh ranks.
"""

from __future__ import annotations

import sys
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.matching.wrappers import FilterMatcher
from whoosh.query import (
    And,
    AndMaybe,
    AndNot,
    Every,
    MultiTerm,
    Not,
    NullQuery,
    Or,
    Phrase,
    Prefix,
    Query,
    Regex,
    Require,
    Term,
    Wildcard,
)
from whoosh.query.ranges import RangeMixin
from whoosh.query.wrappers import ConstantScoreQuery
from whoosh.reading import IndexReader, TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from paperdesk.search.coord import BONUS, Counted, Exhaustive
from paperdesk.search.docsets import docset
from paperdesk.search.positions import PositionCache, block_weights, segment_key
from paperdesk.search.sidecar import Sidecar, open_sidecar

if TYPE_CHECKING:
    import numpy as np

#: postings kept between searches (16 bytes each: 32 MB)
POSTINGS_KEPT = 2_000_000
#: how often a segment without a postings sidecar is looked at again (seconds)
SIDECAR_RECHECK_S = 5.0


@dataclass
class Ranked:
    """Document numbers and raw scores, best first, and how many documents matched."""

    pairs: list[tuple[int, float]]
    total: int


class FastRanker:
    """BM25F over arrays for one searcher generation (field lengths are cached)."""

    def __init__(self) -> None:
        self._generation: int | None = None
        #: (segment, field) -> each document's field length; segments never change
        self._lengths: dict[tuple[str, str], np.ndarray] = {}
        #: segment -> its live documents (a mask; None: none deleted), this generation
        self._live: dict[str, tuple[np.ndarray | None, int]] = {}
        self._table: np.ndarray | None = None
        #: (segment, field, term) -> document numbers and weights, and how many of the
        #: segment's deletions were dropped from them; most recently used last, at most
        #: POSTINGS_KEPT postings in all. Whoosh segments never change once written (a
        #: commit adds segments and marks deletions, which only grow), so they are kept
        #: across commits: the first search after one reads only the new segment's
        #: postings, and drops newly deleted documents from the kept ones
        self._postings: OrderedDict[tuple[str, str, bytes],
                                    tuple[np.ndarray, np.ndarray, int]] = OrderedDict()
        self._kept = 0
        #: segment -> its postings sidecar (:mod:`sidecar`), or None and when it was
        #: last looked for (a background process may write it later)
        self._sidecars: dict[str, Sidecar | tuple[None, float]] = {}
        #: word positions for phrases, kept per segment across searcher generations
        self.positions = PositionCache()
        self.positions.on_postings = self._keep
    def rank(self, searcher: Searcher, generation: int, query: Query, limit: int | None,
             in_trash: set[int], trashed: bool = False, needed: int = 0) -> Ranked | None:
        """The best ``limit`` documents of ``query`` (all with None) inside or outside
        the trash (``in_trash``: its document numbers) and the number of matches, or None
        when the query has a part the arrays do not score like Whoosh or numpy is not
        loaded. ``needed``: of a coordinated query, only the documents that match that
        many of its words (or as many as the best one does, when fewer) count."""
        found = self._matched(searcher, generation, query, in_trash, trashed, needed)
        if found is None:
            return None
        np, matched, total = found
        docs = np.flatnonzero(matched)
        scores = total[docs]
        if limit is not None and len(docs) > limit:
            part = np.argpartition(-scores, limit - 1)[:limit]
            cut = scores[part].min()
            keep = scores >= cut  # ties at the cut: order them like Whoosh (docnum)
            docs, scores = docs[keep], scores[keep]
        order = np.lexsort((docs, -scores))
        if limit is not None:
            order = order[:limit]
        return Ranked([(int(d), float(s)) for d, s in zip(docs[order], scores[order],
                                                           strict=True)],
                      int(np.count_nonzero(matched)))

    def matching(self, searcher: Searcher, generation: int, query: Query, in_trash: set[int],
                 trashed: bool = False, needed: int = 0) -> np.ndarray | None:
        """The document numbers :meth:`rank` would rank, unordered (None: as for rank)."""
        found = self._matched(searcher, generation, query, in_trash, trashed, needed)
        return None if found is None else found[0].flatnonzero(found[1])

    def _matched(self, searcher: Searcher, generation: int, query: Query, in_trash: set[int],
                 trashed: bool, needed: int) -> tuple[Any, np.ndarray, np.ndarray] | None:
        """(numpy, which documents match, their scores), or None (see :meth:`rank`)."""
        np = sys.modules.get("numpy")  # loaded by Best match and tagging; not imported here
        if np is None or not isinstance(searcher.weighting, BM25F):
            return None
        if generation != self._generation:
            self._generation, self._live = generation, {}
            self._keep_only({self._segment(sub, offset)
                             for sub, offset in searcher.leaf_searchers()})
        if self._table is None:
            self._table = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
        try:
            matched, total = _Eval(self, searcher).run(query)
        except _Unsupported:
            return None
        size = searcher.doc_count_all()
        if in_trash or trashed:
            trash = np.zeros(size, dtype=bool)
            trash[np.fromiter(in_trash, dtype=np.int64, count=len(in_trash))] = True
            matched &= trash if trashed else ~trash
        if needed and matched.any():
            words = np.floor_divide(total, BONUS)
            matched &= words >= min(needed, int(words[matched].max()))
        return np, matched, total

    def forget(self) -> None:
        """Drop the postings kept from earlier searches (benchmarks time a cold search)."""
        self._postings.clear()
        self._kept = 0
        self._lengths.clear()
        self.positions.forget()

    def _segment(self, sub: Searcher, offset: int) -> str:
        """The key of a segment's kept arrays: its id (or, for a reader of another kind,
        its place in this generation)."""
        return segment_key(sub.reader()) or f"{self._generation}@{offset}"

    def _keep_only(self, segments: set[str]) -> None:
        """Drop what was kept for segments no longer in the index (merged, emptied)."""
        for key in [k for k in self._postings if k[0] not in segments]:
            self._kept -= len(self._postings.pop(key)[0])
        for key in [k for k in self._lengths if k[0] not in segments]:
            del self._lengths[key]
        for key in [k for k in self._sidecars if k not in segments]:
            del self._sidecars[key]
        self.positions.keep_only(segments)

    def _live_docs(self, sub: Searcher, seg: str) -> tuple[np.ndarray | None, int]:
        """The segment's live documents as a mask (None: it has no deletions), and how
        many documents it has deleted."""
        if seg not in self._live:
            import numpy as np

            reader = sub.reader()
            deleted = reader.deleted_docs_set if reader.has_deletions() else None
            live = None
            if deleted:
                live = np.ones(reader.doc_count_all(), dtype=bool)
                live[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
            self._live[seg] = (live, len(deleted) if deleted else 0)
        return self._live[seg]

    def postings(self, sub: Searcher, offset: int, field: str, text: bytes
                 ) -> tuple[np.ndarray, np.ndarray]:
        """A term's postings in one segment's live documents (see :func:`_postings`),
        kept for the next searches: Whoosh stores a block's word positions with its ids
        and weights, and unpickling them is most of the cost of reading a frequent word's
        postings (a query typed a word at a time, or asked again, reads the same words)."""
        seg = self._segment(sub, offset)
        key = (seg, field, text)
        if key not in self._postings:
            self._keep(seg, field, text, *_postings(sub, field, text, self._sidecar(sub, seg)))
        self._postings.move_to_end(key)
        ids, weights, dropped = self._postings[key]
        live, deleted = self._live_docs(sub, seg)
        if live is not None and dropped != deleted:  # deletions since: drop them once
            keep = live[ids]
            self._kept -= len(ids) - int(keep.sum())
            ids, weights = ids[keep], weights[keep]
            self._postings[key] = (ids, weights, deleted)
        return ids, weights

    def _sidecar(self, sub: Searcher, seg: str) -> Sidecar | None:
        """The segment's postings sidecar, mapped once; a segment without one is looked
        at again every :data:`SIDECAR_RECHECK_S` seconds."""
        got = self._sidecars.get(seg)
        if isinstance(got, tuple) and time.monotonic() - got[1] < SIDECAR_RECHECK_S:
            return None
        if got is None or isinstance(got, tuple):
            reader = sub.reader()
            segment = getattr(reader, "segment", None)
            folder = getattr(getattr(reader, "_storage", None), "folder", None)
            found = None
            if segment is not None and folder is not None:
                found = open_sidecar(Path(folder), segment().segment_id(),
                                     reader.doc_count_all())
            self._sidecars[seg] = found if found is not None else (None, time.monotonic())
            return found
        return got

    def _keep(self, seg: str, field: str, text: bytes, ids: np.ndarray,
              weights: np.ndarray) -> None:
        """Keep a term's postings in a segment (read for scoring, or with positions)."""
        key = (seg, field, text)
        if key in self._postings:
            return
        self._postings[key] = (ids, weights, -1)  # -1: deletions not dropped yet
        self._kept += len(ids)
        while self._kept > POSTINGS_KEPT and len(self._postings) > 1:
            _, (gone, _, _) = self._postings.popitem(last=False)
            self._kept -= len(gone)

    def _field_lengths(self, sub: Searcher, offset: int, field: str) -> np.ndarray:
        """Each document's length of ``field`` (Whoosh's byte-encoded length), cached."""
        import numpy as np

        assert self._table is not None
        key = (self._segment(sub, offset), field)
        if key not in self._lengths:
            reader = sub.reader()
            n = reader.doc_count_all()
            perdoc = getattr(reader, "_perdoc", None)
            column = None
            if perdoc is not None and hasattr(perdoc, "_cached_reader"):
                from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

                column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)  # noqa: SLF001
            if column is not None:
                lengths = self._table[_length_bytes(column, n)]
            else:  # no column: Whoosh's doc_field_length answers its default, 1
                lengths = np.ones(n)
            self._lengths[key] = lengths
        return self._lengths[key]


class _Unsupported(Exception):
    """A query the arrays do not score like Whoosh: the caller asks Whoosh."""


class _Eval:
    """A query's (matched, score) arrays over the searcher's document numbers, scored as
    Whoosh's matchers score them."""

    def __init__(self, ranker: FastRanker, searcher: Searcher) -> None:
        import numpy as np

        self.np = np
        self.ranker = ranker
        self.searcher = searcher
        self.size = searcher.doc_count_all()
        w = searcher.weighting
        self.k1 = w.K1
        self.field_b = w._field_B  # noqa: SLF001
        self.b = w.B

    def run(self, q: Query) -> tuple[np.ndarray, np.ndarray]:
        mask, score = self.eval(q)
        return mask, score

    def empty(self) -> tuple[np.ndarray, np.ndarray]:
        return self.np.zeros(self.size, dtype=bool), self.np.zeros(self.size)

    def eval(self, q: Query) -> tuple[np.ndarray, np.ndarray]:  # noqa: PLR0911
        np = self.np
        if q is NullQuery:
            return self.empty()
        if isinstance(q, Term):
            return self.term(q.fieldname, q.text, q.boost)
        if isinstance(q, Counted):
            mask, score = self.eval(q.child)
            score[mask] += BONUS
            return mask, score
        if isinstance(q, Exhaustive):
            return self.eval(q.child)
        if type(q) is Or and not q.minmatch and q.scale is None:
            mask, score = self.empty()
            for sub in q.subqueries:
                m, s = self.eval(sub)
                mask |= m
                score += s
            if q.boost != 1.0 and len(q.subqueries) > 1:
                score *= q.boost
            return mask, score
        if type(q) is And:
            if q.boost != 1.0:
                raise _Unsupported
            mask = np.ones(self.size, dtype=bool)
            score = np.zeros(self.size)
            for sub in q.subqueries:
                if isinstance(sub, Not):  # Whoosh's InverseMatcher scores 1.0
                    mask &= ~self.docs(sub.query)
                    score += 1.0
                    continue
                m, s = self.eval(sub)
                mask &= m
                score += s
            score[~mask] = 0.0
            return mask, score
        if isinstance(q, Not):
            mask = self.docs(Every()) & ~self.docs(q.query)
            return mask, np.where(mask, 1.0, 0.0)
        if isinstance(q, AndNot):
            mask, score = self.eval(q.a)
            mask &= ~self.docs(q.b)
            score[~mask] = 0.0
            return mask, score
        if isinstance(q, Require):
            mask, score = self.eval(q.a)
            mask &= self.docs(q.b)
            score[~mask] = 0.0
            return mask, score
        if isinstance(q, AndMaybe):
            mask, score = self.eval(q.a)
            m, s = self.eval(q.b)
            score += np.where(mask & m, s, 0.0)
            return mask, score
        if isinstance(q, Phrase):
            mask = self.docs(q)
            score = np.zeros(self.size)
            field = self.searcher.schema[q.fieldname] if q.fieldname in \
                self.searcher.schema else None
            if field is None or not mask.any():
                return mask, score
            for word in q.words:
                _, s = self.term(q.fieldname, word, 1.0)
                score += s
            score[~mask] = 0.0
            if q.boost != 1.0:
                score *= q.boost
            return mask, score
        if isinstance(q, MultiTerm) and (
                type(q).matcher is MultiTerm.matcher
                or (isinstance(q, (Prefix, Wildcard, Regex))  # else Every: Whoosh's
                    and q.text not in ("", "*", ".*"))):
            return self.multiterm(q)
        if isinstance(q, RangeMixin):
            compiled = q._compile_query(self.searcher.reader())  # noqa: SLF001
            if isinstance(compiled, ConstantScoreQuery):
                mask = self.docs(q)
                return mask, np.where(mask, compiled.score, 0.0)
        raise _Unsupported

    def multiterm(self, q: MultiTerm) -> tuple[np.ndarray, np.ndarray]:
        """A prefix, wildcard, fuzzy or regular-expression query, scored as Whoosh's
        ``MultiTerm.matcher`` scores it in each segment: the words it expands to *in that
        segment*; one word alone, unboosted; more are OR-ed, and which Or matcher Whoosh
        picks decides the scores (see :func:`_or_scores`)."""
        mask, score = self.empty()
        field = q.field()
        for sub, offset in self.searcher.leaf_searchers():
            words = [w for w in q._btexts(sub.reader()) if w]  # noqa: SLF001
            if not words:
                continue
            how = "bm25" if len(words) == 1 else _or_scores(
                len(words), sub.doc_count_all(), bool(q.constantscore))
            if how is None:
                raise _Unsupported
            m, s = self.empty()
            for w in words:
                self.term(field, w, 1.0, (sub, offset), m, s)
            if how == "one":
                s = self.np.where(m, 1.0, 0.0)
            elif len(words) > 1 and q.boost != 1.0:
                s *= q.boost
            mask |= m
            score += s
        return mask, score

    def docs(self, q: Query) -> np.ndarray:
        """Documents of ``q`` as a mask (scores not needed)."""
        mask = self.np.zeros(self.size, dtype=bool)
        found = docset(self.searcher, q, self.ranker.positions)
        if found:
            mask[self.np.fromiter(found, dtype=self.np.int64, count=len(found))] = True
        return mask

    def term(self, fieldname: str, text: object, boost: float,
             segment: tuple[Searcher, int] | None = None, mask: np.ndarray | None = None,
             score: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """A term's (matched, BM25F score) arrays, in every segment or in ``segment``
        only, added into ``mask`` and ``score`` when given."""
        if mask is None or score is None:
            mask, score = self.empty()
        searcher = self.searcher
        if fieldname not in searcher.schema:
            return mask, score
        field = searcher.schema[fieldname]
        try:
            btext = field.to_bytes(text)
        except ValueError:
            return mask, score
        for sub, offset in [segment] if segment else searcher.leaf_searchers():
            ids, weights = self.ranker.postings(sub, offset, fieldname, btext)
            if not len(ids):
                continue
            if field.scorable:
                idf = searcher.idf(fieldname, btext)
                avgfl = searcher.avg_field_length(fieldname) or 1
                b = self.field_b.get(fieldname, self.b)
                fl = self.ranker._field_lengths(sub, offset, fieldname)[ids]  # noqa: SLF001
                s = idf * ((weights * (self.k1 + 1))
                           / (weights + self.k1 * ((1 - b) + b * fl / avgfl)))
            else:
                s = weights
            if boost != 1.0:
                s = s * boost
            score[ids + offset] += s  # a term's postings hold a document once
            mask[ids + offset] = True
        return mask, score


def _or_scores(words: int, size: int, constant: bool) -> str | None:
    """How Whoosh scores the Or of a pattern's ``words`` in an index of ``size``
    documents (``Or._matcher``): "bm25" (the sum, boosted), "one" (each match 1.0: its
    array matcher, unscored for a constant-score pattern), or None where the choice
    depends on the matcher's context (``needs_current``): the caller asks Whoosh."""
    kind = Or.matcher_type
    if kind == Or.AUTO_MATCHER:
        if words < Or.TOO_MANY_CLAUSES and (words == 2 or size > 5000):
            kind = Or.DEFAULT_MATCHER
        elif words >= Or.TOO_MANY_CLAUSES:
            kind = Or.ARRAY_MATCHER
        else:
            return None
    if kind == Or.DEFAULT_MATCHER:
        return "bm25"
    if kind == Or.ARRAY_MATCHER:
        return "one" if constant else "bm25"
    return None


def _postings(sub: Searcher, field: str, text: bytes,
              sidecar: Sidecar | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Document numbers (of the segment, deleted ones too) with the term, and their
    weights: from the segment's ``sidecar`` where it holds the term, else from Whoosh."""
    reader = sub.reader()
    if sidecar is not None:
        try:
            frequency = reader.doc_frequency(field, text)
        except TermNotFound:
            frequency = 0
        found = sidecar.postings(field, text, frequency)
        if found is not None:
            return found
    got = raw_postings(reader, field, text)
    assert got is not None  # (not Whoosh 3 only: every codec's postings)
    return got


def raw_postings(reader: IndexReader, field: str, text: bytes, whoosh3_only: bool = False
                 ) -> tuple[np.ndarray, np.ndarray] | None:
    """A term's document numbers (deleted ones too) and weights in one segment, a Whoosh 3
    posting block at a time decoded as arrays (another codec's a posting at a time;
    ``whoosh3_only``: None for those)."""
    import numpy as np

    try:
        m = reader.postings(field, text)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if isinstance(m, FilterMatcher):
        m = m.child  # deletions: the caller's (they change; the postings do not)
    if not getattr(m, "_byteids", True) and hasattr(m, "_read_data"):
        return _w3_blocks(m)
    if whoosh3_only:
        return None
    ids: list[int] = []
    weights: list[float] = []
    while m.is_active():
        ids.append(m.id())
        weights.append(m.weight())
        m.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def _w3_blocks(m: object) -> tuple[np.ndarray, np.ndarray]:
    """A Whoosh 3 posting list's ids and weights, decoded as arrays a block at a time
    (a block holds its ids as gaps and its weights as a tuple, one value or None: 1.0)."""
    import numpy as np

    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    while m.is_active():  # type: ignore[attr-defined]
        if m._data is None:  # type: ignore[attr-defined]  # noqa: SLF001
            m._read_data()  # type: ignore[attr-defined]  # noqa: SLF001
        gaps, weights = m._data[0], m._data[1]  # type: ignore[attr-defined]  # noqa: SLF001
        id_parts.append(np.cumsum(np.asarray(gaps, dtype=np.int64)))
        weight_parts.append(block_weights(weights, len(gaps)))
        m._next_block()  # type: ignore[attr-defined]  # noqa: SLF001
    if not id_parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(id_parts), np.concatenate(weight_parts)


def _length_bytes(column: object, n: int) -> np.ndarray:
    """The one-byte lengths of ``n`` documents from Whoosh's lengths column (read at once
    where the column is the plain fixed-size one; documents past its end have 0)."""
    import numpy as np

    raw = None
    if all(hasattr(column, a) for a in ("_dbfile", "_basepos", "_count", "_fixedlen")):
        c = column
        if c._fixedlen == 1:  # noqa: SLF001
            raw = np.frombuffer(bytes(c._dbfile.get(c._basepos, c._count)),  # noqa: SLF001
                                dtype=np.uint8)
    if raw is None:
        raw = np.fromiter((column[d] for d in range(n)), dtype=np.uint8,  # type: ignore[index]
                          count=n)
    if len(raw) < n:
        raw = np.concatenate([raw, np.zeros(n - len(raw), dtype=np.uint8)])
    return raw[:n]
