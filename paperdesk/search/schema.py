"""The Whoosh schema of the search index and its version.

Bump :data:`SCHEMA_VERSION` whenever the schema or the way documents are built
changes: an index with another version is rebuilt from SQLite on open.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, StandardAnalyzer, StemmingAnalyzer
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.support.charset import accent_map

SCHEMA_VERSION = 4  # 2: segments as separate files; 3: accents folded; 4: collections

#: Words: letters and digits, with inner dots or apostrophes ("e.g", "don't"). Set
#: explicitly because whoosh-reloaded's default pattern keeps "*" and "-" in tokens.
WORD_PATTERN = r"\w+(?:[.'’]\w+)*"

#: Fields searched by plain words, with their BM25F weights.
TEXT_FIELDS: dict[str, float] = {
    "title": 3.0,
    "abstract": 1.0,
    "authors": 1.5,
    "tags": 1.5,
    "note": 1.0,
    "highlights": 1.0,
    "venue": 0.5,
    "fulltext": 0.5,
}


def build_schema() -> Schema:
    """A fresh schema object (Whoosh schemas are mutable, so never share one)."""
    # accents are folded, so "muller" finds "Müller" and "cafe" finds "Café"
    fold = CharsetFilter(accent_map)
    stem = StemmingAnalyzer(expression=WORD_PATTERN) | fold
    plain = StandardAnalyzer(expression=WORD_PATTERN, stoplist=None) | fold
    return Schema(
        id=ID(stored=True, unique=True),
        num=NUMERIC(int, bits=64, sortable=True),
        title=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["title"]),
        title_sort=ID(sortable=True),
        abstract=TEXT(analyzer=stem),
        authors=TEXT(analyzer=plain, field_boost=TEXT_FIELDS["authors"]),
        tags=TEXT(analyzer=stem, field_boost=TEXT_FIELDS["tags"]),
        tag=KEYWORD(commas=True, lowercase=True),
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
