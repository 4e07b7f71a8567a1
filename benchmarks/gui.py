"""GUI benchmark on a 100,000-paper library (``--papers``), ``--import`` papers (5,000)
imported and tagged in the background.

(a) process start to the first paint of the paper table (``paperdesk`` in a subprocess,
    offscreen), against a bare QTableView over a 100k-row in-memory model;
(b) peak memory of that process (no ML model loaded), against the same baseline;
(c) the longest GUI event-loop stall while the papers are imported from a BibTeX file and
    auto-tagged in the background, as a user would (File > Import with "tag on import"; the
    work runs in the window's worker process), measured by a 5 ms QTimer's gaps, against
    an idle event loop (``--stall-s``: over the bulk work's first seconds only).

(d–i) while that bulk import and its tagging run in the background: a star edit committed
    and painted in the table (p95), an undo of it (p95), a one-file import queued behind
    the bulk work (until its papers are in), Cancel of one queued job (the running one goes
    on), the time to quit, and a keystroke in the search box until its results are painted
    (p95, the typing pause before a search left out); the same on an idle window are the
    baselines.

The library is built once into ``--cache`` (default /tmp/paperdesk-bench-gui) through the
core's bulk path and reused. Run: ``python benchmarks/gui.py [--papers 100000]
[--import 5000] [--repeat 3] [--json]``; CPU time (this process and its children) is
printed beside the wall time.
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

TARGETS = {"start": 1.0, "memory": 400.0, "stall": 50.0, "edit_p95": 100.0, "undo_p95": 100.0,
           "interactive_import": 10.0, "quit": 1.0, "keystroke_p95": 100.0}

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


TAG_WORDS = ["machine translation", "parsing", "language model", "sentiment analysis",
             "question answering", "summarization", "named entity recognition", "dialogue",
             "speech", "morphology", "word embeddings", "information extraction",
             "semantic parsing", "coreference", "low-resource languages"]


def build_library(cache: Path, n: int, data: Path) -> Path:
    """The n-paper ACL library in ``cache``, built once and reused: the papers go in
    through the core's bulk path (one transaction of ``insert_paper``, three auto tags
    each, no duplicate checks), then the search index is rebuilt from SQLite."""
    from common import acl_paper, acl_records

    from paperdesk import Library
    from paperdesk.library.writing import insert_paper, taken_keys

    folder = cache / f"lib-{n}"
    if (folder / "BUILT").exists():
        # (brings the SQLite of a library built by an older version up to date; a stale
        # search index is the window's to rebuild, in the background)
        with Library.open(folder, lazy_index=True):
            pass
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    print(f"building a {n:,}-paper library in {folder} (once)…", file=sys.stderr)
    t0, c0 = time.perf_counter(), time.process_time()
    rng = random.Random(1)
    with Library.open(folder) as lib:
        with lib.write_lock, lib.transaction():
            taken = taken_keys(lib.db)
            ids = [insert_paper(lib.db, acl_paper(row), taken) for row in acl_records(data, n)]
            lib.db.conn.executemany(
                "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
                "VALUES (?, ?, 'auto', ?, 0)",
                [(pid, w, 0.5) for pid in ids for w in rng.sample(TAG_WORDS, 3)])
        t_sql = time.perf_counter() - t0
        lib.reindex()
    (folder / "BUILT").write_text("ok")
    print(f"built in {time.perf_counter() - t0:.0f} s wall ({t_sql:.0f} s SQLite), "
          f"{time.process_time() - c0:.0f} s CPU", file=sys.stderr)
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
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PAPERDESK_FIRST_PAINT="1",
               # the window's saved layout in a folder of this run's own (the first start
               # saves it, the others restore it), not the user's
               XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="paperdesk-bench-config-"))
    env.pop("PAPERDESK_LIBRARY", None)
    # as installed: Python's bytecode cached (a first start writes it; the runs counted
    # follow an uncounted one)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    _first_paint([sys.executable, "-m", "paperdesk", "--library", str(folder)], env)
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


def measure_stall(folder: Path, data: Path, n_import: int,
                  limit_s: float = 0) -> tuple[float, float, str]:
    """Longest event-loop gap (ms) during import + tagging (its first ``limit_s`` seconds
    when not 0), and of an idle loop."""
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
        stall = run_until(lambda: win.ops.is_idle() or (
            limit_s > 0 and time.perf_counter() - t0 > limit_s))
        added = imported[0].added if imported else 0
        note += f": {added:,} papers in {time.perf_counter() - t0:.0f} s"
        if not win.ops.is_idle():
            note += f" (measured over the first {limit_s:g} s of the bulk work)"
        elif added != n_import:
            raise SystemExit(f"expected {n_import} new papers, the import added {added}")
        win.close()
        lib.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return stall, idle, note


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


#: the longest wait for one edit or undo to be painted, and for the bulk import (s)
EDIT_LIMIT_S = 30.0
#: when the window applied the timed edit's change
EDIT_MARKS: dict[str, float] = {}
BULK_LIMIT_S = 900.0
VERBOSE = False


def say(what: str, win=None) -> None:  # noqa: ANN001
    """With ``--verbose``: one timed step on stderr, with the jobs running."""
    if VERBOSE:
        jobs = "" if win is None else "; ".join(
            f"{e.label} {e.state} {e.done}/{e.total}" for e in win.ops.entries)
        print(f"  {time.strftime('%H:%M:%S')} {what}  [{jobs}]", file=sys.stderr, flush=True)


def paint_probe(win):  # noqa: ANN001, ANN201
    """An object whose ``painted`` turns True once the paper table has painted after its
    model last changed (an edit counts once its new value is in the model *and* drawn)."""
    from PySide6.QtCore import QEvent, QObject

    class Probe(QObject):
        dirty = painted = False

        def changed(self, *_a: object) -> None:
            self.dirty, self.painted = True, False

        def eventFilter(self, _o, e) -> bool:  # noqa: ANN001, N802
            if e.type() == QEvent.Type.Paint and self.dirty:
                self.dirty, self.painted = False, True
            return False

    probe = Probe()
    for sig in (win.model.dataChanged, win.model.modelReset, win.model.layoutChanged,
                win.model.rowsRemoved):
        sig.connect(probe.changed)
    win.table.viewport().installEventFilter(probe)
    return probe


def measure_jobs(folder: Path, data: Path, n_import: int, edits: int = 20) -> dict[str, float]:
    """Edits, undo, search keystrokes, an interactive import, Cancel of one job and quit,
    while bulk work runs (and, as baselines, on an idle window). Times in ms (edits,
    keystrokes) and s (import, quit)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from paperdesk import Library
    from paperdesk.config import Settings
    from paperdesk.gui import library_actions as la
    from paperdesk.gui.app import make_app
    from paperdesk.gui.mainwindow import MainWindow
    from paperdesk.gui.models.paper_table import COLUMN_KEYS
    from paperdesk.gui.models.paper_table import stars_text as stars_of

    app = make_app()

    def pump_until(stop, limit: float = 120.0) -> float:  # noqa: ANN001
        t0 = time.perf_counter()
        while not stop() and time.perf_counter() - t0 < limit:
            app.processEvents()
            time.sleep(0.0005)
        return time.perf_counter() - t0

    def edit_times(win, n: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
        col = COLUMN_KEYS.index("stars")
        star, undo = [], []
        probe = paint_probe(win)
        cpu = 0.0
        def cell(pid: int) -> object:
            """The paper's stars as the table shows them; a row that bulk work pushed off
            the screen (new papers come in on top) is scrolled to, as a user looks at it."""
            row = win.model.row_of(pid)
            if row is None:
                return None
            index = win.model.index(row, col)
            top = win.table.rowAt(0)
            bottom = win.table.rowAt(win.table.viewport().height() - 1)
            if not (top <= row <= (bottom if bottom >= 0 else row)):
                win.table.scrollTo(index)
            return index.data()

        marks = EDIT_MARKS
        win.changeApplied.connect(lambda _c: marks.setdefault("applied", time.perf_counter()))

        def parts(t0: float, total: float) -> str:
            """Where an edit's time went: until the window applied its change (the writer
            thread, the hand-over, the refresh), then the rest (until painted)."""
            applied = marks.get("applied", t0)
            return (f"(write+apply {1000 * (applied - t0):.0f}, paint "
                    f"{total - 1000 * (applied - t0):.0f})")

        for i in range(n):
            pid = win.model.paper_id(i % 20)
            win.select_ids([pid], scroll=False)
            pump_until(lambda: False, 0.05)
            # as a user: the row is selected before the key is pressed (a table refilled
            # by bulk work in the meantime selects it again once its rows are in)
            pump_until(lambda p=pid: win.selected_ids() == [p], EDIT_LIMIT_S)
            want = 1 + i % 5
            before = cell(pid)
            if before == stars_of(want):
                want = 1 + (want % 5)
            probe.painted = probe.dirty = False
            marks.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            win.set_stars(want)
            pump_until(lambda p=pid, w=want: cell(p) == stars_of(w) and probe.painted,
                       EDIT_LIMIT_S)
            star.append(1000 * (time.perf_counter() - t0))
            say(f"edit {star[-1]:.0f} ms {parts(t0, star[-1])}", win)
            cpu += time.process_time() - c0
            pump_until(lambda: False, 0.05)
            probe.painted = probe.dirty = False
            marks.clear()
            t0, c0 = time.perf_counter(), time.process_time()
            la.undo(win)
            pump_until(lambda p=pid, b=before: cell(p) == b and probe.painted, EDIT_LIMIT_S)
            undo.append(1000 * (time.perf_counter() - t0))
            say(f"undo {undo[-1]:.0f} ms {parts(t0, undo[-1])}", win)
            cpu += time.process_time() - c0
        cpu_ms.append(1000 * cpu / max(1, 2 * n))
        return star, undo

    def keystroke_times(win, words: str) -> list[float]:  # noqa: ANN001
        """Each key typed into the search box until its results are painted (the typing
        pause the window waits for before searching is left out: the search starts at
        once, as after that pause)."""
        probe = paint_probe(win)
        got: list[str] = []
        win.searchShown.connect(got.append)
        out = []
        win.search.setFocus()
        for ch in words:
            got.clear()
            probe.painted = probe.dirty = False
            t0 = time.perf_counter()
            QTest.keyClick(win.search, ch)
            win._search_now()  # the debounce timer, skipped
            text = win.search.text().strip()
            pump_until(lambda t=text: t in got and probe.painted, 60)
            out.append(1000 * (time.perf_counter() - t0))
            part = dict(getattr(win, "search_split", {}))
            modes.append(getattr(win, "search_mode", ""))
            part["paint_ms"] = out[-1] - sum(v for k, v in part.items() if k.endswith("_ms"))
            splits.append(part)
            say(f"keystroke {text!r} {out[-1]:.0f} ms ("
                + ", ".join(f"{k[:-3]} {v:.0f}" for k, v in part.items()) + ")", win)
        QTest.keyClick(win.search, Qt.Key.Key_Escape)
        pump_until(lambda: not win.query, 60)
        win.searchShown.disconnect(got.append)
        return out

    cpu_ms: list[float] = []  # CPU of this process per edit or undo, while timed
    splits: list[dict[str, float]] = []  # each keystroke's time by part (see search_split)

    def split_of(key: str) -> None:
        """Where the keystrokes' time went: median and p95 of each part, into ``out``."""
        for part in ("queued_ms", "search_ms", "rows_ms", "handover_ms", "model_ms",
                     "paint_ms"):
            values = [sp[part] for sp in splits if part in sp]
            if values:
                name = part[:-3]
                out[f"{key}_{name}_median_ms"] = statistics.median(values)
                out[f"{key}_{name}_p95_ms"] = _p95(values)
        splits.clear()

    # other words while bulk work runs, so neither typing finds the other's postings kept
    typed, typed_bulk, typed_best = ("dependency parsing", "machine translation",
                                     "low resource speech")
    modes: list[str] = []  # the mode of each keystroke's search (Keyword or Best match)
    work = Path(tempfile.mkdtemp(prefix="paperdesk-jobs-"))
    out: dict[str, float] = {}
    try:
        shutil.copytree(folder, work / "lib")
        one = work / "one.bib"
        one.write_text("@article{solo2024, title = {A Paper Imported On Its Own While Tagging "
                       "Runs}, author = {Solo, Han}, year = {2024}, abstract = {One file, "
                       "one paper, imported while bulk work runs.}}\n", encoding="utf-8")
        bulk = work / "new-papers.bib"
        bulk.write_text(new_papers_bib(data, n_import), encoding="utf-8")
        lib = Library.open(work / "lib")
        state = QSettings(str(work / "state.ini"), QSettings.Format.IniFormat)
        win = MainWindow(lib, Settings(tag_on_import=True), state, work / "settings.json")
        win.resize(1280, 800)
        win.show()
        pump_until(win.ops.is_idle)
        # an index written before postings sidecars existed (the cached library) gets them
        # once, in a background process the window starts: the measures follow it, as
        # on every later start (its time is reported)
        t0 = time.perf_counter()
        pump_until(lambda: (bool(win.sidecar_writers) and all(
            p.poll() is not None for p in win.sidecar_writers)) or (
            not win.sidecar_writers and time.perf_counter() - t0 > 5), 300)
        out["sidecar_backfill_s"] = time.perf_counter() - t0 if win.sidecar_writers else 0.0
        say(f"postings sidecars written in {out['sidecar_backfill_s']:.1f} s", win)
        # baselines: an idle window
        star, undo = edit_times(win, edits)
        out["edit_p95_idle_ms"], out["undo_p95_idle_ms"] = _p95(star), _p95(undo)
        out["edit_cpu_idle_ms"] = cpu_ms.pop()
        keys = keystroke_times(win, typed)
        out["keystroke_p95_idle_ms"] = _p95(keys)
        split_of("keystroke_idle")
        done: list[object] = []
        win.importFinished.connect(done.append)
        t0 = time.perf_counter()
        win.import_files([one], show_report=False)
        pump_until(lambda: bool(done))
        out["interactive_import_idle_s"] = time.perf_counter() - t0
        # bulk work: the import of n_import papers, then their tagging
        done.clear()
        t_bulk = time.perf_counter()
        win.import_files([bulk], show_report=False)
        # edits while the import itself runs
        pump_until(lambda: bool(win.ops.entries), 60)
        star_i, undo_i = edit_times(win, edits // 2) if not done else ([], [])
        # the import's end queues the tagging of its papers (which may have ended
        # already when the edits above were slow: then the later rows say so)
        pump_until(lambda: bool(done), BULK_LIMIT_S)
        out["bulk_import_s"] = time.perf_counter() - t_bulk if done else float("inf")
        say(f"bulk import answered: {bool(done)}", win)
        tagging = next((e for e in win.ops.entries if e.label.startswith("Tagging")), None)
        if tagging is None:
            print("NOTE: no tagging job ran after the bulk import (it ended already, or "
                  "tagging is unavailable); the measures below run without bulk work.",
                  file=sys.stderr)
        else:
            pump_until(lambda: tagging.state == "running" and tagging.done > 0
                       or tagging not in win.ops.entries, 300)
        from paperdesk.jobs import rebuild_index

        queued = win.ops.long_job("Rebuilding the search index", rebuild_index)
        entry = win.ops.entry_of(queued)
        win.ops.cancel_job(entry.id if entry else -1)
        pump_until(lambda: False, 1.0)
        out["cancel_one_keeps_others"] = float(queued not in win.ops.tasks and (
            tagging is not None and tagging in win.ops.entries
            and tagging.state == "running"))
        star, undo = edit_times(win, edits)
        star, undo = star + star_i, undo + undo_i
        out["edit_p95_ms"], out["undo_p95_ms"] = _p95(star), _p95(undo)
        out["edit_max_ms"], out["undo_max_ms"] = max(star), max(undo)
        out["edits_over_limit"] = float(sum(t >= 1000 * EDIT_LIMIT_S for t in star + undo))
        out["edit_cpu_ms"] = statistics.mean(cpu_ms)
        keys = keystroke_times(win, typed_bulk)
        out["keystroke_p95_ms"] = _p95(keys)
        split_of("keystroke_bulk")
        # the first vectors came with the tagging: Best match's model loads once typing
        # pauses (until then keystrokes are answered in Keyword mode); then more words,
        # new again, ranked by Best match while the bulk work goes on
        t0 = time.perf_counter()
        pump_until(lambda: not lib.search_model_wanted(), 60)
        out["model_loaded_after_pause_s"] = time.perf_counter() - t0
        modes.clear()
        keys = keystroke_times(win, typed_best)
        out["keystroke_best_p95_ms"] = _p95(keys)
        out["keystroke_best_share"] = modes.count("best") / max(1, len(modes))
        split_of("keystroke_best")
        out["bulk_still_running"] = float(tagging is not None and tagging in win.ops.entries)
        done.clear()
        t0 = time.perf_counter()
        win.import_files([one.with_name("one.bib")], show_report=False)
        pump_until(lambda: bool(done), 120)
        out["interactive_import_s"] = time.perf_counter() - t0 if done else float("inf")
        t0 = time.perf_counter()
        win.close()
        out["quit_s"] = time.perf_counter() - t0
        lib.close()
        # quit baseline: an idle window
        lib = Library.open(work / "lib")
        win = MainWindow(lib, Settings(tag_on_import=False), state, work / "settings.json")
        win.show()
        pump_until(win.ops.is_idle)
        t0 = time.perf_counter()
        win.close()
        out["quit_idle_s"] = time.perf_counter() - t0
        lib.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", "--n", dest="n", type=int, default=100_000,
                        help="papers in the library (default 100,000)")
    parser.add_argument("--import", "--import-n", dest="import_n", type=int, default=5_000,
                        help="papers imported and tagged in the background (default 5,000)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--edits", type=int, default=20, help="edits (and undos) measured")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/paperdesk-bench-gui"))
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--skip-stall", action="store_true")
    parser.add_argument("--stall-s", type=float, default=0,
                        help="measure (c) over the bulk work's first seconds only (0: all)")
    parser.add_argument("--skip-jobs", action="store_true")
    parser.add_argument("--skip-start", action="store_true")
    parser.add_argument("--json", action="store_true", help="also print the numbers as JSON")
    parser.add_argument("--verbose", action="store_true",
                        help="print each timed edit, undo and keystroke on stderr")
    args = parser.parse_args()
    global VERBOSE  # noqa: PLW0603 - a switch for the whole run
    VERBOSE = args.verbose
    os.chdir(REPO)
    cpu0 = _cpu()
    wall0 = time.perf_counter()
    folder = build_library(args.cache, args.n, args.data)
    rows = []
    numbers: dict[str, float] = {}
    if not args.skip_start:
        app_t, app_m, base_t, base_m = measure_start(folder, args.repeat)
        t, b = statistics.median(app_t), statistics.median(base_t)
        rows.append(["(a) start to painted table (s)", f"{t:.3f}", f"{b:.3f}", f"{t / b:.2f}",
                     f"≤ {TARGETS['start']}", "ok" if t <= TARGETS["start"] else "MISSED"])
        m, bm = max(app_m), max(base_m)
        rows.append(["(b) peak memory, no model (MB)", f"{m:.0f}", f"{bm:.0f}",
                     f"{m / bm:.2f}", f"≤ {TARGETS['memory']:.0f}",
                     "ok" if m <= TARGETS["memory"] else "MISSED"])
        numbers.update(start_s=t, start_baseline_s=b, memory_mb=m, memory_baseline_mb=bm)
    note = ""
    if not args.skip_stall:
        stall, idle, note = measure_stall(folder, args.data, args.import_n, args.stall_s)
        rows.append([f"(c) longest stall, {args.import_n:,} imported (ms)", f"{stall:.0f}",
                     f"{idle:.0f}", f"{stall / max(idle, 1):.2f}", f"≤ {TARGETS['stall']:.0f}",
                     "ok" if stall <= TARGETS["stall"] else "MISSED"])
        numbers.update(stall_ms=stall, stall_baseline_ms=idle)
    if not args.skip_jobs:
        j = measure_jobs(folder, args.data, args.import_n, args.edits)
        numbers.update(j)
        for label, key, unit, target in (
                ("(d) star edit painted, p95, bulk running (ms)", "edit_p95", "ms", "edit_p95"),
                ("(e) undo painted, p95, bulk running (ms)", "undo_p95", "ms", "undo_p95"),
                ("(f) one-file import behind bulk work (s)", "interactive_import", "s",
                 "interactive_import"),
                ("(h) quit while bulk work runs (s)", "quit", "s", "quit"),
                ("(i) search keystroke painted, p95, bulk running (ms)", "keystroke_p95", "ms",
                 "keystroke_p95")):
            v, base = j[f"{key}_{unit}"], j[f"{key}_idle_{unit}"]
            rows.append([label, f"{v:.3f}" if unit == "s" else f"{v:.0f}",
                         f"{base:.3f}" if unit == "s" else f"{base:.0f}",
                         f"{v / max(base, 1e-6):.2f}", f"≤ {TARGETS[target]:g}",
                         "ok" if v <= TARGETS[target] else "MISSED"])
        rows.append(["(i') search keystroke painted, p95, idle (ms)",
                     f"{j['keystroke_p95_idle_ms']:.0f}", "", "",
                     f"≤ {TARGETS['keystroke_p95']:g}",
                     "ok" if j["keystroke_p95_idle_ms"] <= TARGETS["keystroke_p95"]
                     else "MISSED"])
        keeps = bool(j["cancel_one_keeps_others"])
        rows.append(["(g) Cancel of a queued job leaves tagging running", "yes" if keeps else "no",
                     "", "", "yes", "ok" if keeps else "MISSED"])
    print(f"\nPaperDesk window, {args.n:,} papers, {args.import_n:,} imported and tagged in "
          f"the background (median of {args.repeat} starts)\n")
    print_table(["measure", "paperdesk", "baseline", "ratio", "target", ""], rows)
    print("\nbaselines: (a, b) a bare QTableView over a 100k-row in-memory model; "
          "(c) an idle event loop with the same 5 ms timer.")
    if note:
        print(f"(c): {note}")
    if not args.skip_jobs:
        print("(d–i) baselines: the same on an idle window (no bulk work); (d, e) count until "
              "the table has painted the new value; CPU per edit or undo (while timed): "
              f"{numbers['edit_cpu_idle_ms']:.0f} ms idle, {numbers['edit_cpu_ms']:.0f} ms "
              "with bulk work (this process).")
        if "keystroke_best_p95_ms" in numbers:
            print(f"(i'') search keystroke painted, p95, bulk running, after Best match's "
                  f"model loaded in a typing pause ({numbers['model_loaded_after_pause_s']:.1f}"
                  f" s): {numbers['keystroke_best_p95_ms']:.0f} ms "
                  f"({100 * numbers['keystroke_best_share']:.0f}% of them Best match)")
        for key, when in (("keystroke_idle", "idle"), ("keystroke_bulk", "bulk running"),
                          ("keystroke_best", "bulk running, Best match")):
            parts = [f"{name} {numbers[f'{key}_{name}_median_ms']:.0f}/"
                     f"{numbers[f'{key}_{name}_p95_ms']:.0f}"
                     for name in ("queued", "search", "rows", "handover", "model", "paint")
                     if f"{key}_{name}_median_ms" in numbers]
            print(f"(i) a keystroke's parts, {when} (median/p95 ms): {', '.join(parts)}")
        if not numbers.get("bulk_still_running"):
            print("NOTE: the bulk tagging had ended before the last measures; use a larger "
                  "--import for (i) and (f).")
    cpu = _cpu() - cpu0
    print(f"\nthis run: {time.perf_counter() - wall0:.0f} s wall, {cpu:.0f} s CPU "
          "(this process and its children)")
    numbers.update(run_wall_s=time.perf_counter() - wall0, run_cpu_s=cpu)
    if args.json:
        import json

        print(json.dumps({k: round(v, 4) for k, v in numbers.items()}, indent=1))


def _cpu() -> float:
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


if __name__ == "__main__":
    main()
