"""Data shipped with PaperDesk: CSL styles and locales, the icon, the sample library.

This folder is installed as the package ``paperdesk.resources`` (see ``setup.py``) and read
through :func:`paperdesk.config.resource_path`, so a wheel carries it too.
"""
