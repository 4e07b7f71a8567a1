"""Import speed: ``acl_20k.bib.gz`` into an empty library, against bibtexparser's bare parse.

    python benchmarks/import.py [--file PATH]

Each side runs in its own process so that peak memory is measured separately:
the baseline is ``bibtexparser.parse_string`` with no middleware (no LaTeX decoding, no
name splitting, nothing stored); PaperDesk runs ``lib.import_files`` as ``paperdesk
import`` does (parse with LaTeX decoding, check duplicates, store in SQLite, index with
Whoosh; no tagging). Target: the whole import of 20,000 papers in ≤ 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_DATA, peak_rss_mb, print_table


def baseline(path: Path) -> dict:
    """bibtexparser 2's bare parse of the same text."""
    import bibtexparser

    t0 = time.perf_counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        text = f.read()
    library = bibtexparser.parse_string(text)
    seconds = time.perf_counter() - t0
    return {"entries": len(library.entries), "seconds": seconds, "peak_mb": peak_rss_mb()}


def paperdesk(path: Path) -> dict:
    """PaperDesk's import: parse, decode, deduplicate, store, index."""
    from paperdesk import Library

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib")
        t0 = time.perf_counter()
        report = lib.import_files([path])
        seconds = time.perf_counter() - t0
        hits = len(lib.search("translation", limit=5))
        lib.close()
    return {"entries": report.added + report.merged + report.skipped + len(report.problems),
            "added": report.added, "merged": report.merged, "problems": len(report.problems),
            "seconds": seconds, "peak_mb": peak_rss_mb(), "search_ok": hits > 0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--file", type=Path, default=DEFAULT_DATA / "acl" / "acl_20k.bib.gz")
    ap.add_argument("--side", choices=["baseline", "paperdesk"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.side:
        print(json.dumps((baseline if args.side == "baseline" else paperdesk)(args.file)))
        return
    results = {}
    for side in ("baseline", "paperdesk"):
        out = subprocess.run([sys.executable, __file__, "--file", str(args.file), "--side", side],
                             capture_output=True, text=True, check=True)
        results[side] = json.loads(out.stdout.strip().splitlines()[-1])
    b, p = results["baseline"], results["paperdesk"]
    print(f"\nImport of {args.file.name} (times in s; ratio = PaperDesk / baseline)\n")
    print_table(
        ["", "entries", "seconds", "papers/s", "peak MB"],
        [
            ["bibtexparser bare parse (baseline)", b["entries"], f"{b['seconds']:.1f}",
             f"{b['entries'] / b['seconds']:.0f}", f"{b['peak_mb']:.0f}"],
            ["PaperDesk import (parse+store+index)", p["entries"], f"{p['seconds']:.1f}",
             f"{p['entries'] / p['seconds']:.0f}", f"{p['peak_mb']:.0f}"],
        ],
    )
    print(f"\nratio: {p['seconds'] / b['seconds']:.2f}x the bare parse; added {p['added']}, "
          f"merged {p['merged']}, problems {p['problems']}; search works: {p['search_ok']}")


if __name__ == "__main__":
    main()
