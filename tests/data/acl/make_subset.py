"""Regenerate the small ACL Anthology subsets in this folder from the shared corpus.

    python tests/data/acl/make_subset.py ../shared/data/acl tests/data/acl

Only papers from 2016 on are taken (CC BY 4.0; earlier Anthology metadata is CC BY-NC-SA).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

N = 200  # papers taken from acl_5k in each of its three formats
KEEP = {"pine-etal-2025-zero"}  # the one paper whose BibTeX rendering is lossy: keep it


def main(src: Path, out: Path) -> None:
    """Write ``acl_200.{bib,ris,csl.json}`` and ``acl_no_abstract_2016.jsonl`` to ``out``."""
    csl = json.loads((src / "acl_5k.csl.json").read_text("utf-8"))
    years = {item["id"]: item["issued"]["date-parts"][0][0] for item in csl}
    keys = [k for k, y in years.items() if int(y) >= 2016 and k not in KEEP][: N - len(KEEP)]
    wanted = set(keys) | KEEP
    (out / "acl_200.csl.json").write_text(
        json.dumps([i for i in csl if i["id"] in wanted], ensure_ascii=False, indent=1) + "\n",
        "utf-8")
    bib = re.split(r"(?m)^(?=@)", (src / "acl_5k.bib").read_text("utf-8"))
    entries = [e for e in bib if re.match(r"@\w+\{([^,]+),", e)
               and re.match(r"@\w+\{([^,]+),", e).group(1) in wanted]
    (out / "acl_200.bib").write_text("".join(entries), "utf-8")
    ris = re.split(r"(?m)(?<=^ER  - \n)", (src / "acl_5k.ris").read_text("utf-8"))
    records = [r for r in ris if (m := re.search(r"(?m)^ID  - (.+)$", r)) and m.group(1) in wanted]
    (out / "acl_200.ris").write_text("".join(records), "utf-8")
    lines = [line for line in (src / "acl_no_abstract_2k.jsonl").read_text("utf-8").splitlines()
             if int(json.loads(line).get("year") or 0) >= 2016]
    (out / "acl_no_abstract_2016.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    print(len(entries), len(records), len(wanted), len(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
