"""Start-up time of trivial ``paperdesk`` commands, against ``python -c pass``.

    python benchmarks/startup.py                        # 15 runs each
    python benchmarks/startup.py --runs 5
    python benchmarks/startup.py --against ../main      # also another checkout, same run

Each command runs as a new process (``python -m paperdesk …``, with this checkout first on
``PYTHONPATH``) on a library holding the 98-paper sample. Target: ``--version``, ``show ID``
and ``star ID N`` at most 0.3 s (median). Besides wall time, the table gives the CPU time
(user + system) of each process, which other work on a busy machine disturbs far less.
``--against DIR`` times the same commands with the checkout in DIR (on a copy of the same
library), interleaved with this one's, and adds its CPU time and the ratio.
Compiled bytecode is used as an installed package would have it: when the environment
sets ``PYTHONDONTWRITEBYTECODE``, the runs cache it in a temporary folder instead
(``PYTHONPYCACHEPREFIX``), after one warm-up run of each command.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run of ``argv``."""
    cpu0, t0 = children_cpu(), time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return (time.perf_counter() - t0) * 1000, (children_cpu() - cpu0) * 1000


def time_runs(setups: list[tuple[list[str], dict[str, str]]], runs: int
              ) -> list[tuple[list[float], list[float]]]:
    """Wall and CPU milliseconds of ``runs`` runs of each (argv, env), interleaved so that
    changing load hits each alike (after one warm-up run of each)."""
    for argv, env in setups:
        subprocess.run(argv, env=env, check=True, capture_output=True)
    out: list[tuple[list[float], list[float]]] = [([], []) for _ in setups]
    for _ in range(runs):
        for (argv, env), (walls, cpus) in zip(setups, out, strict=True):
            wall, cpu = run_once(argv, env)
            walls.append(wall)
            cpus.append(cpu)
    return out


def main() -> None:
    """Time each command and print a table with ratios to the bare interpreter."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--against", type=Path, metavar="DIR",
                    help="another checkout to time the same commands with")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(REPO), "HOME": tmp}
        if env.pop("PYTHONDONTWRITEBYTECODE", None):
            env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        lib = str(Path(tmp) / "lib")
        subprocess.run([sys.executable, "-m", "paperdesk", "--library", lib, "import",
                        str(REPO / "resources" / "sample-library.txt")], env=env, check=True,
                       capture_output=True)
        other_env, other_lib = None, None
        if args.against:
            other_env = {**env, "PYTHONPATH": str(args.against.resolve())}
            other_lib = str(Path(tmp) / "other-lib")
            shutil.copytree(lib, other_lib)
        ((walls, cpus),) = time_runs([([sys.executable, "-c", "pass"], env)], args.runs)
        (base, base_p95), base_cpu = median_p95(walls), statistics.median(cpus)
        rows = [["python -c pass (baseline)", f"{base:.0f}", f"{base_p95:.0f}",
                 f"{base_cpu:.0f}", "1.0", ""]]
        for words in COMMANDS:
            setups = [([sys.executable, "-m", "paperdesk", "--library", lib, *words], env)]
            if other_env is not None and other_lib is not None:
                setups.append(([sys.executable, "-m", "paperdesk", "--library", other_lib,
                                *words], other_env))
            timings = time_runs(setups, args.runs)
            (walls, cpus) = timings[0]
            med, p95 = median_p95(walls)
            cpu = statistics.median(cpus)
            target = f"≤ {TARGET_MS}" if words[0] in ("--version", "show", "star") else ""
            row = [f"paperdesk {' '.join(words)}", f"{med:.0f}", f"{p95:.0f}", f"{cpu:.0f}",
                   f"{med / base:.1f}", target]
            if len(timings) > 1:
                other_wall, other_cpu = (statistics.median(t) for t in timings[1])
                row += [f"{other_wall:.0f}", f"{other_cpu:.0f}", f"{other_cpu / cpu:.1f}"]
            rows.append(row)
    headers = ["command", "median ms", "p95 ms", "CPU ms", "× baseline", "target ms"]
    if args.against:
        headers += ["other: median ms", "other: CPU ms", "other CPU / this CPU"]
        rows[0] += ["", "", ""]
    print_table(headers, rows)
    print(f"\n(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs while measuring;"
          f" median of {args.runs} runs each)")


if __name__ == "__main__":
    main()
