"""Formatting references and citations with a CSL style.

The engine is citeproc-js (:mod:`paperdesk.export.citeproc_js`), which passes about 98%
of the official CSL processor test suite; when it is not installed (a bare wheel) we
fall back to citeproc-py with a one-line warning. Two layers:

* :func:`format_bibliography` and :func:`format_citation`: the public API for any
  CSL-JSON items, in the style's own order and numbering.
* :func:`formatted_references`: PaperDesk's exports. Papers keep the export order,
  numbers are stripped (the document numbers entries), each paper's HTML is cached per
  style (:mod:`paperdesk.export.refcache`), and the engine sees batches of
  :data:`BATCH` items. Only year suffixes ("2020a") depend on other entries; papers that
  share a first author and a year are formatted together in one batch and never cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import unquote

from paperdesk.errors import KnownError, UsageError
from paperdesk.export import citeproc_js, parallel
from paperdesk.export.citeproc_js import EngineUnavailable, engine, installed
from paperdesk.export.csljson import csl_metadata
from paperdesk.export.htmlsafe import html_to_markdown, html_to_text
from paperdesk.export.refcache import CacheRow, RefCache, cached_many
from paperdesk.export.styles import CitationStyle, load_style
from paperdesk.mathtext import math_to_unicode
from paperdesk.progress import Progress, check_cancelled
from paperdesk.records import Paper

log = logging.getLogger(__name__)

FORMATS = ("html", "text", "markdown")
#: items per engine call: citeproc-js slows down as its registry grows
BATCH = 250
#: bumped when formatting changes, so cached references from older versions are not reused
ENGINE_TAG = {"js": "cpjs2", "py": "cppy2"}
# CSL variables of a formatted reference (annotations never reach it)
REFERENCE_VARIABLES = (
    "id type title author editor container-title collection-title issued volume issue "
    "page publisher publisher-place event event-place DOI URL ISBN ISSN edition language "
    "number genre accessed collection-number version"
).split()
#: the language of cached references (exports format in US English)
REFERENCE_LOCALE = "en-US"
_JOINER = "\u2060"
_PAGE_DASH_RE = re.compile(r"\s*(?:-+|–|—)\s*")
_ENTRY_RE = re.compile(r'^\s*<div class="csl-entry">(.*)</div>\s*$', re.DOTALL)
_LEFT_MARGIN_RE = re.compile(r'<div class="csl-left-margin">.*?</div>', re.DOTALL)
_DIV_RE = re.compile(r"</?div[^>]*>")
_EAST_ASIAN_RE = re.compile(r"^(?:zh|zho|chi|ja|jpn|ko|kor)\b", re.IGNORECASE)
_LATIN_NAME_RE = re.compile(r"^[\sA-Za-z\u00C0-\u024F'’.-]*$")
_DOI_LINK_RE = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)
_SMALL_HYPHEN_RE = re.compile(r"(?<![\w-])[a-z]{1,2}-[A-Z][\w-]*")
# A period, then (after spaces) a second mark left by an empty part of the entry: styles
# join parts with prefixes such as ". ", so a missing title or pages leave "2014. ." (ACM,
# Elsevier-Harvard; Zotero prints the same). Not a spaced ellipsis (". . .").
_EMPTY_PART_RE = re.compile(r"(?<![.\s])\.((?:\s|&#160;)+[.,;:])(?=\s|<|$)(?!\s*\.)")
# "and others" in a BibTeX author list: a last author of this name, which the style joins
# with its "and" ("Galstad, E., & ⁣et al.⁣.") and mend_punctuation writes "et al." (CSL has
# no way to say "and others"; citeproc-js printed nothing, or "& others")
_OTHERS = "\u2063et al.\u2063"
_OTHERS_RE = re.compile(r"\s*(?:(?:&#38;|&amp;|&|and|und|et|y)\s+)?\u2063et al\.\u2063\.?",
                        re.IGNORECASE)
# A comma before a missing last part: "In <i>Proc. of ACL</i>, ." (ACM, undated) and
# "in <i>Proc. of ACL</i>," at the very end (IEEE, undated).
_EMPTY_LAST_RE = re.compile(r",(?:(?:\s|&#160;)+\.(?=\s|<|$)|((?:</[a-z]+>)*)\s*$)")
# A title's own final period ("A study of things.", as some sources store it) doubles the
# period or comma a style puts after the title: not one of an abbreviation ("U.S.", "etc.").
_TITLE_PERIOD_RE = re.compile(r"(?<=[^\W\d_]{3})(?<!\betc)(?<!\bInc)(?<!\bLtd)(?<!\bCorp)\.$")
_warned = False
_failed = False


def _js_available() -> bool:
    global _warned, _failed
    try:
        engine()
        _failed = False
        return True
    except EngineUnavailable as exc:
        _failed = True
        if not _warned:
            log.warning("%s; formatting references with citeproc-py instead (less exact)", exc)
            _warned = True
        return False


def engine_name() -> str:
    """"citeproc-js <version>" or "citeproc-py" (the fallback), for credits and reports."""
    return f"citeproc-js {engine().version}" if _js_available() else "citeproc-py"


def _style(style: str | CitationStyle) -> CitationStyle:
    return style if isinstance(style, CitationStyle) else load_style(style)


def _check_fmt(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown reference format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def _convert(html: str, fmt: str) -> str:
    if fmt == "markdown":
        return html_to_markdown(html)
    if fmt == "text":
        return html_to_text(html)
    return html


def _entry_html(raw: str) -> str:
    """citeproc-js's ``<div class="csl-entry">…</div>`` as one line of inline HTML."""
    m = _ENTRY_RE.match(raw)
    inner = m.group(1) if m else raw
    return mend_punctuation(" ".join(_DIV_RE.sub(" ", inner).replace(_JOINER, "").split()))


def mend_punctuation(entry: str) -> str:
    """``entry`` without the stray mark a style leaves after a period where a part is
    empty: "In Proc. of ACL, 2014. ." becomes "In Proc. of ACL, 2014.", and an entry that
    ends in a comma ends in a period. The author who stands for "and others" is written
    "et al." after the names ("Galstad, E., et al.", "E. Galstad et al.")."""
    if _OTHERS[0] in entry:
        entry = _OTHERS_RE.sub(" et al.", entry)
    entry = _EMPTY_PART_RE.sub(".", entry)
    return _EMPTY_LAST_RE.sub(lambda m: "." + (m.group(1) or ""), entry)


def _prepared(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        item = dict(item)
        item["id"] = str(item["id"])
        for var in ("title", "container-title", "collection-title"):
            if isinstance(item.get(var), str):
                item[var] = math_to_unicode(item[var])
        out.append(item)
    return out


def format_bibliography(
    items: Sequence[dict[str, Any]],
    style: str | CitationStyle,
    locale: str = "en-US",
    fmt: str = "html",
) -> list[str]:
    """The bibliography of CSL-JSON ``items`` in ``style``: one string per entry, in the
    style's order and with its numbers. All items go to the engine in one call (sorting
    and disambiguation need them together): fine for hundreds; a library's thousands
    go through the exports, which batch.

    Args:
        items: CSL-JSON items, each with an ``id``.
        style: A style's short name (see :func:`~paperdesk.export.styles.style_names`) or a
            path to a ``.csl`` file.
        locale: The language of terms and dates, e.g. "en-US", "de-DE".
        fmt: "html" (inline HTML), "text" or "markdown".

    Raises:
        KnownError: Unknown or unreadable style.
        UsageError: Unknown ``fmt``.
    """
    _check_fmt(fmt)
    csl = _style(style)
    prepared = _prepared(items)
    if not prepared:
        return []
    if _js_available():
        js = engine()
        js.add_style(csl.name, csl.xml)
        if fmt == "text":
            result = js.bibliography(csl.name, locale, "text", prepared)
            return [mend_punctuation(e.strip()) for e in result["entries"]]
        result = js.bibliography(csl.name, locale, "html", prepared)
        return [_convert(_entry_html(e), fmt) for e in result["entries"]]
    from paperdesk.export import citeproc_py

    return [
        _convert(mend_punctuation(h), fmt)
        for h in citeproc_py.format_items(prepared, csl, locale, False)
    ]


def format_citation(
    items: Sequence[dict[str, Any]],
    style: str | CitationStyle,
    locale: str = "en-US",
    fmt: str = "html",
    clusters: Sequence[Sequence[str | dict[str, Any]]] | None = None,
) -> list[str]:
    """In-text citations of CSL-JSON ``items`` in ``style``.

    Args:
        items: CSL-JSON items, each with an ``id``.
        style: A style's short name or a path to a ``.csl`` file.
        locale: The language of terms and dates.
        fmt: "html", "text" or "markdown".
        clusters: The citations to make, each a list of item ids or cite items
            (``{"id": …, "locator": "12", "label": "page"}``); by default one citation
            per item.

    Returns:
        One string per citation, e.g. "(Vaswani et al., 2017)" or "[1]".
    """
    _check_fmt(fmt)
    csl = _style(style)
    prepared = _prepared(items)
    if clusters is None:
        cites = [[{"id": it["id"]}] for it in prepared]
    else:
        cites = [[c if isinstance(c, dict) else {"id": str(c)} for c in cl] for cl in clusters]
    if not cites:
        return []
    if _js_available():
        js = engine()
        js.add_style(csl.name, csl.xml)
        out_fmt = "text" if fmt == "text" else "html"
        return [_convert(c, fmt) for c in js.citations(csl.name, locale, out_fmt, prepared, cites)]
    from paperdesk.export import citeproc_py

    by_id = {it["id"]: it for it in prepared}
    firsts = [by_id[str(cl[0]["id"])] for cl in cites]
    return [_convert(h, fmt) for h in citeproc_py.format_items(firsts, csl, locale, True)]


def warm_up(style: str) -> None:
    """Load the engine and ``style`` now (the window does it in a background thread at
    start-up), so that the first Copy citation takes milliseconds, not seconds. Problems
    are left for the real call to report."""
    try:
        csl = load_style(style)
    except KnownError:
        return
    if _js_available():
        js = engine()
        js.add_style(csl.name, csl.xml)
        js.bibliography(csl.name, "en-US", "html", [{"id": "warm-up", "type": "book"}], "single")


def reference_item(paper: Paper, key: str = "ref") -> dict[str, Any]:
    """The CSL item of a paper's formatted reference: metadata only."""
    item = csl_metadata(paper, key)
    if item["type"] == "article-journal" and not item.get("container-title"):
        # no journal (a PDF whose venue was not read): styles print the journal's parts
        # around nothing ("2007. Title. (2007)." in ACM, the DOI twice in Nature, a quote
        # before the period in IEEE); a document is what is known of it
        item["type"] = "document"
    if item.get("DOI") and _doi_link(item.get("URL", "")) == item["DOI"].casefold():
        del item["URL"]  # the DOI is printed as a link already: not twice
    if _EAST_ASIAN_RE.match(str(item.get("language", ""))) and all(
            _LATIN_NAME_RE.match(n.get("family", "")) for n in item.get("author", [])):
        # citeproc-js writes the names of a Chinese, Japanese or Korean item family name
        # first without a comma ("Sun Y., & Shi Y."), as for names in their own script;
        # names in Latin letters are written as the style writes them ("Sun, Y.")
        del item["language"]
    title = item.get("title")
    if isinstance(title, str):
        item["title"] = _TITLE_PERIOD_RE.sub("", title.rstrip())
    if "page" in item:  # "5998--6008" -> "5998-6008": the engine makes the en dash
        item["page"] = _PAGE_DASH_RE.sub("-", item["page"])
    out = {k: _plain(item[k]) for k in REFERENCE_VARIABLES if k in item}
    if paper.extra.get("authors_and_others") and out.get("author"):
        out["author"] = [*out["author"], {"literal": _OTHERS}]
    if isinstance(out.get("title"), str):
        out["title"] = _keep_case(out["title"])
    return out


def _doi_link(url: str) -> str:
    """The DOI a doi.org link points to, folded ("" for any other address)."""
    m = _DOI_LINK_RE.match(unquote(url.strip()))
    return m.group(1).casefold() if m else ""


def _keep_case(title: str) -> str:
    """``title`` with words that start small and hold capitals after a hyphen ("h-BN",
    "k-NN") marked so that title case leaves them ("H-BN" in Chicago, MLA, ACS)."""
    return _SMALL_HYPHEN_RE.sub(r'<span class="nocase">\g<0></span>', title)


def _plain(value: Any) -> Any:
    """PaperDesk's fields are plain text: keep citeproc-js from reading ``<i>`` as markup
    (a word joiner after each "<", removed from the output by :func:`_entry_html`)."""
    if isinstance(value, str):
        return value.replace("<", "<" + _JOINER) if "<" in value else value
    if isinstance(value, (list, dict)) and "<" not in repr(value):
        return value  # (names and dates: one look instead of a walk through each part)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _strip_number(html: str, style: CitationStyle) -> str:
    if not style.numeric:
        return html
    prefix, suffix = (re.escape(p) for p in style.label.split("{}"))
    return re.sub(rf"^\s*{prefix}\d+{suffix}\s*", "", html)


def _collision_key(paper: Paper, style: CitationStyle) -> str:
    """Papers with different keys never need telling apart: citeproc-js tells apart only
    citations that look alike at first, i.e. show the same family names ("Wang & Li",
    "Wang et al."; compared by the first one when the style's names are not simple, see
    ``CitationStyle.cite_names``) or, without authors, the same title, and the same year
    when the style cites it."""
    if paper.authors:
        families = [a.family for a in paper.authors]
        if style.cite_names is None:
            families = families[:1]
        elif style.cite_names[0] and len(families) >= style.cite_names[0]:
            families = [*families[: style.cite_names[1]], "\x00et al."]
        who = "a:" + "\x00".join(families)
    else:
        who = "t:" + paper.title
    year = f"|{paper.year or ''}" if style.cites_year else ""
    return who.casefold() + year


def _shared(papers: Sequence[Paper], style: CitationStyle) -> list[list[int]]:
    """Indices of papers that may depend on each other in ``style``, in groups."""
    if not style.disambiguates:
        return []
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        by_key[_collision_key(paper, style)].append(i)
    return [g for g in by_key.values() if len(g) > 1]


def item_digest(paper: Paper, style_stamp: str = "") -> str:
    """A digest of what the engine sees of ``paper`` (its :func:`reference_item`, without
    the id) and of the style: the reference cache's stamp. A note, stars, tags or the
    read state change nothing the engine sees, so their edits keep a formatted reference
    cached; a changed title, author, venue, year… does not match any more."""
    item = json.dumps(reference_item(paper, ""), ensure_ascii=False, separators=(",", ":"))
    data = f"{style_stamp}|{REFERENCE_LOCALE}|html|{item}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=12).hexdigest()


#: digests already computed in this process, by paper id, modification time, title and
#: style: a paper's modification time changes with every edit, so a repeated export (the
#: window's, a session's) digests only the papers edited since
_DIGESTS: dict[tuple[int, str, str, str], str] = {}
_DIGESTS_MAX = 250_000


def _memo_digest(paper: Paper, style_stamp: str) -> str:
    """:func:`item_digest`, remembered for the paper as it was last modified (a paper
    without a modification time is digested every time)."""
    if not paper.modified:
        return item_digest(paper, style_stamp)
    key = (paper.id or 0, paper.modified, paper.title, style_stamp)
    digest = _DIGESTS.get(key)
    if digest is None:
        if len(_DIGESTS) >= _DIGESTS_MAX:
            _DIGESTS.clear()
        digest = _DIGESTS[key] = item_digest(paper, style_stamp)
    return digest


def style_digest(style: CitationStyle) -> str:
    """A digest of the style's CSL (a style file edited in place is formatted afresh)."""
    return hashlib.blake2b(style.xml.encode("utf-8"), digest_size=8).hexdigest()


def _group_stamps(
    papers: Sequence[Paper], groups: list[list[int]], digests: Sequence[str]
) -> dict[int, str | None]:
    """For papers in a group: the cache stamp ``<digest>#<digest of the group>`` (a
    reference is reused only with the same companions, as the engine saw them), or None
    when one has no id."""
    stamps: dict[int, str | None] = {}
    for group in groups:
        members = sorted((papers[i].id, digests[i]) for i in group)
        if any(pid is None for pid, _ in members):
            stamps.update(dict.fromkeys(group))
            continue
        digest = hashlib.sha1(repr(members).encode("utf-8")).hexdigest()[:16]
        for i in group:
            stamps[i] = f"{digests[i]}#{digest}"
    return stamps


def _batches(units: list[list[int]], size: int) -> list[list[int]]:
    """Consecutive ``units`` (kept whole) packed into batches of about ``size``."""
    out: list[list[int]] = []
    batch: list[int] = []
    for unit in units:
        if batch and len(batch) + len(unit) > size:
            out.append(batch)
            batch = []
        batch.extend(unit)
    if batch:
        out.append(batch)
    return out


def _plan(papers: Sequence[Paper], style: CitationStyle) -> list[tuple[str, list[int]]]:
    """The engine calls that format ``papers``: (mode, indices) batches of about
    :data:`BATCH`. Papers that may need year suffixes (or more names) among themselves
    go whole into "entries" batches with the engine's disambiguation; the rest into fast
    "single" batches without it (their output does not depend on their companions)."""
    groups = _shared(papers, style)
    grouped = {i for g in groups for i in g}
    singles = [[i] for i in range(len(papers)) if i not in grouped]
    return [("entries", b) for b in _batches(groups, BATCH)] + [
        ("single", b) for b in _batches(singles, BATCH)
    ]


def references_html(
    papers: Sequence[Paper],
    style: CitationStyle,
    progress: Progress | None = None,
) -> list[str]:
    """Each paper's reference as inline HTML, in the order given, without numbers.

    The engine sees one batch at a time (see :func:`_plan`); each batch's CSL items are
    made just before its call and dropped after it, so memory does not grow with the
    export. The result is the same as formatting all papers in one call.
    """
    out = [""] * len(papers)
    if not papers:
        return out
    if not _js_available():
        from paperdesk.export import citeproc_py

        items = _prepared(reference_item(p, f"p{i}") for i, p in enumerate(papers))
        for i, html in enumerate(
            citeproc_py.format_items(items, style, REFERENCE_LOCALE, False)
        ):
            entry = mend_punctuation(" ".join(html.replace(_JOINER, "").split()))
            out[i] = _strip_number(entry, style)
            if progress is not None:
                progress.advance()
        return out
    js = engine()
    js.add_style(style.name, style.xml)
    plan = _plan(papers, style)

    def make_items(batch: list[int]) -> list[dict[str, Any]]:
        return _prepared(reference_item(papers[i], f"p{i}") for i in batch)

    def local(mode: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        return js.bibliography(style.name, REFERENCE_LOCALE, "html", items, mode)

    def done(batch: list[int], result: dict[str, Any]) -> None:
        for item_id, raw in zip(result["ids"], result["entries"], strict=True):
            out[int(item_id[1:])] = _strip_number(_entry_html(raw), style)
        if progress is not None:
            progress.advance(len(batch))

    try:
        if parallel.use_helper(len(papers)):
            stop = (lambda: progress.cancelled) if progress is not None else (lambda: False)
            parallel.run_batches(plan, make_items, local, style.name, style.xml, done, stop)
            if progress is not None:
                check_cancelled(progress)
            return out
        for mode, batch in plan:
            if progress is not None:
                check_cancelled(progress)
            done(batch, local(mode, make_items(batch)))
        return out
    finally:
        if len(papers) >= citeproc_js.GC_EVERY:
            js.collect_garbage()  # the document is built next: give V8's garbage back first


def cache_key(style: CitationStyle) -> str:
    """The style's name in the reference cache, tagged with the engine that formats.

    Decided without starting the engine (a repeated export reads only the cache): the
    engine that is installed, or citeproc-py once loading citeproc-js has failed."""
    tag = "js" if not _failed and installed() else "py"
    return f"{style.name}@{ENGINE_TAG[tag]}"


def formatted_references(
    papers: Sequence[Paper],
    style: CitationStyle,
    cache: RefCache | None = None,
    progress: Progress | None = None,
) -> list[str]:
    """HTML references of ``papers`` in order, from ``cache`` where valid.

    Papers without an id are never cached. A reference is valid while the CSL item the
    engine sees and the style are unchanged (its stamp is their :func:`item_digest`):
    editing a note, stars, tags or the read state keeps it. In a style that
    disambiguates, papers that share a first author with another paper of the export
    are cached with a stamp of that group (its ids and items), so a "2020a" is reused
    only among the same papers. The cache is read in one :func:`cached_many` call (the engine is not
    started when every reference is there) and new results are stored in one
    :meth:`RefCache.put_many` call.
    """
    sdigest = style_digest(style)
    digests = [_memo_digest(p, sdigest) if p.id is not None else "" for p in papers]
    group_stamps = _group_stamps(papers, _shared(papers, style), digests)
    stamps = [
        group_stamps.get(i, digests[i]) if p.id is not None else None
        for i, p in enumerate(papers)
    ]
    found: dict[int, str] = {}
    if cache is not None:
        wanted = [(p.id, s) for p, s in zip(papers, stamps, strict=True) if s is not None]
        found = cached_many(cache, cache_key(style), wanted)  # type: ignore[arg-type]
    out: list[str | None] = [
        found.get(p.id) if s is not None else None  # type: ignore[arg-type]
        for p, s in zip(papers, stamps, strict=True)
    ]
    todo = [i for i, o in enumerate(out) if o is None]
    if progress is not None:
        check_cancelled(progress)
        progress.advance(len(papers) - len(todo))
    if not todo:
        return [o or "" for o in out]
    fresh = references_html([papers[i] for i in todo], style, progress)
    key = cache_key(style)  # again: the engine may have failed to load meanwhile
    new: list[CacheRow] = []
    for i, html in zip(todo, fresh, strict=True):
        out[i] = html
        paper, stamp = papers[i], stamps[i]
        if stamp is not None and paper.id is not None:
            new.append((paper.id, key, stamp, html))
    if cache is not None and new:
        cache.put_many(new)
    return [o or "" for o in out]
