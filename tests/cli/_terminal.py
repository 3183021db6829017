"""Reading what a command wrote to a pseudo-terminal (``pty.openpty``), for the CLI tests."""

from __future__ import annotations

import os


def drain(leader: int) -> bytes:
    """Everything written to the terminal whose leader side is ``leader``, once its follower
    side is closed; closes ``leader``."""
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal is drained
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
    return b"".join(chunks)
