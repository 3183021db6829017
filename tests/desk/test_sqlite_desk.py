"""The SQLite store passes the desk contract suite, on a file and in memory."""

from __future__ import annotations

from pathlib import Path

from supportkit.adapters.sqlite import SqliteStore
from supportkit.testing.desk import DeskContract


class TestSqliteFileDesk(DeskContract):
    persistent = True
    supports_threads = True
    supports_concurrent_processes = True

    def make_store(self, tmp_path: Path) -> SqliteStore:
        return SqliteStore(tmp_path / "support.db")


class TestSqliteMemoryDesk(DeskContract):
    supports_threads = True
    concurrent_readers = False  # one connection: one unit of work at a time

    def make_store(self, tmp_path: Path) -> SqliteStore:
        return SqliteStore(":memory:")
