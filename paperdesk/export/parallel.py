"""A second CSL engine in a helper process, so a long first export uses two cores.

citeproc-js runs in one V8 context on one thread (:mod:`paperdesk.export.citeproc_js`);
a second context in the same process is not safe with mini-racer, so a long export
starts one helper process with its own engine and both take batches from one queue
until it is empty. Each batch is independent (see
:func:`paperdesk.export.formatting.references_html`), so the result is the same as with
one engine. The helper costs a second or two to start and ~100 MB while it lives; it is
used only for exports of at least :data:`PARALLEL_MIN` uncached references on a machine
with two or more cores (not in a frozen build), and ended when the export ends.
``PAPERDESK_EXPORT_PROCESSES=1`` turns it off.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

log = logging.getLogger(__name__)

ENV_VAR = "PAPERDESK_EXPORT_PROCESSES"
#: references to format before a helper process pays for its start
PARALLEL_MIN = 2000

Batch = tuple[str, list[int]]  # (engine mode, indices of the papers)
#: formats one batch: (mode, CSL items) -> the engine's {"ids", "entries"} answer
Formatter = Callable[[str, list[dict[str, Any]]], dict[str, Any]]


#: the helper's program: it needs only the engine, so it skips the export package's
#: ``__init__`` (every exporter, sqlite-utils and numpy: 40 MB and a second of start-up)
_HELPER_MAIN = """
import sys, types, paperdesk
package = types.ModuleType("paperdesk.export")
package.__path__ = [paperdesk.__path__[0] + "/export"]
sys.modules["paperdesk.export"] = package
from paperdesk.export.parallel import main
main()
"""


def _send(stream: BinaryIO, obj: object) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<Q", len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("no answer")
    (size,) = struct.unpack("<Q", head)
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("a cut answer")
    return pickle.loads(data)  # noqa: S301 - our own child process, over its own pipe


def main() -> None:
    """The helper process: format each (style key, style XML, items, mode) it is sent on
    stdin, answering on stdout, until stdin closes."""
    from paperdesk.export.citeproc_js import engine

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    js = engine()
    while True:
        try:
            message = _receive(stdin)
        except EOFError:
            return
        if message is None:
            return
        key, xml, items, mode = message
        try:
            js.add_style(key, xml)
            _send(stdout, ("ok", js.bibliography(key, "en-US", "html", items, mode)))
        except Exception as exc:  # noqa: BLE001 - reported to the parent, which redoes it
            _send(stdout, ("error", f"{type(exc).__name__}: {exc}"))


class Helper:
    """One helper process with its own citeproc-js (see the module docstring).

    A plain ``python -c`` child (not :mod:`multiprocessing`, which would run the
    parent's main script again in the child when it has no ``__main__`` guard)."""

    def __init__(self) -> None:
        import paperdesk

        root = str(Path(paperdesk.__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-c", _HELPER_MAIN],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )

    def bibliography(
        self, key: str, xml: str, items: list[dict[str, Any]], mode: str
    ) -> dict[str, Any]:
        """One batch formatted by the helper.

        Raises:
            RuntimeError: The helper failed or is gone (the caller formats it itself).
        """
        assert self._proc.stdin is not None and self._proc.stdout is not None
        try:
            _send(self._proc.stdin, (key, xml, items, mode))  # type: ignore[arg-type]
            status, payload = _receive(self._proc.stdout)  # type: ignore[arg-type]
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"the export helper process ended ({exc})") from exc
        if status != "ok":
            raise RuntimeError(str(payload))
        return dict(payload)

    def close(self) -> None:
        """End the helper (at once if it does not stop by itself)."""
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
            self._proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._proc.kill()
            self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


def use_helper(count: int) -> bool:
    """True when ``count`` references are worth a helper process here."""
    if os.environ.get(ENV_VAR, "").strip() == "1" or getattr(sys, "frozen", False):
        return False
    return count >= PARALLEL_MIN and (os.cpu_count() or 1) >= 2


def run_batches(
    plan: Sequence[Batch],
    make_items: Callable[[list[int]], list[dict[str, Any]]],
    local: Formatter,
    style_key: str,
    style_xml: str,
    done: Callable[[list[int], dict[str, Any]], None],
    stop: Callable[[], bool],
) -> None:
    """Format every batch of ``plan`` with the local engine and a helper process.

    Both take the next batch from one queue; ``done(batch, answer)`` is called for each
    (from either thread, never at once). A batch the helper fails on is formatted
    locally. ``stop()`` is asked before each batch; when it says True no new batch starts.
    """
    pending = list(reversed(plan))
    lock = threading.Lock()
    errors: list[BaseException] = []

    def take() -> Batch | None:
        with lock:
            return pending.pop() if pending and not errors and not stop() else None

    def finish(batch: list[int], answer: dict[str, Any]) -> None:
        with lock:
            done(batch, answer)

    def helped() -> None:
        helper: Helper | None = None
        try:
            helper = Helper()
            while (job := take()) is not None:
                mode, batch = job
                items = make_items(batch)
                try:
                    answer = helper.bibliography(style_key, style_xml, items, mode)
                except RuntimeError as exc:
                    log.warning("%s; formatting its batches here", exc)
                    finish(batch, local(mode, items))
                    break
                finish(batch, answer)
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            errors.append(exc)
        finally:
            if helper is not None:
                helper.close()

    thread = threading.Thread(target=helped, name="csl-helper", daemon=True)
    thread.start()
    try:
        while (job := take()) is not None:
            mode, batch = job
            finish(batch, local(mode, make_items(batch)))
    except BaseException as exc:
        errors.append(exc)
    finally:
        thread.join()
    if errors:
        raise errors[0]
