

def test_list_markers_are_escaped_where_commonmark_wants_it():
    from paperdesk.export.htmlsafe import md_escape

    assert md_escape("1. item") == "1\\. item"
    assert md_escape("  12) item") == "  12\\) item"
    assert md_escape("# heading") == "\\# heading"


def test_a_note_is_converted_once_per_text(monkeypatch) -> None:
    """A repeated export converts only notes edited since: the HTML of a note's text is
    remembered, and an edited text is converted afresh."""
    from paperdesk.export import htmlsafe

    converted: list[str] = []
    real = htmlsafe._markdown

    def counting(text: str) -> str:
        converted.append(text)
        return real(text)

    monkeypatch.setattr(htmlsafe, "_markdown", counting)
    htmlsafe.note_to_html.cache_clear()
    first = htmlsafe.note_to_html("- one\n- two & <three>")
    assert htmlsafe.note_to_html("- one\n- two & <three>") == first
    assert len(converted) == 1 and "<li>" in first and "&lt;three&gt;" in first
    htmlsafe.note_to_html("- one\n- two, edited")
    assert len(converted) == 2
    htmlsafe.note_to_html.cache_clear()
