"""The formatted-reference cache of a library: a reference is formatted again only when
something the CSL engine sees changes (title, authors, …), not for a note, stars, tags
or the read state."""

from __future__ import annotations

import pytest

from paperdesk.export import ExportOptions, formatting
from paperdesk.records import Author, Paper

APA = ExportOptions(style="apa")


@pytest.fixture
def spied(monkeypatch) -> list[list[str]]:
    """The titles of the papers each engine run formats (real engine underneath)."""
    runs: list[list[str]] = []
    real = formatting.references_html

    def spy(papers, style, progress=None):
        runs.append([p.title for p in papers])
        return real(papers, style, progress)

    monkeypatch.setattr(formatting, "references_html", spy)
    return runs


@pytest.fixture
def two(lib) -> list[int]:
    """Two papers by different first authors (no year suffixes between them)."""
    ids = []
    for title, family in (("Attention is all you need", "Vaswani"), ("Deep residual", "He")):
        change = lib.papers.add(Paper(title=title, authors=[Author(family, "A")], year=2017,
                                      venue="NeurIPS", entry_type="inproceedings"))
        ids += change.added
    return ids


def test_note_stars_tags_read_keep_the_reference(lib, two, spied) -> None:
    first = lib.export("html", two, APA)
    assert [sorted(run) for run in spied] == [["Attention is all you need", "Deep residual"]]
    lib.notes.set(two[0], "A **new** note")
    lib.papers.set_stars(two[0], 4)
    lib.papers.set_read(two[0], "read")
    lib.tags.add([two[1]], ["survey"])
    again = lib.export("html", two, APA)
    assert len(spied) == 1  # no second run of the engine
    assert "A <strong>new</strong> note" in again and "★★★★☆" in again
    assert '<span class="tag">survey</span>' in again
    # each entry's reference is the one formatted the first time
    assert [r.split("</p>")[0] for r in first.split('<p class="ref">')[1:]] == (
        [r.split("</p>")[0] for r in again.split('<p class="ref">')[1:]])


def test_title_edit_formats_again(lib, two, spied) -> None:
    lib.export("html", two, APA)
    lib.papers.edit(two[0], title="Attention is not all you need")
    text = lib.export("html", two, APA)
    assert spied[1:] == [["Attention is not all you need"]]  # only the edited paper
    assert "Attention is not all you need" in text


def test_style_file_edited_in_place_formats_again(tmp_path) -> None:
    from paperdesk.export import MemoryRefCache
    from paperdesk.export.styles import load_style

    paper = Paper(title="T", authors=[Author("Doe", "Jane")], year=2020, id=1)
    apa = load_style("apa")
    path = tmp_path / "mine.csl"
    path.write_text(apa.xml, encoding="utf-8")
    cache = MemoryRefCache()
    formatting.formatted_references([paper], load_style(str(path)), cache)
    path.write_text(apa.xml.replace("<title>", "<title>Edited "), encoding="utf-8")
    formatting.formatted_references([paper], load_style(str(path)), cache)
    assert cache.hits == 0



def test_a_repeated_export_digests_only_papers_edited_since(lib, two, monkeypatch) -> None:
    """Digests are remembered per paper and modification time in the process: a repeat
    export (the window's) digests nothing again; a paper edited since is digested again."""
    digested: list[str] = []
    real = formatting.item_digest

    def counting(paper, style_stamp=""):
        digested.append(paper.title)
        return real(paper, style_stamp)

    monkeypatch.setattr(formatting, "item_digest", counting)
    monkeypatch.setattr(formatting, "_DIGESTS", {})
    lib.export("html", two, APA)
    assert sorted(digested) == ["Attention is all you need", "Deep residual"]
    digested.clear()
    lib.export("html", two, APA)
    assert digested == []
    lib.papers.edit(two[0], venue="NIPS")
    lib.export("html", two, APA)
    assert digested == ["Attention is all you need"]


def test_copy_citation_references_share_the_export_cache(lib, two, spied) -> None:
    """``lib.references``: the selection's references in the order asked, as the export's
    HTML; references an export formatted are not formatted again, and vice versa."""
    refs = lib.references(list(reversed(two)), "apa")
    assert "He, A." in refs[0] and "Vaswani, A." in refs[1]
    assert len(spied) == 1
    html = lib.export("html", two, APA)
    assert len(spied) == 1 and all(r in html for r in refs)
    assert lib.references(two, "apa") == refs[::-1] and len(spied) == 1
