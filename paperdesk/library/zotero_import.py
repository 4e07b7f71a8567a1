"""Storing a Zotero library read by :mod:`paperdesk.importers.zotero`: one transaction.

Each Zotero paper is found again by its Zotero key (``extra["zotero_key"]``), so importing
the same data folder twice adds nothing; otherwise a duplicate by the usual rules is merged
into; otherwise the paper is added. Stored files are copied into the library (their text
from Zotero's full-text cache, else read from the PDF); linked files are referenced where
they are. Every Zotero row gets one outcome in :class:`ZoteroReport`.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from paperdesk.importers.zotero.reader import (
    CATEGORIES,
    NOTE_SEPARATOR,
    ZoteroData,
    ZoteroEntry,
    ZoteroFile,
    ZoteroProblem,
    read_zotero,
)
from paperdesk.importers.zotero.source import locate
from paperdesk.library.attachments import store_attachment
from paperdesk.library.changes import Change
from paperdesk.library.collections import CollectionTree, ensure_path
from paperdesk.library.db import now, translate_errors
from paperdesk.library.importing import _in_library, _merge, existing_duplicate_index
from paperdesk.library.writing import insert_paper, taken_keys, write_collections
from paperdesk.progress import NullProgress, Progress, check_cancelled
from paperdesk.records import plural

if TYPE_CHECKING:
    from paperdesk.library.library import Library


@dataclass
class ZoteroReport:
    """What a Zotero import did with every row, by category.

    ``outcomes[category]`` maps an outcome ("imported", "merged", "unchanged",
    "skipped: …", "problem: …") to a number of rows; they add up to ``rows[category]``.
    """

    source: str
    schema: int
    rows: dict[str, int] = field(default_factory=dict)
    outcomes: dict[str, Counter] = field(default_factory=dict)
    problems: list[ZoteroProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    chosen_groups: list[str] = field(default_factory=list)
    added_ids: list[int] = field(default_factory=list)
    merged_ids: list[int] = field(default_factory=list)
    #: of the papers added, those made of a standalone note or file (no Zotero item: a
    #: PDF dropped into Zotero is a paper of its own, read from its first page)
    standalone: int = 0

    def added_text(self) -> str:
        """"added 11 papers (1 a standalone note or file)", as the summary says it."""
        alone = (f" ({self.standalone} a standalone note or file)" if self.standalone == 1
                 else f" ({self.standalone} standalone notes or files)" if self.standalone
                 else "")
        return f"added {plural(len(self.added_ids), 'paper')}{alone}"

    @property
    def change(self) -> Change:
        """The import's change record: papers added or merged into; the counts when papers
        came in, tags and collections when the Zotero library brought some."""
        ids = frozenset(self.added_ids) | frozenset(self.merged_ids)
        parts = {"counts"} if self.added_ids else set()
        if ids and self.rows.get("tags"):
            parts.add("tags")
        if self.count("collections", "imported") or (ids and self.rows.get("collections")):
            parts.add("collections")
        return Change("import", ids, f"Zotero: {len(self.added_ids)} added, "
                      f"{len(self.merged_ids)} merged", added=frozenset(self.added_ids),
                      sidebar=frozenset(parts), index=bool(ids),
                      membership=bool(ids or parts))

    @property
    def exit_status(self) -> int:
        """0 when every row was imported or knowingly skipped, 1 when some had a problem."""
        return 1 if any(o.startswith("problem") for c in self.outcomes.values() for o in c) else 0

    def count(self, category: str, outcome: str) -> int:
        """Rows of ``category`` with ``outcome`` (a prefix like "skipped" sums them all)."""
        return sum(n for o, n in self.outcomes.get(category, {}).items()
                   if o == outcome or o.startswith(outcome + ":"))

    def balanced(self) -> bool:
        """True when every row of every category has exactly one outcome."""
        return all(sum(self.outcomes.get(c, {}).values()) == self.rows.get(c, 0)
                   for c in CATEGORIES)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{source, schema, rows: {category: {total, outcome: n}}, problems,
        warnings, groups, imported_groups, added, merged, added_ids, standalone}``."""
        return {
            "source": self.source, "schema": self.schema,
            "rows": {c: {"total": self.rows.get(c, 0), **dict(self.outcomes.get(c, {}))}
                     for c in CATEGORIES},
            "problems": [p.to_dict() for p in self.problems],
            "warnings": list(self.warnings),
            "groups": list(self.groups), "imported_groups": list(self.chosen_groups),
            "added": len(self.added_ids), "merged": len(self.merged_ids),
            "added_ids": list(self.added_ids), "standalone": self.standalone,
        }

    def lines(self) -> list[str]:
        """A human summary: one line per category."""
        out = []
        for c in CATEGORIES:
            parts = [f"{n} {o}" for o, n in sorted(self.outcomes.get(c, {}).items(),
                                                     key=lambda x: (-x[1], x[0]))]
            out.append(f"{c}: {self.rows.get(c, 0)} — " + (", ".join(parts) or "none"))
        return out


def import_zotero(lib: Library, path: str | Path, groups: list[str] | None = None,
                  base_dir: Path | None = None, progress: Progress | None = None) -> ZoteroReport:
    """Import the Zotero library at ``path`` (data folder or ``zotero.sqlite``)."""
    progress = progress or NullProgress()
    source = locate(path)
    data = read_zotero(source, groups, base_dir, progress)
    report = ZoteroReport(str(source.data_dir), data.schema, dict(data.rows),
                          {c: Counter(data.outcomes.get(c, {})) for c in CATEGORIES},
                          list(data.problems), list(data.warnings), list(data.groups),
                          list(data.chosen_groups))
    with lib.write_lock, translate_errors(lib.db_path):
        with lib.index.batch(progress) as batch:
            with lib.transaction():
                _store(lib, data, report, progress)
                changed = set(report.added_ids) | set(report.merged_ids)
                lib.queue_index(changed)
                lib.db["import_log"].insert({
                    "time": now(), "file": str(source.database), "format": "zotero",
                    "added": len(report.added_ids), "merged": len(report.merged_ids),
                    "skipped": sum(report.count(c, "skipped") for c in CATEGORIES),
                    "problems": json.dumps([p.to_dict() for p in report.problems]),
                })
            batch.added.update(report.added_ids)
            batch.updated.update(report.merged_ids)
            batch.after.append(lambda: lib.unqueue_index(changed))
    return report


def _existing_keys(lib: Library) -> dict[str, int]:
    return {r[1]: r[0] for r in lib.db.execute(
        "SELECT id, json_extract(extra, '$.zotero_key') FROM papers WHERE trashed IS NULL "
        "AND extra LIKE '%zotero_key%'") if r[1]}


def _store(lib: Library, data: ZoteroData, report: ZoteroReport, progress: Progress) -> None:
    db = lib.db
    tree = CollectionTree(db)
    for path in data.collection_paths:  # empty collections too
        existed = bool(tree.matching(path)) and any(
            tree.path(c).casefold() == path.casefold() for c in tree.matching(path))
        ensure_path(db, path, tree)
        report.outcomes["collections"]["unchanged" if existed else "imported"] += 1
    by_key = _existing_keys(lib)
    dupes = existing_duplicate_index(lib)
    taken = taken_keys(db)
    pid_of: dict[str, int] = {}
    progress.start(len(data.entries), "Storing Zotero items")
    for n, entry in enumerate(data.entries, start=1):
        if n % 200 == 0:
            progress.advance(200)
            check_cancelled(progress)
        before = db.conn.total_changes
        pid = by_key.get(entry.key)
        if pid is None:
            match = dupes.find(entry.paper)
            if match is not None and _in_library(db, match):
                pid = match
                _merge_into(lib, pid, entry)
        if pid is None:
            paper = entry.paper
            pid = insert_paper(db, paper, taken)
            _attach(lib, pid, entry.files, set())
            dupes.add(paper, pid)
            outcome = "imported"
            report.added_ids.append(pid)
            report.standalone += paper.extra.get("zotero_type") in ("note", "attachment")
        else:
            _add_missing(lib, pid, entry)
            outcome = "merged" if db.conn.total_changes != before else "unchanged"
            if outcome == "merged":
                report.merged_ids.append(pid)
        by_key.setdefault(entry.key, pid)
        pid_of[entry.key] = pid
        for category, count in entry.rows.items():
            report.outcomes[category][outcome] += count
    progress.advance(len(data.entries) % 200)
    progress.finish()
    for entry in data.entries:  # "related" -> links, once every paper has its id
        a = pid_of[entry.key]
        for other in entry.related:
            b = pid_of.get(other)
            if b is not None and b != a:
                x, y = sorted((a, b))
                db.execute("INSERT OR IGNORE INTO links (a, b, note, created) VALUES (?,?,?,?)",
                           [x, y, "related in Zotero", now()])


def _merge_into(lib: Library, pid: int, entry: ZoteroEntry) -> None:
    """Merge a duplicate's fields and tags into paper ``pid`` (children: see
    :func:`_add_missing`)."""
    from dataclasses import replace

    _merge(lib, pid, replace(entry.paper, attachments=[], highlights=[], collections=[]))


def _add_missing(lib: Library, pid: int, entry: ZoteroEntry) -> None:
    """Add to paper ``pid`` what ``entry`` brings and it lacks: highlights (by Zotero key),
    files (by name), collections, notes (by text) and the Zotero key itself."""
    db = lib.db
    paper = entry.paper
    origins = {r[0] for r in db.execute("SELECT origin FROM highlights WHERE paper_id = ?",
                                        [pid])}
    stamp = now()
    for h in paper.highlights:
        if h.origin not in origins:
            db.execute(
                'INSERT INTO highlights (paper_id, start, "end", text, comment, color, created, '
                "page, quads, kind, origin) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [pid, 0, 0, h.text, h.comment, h.color, stamp, h.page, json.dumps(h.quads),
                 h.kind, h.origin])
    have = {r[0] for r in db.execute("SELECT path FROM attachments WHERE paper_id = ?", [pid])}
    _attach(lib, pid, entry.files, have)
    write_collections(db, pid, paper.collections)
    if paper.note:
        row = db.execute("SELECT text FROM notes WHERE paper_id = ?", [pid]).fetchone()
        if row is None:
            db.execute("INSERT INTO notes (paper_id, text, modified) VALUES (?,?,?)",
                       [pid, paper.note, stamp])
        elif paper.note not in row[0]:
            db.execute("UPDATE notes SET text = ?, modified = ? WHERE paper_id = ?",
                       [row[0] + NOTE_SEPARATOR + paper.note, stamp, pid])
    extra = json.loads(db.execute("SELECT extra FROM papers WHERE id = ?", [pid]).fetchone()[0])
    if "zotero_key" not in extra:
        extra["zotero_key"] = entry.key
        db.execute("UPDATE papers SET extra = ? WHERE id = ?",
                   [json.dumps(extra, ensure_ascii=False), pid])


def _attach(lib: Library, pid: int, files: list[ZoteroFile], have: set[str]) -> None:
    """Copy stored files into ``files/<pid>/``; reference linked files where they are."""
    used = {Path(p).name for p in have}
    for f in files:
        if f.linked:
            if str(f.path) in have:
                continue
            lib.db.execute("INSERT INTO attachments (paper_id, path, fulltext, added) "
                           "VALUES (?, ?, ?, ?)", [pid, str(f.path), _fulltext(f), now()])
            have.add(str(f.path))
            continue
        name = f.path.name
        if f"{pid}/{name}" in have or f"{pid}/{f.key}-{name}" in have:
            continue
        if name in used:  # two stored files of one paper share a name
            name = f"{f.key}-{name}"
        store_attachment(lib, pid, f.path, _fulltext(f), name=name)
        used.add(name)
        have.add(f"{pid}/{name}")


def _fulltext(f: ZoteroFile) -> str:
    """Zotero's full-text cache when it has one, else the PDF's text ("" for others)."""
    if f.fulltext_cache is not None:
        try:
            return f.fulltext_cache.read_text(encoding="utf-8", errors="replace")
        except OSError:
            pass
    if f.text is not None:  # (read already)
        return f.text
    if f.path.suffix.lower() == ".pdf":
        from paperdesk.importers.pdf import extract_pdf_text

        try:
            return extract_pdf_text(f.path)
        except Exception:  # noqa: BLE001 - a PDF without readable text is still attached
            return ""
    return ""



__all__ = ["ZoteroReport", "import_zotero"]
