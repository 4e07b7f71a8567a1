"""The index maps document numbers to paper ids per segment: after an edit (a new small
segment) the first search reads only the new segment's ids, and the map is still exact."""

from __future__ import annotations


def _full_map(index) -> list[int]:  # noqa: ANN001
    with index._lock:
        return list(index._current().reader().column_reader("num"))


def test_paper_ids_are_read_again_only_for_new_segments(sample_lib):
    index = sample_lib.index
    assert sample_lib.ranked_ids("language", limit=5)[0]
    with index._lock:
        before = dict(index._num_segments)
    assert before  # the ids of each segment are kept
    pid = sample_lib.papers.ids()[3]
    sample_lib.papers.edit(pid, title="Okapi segments and their ids")
    sample_lib.sync_index()
    ids, _mode = sample_lib.ranked_ids("okapi segments", limit=5)
    assert ids[0] == pid
    with index._lock:
        after = index._num_segments
        nums = index._nums(index._current())
    assert nums == _full_map(index)
    reused = [key for key in after if key in before]
    assert reused and all(after[key] is before[key] for key in reused)
