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
    assert "4 kept, 0 broken" in proc.stdout


def test_the_worker_process_never_loads_qt():
    code = ("import sys; import paperdesk.jobs, paperdesk.library.demo, paperdesk.venues; "
            "print(any(m.startswith(('PySide6', 'paperdesk.gui')) for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert proc.stdout.strip() == "False", proc.stderr


def test_the_contracts_declare_no_exceptions():
    """No ``ignore_imports``: the command line opens the window through paperdesk.entry,
    and ODT/PDF layout lives in paperdesk.documents, which both may use."""
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    assert all(not c.get("ignore_imports") for c in contracts), contracts
    core = next(c for c in contracts if c["name"].startswith("The core never imports Qt"))
    assert {"PySide6", "paperdesk.documents", "paperdesk.gui", "paperdesk.cli"} <= set(
        core["forbidden_modules"])
    assert config["project"]["scripts"]["paperdesk"] == "paperdesk.entry:main"


def test_python_m_paperdesk_runs_the_command_line_through_the_entry():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--version"], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith("paperdesk "), proc.stderr
    code = ("import sys; from paperdesk.entry import main; main(['--version']); "
            "print(any(m.startswith(('PySide6', 'paperdesk.gui')) for m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=120)
    assert proc.stdout.splitlines()[-1] == "False", proc.stderr  # a command loads no Qt


def test_paperdesk_demo_without_a_command_opens_the_window(tmp_path):
    """``python -m paperdesk --demo`` opens the window (offscreen; the first-paint probe
    prints the seconds to the table's first paint, then quits)."""
    pytest.importorskip("PySide6")
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen",
           "PAPERDESK_FIRST_PAINT": "1", "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--demo"], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "first-paint" in proc.stdout, proc.stdout  # the window painted its table


def test_without_a_window_opener_the_command_line_shows_its_help(capsys):
    from paperdesk.cli.main import main

    assert main(["--library", "unused"]) == 0
    assert "usage: paperdesk" in capsys.readouterr().out
