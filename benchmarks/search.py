"""Search latency of PaperDesk against SQLite FTS5 over the same papers.

    python benchmarks/search.py            # 20,000 ACL papers
    python benchmarks/search.py --n 100000 # papers repeated under new ids

Builds a library from ``acl_abstracts.jsonl.gz`` (build time and index size printed), gives
papers deterministic stars and a tag (so ``stars:`` and ``tag:`` queries have work to do),
then times ``lib.search(q, limit=20)`` for every query in ``queries.txt`` — snippets
included — and the same query in FTS5 (bm25, with snippet()) where FTS5 can express it.
Targets at 20k: median ≤ 10 ms, p95 ≤ 60 ms (fuzzy ≤ 150 ms), build ≤ 60 s.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import tempfile
import time
from pathlib import Path

from common import DEFAULT_DATA, acl_parse_result, median_p95, print_table, timed

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=20000, help="number of papers (default 20000)")
    ap.add_argument("--repeat", type=int, default=30, help="timed runs per query")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    args = ap.parse_args()
    queries = [line.strip() for line in (args.data / "queries.txt").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    with tempfile.TemporaryDirectory() as tmp:
        lib, t_parse, t_build = build(Path(tmp) / "lib", args.data, args.n)
        size = sum(f.stat().st_size for f in (Path(tmp) / "lib" / "index").iterdir()) / 2**20
        t0 = time.perf_counter()
        conn = build_fts(lib, Path(tmp) / "fts.sqlite")
        t_fts = time.perf_counter() - t0
        rows = []
        ratios = []
        for q in queries:
            hits = len(lib.search(q, limit=20))
            lib.search(q, limit=20)  # warm
            med, p95 = median_p95(timed(lambda q=q: lib.search(q, limit=20), args.repeat))
            fq = fts_query(q)
            if fq:
                run_fts(conn, *fq)
                fmed, fp95 = median_p95(timed(lambda fq=fq: run_fts(conn, *fq), args.repeat))
                ratio = med / fmed if fmed else float("inf")
                ratios.append(ratio)
                fts_cells = [f"{fmed:.2f}", f"{fp95:.2f}", f"{ratio:.1f}x"]
            else:
                fts_cells = ["n/a", "n/a", "n/a"]
            rows.append([q, hits, f"{med:.2f}", f"{p95:.2f}", *fts_cells])
        lib.close()
        conn.close()
    print(f"\nPaperDesk search over {args.n:,} ACL papers, limit=20, {args.repeat} runs/query "
          "(times in ms; ratio = PaperDesk median / FTS5 median)\n")
    print_table(["query", "hits", "median", "p95", "fts5 med", "fts5 p95", "ratio"], rows)
    meds = sorted(float(r[2]) for r in rows)
    p95s = sorted(float(r[3]) for r in rows)
    print(f"\nall queries: median of medians {meds[len(meds) // 2]:.2f} ms, worst median "
          f"{meds[-1]:.2f} ms, worst p95 {p95s[-1]:.2f} ms")
    if ratios:
        print(f"ratio to FTS5 (median over expressible queries): "
              f"{sorted(ratios)[len(ratios) // 2]:.1f}x")
    print(f"build: store + index {t_build:.1f} s (reading the JSON {t_parse:.1f} s; "
          f"FTS5 build from SQLite {t_fts:.1f} s); index size {size:.1f} MB")


if __name__ == "__main__":
    main()
