"""Entry point of the ``paperdesk`` command: argument parsing and error handling.

Exit status: 0 success; 1 when some import entries could not be imported (each listed);
2 for a whole-file or usage error, with a one-line message and the library unchanged.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from pathlib import Path

from paperdesk import __version__
from paperdesk.errors import Cancelled, KnownError, printable

log = logging.getLogger("paperdesk")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    from paperdesk.cli import commands

    def common_options(suppress: bool) -> argparse.ArgumentParser:
        # Sub-commands repeat the global options with SUPPRESS defaults, so that
        # "paperdesk --demo list" and "paperdesk list --demo" both work.
        default = {"default": argparse.SUPPRESS} if suppress else {}
        common = argparse.ArgumentParser(add_help=False)
        common.add_argument("--json", action="store_true", help="print machine-readable JSON",
                            **default)
        common.add_argument("--library", metavar="DIR", help="library folder (default: "
                            "$PAPERDESK_LIBRARY or the user data folder)", **default)
        common.add_argument("--demo", action="store_true",
                            help="use the built-in sample library", **default)
        return common

    parser = argparse.ArgumentParser(
        prog="paperdesk", parents=[common_options(suppress=False)],
        description="PaperDesk: an offline library for research papers. "
        "With no command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"paperdesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.register(sub, common_options(suppress=True))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    logging.basicConfig(level=os.environ.get("PAPERDESK_LOG", "WARNING"),
                        format="%(levelname)s %(name)s: %(message)s")
    # bibtexparser logs each broken block; PaperDesk reports them itself, with file and line
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        return _open_window(parser, args)
    try:
        return int(args.handler(args) or 0)
    except KnownError as exc:
        print(f"paperdesk: {printable(str(exc))}", file=sys.stderr)
        return 2
    except Cancelled as exc:
        print(f"paperdesk: {exc or 'cancelled'}", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("paperdesk: interrupted", file=sys.stderr)
        return 130
    except sqlite3.Error as exc:  # a damaged or unreadable database, met while reading
        from paperdesk.library.db import sqlite_error

        print(f"paperdesk: {sqlite_error(exc, library_path(args))}", file=sys.stderr)
        return 2
    except OSError as exc:  # an environment fault no layer below named: still one line
        if isinstance(exc, BrokenPipeError):
            return 0
        from paperdesk.library.db import os_reason

        where = str(exc.filename) if exc.filename else ""
        print(printable(f"paperdesk: {where + ': ' if where else ''}{os_reason(exc)}"),
              file=sys.stderr)
        return 2


def library_path(args: argparse.Namespace) -> str:
    """The library file the command works on (for messages)."""
    from paperdesk.cli.commands import library_dir
    from paperdesk.library.db import DB_NAME

    try:
        return str(library_dir(args) / DB_NAME)
    except Exception:  # noqa: BLE001 - only for a message
        return "library"


def _open_window(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Open the desktop window, or explain how when that is not possible."""
    try:
        from paperdesk.gui.app import run_app
    except ImportError:
        parser.print_help()
        return 0
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
    ):
        print(
            "paperdesk: no display found. Run the window on a virtual screen with\n"
            "  xvfb-run -a paperdesk --demo\n"
            "or use the command line (paperdesk --help).",
            file=sys.stderr,
        )
        return 2
    from paperdesk.cli.commands import library_dir

    return run_app(Path(library_dir(args)), demo=args.demo)


if __name__ == "__main__":
    raise SystemExit(main())
