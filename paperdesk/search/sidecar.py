"""Decoded postings beside each Whoosh segment, read as array slices.

Whoosh stores a block of postings as one pickled tuple of ids, weights *and* word
positions: reading a frequent word's postings means unpickling a small bytes object per
posting for positions that scoring never looks at (~25 ms for one word at 100,000
papers, the most of a keystroke's search for a word not typed before). A segment never
changes once written, so the process that writes the index can also write, next to the
segment, the postings of its frequent terms decoded once: each term's document numbers
(``int32``) and weights (``float32``) in two flat arrays, found through a sorted table of
term hashes. :class:`Sidecar` maps the file (``numpy.memmap``) and answers a term's
postings as two slices; :func:`write_missing` writes the files a searcher's segments
lack (a background process's work: it decodes every frequent term once).

The file is derived and rebuildable: it is named like the segment's own files
(``MAIN_<segment>.pdpost``), so Whoosh deletes it with the segment; a missing, damaged or
older file, or a term it does not hold (rare words: cheap to read from Whoosh), reads the
postings from Whoosh as before, and every slice is checked against Whoosh's document
frequency of the term, so a wrong file never gives wrong results.

Layout (little-endian): ``MAGIC`` (8 bytes), documents in the segment, terms, postings
(three ``uint64``), padding to 64 bytes; then term hashes (``int64``, sorted), their
start offsets (``int64``, one more than terms), each term's CRC-32 of its document numbers
and weights (``int64``: a damaged slice is never used), document numbers (``int32``),
weights (``float32``).
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import struct
import subprocess
import sys
import time
import zlib
from hashlib import blake2b
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from whoosh.reading import IndexReader

log = logging.getLogger("paperdesk.search")

MAGIC = b"PDPOST02"
SUFFIX = ".pdpost"
_HEADER = struct.Struct("<8sQQQ")
_HEADER_SIZE = 64
#: terms with fewer postings are left to Whoosh (one or two blocks: cheap to read)
MIN_POSTINGS = 200
#: segments with fewer documents get no file (their postings are small)
MIN_DOCS = 2_000
#: the background writer's niceness (as the worker process's)
NICENESS = 10


def term_hash(field: str, text: bytes) -> int:
    """A term's 64-bit key in the table (signed, as ``int64``)."""
    digest = blake2b(field.encode("utf-8") + b"\0" + text, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def path_for(folder: Path, segment_id: str) -> Path:
    """The sidecar file of a segment (``segment_id``: Whoosh's, the index name included;
    named like the segment's files, Whoosh deletes it with them)."""
    return folder / f"{segment_id}{SUFFIX}"


class Sidecar:
    """One segment's decoded postings, mapped read-only."""

    def __init__(self, path: Path, doc_count: int) -> None:
        """Map ``path``; raises ValueError (or OSError) when it is not a whole sidecar
        of a segment with ``doc_count`` documents."""
        import numpy as np

        with open(path, "rb") as f:
            magic, docs, terms, postings = _HEADER.unpack(f.read(_HEADER.size))
        if magic != MAGIC or docs != doc_count:
            raise ValueError(f"{path}: not a sidecar of this segment")
        if not whole(path, doc_count):
            raise ValueError(f"{path}: truncated")
        offset = _HEADER_SIZE
        self.hashes = np.memmap(path, dtype="<i8", mode="r", offset=offset, shape=(terms,)) \
            if terms else np.zeros(0, dtype=np.int64)
        offset += 8 * terms
        starts = np.memmap(path, dtype="<i8", mode="r", offset=offset, shape=(terms + 1,))
        offset += 8 * (terms + 1)
        self.crcs = np.memmap(path, dtype="<i8", mode="r", offset=offset, shape=(terms,)) \
            if terms else np.zeros(0, dtype=np.int64)
        offset += 8 * terms
        self.starts = np.asarray(starts)
        if self.starts[0] != 0 or self.starts[-1] != postings or (
                terms and np.any(np.diff(self.starts) < 0)):
            raise ValueError(f"{path}: bad offsets")
        self.ids = np.memmap(path, dtype="<i4", mode="r", offset=offset, shape=(postings,)) \
            if postings else np.zeros(0, dtype=np.int32)
        offset += 4 * postings
        self.weights = np.memmap(path, dtype="<f4", mode="r", offset=offset,
                                 shape=(postings,)) if postings else np.zeros(0, np.float32)
        self.doc_count = doc_count

    def postings(self, field: str, text: bytes, doc_frequency: int
                 ) -> tuple[np.ndarray, np.ndarray] | None:
        """The term's document numbers (``int64``) and weights (``float64``), deleted
        documents included; None when the file does not hold it or its slice does not
        have ``doc_frequency`` postings (the caller reads Whoosh's)."""
        import numpy as np

        if doc_frequency < MIN_POSTINGS or not len(self.hashes):
            return None
        h = term_hash(field, text)
        i = int(np.searchsorted(self.hashes, h))
        if i >= len(self.hashes) or int(self.hashes[i]) != h:
            return None
        a, b = int(self.starts[i]), int(self.starts[i + 1])
        if b - a != doc_frequency:
            return None
        raw_ids, raw_weights = self.ids[a:b], self.weights[a:b]
        if zlib.crc32(raw_weights, zlib.crc32(raw_ids)) != int(self.crcs[i]):
            return None
        return raw_ids.astype(np.int64), raw_weights.astype(np.float64)


def open_sidecar(folder: Path, segment_id: str, doc_count: int) -> Sidecar | None:
    """The segment's sidecar, or None when it has none (or a damaged or older one)."""
    path = path_for(folder, segment_id)
    if not path.exists():
        return None
    try:
        return Sidecar(path, doc_count)
    except (OSError, ValueError) as exc:
        log.info("postings sidecar not used: %s", exc)
        return None


def write_sidecar(reader: IndexReader, path: Path, fields: list[str]) -> bool:
    """Write the sidecar of the one segment ``reader`` reads (its terms in ``fields``
    with at least :data:`MIN_POSTINGS` postings), through a temporary file; False when
    the segment's postings are not Whoosh 3 blocks."""
    import numpy as np

    from paperdesk.search.fastrank import raw_postings

    hashes: list[int] = []
    id_parts: list[np.ndarray] = []
    weight_parts: list[np.ndarray] = []
    for field in fields:
        if field not in reader.schema:
            continue
        for text, info in reader.iter_field(field):
            if info.doc_frequency() < MIN_POSTINGS:
                continue
            got = raw_postings(reader, field, text, whoosh3_only=True)
            if got is None:
                return False
            ids, weights = got
            w32 = weights.astype(np.float32)
            if not np.array_equal(w32.astype(np.float64), weights) or (
                    len(ids) and ids[-1] >= 2**31):
                continue  # not exact as float32 (a boosted field): left to Whoosh
            hashes.append(term_hash(field, text))
            id_parts.append(ids.astype(np.int32))
            weight_parts.append(w32)
    order = np.argsort(np.asarray(hashes, dtype=np.int64), kind="stable")
    table = np.asarray(hashes, dtype=np.int64)[order]
    if len(table) and np.any(table[1:] == table[:-1]):  # two terms, one hash: keep none
        return False
    lengths = np.asarray([len(id_parts[i]) for i in order], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype("<i8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # (Whoosh's clean skips it)
    try:
        with open(tmp, "wb") as f:
            f.write(_HEADER.pack(MAGIC, reader.doc_count_all(), len(table), int(starts[-1]))
                    .ljust(_HEADER_SIZE, b"\0"))
            f.write(table.astype("<i8").tobytes())
            f.write(starts.tobytes())
            f.write(np.asarray([zlib.crc32(weight_parts[i], zlib.crc32(id_parts[i]))
                                for i in order], dtype="<i8").tobytes())
            for i in order:
                f.write(id_parts[i].astype("<i4").tobytes())
            for i in order:
                f.write(weight_parts[i].astype("<f4").tobytes())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return True


def segment_ids(index: object) -> set[str]:
    """The ids of a Whoosh index's segments now (empty where they cannot be read)."""
    try:
        return {seg.segment_id() for seg in index._segments()}  # type: ignore[attr-defined]  # noqa: SLF001
    except Exception:  # noqa: BLE001 - another index kind: no sidecars
        return set()


def write_sidecars(index: object, before: set[str]) -> int:
    """After a commit: write the sidecars of the segments it made (those not in
    ``before``) that have :data:`MIN_DOCS` documents or more; never raises (a sidecar
    is an optimisation: without it the postings are read from Whoosh)."""
    try:
        new = {seg.segment_id() for seg in index._segments()  # type: ignore[attr-defined]  # noqa: SLF001
               if seg.segment_id() not in before and seg.doc_count_all() >= MIN_DOCS}
        if not new or importlib.util.find_spec("numpy") is None:
            return 0  # (an edit's small segment: no reader opened)
        return write_missing(index, scored_fields(index), only=new)
    except Exception as exc:  # noqa: BLE001 - see above
        log.warning("postings sidecars not written: %s", exc)
        return 0


def scored_fields(index: object) -> list[str]:
    """The fields whose postings the ranker scores (Whoosh's scorable fields)."""
    schema = index.schema  # type: ignore[attr-defined]
    return [name for name, field in schema.items() if field.scorable]


def write_missing(index: object, fields: list[str], min_docs: int | None = None,
                  only: set[str] | None = None) -> int:
    """Write the sidecars that the segments of a Whoosh ``index`` (a FileIndex on a
    folder; with ``only``: those segments of it) lack; how many were written. A segment
    merged away meanwhile is skipped."""
    storage = getattr(index, "storage", None)
    folder = getattr(storage, "folder", None)
    if folder is None or only == set():
        return 0
    min_docs = MIN_DOCS if min_docs is None else min_docs
    _clean_temporary(Path(folder))
    written = 0
    reader = index.reader()  # type: ignore[attr-defined]
    try:
        leaves = [r for r, _ in reader.leaf_readers()]
        for leaf in leaves:
            segment = getattr(leaf, "segment", None)
            if segment is None or leaf.doc_count_all() < min_docs:
                continue
            seg = segment()
            if only is not None and seg.segment_id() not in only:
                continue
            path = path_for(Path(folder), seg.segment_id())
            if whole(path, leaf.doc_count_all()):
                continue  # (an older or damaged one is written again)
            try:
                if write_sidecar(leaf, path, fields):
                    written += 1
            except (OSError, ValueError) as exc:  # (a segment merged away meanwhile)
                log.info("postings sidecar of %s not written: %s", seg.segment_id(), exc)
    finally:
        reader.close()
    return written


def _clean_temporary(folder: Path) -> None:
    """Remove the temporary files of writers that stopped half-way (an hour old)."""
    for tmp in folder.glob(f".*{SUFFIX}.*.tmp"):
        try:
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink()
        except OSError:
            pass


def lacking(index: object) -> list[str]:
    """The segments of ``index`` (of :data:`MIN_DOCS` documents or more) without a
    sidecar, read from its table of contents (no postings opened)."""
    folder = getattr(getattr(index, "storage", None), "folder", None)
    if folder is None:
        return []
    try:
        segments = index._segments()  # type: ignore[attr-defined]  # noqa: SLF001
    except Exception:  # noqa: BLE001 - another index kind: no sidecars
        return []
    return [seg.segment_id() for seg in segments if seg.doc_count_all() >= MIN_DOCS
            and not whole(path_for(Path(folder), seg.segment_id()), seg.doc_count_all())]


def whole(path: Path, doc_count: int) -> bool:
    """True when ``path`` is a sidecar of this version, of a segment of ``doc_count``
    documents, and of its full size (its header read, nothing else)."""
    try:
        with open(path, "rb") as f:
            magic, docs, terms, postings = _HEADER.unpack(f.read(_HEADER.size))
        return magic == MAGIC and docs == doc_count and os.path.getsize(path) == (
            _HEADER_SIZE + 24 * terms + 8 + 8 * postings)
    except (OSError, struct.error):
        return False


def spawn_writer(folder: Path) -> subprocess.Popen | None:
    """Start a background process (low priority) that writes the sidecars the index in
    ``folder`` lacks (an index written before sidecars existed: ~17 s of CPU at 100,000
    papers, once); None where it cannot start or numpy is missing. A frozen build
    (PyInstaller: no ``-m``) starts none: its index commits write their own sidecars."""
    if getattr(sys, "frozen", False) or importlib.util.find_spec("numpy") is None \
            or not folder.is_dir():
        return None
    try:
        return subprocess.Popen(  # noqa: S603 - this interpreter, this module
            [sys.executable, "-m", "paperdesk.search.sidecar", str(folder)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError as exc:
        log.info("postings sidecar writer not started: %s", exc)
        return None


def main(argv: list[str] | None = None) -> int:
    """``python -m paperdesk.search.sidecar INDEX_FOLDER``: write the missing sidecars."""
    from whoosh import index as whoosh_index

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m paperdesk.search.sidecar INDEX_FOLDER", file=sys.stderr)
        return 2
    with contextlib.suppress(OSError, AttributeError):
        os.nice(NICENESS)  # (background work: the window and the worker come first)
    try:
        index = whoosh_index.open_dir(args[0])
        written = write_missing(index, scored_fields(index))
    except Exception as exc:  # noqa: BLE001 - the index changed or is gone: nothing lost
        print(f"{args[0]}: postings sidecars not written ({exc})", file=sys.stderr)
        return 1
    print(f"{args[0]}: {written} postings sidecar(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
