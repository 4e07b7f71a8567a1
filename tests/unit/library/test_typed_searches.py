"""What researchers paste into the search box and expect to find (Keyword mode here;
Best match in tests/unit/search/test_best_match.py): identifiers, names as a database
spells them, citations with "et al." and a year, titles copied from BibTeX. The cases
are those a review of the shared ACL, PDF and Zotero data found missing."""

from __future__ import annotations

from pathlib import Path

import pytest

BIB = r"""
@inproceedings{ajotikar-kulkarni-2016-adverbs,
  title = {Adverbs in {S}anskrit {W}ordnet},
  author = {Ajotikar, Tanuja and Kulkarni, Malhar},
  booktitle = {Proceedings of the 8th Global WordNet Conference (GWC)},
  year = {2016},
  url = {https://aclanthology.org/2016.gwc-1.1/},
  doi = {10.18653/v1/2016.gwc-1.1},
}
@article{steinshiromoto2016combination,
  title = {A combination of small-gain and density propagation inequalities},
  author = {Stein Shiromoto, Humberto and Andrieu, Vincent and Prieur, Christophe},
  year = {2016},
  eprint = {1508.06018},
  archiveprefix = {arXiv},
}
@inproceedings{omalley-2008,
  title = {The Challenges of Distributed Parallel Corpora},
  author = {O’Malley, Hugh},
  booktitle = {Workshop on Building and Using Comparable Corpora},
  year = {2008},
}
@book{skiena2008,
  title = {The Algorithm Design Manual},
  author = {Skiena, Steven S.},
  publisher = {Springer},
  year = {2008},
}
@inproceedings{simianer-2012,
  title = {Joint Feature Selection in Distributed Stochastic Learning},
  author = {Simianer, Patrick and Riezler, Stefan and Dyer, Chris},
  booktitle = {Proceedings of ACL},
  year = {2012},
}
@inproceedings{sikkel-1993,
  title = {Predictive Head-Corner Chart Parsing},
  author = {Sikkel, Klaas and op den Akker, Rieks},
  abstract = {We compare pre-training of state-of-the-art parsers.},
  booktitle = {Proceedings of IWPT},
  year = {1993},
}
@inproceedings{muhlenbock-2012,
  title = {Readability for Swedish},
  author = {Mühlenbock, Katarina and Nordström, Sofie},
  booktitle = {Proceedings of SLTC},
  year = {2012},
}
@book{manning-1999,
  title = {Foundations of Statistical Natural Language Processing},
  author = {Manning, Christopher D. and Schütze, Hinrich},
  publisher = {MIT Press},
  year = {1999},
}
@article{manning-2020,
  title = {Cold-water corals of the North Atlantic},
  author = {Manning, Rebecca},
  journal = {Marine Biology},
  year = {2020},
}
@article{british-2019,
  title = {Modularisation of Colour Models},
  author = {Hughes, Ann},
  abstract = {We analysed their behaviour at the centre of a dialogue.},
  journal = {Vision},
  year = {2019},
}
@inproceedings{american-2020,
  title = {Tokenization for Dialog Systems},
  author = {Baker, Bo},
  abstract = {We optimize a catalog of labeled turns.},
  booktitle = {Proceedings of SIGDIAL},
  year = {2020},
}
@article{french-2012,
  title = {L'analyse sémantique latente et l'identification des métaphores},
  author = {Dupont, Jean},
  abstract = {Nous étudions les métaphores et al. les corpus de 2008 et les textes.},
  journal = {TAL},
  year = {2011},
}
"""


@pytest.fixture
def typed_lib(lib, tmp_path: Path):
    path = tmp_path / "typed.bib"
    path.write_text(BIB, encoding="utf-8")
    assert lib.import_files([path]).added == 12
    return lib


def first(lib, query: str) -> str:
    hits = lib.search(query, mode="keyword", limit=5)
    assert hits, query
    return lib.get(hits[0].paper_id).title


@pytest.mark.parametrize("query", [
    "10.18653/v1/2016.gwc-1.1", "https://doi.org/10.18653/v1/2016.gwc-1.1",
    "doi:10.18653/v1/2016.gwc-1.1", "10.18653/V1/2016.GWC-1.1.",
    "2016.gwc-1.1", "https://aclanthology.org/2016.gwc-1.1/", "aclanthology.org/2016.gwc-1.1",
    "ajotikar-kulkarni-2016-adverbs", "https://aclanthology.org/2016.gwc-1.1.pdf",
])
def test_a_pasted_identifier_finds_its_paper(typed_lib, query: str) -> None:
    assert first(typed_lib, query) == "Adverbs in Sanskrit Wordnet"
    ids, _ = typed_lib.ranked_ids(query, mode="keyword")
    assert typed_lib.get(ids[0]).title == "Adverbs in Sanskrit Wordnet"


@pytest.mark.parametrize("query", ["1508.06018", "arXiv:1508.06018", "1508.06018v2",
                                   "https://arxiv.org/abs/1508.06018v1"])
def test_a_pasted_arxiv_id_finds_its_paper(typed_lib, query: str) -> None:
    assert first(typed_lib, query).startswith("A combination of small-gain")


def test_a_pasted_identifier_s_paper_scores_above_the_others(typed_lib) -> None:
    """A review: a DOI's paper scored 0.80, as the unrelated paper after it."""
    for mode in ("keyword", "best", "auto"):
        hits = typed_lib.search("https://aclanthology.org/2016.gwc-1.1.pdf", mode=mode)
        assert typed_lib.get(hits[0].paper_id).title == "Adverbs in Sanskrit Wordnet"
        assert all(hits[0].score > h.score for h in hits[1:]), mode


def test_an_identifier_of_no_paper_finds_nothing_by_it(typed_lib) -> None:
    assert not typed_lib.search("10.1000/nothing-here", mode="keyword")


def test_straight_and_curly_apostrophes_are_one(typed_lib) -> None:
    assert first(typed_lib, "O'Malley") == "The Challenges of Distributed Parallel Corpora"
    assert first(typed_lib, "O’Malley") == "The Challenges of Distributed Parallel Corpora"
    assert first(typed_lib, "l’analyse sémantique").startswith("L'analyse")


def test_a_citation_finds_its_paper_by_surname_and_year(typed_lib) -> None:
    assert first(typed_lib, "Skiena 2008") == "The Algorithm Design Manual"
    # and says why: the surname and the year matched (a review saw no "matched:" line)
    assert typed_lib.search("Skiena 2008", mode="keyword")[0].matched == ["Skiena", "2008"]
    for query in ("Simianer et al. 2012", "Simianer et al., 2012", "Simianer 2012"):
        assert first(typed_lib, query).startswith("Joint Feature Selection"), query


def test_latex_accents_copied_from_bibtex_are_letters(typed_lib) -> None:
    """A review: ``G{\\'o}mez-Rodr{\\'\\i}guez`` found 255 unrelated papers."""
    latex = r"L'analyse s{\'e}mantique latente"
    assert first(typed_lib, latex).startswith("L'analyse")
    hits = [h.paper_id for h in typed_lib.search(latex, mode="keyword")]
    assert hits == [h.paper_id for h in typed_lib.search("L'analyse sémantique latente",
                                                         mode="keyword")]


def test_braces_copied_from_bibtex_do_not_split_words(typed_lib) -> None:
    assert first(typed_lib, "Adverbs in {S}anskrit {W}ordnet") == "Adverbs in Sanskrit Wordnet"
    assert first(typed_lib, "{W}ord{N}et") == "Adverbs in Sanskrit Wordnet"


@pytest.mark.parametrize("query", ["headcorner", "head-corner", "head corner", "Headcorner",
                                   "pretraining", "stateoftheart"])
def test_a_hyphenated_word_is_found_written_as_one(typed_lib, query: str) -> None:
    assert first(typed_lib, query) == "Predictive Head-Corner Chart Parsing"


def test_phrases_still_span_hyphenated_and_stop_words(typed_lib) -> None:
    # the joined word takes no position of its own: the words around it stay neighbours
    for phrase in ('"head-corner chart parsing"', '"head corner chart"', '"state of the art"',
                   '"pre-training of state"', '"training of state-of-the-art parsers"'):
        assert first(typed_lib, phrase) == "Predictive Head-Corner Chart Parsing", phrase


@pytest.mark.parametrize("query", ["Muehlenbock", "Mühlenbock", "Muhlenbock", "Nordstroem",
                                   "Nordström"])
def test_a_name_with_an_umlaut_is_found_typed_without_it(typed_lib, query: str) -> None:
    assert first(typed_lib, query) == "Readability for Swedish"


@pytest.mark.parametrize("query", ["Manning, C. D.", "C. D. Manning", "Manning, C.",
                                   "C Manning", "Schuetze 1999", "Manning & Schütze 1999"])
def test_an_author_written_with_initials_is_found(typed_lib, query: str) -> None:
    assert first(typed_lib, query).startswith("Foundations of Statistical")
    assert first(typed_lib, "Manning, R.").startswith("Cold-water corals")


@pytest.mark.parametrize(("query", "title"), [
    ("modularization of color models", "Modularisation of Colour Models"),
    ("analyzed behavior center dialog", "Modularisation of Colour Models"),
    ('"modularization of color"', "Modularisation of Colour Models"),
    ("tokenisation for dialogue systems", "Tokenization for Dialog Systems"),
    ("optimise a catalogue of labelled turns", "Tokenization for Dialog Systems"),
])
def test_british_and_american_spellings_find_each_other(typed_lib, query: str,
                                                        title: str) -> None:
    assert first(typed_lib, query) == title


@pytest.mark.parametrize(("query", "marked"), [
    ("pretraining", "[pre-training]"), ("stateoftheart", "[state-of-the-art]"),
    ("training", "[pre-training]"), ("behavior", "[behaviour]")])
def test_a_word_found_written_another_way_is_marked_and_named(typed_lib, query: str,
                                                             marked: str) -> None:
    hit = typed_lib.search(query, mode="keyword", limit=1)[0]
    assert marked in hit.snippet and f"matched: {query}" in hit.why
