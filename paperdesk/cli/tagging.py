"""``paperdesk tag --all | --paper ID | --retag`` and ``paperdesk similar ID``."""

from __future__ import annotations

import argparse
import sys

from paperdesk import jobs
from paperdesk.cli.commands import open_library, resolve, resolve_one
from paperdesk.cli.output import emit_json
from paperdesk.config import Settings
from paperdesk.progress import TerminalProgress
from paperdesk.records import plural


def auto_tag(args: argparse.Namespace) -> int:
    """Suggest tags for papers with the KeyBERT model (all cores unless --threads)."""
    with open_library(args) as lib:
        reason = lib.tagging.unavailable_reason()
        if reason:
            print(f"paperdesk: tagging is off: {reason}", file=sys.stderr)
            return 2
        ids = [pid for ref in args.paper for pid in resolve(lib, ref)] if args.paper else None
        # the window's tagging job, run here: Ctrl-C cancels it and says what was kept
        report = jobs.run_here(lib, jobs.tag_papers, ids, Settings.load().tags_per_paper,
                               args.retag, args.threads or None,
                               progress=TerminalProgress(job=jobs.tag_label(ids)))
    if args.json:
        emit_json(report.to_dict())
    else:
        line = f"Tagged {plural(report.tagged, 'paper')}" + (
            f", {report.skipped} already tagged" if report.skipped else "") + "."
        s = report.suggestions
        if s is not None:  # (of the whole library, also when some papers were tagged)
            line += (" In the library," if ids is not None else "") + (
                f" {s.papers:,} of {plural(s.total, 'paper')} got"
                f" {plural(s.suggestions, 'suggestion')} from {plural(s.tags, 'distinct tag')}"
                + (f"; {s.total - s.papers:,} got none." if s.total > s.papers else "."))
        print(line)
    return 0


def similar(args: argparse.Namespace) -> int:
    """Print the papers most similar to one paper, with the keyphrases behind it."""
    with open_library(args) as lib:
        found = lib.tagging.similar(resolve_one(lib, args.id), k=args.limit)
    if args.json:
        emit_json({"papers": [s.to_dict() for s in found]})
    else:
        for s in found:
            print(f"{s.paper_id:>6}  {s.score:.2f}  {s.title}")
            if s.why:
                print(f"        why: {'; '.join(s.why)}")
        if not found:
            print("No similar papers above the threshold.")
    return 0
