"""Twenty ``paperdesk`` writers against one library while an import runs (issue 16).

    python benchmarks/writers.py [--papers 3000] [--writers 20]

Imports ``--papers`` generated papers in one process and, once it is under way, starts
``--writers`` edit commands at once (star, read, note, tag in turn) on papers already in
the library. Prints each group's wall times (p50, p95, max), how many printed "waiting
for another PaperDesk…", and failures (target: 0 failures, p95 edit <= 1 s beyond the
command's start-up). The baseline is the same edits on the idle library, measured in the
same run, and the start-up of a command that touches no library (``--version``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EDITS = (("star", "{id}", "4"), ("read", "{id}", "reading"), ("note", "{id}", "typed {id}"),
         ("tag", "{id}", "benchtag"))


def write_papers(path: Path, n: int, offset: int) -> None:
    """``n`` distinct papers as JSON lines."""
    rng = random.Random(offset)
    words = [f"w{i}" for i in range(5000)]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(offset, offset + n):
            f.write(json.dumps({
                "title": " ".join(rng.choice(words) for _ in range(7)) + f" report {i}",
                "abstract": " ".join(rng.choice(words) for _ in range(120)),
                "authors": [f"Ann Author{i}"],
                "year": 1990 + i % 30,
            }) + "\n")


def command(libdir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "paperdesk", "--library", str(libdir), *args]


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


COMMITTED = re.compile(r"committed after ([0-9.]+) s \(waited ([0-9.]+) s\), indexed after "
                       r"([0-9.]+) s")


def run_edits(libdir: Path, n: int, first_id: int, gap_s: float
              ) -> list[tuple[float, int, bool, str, tuple[float, float, float] | None]]:
    """Start ``n`` edits, one every ``gap_s`` seconds; for each: (wall seconds, exit status,
    said it waited, stderr, (commit s, wait s, commit+index s) as the command logged)."""
    procs = []
    for i in range(n):
        name, *args = EDITS[i % len(EDITS)]
        pid = str(first_id + i)
        argv = command(libdir, name, *(a.format(id=pid) for a in args))
        procs.append((time.perf_counter(), subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            env={**env(), "PAPERDESK_LOG": "INFO"})))
        time.sleep(gap_s)
    results = []
    for t0, proc in procs:
        _, err = proc.communicate(timeout=600)
        found = COMMITTED.search(err)
        timing = tuple(float(x) for x in found.groups()) if found else None
        errors = "\n".join(line for line in err.splitlines() if not line.startswith("INFO"))
        results.append((time.perf_counter() - t0, proc.returncode,
                        "waiting for another PaperDesk" in err, errors.strip(), timing))
    return results


def summary(label: str, times: list[float], base: float | None = None) -> str:
    if not times:
        return f"{label:<34} (not logged by this version)"
    times = sorted(times)
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    ratio = f"  x{p95 / base:.2f}" if base else ""
    return (f"{label:<34} n={len(times):>3}  p50 {statistics.median(times):6.2f} s  "
            f"p95 {p95:6.2f} s  max {times[-1]:6.2f} s{ratio}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=3000)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.1,
                        help="seconds between two writers' starts (0: all at once)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pd-writers-") as tmp:
        tmpdir = Path(tmp)
        libdir = tmpdir / "lib"
        seed, big = tmpdir / "seed.jsonl", tmpdir / "big.jsonl"
        write_papers(seed, args.writers * 2, 0)
        write_papers(big, args.papers, 100_000)
        subprocess.run(command(libdir, "import", str(seed)), check=True, env=env(),
                       stdout=subprocess.DEVNULL)
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "paperdesk", "--version"], check=True, env=env(),
                       stdout=subprocess.DEVNULL)
        startup = time.perf_counter() - t0

        idle = run_edits(libdir, args.writers, 1, args.gap)  # baseline: nobody else writes
        t0 = time.perf_counter()
        importer = subprocess.Popen(command(libdir, "import", str(big)), env=env(),
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        while importer.poll() is None:  # start the writers once papers are arriving
            out = subprocess.run([sys.executable, "-c",
                                  "import sqlite3,sys; print(sqlite3.connect(sys.argv[1])"
                                  ".execute('select count(*) from papers').fetchone()[0])",
                                  str(libdir / "library.sqlite")],
                                 capture_output=True, text=True).stdout.strip() or "0"
            if int(out) > args.writers * 2 + 50:
                break
            time.sleep(0.2)
        busy = run_edits(libdir, args.writers, args.writers + 1, args.gap)
        during = importer.poll() is None
        out, err = importer.communicate(timeout=1200)
        import_s = time.perf_counter() - t0
        failures = [r for r in idle + busy if r[1] != 0]

        print(f"# {args.writers} writers, import of {args.papers} papers; machine load "
              f"{os.getloadavg()[0]:.1f} (shared machine: absolute times are noisy)")
        print(f"start-up (paperdesk --version)      {startup:6.2f} s")
        def p95(xs: list[float]) -> float:
            return sorted(xs)[round(0.95 * (len(xs) - 1))]

        def logged(rows: list, k: int) -> list[float]:
            return [r[4][k] for r in rows if r[4]]

        print("wall time of the whole command (start-up, open, edit, index, exit):")
        print(summary("  idle library (baseline)", [r[0] for r in idle]))
        print(summary("  during the import", [r[0] for r in busy], p95([r[0] for r in idle])))
        print("the edit itself, as each command logged it (from its first write to):")
        for k, what in ((0, "commit"), (1, "  of which waiting"), (2, "commit + index")):
            print(summary(f"  {what}, idle", logged(idle, k)))
            base = p95(logged(idle, k)) if k != 1 and logged(idle, k) else None
            print(summary(f"  {what}, during the import", logged(busy, k), base))
        print(f"edits that waited (said so)         {sum(r[2] for r in busy)} of {len(busy)}"
              f"  (import still running when they ended: {during})")
        print(f"import: exit {importer.returncode}, {import_s:.1f} s, {out.strip()}")
        print(f"failures                            {len(failures) + (importer.returncode != 0)}")
        for _t, code, _w, text, _l in failures:
            print(f"  exit {code}: {text.splitlines()[-1] if text else ''}")
        if importer.returncode != 0:
            print(f"  import: {err.strip()}")
        check = subprocess.run(command(libdir, "search", "tag:benchtag", "--limit", "1000",
                                       "--json"), capture_output=True, text=True, env=env())
        tagged = len(json.loads(check.stdout)["papers"]) if check.returncode == 0 else -1
        expected = len([i for i in range(2 * args.writers) if i % len(EDITS) == 3])
        print(f"tagged papers found by search       {tagged} (expected {expected})")
        return 1 if failures or importer.returncode else 0


if __name__ == "__main__":
    raise SystemExit(main())
