"""Build Zotero data folders for tests and benchmarks, filled the way Zotero fills them.

Zotero's own schema files are AGPL-3.0, so they are not copied here: :data:`MINIMAL_SCHEMA`
is a small Zotero-shaped schema written for PaperDesk's tests (the tables and columns an
importer reads, as Zotero 7 lays them out). :func:`create_database` can instead run one of
Zotero's real ``userdata-N.sql`` files (from ``../shared``, when present); item types,
fields and creator types are then filled in by us, as Zotero does at startup.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path

MINIMAL_SCHEMA = """
CREATE TABLE version (schema TEXT PRIMARY KEY, version INT NOT NULL);
CREATE TABLE libraries (libraryID INTEGER PRIMARY KEY, type TEXT NOT NULL, editable INT NOT NULL,
    filesEditable INT NOT NULL, version INT NOT NULL DEFAULT 0);
CREATE TABLE groups (groupID INTEGER PRIMARY KEY, libraryID INT NOT NULL UNIQUE, name TEXT NOT NULL,
    description TEXT NOT NULL, version INT NOT NULL);
CREATE TABLE feeds (libraryID INTEGER PRIMARY KEY, name TEXT NOT NULL, url TEXT NOT NULL UNIQUE);
CREATE TABLE items (itemID INTEGER PRIMARY KEY, itemTypeID INT NOT NULL,
    dateAdded TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    dateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    clientDateModified TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    libraryID INT NOT NULL, key TEXT NOT NULL, version INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0, UNIQUE (libraryID, key));
CREATE TABLE itemDataValues (valueID INTEGER PRIMARY KEY, value UNIQUE);
CREATE TABLE itemData (itemID INT, fieldID INT, valueID, PRIMARY KEY (itemID, fieldID));
CREATE TABLE itemNotes (itemID INTEGER PRIMARY KEY, parentItemID INT, note TEXT, title TEXT);
CREATE TABLE itemAttachments (itemID INTEGER PRIMARY KEY, parentItemID INT, linkMode INT,
    contentType TEXT, charsetID INT, path TEXT, syncState INT DEFAULT 0);
CREATE TABLE itemAnnotations (itemID INTEGER PRIMARY KEY, parentItemID INT NOT NULL,
    type INTEGER NOT NULL, authorName TEXT, text TEXT, comment TEXT, color TEXT, pageLabel TEXT,
    sortIndex TEXT NOT NULL, position TEXT NOT NULL, isExternal INT NOT NULL);
CREATE TABLE tags (tagID INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE itemTags (itemID INT NOT NULL, tagID INT NOT NULL, type INT NOT NULL,
    PRIMARY KEY (itemID, tagID));
CREATE TABLE creators (creatorID INTEGER PRIMARY KEY, firstName TEXT, lastName TEXT,
    fieldMode INT, UNIQUE (lastName, firstName, fieldMode));
CREATE TABLE itemCreators (itemID INT NOT NULL, creatorID INT NOT NULL,
    creatorTypeID INT NOT NULL DEFAULT 1, orderIndex INT NOT NULL DEFAULT 0,
    PRIMARY KEY (itemID, creatorID, creatorTypeID, orderIndex), UNIQUE (itemID, orderIndex));
CREATE TABLE collections (collectionID INTEGER PRIMARY KEY, collectionName TEXT NOT NULL,
    parentCollectionID INT DEFAULT NULL, clientDateModified TIMESTAMP NOT NULL DEFAULT
    CURRENT_TIMESTAMP, libraryID INT NOT NULL, key TEXT NOT NULL, version INT NOT NULL DEFAULT 0,
    synced INT NOT NULL DEFAULT 0, UNIQUE (libraryID, key));
CREATE TABLE collectionItems (collectionID INT NOT NULL, itemID INT NOT NULL,
    orderIndex INT NOT NULL DEFAULT 0, PRIMARY KEY (collectionID, itemID));
CREATE TABLE deletedItems (itemID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL);
CREATE TABLE deletedCollections (collectionID INTEGER PRIMARY KEY,
    dateDeleted DEFAULT CURRENT_TIMESTAMP NOT NULL);
CREATE TABLE relationPredicates (predicateID INTEGER PRIMARY KEY, predicate TEXT UNIQUE);
CREATE TABLE itemRelations (itemID INT NOT NULL, predicateID INT NOT NULL, object TEXT NOT NULL,
    PRIMARY KEY (itemID, predicateID, object));
"""
# Item types, fields and creator types: Zotero fills these from its global schema.
TYPE_TABLES = """
CREATE TABLE IF NOT EXISTS itemTypesCombined (itemTypeID INT NOT NULL, typeName TEXT NOT NULL,
    display INT DEFAULT 1 NOT NULL, custom INT NOT NULL, PRIMARY KEY (itemTypeID));
CREATE TABLE IF NOT EXISTS fieldsCombined (fieldID INT NOT NULL, fieldName TEXT NOT NULL,
    label TEXT, fieldFormatID INT, custom INT NOT NULL, PRIMARY KEY (fieldID));
CREATE TABLE IF NOT EXISTS baseFieldMappingsCombined (itemTypeID INT, baseFieldID INT,
    fieldID INT, PRIMARY KEY (itemTypeID, baseFieldID, fieldID));
CREATE TABLE IF NOT EXISTS creatorTypes (creatorTypeID INTEGER PRIMARY KEY, creatorType TEXT);
CREATE TABLE IF NOT EXISTS itemTypeCreatorTypes (itemTypeID INT, creatorTypeID INT,
    primaryField INT, PRIMARY KEY (itemTypeID, creatorTypeID));
"""
ITEM_TYPES = [
    "annotation", "artwork", "attachment", "audioRecording", "bill", "blogPost", "book",
    "bookSection", "case", "computerProgram", "conferencePaper", "dataset", "dictionaryEntry",
    "document", "email", "encyclopediaArticle", "film", "forumPost", "hearing",
    "instantMessage", "interview", "journalArticle", "letter", "magazineArticle", "manuscript",
    "map", "newspaperArticle", "note", "patent", "podcast", "preprint", "presentation",
    "radioBroadcast", "report", "standard", "statute", "thesis", "tvBroadcast",
    "videoRecording", "webpage",
]
FIELDS = [
    "title", "abstractNote", "date", "url", "DOI", "publicationTitle", "volume", "issue",
    "pages", "publisher", "place", "ISBN", "ISSN", "language", "extra", "accessDate",
    "bookTitle", "proceedingsTitle", "university", "institution", "reportNumber",
    "thesisType", "caseName", "court", "websiteTitle", "archiveID", "shortTitle", "edition",
    "series", "numPages", "versionNumber", "company", "libraryCatalog", "citationKey",
]
BASE = {  # (item type, field) -> base field
    ("bookSection", "bookTitle"): "publicationTitle",
    ("conferencePaper", "proceedingsTitle"): "publicationTitle",
    ("webpage", "websiteTitle"): "publicationTitle",
    ("thesis", "university"): "publisher", ("report", "institution"): "publisher",
    ("report", "reportNumber"): "number", ("thesis", "thesisType"): "type",
    ("case", "caseName"): "title", ("computerProgram", "company"): "publisher",
}
CREATOR_TYPES = ["author", "contributor", "editor", "translator", "seriesEditor",
                 "bookAuthor", "programmer", "director", "presenter", "inventor"]
PRIMARY = {"computerProgram": "programmer", "film": "director", "presentation": "presenter",
           "patent": "inventor"}


def tiny_pdf(text: str) -> bytes:
    """A small valid one-page PDF showing ``text`` (Helvetica), as a real PDF reader reads."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def create_database(path: Path, schema_sql: Path | None = None, version: int = 123
                    ) -> sqlite3.Connection:
    """A new Zotero database at ``path``: the minimal schema, or Zotero's own ``schema_sql``."""
    conn = sqlite3.connect(path)
    conn.executescript(schema_sql.read_text() if schema_sql else MINIMAL_SCHEMA)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    conn.executescript(TYPE_TABLES)
    if "itemTypes" in tables and "itemTypesCombined" not in tables:
        pass  # Zotero 5 keeps them in system tables; the combined ones are created above
    conn.executemany("INSERT INTO itemTypesCombined (itemTypeID, typeName, custom) VALUES (?,?,0)",
                     list(enumerate(ITEM_TYPES, start=1)))
    conn.executemany("INSERT INTO fieldsCombined (fieldID, fieldName, custom) VALUES (?,?,0)",
                     list(enumerate(FIELDS + ["number", "type"], start=1)))
    conn.executemany("INSERT INTO creatorTypes (creatorTypeID, creatorType) VALUES (?,?)",
                     list(enumerate(CREATOR_TYPES, start=1)))
    fid = {n: i for i, n in enumerate(FIELDS + ["number", "type"], start=1)}
    tid = {n: i for i, n in enumerate(ITEM_TYPES, start=1)}
    cid = {n: i for i, n in enumerate(CREATOR_TYPES, start=1)}
    conn.executemany("INSERT INTO baseFieldMappingsCombined VALUES (?,?,?)",
                     [(tid[t], fid[b], fid[f]) for (t, f), b in BASE.items()])
    conn.executemany("INSERT INTO itemTypeCreatorTypes VALUES (?,?,1)",
                     [(tid[t], cid[c]) for t, c in PRIMARY.items()])
    conn.execute("INSERT OR REPLACE INTO version (schema, version) VALUES ('userdata', ?)",
                 [version])
    conn.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) "
                  "VALUES (1, 'user', 1, 1)")
    conn.execute("INSERT INTO relationPredicates (predicateID, predicate) "
                 "VALUES (1, 'dc:relation')")
    return conn


class ZoteroBuilder:
    """Adds rows to a Zotero database the way Zotero does (ids, keys, values, parents)."""

    def __init__(self, folder: Path, schema_sql: Path | None = None, version: int = 123) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.conn = create_database(folder / "zotero.sqlite", schema_sql, version)
        self.tables = {r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table'")}
        self.type_id = {n: i for i, n in enumerate(ITEM_TYPES, start=1)}
        self.field_id = {n: i for i, n in enumerate(FIELDS + ["number", "type"], start=1)}
        self.creator_type = {n: i for i, n in enumerate(CREATOR_TYPES, start=1)}
        self.next_item = 1
        self.next_key = 0
        self.values: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        self.people: dict[tuple, int] = {}

    @property
    def annotations_supported(self) -> bool:
        """Zotero 6+ databases have the annotations table."""
        return "itemAnnotations" in self.tables

    def key(self) -> str:
        """A fresh 8-character key from Zotero's alphabet."""
        alphabet = "23456789ABCDEFGHIJKLMNPQRSTUVWXYZ"
        n, out = self.next_key, []
        self.next_key += 1
        for _ in range(8):
            out.append(alphabet[n % len(alphabet)])
            n //= len(alphabet)
        return "".join(reversed(out))

    def group(self, group_id: int, name: str) -> int:
        """A group library; returns its libraryID."""
        lib = self.conn.execute("SELECT coalesce(max(libraryID), 0) + 1 FROM libraries"
                                ).fetchone()[0]
        self.conn.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) "
                          "VALUES (?, 'group', 1, 1)", [lib])
        self.conn.execute("INSERT INTO groups (groupID, libraryID, name, description, version) "
                          "VALUES (?, ?, ?, '', 0)", [group_id, lib, name])
        return lib

    def feed(self, name: str) -> int:
        """A feed library (RSS); returns its libraryID."""
        lib = self.conn.execute("SELECT coalesce(max(libraryID), 0) + 1 FROM libraries"
                                ).fetchone()[0]
        self.conn.execute("INSERT INTO libraries (libraryID, type, editable, filesEditable) "
                          "VALUES (?, 'feed', 0, 0)", [lib])
        self.conn.execute("INSERT INTO feeds (libraryID, name, url) VALUES (?, ?, ?)",
                          [lib, name, f"https://example.org/{lib}.rss"])
        return lib

    def _item(self, item_type: str, library: int, key: str | None = None) -> tuple[int, str]:
        iid, key = self.next_item, key or self.key()
        self.next_item += 1
        self.conn.execute("INSERT INTO items (itemID, itemTypeID, libraryID, key, dateAdded) "
                          "VALUES (?, ?, ?, ?, '2024-03-01 10:00:00')",
                          [iid, self.type_id[item_type], library, key])
        return iid, key

    def _value(self, value: str) -> int:
        if value not in self.values:
            self.values[value] = len(self.values) + 1
            self.conn.execute("INSERT INTO itemDataValues (valueID, value) VALUES (?, ?)",
                              [self.values[value], value])
        return self.values[value]

    def item(self, item_type: str, fields: dict[str, str], creators=(), library: int = 1,
             trashed: bool = False) -> tuple[int, str]:
        """A regular item; ``creators`` are (role, first, last) or (role, None, name)."""
        iid, key = self._item(item_type, library)
        for name, value in fields.items():
            self.conn.execute("INSERT INTO itemData VALUES (?, ?, ?)",
                              [iid, self.field_id[name], self._value(value)])
        for n, (role, first, last) in enumerate(creators):
            ident = (first, last, 1 if first is None else 0)
            if ident not in self.people:
                self.people[ident] = len(self.people) + 1
                self.conn.execute("INSERT INTO creators (creatorID, firstName, lastName, "
                                  "fieldMode) VALUES (?, ?, ?, ?)",
                                  [self.people[ident], first or "", last, ident[2]])
            self.conn.execute("INSERT INTO itemCreators VALUES (?, ?, ?, ?)",
                              [iid, self.people[ident], self.creator_type[role], n])
        if trashed:
            self.trash(iid)
        return iid, key

    def trash(self, iid: int) -> None:
        """Move an item to the trash."""
        self.conn.execute("INSERT INTO deletedItems (itemID) VALUES (?)", [iid])

    def note(self, parent: int | None, html: str, library: int = 1) -> tuple[int, str]:
        """A child note (``parent``) or a standalone note (None)."""
        iid, key = self._item("note", library)
        title = html.split("</", 1)[0].rsplit(">", 1)[-1][:60]
        self.conn.execute("INSERT INTO itemNotes (itemID, parentItemID, note, title) "
                          "VALUES (?, ?, ?, ?)", [iid, parent, html, title])
        return iid, key

    def attachment(self, parent: int | None, mode: int, content_type: str, name: str = "",
                   data: bytes | None = None, path: str | None = None, title: str = "",
                   url: str = "", library: int = 1, fulltext: str | None = None
                   ) -> tuple[int, str]:
        """An attachment: mode 0/1 stored (``data`` written to storage/KEY/name), 2 linked
        (``path``), 3 a web link, 4 an image embedded in a note."""
        iid, key = self._item("attachment", library)
        if mode in (0, 1, 4):
            stored = f"storage:{name}"
            if data is not None:
                folder = self.folder / "storage" / key
                folder.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(data)
                if fulltext is not None:
                    (folder / ".zotero-ft-cache").write_text(fulltext, encoding="utf-8")
        else:
            stored = path
        self.conn.execute("INSERT INTO itemAttachments (itemID, parentItemID, linkMode, "
                          "contentType, path) VALUES (?, ?, ?, ?, ?)",
                          [iid, parent, mode, content_type, stored])
        for fname, value in (("title", title or name), ("url", url)):
            if value:
                self.conn.execute("INSERT INTO itemData VALUES (?, ?, ?)",
                                  [iid, self.field_id[fname], self._value(value)])
        return iid, key

    def annotation(self, attachment: int, kind: int, text: str = "", comment: str = "",
                   color: str = "#ffd400", page: int = 0, rects=((72, 700, 300, 712),),
                   position: dict | None = None, library: int = 1) -> tuple[int, str]:
        """A Zotero 6+ annotation on a PDF attachment (1 highlight … 6 text)."""
        iid, key = self._item("annotation", library)
        pos = position if position is not None else {
            "pageIndex": page, "rects": [list(r) for r in rects]}
        self.conn.execute(
            "INSERT INTO itemAnnotations (itemID, parentItemID, type, text, comment, color, "
            "pageLabel, sortIndex, position, isExternal) VALUES (?,?,?,?,?,?,?,?,?,0)",
            [iid, attachment, kind, text, comment, color, str(page + 1),
             f"{page:05d}|000100|00200", json.dumps(pos)])
        return iid, key

    def tag(self, iid: int, name: str, automatic: bool = False) -> None:
        """Tag an item (type 1 = automatic)."""
        if name not in self.tags:
            self.tags[name] = len(self.tags) + 1
            self.conn.execute("INSERT INTO tags (tagID, name) VALUES (?, ?)",
                              [self.tags[name], name])
        self.conn.execute("INSERT INTO itemTags (itemID, tagID, type) VALUES (?, ?, ?)",
                          [iid, self.tags[name], int(automatic)])

    def collection(self, name: str, parent: int | None = None, library: int = 1,
                   items=(), trashed: bool = False) -> int:
        """A collection holding ``items``."""
        cid = self.conn.execute("SELECT coalesce(max(collectionID), 0) + 1 FROM collections"
                                ).fetchone()[0]
        self.conn.execute("INSERT INTO collections (collectionID, collectionName, "
                          "parentCollectionID, libraryID, key) VALUES (?, ?, ?, ?, ?)",
                          [cid, name, parent, library, self.key()])
        for n, iid in enumerate(items):
            self.conn.execute("INSERT INTO collectionItems VALUES (?, ?, ?)", [cid, iid, n])
        if trashed and "deletedCollections" in self.tables:  # Zotero 5.0.80+ (111)
            self.conn.execute("INSERT INTO deletedCollections (collectionID) VALUES (?)", [cid])
        return cid

    def relate(self, a: tuple[int, str], b: tuple[int, str]) -> None:
        """Mark two items related (Zotero stores the relation both ways)."""
        for (iid, _), (_, other) in ((a, b), (b, a)):
            self.conn.execute("INSERT INTO itemRelations VALUES (?, 1, ?)",
                              [iid, f"http://zotero.org/users/local/abcdEFGH/items/{other}"])

    def close(self) -> None:
        """Commit and close the database."""
        self.conn.commit()
        self.conn.close()


def build_sample(folder: Path, schema_sql: Path | None = None, version: int = 123) -> dict:
    """The standard test library; returns the expected outcome of importing it."""
    z = ZoteroBuilder(folder, schema_sql, version)
    pdf = tiny_pdf("Sparse attention in graph transformers")
    authors = [("author", "Ada", "Lovelace"), ("author", "Alan", "Turing"),
               ("editor", "Grace", "Hopper")]
    article = z.item("journalArticle", {
        "title": "Sparse attention for graphs", "abstractNote": "We study sparse attention.",
        "date": "2021-05-00 May 2021", "publicationTitle": "Journal of Graphs", "volume": "12",
        "issue": "3", "pages": "100-120", "DOI": "10.1234/graphs.2021", "ISSN": "1234-5678",
        "language": "en", "extra": "PMID: 123456", "url": "https://example.org/sparse"},
        authors)
    book = z.item("book", {"title": "深層学習の基礎", "date": "2019", "publisher": "技術評論社",
                           "place": "東京", "ISBN": "978-4-00-000000-0"},
                  [("author", "太郎", "山田")])
    chapter = z.item("bookSection", {"title": "Graph kernels", "bookTitle": "Handbook of ML",
                                     "date": "2018-00-00 2018", "pages": "1-20"},
                     [("author", "Bob", "Smith"), ("bookAuthor", "Carol", "Jones")])
    paper = z.item("conferencePaper", {"title": "Fast message passing",
                                       "proceedingsTitle": "Proc. NeurIPS", "date": "2020"},
                   [("author", None, "DeepMind Team")])
    thesis = z.item("thesis", {"title": "On graph learning", "university": "MIT",
                               "thesisType": "PhD thesis", "date": "2017"},
                    [("author", "Dana", "Lee")])
    report = z.item("report", {"title": "Benchmarking GNNs", "institution": "ACME Labs",
                               "reportNumber": "TR-7", "date": "2022"})
    software = z.item("computerProgram", {"title": "graphlib", "company": "Graph Inc.",
                                          "versionNumber": "2.1", "date": "2023"},
                      [("programmer", "Eve", "Moss")])
    preprint = z.item("preprint", {"title": "Attention is sparse", "archiveID": "arXiv:2101.00001",
                                   "date": "2021-01-01", "url": "https://arxiv.org/abs/2101.00001"},
                      [("author", "Finn", "Ray")])
    webpage = z.item("webpage", {"title": "A blog on graphs", "websiteTitle": "GraphBlog",
                                 "accessDate": "2024-01-01 10:00:00"})
    case = z.item("case", {"caseName": "Graph v. Tree", "court": "Supreme Court",
                           "date": "1999"})
    trashed = z.item("journalArticle", {"title": "A trashed article"}, trashed=True)
    # notes
    z.note(article[0], '<div data-schema-version="8"><h1>Reading notes</h1><p>Key '
           '<strong>claim</strong>: sparse is <em>enough</em>.</p><ul><li>one</li><li>two</li>'
           '</ul><p><img data-attachment-key="IMGKEY01" /></p></div>')
    z.note(article[0], '<div class="zotero-note znv1"><p>Second note</p></div>')
    z.note(book[0], "<p>読書メモ：良い本</p>")
    z.note(None, "<h1>Ideas for chapter 3</h1><p>Use <a href='https://x.org'>this</a>.</p>")
    z.note(trashed[0], "<p>note of a trashed item</p>")
    trashed_note = z.note(paper[0], "<p>a trashed note</p>")
    z.trash(trashed_note[0])
    # attachments
    stored = z.attachment(article[0], 0, "application/pdf", "sparse.pdf", pdf,
                          fulltext="Sparse attention in graph transformers full text")
    web_pdf = z.attachment(preprint[0], 1, "application/pdf", "2101.00001.pdf", pdf)
    linked_file = folder.parent / "linked" / "thesis.pdf"
    linked_file.parent.mkdir(parents=True, exist_ok=True)
    linked_file.write_bytes(pdf)
    z.attachment(thesis[0], 2, "application/pdf", path=str(linked_file))
    z.attachment(report[0], 2, "application/pdf", path="/nonexistent/report.pdf")
    z.attachment(webpage[0], 3, "text/html", title="Online version",
                 url="https://graphblog.example/post")
    z.attachment(article[0], 3, "text/html", title="Publisher page",
                 url="https://publisher.example/sparse")
    z.attachment(webpage[0], 1, "text/html", "index.html", b"<html></html>", title="Snapshot",
                 url="https://graphblog.example/post")
    z.attachment(chapter[0], 0, "application/pdf", "missing.pdf")  # file not on disk
    z.attachment(trashed[0], 0, "application/pdf", "t.pdf", pdf)
    z.attachment(None, 0, "application/pdf", "standalone.pdf", pdf, title="A standalone PDF")
    note_image = z.note(book[0], '<p><img data-attachment-key="X"/></p>')
    z.attachment(note_image[0], 4, "image/png", "image.png", b"\x89PNG")
    # annotations (Zotero 6+)
    expected_ann = {"imported": 0, "skipped": 0}
    if z.annotations_supported:
        z.annotation(stored[0], 1, "sparse attention", "key idea", "#ffd400", 0)
        z.annotation(stored[0], 5, "underlined words", "", "#2ea8e5", 1,
                     rects=((72, 600, 200, 610), (72, 588, 150, 598)))
        z.annotation(stored[0], 2, "", "a sticky note", "#5fb236", 0)
        z.annotation(stored[0], 6, "", "a text box", "#ff6666", 0)
        z.annotation(stored[0], 3, "", "an image region", "#ffd400", 0)
        z.annotation(stored[0], 4, "", "", "#000000", 0,
                     position={"pageIndex": 0, "paths": [[1, 2, 3, 4]], "width": 2})
        z.annotation(web_pdf[0], 1, "preprint highlight", "", "#a28ae5", 2)
        expected_ann = {"imported": 5, "skipped": 2}
    # tags
    z.tag(article[0], "graphs")
    z.tag(article[0], "attention", automatic=True)
    z.tag(book[0], "graphs")
    z.tag(book[0], "日本語")
    z.tag(trashed[0], "only-in-trash")
    # collections: Thesis / {Chapter 1 / Figures, Chapter 2}, Reading, a trashed one
    top = z.collection("Thesis", items=[article[0]])
    ch1 = z.collection("Chapter 1", top, items=[chapter[0], book[0]])
    z.collection("Figures", ch1, items=[paper[0]])
    z.collection("Chapter 2", top)
    z.collection("読書", items=[book[0], article[0], trashed[0]])
    z.collection("Old", trashed=True, items=[report[0]])
    # related
    z.relate(article, preprint)
    # group library and a feed
    g = z.group(4242, "Lab Group")
    gitem = z.item("journalArticle", {"title": "Group paper on graphs", "date": "2020"},
                   [("author", "Gina", "Group")], library=g)
    z.collection("Shared", library=g, items=[gitem[0]])
    z.tag(gitem[0], "group-tag")
    f = z.feed("arXiv cs.LG")
    z.item("journalArticle", {"title": "A feed item"}, library=f)
    z.close()
    regular = [article, book, chapter, paper, thesis, report, software, preprint, webpage, case]
    return {
        "regular": len(regular), "papers": len(regular) + 2,  # + standalone note and PDF
        "items": {"imported": 10, "skipped: in the trash": 1,
                  "skipped: group library not chosen (Lab Group)": 1, "skipped: feed item": 1},
        "notes": {"imported": 5, "skipped: in the trash": 2},
        "attachments": {"imported": 6, "skipped: in the trash": 1,
                        "skipped: web snapshot (reported)": 1,
                        "skipped: image embedded in a note (marked in the note)": 1,
                        "problem: stored file missing": 1, "problem: linked file missing": 1},
        "annotations": expected_ann,
        "collections": {"imported": 5, "skipped: in the trash": 1,
                        "skipped: group library not chosen (Lab Group)": 1},
        "tags": {"imported": 3, "skipped: only on items not imported": 2},
        "linked_file": str(linked_file),
    }


def crc(data: bytes) -> int:
    """A checksum of file contents (to compare copies)."""
    return zlib.crc32(data)
