"""Block the network in a Python process and log every attempt (one JSON line each).

``install(log, allow_loopback)`` patches ``socket`` so that a connection, a datagram or a name
lookup for anything but a Unix socket (and, when allowed, the loopback interface, which
Prefect's embedded server uses) raises ``OSError`` and is written to ``log``. Child Python
processes get the same guard through :func:`write_sitecustomize` on their ``PYTHONPATH``.
"""

from __future__ import annotations

import errno
import json
import os
import socket
from pathlib import Path
from typing import Any

LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "ip6-localhost"}


def _local(host: object) -> bool:
    text = str(host).strip("[]").lower()
    return text in LOCAL_NAMES or text.startswith("127.") or text == "0.0.0.0"


def install(log: Path | None, allow_loopback: bool = False) -> None:
    """Guard this process's sockets."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_sendto = socket.socket.sendto
    original_getaddrinfo = socket.getaddrinfo

    def record(what: str, detail: Any, allowed: bool) -> None:
        if log is None:
            return
        line = json.dumps({"pid": os.getpid(), "what": what, "detail": repr(detail), "allowed": allowed})
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def permitted(family: int, address: Any) -> bool:
        if family == getattr(socket, "AF_UNIX", -1):
            return True
        if family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            return allow_loopback and _local(address[0])
        return False

    def connect(self: socket.socket, address: Any) -> None:
        ok = permitted(self.family, address)
        if self.family != getattr(socket, "AF_UNIX", -1):
            record("connect", address, ok)
        if not ok:
            raise OSError(errno.ENETUNREACH, f"network blocked in this test: {address!r}")
        original_connect(self, address)

    def connect_ex(self: socket.socket, address: Any) -> int:
        ok = permitted(self.family, address)
        if self.family != getattr(socket, "AF_UNIX", -1):
            record("connect_ex", address, ok)
        return original_connect_ex(self, address) if ok else errno.ENETUNREACH

    def sendto(self: socket.socket, data: Any, *args: Any) -> int:
        address = args[-1]
        ok = permitted(self.family, address)
        record("sendto", address, ok)
        if not ok:
            raise OSError(errno.ENETUNREACH, f"network blocked in this test: {address!r}")
        return original_sendto(self, data, *args)  # type: ignore[arg-type]

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        ok = host is None or (allow_loopback and _local(host))
        record("getaddrinfo", host, ok)
        if not ok:
            raise socket.gaierror(socket.EAI_NONAME, f"name lookup blocked in this test: {host!r}")
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket.sendto = sendto  # type: ignore[method-assign, assignment]
    socket.getaddrinfo = getaddrinfo


def write_sitecustomize(folder: Path) -> Path:
    """A ``sitecustomize.py`` that installs the guard from ``SPCNCL_NETGUARD_LOG`` and
    ``SPCNCL_NETGUARD_LOOPBACK``; put ``folder`` first on ``PYTHONPATH``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(
        "import os\n"
        "if os.environ.get('SPCNCL_NETGUARD_LOG'):\n"
        "    from pathlib import Path\n"
        "    from tests.hostile.netguard import install\n"
        "    install(Path(os.environ['SPCNCL_NETGUARD_LOG']), os.environ.get('SPCNCL_NETGUARD_LOOPBACK') == '1')\n"
    )
    return folder


def attempts(log: Path) -> list[dict[str, Any]]:
    """Every attempt logged."""
    if not log.is_file():
        return []
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
