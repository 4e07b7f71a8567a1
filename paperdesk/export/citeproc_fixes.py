"""One targeted fix for citeproc-py (0.6–0.11), the fallback engine
(:mod:`paperdesk.export.citeproc_py` applies it before formatting).

CSL says a variable rendered by ``cs:substitute`` is suppressed in the rest of the
entry. citeproc-py suppresses only the substitute's own variable, not the variables a
substituted *macro* renders, so APA, Chicago, MLA and Harvard print a paper without
authors as "Title. (n.d.). Title." (APA substitutes the ``title`` through a macro).
:func:`_repress_macro_variables` also suppresses the variables inside such a macro.
"""

from __future__ import annotations

from typing import Any

from citeproc import model

_original = model.Substitute.add_to_repressed_list


def _repress_macro_variables(self: Any, child: Any, context: Any) -> None:
    _original(self, child, context)
    macro_name = child.get("macro")
    if not macro_name:
        return
    repressed = context.get_layout().repressed
    seen: set[str] = set()
    stack = [macro_name]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        for el in child.get_macro(name).iter():
            if el.get("macro"):
                stack.append(el.get("macro"))
            for var in (el.get("variable") or "").split():
                repressed.setdefault(el.tag, []).append(var)


def apply() -> None:
    """Install the fix (idempotent)."""
    model.Substitute.add_to_repressed_list = _repress_macro_variables

