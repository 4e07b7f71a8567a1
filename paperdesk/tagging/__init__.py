"""Keyphrases, paper vectors, the tag vocabulary and similar papers.

Importing this package is cheap and works without the ML packages: numpy, ONNX Runtime,
torch and sentence-transformers are imported only when a name below that needs them is
first used, and the model loads only in :func:`get_tagger`. Check
:func:`ml_unavailable_reason` to tell the user why tagging is off.

Typical use::

    tagger = get_tagger(threads=1)  # GUI: one thread; CLI: threads=None
    results = tagger.tag([(title, abstract), ...], cache=phrase_cache)
    results[0].keyphrases  # [("mutual reinforcement effect", 0.71), ...]
    results[0].embedding   # float32, unit length; store with to_blob()

Auto-tags come from the library-wide vocabulary (:mod:`paperdesk.tagging.vocabulary`).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from paperdesk.tagging.model import ModelError, ml_unavailable_reason

if TYPE_CHECKING:
    from paperdesk.tagging.cache import (
        PHRASE_TABLE_DDL,
        MemoryPhraseCache,
        PhraseCache,
        SqlitePhraseCache,
    )
    from paperdesk.tagging.similar import Reason, SimilarIndex, why
    from paperdesk.tagging.tagger import Tagger, TagResult, get_tagger
    from paperdesk.tagging.vectors import from_blob, to_blob

_LAZY = {
    "PHRASE_TABLE_DDL": "cache",
    "MemoryPhraseCache": "cache",
    "PhraseCache": "cache",
    "SqlitePhraseCache": "cache",
    "Reason": "similar",
    "SimilarIndex": "similar",
    "why": "similar",
    "Tagger": "tagger",
    "TagResult": "tagger",
    "get_tagger": "tagger",
    "from_blob": "vectors",
    "to_blob": "vectors",
}

__all__ = [
    "PHRASE_TABLE_DDL",
    "MemoryPhraseCache",
    "ModelError",
    "PhraseCache",
    "Reason",
    "SimilarIndex",
    "SqlitePhraseCache",
    "TagResult",
    "Tagger",
    "from_blob",
    "get_tagger",
    "ml_unavailable_reason",
    "to_blob",
    "why",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(f"paperdesk.tagging.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
