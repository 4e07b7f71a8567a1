"""Markdown and HTML annotated bibliographies: hostile text inert and intact, layout."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
from export_samples import NASTY

from paperdesk.export import ExportOptions, export_papers
from paperdesk.export.htmlsafe import note_to_html, sanitize_html
from paperdesk.records import Paper


class Elements(HTMLParser):
    """Element names, attributes and text blocks of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.text.append("\n")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def lines(self) -> list[str]:
        return [" ".join(ln.split()) for ln in "".join(self.text).split("\n") if ln.strip()]


def check_inert(doc: Elements) -> None:
    names = {t for t, _ in doc.tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link"}
    for _, attrs in doc.tags:
        assert not any(a.startswith("on") for a in attrs)
        assert not (attrs.get("href") or "").lower().startswith("javascript:")
        assert not (attrs.get("src") or "")


def nasty_paper() -> Paper:
    return Paper(id=9, title="Hostile <i>paper</i> & $x$", abstract=NASTY, note=NASTY)


def test_html_inert_and_intact() -> None:
    html = export_papers([nasty_paper()], "html")
    doc = Elements(html)
    check_inert(doc)
    assert doc.lines.count(NASTY) == 2  # the note and the abstract, each one text block
    assert any("Hostile <i>paper</i> & x" in ln for ln in doc.lines)  # math decoded


def test_markdown_inert_and_intact() -> None:
    text = export_papers([nasty_paper()], "markdown")
    rendered = markdown.markdown(text)
    doc = Elements(rendered)
    check_inert(doc)
    assert doc.lines.count(NASTY) == 2
    assert "$x$" not in text  # no renderer can take it for math


def test_highlight_and_tag_text_escaped(annotated) -> None:
    for fmt, render in (("html", str), ("markdown", markdown.markdown)):
        doc = Elements(render(export_papers(annotated, fmt)))
        check_inert(doc)
        assert "“<script>”" in doc.lines
        assert "— {\\input{/etc/passwd}} 50% of $x$ & more" in doc.lines
        assert any("a&b <i>" in ln for ln in doc.lines)


@pytest.mark.parametrize(
    "note",
    [
        "[click](javascript:alert(1))",
        "[click]( JaVaScRiPt:alert(1))",
        "[click][r]\n\n[r]: javascript:alert(1)",
        "<a href='javascript:alert(1)'>x</a>",
        "![x](http://evil.example/p.png)",
        "[data](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_no_dangerous_links(note: str) -> None:
    paper = Paper(id=1, title="T", note=note)
    for fmt, render in (("html", str), ("markdown", markdown.markdown)):
        doc = Elements(render(export_papers([paper], fmt)))
        check_inert(doc)
        hrefs = [a.get("href") or "" for t, a in doc.tags if t == "a"]
        assert all(h.startswith("https://citationstyles.org") for h in hrefs), (fmt, hrefs)


def test_note_markdown_rendered() -> None:
    html = note_to_html("A **classic**.\n\n- one\n- two\n\n> quoted\n\n[ok](https://a.b)")
    assert "<strong>classic</strong>" in html and "<li>one</li>" in html
    assert "<blockquote>" in html
    assert '<a href="https://a.b" rel="noopener noreferrer">ok</a>' in html


def test_sanitizer() -> None:
    assert sanitize_html('<p onclick="x">a<script>b</script><b>c') == "<p>a<b>c</b></p>"
    assert sanitize_html('<span style="color:red">x</span>') == "x"
    assert sanitize_html("<h1>t</h1>") == "<h5>t</h5>"


def test_html_self_contained(annotated) -> None:
    html = export_papers(annotated, "html")
    assert "<style>" in html and "<script" not in html
    assert "@import" not in html and "url(" not in html
    check_inert(Elements(html))
    assert "Citation Style Language" in html and "CC BY-SA" in html
    assert "★★★★★" in html and "★★☆☆☆" in html


def test_annotation_parts(annotated) -> None:
    md = export_papers(annotated, "markdown", ExportOptions(sort="none"))
    first = md.split("* * *")[0]
    assert "★★★★★ · read · tags: *transformers*, *attention*" in first
    assert "A **classic**." in first
    assert "> “sequence transduction models”" in first and "> — the setting" in first
    assert "**Abstract.**" in first
    bare = export_papers(
        annotated,
        "markdown",
        ExportOptions(include_abstracts=False, include_highlights=False, include_notes=False),
    )
    assert "Abstract" not in bare and "classic" not in bare and "> “" not in bare


def test_numeric_style_numbers_entries(annotated) -> None:
    md = export_papers(annotated, "markdown", ExportOptions(style="ieee", sort="none"))
    labels = [ln.split("**")[1] for ln in md.splitlines() if ln.startswith("**[")]
    assert labels == ["[1]", "[2]", "[3]", "[4]"]  # bold: no link or list to escape
    nature = export_papers(annotated[:1], "markdown", ExportOptions(style="nature"))
    assert "\n**1.** " in nature and markdown.markdown(nature).count("<strong>1.</strong>") == 1
    html = export_papers(annotated, "html", ExportOptions(style="nature"))
    assert '<span class="label">1.</span>' in html


def test_group_by_tag(annotated) -> None:
    md = export_papers(annotated, "markdown", ExportOptions(group_by_tag=True))
    headings = [ln for ln in md.splitlines() if ln.startswith("## ")]
    assert headings == [
        "## a&b &lt;i>",
        "## attention",
        "## transformers",
        "## x\\_y",
        "## Untagged",
    ]
    assert md.count("Attention Is All You Need") == 2  # under both of its tags


@pytest.mark.parametrize("style", ["apa", "ieee", "chicago", "mla", "nature", "acl", "harvard"])
def test_every_style_exports(sample_papers, style: str) -> None:
    html = export_papers(sample_papers[:5], "html", ExportOptions(style=style))
    assert html.count("<article") == 5


def test_html_isolates_bidi_only_where_it_occurs() -> None:
    """The whole-file quick check and the per-part isolation agree: one entry with a
    right-to-left override is isolated, the entry beside it is left as it was."""
    plain = Paper(title="Plain title", year=2020)
    evil = Paper(title="Evil \u202etitle", year=2021)
    both = export_papers([plain, evil], "html", ExportOptions(style="apa", sort="none"))
    alone = export_papers([plain], "html", ExportOptions(style="apa", sort="none"))
    assert both.count("<bdi>") == 1 and "<bdi>" not in alone
    first = alone[alone.index('<article'):alone.index("</article>")]
    assert first in both  # the plain entry's HTML is the same either way


def test_reference_html_is_sanitised_and_linked_every_time() -> None:
    from paperdesk.export.html import reference_html

    ref = 'A <script>x</script>title. https://example.org/a.'
    for _ in range(2):  # the second answer comes from the memo
        out = reference_html(ref)
        assert "<script>" not in out
        assert '<a href="https://example.org/a">https://example.org/a</a>.' in out
