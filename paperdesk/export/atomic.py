"""Write a file so that a failure never leaves half a file over an old one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from paperdesk.errors import KnownError


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` (text is UTF-8 encoded) to ``path`` via a temp file and ``os.replace``.

    The temp file lives in the same folder, so the replace is atomic; on any failure it is
    removed and an existing file at ``path`` is left untouched. A symbolic link is written
    through (to the file it points to); a pipe or a device is written to directly.

    Raises:
        KnownError: The folder is missing, read-only or full.
    """
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if target.exists() and not target.is_file() and not target.is_dir():
        # a pipe or a device ("-o /dev/stdout", a FIFO): written to, as a stream; renaming
        # a file over it replaced /dev/full itself
        try:
            with open(target, "wb") as fh:
                fh.write(raw)
        except OSError as exc:
            raise KnownError(f"cannot write {target}: {exc.strerror or exc}") from exc
        return
    if target.is_symlink():  # written through: the link stays (it was replaced by a file)
        target = target.resolve()
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise KnownError(f"cannot write {target}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise KnownError(f"cannot write {target}: {exc.strerror or exc}") from exc
        raise
