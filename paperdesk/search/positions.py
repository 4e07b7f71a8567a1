"""Phrase matching over word positions decoded in bulk and kept as arrays.

A phrase of two frequent words ("language model": both in ~40% of the abstracts) is
checked in every document that has both words. Whoosh stores each posting's positions as
its own small pickle; unpickling them one at a time, and walking them in a Python loop,
cost ~80 ms for that query over 20,000 papers — on every search, since nothing was kept.

:class:`PositionCache` decodes a term's positions for a whole segment at once (one
``pickle.loads`` per block: the postings' pickles are joined into one list) into one
sorted ``int64`` array of *keys*, ``document << 32 | position``, and keeps it for later
searches. Whoosh segments never change once written (a commit adds segments and marks
deletions), so a kept term stays right across commits: it is keyed by the segment's id,
holds deleted documents too, and the caller drops those (:func:`phrase_docs`).

:func:`phrase_docs` walks the phrase's words with ``numpy.searchsorted`` over the keys:
the same rule as :func:`paperdesk.search.docsets._in_order` (each word within ``slop``
after the previous one, in order), without a Python loop per document.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from itertools import chain
from operator import itemgetter
from pickle import loads
from typing import TYPE_CHECKING

from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader, TermNotFound

if TYPE_CHECKING:
    import numpy as np

#: positions kept between searches (8 bytes each: 32 MB)
POSITIONS_KEPT = 4_000_000

#: a position's share of a key; documents go above it
SHIFT = 32
_POS_MAX = 1 << (SHIFT - 1)
#: a posting value's pickle protocol mark, its last byte, its pickle's body
_PROTO, _LAST, _BODY = itemgetter(slice(4, 6)), itemgetter(-1), itemgetter(slice(6, -1))


def segment_key(reader: IndexReader) -> str | None:
    """The id of the one segment ``reader`` reads (None: not a single-segment reader)."""
    segment = getattr(reader, "segment", None)
    if segment is None:
        return None
    try:
        return str(segment().segment_id())
    except Exception:  # noqa: BLE001 - another reader kind: no kept positions
        return None


class PositionCache:
    """Each term's position keys per segment, most recently used last, at most
    :data:`POSITIONS_KEPT` positions in all."""

    def __init__(self, kept: int = POSITIONS_KEPT) -> None:
        self.kept = kept
        self._keys: OrderedDict[tuple[str, str, bytes], np.ndarray] = OrderedDict()
        self._size = 0
        #: given (segment, field, term, ids, weights) of the postings read with the
        #: positions (deleted documents included), e.g. to keep them for scoring
        self.on_postings: Callable[[str, str, bytes, np.ndarray, np.ndarray], None] | None \
            = None

    def __len__(self) -> int:
        return len(self._keys)

    def forget(self) -> None:
        """Drop every kept term (benchmarks time a cold search)."""
        self._keys.clear()
        self._size = 0

    def keep_only(self, segments: set[str]) -> None:
        """Drop the terms of segments not in ``segments`` (merged away or deleted)."""
        for key in [k for k in self._keys if k[0] not in segments]:
            self._size -= len(self._keys.pop(key))

    def keys(self, reader: IndexReader, fieldname: str, text: bytes) -> np.ndarray | None:
        """Sorted ``document << 32 | position`` keys of ``text`` in ``fieldname`` in the
        segment ``reader`` reads, deleted documents included; None where the postings are
        not Whoosh 3 blocks of pickled positions (the caller matches the old way)."""
        seg = segment_key(reader)
        if seg is None:
            return None
        key = (seg, fieldname, text)
        found = self._keys.get(key)
        if found is not None:
            self._keys.move_to_end(key)
            return found
        blocks: list[tuple[np.ndarray, np.ndarray]] | None = \
            [] if self.on_postings is not None else None
        found = _read_keys(reader, fieldname, text, blocks)
        if found is None:
            return None
        if blocks is not None and self.on_postings is not None:
            import numpy as np

            ids = np.concatenate([b[0] for b in blocks]) if blocks else np.zeros(0, np.int64)
            weights = np.concatenate([b[1] for b in blocks]) if blocks else np.zeros(0)
            self.on_postings(seg, fieldname, text, ids, weights)
        self._keys[key] = found
        self._size += len(found)
        while self._size > self.kept and len(self._keys) > 1:
            _, dropped = self._keys.popitem(last=False)
            self._size -= len(dropped)
        return found


def block_weights(weights: object, n: int) -> np.ndarray:
    """A Whoosh 3 block's weights as an array: a tuple, one value for all, or None (1.0)."""
    import numpy as np

    if weights is None:
        return np.ones(n)
    if isinstance(weights, (int, float)):
        return np.full(n, float(weights))
    return np.asarray(weights, dtype=np.float64)


def _read_keys(reader: IndexReader, fieldname: str, text: bytes,
               postings: list[tuple[np.ndarray, np.ndarray]] | None = None
               ) -> np.ndarray | None:
    """A term's keys read block by block (see :class:`PositionCache`); each block's ids
    and weights are appended to ``postings`` when given (read with them)."""
    import numpy as np

    try:
        m = reader.postings(fieldname, text)
    except TermNotFound:
        return np.zeros(0, dtype=np.int64)
    if isinstance(m, FilterMatcher):
        m = m.child  # deletions: the caller's
    if getattr(m, "_byteids", True) or not hasattr(m, "_read_data"):
        return None
    parts: list[np.ndarray] = []
    while m.is_active():
        if m._data is None:  # noqa: SLF001 - reading a block at once is the point
            m._read_data()  # noqa: SLF001
        gaps, values = m._data[0], m._data[2]  # noqa: SLF001
        if len(values) != len(gaps):
            return None
        ids = np.cumsum(np.asarray(gaps, dtype=np.int64))
        if postings is not None:
            postings.append((ids, block_weights(m._data[1], len(gaps))))  # noqa: SLF001
        deltas = _decode_block(values)
        if deltas is None:
            return None
        counts = np.fromiter(map(len, deltas), dtype=np.int64, count=len(deltas))
        flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64,
                           count=int(counts.sum()))
        if len(flat):
            # positions: a running sum of the gaps that restarts at each document
            run = np.cumsum(flat)
            starts = np.cumsum(counts) - counts
            before = np.concatenate(([0], run))[starts]
            positions = run - np.repeat(before, counts)
            if positions.max() >= _POS_MAX or positions.min() < 0:
                return None
            parts.append((np.repeat(ids, counts) << SHIFT) | positions)
        m._next_block()  # noqa: SLF001
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.concatenate(parts)


def _decode_block(values: tuple[bytes, ...]) -> list[list[int]] | None:
    """The position gaps of a block's postings, unpickled at once: each value is a 4-byte
    frequency and a protocol-2 pickle of a list (Whoosh's ``Positions.encode``); their
    bodies are joined into one pickle of a list of lists (the index's own data)."""
    if set(map(_PROTO, values)) != {b"\x80\x02"} or set(map(_LAST, values)) != {46}:
        return None  # 46: "." (STOP)
    body = b"".join(map(_BODY, values))
    try:
        out = loads(b"\x80\x02(" + body + b"l.")  # noqa: S301 - the index's own data
    except Exception:  # noqa: BLE001 - not the expected encoding: the caller's old way
        return None
    if not isinstance(out, list) or len(out) != len(values):
        return None
    return out


def phrase_docs(keys: list[np.ndarray], slop: int) -> np.ndarray | None:
    """Documents (of the segment) where the words of ``keys`` occur in order, each within
    ``slop`` positions after the previous one, sorted; deleted documents included. None
    when ``slop`` is too large for the keys (the caller matches the old way)."""
    import numpy as np

    if not 1 <= slop < _POS_MAX:
        return None
    ends = keys[0]
    for later in keys[1:]:
        if not len(ends) or not len(later):
            return np.zeros(0, dtype=np.int64)
        # the last end before each position of the next word, if within slop of it
        before = np.searchsorted(ends, later, side="left") - 1
        ok = before >= 0
        ok[ok] = ends[before[ok]] >= later[ok] - slop
        ends = later[ok]
    return np.unique(ends >> SHIFT)
