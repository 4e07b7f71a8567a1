

def test_list_markers_are_escaped_where_commonmark_wants_it():
    from paperdesk.export.htmlsafe import md_escape

    assert md_escape("1. item") == "1\\. item"
    assert md_escape("  12) item") == "  12\\) item"
    assert md_escape("# heading") == "\\# heading"
