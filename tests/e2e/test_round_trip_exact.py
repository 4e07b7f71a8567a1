"""Round trips keep text exactly: backslashes and braces as typed, white space (doubled,
trailing, line breaks), bidi controls; RIS values cannot start a record; HTML isolates bidi."""

from __future__ import annotations

import re

import pytest

from paperdesk import Library
from paperdesk.importers import read_file
from paperdesk.records import Author, Paper

TITLE = "Escapes {\\input{/etc/passwd}} and \\write18{rm x}  twice,  trailing  "
ABSTRACT = ("First line  with two spaces\nER  - \nTY  - JOUR\nTI  - injected record\n"
            "\ttab, \u202eevil override\u202c and \u2067isolate\u2069, {unmatched, }} $a_b$ 50% ")
NOTE = "Note  with \\textbf{bold} }{ and\n\nparagraphs  "


@pytest.fixture
def source(tmp_path) -> Library:
    lib = Library.open(tmp_path / "src")
    change = lib.papers.add(Paper(title=TITLE, abstract=ABSTRACT, year=2024,
                                  authors=[Author.parse("O'Neil, Ann")]))
    (pid,) = change.added
    lib.notes.set(pid, NOTE)
    yield lib
    lib.close()


@pytest.mark.parametrize(("fmt", "reader", "suffix"), [
    ("bibtex", "bibtex", ".bib"), ("biblatex", "bibtex", ".bib"), ("ris", "ris", ".ris"),
    ("csljson", "csljson", ".json")])
def test_text_comes_back_exactly(source, tmp_path, fmt, reader, suffix):
    exported = tmp_path / f"out{suffix}"
    exported.write_text(source.export(fmt, source.papers.ids()), encoding="utf-8")
    result = read_file(exported, fmt=reader)
    assert not result.problems
    (entry,) = result.entries  # RIS: the note's "ER  -" / "TY  -" lines started no record
    assert (entry.paper.title, entry.paper.abstract) == (TITLE, ABSTRACT)

    target = Library.open(tmp_path / "dst")
    target.import_files([exported], fmt=reader)
    (paper,) = target.papers.list()
    assert (paper.title, paper.abstract, paper.note) == (TITLE, ABSTRACT, NOTE)
    target.close()


def test_an_edit_made_elsewhere_wins_over_the_exact_text(source, tmp_path):
    """The exact text only restores white space: a title changed in another program stays."""
    text = source.export("bibtex", source.papers.ids())
    edited = tmp_path / "edited.bib"
    edited.write_text(text.replace("and \\textbackslash{}write18", "or \\textbackslash{}write18"),
                      encoding="utf-8")
    (entry,) = read_file(edited, fmt="bibtex").entries
    assert entry.paper.title == "Escapes {\\input{/etc/passwd}} or \\write18{rm x} twice, trailing"
    assert entry.paper.abstract == ABSTRACT


def test_ris_values_cannot_start_a_tag_line(source):
    ris = source.export("ris", source.papers.ids())
    tags = re.findall(r"^([A-Z][A-Z0-9])  -", ris, re.MULTILINE)
    assert tags.count("TY") == tags.count("ER") == 1
    assert "TI  - injected record" not in ris.splitlines()


def test_html_isolates_bidi_controls(source):
    html = source.export("html", source.papers.ids())
    assert "<bdi>" in html and "\u202e" in html and "\u2067" in html  # kept, isolated
    body = html[html.index("<main>"):html.index("</main>")]
    outside = re.sub(r"<bdi>.*?</bdi>", "", body, flags=re.DOTALL)
    assert "\u202e" not in outside and "\u2067" not in outside


BIB_FROM_ELSEWHERE = r"""@article{ext, author = {Q. Person}, year = {2020},
  title = {{BERT} for $\mathcal{O}(n)$ parsing},
  abstract = {We bound it by $\alpha^2$ with \textit{care} and {\"o}.}}
@article{bad, author = {R. Person}, year = {2021},
  title = {Braced {\input{/etc/passwd}}},
  abstract = {Hostile $x$ \immediate\write18{touch pwned}}}
"""


def test_fields_that_came_in_as_latex_go_back_as_latex_unless_edited_or_unsafe(tmp_path):
    source = tmp_path / "in.bib"
    source.write_text(BIB_FROM_ELSEWHERE, encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    lib.import_files([source])
    ext, bad = sorted(lib.papers.list(), key=lambda p: p.year)
    out = lib.export("bibtex", [ext.id, bad.id])
    assert "title = {{BERT} for $\\mathcal{O}(n)$ parsing}" in out
    assert "abstract = {We bound it by $\\alpha^2$ with \\textit{care} and {\\\"o}.}" in out
    assert "\\input" not in out.replace("\\textbackslash{}input", "") and "\\write18" not in out
    lib.papers.edit(ext.id, abstract="Edited: now $5 and 50% off")
    out = lib.export("bibtex", [ext.id])
    assert "abstract = {Edited: now \\$5 and 50\\% off}" in out
    lib.close()
