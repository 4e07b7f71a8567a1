"""Better BibTeX JSON (Zotero's "Better BibTeX JSON" export): items, notes, collections.

The file is ``{"config": …, "collections": {KEY: {name, parent, items: [itemID…],
collections: [KEY…]}}, "items": [{itemID, itemKey, itemType, <Zotero fields>, creators,
tags: [{tag, type}], notes: [html or {note}], attachments: [{path, title, url}],
citationKey, …}]}``. Items map as in a Zotero data folder
(:mod:`paperdesk.importers.zotero.mapping`); notes become Markdown, collection paths come
from the tree, attachments whose file exists are attached. Notes and attachments stored as
items of their own (standalone) become papers of their own, like the Zotero import does.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from paperdesk.collection_paths import clean_name
from paperdesk.errors import InputFileError
from paperdesk.importers.zotero import mapping as M
from paperdesk.importers.zotero.notes import html_to_markdown
from paperdesk.progress import Progress
from paperdesk.records import ImportProblem, Paper, ParsedEntry, ParseResult, Tag

_SKIP = {"itemID", "itemKey", "key", "itemType", "creators", "tags", "notes", "attachments",
         "relations", "collections", "citationKey", "uri", "select", "version", "libraryID",
         "dateAdded", "dateModified", "multi", "citekey", "note"}


def looks_like_betterbibtex(head: str) -> bool:
    """True for the start of a Better BibTeX JSON export (an object with ``items``)."""
    return head.lstrip().startswith("{") and '"items"' in head and (
        '"config"' in head or '"collections"' in head or '"itemType"' in head)


def _paths(collections: dict[str, Any]) -> dict[Any, list[str]]:
    """itemID -> collection paths."""
    def path(key: str, seen: frozenset = frozenset()) -> str:
        c = collections.get(key) or {}
        name = clean_name(c.get("name") or key) or "Untitled"
        parent = c.get("parent")
        if parent and parent in collections and parent not in seen:
            return f"{path(parent, seen | {key})}/{name}"
        return name

    out: dict[Any, list[str]] = {}
    for key, c in collections.items():
        if not isinstance(c, dict):
            continue
        p = path(key)
        for item in c.get("items") or []:
            out.setdefault(item, []).append(p)
    return out


def _paper(item: dict[str, Any], base: Path) -> Paper:
    fields = {k: str(v) for k, v in item.items()
              if k not in _SKIP and isinstance(v, str | int | float) and str(v).strip()}
    fields = {M.BASE_FIELDS.get(k, k): v for k, v in fields.items()}
    entry_type, csl_type = M.ITEM_TYPES.get(item.get("itemType", ""), ("misc", "document"))
    year, date = M.parse_date(fields.get("date", ""))
    paper = Paper(title=fields.get("title", "").strip(), abstract=fields.get("abstractNote", ""),
                  year=year, venue=fields.get("publicationTitle", ""), entry_type=entry_type,
                  doi=M.doi_from(fields), arxiv_id=M.arxiv_from(fields),
                  url=fields.get("url", ""), key=str(item.get("citationKey") or
                                                      item.get("citekey") or ""))
    extra: dict[str, Any] = {"csl_type": csl_type, "zotero_type": item.get("itemType", "")}
    if item.get("itemKey"):
        extra["zotero_key"] = f"bbt:{item['itemKey']}"
    if date:
        extra["date"] = date
    roles: dict[str, list[str]] = {}
    for c in item.get("creators") or []:
        person = M.creator(c.get("firstName"), c.get("lastName") or c.get("name"),
                           1 if "name" in c else 0)
        role = c.get("creatorType", "author")
        if role == "author":
            paper.authors.append(person)
        else:
            roles.setdefault(role, []).append(person.sort_key)
    for role, names in roles.items():
        extra[role] = " and ".join(names)
    for name, value in fields.items():
        if name not in M.COLUMN_FIELDS:
            extra.setdefault(M.EXTRA_NAMES.get(name, name), value)
    for t in item.get("tags") or []:
        name = t.get("tag") if isinstance(t, dict) else str(t)
        if name:
            auto = isinstance(t, dict) and t.get("type") == 1
            paper.tags.append(Tag(name, "auto" if auto else "user"))
    notes = []
    for n in item.get("notes") or []:
        html = n.get("note", "") if isinstance(n, dict) else str(n)
        text, _ = html_to_markdown(html)
        if text:
            notes.append(text)
    if item.get("itemType") == "note" and item.get("note"):
        notes.insert(0, html_to_markdown(str(item["note"]))[0])
        paper.title = paper.title or notes[0].split("\n", 1)[0].lstrip("# ")[:300]
    paper.note = "\n\n---\n\n".join(notes)
    for a in item.get("attachments") or []:
        path = Path(str(a.get("localPath") or a.get("path") or ""))
        if str(path) and not path.is_absolute():
            path = base / path
        if str(path) not in ("", ".") and path.is_file():
            paper.attachments.append(str(path))
        elif a.get("url") and not paper.url:
            paper.url = a["url"]
    paper.extra = extra
    return paper


def read_betterbibtex(path: Path, text: str, progress: Progress | None = None) -> ParseResult:
    """Importer entry point: a Better BibTeX JSON export."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputFileError(str(path), f"not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise InputFileError(str(path), "not a Better BibTeX JSON export (no items list)")
    result = ParseResult()
    where = _paths(data.get("collections") or {})
    for n, item in enumerate(data["items"], start=1):
        if not isinstance(item, dict):
            result.problems.append(ImportProblem(str(path), None, f"#{n}", "not an item"))
            continue
        key = str(item.get("citationKey") or item.get("itemKey") or f"#{n}")
        if item.get("itemType") == "attachment":
            result.problems.append(ImportProblem(str(path), None, key,
                                                 "standalone attachment: not imported"))
            continue
        paper = _paper(item, Path(path).parent)
        paper.collections = where.get(item.get("itemID"), []) or where.get(
            item.get("itemKey"), [])
        if not paper.title:
            result.problems.append(ImportProblem(str(path), None, key, "missing title"))
            continue
        result.entries.append(ParsedEntry(paper=paper, key=key))
    return result
