"""Zotero notes (HTML) -> Markdown; embedded images are dropped with a visible marker.
Abstracts that hold HTML (some translators save it) -> plain text."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

IMAGE_MARKER = "[image not imported]"
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "li", "ul",
          "ol", "table", "tr", "hr"}


class _Markdown(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []  # [counter] for ol, [-1] for ul
        self.pre = False
        self.href: list[str] = []
        self.images = 0

    def _newline(self, blank: bool = True) -> None:
        text = "".join(self.out)
        want = "\n\n" if blank else "\n"
        if text and not text.endswith(want):
            self.out.append("\n" if text.endswith("\n") and blank else want)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("p", "div") and not self.lists:
            self._newline()
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._newline()
            self.out.append("#" * int(tag[1]) + " ")
        elif tag == "br":
            self.out.append("  \n")
        elif tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "pre":
            self._newline()
            self.out.append("```\n")
            self.pre = True
        elif tag == "blockquote":
            self._newline()
            self.out.append("\x01")
        elif tag in ("ul", "ol"):
            self._newline(blank=not self.lists)
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self._newline(blank=False)
            indent = "   " * (len(self.lists) - 1)
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                self.out.append(f"{indent}{self.lists[-1][0]}. ")
            else:
                self.out.append(f"{indent}- ")
        elif tag == "a":
            self.href.append(a.get("href") or "")
            self.out.append("[")
        elif tag == "img":
            self.images += 1
            self.out.append(IMAGE_MARKER)
        elif tag == "hr":
            self._newline()
            self.out.append("---")
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("strong", "b"):
            self.out.append("**")
        elif tag in ("em", "i"):
            self.out.append("*")
        elif tag == "code" and not self.pre:
            self.out.append("`")
        elif tag == "pre":
            self.out.append("\n```")
            self.pre = False
            self._newline()
        elif tag == "blockquote":
            self.out.append("\x02")
            self._newline()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._newline()
        elif tag == "a":
            href = self.href.pop() if self.href else ""
            self.out.append(f"]({href})" if href else "]")
        elif tag in ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6") and not self.lists:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self.pre:
            self.out.append(data)
        else:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> tuple[str, int]:
    """A Zotero note as Markdown, and how many images it held (each left as a marker)."""
    if "<" not in html:
        return unescape(html).strip(), 0
    parser = _Markdown()
    parser.feed(html)
    parser.close()
    text = _quote_lines("".join(parser.out))
    text = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group(0).startswith("  ") else "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = "\n".join(line.rstrip() if not line.endswith("  ") else line
                     for line in text.split("\n"))
    return text.strip(), parser.images


def _quote_lines(text: str) -> str:
    """Prefix the lines between blockquote marks (\x01 … \x02) with "> "."""
    out, depth = [], 0
    for line in text.split("\n"):
        opened = line.count("\x01")
        line_depth = depth + opened
        depth = line_depth - line.count("\x02")
        line = line.replace("\x01", "").replace("\x02", "")
        out.append(("> " * line_depth + line).rstrip() if line_depth and line.strip()
                   else (">" * min(line_depth, 1) if line_depth and depth else line))
    kept = [line for i, line in enumerate(out) if line != ">" or (
        0 < i < len(out) - 1 and out[i - 1].startswith("> ") and out[i + 1].startswith("> "))]
    return "\n".join(kept)


#: a tag of HTML text (not "x < y" in an abstract about inequalities)
_HTML_TAG = re.compile(r"</?(?:p|div|br|strong|b|em|i|u|span|ul|ol|li|a|sub|sup|h[1-6]|"
                       r"blockquote|code|pre)\b[^<>]*>", re.IGNORECASE)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.out.append("\n\n")
        elif tag == "br":
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"[ \t\r\n]+", " ", data))


def html_to_text(text: str) -> str:
    """An abstract as plain text: HTML (``<p>Many neurons …</p>``, ``<strong>``) read as
    the text it shows, paragraphs apart; text without HTML tags is kept as it is."""
    if not _HTML_TAG.search(text):
        return text
    parser = _Text()
    parser.feed(text)
    parser.close()
    lines = (line.strip() for line in "".join(parser.out).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
