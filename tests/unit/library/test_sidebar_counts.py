"""The sidebar's counts stay cheap on a large library: they read a small index."""

from __future__ import annotations

from paperdesk.library.browse import sidebar_counts
from paperdesk.records import Paper


def test_counts_are_right_and_read_the_counts_index(lib):
    ids = [next(iter(lib.papers.add(Paper(title=f"Paper {i}", abstract="x " * 500)).added))
           for i in range(4)]
    lib.papers.set_stars(ids[:2], 4)
    lib.papers.set_read(ids[1:3], "read")
    lib.papers.trash([ids[3]])
    assert sidebar_counts(lib) == {"all": 3, "starred": 2, "unread": 1, "recent": 3,
                                   "trash": 1}
    plan = " ".join(str(r[3]) for r in lib.reader.execute(
        "EXPLAIN QUERY PLAN SELECT sum(trashed IS NULL), sum(trashed IS NULL AND stars > 0), "
        "sum(trashed IS NULL AND read = 'unread'), sum(trashed IS NULL AND added >= ?), "
        "sum(trashed IS NOT NULL) FROM papers", ["2000"]))
    assert "COVERING INDEX papers_counts" in plan
