"""A standalone PDF of a Zotero library, described by its first page.

Zotero keeps a PDF dropped into the library without "Retrieve Metadata" as an item of
its own, titled by its file name ("1756-0500-4-434.pdf") and with no authors or year.
Imported as is, it would be cited as "1756-0500-4-434.pdf. n.d.". It is read as the PDF
importer reads a PDF: title, authors, year, venue, DOI and abstract from the page. A
title the user gave the attachment in Zotero is kept.
"""

from __future__ import annotations

import re
from pathlib import Path

from paperdesk.errors import InputFileError
from paperdesk.importers.pdf import pdf_paper, read_pdf_file
from paperdesk.records import Paper

#: titles Zotero gives an attachment by itself: its file name, or the name of a download
_FILE_TITLE_RE = re.compile(r"(?i)^(?:.*\.pdf|(?:full\s*text\s*)?pdf|attachment \w+|snapshot)$")


def described_by_its_pdf(paper: Paper, files: list[Path]) -> tuple[Path, str] | None:
    """Fill ``paper`` (a standalone attachment) from the first readable PDF of ``files``:
    the fields it lacks, and its title when that is a file name. Returns that PDF and its
    text, or None when no PDF could be read (the paper is left as it was)."""
    for path in files:
        if path.suffix.lower() != ".pdf":
            continue
        try:
            pdf = pdf_paper(path, read_pdf_file(path, require_text=False))
        except InputFileError:
            continue
        if not pdf.title or pdf.title == path.stem:
            pdf.title = ""
        if pdf.title and (not paper.title or _FILE_TITLE_RE.match(paper.title.strip())):
            paper.title = pdf.title
        if pdf.year and not paper.year:
            paper.extra.update({k: v for k, v in pdf.extra.items() if k == "year_source"})
        for name in ("abstract", "authors", "year", "venue", "doi", "arxiv_id"):
            if getattr(pdf, name) and not getattr(paper, name):
                setattr(paper, name, getattr(pdf, name))
        if pdf.extra.get("keywords"):
            paper.extra.setdefault("keywords", pdf.extra["keywords"])
        if pdf.title or pdf.authors:  # a paper now, not a "document"
            paper.entry_type = pdf.entry_type
            paper.extra.pop("csl_type", None)
        return path, pdf.fulltext
    return None
