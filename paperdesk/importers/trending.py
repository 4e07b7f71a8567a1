"""Reader for a saved "trending papers" web page (the built-in sample library).

The format: two header lines, then alternating title and abstract lines. The page's
"Subscribe" button text is glued to the front of the first title. Blank lines and CRLF
line ends are tolerated; a trailing title with no abstract is reported as a problem.
"""

from __future__ import annotations

from pathlib import Path

from paperdesk.records import ImportProblem, Paper, ParsedEntry, ParseResult

HEADER_LINES = 2
SUBSCRIBE = "Subscribe"


def parse_trending(text: str, path: str = "<text>") -> ParseResult:
    """Parse the page text into papers (title + abstract, no authors or year)."""
    result = ParseResult()
    lines = [
        (no, line.strip()) for no, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]
    body = lines[HEADER_LINES:]
    if body and body[0][1].startswith(SUBSCRIBE) and len(body[0][1]) > len(SUBSCRIBE):
        body[0] = (body[0][0], body[0][1][len(SUBSCRIBE) :].strip())
    for i in range(0, len(body), 2):
        title_line, title = body[i]
        if i + 1 >= len(body):
            result.problems.append(
                ImportProblem(path, title_line, "", f"title without an abstract: {title[:60]!r}")
            )
            break
        abstract = body[i + 1][1]
        paper = Paper(title=title, abstract=abstract, entry_type="article")
        result.entries.append(ParsedEntry(paper=paper, line=title_line))
    return result


def read_trending(path: Path, text: str) -> ParseResult:
    """Importer entry point: ``text`` is the decoded content of ``path``."""
    return parse_trending(text, str(path))


def looks_like_trending(text: str) -> bool:
    """True when the text starts like a saved trending-papers page."""
    head = text.lstrip("\ufeff").splitlines()[:2]
    return bool(head) and head[0].startswith("Get trending papers")
