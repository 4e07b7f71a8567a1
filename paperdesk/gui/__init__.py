"""The PySide6 desktop window: the only package of PaperDesk that imports Qt."""

from paperdesk.gui import compat as _compat  # noqa: F401 - applies binding work-arounds
