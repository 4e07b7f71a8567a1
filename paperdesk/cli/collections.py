"""``paperdesk collection list|add|rename|move|delete``, ``collect`` and ``uncollect``."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from paperdesk.cli.commands import IdsAction, open_library, paper_ids
from paperdesk.cli.output import emit_json
from paperdesk.errors import UsageError

if TYPE_CHECKING:  # imported when a command opens the library
    from paperdesk.library import Change, Library

ACTIONS = ("list", "add", "rename", "move", "delete")


def _print_collections(lib: Library, args: argparse.Namespace, change: Change | None) -> None:
    found = lib.collections.list()
    if args.json:
        out: dict[str, object] = {"collections": [c.to_dict() for c in found]}
        if change is not None:
            out["description"] = change.description
        emit_json(out)
        return
    if change is not None:
        print(change.description)
        return
    for c in found:
        depth = c.path.count("/")
        print(f"{c.id:>5}  {'  ' * depth}{c.name}  ({c.count})")
    if not found:
        print("No collections yet (paperdesk collection add NAME).")


def cmd_collection(args: argparse.Namespace) -> int:
    """Run one ``collection`` action."""
    low, high = {"list": (0, 0), "add": (1, 1), "rename": (2, 2), "move": (1, 2),
                 "delete": (1, 1)}[args.action]
    if not low <= len(args.names) <= high:
        usage = {"list": "list", "add": "add NAME|PATH [--parent P]", "rename": "rename C NEW",
                 "move": "move C [NEW_PARENT] (none: to the top)", "delete": "delete C"}
        raise UsageError(f"usage: paperdesk collection {usage[args.action]}")
    with open_library(args) as lib:
        change: Change | None = None
        n = args.names
        if args.action == "add":
            change = lib.collections.add(n[0], parent=args.parent)
        elif args.action == "rename":
            change = lib.collections.rename(n[0], n[1])
        elif args.action == "move":
            change = lib.collections.move(n[0], n[1] if len(n) > 1 else None)
        elif args.action == "delete":
            change = lib.collections.delete(n[0])
        _print_collections(lib, args, change)
    return 0


def _membership(method: str) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        with open_library(args) as lib:
            change = getattr(lib.collections, method)(args.ids, args.to)
            _print_collections(lib, args, change)
        return 0

    run.__doc__ = f"Run ``{method}``."
    return run


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``collection``, ``collect`` and ``uncollect`` with ``add(name, handler, help)``."""
    p = add("collection", cmd_collection,
            "collections: list, add NAME|PATH, rename C NEW, move C [PARENT], delete C")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("names", nargs="*", metavar="C",
                   help="a collection: its id, name or path (A/B)")
    p.add_argument("--parent", help="add: create it inside this collection")
    for name, method, text in (("collect", "collect", "put papers in a collection"),
                               ("uncollect", "uncollect", "take papers out of a collection")):
        p = add(name, _membership(method), text)
        p.add_argument("ids", type=paper_ids, nargs="+", action=IdsAction, metavar="ID")
        p.add_argument("--to", "--from", dest="to", required=True, metavar="C",
                       help="the collection: id, name or path (A/B)")
