"""Merge a sample file (benchmarks/tagging.py --sample) and per-paper keep/drop marks ("ID ++-+-") into a ratings file; print the count."""
import re, sys
sample, marks, out, header = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
papers = {}
for block in open(sample, encoding="utf-8").read().strip().split("\n\n"):
    lines = block.splitlines()
    pid = re.match(r"\[(\d+)\]", lines[0]).group(1)
    tags = [t for t in lines[-1].split("tags:", 1)[1].strip().split("; ") if t]
    papers[pid] = (lines[0], lines[1] if len(lines) > 2 else "", tags)
mk = dict(l.split() if len(l.split()) == 2 else (l.strip(), "") for l in open(marks) if l.strip())
assert set(mk) == set(papers), set(mk) ^ set(papers)
keep = total = 0; rows = []
for pid, (title, kp, tags) in papers.items():
    m = mk[pid]; assert len(m) == len(tags), (pid, m, tags)
    keep += m.count("+"); total += len(m)
    rows.append(title + "\n" + "".join(f"  {'keep' if c == '+' else 'drop'}  {t}\n" for c, t in zip(m, tags)))
summary = f"{keep} of {total} suggestions kept ({100*keep/max(total,1):.0f}%), {len(papers)} papers"
open(out, "w", encoding="utf-8").write(header.strip() + "\n" + summary + "\n\n" + "\n".join(rows))
print(summary)
