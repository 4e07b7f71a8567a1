"""Export, then import into an empty library: nothing the user added is lost."""

from __future__ import annotations

import pytest

from paperdesk import Library

NASTY = "<script>alert(1)</script> <img src=x onerror=alert(2)> {\\input{/etc/passwd}} " \
        "50% of $x$ & more, a lone } brace, ``quotes'' and -- dashes ---"


@pytest.fixture(scope="module")
def annotated(tmp_path_factory):
    """The sample library with notes, highlights, user tags, suggestions, stars and states."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "resources" / "sample-library.txt"
    lib = Library.open(tmp_path_factory.mktemp("src") / "lib")
    lib.import_files([sample])
    ids = lib.papers.ids(sort="id")
    for n, pid in enumerate(ids[:30]):
        lib.papers.set_stars(pid, n % 6)
        lib.papers.set_read(pid, ("unread", "reading", "read")[n % 3])
        lib.tags.add(pid, [f"topic {n % 4}", "to-read" if n % 2 else "RL"])
        if n % 3 == 0:
            lib.notes.set(pid, f"Note {n}: **important** — see §2.\n\nSecond paragraph. {NASTY}")
        if n % 5 == 0:
            lib.highlights.add(pid, 0, 20, comment=f"comment {n} & {{braces}}", color="green")
    lib.tags.set_suggestions({ids[0]: [("suggested phrase", 0.7)]})
    yield lib
    lib.close()


def snapshot(lib: Library) -> dict[str, dict]:
    out = {}
    for p in lib.papers.list():
        out[p.title] = {
            "abstract": p.abstract,
            "note": p.note,
            "tags": sorted(p.user_tags),
            "stars": p.stars,
            "read": p.read,
            "highlights": [(h.start, h.end, h.text, h.comment, h.color) for h in p.highlights],
        }
    return out


@pytest.mark.parametrize(("fmt", "suffix"), [("bibtex", ".bib"), ("biblatex", ".bib"),
                                             ("ris", ".ris"), ("csljson", ".json")])
def test_round_trip_keeps_annotations(annotated, tmp_path, fmt, suffix):
    out = tmp_path / f"export{suffix}"
    out.write_text(annotated.export(fmt, annotated.papers.ids()), encoding="utf-8")
    with Library.open(tmp_path / "fresh") as fresh:
        report = fresh.import_files([out])
        assert report.problems == [] and report.added == 98
        before, after = snapshot(annotated), snapshot(fresh)
        assert set(after) == set(before)
        for title, expected in before.items():
            assert after[title] == expected, (fmt, title)
        # suggestions are exported only when asked for
        assert all(t.source == "user" for p in fresh.papers.list() for t in p.tags)


@pytest.mark.parametrize(("fmt", "suffix"), [("bibtex", ".bib"), ("biblatex", ".bib"),
                                             ("ris", ".ris"), ("csljson", ".json")])
def test_round_trip_keeps_the_venue_of_theses_reports_and_books(tmp_path, fmt, suffix):
    """A review: through CSL-JSON and RIS, a thesis's university and a report's body came
    back only as extra.publisher, with no venue."""
    from paperdesk.export import export_papers

    src = tmp_path / "in.bib"
    src.write_text("""@phdthesis{th1, author = {Martin, Lucie}, title = {Une thèse},
  school = {Université Grenoble Alpes}, year = {2019}}
@techreport{tr1, author = {Terrific, Tom}, title = {A Report}, institution = {WHO},
  year = {2019}}
@book{bk1, author = {Knuth, Donald E.}, title = {Fundamental Algorithms},
  publisher = {Addison-Wesley}, year = {1973}}
""", encoding="utf-8")
    with Library.open(tmp_path / "a") as lib:
        lib.import_files([src])
        before = {p.title: p.venue for p in lib.papers.list()}
        out = tmp_path / f"out{suffix}"
        out.write_text(export_papers(lib.papers.list(), fmt), encoding="utf-8")
    assert before == {"Une thèse": "Université Grenoble Alpes", "A Report": "WHO",
                      "Fundamental Algorithms": "Addison-Wesley"}
    with Library.open(tmp_path / "b") as lib:
        lib.import_files([out])
        assert {p.title: p.venue for p in lib.papers.list()} == before
