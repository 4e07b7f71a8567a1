"""Citation styles: the CSL styles we ship, style files given by path, and user styles.

A style is a short name (:data:`STYLES`, or a style the user added with
:func:`add_user_style`) or a path to a ``.csl`` file. A *dependent* style (one that only
names its parent with ``rel="independent-parent"``) is resolved to its parent, found
beside it, among the shipped styles or among the user's styles. Formatting lives in
:mod:`paperdesk.export.formatting`.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import platformdirs

from paperdesk.config import APP_NAME, resource_path
from paperdesk.errors import KnownError

STYLES = {
    "apa": "apa.csl",
    "ieee": "ieee.csl",
    "chicago": "chicago-author-date.csl",
    "mla": "modern-language-association.csl",
    "nature": "nature.csl",
    "acl": "association-for-computational-linguistics.csl",
    "harvard": "harvard-cite-them-right.csl",
    "acs": "american-chemical-society.csl",
    "elsevier-harvard": "elsevier-harvard.csl",
    "springer": "springer-basic-author-date.csl",
    "vancouver": "dependent/vancouver-nlm.csl",
    "turabian": "dependent/turabian-notes-bibliography.csl",
    "acm": "association-for-computing-machinery.csl",
    "elsevier": "elsevier-with-titles.csl",
    "springer-basic": "springer-basic-brackets.csl",
}
CSL_NS = {"cs": "http://purl.org/net/xbiblio/csl"}
USER_STYLES_ENV = "PAPERDESK_STYLES_DIR"
_NAME_RE = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class CitationStyle:
    """A loaded CSL style.

    Attributes:
        name: The short name, or "file:<path>@<mtime>" for a style file (the cache key).
        path: The ``.csl`` file (for a dependent style, the dependent file).
        title: The style's title.
        label: For numbered styles, the number's format, e.g. "[{}]" or "{}."; else "".
        xml: The independent style's XML (a dependent style's parent).
        disambiguates: The style tells look-alike citations apart (year suffixes, more
            names or given names), so an entry may depend on the other entries.
        cites_year: The style's citations show the date, so works of different years
            never look alike.
        cite_names: How many authors a citation shows: ``(et_al_min, et_al_use_first)``
            (``(0, 0)``: every author), or None when the citation's names are not that
            simple (see :func:`_cite_names`).
    """

    name: str
    path: Path
    title: str
    label: str
    xml: str
    disambiguates: bool
    cites_year: bool = False
    cite_names: tuple[int, int] | None = None

    @property
    def numeric(self) -> bool:
        """True for styles that number their entries (IEEE, Nature, ACS)."""
        return bool(self.label)


def user_styles_dir() -> Path:
    """Where :func:`add_user_style` keeps styles: ``$PAPERDESK_STYLES_DIR`` or the user
    data folder's ``styles/``."""
    import os

    env = os.environ.get(USER_STYLES_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME)) / "styles"


def user_styles() -> dict[str, Path]:
    """The user's styles by short name (the file name without ``.csl``)."""
    folder = user_styles_dir()
    if not folder.is_dir():
        return {}
    return {p.stem.lower(): p for p in sorted(folder.glob("*.csl")) if p.stem.lower() not in STYLES}


def style_names() -> list[str]:
    """The short names of the shipped styles, then the user's."""
    return list(STYLES) + [n for n in user_styles() if n not in STYLES]


def add_user_style(path: str | Path) -> str:
    """Check the style file ``path`` and copy it into :func:`user_styles_dir`.

    Returns:
        The short name to use it by (its file name, lower case, without ``.csl``).

    Raises:
        KnownError: The file is not a readable CSL style, or its name is a shipped one.
    """
    src = Path(path).expanduser()
    if not src.is_file():
        raise KnownError(f"{src}: no such style file")
    name = _NAME_RE.sub("-", src.stem.lower()).strip("-") or "style"
    if name in STYLES:
        raise KnownError(f"{src}: a shipped style is already called {name!r}; rename the file")
    _load(name, str(src.resolve()), src.stat().st_mtime_ns)  # validates it (and its parent)
    folder = user_styles_dir()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, folder / f"{name}.csl")
    return name


def load_style(style: str) -> CitationStyle:
    """The style called ``style`` (a short name or a ``.csl`` path).

    Raises:
        KnownError: Unknown name (the message lists the known ones) or unreadable file.
    """
    key = style.strip().lower()
    if key in STYLES:
        return _load(key, str(resource_path("csl", STYLES[key])), 0)
    user = user_styles().get(key)
    if user is not None:
        return _load(key, str(user), user.stat().st_mtime_ns)
    path = Path(style).expanduser()
    if path.suffix.lower() == ".csl" and path.is_file():
        resolved = path.resolve()
        return _load("", str(resolved), resolved.stat().st_mtime_ns)
    if path.suffix.lower() == ".csl":
        raise KnownError(f"cannot read citation style {style}: "
                         + ("not a file" if path.exists() else "no such file"))
    raise KnownError(
        f"unknown citation style {style!r}; use one of {', '.join(style_names())} "
        "or the path of a .csl file"
    )


def _parse(path: Path) -> tuple[ET.Element, str]:
    try:
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text.encode("utf-8"))
    except (OSError, UnicodeDecodeError, ET.ParseError) as exc:
        raise KnownError(f"cannot read citation style {path}: {exc}") from exc
    if root.tag != "{http://purl.org/net/xbiblio/csl}style":
        raise KnownError(f"cannot read citation style {path}: not a CSL <style> file")
    return root, text


def _parent_path(root: ET.Element, path: Path) -> Path | None:
    """The independent parent's file of a dependent style, or None for an independent one."""
    for link in root.iterfind("cs:info/cs:link", CSL_NS):
        if link.get("rel") == "independent-parent":
            stem = (link.get("href") or "").rstrip("/").rsplit("/", 1)[-1]
            places = [path.parent, path.parent.parent, resource_path("csl"), user_styles_dir()]
            for folder in places:
                if (folder / f"{stem}.csl").is_file():
                    return folder / f"{stem}.csl"
            raise KnownError(
                f"citation style {path} depends on {stem}.csl; put that file beside it"
            )
    return None


@lru_cache(maxsize=32)
def _load(name: str, path: str, mtime_ns: int) -> CitationStyle:
    root, _ = _parse(Path(path))
    title = root.findtext("cs:info/cs:title", default=Path(path).stem, namespaces=CSL_NS)
    parent = _parent_path(root, Path(path))
    if parent is not None:
        root, xml = _parse(parent)
        if _parent_path(root, parent) is not None:
            raise KnownError(f"citation style {parent} is itself dependent")
    else:
        xml = Path(path).read_text(encoding="utf-8")
    if root.find("cs:bibliography", CSL_NS) is None:
        raise KnownError(f"citation style {path} has no bibliography layout")
    return CitationStyle(
        name=name or f"file:{path}@{mtime_ns}",
        path=Path(path),
        title=title.strip(),
        label=_number_label(root),
        xml=xml,
        cites_year=_cites_variable(root, "issued"),
        cite_names=_cite_names(root),
        disambiguates=any(
            el.get(attr) == "true"
            for el in root.iter()
            for attr in ("disambiguate-add-year-suffix", "disambiguate-add-names",
                         "disambiguate-add-givenname")
        ),
    )


def _citation_elements(root: ET.Element) -> Iterator[ET.Element]:
    """Every element the citation layout uses, directly or through macros."""
    macros = {m.get("name"): m for m in root.iterfind("cs:macro", CSL_NS)}
    citation = root.find("cs:citation", CSL_NS)
    stack, seen = ([citation] if citation is not None else []), set()
    while stack:
        for el in stack.pop().iter():
            yield el
            name = el.get("macro")
            if name and name not in seen and name in macros:
                seen.add(name)
                stack.append(macros[name])


def _cites_variable(root: ET.Element, variable: str) -> bool:
    """True when the citation layout renders ``variable`` (directly or through macros)."""
    return any(variable in (el.get("variable") or "").split() for el in _citation_elements(root))


_ET_AL = ("et-al-min", "et-al-use-first")
#: options that change how many names a citation shows in ways not worked out here
_CITE_TRICKY = ("et-al-subsequent-min", "et-al-subsequent-use-first", "et-al-use-last")


def _cite_names(root: ET.Element) -> tuple[int, int] | None:
    """``(et-al-min, et-al-use-first)`` of the citation's names, from ``<citation>`` or
    else ``<style>`` (``(0, 0)`` when neither abbreviates). None when a name element the
    citation uses sets its own et-al options, or one of :data:`_CITE_TRICKY` is set."""
    citation = root.find("cs:citation", CSL_NS)
    if citation is None:
        return None
    if any(el.get(a) is not None for el in (root, citation) for a in _CITE_TRICKY):
        return None
    for el in _citation_elements(root):
        if el is not citation and any(el.get(a) is not None for a in _ET_AL + _CITE_TRICKY):
            return None
    source = citation if citation.get("et-al-min") is not None else root
    try:
        least, first = (int(source.get(a) or 0) for a in _ET_AL)
    except ValueError:
        return None
    return (least, first) if least > 0 and first > 0 else (0, 0)


def _number_label(root: ET.Element) -> str:
    for text in root.iterfind("cs:bibliography//cs:text", CSL_NS):
        if text.get("variable") == "citation-number":
            return f"{text.get('prefix', '')}{{}}{text.get('suffix', '')}"
    return ""
