"""How a paper's annotation travels in other formats' single note field.

Exporters write the note, a blank line, then the highlights as quotations
(:func:`highlights_text`), and PaperDesk's own data under the ``paperdesk-*`` names;
importers read the structured highlights back and strip the quotation block from the
note (:func:`note_without_highlights`), so a round trip gives back the same note.
"""

from __future__ import annotations

from collections.abc import Iterable

from paperdesk.records import Highlight

HIGHLIGHTS_HEADER = "Highlights:"

#: PaperDesk's own fields, by the same names in every format
STARS_FIELD = "paperdesk-stars"
READ_FIELD = "paperdesk-read"
HIGHLIGHTS_FIELD = "paperdesk-highlights"
TAGS_FIELD = "paperdesk-tags"
#: the exact text of fields whose white space an importer would tidy, or whose math an
#: exporter gives as Unicode (JSON: field -> text)
TEXT_FIELD = "paperdesk-text"
#: the paper fields :data:`TEXT_FIELD` may hold
EXACT_TEXT_FIELDS = ("title", "abstract", "note")
#: the fields whose ``$…$`` math CSL-JSON and RIS give as Unicode ("MoS$_2$" → "MoS₂")
MATH_FIELDS = ("title", "abstract")


def _as_exported(name: str, text: str) -> str:
    """``text`` as another tool reads it: single spaces, and math as Unicode in a title or
    an abstract."""
    from paperdesk.mathtext import math_to_unicode  # (its LaTeX decoder loads in ~25 ms)

    return " ".join((math_to_unicode(text) if name in MATH_FIELDS else text).split())


def exact_text(fields: dict[str, str]) -> dict[str, str]:
    """The fields of ``fields`` (name -> text) whose white space is not plain single spaces
    (doubled or trailing spaces, line breaks, tabs) or that hold math: those an importer
    would get back changed."""
    return {name: text for name, text in fields.items()
            if name in EXACT_TEXT_FIELDS and text and text != _as_exported(name, text)}


def restore_exact_text(current: dict[str, str], exact: object) -> dict[str, str]:
    """The fields of ``exact`` (read back from :data:`TEXT_FIELD`) that may replace the
    imported ``current`` text: only where they differ from it in white space or in math
    given as Unicode alone, so an edit made elsewhere since the export is never undone. A
    note may carry the highlights' quotation block after it."""
    if not isinstance(exact, dict):
        return {}
    out = {}
    for name, text in exact.items():
        if name not in EXACT_TEXT_FIELDS or not isinstance(text, str):
            continue
        plain, now = " ".join(text.split()), " ".join(str(current.get(name, "")).split())
        if plain == now or _as_exported(name, text) == now or (
            name == "note" and plain and now.startswith(plain)
        ):
            out[name] = text
    return out


def highlights_text(highlights: Iterable[Highlight]) -> str:
    """Highlights as plain-text quotations: a header line, then one ``> "text" — comment``."""
    lines = []
    for h in highlights:
        quote = " ".join(h.text.split())
        place = f" (p. {h.page + 1})" if h.page is not None else ""
        comment = f" — {h.comment.strip()}" if h.comment.strip() else ""
        lines.append(f'> "{quote}"{place}{comment}' if quote else f"> Note{place}{comment}")
    return "\n".join([HIGHLIGHTS_HEADER, *lines]) if lines else ""


def note_without_highlights(note: str, highlights: list[Highlight]) -> str:
    """``note`` without the quotation block an exporter appended for ``highlights``."""
    block = highlights_text(highlights)
    if not block:
        return note
    stripped = note.rstrip()
    if stripped.endswith(block):
        return stripped[: -len(block)].rstrip()
    return note
