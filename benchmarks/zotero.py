"""Importing a large Zotero library: time, peak memory and exact counts.

    python benchmarks/zotero.py [--data DIR] [--scale 1.0]

Generates a Zotero data folder (the test fixture builder, tests/helpers/zotero_fixture.py)
with, at scale 1, 20,000 regular items (titles, abstracts and authors of ACL papers when
``--data`` has them), 5,000 child notes, 10,000 stored PDF attachments (small real PDFs,
with Zotero's full-text cache), 50,000 annotations (highlights, underlines, notes), 200
nested collections, 500 tags and 100 trashed items; then imports it into an empty library
in a child process (peak memory = that process's maximum RSS). Targets: ≤ 180 s,
≤ 800 MB, and the library's counts equal to the source's.

Baseline: the same 20,000 papers (no files, notes or annotations) stored with
``lib.import_parsed`` — PaperDesk's plain import path — in a child process too.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DEFAULT_DATA, acl_records, print_table

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "helpers"))

from zotero_fixture import ZoteroBuilder, tiny_pdf  # noqa: E402

TARGET_S, TARGET_MB = 180.0, 800.0
TYPES = ["journalArticle"] * 6 + ["conferencePaper"] * 3 + ["book", "report"]
COLORS = ["#ffd400", "#ff6666", "#5fb236", "#2ea8e5", "#a28ae5"]


def records(data: Path, n: int) -> list[dict]:
    """``n`` papers: ACL ones when the data is there, else made up."""
    try:
        rows = list(acl_records(data, n))
    except (OSError, FileNotFoundError):
        rows = []
    out = []
    for i in range(n):
        r = rows[i] if i < len(rows) else {}
        venue = r.get("booktitle") or r.get("journal") or " ".join(r.get("venue") or [])
        year = str(r.get("year") or "")
        out.append({
            "title": f"{r.get('title') or 'Generated paper'} [{i}]",
            "abstract": r.get("abstract") or f"Abstract of generated paper {i} on graphs.",
            "year": year if year.isdigit() else str(2000 + i % 25),
            "venue": venue or "Proceedings of Tests",
            "authors": [f"{a.get('first', '')} {a.get('last', '')}".strip()
                        for a in r.get("authors_structured") or []][:4] or ["Ann Example"],
        })
    return out


def generate(folder: Path, papers: list[dict], scale: float) -> dict[str, int]:
    """The Zotero data folder; returns what it holds."""
    n = len(papers)
    n_notes, n_pdfs, n_ann = int(5000 * scale), int(10000 * scale), int(50000 * scale)
    n_trash, n_coll, n_tags = int(100 * scale), max(2, int(200 * scale)), max(5, int(500 * scale))
    z = ZoteroBuilder(folder)
    colls = []
    for c in range(n_coll):
        parent = colls[(c - 1) // 4] if c >= 1 and c % 3 else None
        colls.append(z.collection(f"Collection {c}", parent))
    ids = []
    for i, p in enumerate(papers):
        creators = []
        for name in p["authors"]:
            parts = name.replace(",", " ").split()
            creators.append(("author", " ".join(parts[:-1]) or None, parts[-1] if parts else "X"))
        iid, _ = z.item(TYPES[i % len(TYPES)], {
            "title": p["title"], "abstractNote": p["abstract"], "date": p["year"],
            "publicationTitle" if TYPES[i % len(TYPES)] == "journalArticle" else "extra":
                p["venue"]}, creators, trashed=i >= n - n_trash)
        ids.append(iid)
        z.conn.execute("INSERT INTO collectionItems VALUES (?, ?, 0)",
                       [colls[i % n_coll], iid])
        for t in {i % n_tags, (i * 7 + 3) % n_tags}:
            z.tag(iid, f"tag {t}", automatic=t % 5 == 0)
    live = ids[: n - n_trash]
    for k in range(n_notes):
        z.note(live[k % len(live)], f"<p>Note {k} with <strong>bold</strong> text.</p>")
    pdf_atts = []
    for k in range(n_pdfs):
        owner = live[(k * 2) % len(live)]
        att, _ = z.attachment(owner, 0, "application/pdf", f"paper{k}.pdf",
                              tiny_pdf(f"Attached paper {k}"), fulltext=f"Full text {k}")
        pdf_atts.append(att)
    for k in range(n_ann):
        kind = (1, 1, 5, 2)[k % 4]
        z.annotation(pdf_atts[k % len(pdf_atts)], kind, f"quote {k}" if kind != 2 else "",
                     f"comment {k}" if k % 3 == 0 else "", COLORS[k % len(COLORS)], k % 12)
    z.close()
    return {"papers": n - n_trash, "notes": n_notes, "attachments": n_pdfs,
            "annotations": n_ann, "collections": n_coll, "trash": n_trash}


CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from paperdesk import Library
mode, lib_dir, src = sys.argv[2], sys.argv[3], sys.argv[4]
t0 = time.perf_counter()
with Library.open(lib_dir) as lib:
    if mode == "zotero":
        from paperdesk.library.zotero_import import import_zotero
        report = import_zotero(lib, src)
        extra = {"balanced": report.balanced(), "problems": len(report.problems),
                 "items": dict(report.outcomes["items"])}
    else:
        from paperdesk.records import Author, Paper, ParsedEntry, ParseResult
        rows = json.load(open(src))
        result = ParseResult(entries=[ParsedEntry(Paper(
            title=r["title"], abstract=r["abstract"], year=int(r["year"]), venue=r["venue"],
            authors=[Author.parse(a) for a in r["authors"]])) for r in rows])
        lib.import_parsed(result)
        extra = {}
    took = time.perf_counter() - t0
    db = lib.db
    counts = {
        "papers": db.execute("SELECT count(*) FROM papers").fetchone()[0],
        "notes": db.execute("SELECT coalesce(sum(length(text) - length(replace(text, "
                            "'Note ', 'Note'))), 0) FROM notes").fetchone()[0],
        "attachments": db.execute("SELECT count(*) FROM attachments").fetchone()[0],
        "annotations": db.execute("SELECT count(*) FROM highlights WHERE page IS NOT NULL"
                                  ).fetchone()[0],
        "collections": db.execute("SELECT count(*) FROM collections").fetchone()[0],
        "indexed": lib.index.doc_count(),
    }
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": took, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": usage.ru_maxrss / 1024, "counts": counts, **extra}))
"""


def run_child(mode: str, lib_dir: Path, src: Path) -> dict:
    """Run one import in a fresh Python process; its time, peak memory and counts."""
    out = subprocess.run([sys.executable, "-c", CHILD, str(REPO), mode, str(lib_dir), str(src)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--scale", type=float, default=1.0,
                    help="fraction of the full size (1.0: 20,000 items)")
    args = ap.parse_args()
    n = int(20000 * args.scale)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        papers = records(args.data, n)
        t0 = time.perf_counter()
        expected = generate(root / "Zotero", papers, args.scale)
        gen_s = time.perf_counter() - t0
        (root / "papers.json").write_text(json.dumps(papers[: expected["papers"]]))
        base = run_child("baseline", root / "base", root / "papers.json")
        zot = run_child("zotero", root / "zlib", root / "Zotero")
    print(f"Zotero library: {n} items ({expected['trash']} in the trash), {expected['notes']} "
          f"notes, {expected['attachments']} PDFs, {expected['annotations']} annotations, "
          f"{expected['collections']} collections (generated in {gen_s:.0f} s)")
    # CPU seconds too: on a shared machine the wall time says more about the neighbours
    print_table(["import", "seconds", "CPU s", "peak MB", "ratio (wall)", "target"], [
        ["baseline: papers only (import_parsed)", f"{base['seconds']:.1f}",
         f"{base['cpu']:.1f}", f"{base['peak_mb']:.0f}", "1.00", ""],
        ["Zotero data folder (everything)", f"{zot['seconds']:.1f}", f"{zot['cpu']:.1f}",
         f"{zot['peak_mb']:.0f}", f"{zot['seconds'] / base['seconds']:.2f}",
         f"≤ {TARGET_S:.0f} s, ≤ {TARGET_MB:.0f} MB"],
    ])
    got = zot["counts"]
    items = zot["items"]
    merged = items.get("merged", 0)  # near-duplicates in the source merge by the usual rules
    print(f"\nZotero items: {items}")
    expected["papers"] -= merged
    rows = [[k, expected[k], got[k], "ok" if expected[k] == got[k] else "MISMATCH"]
            for k in ("papers", "notes", "attachments", "annotations", "collections")]
    rows[0][0] = f"papers (source items - trash - {merged} merged duplicates)"
    rows.append(["indexed papers", expected["papers"], got["indexed"],
                 "ok" if got["indexed"] == expected["papers"] else "MISMATCH"])
    print()
    print_table(["count", "source", "library", ""], rows)
    print(f"\nevery Zotero row accounted for: {zot['balanced']}; problems: {zot['problems']}")
    ok = (zot["seconds"] <= TARGET_S and zot["peak_mb"] <= TARGET_MB and zot["balanced"]
          and all(r[3] == "ok" for r in rows))
    print("targets met" if ok else "TARGETS NOT MET")


if __name__ == "__main__":
    main()
