"""Fast ``word~`` matching: fuzzy terms expanded against the field's word list with rapidfuzz.

Whoosh's own FuzzyTerm walks the term dictionary with a Levenshtein automaton in pure
Python, which takes seconds over every text field of a large library. Here each field's
word list is read once per segment (kept across commits) and matched with rapidfuzz's
optimal-string-alignment distance (a transposition such as "transfromer" counts as one
edit), in C.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.query import FuzzyTerm, NullQuery, Or, Query, Term
from whoosh.reading import IndexReader

from paperdesk.search.positions import segment_key

MAX_EXPANSIONS = 30


#: the most edits ``word~N`` allows ("neural~5" matched 1,458 of 2,000 papers)
MAX_DISTANCE = 2


class FuzzyExpander:
    """Replaces FuzzyTerm queries by an OR of the indexed words within their distance."""

    def __init__(self) -> None:
        self._generation: int | None = None
        #: (segment id, field) -> its sorted words; segments never change once written,
        #: so a commit only adds the new segment's words to read
        self._lexicons: dict[tuple[str, str], list[str]] = {}

    def _segments(self, reader: IndexReader, generation: int
                  ) -> list[tuple[str, IndexReader]]:
        leaves = [(segment_key(r) or f"{generation}@{offset}", r)
                  for r, offset in reader.leaf_readers()]
        if generation != self._generation:
            self._generation = generation
            current = {key for key, _ in leaves}
            self._lexicons = {k: v for k, v in self._lexicons.items() if k[0] in current}
        return leaves

    def _lexicon(self, key: str, reader: IndexReader, field: str) -> list[str]:
        if (key, field) not in self._lexicons:
            try:
                words = [w.decode("utf-8") if isinstance(w, bytes) else w
                         for w in reader.lexicon(field)]
            except Exception:  # a field without a term dictionary
                words = []
            self._lexicons[key, field] = words
        return self._lexicons[key, field]

    def expand(self, query: Query, reader: IndexReader, generation: int) -> Query:
        """``query`` with every FuzzyTerm expanded into plain terms.

        ``generation`` identifies the reader: the word lists of segments it no longer
        has are dropped when it changes.
        """
        segments = self._segments(reader, generation)

        def visit(q: Query) -> Query:
            if not isinstance(q, FuzzyTerm):
                return q
            found: dict[str, float] = {}
            for key, leaf in segments:
                words = self._lexicon(key, leaf, q.fieldname)
                for w, distance, _ in process.extract(
                        q.text, words, scorer=OSA.distance,
                        score_cutoff=min(q.maxdist, MAX_DISTANCE),
                        limit=MAX_EXPANSIONS):
                    found[w] = distance
            # as one sorted word list gives them: nearest first, then in word order
            best = sorted(found.items(), key=lambda wd: (wd[1], wd[0]))[:MAX_EXPANSIONS]
            prefix = q.text[: q.prefixlength]
            terms = [Term(q.fieldname, w, boost=q.boost) for w, _ in best
                     if w.startswith(prefix)]
            return Or(terms) if terms else NullQuery

        return query.accept(visit)
