"""The smaller fixes of the window: link box, similar-paper buttons, long tags, export
dialog, settings label, edit dialog fields, the Trash context menu."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLabel, QToolButton

from paperdesk.export import ExportOptions
from paperdesk.gui import actions
from paperdesk.gui import library_actions as la
from paperdesk.gui.dialogs.export_dialog import ExportRequest
from paperdesk.gui.tagging import Similar
from paperdesk.records import Tag
from tests.gui.conftest import wait_idle


def test_link_box_is_cleared_for_another_paper(qtbot, window):
    a, b = window.model.ids[:2]
    window.select_ids([a])
    wait_idle(qtbot, window)
    window.panel.related.find.setText("attention")
    window.select_ids([b])
    wait_idle(qtbot, window)
    assert window.panel.related.find.text() == ""


def test_similar_paper_link_buttons_are_not_clipped(qtbot, window):
    window.resize(1024, 700)
    window.select_ids([window.model.ids[0]])
    wait_idle(qtbot, window)
    related = window.panel.related
    long_title = "A very long title about reinforcement learning from human feedback " * 3
    related.set_similar([Similar(i, long_title, 0.9, ("rlhf", "reward models"))
                         for i in window.model.ids[1:4]])
    qtbot.wait(50)
    buttons = related.similar.findChildren(QToolButton)
    assert buttons and all(b.text() == "Link" for b in buttons)
    for b in buttons:
        assert b.width() >= b.sizeHint().width()
        right = b.mapTo(related.similar.viewport(), QPoint(b.width(), 0)).x()
        assert right <= related.similar.viewport().width()


def test_a_long_suggested_tag_does_not_scroll_the_panel_sideways(qtbot, window):
    window.select_ids([window.model.ids[0]])
    wait_idle(qtbot, window)
    panel = window.panel
    panel.tags.set_tags([Tag("an extremely long automatically suggested keyphrase " * 4,
                             "auto", 0.5)])
    qtbot.wait(50)
    assert not panel.horizontalScrollBar().isVisible()
    assert panel.widget().width() <= panel.viewport().width()


def test_export_dialog_defaults_remembers_and_offers_documents(qtbot, window, tmp_path):
    window.select_ids([window.model.ids[0]])
    wait_idle(qtbot, window)
    dialog = la.ask_export(window)
    assert dialog.request().scope == "selection"
    formats = [dialog.format.itemData(i) for i in range(dialog.format.count())]
    assert "odt" in formats and "pdf" in formats
    dialog.format.setCurrentIndex(formats.index("html"))
    qtbot.waitUntil(lambda: "Attention" in dialog.preview.toPlainText()
                    or len(dialog.preview.toPlainText()) > 40, timeout=8000)
    wait_idle(qtbot, window)
    text = dialog.preview.toPlainText()
    assert "<div" not in text and "<p" not in text  # rendered, not the source
    window.state.setValue("export/format", "html")  # what Export… stores on accept
    dialog.reject()
    again = la.ask_export(window)
    assert again.request().fmt == "html"
    again.reject()
    wait_idle(qtbot, window)


def test_pdf_export_from_the_window(qtbot, window, tmp_path):
    window.select_ids(window.model.ids[:2])
    wait_idle(qtbot, window)
    out = tmp_path / "papers.pdf"
    request = ExportRequest("pdf", ExportOptions(), "selection")
    with qtbot.waitSignal(window.exportFinished, timeout=20000):
        la.export_to(window, request, out)
    assert out.read_bytes().startswith(b"%PDF")


def test_settings_label_shows_no_ampersand(qtbot, window):
    from paperdesk.gui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.settings, window)
    label = next(lb for lb in dialog.findChildren(QLabel) if "Library folder" in lb.text())
    assert label.buddy() is dialog.folder  # "&" is a mnemonic, not shown
    # every label with a mnemonic has its buddy (a review saw "Default citation &style")
    for lb in dialog.findChildren(QLabel):
        if "&" in lb.text():
            assert lb.buddy() is not None, lb.text()
    dialog.deleteLater()


def test_edit_dialog_has_key_pages_volume_publisher_editors(qtbot, window):
    from paperdesk.gui.dialogs.paper_dialog import PaperDialog

    pid = window.model.ids[0]
    dialog = PaperDialog(window.lib.get(pid), window)
    dialog.key.setText("mykey2024")
    dialog.extra_edits["pages"].setText("1–10")
    dialog.extra_edits["volume"].setText("3")
    dialog.extra_edits["publisher"].setText("ACL")
    dialog.extra_edits["editor"].setText("Doe, Jane and Roe, Rick")
    window.lib.papers.edit(pid, **dialog.fields())
    paper = window.lib.get(pid)
    assert paper.key == "mykey2024"
    assert {k: paper.extra[k] for k in ("pages", "volume", "publisher", "editor")} == {
        "pages": "1–10", "volume": "3", "publisher": "ACL", "editor": "Doe, Jane and Roe, Rick"}
    again = PaperDialog(paper, window)
    assert again.extra_edits["publisher"].text() == "ACL"
    again.extra_edits["publisher"].setText("")
    assert "publisher" not in again.fields()["extra"]
    dialog.deleteLater()
    again.deleteLater()


def test_trash_context_menu_has_no_stars_or_link(qtbot, window):
    pid = window.model.ids[0]
    window.lib.papers.trash(pid)
    window.show_filter("trash")
    window.select_ids([pid])
    menu = actions.table_menu(window, QPoint(0, 0))
    texts = [a.text() for a in menu.actions()]
    assert "Stars" not in texts and "Mark as" not in texts
    assert window.actions_["link"] not in menu.actions()
    assert window.actions_["restore"] in menu.actions()
    menu.close()
    window.show_filter("all")
    window.select_ids(window.model.ids[:2])
    menu = actions.table_menu(window, QPoint(0, 0))
    assert "Stars (2 papers)" in [a.text() for a in menu.actions()]
    menu.close()
