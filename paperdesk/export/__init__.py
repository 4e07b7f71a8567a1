"""Exporters: pure functions from papers (with their annotations) to text.

Every format is one entry in :data:`EXPORTERS`; :func:`export_papers` sorts the papers,
runs the exporter with progress reporting, and returns its text. Writing the file is the
caller's job (see :func:`write_atomically`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from paperdesk.errors import UsageError
from paperdesk.export.atomic import write_atomically
from paperdesk.export.bibtex import export_biblatex, export_bibtex
from paperdesk.export.csljson import export_csljson
from paperdesk.export.formatting import format_bibliography, format_citation
from paperdesk.export.html import export_html
from paperdesk.export.markdown import export_markdown
from paperdesk.export.options import SORTS, ExportOptions, sort_papers
from paperdesk.export.refcache import MemoryRefCache, RefCache, SqliteRefCache
from paperdesk.export.ris import export_ris
from paperdesk.progress import NullProgress, Progress
from paperdesk.records import Paper

ExportFunction = Callable[[Sequence[Paper], ExportOptions, "RefCache | None", Progress], str]

__all__ = [
    "EXPORTERS",
    "SORTS",
    "ExportOptions",
    "Exporter",
    "MemoryRefCache",
    "RefCache",
    "SqliteRefCache",
    "export_papers",
    "format_bibliography",
    "format_citation",
    "get_exporter",
    "write_atomically",
]


@dataclass(frozen=True)
class Exporter:
    """One export format: its name, file extension, media type and function."""

    name: str
    extension: str
    media_type: str
    description: str
    function: ExportFunction


EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter("bibtex", ".bib", "application/x-bibtex", "BibTeX", export_bibtex),
        Exporter("biblatex", ".bib", "application/x-bibtex", "biblatex", export_biblatex),
        Exporter("ris", ".ris", "application/x-research-info-systems", "RIS", export_ris),
        Exporter(
            "csljson",
            ".json",
            "application/vnd.citationstyles.csl+json",
            "CSL-JSON (Zotero, Pandoc)",
            export_csljson,
        ),
        Exporter(
            "markdown", ".md", "text/markdown", "Annotated bibliography (Markdown)", export_markdown
        ),
        Exporter("html", ".html", "text/html", "Annotated bibliography (HTML)", export_html),
    )
}


def get_exporter(fmt: str) -> Exporter:
    """The exporter called ``fmt``.

    Raises:
        UsageError: No such format; the message lists the known ones.
    """
    try:
        return EXPORTERS[fmt.lower()]
    except KeyError:
        raise UsageError(
            f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORTERS)}"
        ) from None


def export_papers(
    papers: Iterable[Paper],
    fmt: str,
    options: ExportOptions | None = None,
    cache: RefCache | None = None,
    progress: Progress | None = None,
) -> str:
    """Export ``papers`` as ``fmt`` ("csljson", "bibtex", "biblatex", "ris", "markdown", "html").

    Args:
        papers: The papers to export (already selected by the caller).
        fmt: A key of :data:`EXPORTERS`.
        options: What to include and in which order; defaults to :class:`ExportOptions()`.
        cache: Formatted-reference cache for styled formats (Markdown, HTML).
        progress: Told of each paper; cancelling raises :class:`~paperdesk.errors.Cancelled`.

    Returns:
        The exported text.

    Raises:
        UsageError: Unknown format or sort order.
        KnownError: Unknown or unreadable citation style.
    """
    exporter = get_exporter(fmt)
    options = options or ExportOptions()
    ordered = sort_papers(papers, options.sort, options.reverse)
    progress = progress or NullProgress()
    progress.start(len(ordered), f"Exporting {exporter.name}")
    try:
        return exporter.function(ordered, options, cache, progress)
    finally:
        progress.finish()
