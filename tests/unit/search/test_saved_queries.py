"""``saved:NAME`` in queries: expanded to the saved search's query, cycles refused."""

from __future__ import annotations

import pytest

from paperdesk.errors import QueryError
from paperdesk.search.query import expand_saved


def test_expands_names_quoted_names_and_nested_searches() -> None:
    saved = {"good": "stars:>=4", "my list": "tag:rl saved:good", "empty": ""}
    assert expand_saved("saved:good year:2024", saved.get) == "(stars:>=4) year:2024"
    assert expand_saved('saved:"my list" OR x', saved.get) == "(tag:rl (stars:>=4)) OR x"
    assert expand_saved("saved:empty", saved.get) == ""
    assert expand_saved("title:saved plain", saved.get) == "title:saved plain"


def test_unknown_names_and_cycles_are_one_line_errors() -> None:
    with pytest.raises(QueryError, match="no saved search named 'nope'"):
        expand_saved("saved:nope", {}.get)
    loop = {"a": "saved:b", "b": "saved:a"}
    with pytest.raises(QueryError, match="refers to itself"):
        expand_saved("saved:a", loop.get)


def test_library_search_and_select_ids_use_saved_searches(sample_lib) -> None:
    sample_lib.saved.add("mre", '"mutual reinforcement"')
    direct = [h.paper_id for h in sample_lib.search('"mutual reinforcement"', limit=None)]
    assert direct and [h.paper_id for h in sample_lib.search("saved:mre", limit=None)] == direct
    assert sample_lib.select_ids(query="saved:mre") == direct
    sample_lib.saved.add("a", "x")
    sample_lib.saved.add("b", "saved:a")
    sample_lib.saved.add("a", "saved:b")  # replace: allowed here, and makes a cycle
    with pytest.raises(QueryError, match="refers to itself"):
        sample_lib.search("saved:a")
    with pytest.raises(Exception, match="--replace"):
        sample_lib.saved.add("b", "other", replace=False)
