"""``paperdesk tags vocabulary | rename | merge | ban | unban | banned`` and keyphrases in
``show``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from paperdesk.cli.commands import open_library
from paperdesk.cli.output import emit_json
from paperdesk.errors import UsageError
from paperdesk.records import quoted

if TYPE_CHECKING:  # imported when a command opens the library
    from paperdesk.library import Library

Handler = Callable[[argparse.Namespace], int | None]


def keyphrases_json(lib: Library, paper_id: int) -> list[dict[str, Any]]:
    """A paper's keyphrases as ``[{phrase, score}]`` (``show --json``)."""
    return [{"phrase": p, "score": round(s, 4)} for p, s in lib.vocabulary.keyphrases(paper_id)]


def keyphrases_line(lib: Library, paper_id: int) -> str:
    """``Keyphrases: a; b; c`` for ``show`` ("" before the paper is tagged)."""
    phrases = [p for p, _ in lib.vocabulary.keyphrases(paper_id)]
    return f"Keyphrases: {'; '.join(phrases)}" if phrases else ""


def cmd_tags(args: argparse.Namespace) -> int:
    """List the tag vocabulary, or rename / merge / ban an entry."""
    if args.action in ("vocabulary", "banned") and args.names:  # (it ignored them)
        raise UsageError(f"'paperdesk tags {args.action}' takes no name: "
                         f"{' '.join(args.names)}")
    with open_library(args) as lib:
        if args.action == "vocabulary":
            if lib.vocabulary.behind():  # (tags given since the last tagging run were missing)
                if not args.json:
                    print("Updating the vocabulary with your new tags…", file=sys.stderr)
                lib.vocabulary.refresh_if_possible()
            entries = lib.vocabulary.entries()
            if args.json:
                emit_json({"vocabulary": [e.to_dict() for e in entries]})
                return 0
            if entries:  # how many papers it is suggested to; whose keyphrases name it
                print(f"{'suggested':>9}  {'named in':>8}  tag")
            for e in entries:
                also = f"  (also: {', '.join(e.aliases)})" if e.aliases else ""
                mark = " [yours]" if e.source == "user" else ""
                print(f"{e.suggested:>9,}  {e.papers:>8,}  {e.name}{mark}{also}")
            if not entries:
                print("The vocabulary is empty: run 'paperdesk tag --all'.")
            return 0
        if args.action == "banned":
            banned = lib.vocabulary.banned()
            if args.json:
                emit_json({"banned": banned})
            else:
                print("\n".join(banned) if banned else "No tag is banned.")
            return 0
        names = args.names
        if not names:
            raise UsageError(f"usage: paperdesk tags {args.action} NAME…")
        if args.action == "unban":
            for name in names:
                report = lib.vocabulary.unban(name)
            message = f"Suggesting {', '.join(names)} again."
        elif args.action == "ban":
            for name in names:
                report = lib.vocabulary.ban(name)
            message = f"Banned {quoted(names)}."
        elif args.action == "rename":
            if len(names) != 2:
                raise UsageError("usage: paperdesk tags rename OLD NEW")
            old, new = names
            # onto another tag, a rename is a merge: say so (it said "Renamed")
            onto = new.strip() != old.strip() and lib.vocabulary.exists(new)
            report = lib.vocabulary.rename(old, new)
            message = (f"Merged {quoted([old])} into “{new}”, a tag already." if onto
                       else f"Renamed “{old}” to “{new}”.")
        else:
            if len(names) < 2:
                raise UsageError("usage: paperdesk tags merge NAME… INTO")
            report = lib.vocabulary.merge(names[:-1], names[-1])
            message = f"Merged {quoted(names[:-1])} into “{names[-1]}”."
    if args.json:
        emit_json({"message": message, "suggestions": report.to_dict() if report else None})
    else:
        print(message)
    return 0


def register_tags(add: Callable[[str, Handler, str], argparse.ArgumentParser]) -> None:
    """Add ``paperdesk tags`` to the parser (``add`` is the parser's helper)."""
    p = add("tags", cmd_tags,
            "the tag vocabulary: list it (vocabulary), rename, merge, ban or unban "
            "entries, list bans (banned)")
    p.add_argument("action", choices=["vocabulary", "rename", "merge", "ban", "unban", "banned"])
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="rename OLD NEW; merge NAME… INTO; ban NAME…; unban NAME…")
