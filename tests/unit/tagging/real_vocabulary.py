"""The vocabulary of a handful of texts built with the real model (for the tests that
check what it keeps and suggests)."""

from __future__ import annotations

from typing import Any

from paperdesk.tagging.vocabulary import Entry, PaperPhrases, Rules, build, mention_keys


def build_real(onnx_tagger: Any, texts: dict[int, str], keyphrases: dict[int, list[str]]
               ) -> tuple[list[Entry], dict[int, Any], dict[int, set[str]]]:
    """The vocabulary entries of ``texts`` (with their ``keyphrases``), each paper's
    vector and the vocabulary keys its text mentions."""
    ids = sorted(texts)
    vectors = dict(zip(ids, onnx_tagger.embed([(texts[i], "") for i in ids]), strict=True))
    mentions = {i: mention_keys(texts[i]) for i in ids}
    phrases = {i: PaperPhrases(keyphrases[i]) for i in ids}
    entries = build(phrases, {}, Rules(), onnx_tagger.phrase_vectors, vectors, texts=texts,
                    mentions=mentions)
    return entries, vectors, mentions
