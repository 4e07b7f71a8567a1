"""The reader shows a paper's keyphrases; the tag browser teaches the vocabulary."""

from __future__ import annotations

from paperdesk.gui.widgets.reader import ReaderPane


def test_reader_shows_keyphrases_escaped_and_hides_when_none(qtbot):
    reader = ReaderPane()
    qtbot.addWidget(reader)
    reader.set_keyphrases([("neural machine translation", 0.8), ("<b>BLEU</b>", 0.5)])
    assert not reader.keyphrases.isHidden()
    text = reader.keyphrases.text()
    assert "neural machine translation" in text and "&lt;b&gt;BLEU" in text
    reader.set_keyphrases([])
    assert reader.keyphrases.isHidden()
