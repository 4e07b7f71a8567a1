"""The ``paperdesk`` command line: a thin layer over the core :class:`~paperdesk.Library`."""
