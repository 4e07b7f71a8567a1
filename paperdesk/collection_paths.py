"""Collection names and paths (``Thesis/Chapter 2``), shared by the library and importers."""

from __future__ import annotations

SEPARATOR = "/"
#: stands in for "/" inside a name read from elsewhere (Zotero, JabRef), since "/" joins paths
SLASH_STAND_IN = "\u2215"


def clean_name(name: str) -> str:
    """A collection name with spaces collapsed and "/" replaced (it separates path parts)."""
    return " ".join(str(name).replace(SEPARATOR, SLASH_STAND_IN).split())


def split_path(path: str) -> list[str]:
    """The names of a path ``A/B/C`` (empty parts dropped)."""
    return [clean_name(p) for p in str(path).split(SEPARATOR) if p.strip()]
