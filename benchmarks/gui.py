"""GUI benchmark on a 100,000-paper library.

(a) process start to the first paint of the paper table (``paperdesk`` in a subprocess,
    offscreen), against a bare QTableView over a 100k-row in-memory model;
(b) peak memory of that process (no ML model loaded), against the same baseline;
(c) the longest GUI event-loop stall while 5,000 papers are imported from a BibTeX file and
    auto-tagged in the background, as a user would (File > Import with "tag on import"; the
    work runs in the window's worker process), measured by a 5 ms QTimer's gaps, against
    an idle event loop.

The 100k library is built once into ``--cache`` (default /tmp/paperdesk-bench-gui) and
reused. Run: ``.venv/bin/python benchmarks/gui.py [--n 100000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_DATA, REPO, acl_parse_result, print_table

TARGETS = {"start": 1.0, "memory": 400.0, "stall": 50.0}

BASELINE_START = r"""
import sys, time, os, resource
from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView
T0 = float(sys.argv[1])
class Model(QAbstractTableModel):
    def __init__(self, rows): super().__init__(); self.rows = rows
    def rowCount(self, p=QModelIndex()): return 0 if p.isValid() else len(self.rows)
    def columnCount(self, p=QModelIndex()): return 0 if p.isValid() else 7
    def data(self, i, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole: return self.rows[i.row()][i.column()]
class Probe(QObject):
    done = False
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, report)
        return False
def report():
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"first-paint {time.monotonic() - T0:.3f} s  peak-rss {rss:.0f} MB", flush=True)
    app.quit()
app = QApplication([])
rows = [(f"Title {i}", "A. Author, B. Author", "2020", "ACL", "", "tag", "2024-01-01")
        for i in range(100_000)]
view = QTableView(); view.setModel(Model(rows))
probe = Probe(); view.viewport().installEventFilter(probe)
view.resize(1200, 800); view.show()
app.exec()
"""


def build_library(cache: Path, n: int, data: Path) -> Path:
    """The n-paper ACL library in ``cache`` (built once, with auto tags inserted by SQL)."""
    from paperdesk import Library

    folder = cache / f"lib-{n}"
    if (folder / "BUILT").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"building a {n:,}-paper library in {folder} (once)…", file=sys.stderr)
    t0 = time.perf_counter()
    with Library.open(folder) as lib:
        lib.import_parsed(acl_parse_result(data, n), on_duplicate="keep-both")
        words = ["machine translation", "parsing", "language model", "sentiment analysis",
                 "question answering", "summarization", "named entity recognition",
                 "dialogue", "speech", "morphology", "word embeddings", "information "
                 "extraction", "semantic parsing", "coreference", "low-resource languages"]
        rng = random.Random(1)
        ids = lib.papers.ids()
        with lib.write_lock, lib.db.atomic():
            lib.db.conn.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
                "VALUES (?, ?, 'auto', ?, 0)",
                [(pid, w, 0.5) for pid in ids for w in rng.sample(words, 3)])
    (folder / "BUILT").write_text("ok")
    print(f"built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return folder


def _first_paint(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    line = next((x for x in out.stdout.splitlines() if x.startswith("first-paint")), None)
    if line is None:
        raise SystemExit(f"no first paint reported:\n{out.stdout}\n{out.stderr}")
    parts = line.split()
    return float(parts[1]), float(parts[4])


def measure_start(folder: Path, repeat: int) -> tuple[list[float], list[float],
                                                       list[float], list[float]]:
    """Start times and peak memory of paperdesk and of the bare-table baseline."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAPERDESK_FIRST_PAINT="1")
    env.pop("PAPERDESK_LIBRARY", None)
    app_t, app_m, base_t, base_m = [], [], [], []
    for _ in range(repeat):
        t, m = _first_paint([sys.executable, "-m", "paperdesk", "--library", str(folder)], env)
        app_t.append(t)
        app_m.append(m)
        t, m = _first_paint([sys.executable, "-c", BASELINE_START, str(time.monotonic())], env)
        base_t.append(t)
        base_m.append(m)
    return app_t, app_m, base_t, base_m


def new_papers_bib(data: Path, n: int) -> str:
    """``n`` ACL papers as a BibTeX file, made new to the library (a new first author, no
    DOI: the duplicate check would otherwise merge them into the library's copies)."""
    from paperdesk.export import export_papers
    from paperdesk.records import Author

    papers = [e.paper for e in acl_parse_result(data, n).entries]
    for i, paper in enumerate(papers):
        paper.title += " (imported)"
        paper.authors.insert(0, Author(family=f"Newcomer{i}", given="Ann"))
        paper.doi = paper.arxiv_id = paper.url = ""
    return export_papers(papers, "bibtex")


def measure_stall(folder: Path, data: Path, n_import: int) -> tuple[float, float, str]:
    """Longest event-loop gap (ms) during import + tagging, and of an idle loop."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QSettings, QTimer

    from paperdesk import Library
    from paperdesk.config import Settings
    from paperdesk.gui import tagging
    from paperdesk.gui.app import make_app
    from paperdesk.gui.mainwindow import MainWindow

    app = make_app()
    gaps: list[float] = []
    clock = QElapsedTimer()
    timer = QTimer()
    timer.setInterval(5)

    def tick() -> None:
        gaps.append(clock.restart())

    timer.timeout.connect(tick)

    def run_until(stop) -> float:  # noqa: ANN001
        gaps.clear()
        clock.start()
        timer.start()
        while not stop():
            app.processEvents()
            time.sleep(0.0005)
        timer.stop()
        return max(gaps) if gaps else 0.0

    t_end = time.monotonic() + 3
    idle = run_until(lambda: time.monotonic() > t_end)

    work = Path(tempfile.mkdtemp(prefix="paperdesk-stall-"))
    try:
        shutil.copytree(folder, work / "lib")
        lib = Library.open(work / "lib")
        state = QSettings(str(work / "state.ini"), QSettings.Format.IniFormat)
        win = MainWindow(lib, Settings(tag_on_import=True), state, work / "settings.json")
        win.show()
        run_until(win.ops.is_idle)
        source = work / "new-papers.bib"
        source.write_text(new_papers_bib(data, n_import), encoding="utf-8")
        note = "imported and tagged" if tagging.unavailable_reason() is None else \
            f"import only: {tagging.unavailable_reason()}"
        imported = []
        win.importFinished.connect(imported.append)
        t0 = time.perf_counter()
        win.import_files([source], show_report=False)  # as a user does; tags after import
        stall = run_until(win.ops.is_idle)
        added = imported[0].added if imported else 0
        note += f": {added:,} papers in {time.perf_counter() - t0:.0f} s"
        if added != n_import:
            raise SystemExit(f"expected {n_import} new papers, the import added {added}")
        win.close()
        lib.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return stall, idle, note


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--import-n", type=int, default=5_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/paperdesk-bench-gui"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-stall", action="store_true")
    args = parser.parse_args()
    os.chdir(REPO)
    folder = build_library(args.cache, args.n, args.data)
    app_t, app_m, base_t, base_m = measure_start(folder, args.repeat)
    rows = []
    t, b = statistics.median(app_t), statistics.median(base_t)
    rows.append(["(a) start to painted table (s)", f"{t:.3f}", f"{b:.3f}", f"{t / b:.2f}",
                 f"≤ {TARGETS['start']}", "ok" if t <= TARGETS["start"] else "MISSED"])
    m, bm = max(app_m), max(base_m)
    rows.append(["(b) peak memory, no model (MB)", f"{m:.0f}", f"{bm:.0f}", f"{m / bm:.2f}",
                 f"≤ {TARGETS['memory']:.0f}", "ok" if m <= TARGETS["memory"] else "MISSED"])
    note = ""
    if not args.skip_stall:
        stall, idle, note = measure_stall(folder, args.data, args.import_n)
        rows.append([f"(c) longest stall, {args.import_n:,} imported (ms)", f"{stall:.0f}",
                     f"{idle:.0f}", f"{stall / max(idle, 1):.2f}", f"≤ {TARGETS['stall']:.0f}",
                     "ok" if stall <= TARGETS["stall"] else "MISSED"])
    print(f"\nPaperDesk window, {args.n:,} papers (median of {args.repeat} starts)\n")
    print_table(["measure", "paperdesk", "baseline", "ratio", "target", ""], rows)
    print("\nbaselines: (a, b) a bare QTableView over a 100k-row in-memory model; "
          "(c) an idle event loop with the same 5 ms timer.")
    if note:
        print(f"(c): {note}")


if __name__ == "__main__":
    main()
