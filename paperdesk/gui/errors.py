"""One way to show errors: :func:`show_error` (a message, never a traceback).

A :class:`~paperdesk.errors.KnownError` is shown with its own message. Anything else is a
bug: it is logged with its traceback and shown as "Unexpected error" with the details
collapsed behind "Show Details…".
"""

from __future__ import annotations

import logging
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from paperdesk.errors import KnownError

log = logging.getLogger("paperdesk.gui")

#: The last error shown (tests look at it; the message box itself is not modal-blocking).
last_error: tuple[str, str] | None = None


def describe(exc: BaseException) -> tuple[str, str]:
    """(message, details) for an exception: details is "" for a KnownError."""
    if isinstance(exc, KnownError):
        return str(exc), ""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return f"Unexpected error: {type(exc).__name__}: {exc}", details


def show_error(parent: QWidget | None, exc: BaseException, title: str = "PaperDesk") -> QMessageBox:
    """Show ``exc`` in a window-modal message box that does not block the event loop."""
    global last_error
    message, details = describe(exc)
    last_error = (message, details)
    if details:
        log.error("%s\n%s", message, details)
    else:
        log.info("%s", message)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if details == "" else QMessageBox.Icon.Critical)
    box.setWindowTitle(title)
    box.setText(message if not details else "Unexpected error")
    if details:
        box.setInformativeText(f"{type(exc).__name__}: {exc}\n\nThe details are in the log.")
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box
