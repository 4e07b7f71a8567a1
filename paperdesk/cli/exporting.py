"""``paperdesk export``: choose papers, export them, write stdout or a file atomically."""

from __future__ import annotations

import argparse
import sys

from paperdesk.cli.commands import open_library, resolve
from paperdesk.progress import TerminalProgress
from paperdesk.records import plural


def run_export(args: argparse.Namespace) -> int:
    """Export the selected papers in the chosen format."""
    from paperdesk.errors import UsageError
    from paperdesk.export import EXPORTERS, ExportOptions, get_exporter, write_atomically

    known = [*EXPORTERS, "odt", "pdf"]
    if args.format not in known:
        raise UsageError(f"unknown export format {args.format!r}; choose one of: "
                         f"{', '.join(known)}")
    if args.output is not None and str(args.output) == "-":
        args.output = None  # "-o -": standard output, as without -o
    document = args.format in ("odt", "pdf")  # laid out by Qt from the HTML export
    if document and not args.output:
        raise UsageError(f"--format {args.format} needs -o FILE")
    get_exporter("html" if document else args.format)  # fail early on an unknown format
    options = ExportOptions(
        **({"style": args.style} if args.style else {}),
        sort=args.sort,
        include_abstracts=not args.no_abstracts,
        include_notes=not args.no_notes,
        include_highlights=not args.no_highlights,
        include_tags=not args.no_tags,
        with_suggested_tags=args.with_suggested_tags,
        group_by_tag=args.group_by_tag,
        ascii=args.ascii,
    )
    with open_library(args) as lib:
        chosen = resolve(lib, args.ids) if args.ids else None
        ids = lib.select_ids(query=args.query, ids=chosen, trashed=args.trashed,
                             collection=getattr(args, "collection", None))
        from paperdesk.jobs import run_here

        # as a job: progress, and Ctrl-C cancels it (nothing is written)
        data = run_here(lib, lambda lib_, progress: lib_.export(
            "html" if document else args.format, ids, options, progress=progress),
            progress=TerminalProgress(job=f"Exporting {plural(len(ids), 'paper')}"))
    if document:
        from paperdesk.documents import write_document

        write_document(data, args.format, args.output)
        print(f"Exported {plural(len(ids), 'paper')} to {args.output}.", file=sys.stderr)
    elif args.output:
        write_atomically(args.output, data)
        print(f"Exported {plural(len(ids), 'paper')} to {args.output}.", file=sys.stderr)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    return 0
