"""Whoosh number columns read in one piece.

Whoosh reads a column a value at a time (a seek, a read, an unpack and a translation per
document): the paper ids of 100,000 documents took ~1 s, most of the first search in a
new window or command. A plain number column is one run of fixed-size big-endian values
in the segment's file, so :func:`int_column` reads it with one ``struct.unpack``.
"""

from __future__ import annotations

import struct

from whoosh.fields import NUMERIC
from whoosh.reading import IndexReader


def int_column(reader: IndexReader, fieldname: str) -> list[int]:
    """Every document's value of the integer column ``fieldname`` in the segment that
    ``reader`` reads (what ``list(reader.column_reader(fieldname))`` gives)."""
    if not reader.doc_count_all():
        return []  # an empty index's reader has no columns at all (a new library)
    field = reader.schema[fieldname]
    raw = reader.column_reader(fieldname, translate=False)
    if not (isinstance(field, NUMERIC) and field.numtype is int and not field.decimal_places
            and all(hasattr(raw, a) for a in ("_dbfile", "_basepos", "_count", "_typecode",
                                               "_default", "_doccount"))):
        return list(reader.column_reader(fieldname))
    n, count = raw._doccount, min(raw._count, raw._doccount)  # noqa: SLF001
    fmt = struct.Struct(f"!{count}{raw._typecode}")  # noqa: SLF001
    values = list(fmt.unpack(bytes(raw._dbfile.get(raw._basepos, fmt.size))))  # noqa: SLF001
    values += [raw._default] * (n - count)  # noqa: SLF001 - past the end: the default
    if field.signed:  # sortable: shifted up by half the range
        shift = 1 << (field.bits - 1)
        return [v - shift for v in values]
    return values
