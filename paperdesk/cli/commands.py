"""The sub-commands of ``paperdesk``: each opens the library and calls the core API."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from paperdesk.cli.output import emit_json, paper_details, paper_line
from paperdesk.config import default_library_dir, demo_library_dir, resource_path
from paperdesk.errors import UsageError
from paperdesk.library import Change, Library
from paperdesk.progress import TerminalProgress
from paperdesk.records import Author, Paper

Handler = Callable[[argparse.Namespace], int | None]
SAMPLE = "sample-library.txt"


def library_dir(args: argparse.Namespace) -> Path:
    """The library folder chosen by ``--demo``, ``--library`` or the defaults."""
    if args.demo:
        return demo_library_dir()
    return Path(args.library).expanduser() if args.library else default_library_dir()


def paper_ids(text: str) -> list[int]:
    """Paper ids from one command-line word: ``12`` or ``12,15,20``."""
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a paper id: {text!r}") from None


class IdsAction(argparse.Action):
    """Collects the ids of every word (``12 15,20`` -> ``[12, 15, 20]``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        ids = [pid for word in values for pid in word]  # type: ignore[attr-defined]
        setattr(namespace, self.dest, (getattr(namespace, self.dest, None) or []) + ids)


def open_library(args: argparse.Namespace, defer_index: bool = False) -> Library:
    """Open the chosen library; the demo library is filled with the sample on first use.

    ``defer_index``: see :meth:`Library.open` (the window builds a large index later).
    """
    lib = Library.open(library_dir(args), progress=TerminalProgress(), defer_index=defer_index)
    if args.demo and lib.count() == 0 and lib.count(trashed=True) == 0:
        lib.import_files([resource_path(SAMPLE)])
    return lib


def _done(args: argparse.Namespace, change: Change | None, lib: Library) -> int:
    if args.json:
        emit_json({
            "change": change.kind if change else None,
            "description": change.description if change else "nothing to undo",
            "papers": [p.to_dict() for p in lib.get_many(sorted(change.paper_ids))]
            if change else [],
        })
    else:
        print(change.description if change else "Nothing to undo.")
    return 0


# ---------------------------------------------------------------- commands
def cmd_import(args: argparse.Namespace) -> int:
    folders = [f for f in args.files if Path(f).is_dir()]
    files = [f for f in args.files if not Path(f).is_dir()]
    with open_library(args) as lib:
        report = lib.import_files(files, fmt=args.format, on_duplicate=args.on_duplicate,
                                  progress=TerminalProgress())
        for folder in folders:
            part = lib.import_folder(folder, on_duplicate=args.on_duplicate,
                                     progress=TerminalProgress())
            for name in ("added", "merged", "skipped"):
                setattr(report, name, getattr(report, name) + getattr(part, name))
            for name in ("problems", "warnings", "merges", "added_ids", "merged_ids"):
                getattr(report, name).extend(getattr(part, name))
    if args.json:
        emit_json(report.to_dict())
    else:
        print(f"added {report.added}, merged {report.merged}, skipped {report.skipped}, "
              f"problems {len(report.problems)}")
        for w in report.warnings:
            print(f"warning: {w}")
        for p in report.problems:
            where = f"{p.file}:{p.line}" if p.line else p.file
            print(f"{where}: {p.key + ': ' if p.key else ''}{p.reason}", file=sys.stderr)
    return report.exit_status


def _paper_from_args(args: argparse.Namespace) -> Paper:
    return Paper(
        title=args.title, abstract=args.abstract or "",
        authors=[Author.parse(a) for a in args.author or [] if a.strip()],
        year=args.year, venue=args.venue or "", doi=args.doi or "", url=args.url or "",
        entry_type=args.type or "article",
    )


def cmd_add(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        change = lib.papers.add(_paper_from_args(args))
        (pid,) = change.added
        if args.json:
            emit_json(lib.get(pid).to_dict())
        else:
            print(f"Added paper {pid}.")
    return 0


EDIT_OPTIONS = ("title", "abstract", "year", "venue", "doi", "url", "arxiv_id", "key",
                "entry_type")


def cmd_edit(args: argparse.Namespace) -> int:
    fields = {f: getattr(args, f) for f in EDIT_OPTIONS if getattr(args, f) is not None}
    if args.author is not None:
        fields["authors"] = args.author
    if not fields:
        raise UsageError("nothing to change: give at least one --field value")
    with open_library(args) as lib:
        change = lib.papers.edit(args.id, **fields)
        return _done(args, change, lib)


def cmd_search(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        hits = lib.search(args.query, limit=args.limit, sort=args.sort, trashed=args.trashed)
        if args.json:
            papers = {p.id: p for p in lib.get_many([h.paper_id for h in hits])}
            emit_json({"papers": [
                {**papers[h.paper_id].to_dict(), "score": h.score, "snippet": h.snippet}
                for h in hits if h.paper_id in papers
            ]})
        else:
            for h in hits:
                score = f"{h.score:6.2f}  " if args.sort == "relevance" else ""
                print(f"{h.paper_id:>6}  {score}{h.title}")
                if h.snippet:
                    print(f"        {h.snippet}")
            if not hits:
                print("No papers match.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        papers = lib.papers.list(sort=args.sort, trashed=args.trashed, limit=args.limit)
        if args.json:
            emit_json({"papers": [p.to_dict() for p in papers]})
        else:
            for p in papers:
                print(paper_line(p))
            if not papers:
                print("The trash is empty." if args.trashed else "No papers yet.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        paper = lib.get(args.id)
        if args.json:
            emit_json(paper.to_dict())
        else:
            print(paper_details(paper))
    return 0


def cmd_star(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.set_stars(args.id, args.stars), lib)


def cmd_read(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.set_read(args.id, args.state), lib)


def _note_from_editor(current: str) -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("give the note as TEXT, on standard input, or set $EDITOR")
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(current)
        name = f.name
    try:
        subprocess.run([*editor.split(), name], check=True)
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)


def cmd_note(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        if args.show:
            note = lib.notes.get(args.id)
            emit_json({"id": args.id, "note": note}) if args.json else print(note)
            return 0
        if args.text is not None:
            text = args.text
        elif not sys.stdin.isatty():
            text = sys.stdin.read()
        else:
            text = _note_from_editor(lib.notes.get(args.id))
        return _done(args, lib.notes.set(args.id, text), lib)


def cmd_tag(args: argparse.Namespace) -> int:
    if args.all or args.paper is not None or args.retag:
        from paperdesk.cli.tagging import auto_tag

        return auto_tag(args)
    if args.id is None or not args.names:
        raise UsageError("usage: paperdesk tag ID NAME… (or --all / --paper ID to auto-tag)")
    with open_library(args) as lib:
        return _done(args, lib.tags.add(args.id, args.names), lib)


def cmd_untag(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.tags.remove(args.id, args.names), lib)


def _for_each_suggestion(action: str) -> Handler:
    """A handler that accepts or rejects each named suggestion of a paper."""

    def handler(args: argparse.Namespace) -> int:
        with open_library(args) as lib:
            change = None
            for name in args.names:
                change = getattr(lib.tags, action)(args.id, name)
            return _done(args, change, lib)

    return handler


cmd_accept = _for_each_suggestion("accept")
cmd_reject = _for_each_suggestion("reject")


def cmd_highlight(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        change = lib.highlights.add(args.id, args.start, args.end, comment=args.comment or "",
                                    color=args.color)
        return _done(args, change, lib)


def cmd_link(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.links.add(args.a, args.b, note=args.note or ""), lib)


def cmd_unlink(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.links.remove(args.a, args.b), lib)


def cmd_trash(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.trash(args.ids), lib)


def cmd_restore(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.restore(args.ids), lib)


def cmd_empty_trash(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        change = lib.papers.empty_trash()
        if args.json:
            emit_json({"change": change.kind, "description": change.description,
                       "removed": sorted(change.removed)})
        else:
            print(change.description)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.undo(), lib)


def cmd_saved(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        if args.action == "add":
            if not args.name or args.query is None:
                raise UsageError("usage: paperdesk saved add NAME QUERY")
            lib.saved.add(args.name, args.query)
        elif args.action == "remove":
            if not args.name:
                raise UsageError("usage: paperdesk saved remove NAME")
            lib.saved.remove(args.name)
        saved = lib.saved.list()
        if args.json:
            emit_json({"saved": [{"name": n, "query": q} for n, q in saved]})
        elif args.action == "list":
            for name, query in saved:
                print(f"{name}\t{query}")
        else:
            print(f"{len(saved)} saved search(es).")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        n = lib.reindex(TerminalProgress())
    emit_json({"indexed": n}) if args.json else print(f"Indexed {n} papers.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        dest = lib.backup(args.dest)
    emit_json({"backup": str(dest)}) if args.json else print(f"Backed up to {dest}.")
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.attachments.attach(args.id, args.file), lib)


def cmd_pdf_export(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        count = lib.attachments.export_with_highlights(args.id, args.file)
    if args.json:
        emit_json({"file": str(args.file), "annotations": count})
    else:
        print(f"Wrote {args.file} with {count} highlight(s) as annotations.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from paperdesk.cli.exporting import run_export

    return run_export(args)


def cmd_similar(args: argparse.Namespace) -> int:
    from paperdesk.cli.tagging import similar

    return similar(args)


# ---------------------------------------------------------------- parser
def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add every sub-command to ``sub``."""

    def add(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = add("import", cmd_import, "import BibTeX, RIS, CSL-JSON, JSON lines, PDFs or a saved page")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="files, or folders (every PDF and bibliography file below them)")
    p.add_argument("--format", help="force a format (bibtex, ris, csljson, jsonl, pdf, trending)")
    p.add_argument("--on-duplicate", default="merge", choices=["merge", "skip", "keep-both"])

    for name, handler, text in (("add", cmd_add, "add a paper by hand"),
                                ("edit", cmd_edit, "edit a paper's details")):
        p = add(name, handler, text)
        if name == "edit":
            p.add_argument("id", type=int)
        p.add_argument("--title", required=name == "add")
        p.add_argument("--author", action="append", help="repeat for each author")
        p.add_argument("--year", type=int)
        p.add_argument("--abstract")
        p.add_argument("--venue")
        p.add_argument("--doi")
        p.add_argument("--url")
        if name == "add":
            p.add_argument("--type", help="entry type (article, inproceedings, …)")
        else:
            p.add_argument("--arxiv", dest="arxiv_id")
            p.add_argument("--key", help="citation key")
            p.add_argument("--type", dest="entry_type")

    p = add("search", cmd_search, "search the library (see the README for the query syntax)")
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--sort", default="relevance",
                   choices=["relevance", "year", "added", "stars", "title"])
    p.add_argument("--trashed", action="store_true", help="search the trash instead")

    p = add("list", cmd_list, "list papers")
    p.add_argument("--sort", default="added", choices=["added", "year", "title", "stars",
                                                        "modified", "id"])
    p.add_argument("--trashed", action="store_true", help="list the trash")
    p.add_argument("--limit", type=int)

    p = add("show", cmd_show, "show one paper")
    p.add_argument("id", type=int)
    p = add("star", cmd_star, "rate a paper 0-5 stars")
    p.add_argument("id", type=int)
    p.add_argument("stars", type=int, choices=range(6), metavar="N")
    p = add("read", cmd_read, "set the read state")
    p.add_argument("id", type=int)
    p.add_argument("state", choices=["unread", "reading", "read"])
    p = add("note", cmd_note, "set a paper's note from TEXT, standard input or $EDITOR")
    p.add_argument("id", type=int)
    p.add_argument("text", nargs="?")
    p.add_argument("--show", action="store_true", help="print the note instead")

    p = add("tag", cmd_tag, "add tags to a paper, or auto-tag papers (--all, --paper, --retag)")
    p.add_argument("id", type=int, nargs="?")
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--all", action="store_true", help="auto-tag every paper not tagged yet")
    p.add_argument("--paper", type=int, action="append", help="auto-tag this paper")
    p.add_argument("--retag", action="store_true", help="replace existing suggestions")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (0: all cores)")
    for name, handler, text in (("untag", cmd_untag, "remove tags from a paper"),
                                ("accept", cmd_accept, "accept suggested tags"),
                                ("reject", cmd_reject, "reject suggested tags for good")):
        p = add(name, handler, text)
        p.add_argument("id", type=int)
        p.add_argument("names", nargs="+", metavar="NAME")

    p = add("highlight", cmd_highlight, "highlight characters START:END of the abstract")
    p.add_argument("id", type=int)
    p.add_argument("start", type=int)
    p.add_argument("end", type=int)
    p.add_argument("--comment")
    p.add_argument("--color", default="yellow")

    p = add("link", cmd_link, "link two related papers")
    p.add_argument("a", type=int)
    p.add_argument("b", type=int)
    p.add_argument("--note")
    p = add("unlink", cmd_unlink, "remove the link between two papers")
    p.add_argument("a", type=int)
    p.add_argument("b", type=int)

    p = add("trash", cmd_trash, "move papers to the trash")
    p.add_argument("ids", type=paper_ids, nargs="+", action=IdsAction, metavar="ID")
    p = add("restore", cmd_restore, "take papers out of the trash")
    p.add_argument("ids", type=paper_ids, nargs="+", action=IdsAction, metavar="ID")
    add("empty-trash", cmd_empty_trash, "delete trashed papers for good")
    add("undo", cmd_undo, "undo the last edit")

    p = add("saved", cmd_saved, "saved searches: add NAME QUERY, list, remove NAME")
    p.add_argument("action", choices=["add", "list", "remove"])
    p.add_argument("name", nargs="?")
    p.add_argument("query", nargs="?")

    add("reindex", cmd_reindex, "rebuild the search index from the database")
    p = add("backup", cmd_backup, "copy the library to a new folder")
    p.add_argument("dest", type=Path)
    p = add("attach", cmd_attach, "attach a file (PDF) to a paper")
    p.add_argument("id", type=int)
    p.add_argument("file", type=Path)

    p = add("pdf-export", cmd_pdf_export,
            "write a copy of a paper's PDF with its highlights as annotations")
    p.add_argument("id", type=int)
    p.add_argument("file", type=Path)

    p = add("export", cmd_export, "export papers (bibliographies, annotated)")
    p.add_argument("--format", required=True)
    p.add_argument("--style", help="CSL style name or .csl file (markdown, html, …)")
    p.add_argument("--query", help="export the papers matching this query")
    p.add_argument("--ids", type=paper_ids, nargs="+", action=IdsAction,
                   help="export these papers (IDs separated by spaces or commas)")
    p.add_argument("--sort", default="author",
                   choices=["author", "year", "title", "stars", "added"])
    p.add_argument("--trashed", action="store_true", help="export the trash")
    p.add_argument("--no-abstracts", action="store_true")
    p.add_argument("--no-notes", action="store_true")
    p.add_argument("--no-highlights", action="store_true")
    p.add_argument("--no-tags", action="store_true")
    p.add_argument("--with-suggested-tags", action="store_true")
    p.add_argument("--group-by-tag", action="store_true")
    p.add_argument("--ascii", action="store_true", help="BibTeX: LaTeX-encode non-ASCII")
    p.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    p = add("similar", cmd_similar, "papers similar to a paper (by abstract embeddings)")
    p.add_argument("id", type=int)
    p.add_argument("--limit", type=int, default=10)
