"""Importing Zotero libraries: generated ones (every item type, notes, files, annotations,
trash, groups, feeds) and, when ``../shared`` is present, Zotero's real schemas and data."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest
from zotero_fixture import ZoteroBuilder, build_sample, tiny_pdf

from paperdesk import Library
from paperdesk.errors import InputFileError, UsageError
from paperdesk.importers.zotero import locate, looks_like_zotero, read_zotero
from paperdesk.importers.zotero.notes import IMAGE_MARKER, html_to_markdown
from paperdesk.library.zotero_import import import_zotero
from paperdesk.records import Paper

DATA = Path(__file__).resolve().parents[2] / "data"
SHARED_ZOTERO = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "zotero"
needs_shared = pytest.mark.skipif(not SHARED_ZOTERO.is_dir(),
                                  reason="../shared/data/zotero (Zotero's AGPL schema files and "
                                         "real data folders) is not present")


@pytest.fixture
def zotero(tmp_path):
    folder = tmp_path / "Zotero"
    expected = build_sample(folder)
    return folder, expected


def outcomes(report, category):
    return dict(report.outcomes[category])


def by_title(lib):
    return {p.title: p for p in lib.papers.list()}


def test_every_row_accounted_for(zotero, lib):
    folder, expected = zotero
    report = import_zotero(lib, folder)
    assert report.balanced()
    for category in ("items", "notes", "attachments", "collections", "tags"):
        assert outcomes(report, category) == expected[category], category
    assert report.count("annotations", "imported") == expected["annotations"]["imported"]
    assert report.count("annotations", "skipped") == expected["annotations"]["skipped"]
    assert lib.count() == expected["papers"]
    assert report.exit_status == 1  # two files are missing, and say so
    reasons = {(p.category, p.reason) for p in report.problems}
    assert ("attachments", "linked file missing") in reasons
    assert ("attachments", "web snapshot (reported)") in reasons
    assert report.groups == ["Lab Group"] and report.chosen_groups == []


@pytest.mark.parametrize("title, entry_type, csl_type, checks", [
    ("Sparse attention for graphs", "article", "article-journal",
     {"venue": "Journal of Graphs", "year": 2021, "doi": "10.1234/graphs.2021",
      "extra.volume": "12", "extra.number": "3", "extra.pages": "100-120",
      "extra.date": "May 2021", "extra.editor": "Hopper, Grace",
      "extra.zotero_extra": "PMID: 123456", "authors": ["Ada Lovelace", "Alan Turing"]}),
    ("深層学習の基礎", "book", "book",
     {"year": 2019, "extra.publisher": "技術評論社", "extra.address": "東京",
      "extra.isbn": "978-4-00-000000-0", "authors": ["太郎 山田"]}),
    ("Graph kernels", "incollection", "chapter",
     {"venue": "Handbook of ML", "year": 2018, "extra.bookAuthor": "Jones, Carol"}),
    ("Fast message passing", "inproceedings", "paper-conference",
     {"venue": "Proc. NeurIPS", "authors": ["DeepMind Team"]}),
    ("On graph learning", "phdthesis", "thesis",
     {"venue": "MIT", "extra.type": "PhD thesis"}),
    ("Benchmarking GNNs", "techreport", "report",
     {"venue": "ACME Labs", "extra.number": "TR-7"}),
    ("graphlib", "software", "software",
     {"authors": ["Eve Moss"], "extra.zotero_author_role": "programmer",
      "extra.publisher": "Graph Inc.", "extra.versionNumber": "2.1"}),
    ("Attention is sparse", "unpublished", "article", {"arxiv_id": "2101.00001"}),
    ("A blog on graphs", "online", "webpage",
     {"venue": "GraphBlog", "url": "https://graphblog.example/post",
      "extra.urldate": "2024-01-01 10:00:00"}),
    ("Graph v. Tree", "misc", "legal_case", {"year": 1999, "extra.authority": "Supreme Court"}),
])
def test_item_types_and_fields(zotero, lib, title, entry_type, csl_type, checks):
    import_zotero(lib, zotero[0])
    paper = by_title(lib)[title]
    assert paper.entry_type == entry_type
    assert paper.extra["csl_type"] == csl_type
    for name, want in checks.items():
        if name.startswith("extra."):
            assert paper.extra[name[6:]] == want, name
        elif name == "authors":
            assert [a.display for a in paper.authors] == want
        else:
            assert getattr(paper, name) == want, name


def test_notes_become_markdown_and_standalone_notes_papers(zotero, lib):
    import_zotero(lib, zotero[0])
    papers = by_title(lib)
    note = papers["Sparse attention for graphs"].note
    assert note.startswith("# Reading notes\n\nKey **claim**: sparse is *enough*.")
    assert "- one\n- two" in note and IMAGE_MARKER in note and "Second note" in note
    assert "読書メモ：良い本" in papers["深層学習の基礎"].note
    standalone = papers["Ideas for chapter 3"]
    assert standalone.note.endswith("Use [this](https://x.org).")
    assert standalone.extra["zotero_type"] == "note"
    assert "trashed" not in note


def test_a_pdf_dropped_into_zotero_is_described_by_its_first_page(tmp_path, lib):
    """Zotero titles a PDF dropped into the library by its file name, with no authors or
    year; the page says what paper it is. A title the user gave it is kept."""
    pdf = (DATA / "pdfs" / "mooney05.pdf").read_bytes()
    z = ZoteroBuilder(tmp_path / "Zotero")
    z.attachment(None, 0, "application/pdf", "mooney05.pdf", pdf)
    z.attachment(None, 0, "application/pdf", "renamed.pdf", pdf, title="Ge & Mooney, SCISSOR")
    z.attachment(None, 0, "application/pdf", "empty.pdf", b"")
    z.close()
    report = import_zotero(lib, tmp_path / "Zotero")
    papers = by_title(lib)
    read = papers["A Statistical Semantic Parser that Integrates Syntax and Semantics"]
    assert [a.family for a in read.authors] == ["Ge", "Mooney"] and read.year == 2005
    assert read.entry_type == "inproceedings" and "CoNLL" in read.venue
    assert "csl_type" not in read.extra and read.extra["zotero_type"] == "attachment"
    assert len(read.attachments) == 1
    renamed = papers["Ge & Mooney, SCISSOR"]
    assert renamed.year == 2005 and renamed.authors == read.authors
    assert papers["empty.pdf"].year is None  # nothing to read: kept as Zotero shows it
    assert ("attachments", "stored file is empty (0 bytes)") in {
        (p.category, p.reason) for p in report.problems}


def test_annotations_become_pdf_highlights(zotero, lib):
    import_zotero(lib, zotero[0])
    paper = by_title(lib)["Sparse attention for graphs"]
    got = [(h.kind, h.page, h.text, h.comment, h.color, h.quads) for h in paper.highlights]
    assert got == [
        ("highlight", 0, "sparse attention", "key idea", "yellow", [[72, 700, 300, 712]]),
        ("note", 0, "", "a sticky note", "green", [[72, 700, 300, 712]]),
        ("note", 0, "", "a text box", "red", [[72, 700, 300, 712]]),
        ("underline", 1, "underlined words", "", "blue",
         [[72, 600, 200, 610], [72, 588, 150, 598]]),
    ]
    assert all(h.origin.startswith("zotero:") for h in paper.highlights)
    (pre,) = by_title(lib)["Attention is sparse"].highlights
    assert (pre.page, pre.color) == (2, "purple")
    assert lib.search("highlight:preprint")[0].title == "Attention is sparse"


def test_files_copied_linked_and_indexed(zotero, lib):
    folder, expected = zotero
    import_zotero(lib, folder)
    papers = by_title(lib)
    article = papers["Sparse attention for graphs"]
    (stored,) = lib.attachments.paths(article.id)
    assert stored.parent.parent == lib.files_dir
    assert stored.read_bytes() == (folder / "storage").joinpath(
        *next((folder / "storage").glob("*/sparse.pdf")).parts[-2:]).read_bytes()
    assert lib.search("pdf:transformers full", limit=None)[0].paper_id == article.id
    thesis = papers["On graph learning"]
    assert lib.attachments.paths(thesis.id) == [Path(expected["linked_file"])]
    assert lib.search('pdf:"graph transformers"', limit=None)  # linked PDF read for text
    assert papers["Sparse attention for graphs"].extra["zotero_links"] == [
        "Publisher page: https://publisher.example/sparse"]
    assert papers["A standalone PDF"].has_pdf
    assert papers["Graph kernels"].attachments == []  # its file was missing: reported


def test_collections_tags_and_related(zotero, lib):
    import_zotero(lib, zotero[0])
    paths = [c.path for c in lib.collections.list()]
    assert paths == ["Thesis", "Thesis/Chapter 1", "Thesis/Chapter 1/Figures",
                     "Thesis/Chapter 2", "読書"]
    papers = by_title(lib)
    assert papers["深層学習の基礎"].collections == ["Thesis/Chapter 1", "読書"]
    assert {h.title for h in lib.search("collection:Thesis", limit=None)} == {
        "Sparse attention for graphs", "深層学習の基礎", "Graph kernels", "Fast message passing"}
    article = papers["Sparse attention for graphs"]
    assert [(t.name, t.source) for t in article.tags] == [("graphs", "user"),
                                                          ("attention", "auto")]
    assert article.extra["zotero_automatic_tags"] == ["attention"]
    assert article.links == [papers["Attention is sparse"].id]


def test_reimport_adds_nothing(zotero, lib):
    folder, _ = zotero
    import_zotero(lib, folder)

    def snapshot():
        return {t: lib.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("papers", "highlights", "attachments", "links", "collections",
                          "collection_papers", "tags", "notes")}

    before = snapshot()
    files = sorted(p.name for p in lib.files_dir.rglob("*") if p.is_file())
    again = import_zotero(lib, folder)
    assert snapshot() == before
    assert sorted(p.name for p in lib.files_dir.rglob("*") if p.is_file()) == files
    assert again.added_ids == [] and again.merged_ids == []
    assert again.outcomes["items"]["unchanged"] == 10
    assert again.outcomes["collections"]["unchanged"] == 5
    assert again.balanced()


def test_duplicates_merge_into_existing_papers(zotero, lib):
    (pid,) = lib.papers.add(Paper(title="Sparse attention for graphs (preprint)",
                                  doi="10.1234/graphs.2021")).added
    report = import_zotero(lib, zotero[0])
    assert report.outcomes["items"]["merged"] == 1 and pid in report.merged_ids
    merged = lib.get(pid)
    assert merged.title == "Sparse attention for graphs (preprint)"  # user data kept
    assert merged.collections == ["Thesis", "読書"] and len(merged.highlights) == 4
    assert merged.extra["zotero_key"].startswith("user:")
    assert import_zotero(lib, zotero[0]).merged_ids == []  # and only once


def test_group_libraries(zotero, lib, tmp_path):
    report = import_zotero(lib, zotero[0], groups=["lab group"])
    assert report.chosen_groups == ["Lab Group"]
    paper = by_title(lib)["Group paper on graphs"]
    assert paper.collections == ["Lab Group/Shared"]
    assert paper.extra["zotero_key"].startswith("group:4242:")
    assert report.outcomes["items"]["skipped: feed item"] == 1
    with Library.open(tmp_path / "other") as other:
        assert import_zotero(other, zotero[0], groups=["all"]).chosen_groups == ["Lab Group"]
        with pytest.raises(UsageError, match="no Zotero group library named 'nope'"):
            import_zotero(other, zotero[0], groups=["nope"])


def test_source_is_never_written_even_while_locked(zotero, lib):
    folder, _ = zotero
    db = folder / "zotero.sqlite"
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    holder = sqlite3.connect(db)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # as a running Zotero holds it
    try:
        report = import_zotero(lib, db)  # the database file itself
    finally:
        holder.rollback()
        holder.close()
    assert report.balanced() and lib.count() == 12
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not (folder / "zotero.sqlite-journal").exists()


def test_newer_schema_is_read_with_a_warning(tmp_path, lib):
    z = ZoteroBuilder(tmp_path / "Z", version=140)
    z.item("journalArticle", {"title": "From the future"})
    z.close()
    report = import_zotero(lib, tmp_path / "Z")
    assert "newer than this PaperDesk knows" in report.warnings[0]
    assert lib.count() == 1


def test_bad_sources_are_one_line_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputFileError, match="not a Zotero data folder"):
        locate(tmp_path / "empty")
    junk = tmp_path / "zotero.sqlite"
    junk.write_bytes(b"not a database")
    assert not looks_like_zotero(junk)
    with pytest.raises(InputFileError, match="not a Zotero database"):
        locate(junk)


def test_html_to_markdown_blocks():
    text, images = html_to_markdown(
        "<div><h2>T</h2><p>a<br/>b</p><ol><li>x</li><li>y</li></ol>"
        "<blockquote><p>q1</p><p>q2</p></blockquote><pre>code  here</pre>"
        "<p><img src='a.png'/><img src='b.png'/></p></div>")
    assert text == ("## T\n\na  \nb\n\n1. x\n2. y\n\n> q1\n>\n> q2\n\n```\ncode  here\n```\n\n"
                    f"{IMAGE_MARKER}{IMAGE_MARKER}")
    assert images == 2


# ------------------------------------------------------------------ real schemas and data
def _versions() -> list[int]:
    folder = SHARED_ZOTERO / "schema" / "history"
    if not folder.is_dir():
        return []
    return sorted(int(p.stem.split("-")[1]) for p in folder.glob("userdata-*.sql")
                  if int(p.stem.split("-")[1]) >= 95)


@needs_shared
@pytest.mark.parametrize("version", _versions() or [0])
def test_real_zotero_schemas_5_to_10(tmp_path, version):
    sql = SHARED_ZOTERO / "schema" / "history" / f"userdata-{version}.sql"
    folder = tmp_path / "Zotero"
    expected = build_sample(folder, schema_sql=sql, version=version)
    with Library.open(tmp_path / "lib") as lib:
        report = import_zotero(lib, folder)
        assert report.schema == version and report.balanced()
        assert outcomes(report, "items") == expected["items"]
        assert outcomes(report, "attachments") == expected["attachments"]
        assert outcomes(report, "notes") == expected["notes"]
        assert report.count("annotations", "imported") == expected["annotations"]["imported"]
        skipped_collections = 1 if version >= 111 else 0  # deletedCollections came in 111
        assert report.count("collections", "skipped") == 1 + skipped_collections
        assert report.count("collections", "imported") == 6 - skipped_collections
        assert lib.count() == expected["papers"]


# counts from ../shared/data/zotero/PROVENANCE.md: live regular items, notes, attachment rows
REAL = {
    "papis-zotero": (121, 5, {"imported": 4}, 0, 0),
    "hsteinshiromoto-bibliography": (120, 38, {"imported": 8, "problem: stored file missing": 9,
                                               "skipped: web snapshot (reported)": 1}, 1, 66),
    "samples/zotero-4.0": (78, 1, {}, 0, 0),
    "samples/biblio-zotero-db": (102, 10, {"imported": 1, "skipped: in the trash": 3,
                                           "problem: stored file is empty (0 bytes)": 7,
                                           "problem: linked file missing": 1}, 3, 6),
    "samples/nagatashigueru-zotero7": (123, 5, {"problem: stored file missing": 3,
                                                "skipped: web snapshot (reported)": 3}, 1, 18),
}


@needs_shared
@pytest.mark.parametrize("name", sorted(REAL))
def test_real_zotero_data_folders(tmp_path, name):
    schema, regular, attachments, collections, tags = REAL[name]
    with Library.open(tmp_path / "lib") as lib:
        report = import_zotero(lib, SHARED_ZOTERO / name)
        assert report.schema == schema and report.balanced()
        assert report.outcomes["items"]["imported"] == regular
        assert dict(report.outcomes["attachments"]) == attachments
        assert report.outcomes["collections"]["imported"] == collections
        assert report.outcomes["tags"]["imported"] == tags
        # the papers added add up: the items, and the notes and files on their own (a
        # review saw "added 11 papers" beside "items: 10 imported")
        assert len(report.added_ids) == regular + report.standalone
        # abstracts saved as HTML ("<p>Many neurons …</p>") come in as their text
        assert not [p.id for p in lib.papers.list() if re.search(r"</?(p|strong)>", p.abstract)]
        again = import_zotero(lib, SHARED_ZOTERO / name)
        assert again.added_ids == [] and again.outcomes["items"]["unchanged"] == regular


@needs_shared
def test_papis_fixture_matches_papis_expectations(tmp_path):
    """papis-zotero's own test expects this document (sql_out.yaml)."""
    with Library.open(tmp_path / "lib") as lib:
        import_zotero(lib, SHARED_ZOTERO / "papis-zotero")
        (hit,) = [p for p in lib.papers.list() if p.title.startswith("Review of summation")]
        assert [a.family for a in hit.authors] == ["Svärd", "Nordström"]
        assert hit.year == 2014 and hit.doi
        assert [Path(a).name for a in hit.attachments][0].endswith(".pdf")
        assert lib.count() == 5 and sum(len(p.attachments) for p in lib.papers.list()) == 4


def test_zotero4_layout_read_by_columns(tmp_path):
    """Zotero 4 names parents ``sourceItemID``; a hand-made Zotero 4-shaped database."""
    db = tmp_path / "z4" / "zotero.sqlite"
    db.parent.mkdir()
    conn = sqlite3.connect(db)
    conn.executescript("""
        CREATE TABLE version (schema TEXT PRIMARY KEY, version INT NOT NULL);
        INSERT INTO version VALUES ('userdata', 77), ('userdata2', 78);
        CREATE TABLE libraries (libraryID INTEGER PRIMARY KEY, libraryType TEXT NOT NULL);
        CREATE TABLE itemTypes (itemTypeID INTEGER PRIMARY KEY, typeName TEXT);
        INSERT INTO itemTypes VALUES (1, 'note'), (4, 'journalArticle');
        CREATE TABLE fields (fieldID INTEGER PRIMARY KEY, fieldName TEXT);
        INSERT INTO fields VALUES (110, 'title');
        CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT, dateAdded TEXT,
            libraryID INT, key TEXT);
        INSERT INTO items VALUES (1, 4, '2012-01-01', NULL, 'AAAA2222'),
                                 (2, 1, '2012-01-01', NULL, 'BBBB2222');
        CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value);
        INSERT INTO itemDataValues VALUES (1, 'An old article');
        CREATE TABLE itemData (itemID INT, fieldID INT, valueID);
        INSERT INTO itemData VALUES (1, 110, 1);
        CREATE TABLE itemNotes (itemID INTEGER PRIMARY KEY, sourceItemID INT, note TEXT,
            title TEXT);
        INSERT INTO itemNotes VALUES (2, 1,
            '<div class="zotero-note znv1"><p>Old note</p></div>', '');
        CREATE TABLE itemAttachments (itemID INTEGER PRIMARY KEY, sourceItemID INT, linkMode INT,
            mimeType TEXT, path TEXT);
        CREATE TABLE creatorData (creatorDataID INTEGER PRIMARY KEY, firstName TEXT,
            lastName TEXT, fieldMode INT);
        INSERT INTO creatorData VALUES (1, 'Old', 'Author', 0);
        CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, creatorDataID INT);
        INSERT INTO creators VALUES (1, 1);
        CREATE TABLE creatorTypes (creatorTypeID INTEGER PRIMARY KEY, creatorType TEXT);
        INSERT INTO creatorTypes VALUES (1, 'author');
        CREATE TABLE itemCreators (itemID INT, creatorID INT, creatorTypeID INT, orderIndex INT);
        INSERT INTO itemCreators VALUES (1, 1, 1, 0);
        CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT, type INT, libraryID INT, key TEXT);
        INSERT INTO tags VALUES (1, 'old-tag', 1, NULL, 'T1');
        CREATE TABLE itemTags (itemID INT, tagID INT);
        INSERT INTO itemTags VALUES (1, 1);
        CREATE TABLE collections (collectionID INTEGER PRIMARY KEY, collectionName TEXT,
            parentCollectionID INT, libraryID INT, key TEXT);
        CREATE TABLE collectionItems (collectionID INT, itemID INT);
        CREATE TABLE deletedItems (itemID INTEGER PRIMARY KEY);
    """)
    conn.commit()
    conn.close()
    data = read_zotero(locate(db.parent))
    assert data.schema == 78
    (entry,) = data.entries
    assert entry.paper.title == "An old article"
    assert entry.paper.note == "Old note"
    assert [a.display for a in entry.paper.authors] == ["Old Author"]
    assert [(t.name, t.source) for t in entry.paper.tags] == [("old-tag", "auto")]


def test_tiny_pdf_is_readable(tmp_path):
    from paperdesk.importers.pdf import extract_pdf_text

    path = tmp_path / "t.pdf"
    path.write_bytes(tiny_pdf("Hello Zotero"))
    assert "Hello Zotero" in extract_pdf_text(path)


def test_an_abstract_saved_as_html_reads_as_its_text():
    from paperdesk.importers.zotero.notes import html_to_text

    assert html_to_text("<p>Many neurons fire.</p><p>Then <strong>Full Changelog</strong>"
                        " &amp; more.</p>") == "Many neurons fire.\n\nThen Full Changelog & more."
    assert html_to_text("We show x < y and y > z &amp; more.") == (
        "We show x < y and y > z &amp; more.")  # no tag: kept as written
    assert html_to_text("Line one<br/>two") == "Line one\ntwo"


def test_a_creator_with_a_first_name_only_is_a_one_part_name():
    """A review: "chromatic" (``firstName`` only, fieldMode 0), author of *Modern Perl* in
    the biblio-zotero-db sample, was exported as ``author = {, chromatic}``."""
    from paperdesk.export import export_papers
    from paperdesk.importers.zotero.mapping import creator

    assert creator("chromatic", "", 0) == creator(None, "chromatic", 1)
    assert creator("chromatic", "", 0).family == "chromatic"
    assert creator("Jane", "Doe", 0).given == "Jane"
    text = export_papers([Paper(title="Modern Perl", authors=[creator("chromatic", "", 0)],
                                year=2011)], "bibtex")
    assert "author = {chromatic}," in text
