"""PDF import on real papers and LaTeX-built PDFs: header, clean text, problems, search."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from paperdesk.importers import read_file
from paperdesk.importers.pdf import read_pdf_content

DATA = Path(__file__).resolve().parents[2] / "data" / "pdfs"
LATEX = DATA / "latex"
SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "pdfs"
LABELS = {p["file"]: p for p in json.loads((DATA / "shared_labels.json").read_text())["papers"]}


def norm(text: str) -> str:
    return " ".join(text.replace("’", "'").lower().split())


def header_of(path: Path):  # noqa: ANN201 - the Header record
    return read_pdf_content(path.read_bytes()).header


def check_label(path: Path, label: dict) -> dict[str, bool]:
    """Which labelled fields the header gets right."""
    head = header_of(path)
    words = head.abstract.split()
    return {
        "title": norm(head.title) == norm(label["title"]),
        "first_author": bool(head.authors) and head.authors[0].family == label["first_author"],
        "year": head.year == label["year"],
        "doi": head.doi.lower() == label["doi"].lower(),
        "abstract": norm(" ".join(words[:6])) == norm(label["abstract_start"])
        and norm(" ".join(words[-6:])) == norm(label["abstract_end"]),
    }


@pytest.mark.parametrize("name", ["mooney05.pdf", "submission_363.pdf"])
def test_real_paper_header_matches_labels(name: str) -> None:
    assert check_label(DATA / name, LABELS[name]) == dict.fromkeys(
        ("title", "first_author", "year", "doi", "abstract"), True
    )


def test_editorial_without_abstract_keeps_doi_and_year() -> None:
    name = "index-string-out-of-range-d5b4bf22619ce0cb4b7742bc9174c5c4ef407a80.pdf"
    head = header_of(DATA / name)
    assert head.title == "COVID-19 vaccination and treatment in vulnerable populations"
    assert head.doi == "10.1111/imm.13445" and head.year == 2022
    assert head.abstract == ""


def test_real_paper_authors_split_given_and_family() -> None:
    head = header_of(DATA / "mooney05.pdf")
    assert [(a.given, a.family) for a in head.authors] == [
        ("Ruifang", "Ge"), ("Raymond J.", "Mooney")]


def test_two_column_latex_paper() -> None:
    content = read_pdf_content((LATEX / "twocolumn.pdf").read_bytes())
    head = content.header
    assert head.title == "Offline Metadata Extraction for Scientific Documents in Two Columns"
    assert [a.display for a in head.authors] == [
        "François Müller", "Ana María García", "Zoë van der Berg"]
    assert head.authors[2].family == "van der Berg" or head.authors[2].prefix == "van der"
    assert head.doi == "10.5555/paperdesk.2024.017" and head.year == 2024
    assert head.venue == "Workshop on Offline Tools"
    assert head.keywords == ["metadata extraction", "PDF", "offline tools"]
    assert head.abstract.startswith("We present a method for reading the header")
    assert head.abstract.endswith("It ends exactly here at the final sentence of the abstract.")
    # hyphenation joined, real hyphens kept, ligatures split, accents recomposed
    assert "reconfiguration" in head.abstract and "well-known" in head.abstract
    assert "official and affine" in content.text
    assert "François Müller" in content.text and "María García" in content.text
    assert "\x02" not in content.text and "\ufffe" not in content.text


def test_a_compound_broken_at_one_of_its_hyphens_keeps_it() -> None:
    # mooney05 breaks "part-of-speech" after "of-": the text read "part-ofspeech"
    text = read_pdf_content((DATA / "mooney05.pdf").read_bytes()).text
    assert "part-of-speech" in text and "part-ofspeech" not in text


def test_arxiv_stamp_gives_id_and_year_not_title() -> None:
    head = header_of(LATEX / "arxiv_stamp.pdf")
    assert head.title == "Side Stamps Are Not Titles: Reading arXiv Preprints"
    assert head.arxiv_id == "2101.04567" and head.year == 2021
    assert [a.family for a in head.authors] == ["Hopper", "Turing"]
    assert head.abstract.endswith("This abstract is the one to keep.")


def test_small_caps_title_without_abstract() -> None:
    head = header_of(LATEX / "smallcaps_noabstract.pdf")
    assert head.title == "Small Capitals in a Title Without Abstract"
    assert [a.family for a in head.authors] == ["Lovelace", "Babbage"]
    assert head.abstract == ""


def test_cover_page_title_comes_from_page_two() -> None:
    head = header_of(LATEX / "cover_page.pdf")
    assert head.title == "A Report Whose Title Is on Page Two"
    assert [a.family for a in head.authors] == ["Liskov"]
    assert head.abstract == (
        "Cover pages push the title to the second page. This abstract sits below it.")


def test_inline_abstract_label_ends_before_index_terms() -> None:
    """Transactions style: "Abstract—" on the abstract's first line, "Index Terms—" after."""
    head = header_of(LATEX / "ieee_style.pdf")
    assert head.title == "Robust Layout Analysis for Journal Articles"
    assert [a.display for a in head.authors] == ["Karen Spärck Jones", "Donald E. Knuth"]
    assert head.abstract.startswith("This paper shows how the abstract")
    assert head.abstract.endswith("ends before the index terms.")
    assert head.keywords == ["layout analysis", "metadata", "transactions"]
    assert head.venue == ""  # "Journal" in the title is not a venue


def test_running_heads_and_page_numbers_dropped() -> None:
    pages = read_pdf_content((LATEX / "arxiv_stamp.pdf").read_bytes()).pages
    for page in pages:
        lines = page.splitlines()
        assert not re.fullmatch(r"\d+", lines[-1].strip()), lines[-1]


def page3_phrase(path: Path) -> str:
    """Five plain words from a line on page 3, as a user would type them."""
    doc = pdfium.PdfDocument(path)
    text = doc[2].get_textpage().get_text_range()
    doc.close()
    line = next(ln for ln in text.splitlines() if re.fullmatch(r"[A-Za-z ,.]{40,}", ln.strip()))
    return " ".join(re.findall(r"[A-Za-z]{3,}", line)[:5])


def test_page_three_phrase_without_quotes_finds_the_pdf(lib, tmp_path: Path) -> None:
    files = [DATA / "mooney05.pdf", LATEX / "twocolumn.pdf", LATEX / "arxiv_stamp.pdf",
             LATEX / "cover_page.pdf"]
    report = lib.import_files(files)
    assert report.added == 4 and not report.problems
    for path, pid in zip(files, report.added_ids, strict=True):
        phrase = page3_phrase(path)
        assert pid in lib.select_ids(query=phrase), phrase


def test_damaged_encrypted_and_scanned_pdfs_are_problems_naming_the_file(
    lib, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from pypdf import PdfReader, PdfWriter

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.pdf").write_bytes((DATA / "submission_363.pdf").read_bytes())
    data = (DATA / "mooney05.pdf").read_bytes()
    (folder / "damaged.pdf").write_bytes(data[: len(data) // 3])
    writer = PdfWriter(clone_from=PdfReader(DATA / "submission_363.pdf"))
    writer.encrypt("secret")
    with open(folder / "locked.pdf", "wb") as f:
        writer.write(f)
    blank = PdfWriter()
    blank.add_blank_page(612, 792)
    with open(folder / "scan.pdf", "wb") as f:
        blank.write(f)
    report = lib.import_folder(folder)
    assert report.added == 1
    reasons = {Path(p.file).name: p.reason for p in report.problems}
    assert set(reasons) == {"damaged.pdf", "locked.pdf", "scan.pdf"}
    assert "password" in reasons["locked.pdf"] and "text" in reasons["scan.pdf"]
    out, err = capfd.readouterr()
    assert err == ""


def test_folder_reimport_adds_nothing(lib, tmp_path: Path) -> None:
    folder = tmp_path / "papers"
    (folder / "deep").mkdir(parents=True)
    for name in ("mooney05.pdf", "submission_363.pdf"):
        (folder / "deep" / name).write_bytes((DATA / name).read_bytes())
    (folder / "refs.bib").write_text("@article{k1, title={A Bib Paper}, author={Doe, Jane},"
                                     " year={2001}}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not imported", encoding="utf-8")
    first = lib.import_folder(folder)
    assert first.added == 3 and not first.problems
    again = lib.import_folder(folder)
    assert again.added == 0 and not again.problems
    assert len(lib.select_ids()) == 3


def test_a_stored_pdf_gone_from_files_comes_back_when_imported_again(lib) -> None:
    """A review: deleting a paper's PDF from files/ and importing the PDF again said
    "merged 1" and left the paper pointing at the missing file."""
    report = lib.import_files([DATA / "mooney05.pdf"])
    (pid,) = report.added_ids
    (stored,) = lib.attachments.paths(pid)
    data = stored.read_bytes()
    stored.unlink()
    again = lib.import_files([DATA / "mooney05.pdf"])
    assert again.added == 0 and again.merged_ids == [pid]
    (back,) = lib.attachments.paths(pid)
    assert back.is_file() and back.read_bytes() == data


def test_pdf_of_a_paper_in_the_library_attaches_to_it(lib) -> None:
    from paperdesk.records import Author, Paper

    change = lib.papers.add(Paper(title="A Statistical Semantic Parser that Integrates "
                                  "Syntax and Semantics", year=2005,
                                  authors=[Author(family="Ge", given="Ruifang")]))
    (pid,) = change.added
    report = lib.import_files([DATA / "mooney05.pdf"])
    assert report.added == 0 and report.merged_ids == [pid]
    assert lib.attachments.paths(pid)[0].name == (
        "Ge 2005 - A Statistical Semantic Parser that Integrates Syntax and.pdf")


def test_preprint_and_published_version_are_linked_not_merged(lib, tmp_path: Path) -> None:
    from paperdesk.records import Author, Paper

    change = lib.papers.add(Paper(title="Side Stamps Are Not Titles: Reading arXiv Preprints",
                                  year=2021, doi="10.1000/published.1",
                                  authors=[Author(family="Hopper", given="Grace")]))
    (published,) = change.added
    report = lib.import_files([LATEX / "arxiv_stamp.pdf"])
    assert report.added == 1 and report.merged == 0
    (preprint,) = report.added_ids
    assert any("preprint or published" in w for w in report.warnings)
    rows = lib.db.execute("SELECT a, b, note FROM links").fetchall()
    assert rows == [(min(published, preprint), max(published, preprint),
                     "possible duplicate (preprint and published version)")]


def test_cli_says_a_preprint_pair_once(tmp_path: Path) -> None:
    """The command line printed a preprint kept apart twice: as the warning "may be the
    preprint … kept apart and linked" and as "possible duplicate: … (….pdf:?) …; kept both"."""
    import subprocess
    import sys

    from paperdesk import Library
    from paperdesk.records import Author, Paper

    def run(name: str, *options: str) -> str:
        with Library.open(tmp_path / name) as lib:
            lib.papers.add(Paper(title="Side Stamps Are Not Titles: Reading arXiv Preprints",
                                 year=2021, doi="10.1000/published.1",
                                 authors=[Author(family="Hopper", given="Grace")]))
        return subprocess.run([sys.executable, "-m", "paperdesk", "--library",
                               str(tmp_path / name), *options, "import",
                               str(LATEX / "arxiv_stamp.pdf")],
                              capture_output=True, text=True, check=True).stdout

    out = run("text")
    assert "may be the preprint or published version of paper 1" in out
    assert "possible duplicate" not in out and ":?" not in out
    report = json.loads(run("json", "--json"))
    assert [d["linked"] for d in report["possible_duplicates"]] == [True]


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data/pdfs (the 23-paper corpus) absent")
def test_shared_corpus_meets_the_accuracy_targets() -> None:
    right: dict[str, list[bool]] = {}
    for name, label in LABELS.items():
        result = check_label(SHARED / name, label)
        counted = {"title": True, "first_author": bool(label["first_author"]),
                   "year": label["year"] is not None, "doi": bool(label["doi"]),
                   "abstract": bool(label["abstract_start"])}
        for field, ok in result.items():
            if counted[field]:
                right.setdefault(field, []).append(ok)
    share = {f: sum(v) / len(v) for f, v in right.items()}
    assert share["title"] >= 0.95 and share["first_author"] >= 0.92
    assert share["year"] >= 0.90 and share["doi"] >= 0.90 and share["abstract"] >= 0.90


def test_every_shared_pdf_reads_without_problems() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared/data/pdfs absent")
    for path in sorted(SHARED.glob("*.pdf")):
        result = read_file(path)
        assert not result.problems and not result.warnings, path
        assert result.entries[0].paper.fulltext


def test_a_conference_paper_is_formatted_as_one() -> None:
    """A PDF whose page names a conference is an ``inproceedings`` entry, so IEEE writes
    "in *… Conference …*" rather than formatting it as a journal article (APA does so
    too once the paper has editors, as the official style and Zotero do)."""
    from paperdesk.export import ExportOptions, export_papers
    from paperdesk.importers.pdf import read_pdf

    path = DATA / "mooney05.pdf"
    (entry,) = read_pdf(path, path.read_bytes()).entries
    assert entry.paper.venue == "9th Conference on Computational Natural Language Learning (CoNLL)"
    assert entry.paper.entry_type == "inproceedings"
    text = export_papers([entry.paper], "markdown", ExportOptions(style="ieee"))
    assert "in *9th Conference on Computational Natural Language Learning (CoNLL)*" in text


@pytest.mark.parametrize(("venue", "kind"), [
    ("30th VLDB Conference", "inproceedings"),
    ("SIAM Symposium on Discrete Algorithms", "inproceedings"),
    ("ZEUS Workshop", "inproceedings"),
    ("NAACL-HLT", "inproceedings"),
    ("50th Annual Meeting of the Association for Computational Linguistics", "inproceedings"),
    ("Journal of Machine Learning Research", "article"),
    ("IEEE Transactions on Pattern Analysis and Machine Intelligence", "article"),
    ("", "article"),
])
def test_entry_type_of_venue(venue: str, kind: str) -> None:
    from paperdesk.importers.pdf import entry_type_of_venue

    assert entry_type_of_venue(venue) == kind


@pytest.mark.parametrize(("title", "abstract", "want"), [
    ("COHERENCE PROPERTIES OF QUANTUM DOT RESONANCE FLUORESCENCE", "We study quantum dots.",
     "Coherence Properties of Quantum Dot Resonance Fluorescence"),
    ("MAGNETO-PHOTOLUMINESCENCE AS A PROBE OF PHASES IN QUANTUM HALL MULTI-LAYERS", "",
     "Magneto-Photoluminescence as a Probe of Phases in Quantum Hall Multi-Layers"),
    ("COVID-19 VACCINATION AND DNA: A STUDY OF THE UK",
     "The COVID-19 pandemic and DNA in the UK were studied.",
     "COVID-19 Vaccination and DNA: A Study of the UK"),
    ("BERT for Parsing", "", "BERT for Parsing"),  # any lower case: left as printed
    ("LSTM VS. CNN", "", "LSTM VS. CNN"),  # too short to tell words from acronyms
    ("AN ABSTRACT IN CAPITALS TOO", "WE STUDY CAPITALS.", "An Abstract in Capitals Too"),
])
def test_a_title_in_capitals_is_title_cased(title: str, abstract: str, want: str) -> None:
    from paperdesk.importers.pdf_header import unshout

    assert unshout(title, abstract) == want


def test_real_paper_with_a_title_in_capitals() -> None:
    head = header_of(DATA / "submission_363.pdf")
    assert head.title == "Coherence Properties of Quantum Dot Resonance Fluorescence"


@pytest.mark.parametrize(("name", "year"), [("fader11.pdf", 2011), ("proto06.pdf", 2006)])
def test_a_typeset_paper_that_prints_no_year_gets_its_pdfs(shared_data: Path, name: str,
                                                           year: int) -> None:
    # science-parse's expected extractions give these years; the pages print none
    (entry,) = read_file(shared_data / "pdfs" / name).entries
    assert entry.paper.year == year
    assert entry.paper.extra["year_source"] == "the PDF's creation date"


def test_a_printed_year_is_the_year() -> None:
    (entry,) = read_file(DATA / "mooney05.pdf").entries
    assert entry.paper.year == 2005 and "year_source" not in entry.paper.extra


def test_no_year_from_a_scan_or_from_a_date_far_after_the_citations() -> None:
    from paperdesk.importers.pdf import typeset_year

    tex = {"Creator": "TeX", "Producer": "pdfTeX-1.40.3", "CreationDate": "D:20110819092901"}
    cites = "as shown by Banko et al. (2007) and Wu and Weld (2010a)."
    assert typeset_year(tex, cites) == 2011
    assert typeset_year({**tex, "Creator": "", "Producer": "Adobe Acrobat Scan"}, cites) is None
    assert typeset_year({**tex, "CreationDate": "D:20190101"}, cites) is None  # a later copy
    assert typeset_year(tex, "no years cited here") is None
    assert typeset_year({"Producer": "pdfTeX"}, cites) is None


@pytest.mark.parametrize(("name", "venue", "year"), [
    ("smith07.pdf", "STOC’07", 2007),  # ACM's permission block
    ("index-list-out-of-range-7f4e18385a30ccb00dc637d5123f894f1f862964.pdf",
     "Journal of Physics: Conference Series", 2022),  # "… Series 2188 (2022) 012011"
    ("index-string-out-of-range-d5b4bf22619ce0cb4b7742bc9174c5c4ef407a80.pdf", "Immunology",
     2022),  # "Immunology. 2022;165:141–142."
    # "A preliminary version of this paper was presented at the ACM-SIAM Symposium…" and
    # "ACM Journal Name, Vol. V, No. N, Month 20YY" name no venue of this paper
    ("c0690a1d74ab781bd54f9fa7e67267cce656.pdf", "", None),
])
def test_the_venue_printed_on_page_one(shared_data: Path, name: str, venue: str,
                                       year: int | None) -> None:
    """A review of the 23 shared PDFs: these venues were empty, or another version's."""
    head = header_of(shared_data / "pdfs" / name)
    assert (head.venue, head.year) == (venue, year)


def test_venue_lines_of_journals_events_and_other_versions() -> None:
    from paperdesk.importers.pdf_header import _venue
    from paperdesk.importers.pdf_layout import Line

    def page(*texts: str) -> list[Line]:
        return [Line(t, 0, 700 - 20 * i, 300, 710 - 20 * i, 9) for i, t in enumerate(texts)]

    assert _venue(page("Nature Communications 12 (2021) 4567")) == "Nature Communications"
    assert _venue(page("KDD’11, August 21–24, 2011, San Diego, California, USA.")) == "KDD’11"
    assert _venue(page("Conference’17, July 2017, Washington, DC, USA")) == ""
    assert _venue(page("A preliminary version appeared in the Proceedings of the 5th Workshop "
                       "on Things.")) == ""
    assert _venue(page("Table 1 (2019) shows the results.")) == ""
