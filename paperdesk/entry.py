"""The ``paperdesk`` command (and ``python -m paperdesk``): the window or the command line.

With a command (``paperdesk list``) the command line runs; with none (``paperdesk``,
``paperdesk --demo``) the desktop window opens. This module decides, so that the command
line never imports the window nor the window the command line (import-linter contracts
in ``pyproject.toml``): :mod:`paperdesk.cli.main` parses and reports, and calls
:func:`open_window` back when no command was given.
"""

from __future__ import annotations

from pathlib import Path


def open_window(folder: Path, demo: bool) -> int | None:
    """Open the desktop window on the library in ``folder`` (the built-in sample with
    ``demo``); returns its exit status, or None when the window cannot be loaded here
    (PySide6 is not installed), so the command line shows its help instead."""
    try:
        from paperdesk.gui.app import run_app
    except ImportError:
        return None
    return run_app(folder, demo=demo)


def main(argv: list[str] | None = None) -> int:
    """Run ``paperdesk``; returns the exit status."""
    from paperdesk.cli.main import main as cli_main

    return cli_main(argv, open_window=open_window)


if __name__ == "__main__":
    raise SystemExit(main())
