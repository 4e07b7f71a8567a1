"""Citation styles, the formatting engine, the formatted-reference cache, and the
visible mistakes of the old engine (issue 14), each pinned by a test."""

from __future__ import annotations

import logging

import pytest
from sqlite_utils import Database

from paperdesk.errors import KnownError
from paperdesk.export import (
    MemoryRefCache,
    SqliteRefCache,
    citeproc_js,
    export_papers,
    format_bibliography,
    format_citation,
    formatting,
)
from paperdesk.export.formatting import ENGINE_TAG, formatted_references
from paperdesk.export.options import ExportOptions
from paperdesk.export.refcache import DDL
from paperdesk.export.styles import STYLES, add_user_style, load_style, style_names
from paperdesk.mathtext import math_to_unicode
from paperdesk.records import Author, Paper

ARTICLE = Paper(
    title="Attention is all you need",
    authors=[Author("Vaswani", "Ashish"), Author("Shazeer", "Noam")],
    year=2017,
    venue="Neural Computation",
    entry_type="article",
    extra={"volume": "30", "pages": "5998--6008"},
    doi="10.1/abc",
)
NO_AUTHOR = Paper(title="Anonymous findings", venue="Proc. ACL", year=2020, entry_type="article")
QUOTED = Paper(
    title='Why "attention" works',
    authors=[Author("Smith", "John Albert")],
    year=2020,
    venue="Journal of Tests",
    entry_type="article",
    extra={"volume": "3", "pages": "1--9"},
)
MANY = Paper(
    title="A large team paper",
    authors=[Author(f"Author{i}", "Jane") for i in range(8)],
    year=2021,
    venue="Nature",
    entry_type="article",
    extra={"volume": "590", "pages": "1--5"},
)
CONFERENCE = Paper(
    title="BERT: Pre-training of deep bidirectional transformers",
    authors=[Author("Devlin", "Jacob"), Author("Chang", "Ming-Wei")],
    year=2019,
    venue="Proceedings of NAACL-HLT 2019",
    entry_type="inproceedings",
    extra={
        "pages": "4171--4186",
        "publisher": "Association for Computational Linguistics",
        "editor": "Burstein, Jill and Doran, Christy",
    },
)


def ref(paper: Paper, style: str) -> str:
    """One paper's reference as export HTML."""
    return formatted_references([paper], load_style(style))[0]


def md(paper: Paper, style: str) -> str:
    """One paper's reference line of the Markdown export."""
    text = export_papers([paper], "markdown", ExportOptions(style=style, include_tags=False))
    return text.split("\n\n")[2]


@pytest.mark.parametrize("name", list(STYLES))
def test_every_shipped_style_formats(name: str) -> None:
    text = ref(ARTICLE, name)
    assert "Vaswani" in text and "2017" in text
    assert not text.startswith(("[1]", "1.", "(1)"))  # numbers are the document's job


def test_expected_apa_and_ieee() -> None:
    assert ref(ARTICLE, "apa") == (
        "Vaswani, A., &#38; Shazeer, N. (2017). Attention is all you need. "
        "<i>Neural Computation</i>, <i>30</i>, 5998–6008. https://doi.org/10.1/abc"
    )
    assert load_style("ieee").label == "[{}]"
    assert ref(ARTICLE, "ieee").startswith("A. Vaswani and N. Shazeer, “Attention is all")


def test_chicago_and_mla_full_given_names() -> None:
    assert ref(ARTICLE, "chicago").startswith("Vaswani, Ashish, and Noam Shazeer.")
    assert ref(ARTICLE, "mla").startswith("Vaswani, Ashish, and Noam Shazeer.")
    assert ref(QUOTED, "turabian").startswith("Smith, John Albert.")


@pytest.mark.parametrize("name", ["ieee", "chicago", "mla", "harvard", "turabian"])
def test_quotes_in_titles_not_doubled(name: str) -> None:
    text = ref(QUOTED, name)
    assert "‘attention’" in text or "‘Attention’" in text, text
    for doubled in ("““", "””", '""', "“‘“", "”’”", "&#34;"):
        assert doubled not in text, (name, text)


def test_punctuation_inside_closing_quotes() -> None:
    assert "need,”" in ref(ARTICLE, "ieee")
    assert "Need.”" in ref(ARTICLE, "chicago")


def test_nature_et_al_without_extra_period() -> None:
    line = md(MANY, "nature")
    assert "*et al.*" in line and "*et al.*." not in line and "et al.." not in line


def test_apa_conference_paper_in_proceedings_with_pages_and_publisher() -> None:
    text = ref(CONFERENCE, "apa")
    assert "In J. Burstein &#38; C. Doran (Eds.), <i>Proceedings of NAACL-HLT 2019</i>" in text
    assert "(pp. 4171–4186). Association for Computational Linguistics." in text


def test_markdown_reference_has_no_html_entities() -> None:
    line = md(ARTICLE, "apa")
    assert line.startswith("Vaswani, A., & Shazeer, N. (2017).")
    assert "&amp;" not in line and "&#" not in line


def test_latex_math_in_titles_decoded() -> None:
    paper = Paper(
        title=r"Bidirectional $\leftrightarrow$ attention in $E^5$ and $O(n^{q+1})$ time",
        authors=[Author("Lee", "Kim")],
        year=2022,
    )
    text = format_bibliography([_item(paper)], "apa", fmt="text")[0]
    assert "↔" in text and "E⁵" in text and "O(n^(q+1))" in text and "$" not in text
    assert "E⁵" in md(paper, "apa") and "↔" in md(paper, "ieee")
    assert math_to_unicode("Costs $5 and $10") == "Costs $5 and $10"  # money, not math
    assert math_to_unicode(r"$\mathbb{R}^d$ and $x_{ij}$") == "ℝᵈ and xᵢⱼ"
    # operator names are set apart from what follows (xampl.bib's title read "n logn")
    assert math_to_unicode(r"An $O(n \log n / \! \log\log n)$ Sorting Algorithm") == (
        "An O(n log n / log log n) Sorting Algorithm")
    assert math_to_unicode(r"$\log^2 n$, $\max_{i} x_i$ and $\sin x$") == (
        "log² n, maxᵢ xᵢ and sin x")


def _item(paper: Paper, key: str = "x") -> dict:
    return formatting.reference_item(paper, key)


def test_year_suffixes_across_an_export_cached_per_group() -> None:
    a = Paper(title="First", authors=[Author("Doe", "Jane")], year=2020, id=1, modified="m")
    b = Paper(title="Second", authors=[Author("Doe", "Jane")], year=2020, id=2, modified="m")
    c = Paper(title="Other", authors=[Author("Roe", "Rick")], year=2020, id=3, modified="m")
    cache = MemoryRefCache()
    refs = formatted_references([b, c, a], load_style("apa"), cache)
    assert "(2020b). <i>Second</i>" in refs[0] and "(2020a). <i>First</i>" in refs[2]
    assert "(2020). <i>Other</i>" in refs[1]
    assert formatted_references([b, c, a], load_style("apa"), cache) == refs
    assert cache.hits == 3
    alone = formatted_references([b], load_style("apa"), cache)
    assert "(2020). <i>Second</i>" in alone[0]  # without a, b needs no suffix
    assert cache.hits == 3


def test_mla_names_disambiguated_and_no_dashes_for_repeated_authors() -> None:
    one = Paper(title="Alpha", authors=[Author("Kita", "Kenji"), Author("Ehara", "T"),
                                        Author("Lee", "Q")], year=1991, id=1)
    two = Paper(title="Beta", authors=[Author("Kita", "Kenji"), Author("Omoto", "T"),
                                       Author("Lee", "Q")], year=1994, id=2)
    refs = formatted_references([one, two], load_style("mla"))
    assert refs[0].startswith("Kita, Kenji, T. Ehara, et al.") or "Ehara" in refs[0]
    assert all(not r.startswith(("---", "———")) for r in refs), refs


def test_public_api_bibliography_and_citation() -> None:
    items = [_item(ARTICLE, "vaswani"), _item(QUOTED, "smith")]
    apa = format_bibliography(items, "apa", fmt="text")
    assert apa[0].startswith("Smith, J. A. (2020).") and apa[1].startswith("Vaswani, A.")
    ieee = format_bibliography(items, "ieee", fmt="markdown")
    assert ieee[0].startswith("\\[1\\] A. Vaswani and N. Shazeer")
    assert format_citation(items, "apa", fmt="text") == [
        "(Vaswani & Shazeer, 2017)",
        "(Smith, 2020)",
    ]
    assert format_citation(items, "ieee", clusters=[["vaswani", "smith"]]) == ["[1], [2]"]
    cite = format_citation(items, "apa", clusters=[[{"id": "smith", "locator": "4"}]])
    assert cite == ["(Smith, 2020, p. 4)"]
    german = format_bibliography(items[:1], "apa", locale="de-DE", fmt="text")[0]
    assert "Vaswani, A., & Shazeer, N. (2017)" in german
    with pytest.raises(Exception, match="unknown reference format"):
        format_bibliography(items, "apa", fmt="rtf")


def test_copy_citation_fast_once_loaded() -> None:
    import time

    style = load_style("apa")
    formatted_references([ARTICLE], style)  # engine and style loaded
    t0 = time.process_time()  # CPU time: a busy machine's waiting is not ours
    for _ in range(5):
        formatted_references([ARTICLE], style)
    assert (time.process_time() - t0) / 5 < 0.1


def test_unknown_style_lists_known(tmp_path) -> None:
    with pytest.raises(KnownError) as err:
        load_style("no-such-style")
    for name in ("apa", "ieee", "vancouver", "turabian", "acm", "elsevier", "springer-basic"):
        assert name in str(err.value)
    # a mistyped path is said to be missing, not an unknown name
    with pytest.raises(KnownError, match=r"missing\.csl: no such file") as err:
        load_style(str(tmp_path / "missing.csl"))
    assert "use one of" not in str(err.value)


def test_style_from_path(tmp_path) -> None:
    path = tmp_path / "mine.csl"
    path.write_bytes(load_style("apa").path.read_bytes())
    style = load_style(str(path))
    assert style.name.startswith("file:") and style.title.startswith("APA")
    assert "Vaswani, A." in formatted_references([ARTICLE], style)[0]


def test_dependent_style_needs_its_parent(tmp_path) -> None:
    vancouver = load_style("vancouver")
    assert vancouver.title.startswith("Vancouver") and vancouver.numeric
    assert ref(ARTICLE, "vancouver").startswith("Vaswani A, Shazeer N. Attention is all")
    lone = tmp_path / "lone.csl"
    lone.write_bytes(vancouver.path.read_bytes().replace(b"nlm-citation-sequence", b"nope"))
    with pytest.raises(KnownError, match="depends on nope.csl"):
        load_style(str(lone))


def test_user_adds_a_style(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PAPERDESK_STYLES_DIR", str(tmp_path / "styles"))
    src = tmp_path / "My Lab Style.csl"
    src.write_bytes(load_style("ieee").path.read_bytes())
    name = add_user_style(src)
    assert name == "my-lab-style" and name in style_names()
    assert ref(ARTICLE, name).startswith("A. Vaswani and N. Shazeer")
    bad = tmp_path / "bad.csl"
    bad.write_text("<style", encoding="utf-8")
    with pytest.raises(KnownError, match="bad.csl"):
        add_user_style(bad)
    shipped = tmp_path / "apa.csl"
    shipped.write_bytes(src.read_bytes())
    with pytest.raises(KnownError, match="already called"):
        add_user_style(shipped)


def test_bad_style_file(tmp_path) -> None:
    path = tmp_path / "bad.csl"
    path.write_text("<style", encoding="utf-8")
    with pytest.raises(KnownError, match="cannot read"):
        load_style(str(path))


def test_markup_in_input_stays_inert() -> None:
    paper = Paper(title="<script>x</script> & co", authors=[Author("O'Neil", "A")], year=2000)
    html = export_papers([paper], "html")
    assert "<script>x" not in html and "&amp; co" in html


def test_missing_author_title_once() -> None:
    for name in ("apa", "chicago", "mla", "harvard"):
        text = ref(NO_AUTHOR, name)
        assert text.lower().count("anonymous findings") == 1, (name, text)
    assert ref(NO_AUTHOR, "harvard").count("Proc. ACL") == 1


def test_chicago_title_only_document() -> None:
    assert "Edition" not in ref(Paper(title="Only a title"), "chicago")


def test_fallback_to_citeproc_py_warns_once(monkeypatch, caplog) -> None:
    monkeypatch.delenv(citeproc_js.ENV_VAR, raising=False)
    monkeypatch.setattr(citeproc_js, "NPM_PATH", ("js", "missing", "citeproc.js"))
    monkeypatch.setattr(formatting, "_warned", False)
    citeproc_js._engine.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="paperdesk.export.formatting"):
            first = ref(ARTICLE, "apa")
            ref(ARTICLE, "ieee")
        assert first.startswith("Vaswani, A., &amp; Shazeer, N. (2017).")
        warnings = [r.getMessage() for r in caplog.records]
        assert len(warnings) == 1 and "citeproc-py" in warnings[0]
        assert "\n" not in warnings[0]
    finally:
        citeproc_js._engine.cache_clear()


def test_memory_cache_used_and_invalidated(annotated) -> None:
    # papers 1 and 3 become look-alikes in APA ("Vaswani & Shazeer, 2017"); an edit
    # changes the modification time (formatting remembers digests by it)
    annotated[2].authors = [Author("Vaswani", "A."), Author("Shazeer", "N.")]
    annotated[2].modified = "2024-04-02T00:00:00"
    cache = MemoryRefCache()
    first = export_papers(annotated, "html", cache=cache)
    assert (cache.hits, len(cache.rows)) == (0, len(annotated))
    assert export_papers(annotated, "html", cache=cache) == first
    assert cache.hits == len(annotated)
    annotated[0].title = "Attention is all you need (revised)"
    annotated[0].modified = "2025-01-01T00:00:00"
    again = export_papers(annotated, "html", cache=cache)
    # a change to one of two look-alikes reformats both (their year suffixes)
    assert "(revised)" in again and cache.hits == 2 * len(annotated) - 2
    annotated[1].title = "Über die Grenzen (revised)"
    annotated[1].modified = "2025-01-02T00:00:00"
    export_papers(annotated, "html", cache=cache)
    # a paper that looks like no other is reformatted alone
    assert cache.hits == 3 * len(annotated) - 3


def test_cache_is_what_is_used(annotated) -> None:
    cache = MemoryRefCache()
    export_papers(annotated[:1], "markdown", cache=cache)
    (key,) = cache.rows
    cache.rows[key] = (cache.rows[key][0], "FROM <i>THE</i> CACHE")
    assert "FROM *THE* CACHE" in export_papers(annotated[:1], "markdown", cache=cache)


def test_cache_per_style(annotated) -> None:
    cache = MemoryRefCache()
    export_papers(annotated, "html", ExportOptions(style="apa"), cache=cache)
    export_papers(annotated, "html", ExportOptions(style="ieee"), cache=cache)
    assert cache.hits == 0 and len(cache.rows) == 2 * len(annotated)
    tag = ENGINE_TAG["js"]
    assert {k[1] for k in cache.rows} == {f"apa@{tag}", f"ieee@{tag}"}


def test_unsaved_papers_not_cached() -> None:
    cache = MemoryRefCache()
    export_papers([Paper(title="x")], "html", cache=cache)
    assert cache.rows == {}


def test_sqlite_cache(tmp_path, annotated) -> None:
    db = Database(tmp_path / "lib.db")
    db.execute(DDL)
    cache = SqliteRefCache(db)
    export_papers(annotated, "html", cache=cache)
    assert db["formatted_refs"].count == len(annotated)
    db.execute("UPDATE formatted_refs SET text = 'CACHED' WHERE paper_id = 3")
    assert "CACHED" in export_papers(annotated, "html", cache=cache)
    stamp = db.execute("SELECT modified FROM formatted_refs WHERE paper_id = 3").fetchone()[0]
    annotated[2].modified = "2030-01-01"  # an edit the engine does not see: still cached
    assert "CACHED" in export_papers(annotated, "html", cache=cache)
    annotated[2].title += " (2nd ed.)"
    again = export_papers(annotated, "html", cache=cache)
    assert "CACHED" not in again and "(2nd ed.)" in again
    row = db.execute("SELECT modified FROM formatted_refs WHERE paper_id = 3").fetchone()
    assert row[0] != stamp
