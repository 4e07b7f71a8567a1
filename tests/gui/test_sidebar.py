"""The sidebar model and its read-only queries."""

from __future__ import annotations

from paperdesk.gui.models import rows
from paperdesk.gui.models.sidebar import KIND_ROLE, SidebarData, SidebarModel


def test_sidebar_model_passes_qmodeltester(qtmodeltester, sample_lib):
    pid = sample_lib.papers.ids()[0]
    sample_lib.tags.add(pid, ["rl"])
    sample_lib.saved.add("good", "stars:>=4")
    model = SidebarModel()
    model.rebuild(SidebarData(rows.sidebar_counts(sample_lib), sample_lib.saved.list(),
                              rows.tag_counts(sample_lib)))
    qtmodeltester.check(model)
    assert model.find("all").text() == "All papers  (98)"
    assert model.find("tag", "rl").data(KIND_ROLE) == "tag"
    assert model.find("saved", "stars:>=4") is not None


def test_filters(sample_lib):
    ids = sample_lib.papers.ids()
    sample_lib.papers.set_stars(ids[0], 4)
    sample_lib.papers.set_read(ids[1], "read")
    sample_lib.papers.trash(ids[2])
    sample_lib.tags.set_suggestions({ids[3]: [("reward model", 0.7)],
                                     ids[4]: [("reward model", 0.6)], ids[5]: [("once", 0.5)]})
    assert rows.filter_ids(sample_lib, "starred") == [ids[0]]
    assert ids[1] not in rows.filter_ids(sample_lib, "unread")
    assert rows.filter_ids(sample_lib, "trash") == [ids[2]]
    assert rows.filter_ids(sample_lib, "tag", "reward model") == [ids[3], ids[4]]
    assert len(rows.filter_ids(sample_lib, "recent")) == 97
    counts = rows.sidebar_counts(sample_lib)
    assert counts == {"all": 97, "starred": 1, "unread": 96, "recent": 97, "trash": 1}
    # a suggestion on one paper only is left out of the sidebar
    assert rows.tag_counts(sample_lib) == [("reward model", 2, False)]


def test_a_tag_rows_tooltip_names_what_the_tag_stands_for(sample_lib):
    """"speech translation" was on MT papers that never say "speech": its alias "language
    translation" explains it, but the window showed no alias anywhere."""
    ids = sample_lib.papers.ids()
    sample_lib.tags.set_suggestions({ids[0]: [("speech translation", 0.7)],
                                     ids[1]: [("speech translation", 0.6)]})
    with sample_lib.edit("Vocabulary", (), undoable=False):  # as a refresh writes it
        sample_lib.db.execute(
            "INSERT INTO tag_vocabulary (name, aliases, source) VALUES (?, ?, 'auto')",
            ["speech translation", '["speech translations", "language translation"]'])
    aliases = rows.tag_aliases(sample_lib)
    assert aliases == {"speech translation": ["speech translations", "language translation"]}
    model = SidebarModel()
    model.rebuild(SidebarData(tags=rows.tag_counts(sample_lib), aliases=aliases))
    assert model.find("tag", "speech translation").toolTip() == (
        "speech translation: automatic suggestion on 2 paper(s)\n"
        "Also written: speech translations, language translation")
