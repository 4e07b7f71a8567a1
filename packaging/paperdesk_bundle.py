"""Entry point of the desktop bundle (PyInstaller): the ``paperdesk`` command."""

from paperdesk.entry import main

raise SystemExit(main())
