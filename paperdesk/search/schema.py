"""The Whoosh schema of the search index and its version.

Bump :data:`SCHEMA_VERSION` whenever the schema or the way documents are built
changes: an index with another version is rebuilt from SQLite on open.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.scoring import BM25F

from paperdesk.search.analysis import plain_analyzer, stemming_analyzer

#: 2: segments as separate files; 3: accents folded; 4: NFKC and ligatures folded before
#: stemming, one-letter words and "c++"/"c#" kept; 5: collections; 6: keyphrases; 7: curly
#: apostrophes folded, the year a word of the venue field ("Skiena 2008"), hyphenated words
#: also written as one ("pretraining"); 8: British spellings indexed as American ones
SCHEMA_VERSION = 8

#: Fields searched by plain words, with their BM25F weights.
TEXT_FIELDS: dict[str, float] = {
    "title": 3.0,
    "abstract": 1.0,
    "authors": 1.5,
    "tags": 1.5,
    "keyphrases": 0.5,  # phrases of the abstract: a light boost for its key terms
    "note": 1.0,
    "highlights": 1.0,
    "venue": 0.5,
    "fulltext": 0.5,
}

#: Best match's lexical side scales each field's terms by these at query time. Titles
#: weigh 3x in the index, which suits short Keyword queries; in a long question a title
#: word then swamps the abstract's (chosen among 1, 2/3 and 1/3 on CISI's odd-numbered
#: queries: nDCG@10 of BM25F alone 0.339 -> 0.356; see benchmarks/search.py).
BEST_MATCH_FIELD_SCALE: dict[str, float] = {"title": 1 / 3}


def build_schema() -> Schema:
    """A fresh schema object (Whoosh schemas are mutable, so never share one)."""
    # folded (see analysis), so "muller" finds "Müller" and "quaero" finds "Quæro"
    stem = stemming_analyzer()
    plain = plain_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        num=NUMERIC(int, bits=64, sortable=True),
        title=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["title"]),
        title_sort=ID(sortable=True),
        abstract=TEXT(analyzer=stem),
        authors=TEXT(analyzer=plain, field_boost=TEXT_FIELDS["authors"]),
        tags=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["tags"]),
        tag=KEYWORD(commas=True, lowercase=True),
        keyphrases=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["keyphrases"]),
        note=TEXT(analyzer=stem),
        highlights=TEXT(analyzer=stem),
        venue=TEXT(analyzer=plain, field_boost=TEXT_FIELDS["venue"]),
        fulltext=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["fulltext"]),
        year=NUMERIC(int, sortable=True),
        stars=NUMERIC(int, sortable=True),
        read=ID,
        has=KEYWORD,
        collection=KEYWORD,  # "c<id>" of each collection the paper is directly in
        trashed=ID,
    )


def weighting() -> BM25F:
    """BM25F with little length normalisation in a PDF's text: PDFs are far longer than
    the average paper's text (most papers have none), which would push their scores to 0."""
    return BM25F(B=0.75, K1=1.2, fulltext_B=0.1)
