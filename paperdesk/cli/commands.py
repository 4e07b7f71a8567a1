"""The sub-commands of ``paperdesk``: each opens the library and calls the core API."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from paperdesk.cli.output import (
    emit_json,
    hit_lines,
    paper_details,
    paper_line,
    results_line,
)
from paperdesk.config import default_library_dir, demo_library_dir
from paperdesk.errors import (
    InputFileError,
    LibraryError,
    NotFoundError,
    UsageError,
    printable,
)
from paperdesk.progress import TerminalProgress
from paperdesk.records import HIGHLIGHT_COLORS, Author, ImportProblem, Paper, plural

if TYPE_CHECKING:  # the library (SQLite, Whoosh) is imported when a command opens it
    from paperdesk.library import Change, Library

Handler = Callable[[argparse.Namespace], int | None]
SAMPLE = "sample-library.txt"


def library_dir(args: argparse.Namespace) -> Path:
    """The library folder chosen by ``--demo``, ``--library`` or the defaults."""
    if args.demo:
        return demo_library_dir()
    return Path(args.library).expanduser() if args.library else default_library_dir()


def count(text: str) -> int:
    """A whole number of 0 or more (``--threads``, ``--limit``)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"not a number of 0 or more: {text!r}")
    return value


def year(text: str) -> int:
    """A year from 1 to 9999 (``--year``: a huge number gave a traceback)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 9999:
        raise argparse.ArgumentTypeError(f"not a year from 1 to 9999: {text!r}")
    return value


def paper_ids(text: str) -> list[str]:
    """Papers named in one command-line word, by id or citation key: ``12``,
    ``12,15,20`` or ``li-etal-2025-papillon,12`` (resolved by :func:`resolve`)."""
    refs = [part.strip() for part in text.split(",") if part.strip()]
    if not refs:
        raise argparse.ArgumentTypeError(f"not a paper id or citation key: {text!r}")
    return refs


def resolve(lib: Library, refs: list[str] | str) -> list[int]:
    """The ids of papers named by id or citation key (one word or several)."""
    return lib.papers.resolve(paper_ids(refs) if isinstance(refs, str) else refs)


def resolve_one(lib: Library, ref: str) -> int:
    """The id of the one paper named by ``ref`` (an id or a citation key)."""
    ids = resolve(lib, ref)
    if len(ids) != 1:
        raise UsageError(f"name one paper here, not {len(ids)}: {ref!r}")
    return ids[0]


class IdsAction(argparse.Action):
    """Collects the papers of every word (``12 15,20`` -> ``["12", "15", "20"]``)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        ids = [pid for word in values for pid in word]  # type: ignore[attr-defined]
        setattr(namespace, self.dest, (getattr(namespace, self.dest, None) or []) + ids)


#: Commands that make a library in a new folder (others refuse a folder that is not there).
MAKERS = frozenset({"import", "add", "collection", "saved"})


def open_library(args: argparse.Namespace, defer_index: bool = False) -> Library:
    """Open the chosen library; the demo library is filled with the sample on first use.

    ``defer_index``: see :meth:`Library.open` (the window builds a large index later).
    The search index is opened on first use (``lazy_index``): ``show`` and ``star`` never
    load Whoosh; what they change is indexed by the next command that searches.
    """
    from paperdesk.library import Library

    folder = library_dir(args)
    # a command that reads a library named by a typo should not make one unnoticed (an
    # import or an added paper into a new folder is how a library is made)
    new = (args.library is not None and not (folder / "library.sqlite").exists()
           and getattr(args, "command", None) not in MAKERS)
    if new and not folder.exists() and next(
            (p for p in folder.parents if p.exists()), Path("/")).is_dir():
        # a typo: "export" wrote an empty file, with status 0 (under a file, opening says
        # "not a folder")
        raise NotFoundError(f"{folder}: no library here (no such folder); check the path, "
                            f"or make one with: paperdesk --library {folder} import FILE")
    lib = Library.open(folder, progress=TerminalProgress(), defer_index=defer_index,
                       lazy_index=True, say_waiting=say_waiting)
    if new:
        print(f"paperdesk: made a new, empty library in {folder}", file=sys.stderr)
    lib.on_wait(say_waiting)
    if args.demo:
        from paperdesk.library.demo import fill_demo, is_new

        if is_new(lib):
            fill_demo(lib)
    return lib


def say_waiting(message: str) -> None:
    """The progress line of a write that waits for another PaperDesk process."""
    print(f"paperdesk: {message}", file=sys.stderr, flush=True)


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
    from paperdesk.cli.zotero import import_zotero_command, is_zotero_import

    if is_zotero_import(args.files):
        return import_zotero_command(args)
    from paperdesk import jobs

    folders = [f for f in args.files if Path(f).is_dir()]
    files = [str(f) for f in args.files if not Path(f).is_dir()]
    # the window's jobs, run here: same labels and progress, Ctrl-C cancels like Cancel
    with open_library(args) as lib:
        report = jobs.run_here(lib, jobs.import_files, files, args.format, args.on_duplicate,
                               progress=TerminalProgress(job=jobs.import_label(files)))
        failed: list[InputFileError] = []
        for folder in folders:  # (an empty one is a problem of the batch, alone an error)
            try:
                report.add(jobs.run_here(
                    lib, jobs.import_folder, str(folder), args.on_duplicate,
                    progress=TerminalProgress(job=jobs.import_label([folder]))))
            except InputFileError as exc:
                failed.append(exc)
                report.problems.append(ImportProblem(exc.path, None, "", exc.reason))
            except LibraryError as exc:  # (a full disk: what the files before kept)
                from paperdesk.library.importing import stopped_after

                raise stopped_after(exc, report) from exc
        if failed and not files and len(failed) == len(folders):
            raise failed[0]
    if args.json:
        emit_json(report.to_dict())
    else:
        print(f"added {report.added}, merged {report.merged}, skipped {report.skipped}, "
              f"problems {len(report.problems)}")
        for w in report.warnings:
            print(f"warning: {printable(w)}")
        for line in report.merge_lines():
            print(printable(line))
        for d in report.possible_duplicates:
            if d["linked"]:
                continue  # (its warning says so: "may be the preprint … kept apart and linked")
            where = f"{d['file']}:{d['line']}" if d["line"] else d["file"]
            print(f"possible duplicate: paper {d['id']} ({printable(d['title'][:60])!r}, "
                  f"{where}) resembles paper {d['like']}: {d['reason']}; kept both")
        for p in report.problems:
            where = f"{p.file}:{p.line}" if p.line else p.file
            print(printable(f"{where}: {p.key + ': ' if p.key else ''}{p.reason}"),
                  file=sys.stderr)
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
        change = lib.papers.add(_paper_from_args(args), keep_both=args.keep_both)
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
        change = lib.papers.edit(resolve_one(lib, args.id), **fields)
        return _done(args, change, lib)


def cmd_search(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _print_hits(args, lib, args.query)


def _print_hits(args: argparse.Namespace, lib: Library, query: str) -> int:
    """Print the papers matching ``query`` (text or ``--json``)."""
    hits = lib.search(query, limit=args.limit, sort=args.sort, trashed=args.trashed,
                      mode=getattr(args, "mode", "auto"))
    papers = {p.id: p for p in lib.get_many([h.paper_id for h in hits])}
    if args.json:
        emit_json({"papers": [
            {**papers[h.paper_id].to_dict(), "score": h.score, "snippet": h.snippet}
            for h in hits if h.paper_id in papers
        ], "total": hits.total})
    else:
        for h in hits:
            if h.paper_id in papers:
                print(hit_lines(h, papers[h.paper_id], args.sort == "relevance"))
        print(results_line(len(hits), hits.total, hits.mode, args.limit))
        if hits.note:
            print(hits.note, file=sys.stderr)
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
        from paperdesk.cli.vocabulary import keyphrases_json, keyphrases_line

        papers = [lib.get(pid) for pid in resolve(lib, args.ids)]
        if args.json:
            shown = [{**p.to_dict(), "keyphrases": keyphrases_json(lib, p.id)} for p in papers]
            emit_json(shown[0] if len(shown) == 1 else {"papers": shown})
        else:
            print("\n\n".join("\n".join(filter(None, [
                paper_details(p, [a for a in p.attachments if not (lib.files_dir / a).is_file()]),
                keyphrases_line(lib, p.id)])) for p in papers))
    return 0


def cmd_star(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.set_stars(resolve(lib, args.ids), args.stars), lib)


def cmd_read(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.set_read(resolve(lib, args.ids), args.state), lib)


def _note_from_editor(current: str) -> str:
    import shlex
    import subprocess
    import tempfile

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise UsageError("give the note as TEXT, on standard input, or set $EDITOR")
    with tempfile.NamedTemporaryFile("w+", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(current)
        name = f.name
    try:
        try:
            subprocess.run([*shlex.split(editor), name], check=True)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot run the editor {editor!r} ($VISUAL/$EDITOR): "
                             f"{getattr(exc, 'strerror', None) or exc}") from None
        except subprocess.CalledProcessError as exc:
            raise UsageError(f"the editor {editor!r} failed (exit status {exc.returncode}); "
                             "the note is unchanged") from None
        return Path(name).read_text(encoding="utf-8")
    finally:
        os.unlink(name)


def cmd_note(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        args.id = resolve_one(lib, args.id)
        if args.show:
            note = lib.notes.get(args.id)
            emit_json({"id": args.id, "note": note}) if args.json else print(note)
            return 0
        if args.text is not None:
            text = args.text
        elif not sys.stdin.isatty():
            raw = sys.stdin.buffer.read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:  # (it gave a traceback)
                raise UsageError(f"paper {args.id}: standard input is not UTF-8 text (byte "
                                 f"{exc.start + 1}); the note is unchanged") from exc
            if not text.strip() and lib.notes.get(args.id).strip():
                # (a script run with no input, or </dev/null: never a silent erase)
                raise UsageError(f"paper {args.id}: no note text on standard input; the "
                                 f"note is kept (to clear it: paperdesk note {args.id} \"\")")
        else:
            text = _note_from_editor(lib.notes.get(args.id))
        return _done(args, lib.notes.set(args.id, text), lib)


def cmd_tag(args: argparse.Namespace) -> int:
    if args.all or args.paper is not None or args.retag:
        from paperdesk.cli.tagging import auto_tag

        return auto_tag(args)
    if args.id is None or not args.names:
        raise UsageError("usage: paperdesk tag ID[,ID…] NAME… (or --all / --paper ID to "
                         "auto-tag)")
    with open_library(args) as lib:
        return _done(args, lib.tags.add(resolve(lib, args.id), args.names), lib)


def cmd_untag(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        change = None
        for pid in resolve(lib, args.id):
            change = lib.tags.remove(pid, args.names)
        return _done(args, change, lib)


def _for_each_suggestion(action: str) -> Handler:
    """A handler that accepts or rejects each named suggestion of each paper named."""

    def handler(args: argparse.Namespace) -> int:
        with open_library(args) as lib:
            change = None
            for pid in resolve(lib, args.id):
                for name in args.names:
                    change = getattr(lib.tags, action)(pid, name)
            return _done(args, change, lib)

    return handler


cmd_accept = _for_each_suggestion("accept")
cmd_reject = _for_each_suggestion("reject")


def cmd_highlight(args: argparse.Namespace) -> int:
    if args.remove is not None:
        if args.id is not None or args.span or args.text is not None:
            raise UsageError("usage: paperdesk highlight --remove HIGHLIGHT_ID")
        with open_library(args) as lib:
            return _done(args, lib.highlights.remove(args.remove), lib)
    if args.id is None or (args.text is not None) == (len(args.span) == 2) or \
            len(args.span) not in (0, 2):
        raise UsageError('usage: paperdesk highlight ID --text "quoted text" | ID START END '
                         "| --remove HIGHLIGHT_ID")
    with open_library(args) as lib:
        pid = resolve_one(lib, args.id)
        comment, color = args.comment or "", args.color
        if args.text is not None:
            change = lib.highlights.add_text(pid, args.text, comment=comment, color=color)
        else:
            change = lib.highlights.add(pid, *args.span, comment=comment, color=color)
        return _done(args, change, lib)


def cmd_link(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        a, b = resolve_one(lib, args.a), resolve_one(lib, args.b)
        return _done(args, lib.links.add(a, b, note=args.note or ""), lib)


def cmd_unlink(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.links.remove(resolve_one(lib, args.a), resolve_one(lib, args.b)),
                     lib)


def cmd_trash(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.trash(resolve(lib, args.ids)), lib)


def cmd_restore(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        return _done(args, lib.papers.restore(resolve(lib, args.ids)), lib)


def _confirm(question: str) -> bool:
    """Ask a yes/no question on the terminal (False without one)."""
    if not sys.stdin.isatty():
        return False
    try:
        return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


def cmd_empty_trash(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        n = lib.count(trashed=True)
        if n and not args.yes:
            question = f"Delete the {plural(n, 'paper')} in the trash for good? This cannot " \
                       "be undone."
            if args.json or not sys.stdin.isatty():
                raise UsageError(f"empty-trash deletes {plural(n, 'paper')} for good: "
                                 "confirm with --yes")
            if not _confirm(question):
                print("Kept the trash.")
                return 1
        change = lib.papers.empty_trash()
        if args.json:
            emit_json({"change": change.kind, "description": change.description,
                       "removed": sorted(change.removed)})
        else:
            print(change.description)
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        change = lib.undo()
        lib.vocabulary.after_undo(change)  # an undone rename or ban: suggestions follow
        return _done(args, change, lib)


def cmd_saved(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        if args.action == "run":
            if not args.name or args.query is not None:
                raise UsageError("usage: paperdesk saved run NAME")
            return _print_hits(args, lib, lib.saved.get(args.name))
        if args.action == "add":
            if not args.name or args.query is None:
                raise UsageError("usage: paperdesk saved add NAME QUERY [--replace]")
            lib.saved.add(args.name, args.query, replace=args.replace)
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
            print(f"{plural(len(saved), 'saved search', 'saved searches')}.")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from paperdesk import jobs

    with open_library(args) as lib:  # the window's job: Ctrl-C cancels it like Cancel
        lib.require_writable()  # (it would rebuild a private index, then drop it)
        n = jobs.run_here(lib, jobs.rebuild_index,
                          progress=TerminalProgress(job="Rebuilding the search index"))
    emit_json({"indexed": n}) if args.json else print(f"Indexed {plural(n, 'paper')}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    with open_library(args) as lib:
        dest = lib.backup(args.dest)
    emit_json({"backup": str(dest)}) if args.json else print(f"Backed up to {dest}.")
    return 0


def _check_pdf(path: Path) -> None:
    """Refuse a file that is not a PDF (by its first bytes, whatever its name); a FIFO,
    device or folder is refused unread (reading a FIFO would wait forever)."""
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: not a regular file (a folder, FIFO or device); refused")
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if b"%PDF-" not in head:
        raise UsageError(f"{path}: not a PDF; attach other files with --any")


def cmd_attach(args: argparse.Namespace) -> int:
    if not args.any:
        _check_pdf(args.file)
    with open_library(args) as lib:
        return _done(args, lib.attachments.attach(resolve_one(lib, args.id), args.file), lib)


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


def cmd_styles(args: argparse.Namespace) -> int:
    from paperdesk.export.styles import add_user_style, load_style, style_names

    if args.action == "add":
        if not args.file:
            raise UsageError("styles add needs the .csl FILE to add")
        name = add_user_style(args.file)
        print(f"added citation style {name!r} ({load_style(name).title}); "
              f"use it with --style {name}")
        return 0
    for name in style_names():
        print(f"{name:18} {load_style(name).title}")
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    from paperdesk.cli.tagging import similar

    return similar(args)


# ---------------------------------------------------------------- parser
class _Unregistered:
    """Stands in for the parser of a sub-command that is not registered (see
    :func:`register`'s ``only``): its options are not added."""

    def add_argument(self, *args: object, **kwargs: object) -> None:
        """Ignore an option of a command that is not being run."""

    def set_defaults(self, **kwargs: object) -> None:
        """Ignore defaults of a command that is not being run."""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser,
             only: str | None = None) -> None:
    """Add every sub-command to ``sub`` (``only``: just the one of that name, when it is
    one: building 40 sub-parsers is a good part of a short command's start-up)."""

    def add(name: str, handler: Handler, help: str) -> argparse.ArgumentParser:
        if only is not None and name != only:
            return _Unregistered()  # type: ignore[return-value]  # (its options are dropped)
        p = sub.add_parser(name, parents=[common], help=help, description=help)
        p.set_defaults(handler=handler)
        return p

    p = add("import", cmd_import, "import BibTeX, RIS, CSL-JSON, JSON lines, PDFs, a saved page "
            "or a Zotero library (its data folder or zotero.sqlite)")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE",
                   help="files, or folders (every PDF and bibliography file below them)")
    p.add_argument("--format", help="force a format (bibtex, ris, csljson, jsonl, pdf, trending)")
    p.add_argument("--on-duplicate", default="merge", choices=["merge", "skip", "keep-both"])
    from paperdesk.cli.zotero import add_options as zotero_options

    zotero_options(p)

    for name, handler, text in (("add", cmd_add, "add a paper by hand"),
                                ("edit", cmd_edit, "edit a paper's details")):
        p = add(name, handler, text)
        if name == "edit":
            p.add_argument("id", metavar="ID", help="paper id or citation key")
        p.add_argument("--title", required=name == "add")
        p.add_argument("--author", action="append", help="repeat for each author")
        p.add_argument("--year", type=year)
        p.add_argument("--abstract")
        p.add_argument("--venue")
        p.add_argument("--doi")
        p.add_argument("--url")
        if name == "add":
            p.add_argument("--type", help="entry type (article, inproceedings, …)")
            p.add_argument("--keep-both", action="store_true",
                           help="add it even when the same paper is there already")
        else:
            p.add_argument("--arxiv", dest="arxiv_id")
            p.add_argument("--key", help="citation key")
            p.add_argument("--type", dest="entry_type")

    p = add("search", cmd_search, "search the library (see the README for the query syntax)")
    p.add_argument("query")
    p.add_argument("--limit", type=count, default=20)
    p.add_argument("--sort", default="relevance",
                   choices=["relevance", "year", "added", "stars", "title"])
    p.add_argument("--trashed", action="store_true", help="search the trash instead")
    p.add_argument("--mode", default="auto", choices=["auto", "keyword", "best"],
                   help="keyword: the query language exactly; best: words and meaning "
                        "(needs tagged papers); auto (default): best for plain words")

    p = add("list", cmd_list, "list papers")
    p.add_argument("--sort", default="added", choices=["added", "year", "title", "stars",
                                                        "modified", "id"])
    p.add_argument("--trashed", action="store_true", help="list the trash")
    p.add_argument("--limit", type=count)

    refs = {"type": paper_ids, "nargs": "+", "action": IdsAction, "metavar": "ID",
            "help": "papers by id or citation key (separated by spaces or commas)"}
    one = {"metavar": "ID", "help": "a paper id or citation key"}
    p = add("show", cmd_show, "show papers")
    p.add_argument("ids", **refs)
    p = add("star", cmd_star, "rate papers 0-5 stars")
    p.add_argument("ids", **refs)
    p.add_argument("stars", type=int, choices=range(6), metavar="N")
    p = add("read", cmd_read, "set the read state of papers")
    p.add_argument("ids", **refs)
    p.add_argument("state", choices=["unread", "reading", "read"])
    p = add("note", cmd_note, "set a paper's note from TEXT, standard input or $EDITOR")
    p.add_argument("id", **one)
    p.add_argument("text", nargs="?")
    p.add_argument("--show", action="store_true", help="print the note instead")

    several = {"metavar": "ID[,ID…]",
               "help": "a paper, or several separated by commas (ids or citation keys)"}
    p = add("tag", cmd_tag, "add tags to papers, or auto-tag papers (--all, --paper, --retag)")
    p.add_argument("id", nargs="?", **several)
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--all", action="store_true", help="auto-tag every paper not tagged yet")
    p.add_argument("--paper", action="append", metavar="ID",
                   help="auto-tag this paper (id or citation key; repeat for more)")
    p.add_argument("--retag", action="store_true", help="replace existing suggestions")
    p.add_argument("--threads", type=count, default=0, help="CPU threads (0: all cores)")
    for name, handler, text in (("untag", cmd_untag, "remove tags from a paper"),
                                ("accept", cmd_accept, "accept suggested tags"),
                                ("reject", cmd_reject, "reject suggested tags for good")):
        p = add(name, handler, text)
        p.add_argument("id", **several)
        p.add_argument("names", nargs="+", metavar="NAME")

    p = add("highlight", cmd_highlight,
            'highlight text of an abstract: ID --text "…", ID START END, or --remove HID')
    p.add_argument("id", nargs="?", **one)
    p.add_argument("span", nargs="*", type=int, metavar="START END",
                   help="character offsets in the abstract (instead of --text)")
    p.add_argument("--text", help="the text to highlight, as it reads in the abstract")
    p.add_argument("--remove", type=int, metavar="HIGHLIGHT_ID", help="remove a highlight")
    p.add_argument("--comment")
    p.add_argument("--color", default="yellow", choices=HIGHLIGHT_COLORS)

    p = add("link", cmd_link, "link two related papers")
    p.add_argument("a", **one)
    p.add_argument("b", **one)
    p.add_argument("--note")
    p = add("unlink", cmd_unlink, "remove the link between two papers")
    p.add_argument("a", **one)
    p.add_argument("b", **one)

    p = add("trash", cmd_trash, "move papers to the trash")
    p.add_argument("ids", type=paper_ids, nargs="+", action=IdsAction, metavar="ID")
    p = add("restore", cmd_restore, "take papers out of the trash")
    p.add_argument("ids", type=paper_ids, nargs="+", action=IdsAction, metavar="ID")
    p = add("empty-trash", cmd_empty_trash, "delete trashed papers for good (asks first)")
    p.add_argument("--yes", action="store_true", help="do not ask")
    add("undo", cmd_undo, "undo the last edit")

    p = add("saved", cmd_saved, "saved searches: add NAME QUERY, run NAME, list, remove NAME "
            "(queries may use saved:NAME)")
    p.add_argument("action", choices=["add", "run", "list", "remove"])
    p.add_argument("name", nargs="?")
    p.add_argument("query", nargs="?")
    p.add_argument("--replace", action="store_true", help="add: overwrite a saved search")
    p.add_argument("--limit", type=count, default=20, help="run: at most this many papers")
    p.add_argument("--sort", default="relevance", help="run: the order (as for search)",
                   choices=["relevance", "year", "added", "stars", "title"])
    p.add_argument("--trashed", action="store_true", help="run: search the trash")

    add("reindex", cmd_reindex, "rebuild the search index from the database")
    p = add("backup", cmd_backup, "copy the library to a new folder")
    p.add_argument("dest", type=Path)
    p = add("attach", cmd_attach, "attach a PDF to a paper (other files with --any)")
    p.add_argument("id", **one)
    p.add_argument("file", type=Path)
    p.add_argument("--any", action="store_true", help="attach a file that is not a PDF")

    p = add("pdf-export", cmd_pdf_export,
            "write a copy of a paper's PDF with its highlights as annotations")
    p.add_argument("id", type=int)
    p.add_argument("file", type=Path)

    p = add("export", cmd_export, "export papers (bibliographies, annotated)")
    p.add_argument("--format", required=True)
    p.add_argument("--style", help="CSL style name or .csl file (markdown, html, …)")
    p.add_argument("--query", help="export the papers matching this query")
    p.add_argument("--collection", help="export this collection (id, name or A/B path)")
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
    p.add_argument("-o", "--output", type=Path,
                   help="file to write (default, or -: standard output)")

    from paperdesk.cli import collections as collection_commands

    collection_commands.register(add)

    p = add("styles", cmd_styles, "citation styles: list them, or add a .csl FILE")
    p.add_argument("action", nargs="?", default="list", choices=["list", "add"])
    p.add_argument("file", nargs="?", type=Path, metavar="FILE")

    from paperdesk.cli.vocabulary import register_tags

    register_tags(add)

    p = add("similar", cmd_similar, "papers similar to a paper (by abstract embeddings)")
    p.add_argument("id", **one)
    p.add_argument("--limit", type=int, default=10)
