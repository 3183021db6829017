"""The toy store passes supportkit's adapter contract suite: this is the whole test module."""

from __future__ import annotations

from pathlib import Path

from toy_store import ToyStore

from supportkit.testing.contract import StoreContract


class TestToyStore(StoreContract):
    persistent = False  # a dict in memory: nothing survives close()
    supports_concurrent_processes = False
    serializes_writers = True  # one writer lock: a second writer waits to begin

    def make_store(self, tmp_path: Path) -> ToyStore:
        return ToyStore()
