"""``lib.vocabulary``: the library-wide tag vocabulary, its rules, and auto-tags from it.

The vocabulary is rebuilt (:meth:`VocabularyManager.refresh`) from every paper's stored
keyphrases, the user's tags and the user's rules, whenever tagging stores new keyphrases
and whenever the user renames, merges or bans an entry; suggestions are then rewritten
for the papers whose suggestions changed. Rules live in ``tag_rules`` by phrase key, so
they hold for every spelling of a topic and for papers that arrive later.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from paperdesk.errors import NotFoundError, UsageError
from paperdesk.library.db import now
from paperdesk.library.writing import clean_tag
from paperdesk.records import quoted

#: papers whose suggestions are rewritten per transaction (edits get in between)
WRITE_CHUNK = 250

if TYPE_CHECKING:
    from paperdesk.library.changes import Change
    from paperdesk.library.library import Library
    from paperdesk.tagging.vocabulary import Rules


@dataclass
class VocabularyEntry:
    """One entry as stored: its name, aliases, source and counts."""

    name: str
    aliases: list[str]
    source: str
    papers: int
    suggested: int

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{name, aliases, source, papers, suggested}``."""
        return {"name": self.name, "aliases": self.aliases, "source": self.source,
                "papers": self.papers, "suggested": self.suggested}


@dataclass
class SuggestReport:
    """What a refresh of the suggestions did."""

    papers: int = 0
    suggestions: int = 0
    tags: int = 0
    changed: int = 0
    changed_ids: list[int] = field(default_factory=list)
    #: the library's papers (not in the trash): ``total - papers`` got no suggestion
    total: int = 0

    def to_dict(self) -> dict[str, int]:
        """JSON shape: ``{papers, suggestions, tags, changed, total}``."""
        return {"papers": self.papers, "suggestions": self.suggestions, "tags": self.tags,
                "changed": self.changed, "total": self.total}


class VocabularyManager:
    """The tag vocabulary of one library."""

    def __init__(self, lib: Library) -> None:
        self.lib = lib

    # ------------------------------------------------------------ reading
    def entries(self) -> list[VocabularyEntry]:
        """The stored vocabulary, most suggested first."""
        return [
            VocabularyEntry(name, json.loads(aliases), source, papers, suggested)
            for name, aliases, source, papers, suggested in self.lib.reader.execute(
                "SELECT name, aliases, source, papers, suggested FROM tag_vocabulary "
                "ORDER BY suggested DESC, papers DESC, name COLLATE NOCASE")
        ]

    def behind(self) -> bool:
        """True when a tag the user gave some paper is no entry yet (the vocabulary is
        rebuilt when papers are tagged or it is taught: a tag added since waits for that),
        and the library has keyphrases to rebuild it from."""
        from paperdesk.tagging.vocabulary import phrase_key

        banned = {r[0] for r in self.lib.reader.execute(
            "SELECT phrase_key FROM tag_rules WHERE action = 'ban'")}
        missing = self.lib.reader.execute(
            "SELECT DISTINCT t.name FROM tags t JOIN papers p ON p.id = t.paper_id "
            "WHERE t.source = 'user' AND p.trashed IS NULL AND t.name NOT IN "
            "(SELECT name FROM tag_vocabulary)").fetchall()
        return any(phrase_key(name) not in banned for (name,) in missing) and bool(
            self.lib.reader.execute("SELECT 1 FROM keyphrases LIMIT 1").fetchone())

    def keyphrases(self, paper_id: int) -> list[tuple[str, float]]:
        """A paper's keyphrases with scores, best first ([] before tagging)."""
        return [(p, s) for p, s in self.lib.reader.execute(
            "SELECT phrase, score FROM keyphrases WHERE paper_id = ? ORDER BY rank",
            [paper_id])]

    def rules(self) -> Rules:
        """The user's renames, merges and bans."""
        from paperdesk.tagging.vocabulary import Rules, phrase_key

        rules = Rules()
        for stored, action, target in self.lib.reader.execute(
                "SELECT phrase_key, action, target FROM tag_rules"):
            key = phrase_key(stored)  # keys written by an older version
            if action == "ban":
                rules.banned.add(key)
            else:
                rules.names[key] = target
        return rules

    # ------------------------------------------------------------ teaching
    def rename(self, old: str, new: str) -> SuggestReport | None:
        """Rename a vocabulary entry; every spelling of it is suggested as ``new`` from now on.

        Renaming onto an existing entry merges the two. The papers' tags and suggestions
        of that name are renamed too, in the same undoable edit (undo, then
        :meth:`refresh_if_possible`, brings the old name back).

        Raises:
            NotFoundError: no entry or tag named ``old``.
        """
        return self.merge([old], new, f"Rename tag “{clean_tag(old)}” to “{clean_tag(new)}”")

    def merge(self, sources: list[str], target: str, description: str | None = None
              ) -> SuggestReport | None:
        """Merge entries into ``target`` (which may be new): a rename of each, as one
        undoable edit.

        Raises:
            NotFoundError: no entry or tag named as one of ``sources``.
            UsageError: ``target`` is empty, or the only source.
        """
        target = clean_tag(target)
        if not target:
            raise UsageError("the new tag name is empty")
        named = [n for n in dict.fromkeys(clean_tag(x) for x in sources) if n]
        if not named:  # (it said "the tag is called “foo” already")
            raise UsageError("the tag name is empty")
        keys = {name: self._keys_of(name) for name in named}  # NotFoundError before writing
        names = [n for n in named if n != target]
        if not names:  # (a tag renamed onto itself said "Renamed", and did nothing)
            raise UsageError(f"the tag is called “{target}” already")
        tagged = {pid for name in names for pid in self.lib.tags._papers_tagged(name)}
        with self.lib.edit(description or f"Merge tags {quoted(names)} into “{target}”",
                           tagged) as ed:
            for name in names:
                self._set_rules(ed, keys[name], "name", target)
                self.lib.tags.rename_in(ed, name, target)
        return self.refresh_if_possible()

    def ban(self, name: str) -> SuggestReport | None:
        """Never suggest this entry (any of its spellings) again; its suggestions go (one
        undoable edit).

        Raises:
            NotFoundError: no entry or tag named ``name``.
            UsageError: it is banned already.
        """
        name = clean_tag(name)
        if name.casefold() in {n.casefold() for n in self.banned()}:
            raise UsageError(f"“{name}” is banned already")
        keys = self._keys_of(name)
        with self.lib.edit(f"Ban tag “{name}”", self._suggested_to(name)) as ed:
            self._set_rules(ed, keys, "ban", name)  # (the name, to list and lift it)
            ed.track("tags", "name = ? AND source = 'auto' AND rejected = 0", [name])
            self.lib.db.execute("DELETE FROM tags WHERE name = ? AND source = 'auto' "
                                "AND rejected = 0", [name])
            self.lib.db.execute("DELETE FROM tag_vocabulary WHERE name = ?", [name])
        return self.refresh_if_possible()

    def banned(self) -> list[str]:
        """The banned entries, by the name they had (a ban made before names were kept
        shows its phrase key: its words, sorted)."""
        names = {target or key for key, target in self.lib.reader.execute(
            "SELECT phrase_key, target FROM tag_rules WHERE action = 'ban'")}
        return sorted(names, key=str.casefold)

    def unban(self, name: str) -> SuggestReport | None:
        """Suggest a banned entry again (one undoable edit).

        Raises:
            NotFoundError: nothing of that name is banned.
        """
        from paperdesk.tagging.vocabulary import phrase_key

        name = clean_tag(name)
        keys = [r[0] for r in self.lib.reader.execute(
            "SELECT phrase_key FROM tag_rules WHERE action = 'ban' AND (target = ? "
            "OR (target = '' AND phrase_key = ?))", [name, phrase_key(name)])]
        if not keys:
            raise NotFoundError(f"no banned tag named {name!r}")
        marks = ",".join("?" * len(keys))
        with self.lib.edit(f"Unban tag “{name}”") as ed:
            ed.track("tag_rules", f"phrase_key IN ({marks})", keys)
            self.lib.db.execute(f"DELETE FROM tag_rules WHERE phrase_key IN ({marks})", keys)
        return self.refresh_if_possible()

    def exists(self, name: str) -> bool:
        """True when ``name`` is a vocabulary entry or a tag of some paper."""
        try:
            self._keys_of(clean_tag(name))
        except NotFoundError:
            return False
        return True

    def _keys_of(self, name: str) -> set[str]:
        from paperdesk.tagging.vocabulary import phrase_key

        row = self.lib.reader.execute("SELECT aliases FROM tag_vocabulary WHERE name = ?",
                                      [name]).fetchone()
        if row is None and not self.lib.tags._papers_tagged(name):
            # another name of an entry, as `tags vocabulary` lists it ("also: LLMs")
            owner = next((entry for entry, aliases in self.lib.reader.execute(
                "SELECT name, aliases FROM tag_vocabulary ORDER BY name")
                if name.casefold() in (a.casefold() for a in json.loads(aliases))), None)
            if owner is not None:
                raise NotFoundError(f"“{name}” is another name of the tag “{owner}”: "
                                    "name that one")
            raise NotFoundError(f"no tag named “{name}”")
        aliases = json.loads(row[0]) if row else []
        return {phrase_key(n) for n in [name, *aliases]} - {""}

    def _set_rules(self, ed: Any, keys: set[str], action: str, target: str) -> None:
        if not keys:
            return
        marks = ",".join("?" * len(keys))
        ed.track("tag_rules", f"phrase_key IN ({marks})", sorted(keys))
        self.lib.db.conn.executemany(
            "INSERT OR REPLACE INTO tag_rules (phrase_key, action, target, created) "
            "VALUES (?, ?, ?, ?)", [(k, action, target, now()) for k in sorted(keys)])

    def _suggested_to(self, name: str) -> list[int]:
        return [r[0] for r in self.lib.reader.execute(
            "SELECT paper_id FROM tags WHERE name = ? AND source = 'auto'", [name])]

    # ------------------------------------------------------------ rebuilding
    def after_undo(self, change: Change | None) -> SuggestReport | None:
        """After an undo or redo (``change``, from :meth:`Library.undo` or ``redo``): when it
        wrote back a rename, merge or ban, the suggestions follow the rules as they are now
        (:meth:`refresh_if_possible`)."""
        if change is None or "tag_rules" not in change.details.get("tables", ()):
            return None
        return self.refresh_if_possible()

    def refresh_if_possible(self) -> SuggestReport | None:
        """:meth:`refresh` when tagging can run here and papers have keyphrases."""
        from paperdesk.tagging import ml_unavailable_reason

        has = self.lib.reader.execute("SELECT 1 FROM keyphrases LIMIT 1").fetchone()
        if ml_unavailable_reason() or not has:
            return None
        return self.refresh()

    @contextmanager
    def _tag_writes(self, paper_ids: list[int], chosen: dict[int, list[tuple[str, float]]],
                    renamed: set[int]) -> Iterator[Any]:
        """One transaction: the suggestions of ``paper_ids`` replaced by ``chosen``; yields
        the database for more writes in it. Only the ``renamed`` papers (their suggestions'
        names changed, not only their scores) are indexed again: the index holds names."""
        with self.lib.edit("Auto-tag", paper_ids, undoable=False) as ed:
            w = self.lib.db
            for pid in paper_ids:
                w.execute("DELETE FROM tags WHERE paper_id = ? AND source = 'auto' "
                          "AND rejected = 0", [pid])
                w.conn.executemany(
                    "INSERT OR IGNORE INTO tags (paper_id, name, source, score, rejected) "
                    "VALUES (?, ?, 'auto', ?, 0)",
                    [(pid, clean_tag(n), float(s)) for n, s in chosen[pid]])
            yield w
            # (a rename or merge rescores most papers: re-indexing them all took 20 s of a
            # 30 s refresh of 5,000 papers)
            ed.paper_ids &= renamed

    def refresh(self, most: int = 5, threads: int | None = None) -> SuggestReport:
        """Rebuild the vocabulary and rewrite the suggestions that changed.

        Raises:
            ModelError: a new name needs a vector and the model cannot load.
        """
        from paperdesk.library.caches import LockedCache
        from paperdesk.tagging import SqlitePhraseCache, from_blob, get_tagger
        from paperdesk.tagging.cleaning import has_words
        from paperdesk.tagging.keyphrases import doc_text, english_part, text_language
        from paperdesk.tagging.vocabulary import (
            PaperPhrases,
            assign,
            build,
            library_nearest,
            mention_keys,
            stressed_keys,
        )

        db = self.lib.reader
        live = {r[0] for r in db.execute("SELECT id FROM papers WHERE trashed IS NULL")}
        phrases: dict[int, PaperPhrases] = defaultdict(lambda: PaperPhrases([]))
        for pid, phrase in db.execute(
                "SELECT paper_id, phrase FROM topic_phrases ORDER BY paper_id, rank"):
            if pid in live:
                phrases[pid].keyphrases.append(phrase)
        for pid, short, long in db.execute("SELECT paper_id, short, long FROM paper_acronyms"):
            if pid in phrases:
                phrases[pid].acronyms[short] = long
        ids = sorted(phrases)
        mentions: dict[int, set[str]] = {}
        titles: dict[int, set[str]] = {}
        stressed: dict[int, set[str]] = {}
        texts: dict[int, str] = {}
        title_only: set[int] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for pid, title, abstract in db.execute(
                    "SELECT id, title, abstract FROM papers WHERE id IN "
                    f"({','.join('?' * len(chunk))})", chunk):
                lang = text_language(title or "", abstract or "")
                phrases[pid].language = lang
                phrases[pid].english = bool(english_part(title or "", abstract or "", lang)[0])
                texts[pid] = doc_text(title or "", abstract or "")
                if not has_words(abstract or ""):  # "[No abstract available]" too
                    title_only.add(pid)
                mentions[pid] = mention_keys(texts[pid], phrases[pid].acronyms)
                titles[pid] = mention_keys(title or "", phrases[pid].acronyms)
                stressed[pid] = stressed_keys(doc_text("", abstract or ""),
                                              phrases[pid].acronyms)
        user: dict[str, set[int]] = defaultdict(set)
        for name, pid in db.execute("SELECT name, paper_id FROM tags WHERE source = 'user'"):
            if pid in live:
                user[name].add(pid)
        tagger = get_tagger(threads=threads)
        cache = LockedCache(self.lib, lambda d: SqlitePhraseCache(d, tagger.model_id))
        vectors = {pid: from_blob(blob) for pid, blob in db.execute(
            "SELECT paper_id, vector FROM embeddings") if pid in live}
        # each paper's nearest papers, once for build and assign (when they get the same)
        nearest = library_nearest(vectors)
        entries = build(phrases, user, self.rules(),
                        lambda names: tagger.phrase_vectors(names, cache), vectors, len(live),
                        texts=texts, mentions=mentions, nearest=nearest, titles=titles)
        # an acronym the paper defines names its own expansion ("NLI": native language
        # identification here, natural language inference elsewhere)
        papers = {pid: (vectors[pid], [phrases[pid].acronyms.get(k, k)
                                       for k in phrases[pid].keyphrases])
                  for pid in sorted(phrases) if pid in vectors}
        exclude: dict[int, set[str]] = defaultdict(set)
        current: dict[int, set[tuple[str, float]]] = defaultdict(set)
        for pid, name, source, score, rejected in db.execute(
                "SELECT paper_id, name, source, score, rejected FROM tags"):
            if source == "user" or rejected:
                exclude[pid].add(name.casefold())
            else:
                current[pid].add((name, round(score or 0.0, 4)))
        chosen = assign(entries, papers, len(live), exclude, most=most,
                        languages={pid: "en" if p.english else p.language
                                   for pid, p in phrases.items()},
                        mentions=mentions, titles=titles, title_only=title_only,
                        stressed=stressed,
                        nearest=nearest if sorted(papers) == sorted(vectors) else None)
        # names or scores changed (scores order a paper's suggestions)
        changed = [pid for pid in sorted(chosen)
                   if {(clean_tag(n), round(s, 4)) for n, s in chosen[pid]}
                   != current.get(pid, set())]
        renamed = {pid for pid in changed if {clean_tag(n) for n, _ in chosen[pid]}
                   != {n for n, _ in current.get(pid, set())}}
        # in short transactions (a window's edits commit in between), the vocabulary last
        parts = [changed[i:i + WRITE_CHUNK] for i in range(0, len(changed), WRITE_CHUNK)]
        for part in parts[:-1]:
            with self._tag_writes(part, chosen, renamed):
                pass
            self.lib.queue.let_others_in()
        with self._tag_writes(parts[-1] if parts else [], chosen, renamed) as w:
            w.execute("DELETE FROM tag_vocabulary")
            w.conn.executemany(
                "INSERT OR REPLACE INTO tag_vocabulary (name, aliases, source, papers, "
                "suggested) VALUES (?, ?, ?, ?, ?)",
                [(e.name, json.dumps(e.aliases, ensure_ascii=False), e.source, e.papers,
                  e.suggested) for e in entries])
        used = [n for tags in chosen.values() for n, _ in tags]
        return SuggestReport(sum(1 for t in chosen.values() if t), len(used), len(set(used)),
                             len(changed), changed, total=len(live))


def store_keyphrases(db: Any, paper_id: int, keyphrases: list[tuple[str, float]],
                     acronyms: dict[str, str], topics: list[str]) -> None:
    """Replace a paper's stored keyphrases, topic phrases (what the vocabulary reads) and
    acronyms (inside the caller's transaction)."""
    for table in ("keyphrases", "topic_phrases", "paper_acronyms"):
        db.execute(f"DELETE FROM {table} WHERE paper_id = ?", [paper_id])  # noqa: S608
    db.conn.executemany(
        "INSERT INTO keyphrases (paper_id, rank, phrase, score) VALUES (?, ?, ?, ?)",
        [(paper_id, i, p, float(s)) for i, (p, s) in enumerate(keyphrases)])
    db.conn.executemany(
        "INSERT INTO topic_phrases (paper_id, rank, phrase) VALUES (?, ?, ?)",
        [(paper_id, i, p) for i, p in enumerate(topics)])
    db.conn.executemany(
        "INSERT INTO paper_acronyms (paper_id, short, long) VALUES (?, ?, ?)",
        [(paper_id, s, long) for s, long in sorted(acronyms.items())])

