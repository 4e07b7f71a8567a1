"""PDF import and text extraction with PDFs made in the test."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_testdata import make_pdf

from paperdesk.errors import InputFileError
from paperdesk.importers import read_file
from paperdesk.importers.pdf import extract_pdf_text

PAPER_LINES = [
    (20, "Attention Is Mostly What You Need"),
    (11, "Ada Lovelace, Charles Babbage"),
    (12, "Abstract"),
    (10, "We study attention. It works well"),
    (10, "on many tasks."),
    (12, "1 Introduction"),
    (10, "Body text here."),
]


def test_pdf_alone_becomes_a_paper(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(make_pdf(PAPER_LINES))
    result = read_file(path)
    assert not result.problems
    paper = result.entries[0].paper
    assert paper.title == "Attention Is Mostly What You Need"
    assert paper.abstract == "We study attention. It works well on many tasks."
    assert "Body text here." in paper.fulltext
    assert paper.attachments == [str(path)] and paper.has_pdf


def test_printed_title_wins_over_embedded_metadata(tmp_path: Path) -> None:
    """Embedded titles are often junk (a file name, "doi:"); page 1 decides."""
    path = tmp_path / "m.pdf"
    for embedded in ("The Real Title", "Microsoft Word - draft.docx"):
        path.write_bytes(make_pdf(PAPER_LINES, title=embedded))
        assert read_file(path).entries[0].paper.title == "Attention Is Mostly What You Need"


def test_extract_text_for_attaching(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(make_pdf([(10, "Hello PDF world")], compress=False))
    assert "Hello PDF world" in extract_pdf_text(path)


@pytest.mark.parametrize(
    "data", [b"%PDF-1.4\ngarbage garbage", b"not a pdf at all"], ids=["damaged", "no-header"]
)
def test_garbage_pdf_is_a_problem_entry(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "garbage.pdf"
    path.write_bytes(data)
    result = read_file(path)
    assert result.entries == []
    assert len(result.problems) == 1 and result.problems[0].file == str(path)
    with pytest.raises(InputFileError):
        extract_pdf_text(path)


def test_pdf_text_splits_ligatures_and_tabs():
    from paperdesk.importers.pdf_text import clean_pages

    text = "zebra\ufb01sh\tﬂow  of\u00a0data \n next"
    assert clean_pages([text]) == ["zebrafish flow of data\nnext"]


@pytest.mark.parametrize(("head", "tail", "words", "want"), [
    ("decompo", "sition of", set(), "decomposition of"),  # a word broken at a line end
    ("high", "dimensional data", {"high-dimensional"}, "high-dimensional data"),
    ("state-of", "the-art Open IE", set(), "state-of-the-art Open IE"),  # at a hyphen
    ("part-of", "speech tags", set(), "part-of-speech tags"),
    ("sequence-to-se", "quence", {"sequence-to-sequence"}, "sequence-to-sequence"),
    ("BERT", "Base model", set(), "BERT-Base model"),
    # two words the text writes side by side elsewhere: a compound (mooney05's abstract read
    # "formal, meaningrepresentation language")
    ("formal, meaning", "representation language", {"meaning representation"},
     "formal, meaning-representation language"),
    ("some", "thing else", {"some", "thing"}, "something else"),  # (never side by side)
])
def test_a_word_broken_at_a_line_end(head: str, tail: str, words: set[str], want: str) -> None:
    from paperdesk.importers.pdf_text import join_hyphenated

    assert join_hyphenated(head, tail, words) == want


def test_the_vocabulary_has_words_and_the_pairs_written_side_by_side():
    from paperdesk.importers.pdf_text import vocabulary

    assert vocabulary([["a meaning representation of"]]) == {
        "a", "meaning", "representation", "of", "a meaning", "meaning representation",
        "representation of"}


def test_pdf_text_keeps_the_hyphens_of_a_compound_broken_at_one():
    from paperdesk.importers.pdf_text import clean_pages

    text = "the output of state-of-\ufffethe-art Open IE systems and decompo-\ufffesition"
    assert clean_pages([text]) == [
        "the output of state-of-the-art Open IE systems and decomposition"]
