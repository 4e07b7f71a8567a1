"""``paperdesk import DIR`` and ``paperdesk pdf-export`` end to end."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from pypdf import PdfReader
from test_cli import jrun, run

DATA = Path(__file__).resolve().parents[1] / "data" / "pdfs"


def test_import_a_folder_twice_then_export_highlights(tmp_path: Path) -> None:
    folder = tmp_path / "Papers"
    (folder / "2005").mkdir(parents=True)
    shutil.copy(DATA / "mooney05.pdf", folder / "2005" / "mooney05.pdf")
    shutil.copy(DATA / "latex" / "arxiv_stamp.pdf", folder / "arxiv_stamp.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage")
    lib = tmp_path / "lib"
    code, out, err = run(lib, "import", str(folder))
    assert code == 1  # one problem entry; the rest came in
    assert out.startswith("added 2, merged 0, skipped 0, problems 1")
    assert "broken.pdf" in err and "Traceback" not in err and len(err.splitlines()) == 1
    code, out, err = run(lib, "import", str(folder), "--json")
    again = json.loads(out)  # the broken file is still reported; nothing is added
    assert code == 1 and again["added"] == 0 and again["skipped"] == 2
    assert [Path(p["file"]).name for p in again["problems"]] == ["broken.pdf"]
    papers = jrun(lib, "list")["papers"]
    stamp = next(p for p in papers if p["title"].startswith("Side Stamps"))
    assert stamp["year"] == 2021
    code, out, err = run(lib, "pdf-export", str(stamp["id"]), str(tmp_path / "copy.pdf"))
    assert code == 0 and "0 highlight(s)" in out
    assert len(PdfReader(tmp_path / "copy.pdf").pages) == 4
