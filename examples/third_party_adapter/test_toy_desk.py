"""A Helpdesk on the toy store behaves as on every bundled store: the desk contract suite."""

from __future__ import annotations

from pathlib import Path

from toy_store import ToyStore

from supportkit.testing.desk import DeskContract


class TestToyDesk(DeskContract):
    supports_threads = True  # one lock guards the dicts: worker threads may share a store
    supports_concurrent_processes = False  # a dict in one process

    def make_store(self, tmp_path: Path) -> ToyStore:
        return ToyStore()
