"""``supportkit gc [--dry-run]``: a killed writer's leftovers go, the tickets' content stays."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.sqlite import SqliteStore

Run = Callable[..., tuple[int, str, str]]
NOW = "2026-03-02T09:00:00+00:00"


def test_gc_dry_run_reports_and_changes_nothing_then_gc_removes(
    new_desk: Callable[[str], str], sk: Run, tmp_path: Path
) -> None:
    db = new_desk("default")
    log = tmp_path / "log.txt"
    log.write_bytes(b"550 relay denied\n")
    code, _, err = sk("--db", db, "--now", NOW, "open", "--as", "customer:alice@acme",
                      "--subject", "Mail down", "--body", "log attached",
                      "--attach", str(log))
    assert (code, err) == (0, ""), err
    store = SqliteStore(db)
    try:
        blobs = store.blobs
        assert isinstance(blobs, FileBlobStore)
        orphan = blobs.put(b"a killed writer's upload").sha256
        stale = blobs.root / "tmp" / "incoming-killed"
        stale.write_bytes(b"partial")
        at = datetime.fromisoformat("2026-03-02T07:00:00+00:00").timestamp()
        os.utime(stale, (at, at))
    finally:
        store.close()

    code, out, err = sk("--db", db, "--now", NOW, "gc", "--dry-run")
    assert (code, err) == (0, "")
    assert out.startswith("would remove 1 unreferenced attachment(s) of 2"), out
    assert "1 temporary file(s) (7 bytes)" in out
    assert stale.exists()
    code, out, err = sk("--db", db, "--now", NOW, "--json", "gc", "--dry-run")
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["dry_run"] is True and report["blobs_deleted"] == 1

    code, out, err = sk("--db", db, "--now", NOW, "gc")
    assert (code, err) == (0, "")
    assert out.startswith("removed 1 unreferenced attachment(s) of 2"), out
    assert not stale.exists()
    store = SqliteStore(db)
    try:
        assert not store.blobs.exists(orphan)
        assert len(list(store.blobs.iter_digests())) == 1  # the ticket's log stays
    finally:
        store.close()
    code, out, _ = sk("--db", db, "--now", NOW, "show", "1")
    assert code == 0 and "log.txt" in out
