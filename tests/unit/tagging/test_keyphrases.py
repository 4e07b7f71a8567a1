"""Candidate phrases and the choice of tags among them (no model)."""

from __future__ import annotations

from paperdesk.tagging.keyphrases import (
    candidates,
    choose,
    display_word,
    is_near_duplicate,
    singular,
)


def test_candidates_are_contiguous_runs_of_content_words():
    got = candidates("", "The prediction of the text improves. Effect of MRE on the model")
    assert "prediction text" not in got  # "of the" sits between them
    assert "effect MRE" not in got
    assert {"prediction", "text", "effect", "MRE", "model"} <= set(got)


def test_runs_break_at_punctuation_and_numbers_but_keep_inner_hyphens():
    got = candidates("", "few-shot learning, prompt tuning (21 datasets) and GPT-4 models")
    assert "few-shot learning" in got
    assert "learning prompt" not in got
    assert "prompt tuning datasets" not in got
    assert "21" not in got and "21 datasets" not in got
    assert "GPT-4 models" in got


def test_candidates_have_one_to_three_words():
    got = candidates("", "deep neural network language model training")
    assert max(len(p.split()) for p in got) == 3
    assert "deep neural network" in got


def test_acronyms_keep_their_case_other_words_are_lowered():
    got = candidates("Aligning LLMs with RLHF", "We train BERT and mBERT on F1-Score data.")
    assert {"LLMs", "RLHF", "BERT", "mBERT", "F1-score", "aligning"} <= set(got)
    assert display_word("Text-to-Video") == "text-to-video"
    assert display_word("3D") == "3D"
    assert display_word("Transformer") == "transformer"


def test_all_caps_titles_are_lowered_except_real_acronyms():
    got = candidates("NECESSITY OF BERT ANALYSIS", "We study BERT.")
    assert "necessity" in got and "BERT" in got and "NECESSITY" not in got


def test_adverbs_verbs_and_trailing_participles_are_not_tags():
    got = candidates("", "word-level information enhances significantly predicted labels")
    assert "word-level information enhances" not in got
    assert not any("significantly" in p for p in got)
    assert "information predicted" not in got
    assert "word-level information" in got


def test_title_only_paper_has_candidates():
    assert "reinforcement learning" in candidates("Multi-Agent Reinforcement Learning")


def test_singular():
    assert singular("gaussians") == "gaussian"
    assert singular("studies") == "study"
    assert singular("classes") == "class"
    assert singular("analysis") == "analysis"
    assert singular("corpus") == "corpus"


def test_near_duplicates():
    assert is_near_duplicate("3D gaussian", "3D gaussians")
    assert is_near_duplicate("attention", "attention heads")
    assert is_near_duplicate("language models", "large language model")
    assert not is_near_duplicate("attention heads", "attention sinks")


def test_choose_skips_plurals_and_subsets():
    ranked = [
        ("3D gaussians", 0.9),
        ("3D gaussian", 0.7),
        ("attention heads", 0.65),
        ("attention", 0.6),
        ("splatting", 0.5),
        ("rendering", 0.4),
    ]
    assert [p for p, _ in choose(ranked, 3)] == ["3D gaussians", "attention heads", "splatting"]


def test_choose_prefers_a_shorter_phrase_that_scores_almost_as_well():
    ranked = [("3D gaussian remains", 0.80), ("3D gaussian", 0.79), ("rendering", 0.5)]
    assert choose(ranked, 2) == [("3D gaussian", 0.79), ("rendering", 0.5)]


def test_choose_returns_fewer_when_candidates_run_out():
    assert choose([("model", 0.5), ("models", 0.4)], 5) == [("model", 0.5)]
