"""``python -m paperdesk``: the ``paperdesk`` command (see :mod:`paperdesk.entry`)."""

from paperdesk.entry import main

raise SystemExit(main())
