"""citeproc-js (the CSL processor inside Zotero) in an embedded V8, one per process.

The JavaScript is the npm package ``citeproc`` (CPAL-1.0, unmodified), which
``packaging/install.sh`` installs into ``resources/js/`` (ignored by git, never
committed); ``$PAPERDESK_CITEPROC_JS`` may name another ``citeproc_commonjs.js``. V8
comes from the PyPI package ``mini-racer``; Node.js is not needed at run time and
nothing is fetched. :func:`engine` loads the processor, our driver (``js/driver.js``)
and the shipped locales once; every call formats one batch of items and then forgets
them, so memory stays bounded by the batch size. One thread owns the V8 context and
runs every call (mini-racer crashes when a context used by one thread is freed by
another, e.g. at exit after a background export).
"""

from __future__ import annotations

import atexit
import json
import os
import queue
import re
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path
from typing import Any

from paperdesk.config import resource_path

ENV_VAR = "PAPERDESK_CITEPROC_JS"
#: items formatted between two full garbage collections of V8 (its heap otherwise grows
#: to several hundred MB over a 20,000-paper export before V8 decides to collect)
GC_EVERY = 1000
#: heap growth (bytes) since the last full collection after which a batch is followed
#: by another one (growth, not size: several loaded styles are a large live heap)
GC_HEAP = 48 * 1024 * 1024
NPM_PATH = ("js", "node_modules", "citeproc", "citeproc_commonjs.js")
DRIVER = Path(__file__).with_name("js") / "driver.js"


class EngineUnavailable(RuntimeError):
    """citeproc-js or mini-racer is not installed (the caller falls back)."""


def citeproc_js_path() -> Path | None:
    """Where ``citeproc_commonjs.js`` is, or None when it is not installed."""
    env = os.environ.get(ENV_VAR)
    candidates = [Path(env).expanduser()] if env else []
    candidates.append(resource_path(*NPM_PATH))
    return next((p for p in candidates if p.is_file()), None)


def installed() -> bool:
    """True when citeproc-js and mini-racer are both there (without loading either)."""
    from importlib.util import find_spec

    return citeproc_js_path() is not None and find_spec("py_mini_racer") is not None


class _Owner:
    """The one thread that does everything with V8: mini-racer crashes when a context
    used by one thread is freed by another (e.g. at exit), or when contexts are made on
    several threads."""

    def __init__(self) -> None:
        self._tasks: queue.SimpleQueue[tuple[Callable[[], Any], Future[Any]] | None] = (
            queue.SimpleQueue()
        )
        self._thread = threading.Thread(target=self._run, name="citeproc-js", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (task := self._tasks.get()) is not None:
            fn, future = task
            try:
                future.set_result(fn())
            except BaseException as exc:  # noqa: BLE001 - handed to the caller
                future.set_exception(exc)

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the owner thread and return its result (or raise its error)."""
        if threading.current_thread() is self._thread:
            return fn()
        future: Future[Any] = Future()
        self._tasks.put((fn, future))
        return future.result()



_OWNER_LOCK = threading.Lock()
_owner: _Owner | None = None


def _v8_thread() -> _Owner:
    global _owner
    with _OWNER_LOCK:
        if _owner is None:
            _owner = _Owner()
        return _owner


class CiteprocJs:
    """One V8 context holding citeproc-js, used only by its owner thread."""

    def __init__(self, source: Path) -> None:
        try:
            from py_mini_racer import MiniRacer
        except ImportError as exc:
            raise EngineUnavailable("mini-racer is not installed") from exc
        self._styles: dict[str, str] = {}
        self._since_gc = 0
        self._heap_after_gc = 0
        self._owner = _v8_thread()
        self._ctx = self._owner.call(MiniRacer)
        atexit.register(self.close)  # an open context keeps the interpreter from exiting
        self._owner.call(lambda: self._load(source))
        self.version = str(self._owner.call(lambda: self._ctx.eval("CSL.PROCESSOR_VERSION")))

    def _load(self, source: Path) -> None:
        self._ctx.eval("var module = {exports: {}}; var exports = module.exports;")
        self._ctx.eval(source.read_text(encoding="utf-8"))
        self._ctx.eval("var CSL = module.exports;")
        self._ctx.eval(DRIVER.read_text(encoding="utf-8"))
        for path in sorted(resource_path("csl", "locales").glob("locales-*.xml")):
            lang = path.stem.removeprefix("locales-")
            self._ctx.call("PD.addLocale", lang, xml_to_json(path.read_text(encoding="utf-8")))

    def _call(self, fn: str, *args: Any) -> Any:
        return self._owner.call(lambda: self._ctx.call(fn, *args))

    def add_style(self, key: str, xml: str) -> None:
        """Make ``xml`` known as ``key`` (a changed style replaces its engines)."""
        if self._styles.get(key) != xml:
            self._call("PD.addStyle", key, xml_to_json(xml))
            self._styles[key] = xml

    def has_locale(self, lang: str) -> bool:
        """True when the locale ``lang`` (e.g. "de-DE") is shipped."""
        return bool(self._call("PD.hasLocale", lang))

    def bibliography(
        self, key: str, lang: str, fmt: str, items: list[dict[str, Any]], mode: str = "full"
    ) -> dict[str, Any]:
        """One batch's bibliography: {"ids": [...], "entries": [...], "params": {...}}.

        ``mode``: "full" (the style's bibliography), "entries" (each entry to be shown on
        its own: no "———" for a repeated author) or "single" (entries that need nothing
        from each other: also no sorting or disambiguation; much faster).
        """
        result = dict(self._call("PD.bibliography", key, lang, fmt, items, mode))
        self._since_gc += len(items)
        if self._since_gc >= GC_EVERY or self._heap_size() > self._heap_after_gc + GC_HEAP:
            self.collect_garbage()
        return result

    def _heap_size(self) -> int:
        stats = self._owner.call(lambda: self._ctx.heap_stats())
        return int(stats.get("total_heap_size", 0)) if isinstance(stats, dict) else 0

    def collect_garbage(self) -> None:
        """A full V8 garbage collection now (a long export's batches leave garbage that
        V8 would otherwise keep for a long while)."""
        self._since_gc = 0
        self._owner.call(lambda: self._ctx.low_memory_notification())
        self._heap_after_gc = self._heap_size()

    def citations(
        self,
        key: str,
        lang: str,
        fmt: str,
        items: list[dict[str, Any]],
        clusters: list[list[dict[str, Any]]],
    ) -> list[str]:
        """Each cluster (a list of cite items) as one citation."""
        return list(self._call("PD.citations", key, lang, fmt, items, clusters))

    def set_memo(self, on: bool) -> None:
        """Remember renders during disambiguation (the default; same output, far faster
        for large sets of look-alike citations). Off only to compare in tests."""
        self._call("PD.setMemo", on)

    def run_fixture(self, fixture: dict[str, Any]) -> str:
        """The output of one CSL test-suite fixture (its ``result`` is not looked at)."""
        return str(self._call("PD.runFixture", fixture))

    def close(self) -> None:
        """Free V8 (also at exit, after a call in progress ends) on the owner thread."""
        ctx, self._ctx = getattr(self, "_ctx", None), None
        if ctx is not None:
            self._owner.call(ctx.close)


_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_NEWLINES = re.compile(r"\r\n|\n|\r")


def _element(el: ET.Element) -> dict[str, Any]:
    name = el.tag.rsplit("}", 1)[-1]
    attrs = {k.replace(_XML_NS, "xml:").rsplit("}", 1)[-1]: v for k, v in el.attrib.items()}
    kids = list(el)
    if kids:
        children: list[Any] = [_element(k) for k in kids]
    elif el.text is not None and el.text.strip():
        children = [_NEWLINES.sub(" ", el.text)]
    else:
        children = [""] if name == "term" else []
    return {"name": name, "attrs": attrs, "children": children}


def xml_to_json(xml: str) -> str:
    """A CSL style or locale as the JSON tree citeproc-js builds from XML.

    citeproc-js's own XML parser (for engines without a DOM, like ours) is quadratic in
    the number of tags: a large style such as Chicago took seconds to load. Parsing
    with ElementTree and handing over JSON gives the same tree in milliseconds.
    """
    return json.dumps(_element(ET.fromstring(xml.encode("utf-8"))), ensure_ascii=False)


_ENGINE_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _engine() -> CiteprocJs:
    source = citeproc_js_path()
    if source is None:
        raise EngineUnavailable(
            "citeproc-js is not installed (run packaging/install.sh or set " + ENV_VAR + ")"
        )
    return CiteprocJs(source)


def engine() -> CiteprocJs:
    """The process's citeproc-js (loaded on first use).

    Raises:
        EngineUnavailable: citeproc-js or mini-racer is missing.
    """
    with _ENGINE_LOCK:
        return _engine()
