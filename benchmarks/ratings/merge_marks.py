"""Merge a rating sample and per-paper keep/drop marks into an auditable ratings file.

    python benchmarks/ratings/merge_marks.py SAMPLE MARKS OUT "HEADER"

SAMPLE is what ``benchmarks/tagging.py --sample`` writes (blocks of "[ID] title", lines
such as the abstract and keyphrases, then "tags: a; b; c"); MARKS has one line per paper,
"ID ++-+-", a "+" (keep) or "-" (drop) per suggestion in order. Prints and writes "K of N
suggestions kept".
"""

from __future__ import annotations

import re
import sys


def main(sample: str, marks: str, out: str, header: str) -> None:
    """Write ``out``: the header, the count, then each paper with keep/drop per tag."""
    papers: dict[str, tuple[str, list[str]]] = {}
    for block in open(sample, encoding="utf-8").read().strip().split("\n\n"):
        lines = block.splitlines()
        found = re.match(r"\[(\d+)\]", lines[0])
        assert found, lines[0]
        tags = [t for t in lines[-1].split("tags:", 1)[1].strip().split("; ") if t]
        papers[found.group(1)] = (lines[0], tags)
    given = {}
    for line in open(marks, encoding="utf-8"):
        parts = line.split()
        if parts:
            given[parts[0]] = parts[1] if len(parts) > 1 else ""
    assert set(given) == set(papers), set(given) ^ set(papers)
    keep = total = 0
    rows = []
    for pid, (title, tags) in papers.items():
        mark = given[pid]
        assert len(mark) == len(tags), (pid, mark, tags)
        keep += mark.count("+")
        total += len(mark)
        rows.append(title + "\n" + "".join(
            f"  {'keep' if c == '+' else 'drop'}  {t}\n" for c, t in zip(mark, tags, strict=True)))
    summary = (f"{keep} of {total} suggestions kept ({100 * keep / max(total, 1):.0f}%), "
               f"{len(papers)} papers")
    with open(out, "w", encoding="utf-8") as f:
        f.write(header.strip() + "\n" + summary + "\n\n" + "\n".join(rows))
    print(summary)


if __name__ == "__main__":
    main(*sys.argv[1:5])
