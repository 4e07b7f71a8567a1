"""Entry point of the desktop bundle (PyInstaller): the ``paperdesk`` command."""

from paperdesk.cli.main import main

raise SystemExit(main())
