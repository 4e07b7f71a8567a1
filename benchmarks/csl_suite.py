"""Score of PaperDesk's CSL engine on the official CSL processor test suite.

    python benchmarks/csl_suite.py SUITE_DIR [--show-failures]

SUITE_DIR is ``processor-tests/machines`` of citation-style-language/test-suite (one
JSON fixture per case); nothing is downloaded. Prints passed/total for bibliography and
citation mode separately (target ≥ 95% each) and the time taken.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from common import print_table

from paperdesk.export.cslsuite import run_folder
from paperdesk.export.formatting import engine_name

TARGET = 0.95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suite", type=Path, help="folder of suite fixtures (*.json)")
    parser.add_argument("--show-failures", action="store_true", help="list failed cases")
    args = parser.parse_args()
    t0 = time.perf_counter()
    outcomes = run_folder(args.suite)
    seconds = time.perf_counter() - t0
    rows = []
    for mode in ("bibliography", "citation"):
        cases = [o for o in outcomes if o.mode == mode]
        passed = sum(o.passed for o in cases)
        share = passed / len(cases) if cases else 0.0
        rows.append([mode, f"{passed}/{len(cases)}", f"{share:.1%}",
                     "ok" if share >= TARGET else "BELOW"])
    print(f"\nCSL processor test suite: {len(outcomes)} cases from {args.suite} "
          f"({engine_name()}, {seconds:.1f} s)\n")
    print_table(["mode", "passed", "share", f"target ≥ {TARGET:.0%}"], rows)
    if args.show_failures:
        for o in outcomes:
            if not o.passed:
                print(f"\nFAILED {o.mode} {o.name}")
                print(f"  expected: {o.expected!r}\n  got:      {o.got!r}")


if __name__ == "__main__":
    main()
