"""A network guard for test subprocesses: put this folder first on ``PYTHONPATH``.

Python runs ``sitecustomize`` at start-up, so every name look-up (``getaddrinfo``,
``gethostbyname``) and every IPv4/IPv6 ``connect``/``sendto`` of the process is refused,
and written to the file named by ``$PAPERDESK_NET_LOG``. Native code that calls the C
library directly is not seen here: the tests watch it with ``strace`` as well.
"""

from __future__ import annotations

import os
import socket

_LOG = os.environ.get("PAPERDESK_NET_LOG", "")
_INET = (socket.AF_INET, socket.AF_INET6)


def _deny(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(what + "\n")
    raise OSError(f"network access refused by the test guard: {what}")


def _lookup(name: str):  # noqa: ANN202 - wraps functions of several signatures
    def refuse(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        _deny(f"{name} {host!r}")

    return refuse


for _name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr"):
    setattr(socket, _name, _lookup(_name))

_connect, _connect_ex, _sendto = socket.socket.connect, socket.socket.connect_ex, \
    socket.socket.sendto


def connect(self: socket.socket, address) -> None:  # noqa: ANN001
    if self.family in _INET:
        _deny(f"connect {address!r}")
    return _connect(self, address)


def connect_ex(self: socket.socket, address) -> int:  # noqa: ANN001
    if self.family in _INET:
        _deny(f"connect_ex {address!r}")
    return _connect_ex(self, address)


def sendto(self: socket.socket, data, *args):  # noqa: ANN001, ANN002, ANN201
    if self.family in _INET:
        _deny(f"sendto {args[-1]!r}")
    return _sendto(self, data, *args)


socket.socket.connect = connect  # type: ignore[method-assign]
socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
socket.socket.sendto = sendto  # type: ignore[method-assign]
