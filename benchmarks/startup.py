"""Start-up time of trivial ``paperdesk`` commands, against ``python -c pass``.

    python benchmarks/startup.py            # 15 runs each
    python benchmarks/startup.py --runs 5

Each command runs as a new process (``python -m paperdesk …``, with this checkout first on
``PYTHONPATH``) on a library holding the 98-paper sample. Target: ``--version``, ``show ID``
and ``star ID N`` at most 0.3 s (median).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import REPO, median_p95, print_table, timed

COMMANDS = [["--version"], ["show", "1"], ["star", "1", "3"], ["list", "--limit", "5"],
            ["search", "language"]]


def main() -> None:
    """Time each command and print a table with ratios to the bare interpreter."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryDirectory() as tmp:
        lib = str(Path(tmp) / "lib")
        env["HOME"] = tmp
        subprocess.run([sys.executable, "-m", "paperdesk", "--library", lib, "import",
                        str(REPO / "resources" / "sample-library.txt")], env=env, check=True,
                       capture_output=True)

        def run(argv: list[str]) -> None:
            subprocess.run(argv, env=env, check=True, capture_output=True)

        base, _ = median_p95(timed(lambda: run([sys.executable, "-c", "pass"]), args.runs))
        rows = [["python -c pass (baseline)", f"{base:.0f}", f"{base:.0f}", "1.0", ""]]
        for words in COMMANDS:
            argv = [sys.executable, "-m", "paperdesk", "--library", lib, *words]
            med, p95 = median_p95(timed(lambda argv=argv: run(argv), args.runs))
            target = "≤ 300" if words[0] in ("--version", "show", "star") else ""
            rows.append([f"paperdesk {' '.join(words)}", f"{med:.0f}", f"{p95:.0f}",
                         f"{med / base:.1f}", target])
    print_table(["command", "median ms", "p95 ms", "× baseline", "target ms"], rows)


if __name__ == "__main__":
    main()
