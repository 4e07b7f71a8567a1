"""The layers hold (import-linter contracts in pyproject.toml): the core never imports Qt,
the window reaches data only through the core's API, the CLI and the window stay apart."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept():
    pytest.importorskip("importlinter", reason="import-linter is part of the test extra")
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or \
        shutil.which("lint-imports")
    assert lint, "lint-imports comes with import-linter"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([lint, "--no-cache"], capture_output=True, text=True, cwd=REPO,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "3 kept, 0 broken" in proc.stdout


def test_the_worker_process_never_loads_qt():
    code = ("import sys; import paperdesk.jobs, paperdesk.library.demo, paperdesk.venues; "
            "print(any(m.startswith(('PySide6', 'paperdesk.gui')) for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert proc.stdout.strip() == "False", proc.stderr
