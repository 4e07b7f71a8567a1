"""Citation styles: formatting references with citeproc-py and the CSL styles we ship.

A style is a short name (:data:`STYLES`) or a path to a ``.csl`` file. A reference is
formatted on its own (one paper per run), as HTML from citeproc-py's html formatter with
every input string HTML-escaped first (citeproc-py does not escape variables). For
numbered styles (IEEE, Nature) the number is stripped; the document numbers entries in
its own order (:attr:`CitationStyle.label`). A :class:`~paperdesk.export.refcache.RefCache`
keeps each paper's HTML per style, valid while ``paper.modified`` is unchanged. Because
references are formatted one at a time, author-date styles do not add "2020a/2020b"
year suffixes across entries.
"""

from __future__ import annotations

import html
import re
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON

from paperdesk.config import resource_path
from paperdesk.errors import KnownError
from paperdesk.export import citeproc_fixes
from paperdesk.export.csljson import csl_item
from paperdesk.export.options import ExportOptions
from paperdesk.export.refcache import CacheRow, RefCache
from paperdesk.progress import Progress, check_cancelled
from paperdesk.records import Paper

citeproc_fixes.apply()

STYLES = {
    "apa": "apa.csl",
    "ieee": "ieee.csl",
    "chicago": "chicago-author-date.csl",
    "mla": "modern-language-association.csl",
    "nature": "nature.csl",
    "acl": "association-for-computational-linguistics.csl",
    "harvard": "harvard-cite-them-right.csl",
    "acs": "american-chemical-society.csl",
    "elsevier-harvard": "elsevier-harvard.csl",
    "springer": "springer-basic-author-date.csl",
}
# CSL variables passed to citeproc-py (annotations never reach a formatted reference)
REFERENCE_VARIABLES = (
    "id type title author container-title issued volume issue page publisher "
    "publisher-place DOI URL ISBN ISSN edition collection-title language"
).split()
_PAGE_DASH_RE = re.compile(r"\s*(?:-+|–|—)\s*")
_CSL_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
_PLAIN_OPTIONS = ExportOptions(
    include_abstracts=False, include_notes=False, include_highlights=False, include_tags=False
)


@dataclass(frozen=True)
class CitationStyle:
    """A loaded CSL style.

    Attributes:
        name: The short name, or "file:<path>@<mtime>" for a style file (the cache key).
        path: The ``.csl`` file.
        title: The style's title.
        label: For numbered styles, the number's format, e.g. "[{}]" or "{}."; else "".
    """

    name: str
    path: Path
    title: str
    label: str
    csl: CitationStylesStyle

    @property
    def numeric(self) -> bool:
        """True for styles that number their entries (IEEE, Nature, ACS)."""
        return bool(self.label)


def style_names() -> list[str]:
    """The short names of the shipped styles."""
    return list(STYLES)


def load_style(style: str) -> CitationStyle:
    """The style called ``style`` (a short name or a ``.csl`` path).

    Raises:
        KnownError: Unknown name (the message lists the known ones) or unreadable file.
    """
    key = style.strip().lower()
    if key in STYLES:
        return _load(key, str(resource_path("csl", STYLES[key])), 0)
    path = Path(style).expanduser()
    if path.suffix.lower() == ".csl" and path.is_file():
        resolved = path.resolve()
        return _load("", str(resolved), resolved.stat().st_mtime_ns)
    raise KnownError(
        f"unknown citation style {style!r}; use one of {', '.join(STYLES)} "
        "or the path of a .csl file"
    )


@lru_cache(maxsize=32)
def _load(name: str, path: str, mtime_ns: int) -> CitationStyle:
    try:
        root = ET.parse(path).getroot()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about schema details
            csl = CitationStylesStyle(path, validate=False)
    except (OSError, ET.ParseError, ValueError) as exc:
        raise KnownError(f"cannot read citation style {path}: {exc}") from exc
    if root.find("cs:bibliography", _CSL_NS) is None:
        raise KnownError(f"citation style {path} has no bibliography layout")
    title = root.findtext("cs:info/cs:title", default=Path(path).stem, namespaces=_CSL_NS)
    return CitationStyle(
        name=name or f"file:{path}@{mtime_ns}",
        path=Path(path),
        title=title.strip(),
        label=_number_label(root),
        csl=csl,
    )


def _number_label(root: ET.Element) -> str:
    for text in root.iterfind("cs:bibliography//cs:text", _CSL_NS):
        if text.get("variable") == "citation-number":
            return f"{text.get('prefix', '')}{{}}{text.get('suffix', '')}"
    return ""


def reference_item(paper: Paper, key: str = "ref") -> dict[str, Any]:
    """The CSL item citeproc-py formats: metadata only, every string HTML-escaped."""
    item = csl_item(paper, key, _PLAIN_OPTIONS)
    if "page" in item:  # "5998--6008" -> "5998-6008": citeproc-py makes the en dash
        item["page"] = _PAGE_DASH_RE.sub("-", item["page"])
    return {k: _escape(item[k]) for k in REFERENCE_VARIABLES if k in item}


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list):
        return [_escape(v) for v in value]
    if isinstance(value, dict):
        return {k: _escape(v) for k, v in value.items()}
    return value


def format_reference(paper: Paper, style: CitationStyle) -> str:
    """One paper's reference as HTML (``<i>``, ``<b>``, …), without a citation number."""
    item = reference_item(paper)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unsupported-argument warnings from citeproc-py
        source = CiteProcJSON([item])
        bib = CitationStylesBibliography(style.csl, source, citeproc_formatter.html)
        bib.register(Citation([CitationItem("ref")]))
        (entry,) = bib.bibliography()
    text = str(entry).strip()
    if style.numeric:
        number = html.escape(style.label.format(1), quote=False)
        if text.startswith(number):
            text = text[len(number) :].lstrip()
    return re.sub(r"\s+", " ", text)


def formatted_references(
    papers: Sequence[Paper],
    style: CitationStyle,
    cache: RefCache | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """HTML references of ``papers`` in order, from ``cache`` where valid.

    Papers without an id are never cached. New results are stored in one
    :meth:`RefCache.put_many` call at the end (also when cancelled).
    """
    out: list[str] = []
    new: list[CacheRow] = []
    try:
        for i, paper in enumerate(papers):
            if progress is not None and i % 64 == 0:
                check_cancelled(progress)
            cached = None
            if cache is not None and paper.id is not None:
                cached = cache.get(paper.id, style.name, paper.modified)
            if cached is None:
                cached = format_reference(paper, style)
                if cache is not None and paper.id is not None:
                    new.append((paper.id, style.name, paper.modified, cached))
            out.append(cached)
            if progress is not None:
                progress.advance()
    finally:
        if cache is not None and new:
            cache.put_many(new)
    return out
