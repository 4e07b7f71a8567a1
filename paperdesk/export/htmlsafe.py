"""Safe text for HTML and Markdown output.

User and imported text never reaches a document as markup: plain text is escaped, notes
(Markdown) are escaped before rendering so no raw HTML passes, and the rendered HTML is
re-serialised through a whitelist (:func:`sanitize_html`) that drops unknown tags, every
attribute but a safe ``href``, and links other than http(s)/mailto.
"""

from __future__ import annotations

import functools
import re
import threading
from html import escape, unescape
from html.parser import HTMLParser

import markdown

from paperdesk.mathtext import script

ALLOWED_TAGS = frozenset(
    "p br em strong i b u s del code pre blockquote ul ol li hr a sup sub span h5 h6".split()
)
VOID_TAGS = frozenset({"br", "hr"})
DROP_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "svg", "math"})
HEADINGS = {"h1": "h5", "h2": "h5", "h3": "h5", "h4": "h6", "h5": "h6", "h6": "h6"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
SMALL_CAPS = "font-variant:small-caps;"
_MD_SPECIAL = str.maketrans(
    {
        "\\": "\\\\",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
    }
)
#: what a renderer would take for an entity, a tag, math or a quote; Python-Markdown (our
#: engine for notes) has no backslash escape for "<" or "$", so those two are entities
_MD_MARKUP_RE = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])|\$|^(\s*)>", re.MULTILINE)
_MD_MARKUP = {"&": "&amp;", "<": "&lt;", "$": "&#36;"}
_MD_NOTE_RE = re.compile(r"&(?=#?\w+;)|<(?=[A-Za-z/!?])|\$")
_LINE_START_RE = re.compile(r"^(\s*)(?:([#+=-])|(\d+)([.)]))", re.MULTILINE)
_INLINE_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_LINK_RE = re.compile(r"^(\s{0,3})(\[[^\]]+\]:\s*)(\S+)", re.MULTILINE)


def safe_url(url: str) -> bool:
    """True for http(s) and mailto URLs (after trimming and ignoring case)."""
    u = re.sub(r"[\x00-\x20]", "", url).lower()
    return u.startswith(SAFE_SCHEMES)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[str] = []
        self.dropping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping:
            return
        if tag == "img":
            alt = dict(attrs).get("alt") or ""
            if alt:
                self.out.append(escape(f"[image: {alt}]", quote=False))
            return
        tag = HEADINGS.get(tag, tag)
        if tag not in ALLOWED_TAGS:
            return
        attr = ""
        values = dict(attrs)
        if tag == "a":
            href = values.get("href") or ""
            if not safe_url(href):
                return
            attr = f' href="{escape(href)}" rel="noopener noreferrer"'
        elif tag == "span":
            if values.get("style") != SMALL_CAPS:
                return
            attr = f' style="{SMALL_CAPS}"'
        self.out.append(f"<{tag}{attr}>")
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if HEADINGS.get(tag, tag) not in VOID_TAGS and self.stack and self.stack[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        tag = HEADINGS.get(tag, tag)
        if self.dropping or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            self.out.append(f"</{top}>")
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.stack))


#: the only tags of a formatted reference (the CSL engine's inline HTML)
_PLAIN_TAG_RE = re.compile(r'<(/?)(i|b|sup|sub|span)((?: style="font-variant:small-caps;")?)>')


def _sanitize_plain(fragment: str) -> str | None:
    """The fast path of :func:`sanitize_html` for fragments of text and balanced simple
    tags (every formatted reference): the same output without an HTML parser, or None
    when the fragment holds anything else."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for m in _PLAIN_TAG_RE.finditer(fragment):
        text = fragment[pos : m.start()]
        if "<" in text:
            return None
        out.append(escape(unescape(text), quote=False))
        closing, tag, style = m.groups()
        if (tag == "span") != bool(style) or (closing and style):
            return None
        if closing:
            if not stack or stack.pop() != tag:
                return None
            out.append(f"</{tag}>")
        else:
            stack.append(tag)
            out.append(m.group(0))
        pos = m.end()
    text = fragment[pos:]
    if stack or "<" in text:
        return None
    out.append(escape(unescape(text), quote=False))
    return "".join(out)


def sanitize_html(fragment: str) -> str:
    """``fragment`` re-serialised with only whitelisted tags and safe links."""
    plain = _sanitize_plain(fragment)
    if plain is not None:
        return plain
    parser = _Sanitizer()
    parser.feed(fragment)
    return parser.result()


_MARKDOWN = threading.local()


def _markdown(text: str) -> str:
    """Python-Markdown with sane lists; one converter per thread, reset between notes
    (building one per note was most of the time of a repeated 20,000-paper export)."""
    md = getattr(_MARKDOWN, "md", None)
    if md is None:
        md = _MARKDOWN.md = markdown.Markdown(extensions=["sane_lists"])
    return md.reset().convert(text)


@functools.lru_cache(maxsize=8192)
def note_to_html(note: str) -> str:
    """A Markdown note as safe HTML: escaped first, so raw HTML shows as text (remembered
    by the note's text: a repeated export converts only notes edited since)."""
    text = note.replace("&", "&amp;").replace("<", "&lt;")
    return sanitize_html(_markdown(text))


class _TextCollector(HTMLParser):
    """Collects text, marking <i>/<em> and <b>/<strong> for Markdown when asked."""

    def __init__(self, markdown_marks: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.marks = markdown_marks
        self.parts: list[str] = []
        self.script: list[str] | None = None  # text inside <sup>/<sub>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("sup", "sub"):
            self.script = []
        self._mark(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("sup", "sub") and self.script is not None:
            body, self.script = "".join(self.script), None
            self.handle_data(script(body, "^" if tag == "sup" else "_"))
        self._mark(tag)

    def _mark(self, tag: str) -> None:
        if self.marks and tag in ("i", "em"):
            self.parts.append("*")
        elif self.marks and tag in ("b", "strong"):
            self.parts.append("**")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script.append(data)
        else:
            self.parts.append(md_escape(data) if self.marks else data)


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, spaces normalised."""
    collector = _TextCollector(markdown_marks=False)
    collector.feed(fragment)
    collector.close()
    return " ".join("".join(collector.parts).split())


def html_to_markdown(fragment: str) -> str:
    """A formatted reference (citeproc-py HTML) as one line of Markdown."""
    collector = _TextCollector(markdown_marks=True)
    collector.feed(fragment)
    collector.close()
    return " ".join("".join(collector.parts).split())


def md_escape(text: str) -> str:
    """Plain text for Markdown: syntax characters backslash-escaped; ``&`` and ``<`` only
    where a renderer would take them for an entity or a tag ("R&D" stays "R&D"), ``$`` as
    ``&#36;`` so that no renderer takes it for math, ``>`` at a line start escaped."""
    text = _MD_MARKUP_RE.sub(_markup, text.translate(_MD_SPECIAL))
    return _LINE_START_RE.sub(_escape_line_start, text)


def _markup(m: re.Match[str]) -> str:
    found = m.group(0)
    if found.endswith(">"):
        return f"{m.group(1)}\\>"
    return _MD_MARKUP[found]


def _escape_line_start(m: re.Match[str]) -> str:
    """"# x" -> "\\# x"; "1. x" -> "1\\. x" (CommonMark escapes the list marker's dot)."""
    indent, mark, number, dot = m.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def note_to_markdown(note: str) -> str:
    """A Markdown note made safe to embed: raw HTML, ``$`` math and unsafe links inert.

    ``$``, and ``&`` or ``<`` where they would start an entity or a tag, become entities (so
    ``<script>`` reads as text and ``$x$`` is no math; "R&D" stays as typed); images stay
    text; a link whose target is not http(s), mailto or relative is escaped (``]\\(``,
    ``\\[label]:``), so it stays text.
    """
    text = _MD_NOTE_RE.sub(lambda m: _MD_MARKUP[m.group(0)], note)

    def inline(m: re.Match[str]) -> str:
        target = m.group(1)
        return m.group(0) if _relative_or_safe(target) else "]\\(" + m.group(0)[2:]

    def reference(m: re.Match[str]) -> str:
        if _relative_or_safe(m.group(3)):
            return m.group(0)
        return f"{m.group(1)}\\{m.group(2)}{m.group(3)}"

    text = _REF_LINK_RE.sub(reference, _INLINE_LINK_RE.sub(inline, text))
    return text.replace("![", "!\\[")  # images would load remote resources


def _relative_or_safe(target: str) -> bool:
    return safe_url(target) or not re.match(r"\s*[A-Za-z][A-Za-z0-9+.-]*:", target)


#: Unicode bidirectional controls: embeddings, overrides, isolates and marks
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI_TEXT = re.compile(rf"(?<=>)([^<>]*[{BIDI_CONTROLS}][^<>]*)(?=<)")


def has_bidi(text: str) -> bool:
    """Whether ``text`` holds a bidirectional control (a substring test per control is
    several times quicker than one character-class regex over a long text)."""
    return any(c in text for c in BIDI_CONTROLS)


def isolate_bidi(fragment: str) -> str:
    """Wrap each text node of an HTML ``fragment`` that holds a bidirectional control
    (e.g. a right-to-left override, U+202E) in ``<bdi>``: the text keeps its characters,
    but their effect ends with the node and cannot reorder the text around it."""
    if not has_bidi(fragment):  # the common case
        return fragment
    return _BIDI_TEXT.sub(r"<bdi>\1</bdi>", fragment)
