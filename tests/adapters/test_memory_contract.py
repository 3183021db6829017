"""The in-memory store passes the adapter contract suite."""

from __future__ import annotations

from pathlib import Path

from supportkit.adapters.memory import MemoryStore
from supportkit.testing.contract import StoreContract


class TestMemoryStore(StoreContract):
    supports_claims = True
    def make_store(self, tmp_path: Path) -> MemoryStore:
        return MemoryStore()
