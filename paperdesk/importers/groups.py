"""Collections carried by BibTeX: JabRef's groups and Mendeley's folders and files.

* JabRef writes each entry's groups in a ``groups = {A, B}`` field (group names) and the
  tree once per file in ``@Comment{jabref-meta: grouping: …}``: one line per group,
  ``LEVEL StaticGroup:NAME\\;…;`` (JabRef 3: ``ExplicitGroup:NAME\\;0\\;key1\\;…;``, where
  the group lists its entries' keys instead). Level 0 is "All entries".
* Mendeley writes ``mendeley-groups = {Folder, Other}`` and ``file = {:path/x.pdf:pdf}``.

The functions here turn these into collection paths (``A/B``) and files, and back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from paperdesk.collection_paths import clean_name
from paperdesk.records import Paper

GROUP_FIELDS = ("groups", "mendeley-groups")
_GROUPING_RE = re.compile(r"jabref-meta:\s*(?:grouping|groupstree):(.*)", re.DOTALL)
_LINE_RE = re.compile(r"^\s*(\d+)\s+([A-Za-z]+):(.*)$")
_UNESCAPE_RE = re.compile(r"\\(.)")


def _split_escaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` not preceded by a backslash; backslash escapes removed."""
    parts, cur, i = [], [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            cur.append(text[i + 1])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    parts.append("".join(cur))
    return parts


class JabrefGroups:
    """The group tree of one file: name -> path, and keys listed by JabRef 3 groups."""

    def __init__(self) -> None:
        self.paths: dict[str, str] = {}
        self.keys: dict[str, list[str]] = {}  # entry key -> paths (explicit groups)

    @classmethod
    def parse(cls, comment: str) -> JabrefGroups:
        """Read the text of a ``jabref-meta: grouping:`` comment (anything else: empty)."""
        out = cls()
        m = _GROUPING_RE.search(comment)
        if not m:
            return out
        stack: list[str] = []
        for raw in re.split(r";\s*\n|;\s*$", m.group(1).strip()):
            line = _LINE_RE.match(raw.replace("\n", " "))
            if not line:
                continue
            level, kind, body = int(line.group(1)), line.group(2), line.group(3)
            if level == 0 or kind == "AllEntriesGroup":
                continue
            # the metadata escapes each ";" of the group string as "\;"
            fields = [_UNESCAPE_RE.sub(r"\1", f) for f in body.split("\\;")]
            name = clean_name(fields[0])
            del stack[level - 1:]
            stack.append(name)
            path = "/".join(stack)
            out.paths.setdefault(name, path)
            if kind == "ExplicitGroup":  # JabRef 3: the group lists its entries
                for key in fields[2:]:
                    if key.strip():
                        out.keys.setdefault(key.strip(), []).append(path)
        return out

    def paths_for(self, names: Iterable[str], key: str = "") -> list[str]:
        """Collection paths for an entry's group names (and its key in JabRef 3 groups)."""
        out = [self.paths.get(n, n) for n in names]
        out.extend(self.keys.get(key, []))
        return list(dict.fromkeys(out))


def take_collections(paper: Paper, groups: JabrefGroups | None = None) -> None:
    """Move ``groups`` / ``mendeley-groups`` out of ``paper.extra`` into collections."""
    names: list[str] = []
    for name in GROUP_FIELDS:
        value = paper.extra.pop(name, None)
        if value:
            names.extend(n.strip() for n in str(value).split(",") if n.strip())
    paths = (groups or JabrefGroups()).paths_for(names, paper.key)
    paper.collections = list(dict.fromkeys([*paper.collections, *paths]))


def file_paths(value: str, base: Path) -> list[Path]:
    """Files named by a Mendeley/JabRef ``file`` field (``desc:path:type;…``), resolved
    against ``base`` (the BibTeX file's folder); only those that exist."""
    value = value.replace("$\\backslash$", "\\").replace("{", "").replace("}", "")
    found = []
    for item in _split_escaped(value.replace("\\:", "\0"), ";"):
        parts = item.split(":")
        if len(parts) >= 3:
            text = ":".join(parts[1:-1])
        elif len(parts) == 2:
            text = parts[0] if parts[1].lower() in ("pdf", "html", "txt") else ":".join(parts)
        else:
            text = parts[0]
        text = text.replace("\0", ":").strip()
        if not text:
            continue
        path = Path(text)
        # Mendeley on Linux drops the leading "/" of an absolute path
        for candidate in ([path] if path.is_absolute() else [base / path, Path("/") / path]):
            if candidate.is_file():
                found.append(candidate)
                break
    return found


def grouping_comment(paths: Iterable[str]) -> str:
    """A ``@Comment{jabref-meta: grouping: …}`` block for the collections ``paths``
    (JabRef 5 static groups; every ancestor listed before its children)."""
    every: set[str] = set()
    for path in paths:
        parts = path.split("/")
        every.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
    lines = ["@Comment{jabref-meta: grouping:", "0 AllEntriesGroup:;"]
    for path in sorted(every, key=lambda p: [s.casefold() for s in p.split("/")]):
        parts = path.split("/")
        name = parts[-1].replace("\\", "\\\\").replace(";", "\\;")
        lines.append(f"{len(parts)} StaticGroup:{name}\\;0\\;1\\;\\;\\;\\;;")
    return "\n".join(lines) + "\n}"
