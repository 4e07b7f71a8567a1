"""The same ACL papers in BibTeX, RIS and CSL-JSON import to the same papers.

The 200 shipped papers always; the shared 5,000 when ``../shared`` is there."""

from __future__ import annotations

import pytest
from importer_testdata import DATA, LOCAL

from paperdesk.importers import read_file
from paperdesk.records import Paper, normalize_text

FORMATS = ("bib", "ris", "csl.json")
#: papers whose BibTeX rendering in the data set lost information: they must differ
LOSSY_IN_BIBTEX = {
    "pine-etal-2025-zero": "the .bib encodes Ŧ (T with stroke) as \\={T} (T with macron)",
}


def comparable(paper: Paper) -> tuple:
    """What must agree across formats (text compared without punctuation and case)."""
    # display form: CSL gives some names as one "literal" where BibTeX splits them
    authors = tuple(normalize_text(a.display) for a in paper.authors)
    return (
        normalize_text(paper.title),
        authors,
        paper.year,
        paper.doi.lower(),
        normalize_text(paper.abstract),
    )


SETS = {"acl_200": (LOCAL / "acl", 200), "acl_5k": (DATA / "acl", 5000)}


@pytest.fixture(scope="module", params=sorted(SETS))
def imported(request: pytest.FixtureRequest) -> dict[str, dict[str, tuple]]:
    folder, count = SETS[request.param]
    if not folder.is_dir():
        pytest.skip(f"shared corpus absent: {folder} (the 200-paper subset still runs)")
    results = {}
    for fmt in FORMATS:
        result = read_file(folder / f"{request.param}.{fmt}")
        assert len(result.entries) == count and not result.problems, fmt
        results[fmt] = {e.paper.key: comparable(e.paper) for e in result.entries}
    return results


@pytest.mark.parametrize("other", ["ris", "csl.json"])
def test_acl_formats_give_the_same_papers(imported: dict, other: str) -> None:
    bib, theirs = imported["bib"], imported[other]
    assert bib.keys() == theirs.keys()
    differing = {key for key in bib if bib[key] != theirs[key]}
    assert differing == set(LOSSY_IN_BIBTEX), f"{len(differing)} differ: {sorted(differing)[:5]}"
