"""Number columns read in one piece equal Whoosh's value-at-a-time reading."""

from __future__ import annotations

from whoosh.fields import NUMERIC

from paperdesk.records import Paper
from paperdesk.search.columns import int_column


def test_int_columns_are_whooshs(sample_lib):
    lib = sample_lib
    ids = [r[0] for r in lib.db.execute("SELECT id FROM papers ORDER BY id")]
    lib.papers.add(Paper(title="A paper without a year"))
    lib.papers.edit(ids[3], title="Edited")  # a new segment, a deleted document
    reader = lib.index._current().reader()
    numeric = [name for name, field in reader.schema.items() if isinstance(field, NUMERIC)]
    assert "num" in numeric and "year" in numeric
    leaves = list(reader.leaf_readers())
    assert len(leaves) > 1
    for leaf, _ in leaves:
        for name in numeric:
            assert int_column(leaf, name) == list(leaf.column_reader(name)), name
    nums = lib.index._nums(lib.index._current())
    assert sorted(set(nums)) == sorted(r[0] for r in lib.db.execute("SELECT id FROM papers"))
