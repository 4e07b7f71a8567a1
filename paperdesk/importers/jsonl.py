"""JSON lines reader: one paper per line, in the ACL Anthology or arXiv metadata shape.

ACL shape: ``bibkey`` -> key, ``entry_type``, ``title``, ``authors_structured``
(``[{first, last}]``, else ``authors`` as "First Last" strings), ``abstract``, ``year``,
``doi``, ``booktitle`` / ``journal`` -> venue, ``url``; ``id`` -> ``extra["acl_id"]``,
``venue`` (venue ids) -> ``extra["venue_ids"]``; the rest (month, pages, publisher,
address, language, volume, …) -> ``extra``.

arXiv shape (recognised by ``authors_parsed``, ``categories`` or ``update_date``):
``id`` -> arxiv_id, ``authors_parsed`` (``[[last, first, suffix]]``, else the ``authors``
string), ``journal-ref`` -> venue, year of the first version (else ``update_date``);
``categories`` go to ``extra["categories"]`` (not tags: they are arXiv's subject codes,
not the user's words), other fields to ``extra``.

A line holding a CSL-JSON item is read as CSL-JSON. A line that is not a JSON object is
a problem with its line number; the other lines are still read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from paperdesk.importers import fields as F
from paperdesk.importers.csljson import item_to_paper, wrong_csl_value
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import Author, ImportProblem, Paper, ParsedEntry, ParseResult

_ARXIV_KEYS = ("authors_parsed", "categories", "update_date")
_ACL_MAPPED = frozenset(
    {
        "id",
        "bibkey",
        "entry_type",
        "title",
        "authors",
        "authors_structured",
        "abstract",
        "year",
        "doi",
        "booktitle",
        "journal",
        "url",
        "venue",
    }
)
_ARXIV_MAPPED = frozenset(
    {
        "id",
        "title",
        "abstract",
        "authors",
        "authors_parsed",
        "doi",
        "journal-ref",
        "versions",
    }
)
_AUTHOR_SPLIT = re.compile(r"\s*,\s*|\s+and\s+")
PROGRESS_STEP = 500


def read_jsonl(path: Path, text: str, progress: Progress | None = None) -> ParseResult:
    """Importer entry point: read the decoded JSON-lines ``text`` of ``path``."""
    return parse_jsonl(text, str(path), progress)


def parse_jsonl(text: str, path: str = "<text>", progress: Progress | None = None) -> ParseResult:
    """Parse JSON lines into papers; blank lines are skipped, bad lines are problems."""
    progress = progress or NullProgress()
    result = ParseResult()
    lines = text.lstrip("\ufeff").splitlines()
    progress.start(len(lines), f"Reading {Path(path).name}")
    for number, line in enumerate(lines, start=1):
        if number % PROGRESS_STEP == 0:
            progress.advance(PROGRESS_STEP)
            check_cancelled(progress)
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            result.problems.append(ImportProblem(path, number, "", f"invalid JSON: {exc}"))
            continue
        except RecursionError:
            result.problems.append(ImportProblem(path, number, "", "JSON nested too deeply"))
            continue
        if not isinstance(obj, dict):
            result.problems.append(ImportProblem(path, number, "", "line is not a JSON object"))
            continue
        why = F.wrong_type(obj, lists=("authors_structured", "author")) or (
            wrong_csl_value(obj) if _csl_shaped(obj) else None)
        if why:
            key = obj.get("bibkey") or obj.get("id") or ""
            result.problems.append(ImportProblem(path, number, key if isinstance(key, str)
                                                 else "", why))
            continue
        paper = object_to_paper(obj)
        if paper.title:
            result.entries.append(ParsedEntry(paper=paper, line=number, key=paper.key))
        else:
            result.problems.append(ImportProblem(path, number, paper.key, "missing title"))
    progress.advance(len(lines) % PROGRESS_STEP)
    progress.finish()
    return result


def object_to_paper(obj: dict[str, Any]) -> Paper:
    """Map one JSON object (ACL, arXiv or CSL-JSON shape) to a :class:`Paper`."""
    if any(k in obj for k in _ARXIV_KEYS):
        return arxiv_to_paper(obj)
    if _csl_shaped(obj):
        return item_to_paper(obj)
    return acl_to_paper(obj)


def _csl_shaped(obj: dict[str, Any]) -> bool:
    """True for an object read as a CSL-JSON item (not ACL- or arXiv-shaped)."""
    return not any(k in obj for k in _ARXIV_KEYS) and (
        "issued" in obj or "container-title" in obj or "DOI" in obj)


def acl_to_paper(obj: dict[str, Any]) -> Paper:
    """Map an ACL-Anthology-shaped object (see the module docstring)."""
    paper = Paper(
        title=_text(obj.get("title")),
        abstract=_text(obj.get("abstract")),
        year=F.parse_year(obj.get("year"), _text(obj.get("year"))),
        venue=_text(obj.get("booktitle") or obj.get("journal")),
        entry_type=_text(obj.get("entry_type")).lower() or "article",
        doi=F.normalize_doi(_text(obj.get("doi"))),
        url=_text(obj.get("url")),
        key=_text(obj.get("bibkey")),
    )
    structured = obj.get("authors_structured")
    if isinstance(structured, list) and structured:
        paper.authors = [
            Author(family=_text(a.get("last")), given=_text(a.get("first")))
            for a in structured
            if isinstance(a, dict) and (a.get("last") or a.get("first"))
        ]
    elif isinstance(obj.get("authors"), list):
        paper.authors = [Author.parse(str(a)) for a in obj["authors"] if str(a).strip()]
    paper.arxiv_id = F.find_arxiv_id(paper.url)
    if obj.get("id"):
        paper.extra["acl_id"] = obj["id"]
    if obj.get("venue"):
        paper.extra["venue_ids"] = obj["venue"]
    _add_extra(paper, obj, _ACL_MAPPED)
    return paper


def arxiv_to_paper(obj: dict[str, Any]) -> Paper:
    """Map an arXiv-metadata-shaped object (see the module docstring)."""
    arxiv_id = _text(obj.get("id"))
    paper = Paper(
        title=_text(obj.get("title")),
        abstract=_text(obj.get("abstract")),
        venue=_text(obj.get("journal-ref")),
        doi=F.normalize_doi(_text(obj.get("doi"))),
        arxiv_id=arxiv_id,
        url=f"https://arxiv.org/abs/{arxiv_id}" if arxiv_id else "",
        entry_type="article",
        key=f"arXiv:{arxiv_id}" if arxiv_id else "",
    )
    versions = obj.get("versions")
    first_version = (
        versions[0].get("created", "") if isinstance(versions, list) and versions else ""
    )
    paper.year = F.parse_year(first_version, _text(obj.get("update_date")))
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        paper.authors = [_arxiv_author(a) for a in parsed if isinstance(a, list) and a and a[0]]
    elif isinstance(obj.get("authors"), str):
        paper.authors = [Author.parse(n) for n in _AUTHOR_SPLIT.split(obj["authors"]) if n.strip()]
    _add_extra(paper, obj, _ARXIV_MAPPED)
    return paper


def _arxiv_author(parts: list[Any]) -> Author:
    last, first, suffix = ([*map(str, parts), "", ""])[:3]
    return Author(family=last.strip(), given=first.strip(), suffix=suffix.strip())


def _add_extra(paper: Paper, obj: dict[str, Any], mapped: frozenset[str]) -> None:
    for key, value in obj.items():
        if key not in mapped and value not in ("", None, [], {}):
            paper.extra[key] = value


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""
