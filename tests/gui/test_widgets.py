"""Stars, tags, note and related-papers widgets on their own."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtWidgets import QToolButton

from paperdesk.gui.models.paper_table import IDS_MIME
from paperdesk.gui.tagging import Similar
from paperdesk.gui.widgets.note import NoteWidget
from paperdesk.gui.widgets.related import RelatedWidget
from paperdesk.gui.widgets.stars import STAR_SIZE, StarsWidget
from paperdesk.gui.widgets.tags import TagsWidget
from paperdesk.records import Tag


# ---------------------------------------------------------------- stars
def test_stars_click_keys_and_clear(qtbot):
    w = StarsWidget()
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.starsChanged) as got:
        qtbot.mouseClick(w, Qt.MouseButton.LeftButton,
                         pos=QPointF(4 + 2.5 * STAR_SIZE, 10).toPoint())
    assert got.args == [3] and w.stars() == 3
    with qtbot.waitSignal(w.starsChanged) as got:
        qtbot.keyClick(w, Qt.Key.Key_5)
    assert got.args == [5]
    with qtbot.waitSignal(w.starsChanged) as got:
        qtbot.keyClick(w, Qt.Key.Key_Left)
    assert got.args == [4]
    # clicking the current star again clears the rating
    with qtbot.waitSignal(w.starsChanged) as got:
        qtbot.mouseClick(w, Qt.MouseButton.LeftButton,
                         pos=QPointF(4 + 3.5 * STAR_SIZE, 10).toPoint())
    assert got.args == [0]
    assert w.accessibleDescription() == "0 of 5 stars"


def test_stars_set_stars_is_silent(qtbot):
    w = StarsWidget()
    qtbot.addWidget(w)
    with qtbot.assertNotEmitted(w.starsChanged):
        w.set_stars(2)
    assert w.stars() == 2


# ---------------------------------------------------------------- tags
def _buttons(widget, name):  # noqa: ANN001, ANN202
    return {b.accessibleName(): b for b in widget.findChildren(QToolButton)
            if b.accessibleName().startswith(name)}


def test_tags_chips_add_remove_accept_reject(qtbot):
    w = TagsWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_tags([Tag("rl"), Tag("reward model", "auto", 0.7), Tag("old", "auto", 0.5, True)])
    assert w.user_tags == ["rl"]
    assert [t.name for t in w.suggestions] == ["reward model"]
    assert w.suggest_box.isVisible()
    with qtbot.waitSignal(w.tagRemoved) as got:
        _buttons(w, "Remove tag")["Remove tag rl"].click()
    assert got.args == ["rl"]
    with qtbot.waitSignal(w.suggestionAccepted) as got:
        _buttons(w, "Accept tag")["Accept tag reward model"].click()
    assert got.args == ["reward model"]
    with qtbot.waitSignal(w.suggestionRejected) as got:
        _buttons(w, "Reject tag")["Reject tag reward model"].click()
    assert got.args == ["reward model"]
    w.set_completions(["machine translation", "rl"])
    assert w.edit.completer().model().stringList() == ["machine translation", "rl"]
    qtbot.keyClicks(w.edit, "  new tag ")
    with qtbot.waitSignal(w.tagAdded) as got:
        qtbot.keyClick(w.edit, Qt.Key.Key_Return)
    assert got.args == ["new tag"] and w.edit.text() == ""


def _tab_stops_after(widget, n: int) -> list:
    """The next ``n`` widgets Tab moves to after ``widget``."""
    out, at = [], widget.nextInFocusChain()
    while len(out) < n and at is not widget:
        if at.focusPolicy() & Qt.FocusPolicy.TabFocus and at.isVisible() and at.isEnabled():
            out.append(at)
        at = at.nextInFocusChain()
    return out


def test_tab_reaches_the_chips_and_a_selection_has_its_suggestions(qtbot):
    """A user found Tab going from "Add a tag…" past the ✓ / ✕ buttons, and no way to
    accept or reject a suggestion with several papers selected."""
    w = TagsWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_tags([Tag("rl"), Tag("reward model", "auto", 0.7)])
    # in the order shown: the user tags' ✕ (above the box), the box, the suggestions' ✓ ✕
    assert [b.accessibleName() for b in _tab_stops_after(w.chip_buttons()[0], 3)] == [
        "New tag", "Accept tag reward model", "Reject tag reward model"]
    w.set_counts([("rl", 2)], 3, [("machine translation", 2)])
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the old chips go
    qtbot.wait(20)  # the new ones show
    assert w.suggest_box.isVisible()
    accept = _buttons(w, "Accept tag")
    assert list(accept) == ["Accept tag machine translation on the 2 papers it is suggested to"]
    assert [b.accessibleName() for b in _tab_stops_after(w.chip_buttons()[0], 2)] == [
        "Remove tag rl from 2 of 3 papers", "New tag"]
    assert _tab_stops_after(w.edit, 1)[0].accessibleName().startswith(
        "Accept tag machine translation")
    with qtbot.waitSignal(w.suggestionAccepted) as got:
        next(iter(accept.values())).click()
    assert got.args == ["machine translation"]


def test_tags_without_suggestions_hide_the_section(qtbot):
    w = TagsWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_tags([Tag("rl")])
    assert not w.suggest_box.isVisible() and not w.suggest_label.isVisible()


# ---------------------------------------------------------------- note
def test_note_autosaves_after_typing(qtbot):
    w = NoteWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_note(7, "old")
    w.editor.setFocus()
    w.editor.moveCursor(w.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(w.saveRequested, timeout=3000) as got:
        qtbot.keyClicks(w.editor, " and **new**")
    assert got.args == [7, "old and **new**"]
    w.preview_button.setChecked(True)
    assert "new" in w.preview.toPlainText() and "**" not in w.preview.toPlainText()


def test_note_saves_on_focus_out_and_before_switching(qtbot):
    w = NoteWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_note(1, "")
    w.editor.setPlainText("draft")
    with qtbot.waitSignal(w.saveRequested) as got:
        w.set_note(2, "other")
    assert got.args == [1, "draft"]
    assert w.text() == "other"
    w.editor.setPlainText("second")
    with qtbot.waitSignal(w.saveRequested) as got:
        w.flush()
    assert got.args == [2, "second"]
    with qtbot.assertNotEmitted(w.saveRequested):
        w.flush()


# ---------------------------------------------------------------- related
def test_related_links_drop_similar_and_jump(qtbot):
    from PySide6.QtCore import QMimeData

    w = RelatedWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_paper(1, [(2, "Linked paper")])
    assert w.linked_ids() == [2]
    w.set_similar([Similar(3, "Similar paper", 0.8, ("reward model",)),
                   Similar(2, "Linked paper", 0.7)])
    buttons = _buttons(w, "Link ")
    assert not buttons["Link Linked paper"].isEnabled()
    with qtbot.waitSignal(w.linkRequested) as got:
        buttons["Link Similar paper"].click()
    assert got.args == [3]
    with qtbot.waitSignal(w.jumpRequested) as got:
        w.similar.itemActivated.emit(w.similar.item(0))
    assert got.args == [3]
    mime = QMimeData()
    mime.setData(IDS_MIME, b"[1, 5]")
    with qtbot.waitSignal(w.linkRequested) as got:
        w.links.dropped.emit([1, 5])
    assert got.args == [5]  # the paper itself is skipped
    w.find.setText("attention")
    with qtbot.waitSignal(w.searchRequested) as got:
        qtbot.keyClick(w.find, Qt.Key.Key_Return)
    assert got.args == ["attention"]
    menu = w.show_candidates([(1, "Self"), (9, "Candidate")])
    assert [a.text() for a in menu.actions()] == ["Candidate"]
    menu.close()


def test_related_without_vectors_explains(qtbot):
    w = RelatedWidget()
    qtbot.addWidget(w)
    w.set_paper(1, [])
    w.set_similar([], "Similar papers appear once this paper has been auto-tagged.")
    assert "auto-tagged" in w.similar.item(0).text()


def test_no_paper_is_not_looked_for(qtbot):
    # a tester saw "Looking for similar papers…" stay with nothing selected
    w = RelatedWidget()
    qtbot.addWidget(w)
    w.set_paper(1, [])
    assert w.similar.item(0).text() == "Looking for similar papers…"
    w.set_paper(None, [])
    assert w.similar.item(0).text() == "No paper selected"


def test_a_similar_paper_row_is_as_tall_as_its_title(qtbot):
    """A user saw a blank strip above each similar paper: rows were sized as if the title
    wrapped at a much narrower width."""
    w = RelatedWidget()
    qtbot.addWidget(w)
    w.resize(280, 600)
    w.show()
    w.set_paper(1, [])
    title = "Investigating automatic and manual filtering methods to produce MT-ready glossaries"
    w.set_similar([Similar(3, title, 0.8, ("machine translation", "glossaries"))])
    qtbot.wait(20)
    item = w.similar.item(0)
    label = w.similar.itemWidget(item).layout().itemAt(0).widget()
    needed = label.heightForWidth(label.width())
    assert needed <= item.sizeHint().height() <= needed + 12


# ---------------------------------------------------------------- tagging bridge
def test_tagging_bridge_with_a_fake_encoder(sample_lib, monkeypatch):
    from fake_encoder import use_fake_tagger

    from paperdesk.gui import tagging
    from paperdesk.progress import NullProgress

    use_fake_tagger(monkeypatch)
    ids = sample_lib.papers.ids()[:10]
    assert "auto-tagged" in tagging.similar_papers(sample_lib, ids[0])
    change = tagging.tag_papers(sample_lib, ids, 3, NullProgress())
    assert change.kind == "tags" and change.paper_ids == frozenset(ids)
    # suggestions come from the library-wide vocabulary: at most top_n, each on 2+ papers
    suggested = {pid: [t.name for t in sample_lib.get(pid).suggested_tags] for pid in ids}
    assert 1 <= len(suggested[ids[0]]) <= 3
    for name in {n for names in suggested.values() for n in names}:
        assert sum(name in names for names in suggested.values()) >= 2, name
    similar = tagging.similar_papers(sample_lib, ids[0])
    assert isinstance(similar, list)
    assert all(s.paper_id in ids and s.paper_id != ids[0] for s in similar)


def test_papers_added_while_closed_are_tagged_in_the_background(qtbot, window):
    """The real model, in the window's worker process; the window picks up what it wrote."""
    from paperdesk.gui import library_actions as la

    assert len(window.lib.tagging.pending_ids()) == 98
    with qtbot.waitSignal(window.ops.changed, timeout=300_000) as changed:
        la.auto_tag(window, pending=True)
    assert changed.args[0].kind == "tags" and len(changed.args[0].paper_ids) == 98
    assert window.lib.tagging.pending_ids() == []
    papers = window.lib.papers.list()
    counts = [len(p.suggested_tags) for p in papers]
    # 1-5 suggestions each, but for a paper that names no topic and sits far from the
    # others (MINDE, on mutual information estimation, in the sample)
    assert max(counts) <= 5 and sum(c == 0 for c in counts) <= 2
    on = {}
    for p in papers:
        for t in p.suggested_tags:
            on[t.name] = on.get(t.name, 0) + 1
    assert min(on.values()) >= 2  # a tag suggested to one paper only is not a tag
    tag = window.lib.get(window.lib.papers.ids()[0]).suggested_tags[0].name
    assert window.lib.search(f'tag:"{tag}"')  # the window's searcher sees the worker's index
    assert isinstance(window.lib.tagging.similar(window.lib.papers.ids()[0]), list)
    qtbot.waitUntil(window.ops.is_idle)
    # Auto-tag on a paper tagged already tags it again (it did nothing, and said nothing)
    pid = window.lib.papers.ids()[0]
    window.select_ids([pid])
    with qtbot.waitSignal(window.ops.changed, timeout=300_000) as changed:
        window.actions_["tag_selected"].trigger()
    assert changed.args[0].kind == "tags" and pid in changed.args[0].paper_ids
    qtbot.waitUntil(window.ops.is_idle)
    # a new title gives new keyphrases at once (a helper saw the old ones until the
    # window was opened again)
    window.settings.tag_on_import = True
    window.edit_paper()
    window.paper_dialog.title.setText("Protein structure prediction with diffusion models")
    window.paper_dialog.abstract.setPlainText("")
    window.paper_dialog.accept()
    qtbot.waitUntil(lambda: any("protein" in k.lower() or "diffusion" in k.lower()
                                for k, _ in window.lib.vocabulary.keyphrases(pid)),
                    timeout=120_000)
    qtbot.waitUntil(window.ops.is_idle)


def test_star_shapes_are_made_once_per_place(qtbot):
    """The rating repaints on every edit and hover; its five star shapes are made once."""
    from paperdesk.gui.widgets import stars as stars_mod

    w = stars_mod.StarsWidget()
    qtbot.addWidget(w)
    w.show()
    w.set_stars(3)
    w.grab()  # paints it
    shapes = dict(stars_mod._PATHS)
    assert len(shapes) >= 5
    w.set_stars(1)
    w.grab()  # paints it
    assert stars_mod._PATHS == shapes and all(
        stars_mod._PATHS[k] is shapes[k] for k in shapes)


def test_an_elided_name_loses_whole_words_from_its_middle(qtbot):
    # a helper read "pre-trained la…models" and "representation…arning" on suggestion chips
    from paperdesk.gui.widgets.elided import ElidedLabel

    label = ElidedLabel("pre-trained large language models")
    qtbot.addWidget(label)
    metrics = label.fontMetrics()
    label.resize(metrics.horizontalAdvance("pre-trained large … models") + 4, 20)
    assert label.shown_text() == "pre-trained large … models"
    label.resize(metrics.horizontalAdvance("pre-trained … models") + 4, 20)
    assert label.shown_text() == "pre-trained … models"
    label.resize(metrics.horizontalAdvance("pre-trained … models") - 10, 20)
    assert "…" in label.shown_text() and " … " not in label.shown_text()  # letters, then
    label.resize(metrics.horizontalAdvance(label.text()) + 4, 20)
    assert label.shown_text() == label.text()
    two = ElidedLabel("abstractive summarization")  # two words: letters from the middle
    qtbot.addWidget(two)
    two.resize(metrics.horizontalAdvance("abstractive summ"), 20)
    assert "…" in two.shown_text()
    counted = ElidedLabel("pre-trained large language models  16/454")  # a bulk chip's
    qtbot.addWidget(counted)
    counted.resize(metrics.horizontalAdvance("pre-trained … models  16/454") + 4, 20)
    assert counted.shown_text() == "pre-trained … models  16/454"


def test_a_narrow_sidebar_row_keeps_its_count_in_italics_too(qtbot):
    """"natural language g…  (3…": a suggested tag's row (italic) drew a little wider than
    its advance, so the view cut the count the delegate had kept."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem, QTreeView

    from paperdesk.gui.models.sidebar import SidebarData, SidebarModel
    from paperdesk.gui.widgets.counted import CountedDelegate

    model = SidebarModel()
    model.rebuild(SidebarData(tags=[("natural language generation", 31, False),
                                    ("machine translation", 108, True)]))
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.expandAll()
    delegate = CountedDelegate(view)
    view.setItemDelegate(delegate)
    tags = model.item(2)
    for width in range(120, 260, 7):
        view.resize(width, 300)
        for row in range(tags.rowCount()):
            index = model.indexFromItem(tags.child(row))
            option = QStyleOptionViewItem()
            option.rect = view.visualRect(index)
            option.widget = view
            delegate.initStyleOption(option, index)
            count = f"({tags.child(row).text().rsplit('(', 1)[1]}"
            assert option.text.endswith(count), (width, option.text)
            assert option.textElideMode == Qt.TextElideMode.ElideNone
            room = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option,
                                               view).width()
            if option.text != tags.child(row).text():  # cut: it fits with room to spare
                assert option.fontMetrics.horizontalAdvance(option.text) < room
    assert tags.child(0).font().italic()


def test_a_note_says_saved_only_once_stored(qtbot, window, monkeypatch):
    """On a read-only library the note said "Saved" (and the edit was lost): it says so
    once the window has stored it, "Not saved" when it could not, and tries again."""
    from paperdesk.errors import LibraryError
    from paperdesk.gui import errors

    shown = []
    monkeypatch.setattr(errors, "last_error", None)
    window.ops.failed.disconnect()
    window.ops.failed.connect(shown.append)
    pid = window.lib.papers.ids()[0]
    window.select_ids([pid])
    note = window.panel.note
    qtbot.waitUntil(lambda: note.paper_id == pid)
    real_set = window.lib.notes.set

    def read_only(paper_id, text):  # noqa: ANN001, ANN202
        raise LibraryError(f"{window.lib.folder}: read-only library")

    monkeypatch.setattr(window.lib.notes, "set", read_only)
    note.editor.setPlainText("a thought")
    note.flush()
    assert note.status.text() == "Saving…"
    qtbot.waitUntil(lambda: note.status.text() == "Not saved")
    assert len(shown) == 1 and "read-only library" in str(shown[0])
    monkeypatch.setattr(window.lib.notes, "set", real_set)
    note.flush()  # (the next edit or focus change)
    qtbot.waitUntil(lambda: note.status.text() == "Saved")
    assert window.lib.notes.get(pid) == "a thought"
