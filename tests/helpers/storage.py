"""Storage for fault tests: a small disk, and a folder seen read-only."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def mount(*args: str) -> bool:
    """Run ``mount ARGS``; True when it worked (root or CAP_SYS_ADMIN)."""
    if not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@contextmanager
def small_disk(where: Path, size_kb: int) -> Iterator[Path]:
    """A tmpfs of ``size_kb`` KiB mounted at ``where`` (skips where mounting is not allowed)."""
    where.mkdir()
    if not mount("-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)):
        pytest.skip("cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@contextmanager
def read_only_view(folder: Path, where: Path) -> Iterator[Path]:
    """``folder`` seen through a read-only bind mount (or, for a non-root user, a copy with
    its write permissions removed)."""
    where.mkdir()
    if mount("--bind", str(folder), str(where)):
        if not mount("-o", "remount,ro,bind", str(where)):
            subprocess.run(["umount", str(where)], capture_output=True)
            pytest.skip("cannot remount read-only here")
        try:
            yield where
        finally:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)
        return
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions and cannot bind-mount here")
    shutil.rmtree(where)
    shutil.copytree(folder, where)
    for path in [where, *where.rglob("*")]:
        path.chmod(path.stat().st_mode & ~0o222)
    try:
        yield where
    finally:
        for path in [where, *where.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
