"""The filesystem blob store: fan-out layout, atomic writes, nothing left on refusal."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from supportkit import InvalidInput, StorageError
from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.sqlite import SqliteStore
from supportkit.testing.contract import BlobStoreContract


class TestFileBlobStore(BlobStoreContract):
    persistent = True

    def make_store(self, tmp_path: Path) -> SqliteStore:
        return SqliteStore(":memory:", blobs=FileBlobStore(tmp_path / "blobs"))


def leftovers(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_content_is_stored_by_sha256_in_fan_out_dirs(tmp_path: Path) -> None:
    blobs = FileBlobStore(tmp_path / "blobs")
    stored = blobs.put(b"550 relay denied\n")
    sha = hashlib.sha256(b"550 relay denied\n").hexdigest()
    assert stored.sha256 == sha
    assert leftovers(tmp_path / "blobs") == [tmp_path / "blobs" / sha[:2] / sha[2:4] / sha]


def test_refused_or_failed_upload_leaves_no_file(tmp_path: Path) -> None:
    blobs = FileBlobStore(tmp_path / "blobs")
    with pytest.raises(InvalidInput, match="limit of 10 bytes"):
        blobs.put(b"x" * 11, max_size=10)

    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
            raise OSError("connection reset by peer")

    with pytest.raises(StorageError, match="connection reset"):
        blobs.put(Broken())  # type: ignore[arg-type]
    assert leftovers(tmp_path / "blobs") == []
    assert list(blobs.iter_digests()) == []


def test_opening_never_creates_the_directory(tmp_path: Path) -> None:
    blobs = FileBlobStore(tmp_path / "blobs")
    assert not blobs.exists("0" * 64)
    assert list(blobs.iter_digests()) == []
    assert not (tmp_path / "blobs").exists()


def test_unwritable_root_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(StorageError, match="cannot write attachments"):
        FileBlobStore(tmp_path / "file" / "blobs").put(b"content")


def test_delete_many_removes_every_file_and_reports_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blobs = FileBlobStore(tmp_path / "blobs")
    stored = [blobs.put(b"log %d" % n) for n in range(20)]
    stuck = stored[7].sha256
    real_unlink = Path.unlink

    def unlink(path: Path, missing_ok: bool = False) -> None:
        if path.name == stuck:
            raise PermissionError(13, "Permission denied", str(path))
        real_unlink(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(StorageError, match=f"cannot delete attachment {stuck}"):
        blobs.delete_many(s.sha256 for s in stored)
    assert list(blobs.iter_digests()) == [stuck]  # every other removal was still done
    monkeypatch.setattr(Path, "unlink", real_unlink)
    assert blobs.delete_many([stuck, stored[0].sha256]) == {stuck: stored[7].size,
                                                           stored[0].sha256: 0}
    assert leftovers(tmp_path / "blobs") == []
