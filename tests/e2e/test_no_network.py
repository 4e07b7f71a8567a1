"""Nothing touches the network: import, tagging with a cold model cache (the ONNX export
included), search, similar papers and exports, each a ``paperdesk`` process under a guard,
then the window's first start on the demo library with its automatic tagging.

Two guards watch each process: ``tests/helpers/network_guard/sitecustomize.py`` refuses and
records every Python-level name look-up and IPv4/IPv6 connection; ``strace`` (when
installed; packaging/install.sh installs it) records the system calls of native code too —
ONNX Runtime's telemetry looked up mobile.events.data.microsoft.com from C++.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from paperdesk.tagging.model import ml_unavailable_reason

REPO = Path(__file__).resolve().parents[2]
GUARD = REPO / "tests" / "helpers" / "network_guard"
SAMPLE = REPO / "resources" / "sample-library.txt"
#: a system call that reaches for an IPv4/IPv6 address (DNS included: port 53)
NET_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(\d+, \{sa_family=AF_INET6?\b")


#: the window's first start on the demo library: it imports the sample and tags it in its
#: worker process, as ``paperdesk --demo`` does; quits once every paper has suggestions
WINDOW = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings, QTimer
from paperdesk.gui.app import make_app, open_library
from paperdesk.gui.library_actions import auto_tag
from paperdesk.gui.mainwindow import MainWindow

app = make_app()
lib = open_library(Path("unused"), True)
win = MainWindow(lib, state=QSettings())
win.show()
QTimer.singleShot(0, lambda: auto_tag(win, pending=True))

def check():
    n = lib.db.execute("SELECT count(DISTINCT paper_id) FROM tags WHERE source = 'auto'")
    if n.fetchone()[0] >= 98 and win.ops.is_idle():
        print("window tagged the demo", flush=True)
        app.quit()

timer = QTimer()
timer.timeout.connect(check)
timer.start(300)
QTimer.singleShot(600_000, app.quit)
app.exec()
win.ops.cancel()
win.ops.wait()
"""


def guarded(tmp: Path, log: Path, *argv: str, cache: Path | None = None):
    """Run ``argv`` with the Python guard, under strace when it is there."""
    home = tmp / "home"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(GUARD), str(REPO)]),
           "PAPERDESK_NET_LOG": str(log), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache"), "QT_QPA_PLATFORM": "offscreen"}
    if cache is not None:
        env["PAPERDESK_CACHE_DIR"] = str(cache)
    command = list(argv)
    if shutil.which("strace"):
        trace = tmp / f"strace-{len(list(tmp.glob('strace-*')))}.log"
        command = ["strace", "-f", "-qq", "-e", "trace=connect,sendto,sendmsg,sendmmsg",
                   "-o", str(trace), *command]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def network_calls(tmp: Path, log: Path) -> list[str]:
    """What the guards saw: refused Python calls and native system calls."""
    seen = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    for trace in sorted(tmp.glob("strace-*.log")):
        seen += [ln for ln in trace.read_text(errors="replace").splitlines()
                 if NET_CALL.search(ln)]
    return seen


def test_the_guards_catch_a_lookup_and_a_connection(tmp_path: Path) -> None:
    log = tmp_path / "net.log"
    code = ("import socket\n"
            "for f in (lambda: socket.getaddrinfo('example.org', 80),\n"
            "          lambda: socket.create_connection(('10.255.255.1', 9), timeout=0.1)):\n"
            "    try: f()\n"
            "    except OSError: pass\n")
    guarded(tmp_path, log, sys.executable, "-c", code)
    seen = log.read_text(encoding="utf-8")
    assert "getaddrinfo 'example.org'" in seen
    if shutil.which("strace"):  # the native watch sees a connect() outside Python too
        guarded(tmp_path, tmp_path / "bash.log", "/bin/bash", "-c",
                "exec 3<>/dev/tcp/10.255.255.1/9 || true")
        assert any("10.255.255.1" in c for c in network_calls(tmp_path, log))


@pytest.mark.model
@pytest.mark.slow
def test_import_tag_search_similar_export_touch_no_network(tmp_path: Path) -> None:
    if ml_unavailable_reason():
        pytest.skip(f"tagging is off: {ml_unavailable_reason()}")
    log, lib, cache = tmp_path / "net.log", tmp_path / "lib", tmp_path / "cold-cache"
    pd = [sys.executable, "-m", "paperdesk", "--library", str(lib)]
    steps = [
        [*pd, "import", str(SAMPLE)],
        [*pd, "tag", "--all"],  # the cold cache: the model is exported to ONNX first
        [*pd, "search", "reinforcement learning"],
        [*pd, "similar", "1"],
        [*pd, "export", "--format", "html", "-o", str(tmp_path / "out.html")],
        [*pd, "export", "--format", "bibtex", "-o", str(tmp_path / "out.bib")],
    ]
    for argv in steps:
        proc = guarded(tmp_path, log, *argv, cache=cache)
        assert proc.returncode == 0, (argv[4:], proc.stderr[-2000:])
    assert any(cache.rglob("*.onnx")), "the model cache was not filled: tagging did not run"
    assert "Tagged 98 papers" in guarded(tmp_path, log, *pd, "tag", "--all", "--retag",
                                         cache=cache).stdout
    if importlib.util.find_spec("PySide6") is not None:  # the window (its [gui] extra)
        proc = guarded(tmp_path, log, sys.executable, "-c", WINDOW, cache=cache)
        assert "window tagged the demo" in proc.stdout, proc.stderr[-2000:]
    assert network_calls(tmp_path, log) == []
