"""Two processes opening a new library at the same moment both get it (issue 16's
concurrent writers): SQLite's switch to WAL can answer "database is locked" at once, without
waiting, when both make it together; ``connect`` waits its turn instead."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from paperdesk.library.db import connect


def _open(path: str, barrier, results) -> None:  # type: ignore[no-untyped-def]
    barrier.wait()
    try:
        db = connect(Path(path))
        db.execute("CREATE TABLE IF NOT EXISTS t (x)")
        results.put("ok")
    except Exception as exc:  # noqa: BLE001 - the test reports what went wrong
        results.put(repr(exc))


def test_two_processes_create_one_library_at_once(tmp_path: Path):
    # without the wait, about 1 start in 60 failed: 300 starts find it 99 times in 100
    ctx = multiprocessing.get_context("fork")
    failures = []
    for i in range(300):
        path = str(tmp_path / f"{i}.sqlite")
        barrier, results = ctx.Barrier(2), ctx.Queue()
        procs = [ctx.Process(target=_open, args=(path, barrier, results)) for _ in range(2)]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join(60)
        got = [results.get(timeout=60), results.get(timeout=60)]
        failures += [(i, g) for g in got if g != "ok"]
    assert not failures, failures
