"""Running fixtures of the official CSL processor test suite against our engine.

The suite (citation-style-language/test-suite, ``processor-tests/machines``, MIT) has
one JSON file per case: a style (``csl``), items (``input``), what to cite and the
expected ``result``. :func:`run_fixture` runs a case the way the suite specifies, in
citeproc-js (see ``run`` in ``js/driver.js``); :func:`check` compares the output.
Used by ``tests/unit/export/test_csl_suite.py`` (a subset shipped in ``tests/data``) and
``benchmarks/csl_suite.py`` (the whole suite from a folder).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperdesk.errors import KnownError
from paperdesk.export.citeproc_js import engine


@dataclass(frozen=True)
class Outcome:
    """One case's result."""

    name: str
    mode: str  # "bibliography" or "citation"
    passed: bool
    expected: str
    got: str


def load_fixture(path: Path) -> dict[str, Any]:
    """One fixture file.

    Raises:
        KnownError: Unreadable or not a suite fixture (names the file).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KnownError(f"{path}: not a CSL test-suite fixture ({exc})") from exc
    if not isinstance(data, dict) or not {"mode", "csl", "input", "result"} <= set(data):
        raise KnownError(f"{path}: not a CSL test-suite fixture (mode/csl/input/result missing)")
    return data


def run_fixture(fixture: dict[str, Any]) -> str:
    """The engine's output for one fixture."""
    return engine().run_fixture(fixture)


def check(name: str, fixture: dict[str, Any]) -> Outcome:
    """Run one fixture and compare with its expected result (surrounding space ignored)."""
    mode = str(fixture["mode"]).split("-")[0]
    expected = str(fixture["result"]).strip()
    try:
        got = run_fixture(fixture).strip()
    except Exception as exc:  # noqa: BLE001 - a JS error is a failed case, not a crash
        got = f"ERROR: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
    return Outcome(name, mode, got == expected, expected, got)


def run_folder(folder: Path) -> list[Outcome]:
    """Every ``*.json`` fixture in ``folder``, by file name."""
    paths = sorted(Path(folder).glob("*.json"))
    if not paths:
        raise KnownError(f"{folder}: no test-suite fixtures (*.json) found")
    return [check(p.stem, load_fixture(p)) for p in paths]
