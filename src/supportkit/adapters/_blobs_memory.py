"""An in-memory, content-addressed blob store (tests and prototypes)."""

from __future__ import annotations

import hashlib
import io
import threading
from collections.abc import Iterator
from typing import BinaryIO

from supportkit.errors import InvalidInput, NotFound
from supportkit.ports import StoredBlob

CHUNK = 1 << 16


def chunks(content: bytes | BinaryIO) -> Iterator[bytes]:
    """Yield ``content`` in chunks, reading streams piecewise."""
    if isinstance(content, bytes | bytearray | memoryview):
        data = bytes(content)
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
        return
    while True:
        chunk = content.read(CHUNK)
        if not chunk:
            return
        yield chunk


def too_large(max_size: int) -> InvalidInput:
    return InvalidInput(
        f"attachment refused: larger than the limit of {max_size} bytes; "
        "split it or compress it below the limit"
    )


class MemoryBlobStore:
    """Blobs in a dict keyed by SHA-256."""

    def __init__(self) -> None:
        self._blobs: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        digest = hashlib.sha256()
        parts: list[bytes] = []
        size = 0
        for chunk in chunks(content):
            size += len(chunk)
            if max_size is not None and size > max_size:
                raise too_large(max_size)
            digest.update(chunk)
            parts.append(chunk)
        sha = digest.hexdigest()
        with self._lock:
            self._blobs.setdefault(sha, b"".join(parts))
        return StoredBlob(sha, size)

    def open(self, sha256: str) -> BinaryIO:
        with self._lock:
            data = self._blobs.get(sha256)
        if data is None:
            raise NotFound("blob", sha256)
        return io.BytesIO(data)

    def exists(self, sha256: str) -> bool:
        with self._lock:
            return sha256 in self._blobs

    def delete(self, sha256: str) -> int:
        with self._lock:
            data = self._blobs.pop(sha256, None)
        return 0 if data is None else len(data)

    def iter_digests(self) -> Iterator[str]:
        with self._lock:
            digests = sorted(self._blobs)
        yield from digests
