"""British spellings read as American ones (paperdesk.search.spelling)."""

from __future__ import annotations

import pytest

from paperdesk.search.spelling import american


@pytest.mark.parametrize(("british", "us"), [
    ("normalisation", "normalization"), ("tokenised", "tokenized"), ("organise", "organize"),
    ("analysed", "analyzed"), ("paralyses", "paralyzes"), ("colour", "color"),
    ("neighbouring", "neighboring"), ("centre", "center"), ("centred", "centered"),
    ("kilometres", "kilometers"), ("dialogues", "dialogs"), ("catalogue", "catalog"),
    ("grey", "gray"), ("programme", "program"), ("practising", "practicing"),
])
def test_british_spellings_become_american(british: str, us: str) -> None:
    assert american(british) == us
    assert american(us) == us


@pytest.mark.parametrize("word", [
    "precise", "concise", "advertise", "exercise", "surprise", "enterprise", "expertise",
    "pairwise", "otherwise", "noise", "raise", "arise", "promise", "compromise", "premises",
    "revise", "supervised", "improvisation", "paradise", "treatise", "tortoise", "crisis",
    "analysis", "laboratory", "rogue", "vogue", "humboldt", "c++", "iso",
])
def test_words_that_only_look_british_are_left_alone(word: str) -> None:
    assert american(word) == word
