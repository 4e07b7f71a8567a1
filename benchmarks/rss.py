"""Memory of a process tree over time: the peak of the SUM of the resident set sizes of
a process and all its descendants, sampled every few milliseconds from ``/proc``.

``ru_maxrss`` gives each process's own peak; adding the peaks of two processes that
peak at different moments overstates what the machine needed. This samples what was
resident at once (Linux only; elsewhere it reports nothing).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def _tree(root: int) -> list[int]:
    """``root`` and its descendants (by parent id, from /proc/*/stat)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, ppid in parents.items() if ppid in frontier]
        tree += frontier
    return tree


def _rss(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


class TreeRss:
    """Samples the RSS sum of a process tree in a thread; ``peak_mb`` is its maximum.

    ``with TreeRss() as m: ...`` samples this process and its children every ``every``
    seconds (the tree is re-read every tenth sample, so a helper process that starts
    later is counted)."""

    def __init__(self, pid: int | None = None, every: float = 0.02) -> None:
        self.pid = pid or os.getpid()
        self.every = every
        self.peak = 0
        self.peak_parts: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        tree = _tree(self.pid)
        n = 0
        while not self._stop.is_set():
            if n % 10 == 0:
                tree = _tree(self.pid)
            parts = [_rss(pid) for pid in tree]
            if sum(parts) > self.peak:
                self.peak, self.peak_parts = sum(parts), parts
            n += 1
            self._stop.wait(self.every)

    @property
    def peak_mb(self) -> float:
        """The largest RSS sum seen, in MB (MiB)."""
        return self.peak / 2**20

    def __enter__(self) -> TreeRss:
        if Path("/proc/self/statm").exists():
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
