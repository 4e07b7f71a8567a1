"""Work-arounds for bugs in the Qt binding, applied once when ``paperdesk.gui`` is imported.

PySide6 6.12 on CPython 3.11 returns ``None`` from every void method (``update()``,
``processEvents()``, ``setText()``…) without taking a reference to it. On 3.12+ ``None``
is immortal so nothing happens; on 3.11 each call lowers ``None``'s reference count by
one, and after some thousands of calls Python aborts with "none_dealloc: deallocating
None". Until the binding is fixed (or Python 3.11 is dropped), give ``None`` a reference
count so large that it can never reach zero — in effect, the 3.12 behaviour.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 48


def make_none_immortal() -> None:
    """On CPython < 3.12, raise ``None``'s reference count far out of reach of zero."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):  # bool returns are hit on some paths too
        refcnt = ctypes.c_ssize_t.from_address(id(singleton))
        if refcnt.value < _HEADROOM // 2:
            refcnt.value += _HEADROOM


make_none_immortal()
