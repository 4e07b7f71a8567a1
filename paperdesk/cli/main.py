"""Entry point of the ``paperdesk`` command: argument parsing and error handling.

Exit status: 0 success; 1 when some import entries could not be imported (each listed);
2 for a whole-file or usage error, with a one-line message and the library unchanged.
With ``--json`` an error is printed on stdout as ``{"error": {"message", "file", "code"}}``
(same exit status). Start-up stays light: heavy packages are imported by the commands that
use them.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from paperdesk import __version__
from paperdesk.errors import (
    Cancelled,
    InputFileError,
    KnownError,
    LibraryError,
    NotFoundError,
    QueryError,
    UsageError,
    printable,
)

log = logging.getLogger("paperdesk")

#: error class -> the ``code`` of a ``--json`` error (most specific first)
ERROR_CODES: tuple[tuple[type[BaseException], str], ...] = (
    (InputFileError, "input-file"), (NotFoundError, "not-found"), (QueryError, "query"),
    (UsageError, "usage"), (LibraryError, "library"), (KnownError, "error"),
)


def error_json(message: str, code: str, file: str | None = None) -> str:
    """The ``--json`` form of an error: ``{"error": {"message", "file", "code"}}``."""
    import json

    return json.dumps({"error": {"message": message, "file": file, "code": code}},
                      ensure_ascii=False)


def _report(exc_message: str, code: str, status: int, as_json: bool,
            file: str | None = None) -> int:
    """Print an error for people (stderr) or programs (JSON on stdout); returns ``status``."""
    if as_json:
        print(error_json(exc_message, code, file))
    else:
        print(f"paperdesk: {exc_message}", file=sys.stderr)
    return status


class CliLogFormatter(logging.Formatter):
    """Log records on stderr as the command line's other lines: a warning is
    ``warning: …``, an error ``paperdesk: …`` (one line each); the records below them,
    shown with ``PAPERDESK_LOG=INFO`` or ``DEBUG``, keep the log format."""

    def format(self, record: logging.LogRecord) -> str:
        """One line for a warning or an error, the log format for the rest."""
        if record.levelno >= logging.ERROR:
            return f"paperdesk: {printable(record.getMessage())}"
        if record.levelno >= logging.WARNING:
            return f"warning: {printable(record.getMessage())}"
        return super().format(record)


class _Parser(argparse.ArgumentParser):
    """Usage errors as JSON on stdout when ``--json`` is on the command line (argparse
    reports them before the options are parsed, so :func:`main` sets ``json_requested``)."""

    json_requested = False

    def error(self, message: str) -> None:  # type: ignore[override]
        if _Parser.json_requested:
            print(error_json(f"{self.prog}: {message}", "usage"))
            raise SystemExit(2)
        super().error(message)


#: the options of ``search`` (and the global ones) that a word in "-" may be
_SEARCH_OPTIONS = frozenset("--limit --sort --trashed --mode --json --library --demo -h --help "
                            "--".split())


def _query_words(words: list[str]) -> list[str]:
    """``words`` with a search's ``-word`` (the query language's exclusion: ``search
    -neural``, ``search "translation" -speech``) read as the query, not as an option."""
    out = []
    for word in words:
        if word.startswith("-") and word.split("=", 1)[0] not in _SEARCH_OPTIONS:
            word = " " + word  # (argparse reads a word in "-" as an unknown option)
        out.append(word)
    return out


def _first_word(words: list[str]) -> str | None:
    """The first word of ``words`` that is neither ``--json``, ``--demo``, ``--library`` nor
    the latter's value: the sub-command, another option, or None."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--library":
            skip = True
        elif word not in ("--json", "--demo") and not word.startswith("--library="):
            return word
    return None


def command_word(words: list[str]) -> str | None:
    """The sub-command named in ``words`` (None when none, or when another option comes
    first)."""
    word = _first_word(words)
    return None if word is None or word.startswith("-") else word


def build_parser(words: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser with every sub-command (with ``words``, the command line: only
    the sub-command it names, when that is one)."""
    from paperdesk.cli import commands

    only = command_word(words) if words is not None else None

    def common_options(suppress: bool) -> argparse.ArgumentParser:
        # Sub-commands repeat the global options with SUPPRESS defaults, so that
        # "paperdesk --demo list" and "paperdesk list --demo" both work.
        default = {"default": argparse.SUPPRESS} if suppress else {}
        common = _Parser(add_help=False)
        common.add_argument("--json", action="store_true", help="print machine-readable JSON",
                            **default)
        common.add_argument("--library", metavar="DIR", help="library folder (default: "
                            "$PAPERDESK_LIBRARY or the user data folder)", **default)
        common.add_argument("--demo", action="store_true",
                            help="use the built-in sample library", **default)
        return common

    parser = _Parser(
        prog="paperdesk", parents=[common_options(suppress=False)],
        description="PaperDesk: an offline library for research papers. "
        "With no command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"paperdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.register(sub, common_options(suppress=True), only=only)
    if only is not None and only not in sub.choices:  # not a command: argparse says so
        return build_parser()
    return parser


#: opens the window on a library folder (demo or not); None: no window here (see
#: :func:`paperdesk.entry.open_window`, which the ``paperdesk`` command passes in)
WindowOpener = Callable[[Path, bool], "int | None"]


def main(argv: list[str] | None = None, open_window: WindowOpener | None = None) -> int:
    """Run the command line; returns the exit status. Without a command, ``open_window``
    opens the desktop window (without one, the help is shown)."""
    words = sys.argv[1:] if argv is None else argv
    if words in (["--version"], ["-V"]) or _first_word(words) == "--version":  # no parser
        print(f"paperdesk {__version__}")
        return 0
    _Parser.json_requested = "--json" in words
    handler = logging.StreamHandler()
    handler.setFormatter(CliLogFormatter("%(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=os.environ.get("PAPERDESK_LOG", "WARNING"), handlers=[handler])
    # bibtexparser logs each broken block; PaperDesk reports them itself, with file and line
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    if _first_word(words) == "search":
        words = _query_words(words)
    parser = build_parser(words)
    args = parser.parse_args(words)
    if not args.command:
        return _open_window(parser, args, open_window)
    as_json = bool(getattr(args, "json", False))
    try:
        return int(args.handler(args) or 0)
    except KnownError as exc:
        code = next(c for cls, c in ERROR_CODES if isinstance(exc, cls))
        file = getattr(exc, "path", None)
        return _report(printable(str(exc)), code, 2, as_json,
                       str(file) if file is not None else None)
    except Cancelled as exc:
        return _report(str(exc) or "cancelled", "cancelled", 130, as_json)
    except KeyboardInterrupt:
        return _report("interrupted", "interrupted", 130, as_json)
    except OverflowError:  # a number SQLite cannot hold, met where no check named it
        return _report("a number given is too large", "usage", 2, as_json)
    except sqlite3.Error as exc:  # a damaged or unreadable database, met while reading
        from paperdesk.library.db import sqlite_error

        return _report(str(sqlite_error(exc, library_path(args))), "library", 2, as_json)
    except OSError as exc:  # an environment fault no layer below named: still one line
        if isinstance(exc, BrokenPipeError):
            return 0
        from paperdesk.library.db import os_reason

        where = str(exc.filename) if exc.filename else ""
        return _report(printable(f"{where + ': ' if where else ''}{os_reason(exc)}"),
                       "environment", 2, as_json, where or None)


def library_path(args: argparse.Namespace) -> str:
    """The library file the command works on (for messages)."""
    from paperdesk.cli.commands import library_dir
    from paperdesk.library.db import DB_NAME

    try:
        return str(library_dir(args) / DB_NAME)
    except Exception:  # noqa: BLE001 - only for a message
        return "library"


def _open_window(parser: argparse.ArgumentParser, args: argparse.Namespace,
                 open_window: WindowOpener | None) -> int:
    """Open the desktop window, or explain how when that is not possible."""
    if open_window is None:
        parser.print_help()
        return 0
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        me = _own_command()
        print(
            "paperdesk: no display found. Run the window on a virtual screen with\n"
            f"  xvfb-run -a {me} --demo\n"
            f"or use the command line ({me} --help).",
            file=sys.stderr,
        )
        return 2
    from paperdesk.cli.commands import library_dir

    status = open_window(Path(library_dir(args)), bool(args.demo))
    if status is None:  # no window here (PySide6 is not installed)
        parser.print_help()
        return 0
    return status


def _own_command() -> str:
    """How to run this very program again from any shell: the full path of the
    ``paperdesk`` script (a virtualenv need not be on PATH), or ``python -m paperdesk``."""
    import shlex
    import shutil

    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "paperdesk":
        found = shutil.which(str(script)) if not script.is_absolute() else str(script)
        if found:
            return shlex.quote(str(Path(found).absolute()))
    return f"{shlex.quote(sys.executable)} -m paperdesk"


if __name__ == "__main__":  # the command line alone (``paperdesk`` is paperdesk.entry)
    raise SystemExit(main())
