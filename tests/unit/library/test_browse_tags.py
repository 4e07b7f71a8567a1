"""The browse API's tags: a row holds the user's own tags apart from the suggestions, and
sorting by tags goes by the user's tags (papers with suggestions only after them)."""

from __future__ import annotations

from paperdesk.library.browse import sorted_ids, table_rows
from paperdesk.records import Paper


def _papers(lib, n: int) -> list[int]:  # noqa: ANN001
    return [next(iter(lib.papers.add(Paper(title=f"Paper {i}")).added)) for i in range(n)]


def test_a_row_keeps_the_users_tags_apart_from_the_suggestions(lib):
    a, b, c = _papers(lib, 3)
    lib.tags.add(a, ["rl", "agents"])
    lib.tags.set_suggestions({a: [("reward models", 0.9)], b: [("parsing", 0.8),
                                                                ("syntax", 0.7)]})
    lib.tags.reject(b, "syntax")
    rows = table_rows(lib, [a, b, c])
    assert (rows[a].tags, rows[a].suggested) == ("rl, agents", "reward models")
    assert (rows[b].tags, rows[b].suggested) == ("", "parsing")  # (rejected: gone)
    assert (rows[c].tags, rows[c].suggested) == ("", "")


def test_sorting_by_tags_goes_by_the_users_tags_then_suggestions_then_none(lib):
    zed, none, alpha, only_b, only_a = _papers(lib, 5)
    lib.tags.add(zed, ["zeta"])
    lib.tags.add(alpha, ["alpha"])
    # a suggestion that sorts first must not put its paper before the user's tags
    lib.tags.set_suggestions({zed: [("aaa", 0.9)], only_b: [("beta", 0.9)],
                              only_a: [("abc", 0.9)]})
    ids = [zed, none, alpha, only_b, only_a]
    assert sorted_ids(lib, ids, "tags", False) == [alpha, zed, only_a, only_b, none]
    assert sorted_ids(lib, ids, "tags", True) == [zed, alpha, only_b, only_a, none]
