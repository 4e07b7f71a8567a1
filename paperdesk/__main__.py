"""``python -m paperdesk`` runs the command-line interface."""

from paperdesk.cli.main import main

raise SystemExit(main())
