"""Exported .bib files are inert: compiled by pdflatex + bibtex, hostile text reads no file.

pdflatex runs with ``-recorder`` (it lists every file it opens in ``doc.fls``) and TeX Live's
default, permissive ``openin_any`` (so an unescaped ``\\input`` *would* read /etc/passwd — the
first test shows the detector catches it) and without shell escape. The bibliography style is
the system's plain.bst, patched in the test folder to also print abstract, annotations and
keywords, so every text field PaperDesk writes is typeset.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from paperdesk.export import ExportOptions, export_papers
from paperdesk.importers.bibtex import parse_bibtex
from paperdesk.records import Author, Highlight, Paper, Tag

pytestmark = pytest.mark.skipif(
    shutil.which("pdflatex") is None or shutil.which("bibtex") is None,
    reason="pdflatex/bibtex not installed (packaging/install.sh installs texlive-latex-base)",
)

HOSTILE = [
    r"{\input{/etc/passwd}}",
    r"\input /etc/passwd ",
    r"\immediate\write18{touch pwned}",
    r"\openin5=/etc/passwd \read5 to \x \x",
    r"}, note = {\input{/etc/passwd}",
    r"^^5cinput{/etc/passwd} \csname input\endcsname{/etc/hostname}",
    "% comment } { # $ _ ~ ^ & \\ \\\\ \\def\\a{b}\\a",
    "\u202eevil\u202c  and  trailing  ",
]
#: where TeX's own files live; anything else read must be in the test folder
TEX_TREES = ("/usr/share/texlive/", "/usr/share/texmf/", "/var/lib/texmf/", "/etc/texmf/",
             "/usr/share/fonts/", "/usr/local/texlive/", "/usr/local/share/texmf/")


def hostile_papers() -> list[Paper]:
    papers = []
    for i, text in enumerate(HOSTILE, start=1):
        papers.append(Paper(
            id=i, key=f"hostile{i}", title=f"Title {text}", abstract=f"Abstract {text}",
            authors=[Author(family=f"Family{i}", given="Given")], year=2020,
            venue=f"Venue {text}", entry_type="article", note=f"Note {text}",
            tags=[Tag(name=f"tag {i}", source="user")],
            highlights=[Highlight(start=0, end=8, text="Abstract", comment=f"c {text}")],
            extra={"publisher": f"Pub {text}"},
        ))
    return papers


#: a .bib from elsewhere: fields that came in as LaTeX, some hostile, one with real math
IMPORTED = r"""
@article{imp1, author = {Q. Person}, journal = {J}, year = {2020},
  title = {Braced {\input{/etc/passwd}} title},
  abstract = {Math $\alpha^2 + \mathcal{O}(n)$ and \textit{italics} and {\"o}}}
@article{imp2, author = {R. Person}, journal = {J}, year = {2021},
  title = {{BERT} \immediate\write18{touch pwned}},
  abstract = {\openin5=/etc/passwd $x$ \csname input\endcsname{/etc/passwd}}}
"""


def imported_papers() -> list[Paper]:
    result = parse_bibtex(IMPORTED)
    assert len(result.entries) == 2 and not result.problems
    return [e.paper for e in result.entries]


def style(folder: Path) -> str:
    """plain.bst, patched to print the annotation fields too; returns its name."""
    found = subprocess.run(["kpsewhich", "plain.bst"], capture_output=True, text=True)
    text = Path(found.stdout.strip()).read_text(encoding="latin-1")
    text = text.replace("ENTRY\n  { address\n",
                        "ENTRY\n  { address\n    abstract\n    annote\n    annotation\n"
                        "    keywords\n    journaltitle\n", 1)
    text = text.replace("  note output\n  fin.entry",
                        "  note output\n  abstract output\n  annote output\n"
                        "  annotation output\n  keywords output\n  fin.entry")
    (folder / "inert.bst").write_text(text, encoding="latin-1")
    return "inert"


def compile_bib(folder: Path, bib: str) -> tuple[set[str], str]:
    """Compile ``bib`` in ``folder``: the files pdflatex read, and the .bbl bibtex wrote."""
    (folder / "refs.bib").write_text(bib, encoding="utf-8")
    (folder / "doc.tex").write_text(
        "\\documentclass{article}\n\\usepackage[utf8]{inputenc}\n\\begin{document}\n"
        f"\\nocite{{*}}\n\\bibliographystyle{{{style(folder)}}}\n\\bibliography{{refs}}\n"
        "\\end{document}\n", encoding="utf-8")
    env = {**os.environ, "openin_any": "a", "openout_any": "p", "shell_escape": "f"}
    latex = ["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "-recorder", "doc.tex"]
    read: set[str] = set()
    for command in (latex, ["bibtex", "doc"], latex):
        proc = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True,
                              errors="replace", timeout=120)
        if command[0] == "bibtex":
            assert proc.returncode in (0, 1), proc.stdout  # 1: warnings (e.g. no journal)
        if command[0] == "pdflatex":
            fls = (folder / "doc.fls").read_text(errors="replace")
            read |= {(folder / p).resolve().as_posix() if not p.startswith("/") else p
                     for p in re.findall(r"^INPUT (.+)$", fls, re.MULTILINE)}
    return read, (folder / "doc.bbl").read_text(encoding="utf-8", errors="replace")


def tex_trees() -> tuple[str, ...]:
    """TeX's own folders, with the per-user ones (fonts made on demand land there)."""
    own = []
    for var in ("TEXMFVAR", "TEXMFCONFIG", "TEXMFHOME"):
        found = subprocess.run(["kpsewhich", f"-var-value={var}"], capture_output=True,
                               text=True).stdout.strip()
        if found:
            own.append(Path(found).expanduser().resolve().as_posix() + "/")
    return TEX_TREES + tuple(own)


def outside(read: set[str], folder: Path) -> set[str]:
    """The files read that are neither in ``folder`` nor part of TeX itself."""
    mine = folder.resolve().as_posix() + "/"
    trees = tex_trees()
    return {p for p in read if not p.startswith(mine) and not p.startswith(trees)}


def test_the_detector_sees_a_raw_input(tmp_path: Path) -> None:
    raw = "@article{raw,\n  author = {A. Person},\n  title = {{\\input{/etc/passwd}}},\n" \
          "  journal = {J},\n  year = {2020},\n}\n"
    read, _ = compile_bib(tmp_path, raw)
    assert "/etc/passwd" in outside(read, tmp_path)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("ascii", [False, True], ids=["utf8", "ascii"])
def test_exported_bib_reads_no_file_outside_its_folder(tmp_path: Path, fmt: str,
                                                       ascii: bool) -> None:
    bib = export_papers(hostile_papers() + imported_papers(), fmt, ExportOptions(ascii=ascii))
    read, bbl = compile_bib(tmp_path, bib)
    assert outside(read, tmp_path) == set()
    assert (tmp_path / "doc.pdf").is_file()
    assert not (tmp_path / "pwned").exists()
    # every entry was typeset; typed commands as text: they appear escaped in the .bbl
    assert bbl.count("\\bibitem") == len(HOSTILE) + 2
    assert "\\textbackslash{}input" in bbl and "\\input{/etc/passwd}" not in bbl
    assert "\\write18" not in bbl and "\\openin" not in bbl and "\\csname" not in bbl
    # the imported abstract with math only came back as LaTeX, and is typeset as math
    assert "$\\alpha^2 + \\mathcal{O}(n)$" in bbl and "\\textit{italics}" in bbl
