"""The desktop entry and the AppStream metainfo pass their validators."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _validate(tool: str, *args: str) -> subprocess.CompletedProcess:
    if shutil.which(tool) is None:  # packaging/install.sh installs both (apt)
        pytest.skip(f"{tool} is not installed (apt: desktop-file-utils, appstream)")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)


def test_desktop_entry_is_valid() -> None:
    proc = _validate("desktop-file-validate", str(PACKAGING / "paperdesk.desktop"))
    assert proc.returncode == 0 and "error" not in proc.stdout + proc.stderr, proc.stdout


def test_appstream_metainfo_is_valid() -> None:
    proc = _validate("appstreamcli", "validate", "--no-net",
                     str(PACKAGING / "io.github.paperdesk.PaperDesk.metainfo.xml"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
