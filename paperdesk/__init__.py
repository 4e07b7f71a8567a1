"""PaperDesk: an offline library for research papers.

The core (everything but :mod:`paperdesk.gui`) never imports Qt, so scripts,
the CLI, benchmarks and tests all drive the same API::

    from paperdesk import Library
    lib = Library.open("~/papers")
    for hit in lib.search("attention", limit=20):
        print(hit.paper_id, hit.title, hit.score, hit.snippet)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Library", "__version__"]

if TYPE_CHECKING:
    from paperdesk.library import Library


def __getattr__(name: str) -> Any:
    # Imported lazily so that `import paperdesk` stays cheap.
    if name == "Library":
        from paperdesk.library import Library

        return Library
    raise AttributeError(name)
