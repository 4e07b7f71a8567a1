"""Fast ``word~`` matching: fuzzy terms expanded against the field's word list with rapidfuzz.

Whoosh's own FuzzyTerm walks the term dictionary with a Levenshtein automaton in pure
Python, which takes seconds over every text field of a large library. Here each field's
word list is read once per searcher and matched with rapidfuzz's optimal-string-alignment
distance (a transposition such as "transfromer" counts as one edit), in C.
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh.query import FuzzyTerm, NullQuery, Or, Query, Term
from whoosh.reading import IndexReader

MAX_EXPANSIONS = 30


class FuzzyExpander:
    """Replaces FuzzyTerm queries by an OR of the indexed words within their distance."""

    def __init__(self) -> None:
        self._generation: int | None = None
        self._lexicons: dict[str, list[str]] = {}

    def _lexicon(self, reader: IndexReader, field: str, generation: int) -> list[str]:
        if generation != self._generation:
            self._generation, self._lexicons = generation, {}
        if field not in self._lexicons:
            try:
                words = [w.decode("utf-8") if isinstance(w, bytes) else w
                         for w in reader.lexicon(field)]
            except Exception:  # a field without a term dictionary
                words = []
            self._lexicons[field] = words
        return self._lexicons[field]

    def expand(self, query: Query, reader: IndexReader, generation: int) -> Query:
        """``query`` with every FuzzyTerm expanded into plain terms.

        ``generation`` identifies the reader: word lists are re-read when it changes.
        """

        def visit(q: Query) -> Query:
            if not isinstance(q, FuzzyTerm):
                return q
            words = self._lexicon(reader, q.fieldname, generation)
            prefix = q.text[: q.prefixlength]
            found = process.extract(q.text, words, scorer=OSA.distance,
                                    score_cutoff=q.maxdist, limit=MAX_EXPANSIONS)
            terms = [Term(q.fieldname, w, boost=q.boost) for w, _, _ in found
                     if w.startswith(prefix)]
            return Or(terms) if terms else NullQuery

        return query.accept(visit)
