"""Attachment content in PostgreSQL: content-addressed, stored and read in chunks.

Several application servers sharing one database share attachments without a shared file
system. ``put`` streams the content into ``blob_chunks`` under a fresh upload number while
hashing it, then registers the digest in ``blobs``; content that is already stored (or goes
past ``max_size``) is rolled back, so nothing is left behind. ``open`` returns a stream that
fetches one chunk at a time.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from typing import Any, BinaryIO

import psycopg_pool
from psycopg import sql

from supportkit.adapters._blobs_memory import chunks, too_large
from supportkit.adapters.postgres._errors import translated
from supportkit.errors import NotFound, StorageError
from supportkit.ports import StoredBlob

__all__ = ["PostgresBlobStore"]


#: Bytes per stored chunk: large enough to keep round trips few, small enough to stream.
CHUNK_BYTES = 1 << 19


def _rechunk(content: bytes | BinaryIO) -> Iterator[bytes]:
    """The content in pieces of :data:`CHUNK_BYTES` (the last one shorter)."""
    buffer = bytearray()
    for piece in chunks(content):
        buffer += piece
        while len(buffer) >= CHUNK_BYTES:
            yield bytes(buffer[:CHUNK_BYTES])
            del buffer[:CHUNK_BYTES]
    if buffer:
        yield bytes(buffer)


class _Rollback(Exception):
    """Internal: leave the upload transaction without keeping what it wrote."""


class PostgresBlobStore:
    """:class:`~supportkit.ports.BlobStore` in the store's schema (tables ``blobs`` and
    ``blob_chunks``)."""

    def __init__(self, pool: psycopg_pool.ConnectionPool[Any], schema: str) -> None:
        self._pool = pool
        self._s = sql.Identifier(schema)

    def _sql(self, text: str) -> sql.Composed:
        return sql.SQL(text).format(s=self._s)

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        digest = hashlib.sha256()
        size = 0
        with translated("storing an attachment"), self._pool.connection() as conn:
            try:
                with conn.transaction():
                    upload = conn.execute(
                        self._sql("SELECT nextval('{s}.blob_uploads')")
                    ).fetchone()[0]
                    for n, chunk in enumerate(_rechunk(content)):
                        size += len(chunk)
                        if max_size is not None and size > max_size:
                            raise too_large(max_size)
                        digest.update(chunk)
                        conn.execute(
                            self._sql(
                                "INSERT INTO {s}.blob_chunks (upload, n, data) VALUES (%s, %s, %s)"
                            ),
                            (upload, n, chunk),
                        )
                    cur = conn.execute(
                        self._sql(
                            "INSERT INTO {s}.blobs (sha256, upload, size) VALUES (%s, %s, %s) "
                            "ON CONFLICT (sha256) DO NOTHING"
                        ),
                        (digest.hexdigest(), upload, size),
                    )
                    if cur.rowcount != 1:
                        raise _Rollback  # already stored: drop this copy
            except _Rollback:
                pass
        return StoredBlob(digest.hexdigest(), size)

    def _upload(self, sha256: str) -> tuple[int, int] | None:
        with translated(f"looking up attachment {sha256}"), self._pool.connection() as conn:
            row = conn.execute(
                self._sql("SELECT upload, size FROM {s}.blobs WHERE sha256 = %s"), (sha256,)
            ).fetchone()
        return None if row is None else (row[0], row[1])

    def open(self, sha256: str) -> BinaryIO:
        found = self._upload(sha256)
        if found is None:
            raise NotFound("blob", sha256)
        upload, size = found
        return io.BufferedReader(_ChunkReader(self, sha256, upload, size))

    def _chunk(self, sha256: str, upload: int, n: int) -> bytes | None:
        with translated(f"reading attachment {sha256}"), self._pool.connection() as conn:
            row = conn.execute(
                self._sql("SELECT data FROM {s}.blob_chunks WHERE upload = %s AND n = %s"),
                (upload, n),
            ).fetchone()
        return None if row is None else bytes(row[0])

    def exists(self, sha256: str) -> bool:
        return self._upload(sha256) is not None

    def delete(self, sha256: str) -> int:
        with translated(f"deleting attachment {sha256}"), self._pool.connection() as conn:
            with conn.transaction():
                row = conn.execute(
                    self._sql("DELETE FROM {s}.blobs WHERE sha256 = %s RETURNING upload, size"),
                    (sha256,),
                ).fetchone()
                if row is None:
                    return 0
                conn.execute(
                    self._sql("DELETE FROM {s}.blob_chunks WHERE upload = %s"), (row[0],)
                )
        return int(row[1])

    def iter_digests(self) -> Iterator[str]:
        after = ""
        while True:  # in pages, so a large store is never held in memory
            with translated("listing attachments"), self._pool.connection() as conn:
                rows = conn.execute(
                    self._sql(
                        'SELECT sha256 FROM {s}.blobs WHERE sha256 COLLATE "C" > %s '
                        'ORDER BY sha256 COLLATE "C" LIMIT 1000'
                    ),
                    (after,),
                ).fetchall()
            if not rows:
                return
            for row in rows:
                yield row[0]
            after = rows[-1][0]


class _ChunkReader(io.RawIOBase):
    """Reads a stored blob chunk by chunk."""

    def __init__(self, store: PostgresBlobStore, sha256: str, upload: int, size: int) -> None:
        self._store = store
        self._sha256 = sha256
        self._upload = upload
        self._left = size
        self._n = 0
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._buffer and self._left > 0:
            chunk = self._store._chunk(self._sha256, self._upload, self._n)
            if chunk is None:
                raise StorageError(
                    f"attachment {self._sha256} was deleted while it was being read"
                )
            self._n += 1
            self._left -= len(chunk)
            self._buffer = chunk
        count = min(len(buffer), len(self._buffer))
        buffer[:count] = self._buffer[:count]
        self._buffer = self._buffer[count:]
        return count
