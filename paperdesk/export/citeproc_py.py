"""The fallback engine: citeproc-py, used only when citeproc-js cannot be loaded.

citeproc-py is pure Python and always installed, but it formats many styles wrongly
(see issue 14); :mod:`paperdesk.export.formatting` warns once when it falls back here.
Items are formatted one at a time, every input string HTML-escaped first (citeproc-py
does not escape variables).
"""

from __future__ import annotations

import html
import io
import re
import warnings
from functools import lru_cache
from typing import Any

from paperdesk.export.styles import CitationStyle


def _escape(value: Any) -> Any:
    if isinstance(value, str):  # (citeproc-py reads no markup: the nocase marks go)
        return html.escape(_NOCASE_RE.sub(r"\1", value), quote=False)
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    return value


_NOCASE_RE = re.compile(r'<span class="nocase">(.*?)</span>')


@lru_cache(maxsize=16)
def _csl(style: CitationStyle) -> Any:
    from citeproc import CitationStylesStyle

    from paperdesk.export import citeproc_fixes

    citeproc_fixes.apply()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about schema details
        return CitationStylesStyle(io.BytesIO(style.xml.encode("utf-8")), validate=False)


def format_items(
    items: list[dict[str, Any]], style: CitationStyle, locale: str, cite: bool
) -> list[str]:
    """Each item on its own, as citeproc-py HTML (bibliography entry or citation)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc import formatter as citeproc_formatter
    from citeproc.source.json import CiteProcJSON

    out = []
    csl = _csl(style)
    for item in items:
        escaped = _escape({**item, "id": str(item["id"])})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported-argument warnings from citeproc-py
            source = CiteProcJSON([escaped])
            bib = CitationStylesBibliography(csl, source, citeproc_formatter.html)
            citation = Citation([CitationItem(escaped["id"])])
            bib.register(citation)
            if cite:
                out.append(str(bib.cite(citation, lambda _item: None)))
            else:
                (entry,) = bib.bibliography()
                out.append(str(entry).strip())
    return out
