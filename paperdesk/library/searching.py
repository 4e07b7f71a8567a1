"""``lib.search``: Keyword and Best-match search over a library, with explanations.

Keyword mode is the query language exactly (plain words coordinated, see
:mod:`paperdesk.search.query`). Best match fuses BM25F with the MiniLM vectors that
tagging stores (:mod:`paperdesk.search.hybrid`); "auto" uses it for plain-word queries
when papers have vectors and the model can run, and Keyword otherwise.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from paperdesk.errors import QueryError
from paperdesk.library.identifiers import identified
from paperdesk.search import Hit
from paperdesk.search.analysis import stemming_analyzer
from paperdesk.search.snippets import as_text, mark_words, word_stems

if TYPE_CHECKING:  # numpy (and so Best match) comes with the ML extras: imported when used
    import numpy as np

    from paperdesk.library.library import Library
    from paperdesk.search.hybrid import QueryVectors
    from paperdesk.search.query import ParsedQuery

log = logging.getLogger("paperdesk.search")

MODES = ("auto", "keyword", "best")
#: a cosine this high reads "similar meaning" (:data:`paperdesk.search.hybrid.SIMILAR`,
#: kept equal by a test; repeated so that Keyword search needs no numpy)
SIMILAR_COSINE = 0.3
#: how Best match fuses its two sides (see :func:`paperdesk.search.hybrid.fuse`)
FUSION = "minmax"
#: a query of at most this many words lists the papers holding all of them first
EVERY_WORD_MAX = 4
#: a pasted title with a typo: among the first lexical candidates, a paper whose title key
#: is this alike (rapidfuzz's ratio, 0-100) comes first, for titles this long or longer
NEAR_TITLE_RATIO = 95
NEAR_TITLE_MIN = 24
NEAR_TITLE_CANDIDATES = 20
_ANALYZER = stemming_analyzer()


class SearchResults(list[Hit]):
    """Hits, best first, plus ``total`` (papers matching in all), the ``mode`` used
    ("keyword" or "best") and a ``note`` for the user (e.g. why Best match was off)."""

    def __init__(self, hits: list[Hit], total: int, mode: str, note: str = "") -> None:
        super().__init__(hits)
        self.total, self.mode, self.note = total, mode, note


_vectors_lock = threading.Lock()
_query_vectors: QueryVectors | None = None


def query_vectors() -> QueryVectors:
    """The shared query embedder (the tagger's encoder, one thread; loads on first use).

    Raises:
        ModelError: the model cannot run here.
    """
    global _query_vectors
    with _vectors_lock:
        if _query_vectors is None:
            from paperdesk.search.hybrid import QueryVectors
            from paperdesk.tagging import get_tagger

            encoder = get_tagger(threads=1).encoder
            _query_vectors = QueryVectors(lambda texts: encoder.encode(texts))
        return _query_vectors


def search(lib: Library, query: str, limit: int | None = 20, sort: str = "relevance",
           trashed: bool = False, mode: str = "auto") -> SearchResults:
    """Papers matching ``query``; see :meth:`Library.search`. A pasted identifier's
    papers (see :mod:`paperdesk.library.identifiers`) come first."""
    if mode not in MODES:
        raise QueryError(f"unknown search mode '{mode}' (one of {', '.join(MODES)})")
    pinned = identified(lib.reader, query, trashed)
    if not pinned:
        return _search(lib, query, limit, sort, trashed, mode)
    try:
        rest = _search(lib, query, limit, sort, trashed, mode)
    except QueryError:  # ("doi:10.1/x" reads as an unknown field)
        rest = SearchResults([], 0, "keyword")
    # above every other paper: Best match's scores are at most 1; Keyword mode's read
    # "words matched + a fraction" (it matched the whole identifier: one word more)
    best = max([h.score for h in rest], default=0.0)
    top = 1.0 if rest.mode == "best" else float(int(best) + 1)
    first = _hits(lib, "", lib.index.parse(""), [(pid, top) for pid in pinned], {})
    named = set(pinned)
    others = [h for h in rest if h.paper_id not in named]
    hits = first + others
    total = len(first) + rest.total - (len(rest) - len(others))
    return SearchResults(hits if limit is None else hits[:limit], total, rest.mode, rest.note)


def _search(lib: Library, query: str, limit: int | None, sort: str, trashed: bool,
            mode: str) -> SearchResults:
    parsed = lib.index.parse(query)
    note = ""
    wants_best = mode == "best" or (mode == "auto" and parsed.plain)
    if wants_best:
        query, parsed = _loosen(lib, query, parsed)
    if wants_best and parsed.parts is not None and parsed.sentence and sort == "relevance":
        note = _best_match_off_reason(lib)
        if not note:
            return _best(lib, query, parsed, limit, trashed)
        if mode == "auto":
            note = ""  # auto quietly means Keyword when Best match cannot run
    page = lib.index.search_page(query, limit=limit, sort=sort, trashed=trashed)
    hits = _hits(lib, query, parsed, page.pairs, {})
    return SearchResults(hits, page.total, "keyword", note)


def _loosen(lib: Library, query: str, parsed: ParsedQuery) -> tuple[str, ParsedQuery]:
    """Best match reads a long question's quotes as emphasis, not as phrase filters
    (see :func:`paperdesk.search.query.loosened`)."""
    from paperdesk.search.query import loosened

    bare = loosened(parsed)
    return (query, parsed) if bare is None else (bare, lib.index.parse(bare))


def _best_match_off_reason(lib: Library, wait: bool = True) -> str:
    """Why Best match cannot run now ("" when it can). ``wait=False``: a query model not
    loaded yet is not waited for: it loads in a background thread (once) and the reason
    says so (a keystroke answered in Keyword mode, not ~0.6 s later)."""
    try:
        import numpy  # noqa: F401 - Best match's vectors need it
    except ImportError:
        return "Best match needs PaperDesk's ML extras (numpy); showing Keyword results."
    if not lib.tagging.has_vectors():
        return ("Best match needs paper vectors, made by tagging "
                "(paperdesk tag); showing Keyword results.")
    reason = lib.tagging.unavailable_reason()
    if reason:
        return f"{reason} Showing Keyword results."
    if not wait and _query_vectors is None:
        _wanted.set()  # (the caller loads it when the user pauses: see model_wanted)
        return "Best match's model is not loaded yet; showing Keyword results."
    try:
        query_vectors()
    except Exception as exc:  # noqa: BLE001 - a model that cannot load: keyword results
        log.warning("Best match is off: %s", exc)
        return f"Best match is off ({exc}); showing Keyword results."
    return ""


#: set when a search did not wait for Best match's model (see model_wanted)
_wanted = threading.Event()


def model_wanted() -> bool:
    """True when a search answered in Keyword mode because Best match's query model was
    not loaded (``wait=False``) and it is still not loaded: the caller loads it
    (:func:`warm_up`) when the user pauses, off the thread that searches."""
    return _wanted.is_set() and _query_vectors is None


def warm_up(lib: Library) -> None:
    """See :meth:`Library.warm_up_search` (a model that cannot load is logged, not raised:
    the first search says why)."""
    if _best_match_off_reason(lib):
        return
    lib.tagging.vectors()
    try:
        query_vectors()("warm up")
    except Exception as exc:  # noqa: BLE001 - reported by the first search instead
        log.info("Best match warm-up: %s", exc)


def ranked_ids(lib: Library, query: str, trashed: bool = False, mode: str = "auto",
               limit: int | None = None, wait: bool = True) -> tuple[list[int], str]:
    """Every matching paper id, best first, and the mode used (no snippets: for a table
    that shows all matches; see :func:`search` for the rest). ``limit``: only the best
    ``limit`` (a table's first page, many times faster on a large library): Keyword mode
    scores only those; Best match fuses its top candidates, as :func:`search` does.
    ``wait=False`` (search as you type): "auto" does not load Best match's query model
    (Keyword answers until the caller loaded it, see :func:`model_wanted`)."""
    if mode not in MODES:
        raise QueryError(f"unknown search mode '{mode}' (one of {', '.join(MODES)})")
    pinned = identified(lib.reader, query, trashed)
    if not pinned:
        return _ranked_ids(lib, query, trashed, mode, limit, wait)
    try:
        rest, used = _ranked_ids(lib, query, trashed, mode, limit, wait)
    except QueryError:
        rest, used = [], "keyword"
    named = set(pinned)
    ids = pinned + [pid for pid in rest if pid not in named]
    return ids[:limit], used


def kept_order(shown: list[int], ids: list[int]) -> list[int]:
    """``ids`` (a query's matches, best first) with the papers already ``shown`` in their
    shown order, in the places the ranking gives them, and new matches in theirs: a list
    that runs its query again after an edit keeps its papers in order (a filed paper moved
    from row 3 to row 6), and an imported match shows where it ranks."""
    matching = set(ids)
    old = [pid for pid in shown if pid in matching]
    placed = set(old)
    order = iter(old)
    return [next(order) if pid in placed else pid for pid in ids]


def _ranked_ids(lib: Library, query: str, trashed: bool, mode: str, limit: int | None,
                wait: bool) -> tuple[list[int], str]:
    parsed = lib.index.parse(query)
    wants_best = mode == "best" or (mode == "auto" and parsed.plain)
    if wants_best:
        query, parsed = _loosen(lib, query, parsed)
    if wants_best and parsed.parts is not None and parsed.sentence \
            and not _best_match_off_reason(lib, wait=wait or mode == "best"):
        fused, _ = _best_fused(lib, query, parsed, limit, trashed)
        return [f.paper_id for f in fused][:limit], "best"
    return [p for p, _ in lib.index.search_ids(query, limit=limit, trashed=trashed)], "keyword"


def _best_fused(lib: Library, query: str, parsed: ParsedQuery, limit: int | None,
                trashed: bool) -> tuple[list, int]:
    """Fused candidates, best first, and the number of papers matching in all."""
    import numpy as np

    from paperdesk.search.hybrid import CANDIDATES, LISTED, dense_top, fuse, listed_cosine

    table = lib.tagging.vectors()
    k = max(CANDIDATES, limit or 0)  # (the same candidates for any first page up to 100)
    _, lexical, lexical_total = lib.index.lexical(query, None if limit is None else k,
                                                  trashed)
    allowed = lib.index.allowed(parsed, trashed)
    mask = _row_mask(lib, table.ids, allowed, trashed)
    vector = query_vectors()(parsed.sentence)
    scores, rows = dense_top(table.matrix, vector,
                             len(table.ids) if limit is None else k, mask)
    dense = [(int(table.ids[r]), float(scores[r])) for r in rows if scores[r] >= LISTED]

    def cosine_of(pid: int) -> float | None:
        row = table.rows.get(pid)
        return None if row is None else float(scores[row])

    every = _with_every_word(lib, query, parsed, k, limit, trashed)
    fused = _every_word_first(fuse(lexical, dense, cosine_of, method=FUSION, depth=CANDIDATES),
                              every)
    # the candidates set the scores; a paper holding none of the words is listed only when
    # its meaning stands out from the library's (a loose cosine listed most papers)
    cut = listed_cosine(scores if mask is None else scores[mask])
    lexical_ids = {pid for pid, _ in lexical}
    # the papers listed by their words: those holding enough of them (all of two words,
    # 3 of 4: see coord.words_needed), else (long queries) those holding any
    enough = lib.index.with_enough_words(query, trashed)
    kept = (lexical_ids if enough is None else lexical_ids & enough).union(every)
    fused = [f for f in fused if f.paper_id in kept or f.cosine >= cut]
    exact = lib.index.with_title(parsed.title_key, trashed) or _near_title(
        lib, parsed.title_key, [pid for pid, _ in lexical[:NEAR_TITLE_CANDIDATES]])
    if exact:  # a pasted title: its paper first (it matches every word: a candidate)
        fused = [f for f in fused if f.paper_id in exact] + [
            f for f in fused if f.paper_id not in exact]
    above = scores >= cut if mask is None else (scores >= cut) & mask
    by_meaning = set(table.ids[np.flatnonzero(above)].tolist())
    if enough is not None:
        return fused, len(enough | by_meaning)
    by_meaning -= lexical_ids
    if by_meaning and lexical_total > len(lexical):  # which of them the words found too
        by_meaning -= lib.index.lexical_among(query, by_meaning, trashed)
    return fused, lexical_total + len(by_meaning)


def _near_title(lib: Library, key: str, candidates: list[int]) -> set[int]:
    """The candidates whose title is the pasted one but for a typo or two (title keys at
    least :data:`NEAR_TITLE_RATIO` alike): "The NICT traanslation system for IWSLT 2010"
    ranked its paper below 20 other IWSLT system descriptions, close in meaning."""
    if len(key) < NEAR_TITLE_MIN or not candidates:
        return set()
    from rapidfuzz import fuzz

    from paperdesk.search.documents import title_key

    marks = ",".join("?" * len(candidates))
    alike = {pid: fuzz.ratio(title_key(title), key) for pid, title in lib.reader.execute(
        f"SELECT id, title FROM papers WHERE id IN ({marks})", candidates)}
    best = max(alike.values())  # (the closest: "… IWSLT 2010" before "… IWSLT 2011")
    return {pid for pid, ratio in alike.items() if ratio == best >= NEAR_TITLE_RATIO}


def _with_every_word(lib: Library, query: str, parsed: ParsedQuery, k: int,
                     limit: int | None, trashed: bool) -> list[int]:
    """The papers that hold every word of a short query, best first by Keyword mode's
    ranking (which counts the words each paper holds): a name, a rare word or "surname
    year" typed is wanted there first, however far its meaning (a name has none)."""
    words = len(parsed.parts.soft) if parsed.parts is not None else 0
    if not words or words > EVERY_WORD_MAX:
        return []
    pairs = lib.index.search_ids(query, limit=None if limit is None else k, trashed=trashed)
    return [pid for pid, score in pairs if int(score) >= words]


def _every_word_first(fused: list, every: list[int]) -> list:
    """``fused`` with the papers of ``every`` first (in fused order; one that neither
    side listed comes after those), their scores lifted over the rest's best (s ->
    best + (1 - best) * s), so that scores still fall down the list."""
    if not every:
        return fused
    from dataclasses import replace

    from paperdesk.search.hybrid import Fused

    wanted = set(every)
    front = [f for f in fused if f.paper_id in wanted]
    listed = {f.paper_id for f in front}
    front += [Fused(pid, 0.0, 0.0, 0.0) for pid in every if pid not in listed]
    rest = [f for f in fused if f.paper_id not in wanted]
    best = rest[0].score if rest else 0.0
    lifted = [replace(f, score=round(best + (1 - best) * f.score, 4)) for f in front]
    return lifted + rest


def _best(lib: Library, query: str, parsed: ParsedQuery, limit: int | None,
          trashed: bool) -> SearchResults:
    fused, total = _best_fused(lib, query, parsed, limit, trashed)
    chosen = fused if limit is None else fused[:limit]
    similar = {f.paper_id: f.cosine for f in chosen}
    hits = _hits(lib, query, parsed, [(f.paper_id, f.score) for f in chosen], similar)
    return SearchResults(hits, total, "best")


def _row_mask(lib: Library, ids: np.ndarray, allowed: set[int] | None,
              trashed: bool) -> np.ndarray | None:
    """Which vector rows may be listed: the query's filters and the trash (None: all)."""
    import numpy as np

    if allowed is not None:
        return np.isin(ids, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
    in_trash = [r[0] for r in lib.reader.execute(
        "SELECT id FROM papers WHERE trashed IS NOT NULL")]
    if not in_trash and not trashed:
        return None
    mask = np.isin(ids, np.asarray(in_trash, dtype=np.int64))
    return mask if trashed else ~mask


def _hits(lib: Library, query: str, parsed: ParsedQuery, pairs: list[tuple[int, float]],
          similar: dict[int, float]) -> list[Hit]:
    """Hits with titles, snippets and why each matched."""
    if not pairs:
        return []
    ids = [p for p, _ in pairs]
    marks = ",".join("?" * len(ids))
    rows = {
        r[0]: r
        for r in lib.reader.execute(
            "SELECT p.id, p.title, p.abstract, coalesce(n.text, ''), "
            "coalesce((SELECT group_concat(fulltext, ' ') FROM attachments a "
            "WHERE a.paper_id = p.id), '') "
            f"FROM papers p LEFT JOIN notes n ON n.paper_id = p.id WHERE p.id IN ({marks})",
            ids,
        )
    }
    found = [(pid, score) for pid, score in pairs if pid in rows]
    raw = lib.index.snippets(query, [rows[pid][0:1] + rows[pid][2:5] for pid, _ in found])
    wanted = {w: word_stems(_ANALYZER, w) for w in parsed.words}
    have = {pid: word_stems(_ANALYZER, " ".join(rows[pid][1:4])) | _marked(snip)
            for (pid, _), snip in zip(found, raw, strict=True)}
    # a word found in none of those: its authors, venue, year or tags, read for those only
    # ("Skiena 2008" said it matched nothing)
    short = [pid for pid, stems in have.items()
             if any(w and not w <= stems for w in wanted.values())]
    for pid, about in _about(lib, short).items():
        have[pid] |= word_stems(_ANALYZER, about)
    hits = []
    for (pid, score), snip in zip(found, raw, strict=True):
        _, title, abstract, note, _full = rows[pid]
        matched = [w for w, stems in wanted.items() if stems and stems <= have[pid]]
        cosine = similar.get(pid)
        hits.append(Hit(pid, title, round(score, 4), as_text(snip), snip, matched,
                        cosine is not None and cosine >= SIMILAR_COSINE,
                        mark_words(title, set().union(*(wanted[w] for w in matched)),
                                   _ANALYZER)))
    return hits


def _about(lib: Library, ids: list[int]) -> dict[int, str]:
    """The authors, venue, year and tags of papers, as one text each."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in lib.reader.execute(
        "SELECT p.id, coalesce((SELECT group_concat(au.prefix || ' ' || au.family || ' ' || "
        "au.given, ' ') FROM authors au WHERE au.paper_id = p.id), '') || ' ' || p.venue || "
        "' ' || coalesce(p.year, '') || ' ' || coalesce((SELECT group_concat(t.name, ' ') "
        f"FROM tags t WHERE t.paper_id = p.id AND t.rejected = 0), '') FROM papers p "
        f"WHERE p.id IN ({marks})", ids)}


def _marked(snippet: str) -> set[str]:
    """Stems of the words a snippet marks (matched in a PDF's text, for instance)."""
    from paperdesk.search.snippets import MARK_CLOSE, MARK_OPEN

    words = [part.split(MARK_CLOSE, 1)[0] for part in snippet.split(MARK_OPEN)[1:]]
    return word_stems(_ANALYZER, " ".join(words))
