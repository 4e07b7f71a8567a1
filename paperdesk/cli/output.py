"""Printing results for people (plain text) or programs (``--json``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from paperdesk.records import Paper

if TYPE_CHECKING:
    from paperdesk.search import Hit


def emit_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def stars_text(n: int) -> str:
    """"★★★☆☆" for 3 stars."""
    return "★" * n + "☆" * (5 - n)


def paper_line(p: Paper) -> str:
    """One line per paper for lists: id, year, stars, title, first author."""
    first = p.authors[0] if p.authors else None
    family = " ".join(x for x in (first.prefix, first.family) if x) if first else ""
    who = family + (" et al." if len(p.authors) > 1 else "") if first else ""
    year = str(p.year) if p.year else "----"
    tail = f" — {who}" if who else ""
    return f"{p.id:>6}  {year}  {stars_text(p.stars)}  {p.title}{tail}"


def paper_details(p: Paper, missing: Collection[str] = ()) -> str:
    """A multi-line description of one paper for ``show``; ``missing``: its attachments
    whose files are gone from the library's folder (said so beside them)."""
    lines = [f"[{p.id}] {p.title}", f"key: {p.key}"]
    if p.authors:
        lines.append("authors: " + "; ".join(a.display for a in p.authors))
    for label, value in (("year", p.year), ("venue", p.venue), ("type", p.entry_type),
                         ("doi", p.doi), ("arxiv", p.arxiv_id), ("url", p.url)):
        if value:
            lines.append(f"{label}: {value}")
    lines.append(f"stars: {stars_text(p.stars)}   read: {p.read}"
                 + ("   (in trash)" if p.trashed else ""))
    if p.user_tags:
        lines.append("tags: " + ", ".join(p.user_tags))
    if p.suggested_tags:
        lines.append("suggested tags: " + ", ".join(t.name for t in p.suggested_tags))
    if p.links:
        lines.append("linked: " + ", ".join(str(i) for i in p.links))
    if p.attachments:
        lines.append("files: " + ", ".join(
            f"{a} (missing: import the file again to bring it back)" if a in missing else a
            for a in p.attachments))
    if p.abstract:
        lines += ["", p.abstract]
    for h in p.highlights:
        place = f"p. {h.page + 1}: " if h.page is not None else ""
        quote = h.text or ("(note)" if h.page is not None else "")
        lines.append(f"  > {place}{quote}" + (f" — {h.comment}" if h.comment else ""))
    if p.note:
        lines += ["", "Note:", p.note]
    return "\n".join(lines)


def hit_lines(hit: Hit, p: Paper, show_score: bool = True) -> str:
    """A search hit for people: id, score, title; year · first author · venue; why; snippet."""
    first = p.authors[0] if p.authors else None
    who = (" ".join(x for x in (first.prefix, first.family) if x)
           + (" et al." if len(p.authors) > 1 else "")) if first else ""
    facts = " · ".join(x for x in (str(p.year) if p.year else "", who, p.venue) if x)
    score = f"{hit.score:6.2f}  " if show_score else ""
    lines = [f"{hit.paper_id:>6}  {score}{hit.title}"]
    pad = " " * (8 + len(score))
    lines += [pad + text for text in (facts, hit.why, hit.snippet) if text]
    return "\n".join(lines)


def results_line(shown: int, total: int, mode: str, limit: int | None) -> str:
    """"20 of 312 papers, --limit to see more" (or "No papers match.")."""
    if not total:
        return "No papers match."
    how = " (Best match)" if mode == "best" else ""
    noun = "paper" if total == 1 else "papers"
    if shown < total:
        return f"{shown} of {total} {noun}{how}, --limit to see more"
    return f"{total} {noun}{how}"
