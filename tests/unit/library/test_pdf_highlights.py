"""Highlights on PDF pages share the highlights table with abstract highlights."""

from __future__ import annotations

import pytest

from paperdesk.errors import UsageError
from paperdesk.records import Paper


def test_pdf_highlight_round_trip_and_undo(lib):
    (pid,) = lib.papers.add(Paper(title="A paper", abstract="An abstract about parsing.")).added
    lib.highlights.add(pid, 3, 11, comment="abstract one")
    change = lib.highlights.add_pdf(pid, 2, [[72.0, 700.5, 300.25, 712.0]], "a quoted line",
                                    comment="from page 3", color="green", origin="pdf")
    abstract_hl, pdf_hl = lib.get(pid).highlights
    assert abstract_hl.page is None and not abstract_hl.on_pdf
    assert "page" not in abstract_hl.to_dict()
    assert pdf_hl.id == change.details["highlight_id"]
    assert (pdf_hl.page, pdf_hl.quads, pdf_hl.text) == (2, [[72.0, 700.5, 300.25, 712.0]],
                                                        "a quoted line")
    assert (pdf_hl.kind, pdf_hl.origin, pdf_hl.color) == ("highlight", "pdf", "green")
    assert pdf_hl.to_dict()["page"] == 2
    lib.undo()
    assert [h.page for h in lib.get(pid).highlights] == [None]


def test_abstract_edit_leaves_pdf_highlights_alone(lib):
    (pid,) = lib.papers.add(Paper(title="A paper", abstract="Parsing is fun.")).added
    lib.highlights.add_pdf(pid, 0, [[1, 2, 3, 4]], "words on page one")
    lib.papers.edit(pid, abstract="Now parsing is fun.")
    (h,) = lib.get(pid).highlights
    assert (h.page, h.start, h.end, h.text) == (0, 0, 0, "words on page one")


@pytest.mark.parametrize("kwargs, message", [
    ({"page": -1}, "does not exist"),
    ({"kind": "scribble"}, "unknown highlight kind"),
    ({"quads": [[1, 2, 3]]}, "four numbers"),
])
def test_pdf_highlight_bad_input(lib, kwargs, message):
    (pid,) = lib.papers.add(Paper(title="A paper")).added
    args = {"page": 0, "quads": [[1, 2, 3, 4]], "text": "x"} | kwargs
    with pytest.raises(UsageError, match=message):
        lib.highlights.add_pdf(pid, **args)
