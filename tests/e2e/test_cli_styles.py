"""``paperdesk styles`` and styled exports from the command line (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def run(tmp: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "paperdesk", *args, "--library", str(tmp / "lib")],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "PAPERDESK_STYLES_DIR": str(tmp / "styles"), **(env or {})},
    )


def test_add_a_style_and_export_with_it(tmp_path) -> None:
    src = tmp_path / "Lab Style.csl"
    src.write_bytes((RESOURCES / "csl" / "ieee.csl").read_bytes())
    added = run(tmp_path, "styles", "add", str(src))
    assert added.returncode == 0 and "'lab-style'" in added.stdout
    listed = run(tmp_path, "styles").stdout
    for name in ("apa", "vancouver", "turabian", "acm", "elsevier", "springer-basic",
                 "lab-style"):
        assert f"\n{name} " in "\n" + listed
    assert run(tmp_path, "import", str(RESOURCES / "sample-library.txt")).returncode == 0
    out = run(tmp_path, "export", "--format", "markdown", "--style", "lab-style", "--ids", "1")
    assert out.returncode == 0 and "**[1]**" in out.stdout and "&amp;" not in out.stdout


def test_bad_style_file_is_one_line_error(tmp_path) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text("<style", encoding="utf-8")
    proc = run(tmp_path, "styles", "add", str(bad))
    assert proc.returncode != 0 and "bad.csl" in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_without_citeproc_js_falls_back_with_one_warning(tmp_path) -> None:
    assert run(tmp_path, "import", str(RESOURCES / "sample-library.txt")).returncode == 0
    env = {"PAPERDESK_CITEPROC_JS": str(tmp_path / "missing.js")}
    # a wheel without citeproc-js: neither the variable's file nor resources/js/ exists
    proc = subprocess.run(
        [sys.executable, "-c",
         "import sys; from paperdesk.export import citeproc_js as c; "
         "c.NPM_PATH = ('nowhere.js',); from paperdesk.cli.main import main; "
         "sys.exit(main(sys.argv[1:]))",
         "export", "--format", "markdown", "--ids", "1", "--library", str(tmp_path / "lib")],
        capture_output=True, text=True, timeout=300, env={**os.environ, **env},
    )
    assert proc.returncode == 0, proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if "citeproc-py" in ln]
    assert len(warnings) == 1 and "citeproc-js is not installed" in warnings[0]
    assert "*Empirical Study of Mutual Reinforcement" in proc.stdout  # still formatted
