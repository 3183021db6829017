"""A content-addressed blob store on the filesystem.

Content lives at ``<root>/<sha[0:2]>/<sha[2:4]>/<sha256>``. :meth:`FileBlobStore.put` streams
the content into a temporary file under ``<root>/tmp`` while hashing it, then renames it into
place atomically: a reader never sees a partial blob, the content is never held in memory
whole, and content over ``max_size`` is refused while streaming, leaving nothing behind.
A writer killed mid-upload leaves its ``<root>/tmp/incoming-*`` file; :meth:`sweep_temp`
(called by :func:`supportkit.app.blobs.collect_garbage`) removes those not written to for a
grace period.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from supportkit.adapters._blobs_memory import chunks, too_large
from supportkit.errors import NotFound, StorageError
from supportkit.ports import StoredBlob

__all__ = ["FileBlobStore"]

_DIGEST = re.compile(r"[0-9a-f]{64}")
_FANOUT = re.compile(r"[0-9a-f]{2}")
#: Threads :meth:`FileBlobStore.delete_many` removes files with. Removing a file waits on the
#: file system's journal; removals in flight together share its commits (on a busy ext4
#: disk mounted with ``discard``, 500 removals took 2.2 ms each one at a time, 0.11 ms each
#: on 8 threads). More threads did not help there.
DELETE_THREADS = 8


class FileBlobStore:
    """Blobs as files under ``root``, named by their SHA-256 in two levels of fan-out dirs.

    The directory is created on the first :meth:`put`, so opening a store never writes.
    """

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FileBlobStore({str(self.root)!r})"

    def _path(self, sha256: str) -> Path | None:
        if not isinstance(sha256, str) or not _DIGEST.fullmatch(sha256):
            return None
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, content: bytes | BinaryIO, *, max_size: int | None = None) -> StoredBlob:
        """Store ``content`` (bytes or a binary stream, read in chunks)."""
        incoming = self.root / "tmp"
        try:
            incoming.mkdir(parents=True, exist_ok=True)
            fd, temp_name = tempfile.mkstemp(dir=incoming, prefix="incoming-")
        except OSError as exc:
            raise StorageError(
                f"cannot write attachments under {self.root}: {exc}; "
                "give a writable directory"
            ) from exc
        temp = Path(temp_name)
        try:
            digest = hashlib.sha256()
            size = 0
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks(content):
                    size += len(chunk)
                    if max_size is not None and size > max_size:
                        raise too_large(max_size)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha = digest.hexdigest()
            final = self.root / sha[:2] / sha[2:4] / sha
            if final.exists():
                temp.unlink()
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(temp, final)
            return StoredBlob(sha, size)
        except OSError as exc:
            raise StorageError(f"cannot store attachment under {self.root}: {exc}") from exc
        finally:
            temp.unlink(missing_ok=True)

    def open(self, sha256: str) -> BinaryIO:
        """The content as a binary file. :class:`NotFound` if absent (or purged)."""
        path = self._path(sha256)
        if path is None:
            raise NotFound("blob", sha256)
        try:
            return path.open("rb")
        except FileNotFoundError as exc:
            raise NotFound("blob", sha256) from exc
        except OSError as exc:
            raise StorageError(f"cannot read attachment {sha256}: {exc}") from exc

    def exists(self, sha256: str) -> bool:
        path = self._path(sha256)
        return path is not None and path.is_file()

    def delete(self, sha256: str) -> int:
        """Remove the content; the bytes freed (0 when it was already gone)."""
        path = self._path(sha256)
        if path is None:
            return 0
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            return 0
        except OSError as exc:
            raise StorageError(f"cannot delete attachment {sha256}: {exc}") from exc
        return size

    def delete_many(self, digests: Iterable[str]) -> dict[str, int]:
        """Remove the content of each digest (as :meth:`delete` does), several files at a
        time: the bytes freed by each. Every removal is tried; the first failure is then
        raised (a :class:`~supportkit.StorageError`, as from :meth:`delete`; the other
        removals are done or left, and removing again is harmless)."""
        wanted = sorted(set(digests))
        if len(wanted) < 2:
            return {digest: self.delete(digest) for digest in wanted}
        threads = min(DELETE_THREADS, len(wanted))
        shares = [wanted[n::threads] for n in range(threads)]  # one task per thread
        with ThreadPoolExecutor(threads, thread_name_prefix="supportkit-unlink") as pool:
            futures = [pool.submit(self._delete_each, share) for share in shares]
        failures = [error for future in futures if (error := future.exception()) is not None]
        if failures:
            raise failures[0]
        freed: dict[str, int] = {}
        for future in futures:
            freed.update(future.result())
        return {digest: freed[digest] for digest in wanted}

    def _delete_each(self, digests: list[str]) -> dict[str, int]:
        """:meth:`delete` of each digest; the first failure is raised after trying all."""
        freed: dict[str, int] = {}
        failure: StorageError | None = None
        for digest in digests:
            try:
                freed[digest] = self.delete(digest)
            except StorageError as exc:
                failure = failure or exc
        if failure is not None:
            raise failure
        return freed

    def sweep_temp(self, before: datetime, *, dry_run: bool = False) -> tuple[int, int]:
        """Remove ``<root>/tmp/incoming-*`` files last modified before ``before`` (a killed
        writer's); ``(files, bytes)`` removed (with ``dry_run``: that would be)."""
        incoming = self.root / "tmp"
        cutoff = before.timestamp()
        files = size = 0
        try:
            entries = sorted(incoming.glob("incoming-*")) if incoming.is_dir() else []
            for path in entries:
                try:
                    info = path.stat()
                    if info.st_mtime >= cutoff:
                        continue
                    if not dry_run:
                        path.unlink()
                except FileNotFoundError:
                    continue  # its writer finished (or another sweep removed it) meanwhile
                files += 1
                size += info.st_size
        except OSError as exc:
            raise StorageError(
                f"cannot sweep temporary files under {incoming}: {exc}"
            ) from exc
        return files, size

    def iter_digests(self) -> Iterator[str]:
        """Every stored digest, in sorted order, one directory at a time."""
        if not self.root.is_dir():
            return
        for first in sorted(p for p in self.root.iterdir() if _FANOUT.fullmatch(p.name)):
            for second in sorted(p for p in first.iterdir() if _FANOUT.fullmatch(p.name)):
                yield from sorted(
                    p.name for p in second.iterdir() if _DIGEST.fullmatch(p.name)
                )
