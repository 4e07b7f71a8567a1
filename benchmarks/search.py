"""Search latency of PaperDesk against SQLite FTS5 over the same papers; pasted titles;
ranking quality on CISI; latency of Keyword and Best match.

    python benchmarks/search.py            # 20,000 ACL papers, every part
    python benchmarks/search.py --n 100000 # papers repeated under new ids
    python benchmarks/search.py --part titles relevance --cisi ~/data/cisi

Parts: ``latency`` (the table below), ``titles`` (500 random titles pasted as they are,
lower-cased and with one typo: hit@1 and "not found" in the first 20, per mode),
``relevance`` (nDCG@10 and Recall@100 on CISI: Keyword, Best match, SQLite FTS5 bm25()
over the OR of the words, and MiniLM vectors alone; see search_quality.py), ``modes``
(median / p95 of Keyword and Best match over plain-word queries). Best match needs paper
vectors: they are computed once with the tagger's encoder and kept in ``--cache``.

Builds a library from ``acl_abstracts.jsonl.gz`` (build time and index size printed), gives
papers deterministic stars and a tag (so ``stars:`` and ``tag:`` queries have work to do),
then times ``lib.search(q, limit=20)`` for every query in ``queries.txt`` — snippets
included — and the same query in FTS5 (bm25, with snippet()) where FTS5 can express it.
Targets at 20k: median ≤ 10 ms, p95 ≤ 60 ms (fuzzy ≤ 150 ms), build ≤ 60 s.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

import numpy as np
from common import DEFAULT_DATA, acl_parse_result, acl_records, median_p95, print_table, timed
from search_quality import (
    cisi_jsonl,
    fts_or_index,
    fts_or_search,
    ndcg_at,
    recall_at,
    store_vectors,
)

from paperdesk import Library
from paperdesk.records import Tag

TAG_RULES = {"machine translation": "translation", "parsing": "parsing",
             "dialogue": "dialogue"}


def build(folder: Path, data: Path, n: int) -> tuple[Library, float, float]:
    """Import ``n`` papers; returns the library, seconds to parse and seconds to store+index."""
    t0 = time.perf_counter()
    result = acl_parse_result(data, n)
    for i, entry in enumerate(result.entries):
        entry.paper.stars = i % 6
        title = entry.paper.title.lower()
        entry.paper.tags = [Tag(tag, "auto", 0.5) for tag, word in TAG_RULES.items()
                            if word in title]
    t_parse = time.perf_counter() - t0
    lib = Library.open(folder)
    t0 = time.perf_counter()
    lib.import_parsed(result, on_duplicate="keep-both")
    return lib, t_parse, time.perf_counter() - t0


def build_fts(lib: Library, path: Path) -> sqlite3.Connection:
    """An FTS5 table over the same text (title weighted like PaperDesk's)."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, abstract, authors, tags, venue, "
                 "tokenize='porter')")
    conn.execute(f"ATTACH DATABASE '{lib.db_path}' AS lib")
    conn.execute(
        "INSERT INTO fts (rowid, title, abstract, authors, tags, venue) SELECT p.id, p.title, "
        "p.abstract, coalesce((SELECT group_concat(given || ' ' || family, '; ') FROM "
        "lib.authors a WHERE a.paper_id = p.id), ''), coalesce((SELECT group_concat(name, ' ; ')"
        " FROM lib.tags t WHERE t.paper_id = p.id), ''), p.venue FROM lib.papers p")
    conn.commit()
    return conn


FIELD_MAP = {"title": "title", "abstract": "abstract", "author": "authors", "tag": "tags"}


def fts_query(q: str) -> tuple[str, str] | None:
    """(MATCH expression, extra SQL condition) for queries FTS5 can express, else None."""
    if "~" in q:
        return None  # FTS5 has no fuzzy matching
    where = "1"
    m = re.search(r"\byear:(\d+)\.\.(\d+)", q)
    if m:
        where = f"p.year BETWEEN {m.group(1)} AND {m.group(2)}"
        q = q.replace(m.group(0), "").strip()
    m = re.search(r"\bstars:>=(\d)", q)
    if m:
        where = f"p.stars >= {m.group(1)}"
        q = q.replace(m.group(0), "").strip()
    q = re.sub(r"\b(title|abstract|author|tag):", lambda x: FIELD_MAP[x.group(1)] + ":", q)
    return q, where


def run_fts(conn: sqlite3.Connection, match: str, where: str) -> list:
    """Top 20 by bm25 (title weighted 3×) with a snippet of the abstract."""
    if match:
        sql = ("SELECT fts.rowid, snippet(fts, 1, '[', ']', '…', 24) FROM fts JOIN lib.papers p "
               f"ON p.id = fts.rowid WHERE fts MATCH ? AND {where} "
               "ORDER BY bm25(fts, 3.0, 1.0, 1.5, 1.5, 0.5) LIMIT 20")
        return conn.execute(sql, [match]).fetchall()
    sql = f"SELECT p.id, substr(p.abstract, 1, 200) FROM lib.papers p WHERE {where} LIMIT 20"
    return conn.execute(sql).fetchall()


#: --cold: every timed search starts without the postings kept by earlier ones
COLD = False
#: --after-commit: every timed search is the first after an index commit (an edit)
AFTER_COMMIT = False
_edits = [0]


def before_search(lib: Library) -> None:
    """Untimed: forget kept postings (--cold), or edit a paper's title (--after-commit)."""
    if COLD:
        lib.index._fast.forget()  # noqa: SLF001 - a benchmark's switch
    if AFTER_COMMIT:
        _edits[0] += 1
        pid = lib.db.execute("SELECT max(id) FROM papers").fetchone()[0]
        lib.papers.edit(pid, title=f"Benchmark edit {_edits[0]}")
        if lib.index_later:
            lib.sync_index()


def search_times(lib: Library, q: str, repeat: int, mode: str = "keyword"
                 ) -> tuple[list[float], float]:
    """Wall times (ms) of ``repeat`` runs of ``lib.search(q, limit=20, mode=mode)`` and
    their CPU time (ms), each after :func:`before_search` (not timed)."""
    times, cpu = [], 0.0
    for _ in range(repeat):
        before_search(lib)
        c0, t0 = time.process_time(), time.perf_counter()
        lib.search(q, limit=20, mode=mode)
        times.append((time.perf_counter() - t0) * 1000)
        cpu += (time.process_time() - c0) * 1000
    return times, cpu


def state() -> str:
    """What the timed searches start from, for the tables' captions."""
    if AFTER_COMMIT:
        return "after-commit: each search the first after an edit committed to the index"
    if COLD:
        return "cold: no postings kept from earlier searches"
    return "warm: postings kept from earlier searches, --cold / --after-commit for others"


def latency_part(lib: Library, tmp: Path, queries: list[str], repeat: int, n: int,
                 t_parse: float, t_build: float) -> None:
    """The original table: every query of queries.txt, PaperDesk vs FTS5."""
    size = sum(f.stat().st_size for f in (tmp / "lib" / "index").iterdir()) / 2**20
    t0 = time.perf_counter()
    conn = build_fts(lib, tmp / "fts.sqlite")
    t_fts = time.perf_counter() - t0
    rows = []
    ratios = []
    for q in queries:
        hits = len(lib.search(q, limit=20, mode="keyword"))
        lib.search(q, limit=20, mode="keyword")  # warm
        times, cpu_ms = search_times(lib, q, repeat)
        med, p95 = median_p95(times)
        cpu = cpu_ms / repeat
        fq = fts_query(q)
        if fq:
            run_fts(conn, *fq)
            fmed, fp95 = median_p95(timed(lambda fq=fq: run_fts(conn, *fq), repeat))
            ratio = med / fmed if fmed else float("inf")
            ratios.append(ratio)
            fts_cells = [f"{fmed:.2f}", f"{fp95:.2f}", f"{ratio:.1f}x"]
        else:
            fts_cells = ["n/a", "n/a", "n/a"]
        rows.append([q, hits, f"{med:.2f}", f"{p95:.2f}", f"{cpu:.2f}", *fts_cells])
    conn.close()
    print(f"\nPaperDesk search (Keyword mode) over {n:,} ACL papers, limit=20, {repeat} "
          "runs/query (times in ms; cpu = CPU time per run, less disturbed by other work "
          "on the machine; ratio = PaperDesk median / FTS5 median; "
          + state() + ")\n")
    print_table(["query", "hits", "median", "p95", "cpu", "fts5 med", "fts5 p95", "ratio"],
                rows)
    meds = sorted(float(r[2]) for r in rows)
    p95s = sorted(float(r[3]) for r in rows)
    cpus = sorted(float(r[4]) for r in rows)
    print(f"\nall queries: median of medians {meds[len(meds) // 2]:.2f} ms, worst median "
          f"{meds[-1]:.2f} ms, worst p95 {p95s[-1]:.2f} ms; CPU per run: median "
          f"{cpus[len(cpus) // 2]:.2f} ms, worst {cpus[-1]:.2f} ms; load average "
          f"{os.getloadavg()[0]:.1f}")
    if ratios:
        print(f"ratio to FTS5 (median over expressible queries): "
              f"{sorted(ratios)[len(ratios) // 2]:.1f}x")
    print(f"build: store + index {t_build:.1f} s (reading the JSON {t_parse:.1f} s; "
          f"FTS5 build from SQLite {t_fts:.1f} s); index size {size:.1f} MB")


def acl_vectors(cache: Path, data: Path, n: int) -> np.ndarray:
    """float16 vectors of the first ACL records, computed with the tagger's encoder and kept
    in ``cache`` (``acl-vectors-N.npy``; the largest file there is used, so a partial run
    of ``--embed`` serves too)."""
    found = sorted(cache.glob("acl-vectors-*.npy"), key=lambda p: int(p.stem.split("-")[-1]))
    if found:
        return np.load(found[-1])[:n]
    from paperdesk.tagging import get_tagger

    cache.mkdir(parents=True, exist_ok=True)
    docs = [(r["title"], r.get("abstract") or "") for r in acl_records(data, min(n, 58959))]
    t0 = time.perf_counter()
    vectors = get_tagger(threads=None).embed(docs).astype(np.float16)
    print(f"embedded {len(docs):,} papers in {time.perf_counter() - t0:.0f} s")
    np.save(cache / f"acl-vectors-{len(docs)}.npy", vectors)
    return vectors


def with_vectors(lib: Library, vectors: np.ndarray, tile: bool) -> int:
    """Give the library's papers (in id order) the vectors of their records: the first
    ``len(vectors)`` only (the rest stay untagged, as in a library still being tagged),
    or, with ``tile``, every paper (repeating the vectors: for timing only)."""
    from paperdesk.tagging import get_tagger

    ids = [r[0] for r in lib.db.execute("SELECT id FROM papers ORDER BY id")]
    if tile:
        vectors = np.concatenate([vectors] * (len(ids) // len(vectors) + 1))
    ids = ids[: len(vectors)]
    store_vectors(lib, ids, vectors[: len(ids)].astype(np.float32),
                  get_tagger(threads=None).model_id)
    return len(ids)


def typo(title: str, rng: random.Random) -> str:
    """``title`` with one typing error (two letters swapped, one dropped or doubled) in a
    word of five letters or more."""
    words = title.split()
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long:
        return title
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    elif kind == "drop":
        w = w[:j] + w[j + 1:]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def titles_part(lib: Library, count: int, modes: list[str]) -> None:
    """Paste-the-title: hit@1 and not-found (not in the first 20) per variant and mode."""
    from paperdesk.records import normalize_text

    rows_ = lib.db.execute("SELECT id, title FROM papers ORDER BY id").fetchall()
    with_vector = {r[0] for r in lib.db.execute("SELECT paper_id FROM embeddings")}
    rng = random.Random(15)
    sample = rng.sample(rows_, min(count, len(rows_)))
    variants = {"pasted": lambda t: t, "lowercased": str.lower,
                "one typo": lambda t: typo(t, rng)}
    table = []
    for name, change in variants.items():
        queries = [(pid, title, change(title)) for pid, title in sample]
        for mode in modes:
            top1 = missing = errors = top1_vec = 0
            times = []
            for pid, title, q in queries:
                t0 = time.perf_counter()
                try:
                    hits = lib.search(q, limit=20, mode=mode)
                except Exception:  # noqa: BLE001 - a query error counts as not found
                    errors += 1
                    missing += 1
                    continue
                times.append((time.perf_counter() - t0) * 1000)
                got = [h.paper_id for h in hits]
                same = normalize_text(title)
                if got and (got[0] == pid or normalize_text(hits[0].title) == same):
                    top1 += 1
                    top1_vec += pid in with_vector
                if pid not in got and not any(normalize_text(h.title) == same for h in hits):
                    missing += 1
            med, p95 = median_p95(times) if times else (0.0, 0.0)
            n_vec = sum(pid in with_vector for pid, _, _ in queries)
            table.append([name, mode, f"{100 * top1 / len(queries):.1f}%",
                          f"{100 * top1_vec / n_vec:.1f}% of {n_vec}" if n_vec else "-",
                          missing, errors, f"{med:.1f}", f"{p95:.1f}"])
    print(f"\nPaste-the-title: {len(sample)} random titles of the library, limit=20 "
          "(a hit is the paper or one with the very same title)\n")
    print_table(["variant", "mode", "hit@1", "hit@1 with vector", "not found", "errors",
                 "median ms", "p95 ms"], table)


NATURAL = ["effect of pretraining data size on translation quality",
           "how do people detect sarcasm on social media",
           "neural models for summarizing long documents",
           "low resource machine translation with little parallel data",
           "evaluating dialogue systems with human judgments",
           "bias in word embeddings", "parsing speech transcripts",
           "what makes a question hard to answer", "cross-lingual transfer for NER",
           "chinese word segmentation with neural networks"]


def modes_part(lib: Library, repeat: int, n: int) -> None:
    """Median / p95 of each mode over natural-language queries and pasted titles."""
    titles = [t for (t,) in lib.db.execute("SELECT title FROM papers ORDER BY id LIMIT 20")]
    queries = NATURAL + titles
    from paperdesk.library.searching import query_vectors

    rows = []
    for mode in ("keyword", "best"):
        for q in queries:
            lib.search(q, limit=20, mode=mode)  # warm (and the query's vector cached)
        times, cpu_ms = [], 0.0
        for q in queries:
            t, c = search_times(lib, q, repeat, mode)
            times += t
            cpu_ms += c
        cpu = cpu_ms / len(times)
        med, p95 = median_p95(times)
        used = lib.search(queries[0], limit=20, mode=mode).mode
        rows.append([mode, used, len(queries), f"{med:.1f}", f"{p95:.1f}", f"{cpu:.1f}"])
    encode = query_vectors()._encode  # noqa: SLF001 - the model alone, without the cache
    c0 = time.process_time()
    times = [t for q in queries for t in timed(lambda q=q: encode([q]), 1)]
    cpu = (time.process_time() - c0) * 1000 / len(times)
    med, p95 = median_p95(times)
    rows.append(["query embedding alone", "(not cached)", len(queries), f"{med:.1f}",
                 f"{p95:.1f}", f"{cpu:.1f}"])
    table = lib.tagging.vectors()
    vector = table.matrix[0]
    scan_med, scan_p95 = median_p95(timed(lambda: table.matrix @ vector, 30))
    print(f"\nLatency per mode at {n:,} papers, limit=20, snippets included; {len(NATURAL)} "
          f"natural-language queries and 20 titles, {repeat} runs each (ms; the query's "
          "vector cached after the first run, its embedding timed alone below; cpu = CPU "
          f"time per search; {state()}; load average "
          f"{os.getloadavg()[0]:.1f})\n")
    print_table(["mode", "ran as", "queries", "median", "p95", "cpu"], rows)
    print(f"vector scan alone: {len(table):,} vectors, {table.matrix.nbytes / 2**20:.0f} MB "
          f"in memory (float32; {len(table) * 768 / 2**20:.0f} MB as float16 in SQLite), "
          f"median {scan_med:.1f} ms, p95 {scan_p95:.1f} ms")


def fused_ids(lib: Library, query: str, method: str) -> list[int]:
    """Best match's ranking with another fusion method."""
    from paperdesk.library import searching

    saved, searching.FUSION = searching.FUSION, method
    try:
        return [h.paper_id for h in lib.search(query, 100, mode="best")]
    finally:
        searching.FUSION = saved


def relevance_part(folder: Path, tmp: Path, cache: Path) -> None:
    """nDCG@10 and Recall@100 on CISI for Keyword, Best match, FTS5 OR and dense only."""
    from paperdesk.library.searching import query_vectors
    from paperdesk.tagging import get_tagger

    jsonl = tmp / "cisi.jsonl"
    queries, rel = cisi_jsonl(folder, jsonl)
    lib = Library.open(tmp / "cisi-lib")
    lib.import_files([jsonl], on_duplicate="keep-both")
    keys = {pid: key.removeprefix("cisi") for pid, key in
            lib.db.execute("SELECT id, key FROM papers")}
    ids = sorted(keys)
    docs = [tuple(r) for r in lib.db.execute("SELECT title, abstract FROM papers ORDER BY id")]
    cached = cache / f"cisi-vectors-{len(docs)}.npy"
    t0 = time.perf_counter()
    if cached.exists():
        vectors = np.load(cached).astype(np.float32)
    else:
        vectors = get_tagger(threads=None).embed(docs)
        cache.mkdir(parents=True, exist_ok=True)
        np.save(cached, vectors.astype(np.float16))
    store_vectors(lib, ids, vectors, get_tagger(threads=None).model_id)
    print(f"\nCISI: {len(ids)} papers embedded in {time.perf_counter() - t0:.0f} s")
    conn = fts_or_index(lib, tmp / "cisi-fts.sqlite")
    table = lib.tagging.vectors()
    systems = {
        "FTS5 bm25(), OR of words": lambda q: fts_or_search(conn, q),
        "dense only (MiniLM)": lambda q: [int(table.ids[i]) for i in np.argsort(
            -(table.matrix @ query_vectors()(q)))[:100]],
        "PaperDesk Keyword": lambda q: [h.paper_id for h in lib.search(q, 100, mode="keyword")],
        "PaperDesk Best match": lambda q: [h.paper_id for h in lib.search(q, 100, mode="best")],
        # 6 of the 76 questions put single words in scare quotes, which PaperDesk reads as
        # required phrases: the same questions typed without them
        "  Best match, questions without \"": lambda q: [
            h.paper_id for h in lib.search(q.replace('"', " "), 100, mode="best")],
    }
    for method in ("tm2c2", "rrf"):  # other fusions, for comparison (not the default)
        systems[f"  Best match, {method} fusion"] = lambda q, m=method: fused_ids(lib, q, m)
    rows = []
    for name, run in systems.items():
        ndcg, recall, half, errors = [], [], {0: [], 1: []}, 0
        for qid, text in queries.items():
            try:
                ranked = [keys[p] for p in run(text)]
            except Exception:  # noqa: BLE001 - a query error scores 0
                ranked, errors = [], errors + 1
            ndcg.append(ndcg_at(ranked, rel[qid]))
            half[int(qid) % 2].append(ndcg[-1])
            recall.append(recall_at(ranked, rel[qid]))
        rows.append([name, f"{np.mean(ndcg):.4f}", f"{np.mean(half[1]):.4f}",
                     f"{np.mean(half[0]):.4f}", f"{np.mean(recall):.4f}", errors])
    base = float(rows[0][1])
    for r in rows:
        r.append(f"{float(r[1]) / base:.2f}x")
    print(f"CISI, {len(queries)} judged queries (whole query text pasted). Best match's "
          "weights were chosen on the odd-numbered queries (A); B is held out.\n")
    print_table(["system", "nDCG@10", "nDCG A (odd)", "nDCG B (even)", "Recall@100",
                 "errors", "nDCG vs FTS5"], rows)
    conn.close()
    lib.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="number of papers (default 20000)")
    ap.add_argument("--repeat", type=int, default=30, help="timed runs per query")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    ap.add_argument("--part", nargs="+", default=["latency", "titles", "relevance", "modes"],
                    choices=["latency", "titles", "relevance", "modes"])
    ap.add_argument("--titles", type=int, default=500, help="titles to paste (default 500)")
    ap.add_argument("--title-modes", nargs="+", default=["keyword", "best"],
                    choices=["keyword", "best", "auto"], help="modes of the titles part")
    ap.add_argument("--cisi", type=Path, help="folder with CISI.ALL, CISI.QRY, CISI.REL")
    ap.add_argument("--tile", action="store_true",
                    help="give every paper a vector, repeating the cached ones (timing only)")
    ap.add_argument("--library", type=Path,
                    help="time a copy of this library of ACL papers instead of building one "
                         "(e.g. a 100,000-paper one built by benchmarks/gui.py)")
    ap.add_argument("--cold", action="store_true",
                    help="time every search without the postings earlier ones kept")
    ap.add_argument("--after-commit", action="store_true",
                    help="time every search as the first after an index commit (an edit "
                         "of one paper before each, not timed)")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "paperdesk-bench",
                    help="where paper vectors are kept between runs")
    args = ap.parse_args()
    global COLD, AFTER_COMMIT  # noqa: PLW0603 - one switch for the whole run
    COLD, AFTER_COMMIT = args.cold, args.after_commit
    queries = [line.strip() for line in (args.data / "queries.txt").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if "relevance" in args.part:
            if args.cisi:
                relevance_part(args.cisi, tmp, args.cache)
            else:
                print("relevance: skipped (give --cisi FOLDER; see search_quality.py)")
        if not {"latency", "titles", "modes"} & set(args.part):
            return
        if args.library:  # a copy: the original stays as it was
            shutil.copytree(args.library, tmp / "lib",
                            ignore=shutil.ignore_patterns(".window", "*.lock"))
            lib, t_parse, t_build = Library.open(tmp / "lib"), 0.0, 0.0
            args.n = lib.db.execute("SELECT count(*) FROM papers").fetchone()[0]
            print(f"a copy of {args.library} ({args.n:,} papers; not built here, no stars "
                  "or tags set by this benchmark)")
        else:
            lib, t_parse, t_build = build(tmp / "lib", args.data, args.n)
        if "latency" in args.part:
            latency_part(lib, tmp, queries, args.repeat, args.n, t_parse, t_build)
        if "modes" in args.part or ("titles" in args.part and "best" in args.title_modes):
            tagged = with_vectors(lib, acl_vectors(args.cache, args.data, args.n), args.tile)
            print(f"\n{tagged:,} of {args.n:,} papers have vectors"
                  + (" (repeated: timing only)" if args.tile else ""))
        if "titles" in args.part:
            titles_part(lib, args.titles, args.title_modes)
        if "modes" in args.part:
            modes_part(lib, max(3, args.repeat // 10), args.n)
        lib.close()


if __name__ == "__main__":
    main()
