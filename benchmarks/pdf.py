"""PDF import: header accuracy, text extraction speed and folder import memory.

    python benchmarks/pdf.py [--data DIR] [--copies N]

On the real papers in ``../shared/data/pdfs`` with the hand-checked labels kept in
``tests/data/pdfs/shared_labels.json``, prints per-field accuracy of the header read
from page 1 (title exact after whitespace/case folding, first author's family name, year
where page 1 prints one, DOI where printed, abstract first and last six words), the CPU
time of header extraction per PDF, the full-text extraction time against pypdf's plain
``extract_text`` on the same files (the baseline), whether a phrase from page 3 of each
PDF, searched without quotes, finds it, and the peak memory of a folder import (the
folder is the corpus copied ``--copies`` times, run in its own process).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from common import DEFAULT_DATA, REPO, print_table

LABELS = REPO / "tests" / "data" / "pdfs" / "shared_labels.json"


def norm(text: str) -> str:
    """Case, whitespace and quote folding for comparing labels."""
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def header_scores(folder: Path, labels: list[dict]) -> tuple[dict, list[float], list[str]]:
    """Per-field (right, counted) and header CPU seconds per PDF."""
    import pypdfium2 as pdfium

    from paperdesk.importers.pdf import _metadata, read_header

    fields = {k: [0, 0] for k in ("title", "first author", "year", "DOI", "abstract")}
    seconds: list[float] = []
    misses: list[str] = []
    for label in labels:
        data = (folder / label["file"]).read_bytes()
        t0 = time.process_time()
        doc = pdfium.PdfDocument(data)
        head = read_header(doc, _metadata(doc))
        doc.close()
        seconds.append(time.process_time() - t0)
        words = head.abstract.split()
        checks = {
            "title": (True, norm(head.title) == norm(label["title"])),
            "first author": (
                bool(label["first_author"]),
                bool(head.authors) and norm(head.authors[0].family) == norm(label["first_author"]),
            ),
            "year": (label["year"] is not None, head.year == label["year"]),
            "DOI": (bool(label["doi"]), head.doi.lower() == label["doi"].lower()),
            "abstract": (
                bool(label["abstract_start"]),
                norm(" ".join(words[:6])) == norm(label["abstract_start"])
                and norm(" ".join(words[-6:])) == norm(label["abstract_end"]),
            ),
        }
        for name, (counted, right) in checks.items():
            if counted:
                fields[name][1] += 1
                fields[name][0] += int(right)
                if not right:
                    misses.append(f"{label['file']}: {name}")
        if label["year"] is None and head.year is not None:
            misses.append(f"{label['file']}: year {head.year} where none is printed")
    return fields, seconds, misses


def text_times(files: list[Path]) -> tuple[float, float]:
    """CPU seconds for PaperDesk's full text and for pypdf's plain extraction."""
    import logging

    from pypdf import PdfReader

    from paperdesk.importers.pdf import read_pdf_content

    t0 = time.process_time()
    for f in files:
        read_pdf_content(f.read_bytes(), header=False)
    ours = time.process_time() - t0
    logging.disable(logging.CRITICAL)
    t0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for f in files:
            for page in PdfReader(f).pages:
                page.extract_text()
    return ours, time.process_time() - t0


def page3_phrases(files: list[Path]) -> dict[str, str]:
    """A phrase of five plain words from the middle of page 3 (or the last page) of each PDF."""
    import pypdfium2 as pdfium

    rng = random.Random(3)
    phrases = {}
    for f in files:
        doc = pdfium.PdfDocument(f)
        page = doc[min(2, len(doc) - 1)]
        text = page.get_textpage().get_text_range()
        doc.close()
        lines = [ln for ln in text.splitlines() if re.fullmatch(r"[A-Za-z ,.]{40,}", ln.strip())]
        if not lines:
            continue
        words = re.findall(r"[A-Za-z]{3,}", rng.choice(lines))
        if len(words) >= 4:
            phrases[f.name] = " ".join(words[:5])
    return phrases


def folder_import(folder: Path, copies: int) -> dict:
    """Peak memory and time of ``paperdesk import DIR`` in its own process."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "pdfs"
        for n in range(copies):
            target = src / f"copy{n}"
            target.mkdir(parents=True)
            for f in sorted(folder.glob("*.pdf")):
                shutil.copy(f, target / f"{f.stem}-{n}.pdf")
        code = (
            "import json,sys,time,resource\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            "from paperdesk import Library\n"
            "t=time.perf_counter()\n"
            f"lib=Library.open({str(Path(tmp) / 'lib')!r})\n"
            f"r=lib.import_folder({str(src)!r})\n"
            "lib.close()\n"
            "print(json.dumps({'files': r.added + r.merged + r.skipped + len(r.problems),"
            " 'added': r.added, 'merged': r.merged, 'seconds': time.perf_counter()-t,"
            " 'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024}))\n"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def search_scores(folder: Path, phrases: dict[str, str]) -> tuple[int, int, list[int], list[str]]:
    """How many page-3 phrases, searched without quotes, find their PDF, and its ranks."""
    from paperdesk import Library

    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib")
        report = lib.import_folder(folder)
        pdfs = sorted(folder.rglob("*.pdf"))  # the folder import's order
        by_name = dict(zip((p.name for p in pdfs), report.added_ids, strict=False))
        found, ranks, missed = 0, [], []
        for name, phrase in phrases.items():
            ids = lib.select_ids(query=phrase)
            if by_name.get(name) in ids:
                found += 1
                ranks.append(ids.index(by_name[name]) + 1)
            else:
                missed.append(f"{name}: {phrase!r}")
        lib.close()
    return found, len(phrases), ranks, missed


def zotero_scores(zotero: Path) -> tuple[dict, list[str]]:
    """Unseen papers: the PDFs in the Zotero test libraries, against Zotero's metadata.

    Only PDFs with a text layer count; a DOI counts only where page 1 prints it. The first
    author counts right when the family names agree or one ends the other (Zotero writes
    "Stein Shiromoto" where page 1 prints "Humberto Stein Shiromoto").
    """
    import re
    import sqlite3

    import pypdfium2 as pdfium

    from paperdesk.importers.pdf import read_pdf_content

    def fold(text: str) -> str:
        return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()

    fields = {k: [0, 0] for k in ("title", "first author", "year", "DOI")}
    notes = []
    for db in sorted(zotero.glob("*/zotero.sqlite")):
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        rows = con.execute(
            "SELECT ia.path, i.key, ia.parentItemID FROM itemAttachments ia "
            "JOIN items i ON i.itemID = ia.itemID WHERE ia.contentType = 'application/pdf'"
        ).fetchall()
        for path, key, parent in rows:
            pdf = db.parent / "storage" / key / (path or "")[len("storage:"):]
            if not (path or "").startswith("storage:") or not pdf.is_file():
                continue
            doc = pdfium.PdfDocument(pdf)
            page1 = doc[0].get_textpage().get_text_range()
            doc.close()
            if len(page1) < 200:
                continue

            def field(name: str, item: int = parent, c: sqlite3.Connection = con) -> str:
                row = c.execute(
                    "SELECT v.value FROM itemData d JOIN fields f ON f.fieldID = d.fieldID "
                    "JOIN itemDataValues v ON v.valueID = d.valueID "
                    "WHERE d.itemID = ? AND f.fieldName = ?", (item, name)).fetchone()
                return row[0] if row else ""

            family = con.execute(
                "SELECT c.lastName FROM itemCreators ic JOIN creators c ON "
                "c.creatorID = ic.creatorID WHERE ic.itemID = ? ORDER BY ic.orderIndex",
                (parent,)).fetchone()
            head = read_pdf_content(pdf.read_bytes()).header
            got = fold(head.authors[0].family) if head.authors else ""
            want = fold(family[0]) if family else ""
            checks = {
                "title": (True, fold(head.title) == fold(field("title"))),
                "first author": (bool(want), bool(got) and (
                    got == want or want.endswith(" " + got) or got.endswith(" " + want))),
                "year": (bool(field("date")[:4]), str(head.year) == field("date")[:4]),
                "DOI": (bool(field("DOI")) and field("DOI").lower() in page1.lower(),
                        head.doi.lower() == field("DOI").lower()),
            }
            for name, (counted, right) in checks.items():
                if counted:
                    fields[name][1] += 1
                    fields[name][0] += int(right)
                    if not right:
                        notes.append(f"{pdf.name[:50]}: {name}")
    return fields, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA / "pdfs")
    parser.add_argument("--copies", type=int, default=4,
                        help="the corpus copied N times for the folder import (23*N PDFs)")
    args = parser.parse_args()
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["papers"]
    files = sorted(args.data / label["file"] for label in labels)

    fields, seconds, misses = header_scores(args.data, labels)
    targets = {"title": 95, "first author": 92, "year": 90, "DOI": 90, "abstract": 90}
    print(f"Header fields on {len(labels)} PDFs (hand-checked labels)")
    print_table(["field", "right", "counted", "accuracy %", "target %"], [
        [name, r, n, f"{100 * r / n:.1f}" if n else "-", targets[name]]
        for name, (r, n) in fields.items()
    ])
    for miss in misses:
        print(f"  miss: {miss}")
    zotero = args.data.parent / "zotero"
    if zotero.is_dir():
        unseen, notes = zotero_scores(zotero)
        print("\nUnseen papers: PDFs of the Zotero test libraries against Zotero's metadata")
        print_table(["field", "right", "counted", "accuracy %"], [
            [name, r, n, f"{100 * r / n:.1f}" if n else "-"] for name, (r, n) in unseen.items()
        ])
        for note in notes:
            print(f"  miss: {note}")
    print()
    ours, pypdf_s = text_times(files)
    print_table(["timing (CPU s)", "value"], [
        ["header, mean per PDF", f"{sum(seconds) / len(seconds):.3f}"],
        ["header, max per PDF", f"{max(seconds):.3f}"],
        ["full text, all PDFs (PaperDesk)", f"{ours:.2f}"],
        ["full text, all PDFs (pypdf extract_text, baseline)", f"{pypdf_s:.2f}"],
        ["speed-up over pypdf", f"{pypdf_s / ours:.1f}x"],
    ])
    print()
    found, total, ranks, missed = search_scores(args.data, page3_phrases(files))
    top = sum(r <= 3 for r in ranks)
    print(f"page-3 phrase searched without quotes finds its PDF: {found}/{total} "
          f"(ranked in the first three: {top}/{total})")
    for m in missed:
        print(f"  missed: {m}")
    result = folder_import(args.data, args.copies)
    print(f"folder import of {result['files']} PDFs: {result['seconds']:.1f} s, "
          f"peak {result['peak_mb']:.0f} MB (added {result['added']}, "
          f"merged as duplicates {result['merged']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
