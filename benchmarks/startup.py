"""Start-up time of trivial ``paperdesk`` commands, against ``python -c pass``.

    python benchmarks/startup.py            # 15 runs each
    python benchmarks/startup.py --runs 5

Each command runs as a new process (``python -m paperdesk …``, with this checkout first on
``PYTHONPATH``) on a library holding the 98-paper sample. Target: ``--version``, ``show ID``
and ``star ID N`` at most 0.3 s (median). Besides wall time, the table gives the CPU time
(user + system) of each process, which other work on a busy machine disturbs far less.
Compiled bytecode is used as an installed package would have it: when the environment
sets ``PYTHONDONTWRITEBYTECODE``, the runs cache it in a temporary folder instead
(``PYTHONPYCACHEPREFIX``), after one warm-up run of each command.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, median_p95, print_table

COMMANDS = [["--version"], ["show", "1"], ["star", "1", "3"], ["list", "--limit", "5"],
            ["search", "language"]]
TARGET_MS = 300


def children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of ``runs`` runs of ``argv`` (after one warm-up run)."""
    subprocess.run(argv, env=env, check=True, capture_output=True)
    walls, cpus = [], []
    for _ in range(runs):
        cpu0, t0 = children_cpu(), time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        walls.append((time.perf_counter() - t0) * 1000)
        cpus.append((children_cpu() - cpu0) * 1000)
    return walls, cpus


def main() -> None:
    """Time each command and print a table with ratios to the bare interpreter."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        if env.pop("PYTHONDONTWRITEBYTECODE", None):
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        lib = str(Path(tmp) / "lib")
        env["HOME"] = tmp
        subprocess.run([sys.executable, "-m", "paperdesk", "--library", lib, "import",
                        str(REPO / "resources" / "sample-library.txt")], env=env, check=True,
                       capture_output=True)
        walls, cpus = time_runs([sys.executable, "-c", "pass"], env, args.runs)
        (base, base_p95), base_cpu = median_p95(walls), statistics.median(cpus)
        rows = [["python -c pass (baseline)", f"{base:.0f}", f"{base_p95:.0f}",
                 f"{base_cpu:.0f}", "1.0", ""]]
        for words in COMMANDS:
            argv = [sys.executable, "-m", "paperdesk", "--library", lib, *words]
            walls, cpus = time_runs(argv, env, args.runs)
            med, p95 = median_p95(walls)
            target = f"≤ {TARGET_MS}" if words[0] in ("--version", "show", "star") else ""
            rows.append([f"paperdesk {' '.join(words)}", f"{med:.0f}",
                         f"{p95:.0f}",
                         f"{statistics.median(cpus):.0f}", f"{med / base:.1f}", target])
    print_table(["command", "median ms", "p95 ms", "CPU ms (median)", "× baseline",
                 "target ms"], rows)
    load = os.getloadavg()[0]
    print(f"\n(load average {load:.1f} on {os.cpu_count()} CPUs while measuring)")


if __name__ == "__main__":
    main()
