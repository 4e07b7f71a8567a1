"""Export speed on a 20,000-paper library, each format against a baseline in the same run.

    python benchmarks/export.py [--data DIR] [-n 20000] [--html-n N] [--library DIR]
                                [--apa-only] [--build-only]

Builds a library from ``acl_abstracts.jsonl.gz`` (every 10th paper annotated with a note,
stars, tags and a highlight) and times ``lib.export(fmt, ids)`` — loading the papers from
SQLite included — for BibTeX, RIS and CSL-JSON (target ≤ 10 s each), and the APA HTML
annotated bibliography twice: first run (references formatted by citeproc-js in batches
and cached in the library; target ≤ 60 s) and repeated run (from the cache; target
≤ 3 s). Then Copy citation (one uncached paper, warm engine; target ≤ 100 ms) and the
peak memory (target ≤ 600 MB): the largest sum of the resident set sizes of the
exporting process and the helper process that formats half of the batches of a long
first export, sampled together every 10 ms from this process (``rss.py``; the
exporting process's own peak, VmHWM, is printed too — not ru_maxrss, which on Linux also
counts the size of the process that forked it).
CPU times include the helper. ``--library DIR`` keeps the built library in DIR and
reuses it on the next run (its formatted-reference cache is emptied first), so a re-run
skips the build (``--build-only`` just builds it); ``--apa-only`` times only the APA
exports and their baseline. Baselines:

    bibtex   bibtexparser 2's own writer on the same fields
    ris      rispy.dumps of ready-made records
    csljson  json.dumps of ready-made CSL items
    html     first run: the old engine, citeproc-py, on the first --baseline-n papers,
             scaled linearly to all of them (it formats one paper at a time);
             repeated run: the first run
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
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
from common import DEFAULT_DATA, REPO, acl_parse_result, print_table
from rss import TreeRss

from paperdesk import Library
from paperdesk.export import ExportOptions, citeproc_py
from paperdesk.export.csljson import csl_items
from paperdesk.export.formatting import formatted_references, reference_item
from paperdesk.export.keys import citation_keys
from paperdesk.export.ris import ris_record
from paperdesk.export.styles import load_style
from paperdesk.records import Highlight, Paper, Tag

TARGET_S = 10.0
APA_RUN = """
import json, resource, sys, time
from paperdesk import Library
from paperdesk.export import ExportOptions
lib = Library.open(sys.argv[1])
ids = lib.papers.ids()[: int(sys.argv[2])]
opts = ExportOptions(style="apa", sort="author")
with lib.write_lock:
    lib.db.execute("DELETE FROM formatted_refs")
    lib.db.conn.commit()
def cpu():
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + kids.ru_utime + kids.ru_stime
out = {}
for run in ("first", "again"):
    t0, c0 = time.perf_counter(), cpu()
    text = lib.export("html", ids, opts)
    out[run], out[run + "_cpu"] = time.perf_counter() - t0, cpu() - c0
    out[run + "_len"] = len(text)
    del text
lib.close()
assert out["first_len"] == out["again_len"]
# VmHWM: this process's own peak since it started (ru_maxrss would also count the
# benchmark process's size when it was forked: Linux carries it over exec)
with open("/proc/self/status") as status:
    hwm = [line.split()[1] for line in status if line.startswith("VmHWM:")]
out["peak_mb"] = int(hwm[0]) / 1024 if hwm else 0.0
print(json.dumps(out))
"""
TARGETS = {"first run": 60.0, "repeated": 3.0}


def build(folder: Path, data: Path, n: int) -> Library:
    """A library of ``n`` ACL papers, every 10th one annotated."""
    result = acl_parse_result(data, n)
    for i, entry in enumerate(result.entries, start=1):
        paper = entry.paper
        if i % 10 == 0:
            paper.note = f"Read for the survey; see **section {i % 7 + 1}**. 50% of $x$ & more."
            paper.stars, paper.read = i % 6, "read"
            paper.tags = [Tag("survey"), Tag("acl"), Tag("suggested", "auto", 0.5)]
            if paper.abstract:
                paper.highlights = [Highlight(0, 20, paper.abstract[:20], "why it matters")]
    lib = Library.open(folder)
    lib.import_parsed(result, on_duplicate="keep-both")
    return lib


CPU: dict[str, float] = {}  # CPU seconds of the last timed() call, by "last"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall seconds of ``fn()`` and its result; its CPU seconds are left in CPU["last"]."""
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    CPU["last"] = time.process_time() - c0
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


def other_formats(lib: Library, ids: list[int], papers: list[Paper]) -> list[tuple]:
    """BibTeX, RIS and CSL-JSON exports against their baselines."""
    opts = ExportOptions(sort="none")
    rows = []
    t, _ = timed(lambda: lib.export("bibtex", ids, opts))
    c = CPU["last"]
    tb, _ = timed(lambda: bibtexparser_baseline(papers))
    rows.append(("BibTeX", t, c, "bibtexparser writer", tb, CPU["last"]))
    t, _ = timed(lambda: lib.export("ris", ids, opts))
    c = CPU["last"]
    keys = citation_keys(papers)
    records = [ris_record(p, k, opts) for p, k in zip(papers, keys, strict=True)]
    tb, _ = timed(lambda: rispy.dumps(records))
    rows.append(("RIS", t, c, "rispy.dumps", tb, CPU["last"]))
    t, _ = timed(lambda: lib.export("csljson", ids, opts))
    c = CPU["last"]
    items = csl_items(papers, opts)
    tb, _ = timed(lambda: json.dumps(items, ensure_ascii=False, indent=2))
    rows.append(("CSL-JSON", t, c, "json.dumps", tb, CPU["last"]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("-n", type=int, default=20_000, help="papers (default 20000)")
    parser.add_argument("--html-n", type=int, default=None, help="papers for APA HTML")
    parser.add_argument("--baseline-n", type=int, default=1000,
                        help="papers citeproc-py formats for the baseline (default 1000)")
    parser.add_argument("--library", type=Path, default=None,
                        help="keep the built library here and reuse it next time")
    parser.add_argument("--apa-only", action="store_true",
                        help="time only the APA exports (and their baseline)")
    parser.add_argument("--build-only", action="store_true",
                        help="only build the library given with --library, then stop")
    args = parser.parse_args()
    if args.build_only and not args.library:
        parser.error("--build-only needs --library DIR")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.library or Path(tmp) / "lib"
        if args.library and (folder / "library.sqlite").exists():
            lib = Library.open(folder)
            assert lib.count() >= args.n, f"{folder} holds fewer than {args.n} papers"
        else:
            lib = build(folder, args.data, args.n)
        if args.build_only:
            print(f"{lib.count():,} papers in {folder}")
            lib.close()
            return
        ids = lib.papers.ids()[: args.n]
        papers = lib.get_many(ids)
        rows = []
        if not args.apa_only:
            rows += other_formats(lib, ids, papers)
        html_ids = ids[: args.html_n] if args.html_n else ids
        lib.close()
        # a fresh process, as a user's: its peak memory is the export's; sampled from
        # this process, which only waits (a thread inside it would miss what happens
        # while the exporting thread holds the GIL)
        proc = subprocess.Popen(
            [sys.executable, "-c", APA_RUN, str(folder), str(len(html_ids))],
            stdout=subprocess.PIPE, text=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(
                [str(REPO), os.environ.get("PYTHONPATH", "")])})
        with TreeRss(proc.pid, every=0.01) as tree:
            stdout, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"the APA export failed (exit status {proc.returncode})")
        apa = json.loads(stdout.splitlines()[-1])
        t_first, t_again = apa["first"], apa["again"]
        lib = Library.open(folder)
        style = load_style("apa")
        some = lib.get_many(html_ids[: args.baseline_n])
        items = [reference_item(p, f"p{i}") for i, p in enumerate(some)]
        c0 = time.process_time()
        t_py, _ = timed(lambda: citeproc_py.format_items(items, style, "en-US", False))
        c_py = (time.process_time() - c0) * len(html_ids) / max(1, len(some))
        t_py *= len(html_ids) / max(1, len(some))
        one = [Paper(title="Attention is all you need", authors=papers[0].authors, year=2017)]
        copy = []
        for _ in range(10):
            t, _ = timed(lambda: formatted_references(one, style))
            copy.append(t)
        lib.close()
    peak_mb = apa["peak_mb"]
    label = f"APA HTML, {len(html_ids)} papers"
    rows.append((label + " (first run)", t_first, apa["first_cpu"],
                 f"citeproc-py ({len(some)} scaled)", t_py, c_py))
    rows.append((label + " (repeated, cached)", t_again, apa["again_cpu"], "first run", t_first,
                 apa["first_cpu"]))
    print(f"\nExport of {len(html_ids):,} papers from a library (seconds; ratio = ours / baseline, "
          f"by wall time and by CPU time (CPU time is far less disturbed by a busy machine); "
          f"target ≤ {TARGET_S:.0f} s wall)\n")
    def target(name: str) -> float:
        return next((t for key, t in TARGETS.items() if key in name), TARGET_S)

    print_table(
        ["export", "ours s", "ours CPU s", "baseline", "base s", "base CPU s", "ratio",
         "CPU ratio", "target"],
        [[name, f"{ours:.2f}", f"{cpu:.2f}", base_name, f"{base:.2f}", f"{base_cpu:.2f}",
          f"{ours / base:.2f}" if base else "-",
          f"{cpu / base_cpu:.2f}" if base_cpu else "-",
          f"≤ {target(name):g} s " + ("ok" if ours <= target(name) else "SLOW")]
         for name, ours, cpu, base_name, base, base_cpu in rows],
    )
    copy_ms = statistics.median(copy) * 1000
    print(f"\nCopy citation, one uncached paper (median of 10): {copy_ms:.1f} ms "
          f"(target ≤ 100 ms {'ok' if copy_ms <= 100 else 'SLOW'})")
    print(f"CPU time of the APA exports (with the helper process): first "
          f"{apa['first_cpu']:.1f} s, repeated {apa['again_cpu']:.1f} s; citeproc-py baseline "
          f"{c_py:.1f} s (ratio {apa['first_cpu'] / max(c_py, 1e-9):.2f}); wall times above "
          "include waiting for a busy machine")
    print(f"Peak memory of the APA exports: {tree.peak_mb:.0f} MB, the largest SUM of the "
          f"resident set sizes of the exporting process and its helper process, sampled "
          f"together every 10 ms from /proc by the benchmark's own process "
          f"(target ≤ 600 MB {'ok' if tree.peak_mb <= 600 else 'HIGH'}); at that moment: "
          f"{' + '.join(f'{p / 2**20:.0f}' for p in tree.peak_parts)} MB (exporting process + "
          f"helper). The exporting process's own peak (VmHWM, opening the library and both "
          f"runs): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
