"""Reading a Zotero database into plain records, accounting for every row.

Every row of ``items`` is a regular item, a note, an attachment or an annotation. Each is
either carried by a :class:`ZoteroEntry` (a paper to store, with its notes, files and
highlights) or given an outcome here: skipped (trash, feed, a group library not chosen,
an embedded image, a drawing) or a named problem (a missing file). Collections and tags
are accounted for the same way. Nothing is written anywhere.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from paperdesk.collection_paths import clean_name
from paperdesk.importers.zotero import mapping as M
from paperdesk.importers.zotero.notes import html_to_markdown, html_to_text
from paperdesk.importers.zotero.source import (
    KNOWN_NEWEST,
    KNOWN_OLDEST,
    ZoteroSource,
    open_copy,
    schema_version,
    tables,
)
from paperdesk.importers.zotero.standalone import described_by_its_pdf
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import Highlight, Paper, Tag

CATEGORIES = ("items", "notes", "attachments", "annotations", "collections", "tags")
NOTE_SEPARATOR = "\n\n---\n\n"
_ITEM_URI_RE = re.compile(r"/(users|groups)/(.+?)/items/([A-Z0-9]{8})$")
ANNOTATION_KINDS = {1: "highlight", 2: "note", 5: "underline", 6: "note"}
ANNOTATION_NAMES = {1: "highlight", 2: "note", 3: "image", 4: "ink", 5: "underline", 6: "text"}
USER = "user"


@dataclass
class ZoteroFile:
    """A file to attach: stored in Zotero's ``storage/`` (copied) or linked (referenced)."""

    key: str
    path: Path
    linked: bool
    fulltext_cache: Path | None = None
    #: the PDF's text when it was read already (a standalone PDF described by its page)
    text: str | None = None


@dataclass
class ZoteroEntry:
    """One paper to store, with what rides along: ``rows`` counts its Zotero rows by
    category (the item itself, its notes, files, links and annotations)."""

    key: str  # "user:KEY" or "group:ID:KEY": the same across imports
    paper: Paper
    files: list[ZoteroFile] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    rows: Counter = field(default_factory=Counter)


@dataclass
class ZoteroProblem:
    """A row not imported (or only reported), and why."""

    category: str
    key: str
    reason: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        """JSON shape: ``{category, key, reason, detail}``."""
        return {"category": self.category, "key": self.key, "reason": self.reason,
                "detail": self.detail}


@dataclass
class ZoteroData:
    """Everything read from one Zotero database."""

    source: ZoteroSource
    schema: int
    entries: list[ZoteroEntry] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)  # category -> rows in the database
    outcomes: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    problems: list[ZoteroProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)  # every group library's name
    chosen_groups: list[str] = field(default_factory=list)
    collection_paths: list[str] = field(default_factory=list)  # one per collection row read

    def note(self, category: str, outcome: str, key: str = "", detail: str = "",
             listed: bool = False) -> None:
        """Count one row's outcome; problems (and ``listed`` outcomes) are also listed."""
        self.outcomes[category][outcome] += 1
        if listed or outcome.startswith("problem"):
            reason = outcome.split(": ", 1)[-1]
            self.problems.append(ZoteroProblem(category, key, reason, detail))


@dataclass
class _Item:
    id: int
    key: str
    type: str
    library: int | None
    added: str
    parent: int | None = None


def read_zotero(source: ZoteroSource, groups: list[str] | None = None,
                base_dir: Path | None = None, progress: Progress | None = None) -> ZoteroData:
    """Read the Zotero library at ``source``.

    Args:
        source: see :func:`~paperdesk.importers.zotero.source.locate`.
        groups: group libraries to read besides "My Library" (names, or ``["all"]``).
        base_dir: Zotero's "linked attachment base directory", for ``attachments:`` paths.
        progress: told about items read; may cancel.
    """
    progress = progress or NullProgress()
    with open_copy(source) as conn:
        conn.row_factory = sqlite3.Row
        version = schema_version(conn)
        data = ZoteroData(source=source, schema=version)
        if version > KNOWN_NEWEST:
            data.warnings.append(
                f"{source.database}: Zotero schema {version} is newer than this PaperDesk knows "
                f"({KNOWN_NEWEST}); read as well as possible, check the report")
        elif version and version < KNOWN_OLDEST:
            data.warnings.append(f"{source.database}: Zotero schema {version} is older than "
                                 f"Zotero 4; read as well as possible")
        _Reader(conn, data, groups or [], base_dir, progress).run()
    return data


class _Reader:
    def __init__(self, conn: sqlite3.Connection, data: ZoteroData, groups: list[str],
                 base_dir: Path | None, progress: Progress) -> None:
        self.c = conn
        self.data = data
        self.want_groups = [g.casefold() for g in groups]
        self.base_dir = base_dir
        self.progress = progress
        self.t = tables(conn)
        self.parent_col = "parentItemID" if "parentItemID" in self.t.get("itemNotes", ()) \
            else "sourceItemID"

    # ------------------------------------------------------------ helpers
    def q(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        return self.c.execute(sql, params).fetchall()

    def has(self, table: str, column: str | None = None) -> bool:
        return table in self.t and (column is None or column in self.t[table])

    def _type_table(self, combined: str, plain: str) -> str:
        if self.has(combined) and self.q(f"SELECT count(*) FROM {combined}")[0][0]:
            return combined
        return plain

    # ------------------------------------------------------------ libraries
    def _libraries(self) -> None:
        """Which library ids are read, with the tag each item key gets."""
        self.lib_tag: dict[int | None, str] = {}
        self.lib_name: dict[int | None, str] = {}
        self.lib_skip: dict[int | None, str] = {}
        kinds: dict[int | None, str] = {}
        if self.has("libraries", "type"):
            kinds = {r[0]: r[1] for r in self.q("SELECT libraryID, type FROM libraries")}
        elif self.has("libraries", "libraryType"):
            kinds = {r[0]: r[1] for r in self.q("SELECT libraryID, libraryType FROM libraries")}
        groups = {}
        if self.has("groups"):
            groups = {r["libraryID"]: (r["groupID"], r["name"])
                      for r in self.q("SELECT groupID, libraryID, name FROM groups")}
        self.data.groups = sorted(name for _, name in groups.values())
        lib_ids = {r[0] for r in self.q("SELECT DISTINCT libraryID FROM items")} | set(kinds)
        for lib in lib_ids:
            kind = kinds.get(lib, USER if lib in (None, 0, 1) and lib not in groups else "group")
            if lib in groups:
                gid, name = groups[lib]
                self.lib_tag[lib] = f"group:{gid}"
                self.lib_name[lib] = name
                if "all" not in self.want_groups and name.casefold() not in self.want_groups:
                    self.lib_skip[lib] = f"skipped: group library not chosen ({name})"
                else:
                    self.data.chosen_groups.append(name)
            elif kind == "feed":
                self.lib_tag[lib] = f"feed:{lib}"
                self.lib_skip[lib] = "skipped: feed item"
            elif kind in (USER, "publications"):
                self.lib_tag[lib] = USER
            else:
                self.lib_tag[lib] = f"library:{lib}"
                self.lib_skip[lib] = f"skipped: unknown library type {kind!r}"
        unknown = [g for g in self.want_groups if g != "all"
                   and g not in {n.casefold() for n in self.data.groups}]
        if unknown:
            from paperdesk.errors import UsageError

            known = ", ".join(self.data.groups) or "none"
            raise UsageError(f"no Zotero group library named {unknown[0]!r} (groups: {known})")

    # ------------------------------------------------------------ run
    def run(self) -> None:
        self._libraries()
        items_sql = ("SELECT i.itemID, i.key, i.libraryID, i.dateAdded, t.typeName FROM items i "
                     f"LEFT JOIN {self._type_table('itemTypesCombined', 'itemTypes')} t "
                     "ON t.itemTypeID = i.itemTypeID")
        items: dict[int, _Item] = {}
        for r in self.q(items_sql):
            items[r["itemID"]] = _Item(r["itemID"], r["key"], r["typeName"] or "document",
                                      r["libraryID"], r["dateAdded"] or "")
        self.items = items
        # parents
        notes = {r["itemID"]: r for r in self.q(
            f"SELECT itemID, {self.parent_col} AS parent, note, title FROM itemNotes")}
        ctype = "contentType" if self.has("itemAttachments", "contentType") else "mimeType"
        att_parent = "parentItemID" if self.has("itemAttachments", "parentItemID") \
            else "sourceItemID"
        attachments = {r["itemID"]: r for r in self.q(
            f"SELECT itemID, {att_parent} AS parent, linkMode, {ctype} AS ctype, path "
            "FROM itemAttachments")}
        annotations = {}
        if self.has("itemAnnotations"):
            annotations = {r["itemID"]: r for r in self.q("SELECT * FROM itemAnnotations")}
        for iid, it in items.items():
            if it.type == "note" and iid in notes:
                it.parent = notes[iid]["parent"]
            elif it.type == "attachment" and iid in attachments:
                it.parent = attachments[iid]["parent"]
            elif it.type == "annotation" and iid in annotations:
                it.parent = annotations[iid]["parentItemID"]
        self.deleted = {r[0] for r in self.q("SELECT itemID FROM deletedItems")} \
            if self.has("deletedItems") else set()
        fields = self._fields()
        creators = self._creators()
        tags = self._tags()
        collections = self._collections()
        relations = self._relations()

        d = self.data
        for cat in ("items", "notes", "attachments", "annotations"):
            d.rows[cat] = 0
        entries: dict[int, ZoteroEntry] = {}
        # 1. regular items (and standalone notes / attachments become papers)
        self.progress.start(len(items), "Reading Zotero")
        for n, (iid, it) in enumerate(items.items(), start=1):
            if n % 1000 == 0:
                self.progress.advance(1000)
                check_cancelled(self.progress)
            cat = _category(it.type)
            d.rows[cat] += 1
            skip = self._skip(it)
            if skip:
                d.note(cat, skip, it.key)
                continue
            if cat == "items":
                entries[iid] = self._entry(it, fields.get(iid, {}), creators.get(iid, []))
                entries[iid].rows["items"] += 1
            elif it.parent is None and cat == "notes":
                entries[iid] = self._standalone_note(it, notes.get(iid))
                entries[iid].rows["notes"] += 1
            elif it.parent is None and cat == "attachments":
                entries[iid] = self._standalone_attachment(it, fields.get(iid, {}))
        self.progress.advance(len(items) % 1000)
        self.progress.finish()
        # 2. children
        for iid, it in items.items():
            cat = _category(it.type)
            if self._skip(it) or (iid in entries and cat != "attachments"):
                continue
            if cat == "notes":
                self._child_note(it, notes.get(iid), entries)
            elif cat == "attachments":
                self._attachment(it, attachments.get(iid), fields.get(iid, {}),
                                 notes.get(iid), entries)
            elif cat == "annotations":
                self._annotation(it, annotations.get(iid), entries)
        for entry in entries.values():  # a PDF dropped into Zotero: read its first page
            if entry.paper.extra.get("zotero_type") == "attachment":
                read = described_by_its_pdf(entry.paper, [f.path for f in entry.files])
                for f in entry.files:  # (attached with that text: not read a second time)
                    if read is not None and f.path == read[0]:
                        f.text = read[1]
        # 3. tags, collections, relations onto the papers
        self._place_tags(tags, entries)
        self._place_collections(collections, entries)
        for iid, objects in relations.items():
            entry = entries.get(iid)
            if entry is None:
                continue
            for lib_tag, key in objects:
                entry.related.append(f"{lib_tag}:{key}" if lib_tag else
                                     f"{self.lib_tag.get(self.items[iid].library)}:{key}")
        d.entries = list(entries.values())

    def _skip(self, it: _Item) -> str:
        """Why a row is not imported ("" when it is)."""
        if it.library in self.lib_skip:
            return self.lib_skip[it.library]
        at, seen = it, set()
        while at is not None and at.id not in seen:
            seen.add(at.id)
            if at.id in self.deleted:
                return "skipped: in the trash"
            at = self.items.get(at.parent) if at.parent is not None else None
        return ""

    def zkey(self, it: _Item) -> str:
        return f"{self.lib_tag.get(it.library, USER)}:{it.key}"

    # ------------------------------------------------------------ bulk reads
    def _fields(self) -> dict[int, dict[str, str]]:
        ftable = self._type_table("fieldsCombined", "fields")
        base: dict[tuple[int, int], str] = {}
        btable = self._type_table("baseFieldMappingsCombined", "baseFieldMappings")
        names = {r[0]: r[1] for r in self.q(f"SELECT fieldID, fieldName FROM {ftable}")}
        if self.has(btable):
            for r in self.q(f"SELECT itemTypeID, baseFieldID, fieldID FROM {btable}"):
                if r[1] in names:
                    base[(r[0], r[2])] = names[r[1]]
        types = {r[0]: r[1] for r in self.q("SELECT itemID, itemTypeID FROM items")}
        out: dict[int, dict[str, str]] = defaultdict(dict)
        for r in self.q("SELECT d.itemID, d.fieldID, v.value FROM itemData d "
                        "JOIN itemDataValues v ON v.valueID = d.valueID"):
            name = names.get(r[1], f"field{r[1]}")
            name = base.get((types.get(r[0]), r[1])) or M.BASE_FIELDS.get(name, name)
            value = "" if r[2] is None else str(r[2])
            if name in out[r[0]]:  # a base field already set: keep both
                name = names.get(r[1], name)
            out[r[0]][name] = value
        return out

    def _creators(self) -> dict[int, list[tuple[str, Any]]]:
        if self.has("creators", "creatorDataID"):  # Zotero 4
            sql = ("SELECT ic.itemID, cd.firstName, cd.lastName, cd.fieldMode, ct.creatorType "
                   "FROM itemCreators ic JOIN creators c ON c.creatorID = ic.creatorID "
                   "JOIN creatorData cd ON cd.creatorDataID = c.creatorDataID "
                   "LEFT JOIN creatorTypes ct ON ct.creatorTypeID = ic.creatorTypeID "
                   "ORDER BY ic.itemID, ic.orderIndex")
        else:
            sql = ("SELECT ic.itemID, c.firstName, c.lastName, c.fieldMode, ct.creatorType "
                   "FROM itemCreators ic JOIN creators c ON c.creatorID = ic.creatorID "
                   "LEFT JOIN creatorTypes ct ON ct.creatorTypeID = ic.creatorTypeID "
                   "ORDER BY ic.itemID, ic.orderIndex")
        out: dict[int, list[tuple[str, Any]]] = defaultdict(list)
        for r in self.q(sql):
            out[r[0]].append((r[4] or "author", M.creator(r[1], r[2], r[3])))
        self.primary: dict[str, str] = {}
        if self.has("itemTypeCreatorTypes") and self.has("creatorTypes"):
            itypes = self._type_table("itemTypesCombined", "itemTypes")
            for r in self.q(f"SELECT t.typeName, ct.creatorType FROM itemTypeCreatorTypes x "
                            f"JOIN {itypes} t ON t.itemTypeID = x.itemTypeID JOIN creatorTypes "
                            "ct ON ct.creatorTypeID = x.creatorTypeID WHERE x.primaryField = 1"):
                self.primary[r[0]] = r[1]
        return out

    def _tags(self) -> dict[int, tuple[str, int, list[int]]]:
        """tagID -> (name, type 0 manual / 1 automatic, item ids)."""
        out: dict[int, tuple[str, int, list[int]]] = {}
        if self.has("tags", "type"):  # Zotero 4: the type is the tag's
            for r in self.q("SELECT tagID, name, type FROM tags"):
                out[r[0]] = (r[1], r[2] or 0, [])
            for r in self.q("SELECT itemID, tagID FROM itemTags"):
                if r[1] in out:
                    out[r[1]][2].append(r[0])
            return out
        names = {r[0]: r[1] for r in self.q("SELECT tagID, name FROM tags")}
        per: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
        for r in self.q("SELECT itemID, tagID, type FROM itemTags"):
            per[r[1]][r[2] or 0].append(r[0])
        for tid, name in names.items():
            by_type = per.get(tid, {})
            kind = 0 if 0 in by_type or not by_type else 1
            out[tid] = (name, kind, [i for ids in by_type.values() for i in ids])
            if len(by_type) > 1:  # manual on some items, automatic on others
                out[tid] = (name, -1, [])
                self._mixed = getattr(self, "_mixed", {})
                self._mixed[tid] = dict(by_type)
        return out

    def _collections(self) -> list[sqlite3.Row]:
        return self.q("SELECT collectionID, collectionName, parentCollectionID, libraryID, key "
                      "FROM collections")

    def _relations(self) -> dict[int, list[tuple[str, str]]]:
        out: dict[int, list[tuple[str, str]]] = defaultdict(list)
        if self.has("itemRelations"):
            rows = self.q("SELECT r.itemID, r.object FROM itemRelations r JOIN "
                          "relationPredicates p ON p.predicateID = r.predicateID "
                          "WHERE p.predicate = 'dc:relation'")
            pairs = [(r[0], r[1]) for r in rows]
        elif self.has("relations"):  # Zotero 4: subject and object are URIs
            by_key = {(it.key): iid for iid, it in self.items.items()}
            pairs = []
            for r in self.q("SELECT subject, object FROM relations WHERE predicate = "
                            "'dc:relation'"):
                m = _ITEM_URI_RE.search(r[0])
                if m and m.group(3) in by_key:
                    pairs.append((by_key[m.group(3)], r[1]))
        else:
            pairs = []
        group_tags = {}
        if self.has("groups"):
            group_tags = {str(r[0]): f"group:{r[0]}" for r in self.q("SELECT groupID FROM groups")}
        for iid, obj in pairs:
            m = _ITEM_URI_RE.search(obj)
            if not m:
                continue
            lib = group_tags.get(m.group(2), "") if m.group(1) == "groups" else USER
            out[iid].append((lib, m.group(3)))
        return out

    # ------------------------------------------------------------ papers
    def _entry(self, it: _Item, f: dict[str, str], people: list[tuple[str, Any]]) -> ZoteroEntry:
        entry_type, csl_type = M.ITEM_TYPES.get(it.type, ("misc", "document"))
        year, date = M.parse_date(f.get("date", ""))
        title = f.get("title", "").strip()
        if not title:
            title = f"Untitled {it.type} (Zotero {it.key})"
            self.data.warnings.append(f"Zotero item {it.key}: no title; stored as {title!r}")
        paper = Paper(
            title=title, abstract=html_to_text(f.get("abstractNote", "").strip()), year=year,
            venue=(f.get("publicationTitle") or (f.get("publisher", "") if it.type in (
                "thesis", "report") else "")).strip(), entry_type=entry_type,
            doi=M.doi_from(f), arxiv_id=M.arxiv_from(f), url=f.get("url", "").strip(),
            key=_citation_key(f),
        )
        primary = self.primary.get(it.type, "author")
        roles: dict[str, list[Any]] = defaultdict(list)
        for role, person in people:
            if role == primary or (role == "author" and primary not in {r for r, _ in people}):
                paper.authors.append(person)
            else:
                roles[role].append(person)
        extra: dict[str, Any] = {"zotero_key": self.zkey(it), "zotero_type": it.type,
                                 "csl_type": csl_type}
        if date:
            extra["date"] = date
        for role, persons in roles.items():
            extra[role.lower() if role in ("editor", "translator") else role] = " and ".join(
                p.sort_key for p in persons)
        if primary != "author" and paper.authors:
            extra["zotero_author_role"] = primary
        for name, value in f.items():
            if name in M.COLUMN_FIELDS or not value.strip():
                continue
            key = M.EXTRA_NAMES.get(name, name)
            if key in extra and extra[key] != value:
                key = name
            extra[key] = value
        if it.added:
            extra["zotero_added"] = it.added
        paper.extra = extra
        return ZoteroEntry(self.zkey(it), paper)

    def _standalone_note(self, it: _Item, row: sqlite3.Row | None) -> ZoteroEntry:
        text, images = html_to_markdown(row["note"] or "") if row else ("", 0)
        title = (row["title"] if row else "") or text.split("\n", 1)[0].lstrip("# ") or \
            f"Note {it.key}"
        paper = Paper(title=title.strip()[:300], note=text, entry_type="misc",
                      extra={"zotero_key": self.zkey(it), "zotero_type": "note",
                             "csl_type": "document"})
        return ZoteroEntry(self.zkey(it), paper)

    def _standalone_attachment(self, it: _Item, f: dict[str, str]) -> ZoteroEntry:
        title = f.get("title") or f"Attachment {it.key}"
        paper = Paper(title=title, entry_type="misc", url=f.get("url", ""),
                      extra={"zotero_key": self.zkey(it), "zotero_type": "attachment",
                             "csl_type": "document"})
        return ZoteroEntry(self.zkey(it), paper)

    def _owner(self, it: _Item, entries: dict[int, ZoteroEntry]) -> ZoteroEntry | None:
        """The paper a child row belongs to (an annotation's attachment's item)."""
        at, seen = it, set()
        while at is not None and at.id not in seen:
            seen.add(at.id)
            if at.id in entries and at is not it:
                return entries[at.id]
            at = self.items.get(at.parent) if at.parent is not None else None
        return None

    def _child_note(self, it: _Item, row: sqlite3.Row | None,
                    entries: dict[int, ZoteroEntry]) -> None:
        owner = self._owner(it, entries)
        if owner is None:
            self.data.note("notes", "problem: parent item missing", it.key)
            return
        text, images = html_to_markdown(row["note"] or "") if row else ("", 0)
        if text:
            owner.paper.note = NOTE_SEPARATOR.join(p for p in (owner.paper.note, text) if p)
        owner.rows["notes"] += 1

    def _attachment(self, it: _Item, row: sqlite3.Row | None, f: dict[str, str],
                    note: sqlite3.Row | None, entries: dict[int, ZoteroEntry]) -> None:
        d = self.data
        if row is None:
            d.note("attachments", "problem: attachment row missing", it.key)
            return
        mode = row["linkMode"]
        if mode == 4:
            d.note("attachments", "skipped: image embedded in a note (marked in the note)",
                   it.key)
            return
        owner = entries.get(it.id) if it.parent is None else self._owner(it, entries)
        if owner is None:
            d.note("attachments", "problem: parent item missing", it.key)
            return
        if note is not None and (note["note"] or "").strip():
            text, _ = html_to_markdown(note["note"])
            if text:
                owner.paper.note = NOTE_SEPARATOR.join(p for p in (owner.paper.note, text) if p)
        path = row["path"] or ""
        ctype = (row["ctype"] or "").lower()
        url = f.get("url", "")
        title = f.get("title", "")
        if mode == 3:  # a link to a web page
            if not owner.paper.url and url:
                owner.paper.url = url
            elif url:
                links = owner.paper.extra.setdefault("zotero_links", [])
                links.append(f"{title}: {url}" if title else url)
            owner.rows["attachments"] += 1
            return
        is_pdf = ctype == "application/pdf" or path.lower().endswith(".pdf")
        if mode == 1 and not is_pdf and ctype.startswith("text/html"):
            d.note("attachments", "skipped: web snapshot (reported)", it.key,
                   f"{title or path} {url}".strip(), listed=True)
            return
        if mode in (0, 1):
            name = path.removeprefix("storage:")
            file = self.data.source.storage / it.key / name
            cache = file.parent / ".zotero-ft-cache"
            if not name or not file.is_file():
                d.note("attachments", "problem: stored file missing", it.key,
                       str(file))
                return
            if file.stat().st_size == 0:
                d.note("attachments", "problem: stored file is empty (0 bytes)", it.key,
                       str(file))
                return
            owner.files.append(ZoteroFile(it.key, file, False,
                                          cache if cache.is_file() else None))
            owner.rows["attachments"] += 1
            return
        if mode == 2:
            target = self._linked_path(path)
            if target is None:
                d.note("attachments", "problem: linked file relative to Zotero's base "
                       "directory, which is not known", it.key, path)
                return
            if not target.is_file():
                d.note("attachments", "problem: linked file missing", it.key, str(target))
                return
            cache = self.data.source.storage / it.key / ".zotero-ft-cache"
            owner.files.append(ZoteroFile(it.key, target, True,
                                          cache if cache.is_file() else None))
            owner.rows["attachments"] += 1
            return
        d.note("attachments", f"problem: unknown link mode {mode}", it.key)

    def _linked_path(self, path: str) -> Path | None:
        if path.startswith("attachments:"):
            if self.base_dir is None:
                return None
            return self.base_dir / path.removeprefix("attachments:")
        return Path(path) if path else None

    def _annotation(self, it: _Item, row: sqlite3.Row | None,
                    entries: dict[int, ZoteroEntry]) -> None:
        d = self.data
        if row is None:
            d.note("annotations", "problem: annotation row missing", it.key)
            return
        kind = ANNOTATION_KINDS.get(row["type"])
        if kind is None:
            name = ANNOTATION_NAMES.get(row["type"], f"type {row['type']}")
            d.note("annotations", f"skipped: {name} annotation (PaperDesk keeps no drawings)",
                   it.key)
            return
        owner = self._owner(it, entries)
        if owner is None:
            d.note("annotations", "problem: attachment or item missing", it.key)
            return
        try:
            pos = json.loads(row["position"] or "{}")
        except ValueError:
            pos = {}
        if not isinstance(pos, dict) or "pageIndex" not in pos:
            d.note("annotations", "skipped: annotation on an EPUB or web page (no PDF page)",
                   it.key)
            return
        rects = [[float(v) for v in r[:4]] for r in pos.get("rects") or [] if len(r) >= 4]
        color = (row["color"] or "").lower()
        owner.paper.highlights.append(Highlight(
            start=0, end=0, text=row["text"] or "", comment=row["comment"] or "",
            color=M.COLORS.get(color, color or "yellow"), page=int(pos["pageIndex"]),
            quads=rects, kind=kind, origin=f"zotero:{it.key}"))
        owner.rows["annotations"] += 1

    # ------------------------------------------------------------ tags, collections
    def _place_tags(self, tags: dict[int, tuple[str, int, list[int]]],
                    entries: dict[int, ZoteroEntry]) -> None:
        d = self.data
        d.rows["tags"] = len(tags)
        mixed = getattr(self, "_mixed", {})
        for tid, (name, kind, ids) in tags.items():
            pairs = [(i, kind) for i in ids] if kind >= 0 else [
                (i, k) for k, group in mixed[tid].items() for i in group]
            placed = False
            for iid, k in pairs:
                it = self.items.get(iid)
                if it is None or self._skip(it):
                    continue
                owner = entries.get(iid) or self._owner(it, entries)
                if owner is None:
                    continue
                tag = Tag(name, "user") if k == 0 else Tag(name, "auto")
                if all(t.name != name for t in owner.paper.tags):
                    owner.paper.tags.append(tag)
                    if k != 0:
                        owner.paper.extra.setdefault("zotero_automatic_tags", []).append(name)
                placed = True
            if placed:
                d.note("tags", "imported")
            elif ids or kind < 0:
                d.note("tags", "skipped: only on items not imported", name)
            else:
                d.note("tags", "skipped: on no item", name)

    def _place_collections(self, rows: list[sqlite3.Row],
                           entries: dict[int, ZoteroEntry]) -> None:
        d = self.data
        d.rows["collections"] = len(rows)
        deleted = {r[0] for r in self.q("SELECT collectionID FROM deletedCollections")} \
            if self.has("deletedCollections") else set()
        by_id = {r["collectionID"]: r for r in rows}

        def path(cid: int) -> str:
            parts, seen, at = [], set(), cid
            while at in by_id and at not in seen:
                seen.add(at)
                parts.append(clean_name(by_id[at]["collectionName"]) or "Untitled")
                at = by_id[at]["parentCollectionID"]
            lib = by_id[cid]["libraryID"]
            if lib in self.lib_name:
                parts.append(clean_name(self.lib_name[lib]))
            return "/".join(reversed(parts))

        def gone(cid: int) -> bool:
            at, seen = cid, set()
            while at in by_id and at not in seen:
                if at in deleted:
                    return True
                seen.add(at)
                at = by_id[at]["parentCollectionID"]
            return False

        members: dict[int, list[int]] = defaultdict(list)
        for r in self.q("SELECT collectionID, itemID FROM collectionItems"):
            members[r[0]].append(r[1])
        for cid, r in by_id.items():
            if r["libraryID"] in self.lib_skip:
                d.note("collections", self.lib_skip[r["libraryID"]], r["key"])
                continue
            if gone(cid):
                d.note("collections", "skipped: in the trash", r["key"])
                continue
            p = path(cid)
            d.collection_paths.append(p)  # its outcome is decided when stored
            for iid in members.get(cid, []):
                entry = entries.get(iid)
                if entry is not None and p not in entry.paper.collections:
                    entry.paper.collections.append(p)
        for iid, entry in entries.items():  # group papers sit in their group's collection
            lib = self.items[iid].library
            if lib in self.lib_name:
                top = clean_name(self.lib_name[lib])
                if not any(c == top or c.startswith(top + "/") for c in entry.paper.collections):
                    entry.paper.collections.append(top)


def _category(item_type: str) -> str:
    return {"note": "notes", "attachment": "attachments",
            "annotation": "annotations"}.get(item_type, "items")


def _citation_key(f: dict[str, str]) -> str:
    if f.get("citationKey"):
        return f["citationKey"].strip()
    m = re.search(r"^\s*Citation Key:\s*(\S+)", f.get("extra", ""), re.MULTILINE)
    return m.group(1) if m else ""
