"""Helpers shared by the benchmarks: data location, ACL papers, timing, tables."""

from __future__ import annotations

import gzip
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from paperdesk.records import Author, Paper, ParsedEntry, ParseResult  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"


def acl_records(data: Path, n: int) -> Iterator[dict]:
    """The first ``n`` ACL records, repeated (with a marker in the title) past 58,959."""
    rows = []
    with gzip.open(data / "acl" / "acl_abstracts.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            rows.append(json.loads(line))
            if len(rows) >= n:
                break
    for i in range(n):
        row = dict(rows[i % len(rows)])
        if i >= len(rows):
            row["title"] = f"{row['title']} (copy {i // len(rows)})"
            row["doi"] = ""
        yield row


def acl_paper(row: dict) -> Paper:
    """A :class:`Paper` from one ACL JSON record."""
    venue = row.get("booktitle") or row.get("journal") or " ".join(row.get("venue") or [])
    year = row.get("year")
    return Paper(
        title=row["title"],
        abstract=row.get("abstract") or "",
        authors=[Author(family=a.get("last", ""), given=a.get("first", ""))
                 for a in row.get("authors_structured") or []],
        year=int(year) if str(year or "").isdigit() else None,
        venue=venue,
        entry_type=row.get("entry_type") or "inproceedings",
        doi=row.get("doi") or "",
        url=row.get("url") or "",
    )


def acl_parse_result(data: Path, n: int) -> ParseResult:
    """``n`` ACL papers as an importer would return them."""
    return ParseResult(entries=[ParsedEntry(acl_paper(r), line=i + 1)
                                for i, r in enumerate(acl_records(data, n))])


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall times in milliseconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def median_p95(times: list[float]) -> tuple[float, float]:
    """Median and 95th percentile."""
    ordered = sorted(times)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def print_table(headers: list[str], rows: list[list[object]]) -> None:
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for k, r in enumerate(cells):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in
                        enumerate(zip(r, widths, strict=True))))
        if k == 0:
            print("  ".join("-" * w for w in widths))
