"""Benchmark the exporters on 20,000 ACL Anthology papers built in memory.

Times BibTeX, RIS and CSL-JSON (target <= 10 s each) and the APA HTML annotated
bibliography, uncached and then from a warm SQLite reference cache (target <= 10 s),
each against a baseline measured in the same run:

    bibtex   bibtexparser 2's own writer on the same fields
    ris      rispy.dumps of ready-made records
    csljson  json.dumps of ready-made CSL items
    html     the uncached run (the cached run is compared with it)

Usage: python benchmarks/export.py [--data PATH] [-n 20000] [--html-n N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import bibtexparser
import bibtexparser.middlewares
import rispy
from bibtexparser.model import Entry, Field
from sqlite_utils import Database

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from paperdesk.export import ExportOptions, SqliteRefCache, export_papers  # noqa: E402
from paperdesk.export.csljson import csl_items  # noqa: E402
from paperdesk.export.keys import citation_keys  # noqa: E402
from paperdesk.export.refcache import DDL  # noqa: E402
from paperdesk.export.ris import ris_record  # noqa: E402
from paperdesk.records import Author, Highlight, Paper, Tag  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data" / "acl" / "acl_abstracts.jsonl.gz"
TARGET_S = 10.0


def load_papers(path: Path, n: int) -> list[Paper]:
    """The first ``n`` papers of the JSON lines file, every 10th one annotated."""
    papers: list[Paper] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(papers) >= n:
                break
            d = json.loads(line)
            i = len(papers) + 1
            year = str(d.get("year") or "")
            extra = {k: d[k] for k in ("pages", "publisher", "address", "month") if d.get(k)}
            paper = Paper(
                id=i,
                title=d.get("title") or "",
                abstract=d.get("abstract") or "",
                authors=[
                    Author(family=a.get("last", ""), given=a.get("first", ""))
                    for a in d.get("authors_structured") or []
                ],
                year=int(year) if year.isdigit() else None,
                venue=d.get("booktitle") or d.get("journal") or "",
                entry_type=d.get("entry_type") or "inproceedings",
                doi=d.get("doi") or "",
                url=d.get("url") or "",
                key=d.get("bibkey") or "",
                extra=extra,
                added=f"2024-01-01T00:00:{i % 60:02d}",
                modified=f"2024-01-01T00:00:{i % 60:02d}",
            )
            if i % 10 == 0:
                paper.note = f"Read for the survey; see **section {i % 7 + 1}**. 50% of $x$ & more."
                paper.stars, paper.read = i % 6, "read"
                paper.tags = [Tag("survey"), Tag("acl"), Tag("suggested", "auto", 0.5)]
                paper.highlights = [Highlight(0, 20, paper.abstract[:20], "why it matters")]
            papers.append(paper)
    return papers


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def bibtexparser_baseline(papers: list[Paper]) -> str:
    keys = citation_keys(papers)
    lib = bibtexparser.Library()
    for paper, key in zip(papers, keys, strict=True):
        fields = [
            Field("author", " and ".join(f"{a.family}, {a.given}" for a in paper.authors)),
            Field("title", paper.title),
            Field("booktitle", paper.venue),
            Field("year", str(paper.year or "")),
            Field("doi", paper.doi),
            Field("url", paper.url),
            Field("abstract", paper.abstract),
            *[Field(k, str(v)) for k, v in paper.extra.items()],
        ]
        lib.add(Entry(paper.entry_type, key, fields))
    stack = bibtexparser.middlewares.default_unparse_stack(allow_inplace_modification=True)
    return bibtexparser.write_string(lib, unparse_stack=stack)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("-n", type=int, default=20_000, help="papers (default 20000)")
    parser.add_argument("--html-n", type=int, default=None, help="papers for APA HTML")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"data file not found: {args.data} (use --data)", file=sys.stderr)
        return 2
    t_load, papers = timed(lambda: load_papers(args.data, args.n))
    print(f"loaded {len(papers)} papers in {t_load:.1f} s from {args.data}")
    opts = ExportOptions(sort="none")
    rows: list[tuple[str, float, str, float]] = []

    t, _ = timed(lambda: export_papers(papers, "bibtex", opts))
    tb, _ = timed(lambda: bibtexparser_baseline(papers))
    rows.append(("BibTeX", t, "bibtexparser writer", tb))

    t, _ = timed(lambda: export_papers(papers, "ris", opts))
    keys = citation_keys(papers)
    records = [ris_record(p, k, opts) for p, k in zip(papers, keys, strict=True)]
    tb, _ = timed(lambda: rispy.dumps(records))
    rows.append(("RIS", t, "rispy.dumps", tb))

    t, _ = timed(lambda: export_papers(papers, "csljson", opts))
    items = csl_items(papers, opts)
    tb, _ = timed(lambda: json.dumps(items, ensure_ascii=False, indent=2))
    rows.append(("CSL-JSON", t, "json.dumps", tb))

    html_papers = papers[: args.html_n] if args.html_n else papers
    html_opts = ExportOptions(style="apa", sort="author")
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(Path(tmp) / "cache.db")
        db.execute(DDL)
        cache = SqliteRefCache(db)
        t_first, first = timed(lambda: export_papers(html_papers, "html", html_opts, cache))
        t_again, again = timed(lambda: export_papers(html_papers, "html", html_opts, cache))
        assert first == again
        db.close()
    label = f"APA HTML, {len(html_papers)} papers"
    rows.append((label + " (first, uncached)", t_first, "-", t_first))
    rows.append((label + " (cached)", t_again, "uncached run", t_first))

    print(f"\n{'export':<42} {'ours s':>8} {'baseline':<22} {'base s':>8} {'ratio':>7}  target")
    for name, ours, base_name, base in rows:
        ok = "" if "uncached" in name else ("ok" if ours <= TARGET_S else "SLOW")
        ratio = ours / base if base else float("nan")
        print(f"{name:<42} {ours:8.2f} {base_name:<22} {base:8.2f} {ratio:7.2f}  {ok}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
