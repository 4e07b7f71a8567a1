"""BibTeX and biblatex person names -> :class:`~paperdesk.records.Author`.

The splitting follows BibTeX's rules through bibtexparser's own implementation
("Last, First", "First von Last", "von Last, Jr, First", "{Barnes and Noble}"), then each
part is decoded from LaTeX. biblatex's extended form (``family=Smith, given=John``) is
recognised too. "and others" becomes a flag instead of an author, as do "et al." and
"et al" ending the list ("K. A. Olive et al."). A generational suffix after the last name
("Richard T. Lahey Jr.", "Barnes Jr, Peter D") is the "Jr" part, not the family name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bibtexparser.middlewares.names import (
    NameParts,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from paperdesk.importers.latex import latex_to_unicode
from paperdesk.records import GENERATIONAL_SUFFIX, Author

_EXTENDED_PART = re.compile(r"^\s*(family|given|prefix|suffix|useprefix)\s*=", re.IGNORECASE)
_ESCAPED_TILDE = "\ue000"
#: BibTeX "special characters" ({\'e}, {\TH}): their case is their letter's, so they are
#: decoded before splitting (bibtexparser would take "{\TH}orvaldur" for a "von" word)
_SPECIAL_CHARACTER = re.compile(r"\{\\[^{}]*(?:\{[^{}]*\}[^{}]*)*\}")
_EXTENDED_KEYS = {"family": "family", "given": "given", "prefix": "prefix", "suffix": "suffix"}
#: a name-list item that only says there are more people
_OTHERS = re.compile(r"^(?:others|et\.?[\s~]*al\.?)$", re.IGNORECASE)
#: "et al." typed after the last name
_ET_AL_END = re.compile(r"[\s~,]+et\.?[\s~]*al\.?$", re.IGNORECASE)


@dataclass
class PersonList:
    """The people of one name field, and whether it ended with "and others"."""

    authors: list[Author]
    and_others: bool = False


def split_name(raw: str) -> NameParts:
    """Split one BibTeX name into its first / von / last / jr words (still LaTeX).

    Malformed names (too many commas, unbalanced braces) are worked around, never raised.
    """
    if "\\~" not in raw:
        return parse_single_name_into_parts(raw, strict=False)
    # bibtexparser takes the tilde of the accent command \~ for a tie between words
    parts = parse_single_name_into_parts(raw.replace("\\~", _ESCAPED_TILDE), strict=False)
    return NameParts(
        *(
            [w.replace(_ESCAPED_TILDE, "\\~") for w in words]
            for words in (parts.first, parts.von, parts.last, parts.jr)
        )
    )


@lru_cache(maxsize=65536)
def parse_person(raw: str) -> Author:
    """One BibTeX or biblatex name as an :class:`Author` with decoded text."""
    if _EXTENDED_PART.match(raw):
        return _parse_extended(raw)
    parts = _suffix_as_jr(
        split_name(_SPECIAL_CHARACTER.sub(lambda m: latex_to_unicode(m.group(0)), raw)))
    family = _decode_words(parts.last)
    given = _decode_words(parts.first)
    prefix = _decode_words(parts.von)
    suffix = _decode_words(parts.jr)
    if not family:  # e.g. only a von part: "de la"; keep the text somewhere visible
        family, prefix = prefix or given, ""
        given = "" if family == given else given
    return Author(family=family, given=given, prefix=prefix, suffix=suffix)


def parse_people(raw: str) -> PersonList:
    """Split a whole name field (``A and B and others``, ``A and B et al.``) into authors."""
    names, and_others = split_others(split_multiple_persons_names(raw))
    authors = [parse_person(" ".join(n.split())) for n in names if n.strip()]
    return PersonList([a for a in authors if a.family or a.given], and_others)


def split_others(names: list[str]) -> tuple[list[str], bool]:
    """The names of a list without the mark that more people follow ("others", "et al.",
    "et al", also typed after the last name: "K. A. Olive et al."), and whether it had one."""
    if not names:
        return names, False
    if _OTHERS.match(names[-1].strip().strip("{}").strip()):
        return names[:-1], True
    last = names[-1].rstrip()
    trimmed = _ET_AL_END.sub("", last)
    if trimmed != last and trimmed.strip():
        return [*names[:-1], trimmed], True
    return names, False


def _suffix_as_jr(parts: NameParts) -> NameParts:
    """A generational suffix BibTeX took for the last name ("Richard T. Lahey Jr.") or its
    last word ("Barnes Jr, Peter D") as the Jr part."""
    if parts.jr or not parts.last or not GENERATIONAL_SUFFIX.match(parts.last[-1]):
        return parts
    if len(parts.last) > 1:
        return NameParts(parts.first, parts.von, parts.last[:-1], parts.last[-1:])
    if parts.first and not parts.von:
        return NameParts(parts.first[:-1], [], parts.first[-1:], parts.last)
    return parts


def _decode_words(words: list[str]) -> str:
    return latex_to_unicode(" ".join(words)).strip() if words else ""


def _parse_extended(raw: str) -> Author:
    values: dict[str, str] = {}
    for part in _split_top_level_commas(raw):
        name, _, value = part.partition("=")
        key = _EXTENDED_KEYS.get(name.strip().lower())
        if key:
            values[key] = latex_to_unicode(value.strip()).strip()
    return Author(**values) if values.get("family") else Author(family=values.get("given", raw))


def _split_top_level_commas(text: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts
