"""Helpers of ``benchmarks/search.py`` for ranking quality: paper vectors, the CISI test
collection (converted to a JSON-lines import), nDCG and recall, the FTS5 OR baseline.

CISI (1,460 information-science abstracts, 112 queries, 76 with judgements) is read from
the three files ``CISI.ALL``, ``CISI.QRY`` and ``CISI.REL`` of the public repository
https://github.com/Shakiba-Alipour/Information-Retrieval-on-CISI (commit 7a23c346,
files as distributed by the Glasgow IR group). Its licence is unclear, so the files are
not in this repository: point ``--cisi`` at a folder holding them.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from pathlib import Path

import numpy as np

from paperdesk import Library
from paperdesk.library.tagging import text_hash
from paperdesk.tagging import to_blob


# ---------------------------------------------------------------- paper vectors
def store_vectors(lib: Library, ids: list[int], vectors: np.ndarray, model_id: str) -> None:
    """Store paper vectors as tagging does (benchmarks skip the keyphrases)."""
    rows = {r[0]: (r[1], r[2]) for r in lib.db.execute("SELECT id, title, abstract FROM papers")}
    with lib.write_lock, lib.transaction():
        lib.db.conn.executemany(
            "INSERT OR REPLACE INTO embeddings (paper_id, model, dim, vector, text_hash) "
            "VALUES (?, ?, ?, ?, ?)",
            [(pid, model_id, vectors.shape[1], to_blob(vec), text_hash(*rows[pid]))
             for pid, vec in zip(ids, vectors, strict=True) if pid in rows])
    lib.tagging.forget_vectors()


# ---------------------------------------------------------------- CISI
def _records(text: str) -> list[dict[str, str]]:
    """Records of a SMART-style file: ``.I n`` then ``.T``/``.A``/``.W``/``.X`` sections."""
    out: list[dict[str, str]] = []
    field = None
    for line in text.splitlines():
        m = re.match(r"^\.([A-Z])(?:\s+(\d+))?\s*$", line)
        if m and m.group(1) == "I":
            out.append({"I": m.group(2)})
            field = None
        elif m:
            field = m.group(1)
            out[-1].setdefault(field, "")
        elif field and out:
            out[-1][field] += line.strip() + "\n"
    return out


def cisi_jsonl(folder: Path, dest: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Write CISI's documents as JSON lines (key ``cisi<n>``); returns queries (id -> text,
    judged ones only) and judgements (query id -> relevant document ids)."""
    docs = _records((folder / "CISI.ALL").read_text(encoding="latin-1"))
    with dest.open("w", encoding="utf-8") as out:
        for d in docs:
            authors = []
            for name in (d.get("A") or "").splitlines():
                family, _, given = name.partition(",")
                if family.strip():
                    authors.append(f"{given.strip()} {family.strip()}".strip())
            out.write(json.dumps({"bibkey": f"cisi{d['I']}", "entry_type": "article",
                                  "title": " ".join((d.get("T") or "").split()),
                                  "authors": authors,
                                  "abstract": " ".join((d.get("W") or "").split())}) + "\n")
    rel: dict[str, set[str]] = {}
    for line in (folder / "CISI.REL").read_text(encoding="latin-1").splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rel.setdefault(parts[0], set()).add(parts[1])
    queries = {q["I"]: " ".join((q.get("W") or q.get("T") or "").split())
               for q in _records((folder / "CISI.QRY").read_text(encoding="latin-1"))}
    return {q: t for q, t in queries.items() if q in rel}, rel


# ---------------------------------------------------------------- metrics
def ndcg_at(ranked: list[str], relevant: set[str], k: int = 10) -> float:
    """Binary-relevance nDCG@k."""
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:k]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: list[str], relevant: set[str], k: int = 100) -> float:
    """Share of the relevant documents in the first ``k``."""
    return len(set(ranked[:k]) & relevant) / len(relevant) if relevant else 0.0


# ---------------------------------------------------------------- FTS5 baseline
def fts_or_index(lib: Library, path: Path) -> sqlite3.Connection:
    """An FTS5 table (porter stemming) over title and abstract of every paper."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE VIRTUAL TABLE fts USING fts5(title, abstract, tokenize='porter')")
    conn.execute(f"ATTACH DATABASE '{lib.db_path}' AS lib")
    conn.execute("INSERT INTO fts (rowid, title, abstract) SELECT id, title, abstract "
                 "FROM lib.papers")
    conn.commit()
    return conn


def fts_or_search(conn: sqlite3.Connection, text: str, k: int = 100) -> list[int]:
    """SQLite's own BM25 (``bm25()``) over the OR of the query's words."""
    words = [w for w in re.findall(r"\w+", text.lower()) if w not in ("and", "or", "not")]
    if not words:
        return []
    match = " OR ".join(f'"{w}"' for w in dict.fromkeys(words))
    return [r[0] for r in conn.execute(
        "SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?", [match, k])]
