"""The in-memory store passes the desk contract suite."""

from __future__ import annotations

from pathlib import Path

from supportkit.adapters.memory import MemoryStore
from supportkit.testing.desk import DeskContract


class TestMemoryDesk(DeskContract):
    supports_threads = True

    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore()
