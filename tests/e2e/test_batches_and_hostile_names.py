"""Batches keep going, Ctrl-C says what was kept, hostile names and bytes stay inert
(issue 16)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests_helpers import write_papers_jsonl

from paperdesk import Library

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"


def run(libdir: Path, *args: str):
    proc = subprocess.run([sys.executable, "-m", "paperdesk", "--library", str(libdir), *args],
                          capture_output=True, timeout=120, env=os.environ.copy())
    return proc.returncode, proc.stdout.decode(), proc.stderr.decode()


def test_a_binary_file_in_a_batch_is_a_problem_and_the_rest_imports(tmp_path):
    binary = tmp_path / "b.bin"
    binary.write_bytes(os.urandom(50_000))
    code, out, err = run(tmp_path / "lib", "import", str(SAMPLE), str(binary))
    assert code == 1, err
    assert "added 98" in out
    assert f"{binary}: binary file" in err


def test_random_bytes_alone_exit_2_and_echo_no_control_bytes(tmp_path):
    for name in ("random.bib", "random.ris", "random.json", "random.pdf", "random"):
        path = tmp_path / name
        path.write_bytes(bytes(range(1, 32)) * 300 + os.urandom(3000))
        code, out, err = run(tmp_path / "lib", "import", str(path))
        assert code == 2, (name, out, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert not any(ord(c) < 32 and c != "\n" or 0x7f <= ord(c) < 0xa0 for c in err), err


def test_an_html_file_named_pdf_is_one_line_without_pypdf_noise(tmp_path):
    fake = tmp_path / "paper.pdf"
    fake.write_text("<!DOCTYPE html><html><body>%PDF-1.4 not really</body></html>")
    code, out, err = run(tmp_path / "lib", "import", str(fake))
    assert code == 2
    assert err.strip().splitlines() == [err.strip()] and "pypdf" not in err.lower()


def test_file_names_with_newlines_and_escapes_are_printed_escaped(tmp_path):
    hostile = tmp_path / "evil\nname\x1b[31m.bib"
    hostile.write_text("not a bibliography at all")
    code, out, err = run(tmp_path / "lib", "import", str(hostile))
    assert code == 2
    assert "\x1b" not in err and err.count("\n") == 1
    assert "evil\\nname\\x1b[31m.bib" in err


def test_ctrl_c_during_an_import_says_what_was_kept(tmp_path):
    libdir = tmp_path / "lib"
    big = write_papers_jsonl(tmp_path / "big.jsonl", 4000)
    proc = subprocess.Popen([sys.executable, "-m", "paperdesk", "--library", str(libdir),
                             "import", str(big)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:  # wait until papers are being committed
        time.sleep(0.3)
        if (libdir / "library.sqlite").exists():
            try:
                with Library.open(libdir) as lib:
                    if lib.count() > 0:
                        break
            except Exception:  # noqa: BLE001, S110 - the library may still be in creation
                pass
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    if proc.returncode == 0:  # it finished first on a fast machine: nothing to check
        return
    assert proc.returncode == 130, err
    line = err.strip().splitlines()[-1]
    assert "import interrupted; kept what was committed:" in line, err
    kept = int(line.split("committed: ")[1].split(" added")[0])
    with Library.open(libdir) as lib:
        assert lib.count() == kept > 0
        assert lib.index.doc_count() == kept
