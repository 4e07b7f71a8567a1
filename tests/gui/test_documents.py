"""ODT and PDF annotated bibliographies (Qt's document writers), from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"


def cli(libdir: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "paperdesk", *args, "--library", str(libdir)],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})


def test_pdf_and_odt_exports(tmp_path):
    lib = tmp_path / "lib"
    assert cli(lib, "import", str(SAMPLE)).returncode == 0
    assert cli(lib, "note", "1", "My *own* note about <b>MRE</b> & 50% of $x$").returncode == 0
    pdf, odt = tmp_path / "bib.pdf", tmp_path / "bib.odt"
    for fmt, out in (("pdf", pdf), ("odt", odt)):
        proc = cli(lib, "export", "--format", fmt, "--style", "apa", "--ids", "1", "2",
                   "-o", str(out))
        assert proc.returncode == 0, proc.stderr
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert "Annotated bibliography" in text
    assert "Mutual Reinforcement" in text and "note about <b>MRE</b>" in text
    with zipfile.ZipFile(odt) as z:
        content = z.read("content.xml").decode()
    assert "Mutual Reinforcement" in content and "note about &lt;b&gt;MRE&lt;/b&gt;" in content


def test_document_formats_need_an_output_file(tmp_path):
    proc = cli(tmp_path / "lib", "export", "--format", "pdf")
    assert proc.returncode == 2 and "needs -o FILE" in proc.stderr
