"""Field clean-up shared by the importers: DOIs, arXiv ids, years, keywords, and
PaperDesk's own fields (stars, read state, highlights) written by its exporters."""

from __future__ import annotations

import json
import re
from typing import Any

from paperdesk.annotation import (  # noqa: F401 - re-exported: the importers' field names
    HIGHLIGHTS_FIELD,
    READ_FIELD,
    STARS_FIELD,
    TAGS_FIELD,
    TEXT_FIELD,
    restore_exact_text,
)
from paperdesk.records import READ_STATES, Highlight, Paper, Tag

_DOI_PREFIX = re.compile(r"^\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
_DOI_SHAPE = re.compile(r"10\.\d{4,9}/\S+")
#: new-style (2007+) and old-style (hep-th/9901001) arXiv identifiers, version optional
_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z.-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_IN_TEXT = re.compile(rf"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)({_ARXIV_ID})", re.IGNORECASE)
_ARXIV_BARE = re.compile(rf"^\s*({_ARXIV_ID})\s*$", re.IGNORECASE)
_ARXIV_VERSION = re.compile(r"v\d+$")
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_KEYWORD_SPLIT = re.compile(r"\s*[;,]\s*")



def normalize_doi(value: str) -> str:
    """``https://doi.org/10.1/X`` or ``doi:10.1/X`` -> ``10.1/X``; "" when there is none."""
    value = _DOI_PREFIX.sub("", value.strip())
    match = _DOI_SHAPE.search(value)
    return match.group(0).rstrip(".,;") if match else value


def strip_arxiv_version(arxiv_id: str) -> str:
    """``2101.00001v3`` -> ``2101.00001``."""
    return _ARXIV_VERSION.sub("", arxiv_id.strip())


def find_arxiv_id(*texts: str) -> str:
    """The first arXiv id in an ``arxiv.org`` URL or ``arXiv:`` reference, or ""."""
    for text in texts:
        if text:
            match = _ARXIV_IN_TEXT.search(text)
            if match:
                return match.group(1)
    return ""


def bare_arxiv_id(text: str) -> str:
    """``text`` itself when it is an arXiv id (``2101.00001v2``, ``hep-th/9901001``), else ""."""
    match = _ARXIV_BARE.match(text or "")
    return match.group(1) if match else ""


def parse_year(*values: Any) -> int | None:
    """The first four-digit year found in the values (``"2020"``, ``"2020-05-01"``, 2020)."""
    for value in values:
        if isinstance(value, int) and 0 < value < 10000:
            return value
        if isinstance(value, str):
            match = _YEAR.search(value)
            if match:
                return int(match.group(1))
    return None


def split_keywords(text: str) -> list[str]:
    """Split a keyword list on commas or semicolons, dropping blanks and repeats."""
    seen: dict[str, None] = {}
    for word in _KEYWORD_SPLIT.split(text.strip()):
        if word and word.casefold() not in {w.casefold() for w in seen}:
            seen[word] = None
    return list(seen)


def user_tags(names: list[str]) -> list[Tag]:
    """Tags with ``source="user"`` for the given names."""
    return [Tag(name=n, source="user") for n in names]


def parse_stars(value: Any) -> int | None:
    """A star rating 0..5 from text or a number; None when it makes no sense."""
    try:
        stars = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return stars if 0 <= stars <= 5 else None


def parse_read_state(value: Any) -> str | None:
    """One of :data:`READ_STATES`, or None."""
    state = str(value).strip().lower()
    return state if state in READ_STATES else None


def parse_highlights(value: Any) -> list[Highlight] | None:
    """Highlights from their JSON text (or an already parsed list); None when malformed."""
    try:
        items = json.loads(value) if isinstance(value, str) else value
        found = [
            Highlight(
                start=int(h["start"]),
                end=int(h["end"]),
                text=str(h.get("text", "")),
                comment=str(h.get("comment", "")),
                color=str(h.get("color", "yellow")),
                page=int(h["page"]) if h.get("page") is not None else None,
                quads=[[float(v) for v in q] for q in h.get("quads") or []],
                kind=str(h.get("kind", "highlight")),
                origin=str(h.get("origin", "")),
            )
            for h in items
        ]
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError):
        return None
    if any(not 0 <= h.start <= h.end <= MAX_OFFSET for h in found):
        return None  # offsets no abstract has (or a reversed span): not PaperDesk's data
    return found


#: the largest character offset a highlight may have
MAX_OFFSET = 10_000_000


def wrong_type(obj: dict[str, Any], text: tuple[str, ...] = ("title", "abstract"),
               lists: tuple[str, ...] = ()) -> str | None:
    """Why ``obj`` cannot be a paper: a field that must be text holds a number, a list…
    (``{"title": 5}``), or a field that must be a list does not; None when it is fine."""
    if nesting_depth(obj) > MAX_NESTING:
        return f"nested more than {MAX_NESTING} levels deep"
    for name in text:
        value = obj.get(name)
        if value is not None and not isinstance(value, str):
            return f"field {name!r} must be text, not {kind_of(value)}"
    for name in lists:
        value = obj.get(name)
        if value is not None and not isinstance(value, list):
            return f"field {name!r} must be a list, not {kind_of(value)}"
    return None


#: the deepest nesting of lists and objects an entry may have
MAX_NESTING = 32


def nesting_depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (iteratively: no recursion limit)."""
    deepest, todo = 0, [(value, 0)]
    while todo:
        item, depth = todo.pop()
        if isinstance(item, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_NESTING:
                return deepest
            todo.extend((v, depth) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


def kind_of(value: Any) -> str:
    """"a number", "a list", "an object", "true/false" or "text", for messages."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"a number ({value!r})"[:40]
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "text" if isinstance(value, str) else type(value).__name__


def parse_tags(value: Any) -> list[Tag] | None:
    """Tags with their source from JSON (``[{"name", "source", ...}]`` or names)."""
    try:
        items = json.loads(value) if isinstance(value, str) else value
        tags = []
        for item in items:
            if isinstance(item, str):
                tags.append(Tag(name=item))
            else:
                source = item.get("source", "user")
                tags.append(
                    Tag(
                        name=str(item["name"]),
                        source=source if source in ("user", "auto") else "user",
                        score=item.get("score"),
                        rejected=bool(item.get("rejected", False)),
                    )
                )
        return tags
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


def apply_exact_text(paper: Paper, exact: Any) -> None:
    """Give back the exact white space of the title, abstract and note from
    ``paperdesk-text`` (a dict, or its JSON), where only white space differs."""
    if isinstance(exact, str):
        try:
            exact = json.loads(exact)
        except ValueError:
            return
    current = {"title": paper.title, "abstract": paper.abstract, "note": paper.note}
    for name, text in restore_exact_text(current, exact).items():
        setattr(paper, name, text)


def read_own_fields(paper: Paper, data: dict[str, Any], extra_prefix: str) -> None:
    """Read PaperDesk's own fields (``paperdesk-stars`` …, CSL ``custom``, RIS ``C8``).

    Other keys go to ``paper.extra`` under ``extra_prefix`` + key.
    """
    for key, value in data.items():
        key = key.removeprefix("paperdesk-")
        if key == "id":
            continue  # the id in the library the file came from means nothing here
        if key == "arxiv-id" and isinstance(value, str):
            paper.arxiv_id = paper.arxiv_id or value
        elif key == "extra" and isinstance(value, dict):
            paper.extra.update({k: v for k, v in value.items() if k not in paper.extra})
        elif key == "stars" and parse_stars(value) is not None:
            paper.stars = parse_stars(value) or 0
        elif key == "read" and parse_read_state(value):
            paper.read = parse_read_state(value) or paper.read
        elif key == "highlights" and parse_highlights(value) is not None:
            paper.highlights = parse_highlights(value) or []
        elif key == "tags" and parse_tags(value) is not None:
            paper.tags = parse_tags(value) or []
        elif key == "collections" and isinstance(value, list):
            paper.collections = [str(v) for v in value if str(v).strip()]
        elif key == "text":
            apply_exact_text(paper, value)
        else:
            paper.extra[f"{extra_prefix}{key}"] = value
