"""Formatting in batches gives exactly what formatting the whole set at once gives.

Exports format references in batches (issue 14: citeproc-js slows down with the size of
a call) and only papers that may look alike in a citation are sent to the engine
together. These tests take 300 real ACL papers (tests/data/acl, CC BY 4.0), add forced
look-alikes (same authors and year, same first author and year with other co-authors,
another given name, title-only works, the same first author and year with one, two,
three or four authors, cited "Doe", "Doe & Roe" or "Doe et al.", and two with four
authors that differ only in the last one, one with 22 authors, two with the same three
authors: citeproc-js then gives year suffixes to look-alikes with other co-authors too)
and check, per style, that the batched references equal the ones of a single engine call
over all papers.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from paperdesk.export import MemoryRefCache, formatting, parallel
from paperdesk.export.citeproc_js import engine
from paperdesk.export.formatting import formatted_references, references_html
from paperdesk.export.htmlsafe import _sanitize_plain, _Sanitizer, sanitize_html
from paperdesk.export.styles import load_style
from paperdesk.records import Author, Paper

ACL = Path(__file__).resolve().parents[2] / "data" / "acl" / "acl_no_abstract_2016.jsonl"


def _paper(row: dict, pid: int) -> Paper:
    return Paper(
        id=pid,
        modified="2024-01-01T00:00:00",
        title=row["title"],
        authors=[Author(a.get("last", ""), a.get("first", "")) for a in row["authors_structured"]],
        year=int(row["year"]),
        venue=row.get("booktitle") or row.get("journal") or "",
        entry_type=row["entry_type"],
        doi=row.get("doi") or "",
        url=row.get("url") or "",
        extra={k: row[k] for k in ("pages", "publisher", "address") if row.get(k)},
    )


@pytest.fixture(scope="module")
def corpus() -> list[Paper]:
    """260 ACL papers and 85 look-alikes made from the first 25 of them."""
    rows = [json.loads(line) for line in ACL.read_text("utf-8").splitlines()][:260]
    papers = [_paper(r, i + 1) for i, r in enumerate(rows)]
    extra: list[Paper] = []
    for n, base in enumerate(papers[:20]):
        pid = 1000 + 2 * n
        if n % 4 == 0:  # same authors and year: a year suffix ("2016a", "2016b")
            twin = replace(base, id=pid, title=f"{base.title}: a sequel")
        elif n % 4 == 1:  # same first author and year, other co-authors: more names
            twin = replace(
                base,
                id=pid,
                title=f"Another study {n}",
                authors=[
                    base.authors[0],
                    Author("Zeta", "Zoe"),
                    Author("Eta", "E"),
                    Author("Theta", "T"),
                ],
            )
        elif n % 4 == 2:  # same family name, another given name: initials
            first = base.authors[0]
            twin = replace(
                base,
                id=pid,
                title=f"Unrelated work {n}",
                authors=[Author(first.family, "Quentin"), *base.authors[1:]],
            )
        else:  # no author, same title and year
            twin = replace(base, id=pid, authors=[], title="Proceedings overview")
        extra.append(twin)
        extra.append(
            replace(twin, id=pid + 1, title=twin.title + " (part 2)")
            if n % 4 != 3
            else replace(twin, id=pid + 1)
        )
    for n, base in enumerate(papers[20:25]):  # one first author, 1-4 authors, one year
        first = base.authors[0]
        others = [Author("Zeta", "Zoe"), Author("Eta", "E"), Author("Theta", "T")]
        given = Author(first.family, "Quentin")  # another given name (initials)
        for k, authors in enumerate(
            [[first], [first, others[0]], [first, others[1]], [first, *others[:2]],
             [first, *others], [first, *others[:2], Author("Iota", "I")],
             [given, others[0]], [first, *(Author(f"Crowd{j}", "C") for j in range(21))],
             [first, *others[:2]]]
        ):
            extra.append(replace(base, id=2000 + 10 * n + k, title=f"Variant {k} of {n}",
                                 authors=authors))
    mixed = papers + extra
    # interleave, so look-alikes sit far apart in the export order (7 and the length
    # share no factor: every paper comes once)
    assert len(mixed) % 7
    return [mixed[(i * 7) % len(mixed)] for i in range(len(mixed))]


def _one_call(papers: list[Paper], style_name: str) -> list[str]:
    """Every paper's reference from one engine call over the whole set."""
    style = load_style(style_name)
    js = engine()
    js.add_style(style.name, style.xml)
    items = formatting._prepared(
        formatting.reference_item(p, f"p{i}") for i, p in enumerate(papers)
    )
    result = js.bibliography(style.name, "en-US", "html", items, "entries")
    out = [""] * len(papers)
    for item_id, raw in zip(result["ids"], result["entries"], strict=True):
        out[int(item_id[1:])] = formatting._strip_number(formatting._entry_html(raw), style)
    return out


@pytest.mark.parametrize(
    "style_name", ["apa", "chicago", "ieee", "harvard", "mla", "acl", "turabian"]
)
def test_batched_equals_one_call(corpus, monkeypatch, style_name: str) -> None:
    assert len(corpus) == 345
    monkeypatch.setattr(formatting, "BATCH", 37)  # many batches, groups across their edges
    style = load_style(style_name)
    plan = formatting._plan(corpus, style)
    assert len(plan) > 5
    batched = references_html(corpus, style)
    whole = _one_call(corpus, style_name)
    assert batched == whole
    _check_fast_sanitizer(batched)
    if style.disambiguates:
        assert any(m == "entries" for m, _ in plan) and any(m == "single" for m, _ in plan)
    else:
        assert {m for m, _ in plan} == {"single"}
    if 'disambiguate-add-year-suffix="true"' in style.xml:
        suffixed = [r for r in batched if "2016a)" in r or "2016b)" in r or "2016a." in r]
        assert suffixed, "the forced look-alikes get year suffixes"


def test_two_engines_equal_one_call(corpus, monkeypatch) -> None:
    """With a helper process (forced here; exports use it from 2,000 references) the
    batches are shared between two engines and the references are the same."""
    monkeypatch.setattr(formatting, "BATCH", 37)
    monkeypatch.setattr(parallel, "PARALLEL_MIN", 0)
    monkeypatch.delenv(parallel.ENV_VAR, raising=False)
    served: list[int] = []
    original = parallel.Helper.bibliography

    def counted(self, key, xml, items, mode):  # noqa: ANN001, ANN202
        served.append(len(items))
        return original(self, key, xml, items, mode)

    monkeypatch.setattr(parallel.Helper, "bibliography", counted)
    style = load_style("apa")
    assert parallel.use_helper(len(corpus))
    assert references_html(corpus, style) == _one_call(corpus, "apa")
    assert 0 < sum(served) < len(corpus)  # the helper did some of the batches, not all


def test_cached_export_equals_fresh(corpus) -> None:
    style = load_style("apa")
    cache = MemoryRefCache()
    first = formatted_references(corpus, style, cache)
    assert cache.hits == 0 and len(cache.rows) == len(corpus)
    again = formatted_references(corpus, style, cache)
    assert again == first and cache.hits == len(corpus)


def test_disambiguation_memo_changes_nothing(corpus) -> None:
    """The driver remembers renders while disambiguating; off, the output is the same."""
    style = load_style("apa")
    groups = formatting._shared(corpus, style)
    papers = [corpus[i] for g in groups for i in g]
    assert len(papers) >= 40
    js = engine()
    try:
        js.set_memo(False)
        plain = _one_call(papers, "apa")
    finally:
        js.set_memo(True)
    assert _one_call(papers, "apa") == plain


def _parsed(fragment: str) -> str:
    parser = _Sanitizer()
    parser.feed(fragment)
    return parser.result()


def _check_fast_sanitizer(refs: list[str]) -> None:
    """Every formatted reference takes the sanitizer's fast path, with the parser's output."""
    for ref in refs:
        assert _sanitize_plain(ref) == _parsed(ref), ref


@pytest.mark.parametrize(
    "fragment",
    [
        "A &amp; B &#38; C &lt;x&gt; > 1 <i>T</i> <b><i>x</i></b>",
        '<span style="font-variant:small-caps;">Doe</span>, J.<sup>2</sup>H<sub>2</sub>O',
        "<i>open",  # unbalanced: the parser closes it
        "<span>plain span</span>",  # no small caps: the parser drops the tag
        "<i>a</b></i>",
        '<a href="javascript:x">x</a><script>alert(1)</script>',
        "1 < 2 and <br> &unknown; &",
    ],
)
def test_sanitizer_fast_path_same_as_parser(fragment: str) -> None:
    assert sanitize_html(fragment) == _parsed(fragment)
