"""``paperdesk import ZOTERO_DATA_DIR`` / ``paperdesk import path/to/zotero.sqlite``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from paperdesk.cli.output import emit_json
from paperdesk.errors import UsageError
from paperdesk.progress import TerminalProgress


def is_zotero_import(files: list[Path]) -> bool:
    """True when the import names a Zotero data folder or database (alone)."""
    from paperdesk.importers.zotero import looks_like_zotero

    found = [f for f in files if looks_like_zotero(Path(f))]
    if found and len(files) > 1:
        raise UsageError("import a Zotero library on its own (one data folder or zotero.sqlite)")
    return bool(found)


def import_zotero_command(args: argparse.Namespace) -> int:
    """Import one Zotero library and print the accounting of its rows."""
    from paperdesk import jobs
    from paperdesk.cli.commands import open_library

    groups = list(getattr(args, "group", None) or [])
    base = getattr(args, "zotero_base_dir", None)
    with open_library(args) as lib:  # the window's job, run here (Ctrl-C cancels it)
        report = jobs.run_here(lib, jobs.import_zotero, str(args.files[0]), groups,
                               str(base) if base else None,
                               progress=TerminalProgress(job=jobs.ZOTERO_LABEL))
    if args.json:
        emit_json(report.to_dict())
        return report.exit_status
    print(f"Zotero library {report.source} (schema {report.schema}): "
          f"{report.added_text()}, merged into {len(report.merged_ids)}")
    for line in report.lines():
        print("  " + line)
    if report.groups and not groups:
        print("Group libraries not imported (use --group NAME or --group all): "
              + ", ".join(report.groups))
    for w in report.warnings:
        print(f"warning: {w}")
    for p in report.problems:
        print(f"{p.category}: {p.key}: {p.reason}" + (f": {p.detail}" if p.detail else ""),
              file=sys.stderr)
    return report.exit_status


def add_options(p: argparse.ArgumentParser) -> None:
    """The import command's Zotero options."""
    p.add_argument("--group", action="append", metavar="NAME",
                   help="Zotero: also import this group library (repeat; 'all' for every one)")
    p.add_argument("--zotero-base-dir", type=Path, metavar="DIR",
                   help="Zotero: the base folder of relative linked files (attachments:…)")
