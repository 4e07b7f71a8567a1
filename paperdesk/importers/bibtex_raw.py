"""The first stage of BibTeX import: blocks to entries with plain string fields.

bibtexparser 2 splits the file into blocks (with no middleware, which is fast). This
module then resolves what BibTeX itself resolves: ``@string`` macros, the standard month
macros, ``#`` concatenation, and ``crossref`` inheritance (biblatex rules, cycle-safe).
Field values come out with their outer delimiters removed and white space collapsed, but
still in LaTeX; :mod:`paperdesk.importers.bibtex` turns them into papers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ExplicitComment,
    ImplicitComment,
    ParsingFailedBlock,
    Preamble,
    String,
)

#: the longest field or @string value kept (a value past it is cut, with a note)
MAX_VALUE_CHARS = 1_000_000

MONTH_MACROS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}
#: fields a child never takes from its crossref parent (its own identity and text)
NOT_INHERITED = frozenset(
    {
        "title",
        "subtitle",
        "titleaddon",
        "shorttitle",
        "abstract",
        "doi",
        "url",
        "eprint",
        "eprinttype",
        "archiveprefix",
        "primaryclass",
        "note",
        "annote",
        "annotation",
        "keywords",
        "file",
        "crossref",
        "xref",
        "ids",
        "key",
        "label",
        "entryset",
        "related",
    }
)
#: parent field -> child field under biblatex's inheritance rules
RENAMED_ON_INHERIT = {"title": "booktitle", "subtitle": "booksubtitle"}
_NON_ENTRY_BLOCK = re.compile(r"\s*@\s*(comment|string|preamble)\b", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_FAILED_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()=]+)\s*,")


@dataclass
class RawEntry:
    """One BibTeX entry with resolved (still LaTeX) field values."""

    key: str
    entry_type: str
    fields: dict[str, str]
    line: int
    notes: list[str] = field(default_factory=list)


@dataclass
class RawFailure:
    """An entry that could not be parsed."""

    line: int | None
    key: str
    reason: str


@dataclass
class RawBibliography:
    """Everything the first stage found in one file."""

    entries: list[RawEntry] = field(default_factory=list)
    failures: list[RawFailure] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # @comment texts (JabRef metadata)
    warnings: list[str] = field(default_factory=list)


def parse_bibtex_raw(text: str) -> RawBibliography:
    """Split BibTeX text into entries with macros, concatenation and crossrefs resolved.

    Every ``@type{...}`` entry of the text ends up in exactly one of ``entries`` or
    ``failures``; ``@string``, ``@preamble`` and ``@comment`` blocks (JabRef metadata
    included) are not entries. Line numbers are 1-based.

    Args:
        text: the decoded file content.

    Returns:
        The entries, the failures and file-level warnings.
    """
    library = bibtexparser.parse_string(text, parse_stack=[])
    result = RawBibliography()
    macros = dict(MONTH_MACROS)
    first_line_of_key: dict[str, int] = {}
    by_key: dict[str, RawEntry] = {}
    for block in library.blocks:
        line = block.start_line + 1 if block.start_line is not None else None
        if isinstance(block, String):
            value, undefined = resolve_value(block.value, macros, strip=False)
            if len(value) > MAX_VALUE_CHARS:
                value = value[:MAX_VALUE_CHARS]
                result.warnings.append(f"line {line}: @string {block.key}: longer than "
                                       f"{MAX_VALUE_CHARS:,} characters; cut")
            macros[block.key.lower()] = value
            for name in undefined:
                result.warnings.append(
                    f"line {line}: @string {block.key}: undefined macro {name!r}"
                )
        elif isinstance(block, Entry) or (isinstance(block, DuplicateFieldKeyBlock)
                                          and isinstance(block.ignore_error_block, Entry)):
            # (a field written twice, "year" in pierog2008lhc: BibTeX keeps the first value,
            # and so does _raw_entry, with a note; the parser had refused the entry)
            if isinstance(block, DuplicateFieldKeyBlock):
                block = block.ignore_error_block
            entry = _raw_entry(block, line or 0, macros)
            if entry.key.lower() in by_key:  # taken by an entry renamed before
                _rename(entry, first_line_of_key, by_key, result)
            first_line_of_key.setdefault(entry.key.lower(), entry.line)
            by_key.setdefault(entry.key.lower(), entry)
            result.entries.append(entry)
        elif isinstance(block, DuplicateBlockKeyBlock):
            _add_repeated_key(block, line, macros, by_key, first_line_of_key, result)
        elif isinstance(block, ParsingFailedBlock):
            _add_failed_block(block, line, result)
        elif isinstance(block, ExplicitComment):
            result.comments.append(block.comment)
        elif not isinstance(block, Preamble | ImplicitComment):
            result.warnings.append(f"line {line}: ignored {type(block).__name__}")
    resolve_crossrefs(result.entries)
    return result


def _add_repeated_key(block: DuplicateBlockKeyBlock, line: int | None, macros: dict[str, str],
                      by_key: dict[str, RawEntry], first_line_of_key: dict[str, int],
                      result: RawBibliography) -> None:
    """An entry whose key was used before: the same entry again is read once; a different
    one is imported under the key with a suffix ("smith2020-2"), and a warning says so."""
    dup = block.ignore_error_block
    if not isinstance(dup, Entry):
        first = first_line_of_key.get(block.key.lower())
        where = f" (first used on line {first})" if first else ""
        result.failures.append(RawFailure(line, block.key, f"duplicate key {block.key!r}{where}"))
        return
    entry = _raw_entry(dup, line or 0, macros)
    earlier = by_key.get(entry.key.lower())
    if earlier is not None and (earlier.entry_type, earlier.fields) == (entry.entry_type,
                                                                       entry.fields):
        result.warnings.append(f"line {line}: entry {entry.key!r} repeats line {earlier.line}; "
                               "read once")
        return
    _rename(entry, first_line_of_key, by_key, result)
    result.entries.append(entry)


def _rename(entry: RawEntry, first_line_of_key: dict[str, int], by_key: dict[str, RawEntry],
            result: RawBibliography) -> None:
    """Give ``entry`` its key with the first free suffix ("-2", "-3"…) and say so."""
    first = first_line_of_key.get(entry.key.lower())
    where = f" (first used on line {first})" if first else ""
    n = 2
    while f"{entry.key}-{n}".lower() in first_line_of_key:
        n += 1
    new_key = f"{entry.key}-{n}"
    result.warnings.append(f"line {entry.line}: key {entry.key!r} is used again{where} for a "
                           f"different entry; imported as {new_key!r}")
    entry.key = new_key
    first_line_of_key[new_key.lower()] = entry.line
    by_key[new_key.lower()] = entry


def _add_failed_block(block: ParsingFailedBlock, line: int | None, result: RawBibliography) -> None:
    raw = block.raw or ""
    kind = _NON_ENTRY_BLOCK.match(raw)
    if kind:
        result.warnings.append(f"line {line}: unreadable @{kind.group(1).lower()} block ignored")
        return
    key_match = _FAILED_KEY.match(raw.lstrip())
    reason = str(block.error).strip().splitlines()[0] if str(block.error).strip() else ""
    result.failures.append(
        RawFailure(
            line,
            key_match.group(1) if key_match else "",
            f"syntax error: {reason or 'unreadable entry'}",
        )
    )


#: fields whose line breaks are kept (notes are Markdown)
MULTILINE_FIELDS = frozenset({"note", "annote", "annotation"})


def _raw_entry(block: Entry, line: int, macros: dict[str, str]) -> RawEntry:
    entry = RawEntry(block.key.strip(), block.entry_type.lower(), {}, line)
    for fld in block.fields:
        name = fld.key.strip()
        if any(c.isspace() for c in name):  # e.g. a "% comment" line glued to the field name
            entry.notes.append(f"field name {name!r} read as {name.split()[-1]!r}")
            name = name.split()[-1]
        name = name.lower()
        value, undefined = resolve_value(str(fld.value), macros,
                                         collapse=name.lower() not in MULTILINE_FIELDS)
        if len(value) > MAX_VALUE_CHARS:
            value = value[:MAX_VALUE_CHARS]
            entry.notes.append(f"field {name}: longer than {MAX_VALUE_CHARS:,} characters; cut")
        for macro in undefined:
            entry.notes.append(f"field {name}: undefined macro {macro!r} left out")
        if name in entry.fields:
            entry.notes.append(f"duplicate field {name!r}: the first value is kept")
            continue
        entry.fields[name] = value
    return entry


def resolve_value(raw: str, macros: dict[str, str], strip: bool = True,
                  collapse: bool = True) -> tuple[str, list[str]]:
    """Resolve a field value expression: ``{...}``, ``"..."``, numbers, macros and ``#``.

    Args:
        raw: the value as written in the file.
        macros: known ``@string`` macros (lower-case names) including month names.
        strip: remove white space at both ends (not for ``@string`` values, whose
            spaces matter when they are concatenated).
        collapse: turn every run of white space into one space (not for notes, whose
            line breaks are Markdown paragraphs).

    Returns:
        The value with delimiters removed and white space collapsed, and the names of
        undefined macros (left out of the value).
    """
    raw = raw.strip()
    if "#" not in raw:  # a single token (the common case): no scanning needed
        parts, undefined = [_token_value(raw, macros)], []
        if parts[0] is None:
            parts, undefined = [], [raw]
    else:
        parts, undefined = [], []
        for token in _split_concatenation(raw):
            value = _token_value(token, macros)
            if value is None:
                undefined.append(token)
            else:
                parts.append(value)
    # a chain of @string doublings would grow to gigabytes: cut every step
    value = "".join(p[:MAX_VALUE_CHARS + 1] for p in parts)[:MAX_VALUE_CHARS + 1]
    if collapse:
        value = _WHITESPACE.sub(" ", value)
    return (value.strip() if strip else value), undefined


def _token_value(token: str, macros: dict[str, str]) -> str | None:
    if len(token) >= 2 and token[0] == "{" and token[-1] == "}":
        return token[1:-1]
    if len(token) >= 2 and token[0] == '"' and token[-1] == '"':
        return token[1:-1]
    if token.isdigit():
        return token
    return macros.get(token.lower())


def _split_concatenation(raw: str) -> list[str]:
    """Split ``a # {b} # "c"`` into its tokens, respecting braces and quotes."""
    tokens: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, char in enumerate(raw):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            tokens.append(raw[start:i].strip())
            start = i + 1
    tokens.append(raw[start:].strip())
    return [t for t in tokens if t]


def resolve_crossrefs(entries: list[RawEntry]) -> None:
    """Fill each entry's missing fields from its ``crossref`` parent, in place.

    Parents are resolved first (chains work); a cycle or a missing parent is noted on
    the entry and leaves its own fields as they are.
    """
    by_key: dict[str, RawEntry] = {}
    for entry in reversed(entries):  # the first entry with a key (or alias) wins
        by_key[entry.key.lower()] = entry
        for alias in entry.fields.get("ids", "").split(","):
            if alias.strip():
                by_key.setdefault(alias.strip().lower(), entry)
    done: set[int] = set()
    for entry in entries:  # iteratively: a chain may be thousands of entries long
        path: list[RawEntry] = []
        parents: list[RawEntry | None] = []
        on_path: set[int] = set()
        current: RawEntry | None = entry
        while current is not None and id(current) not in done:
            path.append(current)
            on_path.add(id(current))
            parent_key = current.fields.get("crossref", "").strip()
            parent = by_key.get(parent_key.lower()) if parent_key else None
            if parent_key and parent is None:
                current.notes.append(f"crossref {parent_key!r} not found in this file")
            elif parent is not None and id(parent) in on_path:
                cycle = " -> ".join([*(p.key.lower() for p in path), parent.key.lower()])
                current.notes.append(f"crossref cycle ({cycle}); not inherited")
                parent = None
            parents.append(parent)
            current = parent
        for child, parent in zip(reversed(path), reversed(parents), strict=True):
            if parent is not None:
                _inherit(child, parent)
            done.add(id(child))


def _inherit(child: RawEntry, parent: RawEntry) -> None:
    for name, value in parent.fields.items():
        target = RENAMED_ON_INHERIT.get(name, name)
        if target in NOT_INHERITED or target in child.fields:
            continue
        child.fields[target] = value
