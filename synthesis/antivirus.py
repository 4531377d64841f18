"""Optional virus scanning through a ClamAV daemon (``CLAMD_SOCKET``).

Speaks clamd's INSTREAM protocol over its Unix socket. Off when the setting is
empty. A daemon that cannot be reached raises ConnectionError, which the
processing task retries with backoff: a file is never passed unscanned.
"""
from __future__ import annotations

import socket
import struct

from django.conf import settings

CHUNK = 64 * 1024
TIMEOUT_SECONDS = 60


def enabled() -> bool:
    return bool(getattr(settings, "CLAMD_SOCKET", ""))


def scan(data: bytes) -> str | None:
    """The name of the threat found in ``data``, or None when clean."""
    path = settings.CLAMD_SOCKET
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(TIMEOUT_SECONDS)
            connection.connect(path)
            connection.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                connection.sendall(struct.pack("!L", len(chunk)) + chunk)
            connection.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = connection.recv(4096)
                if not part:
                    break
                reply += part
    except OSError as exc:
        raise ConnectionError(f"ClamAV daemon at {path} unreachable: {exc}") from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace")
    if answer.endswith("FOUND"):
        return answer.removeprefix("stream:").removesuffix("FOUND").strip()
    if not answer.endswith("OK"):
        raise ConnectionError(f"ClamAV daemon answered: {answer}")
    return None
