"""Annotated bibliographies list PDF highlights beside abstract ones, with page numbers."""

from __future__ import annotations

from paperdesk.export import export_papers
from paperdesk.importers.fields import parse_highlights
from paperdesk.records import Author, Highlight, Paper


def paper() -> Paper:
    return Paper(
        title="Reading PDFs Offline", year=2024, authors=[Author("Müller", "François")],
        abstract="We read headers from the first page.",
        highlights=[
            Highlight(0, 7, "We read", comment="abstract claim"),
            Highlight(0, 0, "the layout decides", comment="key idea", color="green", page=2,
                      quads=[[72.0, 500.0, 300.0, 512.0]], origin="pdf"),
            Highlight(0, 0, "", comment="check the table", page=4, kind="note",
                      quads=[[72.0, 700.0, 92.0, 720.0]]),
        ],
    )


def test_markdown_and_html_show_pdf_highlights_with_pages() -> None:
    md = export_papers([paper()], "markdown")
    assert "> “We read”" in md and "> “the layout decides” (p. 3)" in md
    assert "> *Note (p. 5)*" in md and "check the table" in md
    html = export_papers([paper()], "html")
    assert "the layout decides" in html and "(p. 3)" in html and "(p. 5)" in html


def test_csljson_keeps_page_and_quads_for_re_import() -> None:
    import json

    data = json.loads(export_papers([paper()], "csljson"))
    restored = parse_highlights(data[0]["custom"]["paperdesk-highlights"])
    assert [(h.page, h.kind, h.quads) for h in restored] == [
        (None, "highlight", []), (2, "highlight", [[72.0, 500.0, 300.0, 512.0]]),
        (4, "note", [[72.0, 700.0, 92.0, 720.0]])]


def test_bibtex_annote_lists_pdf_highlights_with_pages() -> None:
    bib = export_papers([paper()], "bibtex")
    assert "(p. 3)" in bib and "Note (p. 5)" in bib
