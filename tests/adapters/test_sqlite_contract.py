"""The SQLite store passes the adapter contract suite, on a file and in memory."""

from __future__ import annotations

from pathlib import Path

from supportkit.adapters.sqlite import SqliteStore
from supportkit.testing.contract import StoreContract


class TestSqliteFileStore(StoreContract):
    supports_claims = True
    persistent = True
    supports_concurrent_processes = True
    serializes_writers = True

    def make_store(self, tmp_path: Path) -> SqliteStore:
        return SqliteStore(tmp_path / "support.db")


class TestSqliteMemoryStore(StoreContract):
    supports_claims = True
    # One connection: one unit of work at a time, nested ones refused.
    serializes_writers = True
    concurrent_readers = False
    supports_nested_readonly = False

    def make_store(self, tmp_path: Path) -> SqliteStore:
        return SqliteStore(":memory:")
