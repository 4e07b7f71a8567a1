"""Jobs for the worker-process tests (module-level, so the worker can import them)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from paperdesk.errors import InputFileError
from paperdesk.progress import check_cancelled


def whoami(lib, progress):  # noqa: ANN001, ANN201
    """The worker's process id and the library it opened."""
    progress.start(2, "Asking")
    progress.advance(2)
    progress.finish()
    return os.getpid(), str(lib.folder)


def whoami_with(lib, progress, payload):  # noqa: ANN001, ANN201
    """:func:`whoami`, given a (large) argument."""
    return whoami(lib, progress)


def wait_for_cancel(lib, progress):  # noqa: ANN001, ANN201
    """Report progress until cancelled (or 60 s)."""
    progress.start(None, "Waiting")
    end = time.monotonic() + 60
    while time.monotonic() < end:
        progress.advance()
        check_cancelled(progress)
        time.sleep(0.01)
    return "not cancelled"


def die(lib, progress):  # noqa: ANN001, ANN201
    """The worker process dies (as if killed or out of memory)."""
    os._exit(3)


def bad_file(lib, progress, path):  # noqa: ANN001, ANN201
    """Fail as an importer does on a file it cannot read."""
    raise InputFileError(path, "not a reference file")


class Unpicklable(Exception):
    def __init__(self, a, b):  # noqa: ANN001
        super().__init__(f"{a} and {b}")


def odd_error(lib, progress):  # noqa: ANN001, ANN201
    """An exception that cannot travel back as it is."""
    raise Unpicklable("one", "two")


def ignore_cancel(lib, progress, seconds):  # noqa: ANN001, ANN201
    """Work that never checks Cancel (like loading the model)."""
    progress.start(None, "Busy in the worker")
    time.sleep(seconds)
    return "done"


def clean_up_marks(lib, progress, mark):  # noqa: ANN001, ANN201
    """Work that never checks Cancel, with clean-up (as an index write puts its papers
    back in the queue) that writes ``mark``."""
    progress.start(None, "Busy in the worker")
    try:
        time.sleep(60)
    finally:
        Path(mark).write_text("cleaned up")
    return "done"


def hold_index(lib, progress):  # noqa: ANN001, ANN201
    """Hold the library-wide search-index lock until cancelled (or 60 s), committing a
    small write now and then, as a bulk import or tagging run does."""
    progress.start(None, "Holding the index")
    end = time.monotonic() + 60
    with lib.index._held():
        while time.monotonic() < end:
            with lib.write_lock, lib.transaction():
                lib.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('held', ?)",
                               [str(time.monotonic())])
            progress.advance()
            check_cancelled(progress)
            time.sleep(0.01)
    return "not cancelled"


def niceness(lib, progress):  # noqa: ANN001, ANN201
    """The worker's niceness, and that of a thread it starts (as ONNX Runtime does)."""
    import threading

    seen = []
    thread = threading.Thread(target=lambda: seen.append(os.nice(0)))
    thread.start()
    thread.join()
    return os.nice(0), seen[0]


def done_regardless(lib, progress):  # noqa: ANN001, ANN201
    """A job past the point where Cancel stops it: waits (up to 60 s) to be cancelled,
    then finishes all the same, with a change record."""
    from paperdesk.library.changes import Change

    progress.start(None, "Renaming")
    end = time.monotonic() + 60
    while time.monotonic() < end and not progress.cancelled:
        progress.advance()
        time.sleep(0.01)
    return Change("tags", frozenset(), "Renamed “a” to “b”")
