"""HTML annotated bibliography: one self-contained, print-friendly file.

Inline CSS, no scripts and no remote resources; the CSS also suits Qt's rich text, which
writes the ODT and PDF exports (hanging indents in px, highlight colours inline).
References are the CSL engine's HTML (input fields are plain text to it) passed through
:func:`sanitize_html`; notes are rendered from
Markdown after escaping (no raw HTML passes) and sanitised; every other piece of user
or imported text is escaped. The footer credits the CSL project (CC BY-SA).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from html import escape

from paperdesk.export.annotated import CSL_CREDIT, GENERATOR, Document, Entry, build_document
from paperdesk.export.htmlsafe import has_bidi, isolate_bidi, note_to_html, sanitize_html
from paperdesk.export.options import ExportOptions
from paperdesk.export.refcache import RefCache
from paperdesk.progress import Progress
from paperdesk.records import Paper

CSS = """
body { font: 11pt/1.45 Georgia, "DejaVu Serif", serif; color: #222; background: #fff;
  margin: 0 auto; max-width: 46em; padding: 2em 1.5em; }
h1 { font-size: 1.7em; margin: 0 0 .2em; }
h2 { font-size: 1.25em; margin: 1.6em 0 .6em; border-bottom: 1px solid #ccc; }
.summary { color: #666; margin: 0 0 1.5em; font-style: italic; }
article { margin: 0 0 1.3em; padding-bottom: 1em; border-bottom: 1px solid #eee;
  break-inside: avoid; page-break-inside: avoid; }
.ref { margin-top: 0; margin-bottom: .4em; margin-left: 28px; text-indent: -28px;
  line-height: 1.45; }
.label { font-weight: bold; margin-right: .3em; }
.annotation { margin-left: 2em; font-size: .95em; }
.meta { color: #555; margin: .2em 0; font-family: "DejaVu Sans", Arial, sans-serif;
  font-size: .85em; }
.stars { color: #b8860b; letter-spacing: .05em; }
.tag { background: #eef2f7; border-radius: 3px; padding: 0 .35em; margin-right: .25em; }
.note p { margin: .35em 0; }
blockquote { margin: .5em 0; padding: .1em .8em; border-left: 3px solid #e0c050;
  background: #fffbea; }
blockquote p { margin: .2em 0; }
.comment { color: #555; font-style: italic; }
.abstract { color: #444; font-size: .9em; margin: .5em 0; }
.abstract b { font-family: "DejaVu Sans", Arial, sans-serif; font-size: .9em; }
a { color: #1a4f8b; word-break: break-all; }
footer { margin-top: 2.5em; color: #777; font-size: .8em; border-top: 1px solid #ccc;
  padding-top: .6em; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  a { color: inherit; text-decoration: none; }
  blockquote, blockquote p { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
#: highlight colour name -> (bar, background), the reader's colours on paper
HIGHLIGHT_COLORS = {
    "yellow": ("#e0c050", "#fff6cc"),
    "green": ("#50c85a", "#e3f6e5"),
    "blue": ("#50a0fa", "#e1efff"),
    "pink": ("#f56eaa", "#fde6f0"),
}
_HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_URL_RE = re.compile(r"(?<![\"=])\b(https?://[^\s<\"]+?)([.,;)]?)(?=\s|<|$)")


def _link_urls(fragment: str) -> str:
    """Turn bare http(s) URLs in sanitised reference HTML into links."""
    if "http" not in fragment:
        return fragment
    return _URL_RE.sub(r'<a href="\1">\1</a>\2', fragment)


@functools.lru_cache(maxsize=32768)
def reference_html(reference: str) -> str:
    """A formatted reference as safe HTML with its URLs linked; remembered by its text
    (a repeated export of 20,000 cached references sanitised every one of them again)."""
    return _link_urls(sanitize_html(reference))


def highlight_style(color: str) -> str:
    """Inline CSS for a highlight's block quote (kept by Qt's ODT and PDF writers too);
    an unknown colour name is yellow, a "#rrggbb" colour is used as it is."""
    name = color.strip().lower()
    if _HEX_RE.match(name):
        bar = back = name
    else:
        bar, back = HIGHLIGHT_COLORS.get(name, HIGHLIGHT_COLORS["yellow"])
    return f"border-left-color: {bar}; background-color: {back};"


def entry_html(entry: Entry) -> str:
    """One ``<article>`` for an entry."""
    label = f'<span class="label">{escape(entry.label)}</span>' if entry.label else ""
    ref = reference_html(entry.reference)
    parts = [f'<article id="{escape(entry.key)}">', f'<p class="ref">{label}{ref}</p>']
    annotation = []
    meta = []
    if entry.stars:
        n = entry.paper.stars
        meta.append(f'<span class="stars" title="{n} of 5 stars">{entry.stars}</span>')
    if entry.paper.read != "unread":
        meta.append(escape(entry.paper.read))
    if entry.tags:
        meta.append(" ".join(f'<span class="tag">{escape(t)}</span>' for t in entry.tags))
    if meta:
        annotation.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if entry.note:
        annotation.append(f'<div class="note">{note_to_html(entry.note)}</div>')
    for h in entry.highlights:
        style = highlight_style(h.color)
        place = f' <span class="page">(p. {h.page + 1})</span>' if h.page is not None else ""
        text = " ".join(h.text.split())
        quote = (f'<p style="{style}">“{escape(text, quote=False)}”{place}</p>' if text
                 else f'<p style="{style}"><i>Note</i>{place}</p>')
        comment = h.comment.strip()
        if comment:
            quote += f'<p class="comment" style="{style}">— {escape(comment, quote=False)}</p>'
        annotation.append(f'<blockquote style="{style}">{quote}</blockquote>')
    if entry.abstract:
        annotation.append(
            f'<p class="abstract"><b>Abstract.</b> {escape(entry.abstract, quote=False)}</p>'
        )
    if annotation:
        parts.append('<div class="annotation">' + "\n".join(annotation) + "</div>")
    parts.append("</article>")
    return "\n".join(parts)


def document_html(doc: Document) -> str:
    """The whole HTML file (joined once: a 20,000-paper document is 60 MB a copy)."""
    noun = "paper" if doc.count == 1 else "papers"
    body = [
        f"<h1>{escape(doc.title)}</h1>",
        f'<p class="summary">{doc.count} {noun} · {escape(doc.style.title)}</p>',
    ]
    for section in doc.sections:
        body.append("<section>")
        if section.heading:
            body.append(f"<h2>{escape(section.heading)}</h2>")
        body += [entry_html(e) for e in section.entries]
        body.append("</section>")
    credit = escape(CSL_CREDIT).replace(
        "https://citationstyles.org/",
        '<a href="https://citationstyles.org/">https://citationstyles.org/</a>',
    )
    head = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{GENERATOR}">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{escape(doc.title)}</title>
<!-- {escape(CSL_CREDIT)} -->
<style>{CSS}</style>
</head>
<body>
<main>
"""
    tail = f"""
</main>
<footer>Generated by {GENERATOR}. {credit}
Style: {escape(doc.style.title)}.</footer>
</body>
</html>
"""
    # head ends and tail starts with a line break: this is head + body joined + tail
    whole = "\n".join([head[:-1], *body, tail[1:]])
    if not has_bidi(whole):  # the common case: one quick scan of the whole file
        return whole
    # each part starts and ends with a tag, so isolating its text nodes one part at a
    # time gives what isolating the joined body would
    parts = [head]
    for i, part in enumerate(body):
        parts += ["\n", isolate_bidi(part)] if i else [isolate_bidi(part)]
    parts.append(tail)
    return "".join(parts)


def export_html(
    papers: Sequence[Paper],
    options: ExportOptions,
    cache: RefCache | None,
    progress: Progress,
) -> str:
    """Exporter: an annotated bibliography as one self-contained HTML file."""
    return document_html(build_document(papers, options, cache, progress))
