"""Documents laid out by Qt: ODT and PDF annotated bibliographies.

The HTML exporter (:mod:`paperdesk.export`) makes the content; Qt's text document lays it
out and writes the file. Both the window (File › Export) and the command line
(``paperdesk export --format odt|pdf``) use it; the core never imports it (import-linter
contracts in ``pyproject.toml``), nor does it import the window or the command line.
"""

from paperdesk.documents.layout import DOCUMENT_FORMATS, write_document

__all__ = ["DOCUMENT_FORMATS", "write_document"]
