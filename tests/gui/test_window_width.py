"""A narrow window: it shrinks to 800 px wide and less (a tester could not make it
narrower than about 1,007 px), its panels fit, and the side columns' widths come back
when it grows again."""

from __future__ import annotations

from PySide6.QtWidgets import QToolButton

from paperdesk.records import Tag
from tests.gui.conftest import make_window, wait_idle


def _resize(qtbot, window, width: int, height: int = 700) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.width() == width, timeout=3000)


def _fits(panel) -> bool:  # noqa: ANN001
    """The side panel's content is no wider than what shows of it (it never scrolls
    sideways: wider content would be cut off)."""
    return panel.widget().width() <= panel.viewport().width()


def test_the_window_narrows_to_800_px_and_the_side_panel_fits(qtbot, window):
    assert window.minimumSizeHint().width() <= 700
    window.select_ids([window.model.ids[0]])
    wait_idle(qtbot, window)
    window.panel.tags.set_tags([Tag("rl"), Tag("a long automatically suggested keyphrase "
                                               "about reward models", "auto", 0.5)])
    _resize(qtbot, window, 800)
    qtbot.wait(50)
    assert window.split.sizes()[1] >= 380  # the papers keep most of the room
    assert _fits(window.panel)
    accept = next(b for b in window.panel.tags.chip_buttons()
                  if b.accessibleName().startswith("Accept tag a long"))
    right = accept.mapTo(window.panel.viewport(), accept.rect().topRight()).x()
    assert right <= window.panel.viewport().width()  # its ✓ in view, its name cut short
    window.select_ids(window.model.ids[:3])  # several: the bulk buttons wrap
    qtbot.waitUntil(lambda: window.panel.count == 3)
    qtbot.wait(50)
    assert _fits(window.panel)
    assert all(b.geometry().right() <= window.panel.viewport().width()
               for b in (window.panel.tag_button, window.panel.export_button,
                         window.panel.trash_button))
    window._busy(True)  # a job with a long label does not hold the window wide either
    window._progress(1, 9, "Importing a-very-long-bibliography-file-name-exported.bib")
    _resize(qtbot, window, 760)
    window._busy(False)


def test_the_side_columns_come_back_when_the_window_grows(qtbot, window):
    _resize(qtbot, window, 1360, 860)
    side, _center, panel = window.split.sizes()
    assert (side, panel) == (220, 330)
    handle = window.split.handle(2)  # the user drags the side panel wider
    window.split.moveSplitter(window.split.sizes()[0] + window.split.sizes()[1] - 60, 2)
    assert handle is not None
    wide = window.split.sizes()[2]
    assert wide >= 380
    _resize(qtbot, window, 1024)
    assert window.split.sizes()[1] >= 560  # narrower: the side columns gave way
    _resize(qtbot, window, 800)
    _resize(qtbot, window, 1360, 860)
    assert window.split.sizes()[0] == 220 and window.split.sizes()[2] == wide


def test_the_chosen_widths_are_remembered(qtbot, sample_lib, gui_settings, tmp_path):
    win = make_window(qtbot, sample_lib, gui_settings, tmp_path)
    _resize(qtbot, win, 1360, 860)
    win.split.moveSplitter(260, 1)  # a wider sidebar
    assert win.split.sizes()[0] == 260
    _resize(qtbot, win, 900)  # closed while small
    win.close()
    win.ops.wait()
    again = make_window(qtbot, sample_lib, gui_settings, tmp_path)
    _resize(qtbot, again, 1360, 860)
    assert again.split.sizes()[0] == 260 and again.split.sizes()[2] == 330
    again.close()
    again.ops.wait()


def test_widths_share_a_narrow_window_out_in_proportion():
    from paperdesk.gui.side_columns import widths

    assert widths(1400, (220, 330), (150, 220), room=580) == (220, 850, 330)
    # less room for the papers: each side column gives up the same share of what it has
    # above its minimum (70 and 110 px here: 50 of 180 are left)
    assert widths(1000, (220, 330), (150, 220), room=580) == (169, 580, 251)
    assert widths(700, (220, 330), (150, 220), room=580) == (150, 330, 220)


def test_the_pdf_tools_overflow_in_a_narrow_reader(qtbot):
    """The PDF tab's tools held the reader (and so the window) 550 px wide."""
    from paperdesk.gui.widgets.pdf_view import PdfTab

    tab = PdfTab()
    qtbot.addWidget(tab)
    assert tab.minimumSizeHint().width() < 200
    tab.resize(300, 400)
    tab.show()
    qtbot.waitExposed(tab)
    more = tab.findChild(QToolButton, "qt_toolbar_ext_button")
    assert more is not None and more.isVisible()  # the rest behind the tool bar's »
    tab.resize(900, 400)
    qtbot.waitUntil(lambda: not more.isVisible())
    assert tab.open_button.isVisible()
