"""Make ``resources/sample-acl.jsonl``: the demo library's fully described papers.

A fixed, seeded choice of ACL Anthology papers from 2016 on (CC BY 4.0) with an abstract:
papers on the topics the README's example searches use, plus a random sample of papers
with a DOI. Only
the fields PaperDesk imports are kept. Run from the repository root::

    python packaging/make_sample_acl.py /path/to/acl_abstracts.jsonl.gz
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from pathlib import Path

OUT = Path("resources/sample-acl.jsonl")
KEEP = ("id", "bibkey", "entry_type", "title", "authors_structured", "abstract", "year", "doi",
        "booktitle", "journal", "volume", "number", "pages", "publisher", "url")
#: (pattern, how many papers matching it to take at least)
TOPICS = [(r"mutual reinforcement", 10), (r"reinforcement learning", 30),
          (r"machine translation", 30), (r"morpholog", 12), (r"\battention\b", 20),
          (r"language model", 30), (r"summari[sz]ation", 12), (r"question answering", 12)]
RANDOM = 200
MAX_ABSTRACT = 1400


def main(source: str) -> None:
    """Read the ACL JSON lines, choose the papers, write :data:`OUT`."""
    rows = []
    with gzip.open(source, "rt", encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if (int(r.get("year") or 0) >= 2016 and r.get("abstract")
                    and 200 <= len(r["abstract"]) <= MAX_ABSTRACT
                    and r.get("authors_structured") and not r.get("language")):
                rows.append(r)
    rng = random.Random(2016)
    rng.shuffle(rows)
    chosen: dict[str, dict] = {}
    for pattern, n in TOPICS:
        rx = re.compile(pattern, re.IGNORECASE)
        hits = [r for r in rows if rx.search(r["title"] + " " + r["abstract"])]
        for r in hits[:n]:
            chosen[r["id"]] = r
    for r in (r for r in rows if r.get("doi")):  # the random part: papers with a DOI
        if len(chosen) >= RANDOM + sum(n for _, n in TOPICS):
            break
        chosen.setdefault(r["id"], r)
    papers = sorted(chosen.values(), key=lambda r: (r["year"], r["id"]))
    with OUT.open("w", encoding="utf-8") as out:
        for r in papers:
            out.write(json.dumps({k: r[k] for k in KEEP if r.get(k)}, ensure_ascii=False) + "\n")
    print(f"{OUT}: {len(papers)} papers, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
