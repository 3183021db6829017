"""The PostgreSQL store passes the desk contract suite on a real server.

Every test runs on this run's random schema (``tests/adapters/_pg.py``), emptied first;
several stores on one location are several connection pools on one database (processes).
Skipped, with the reason, only when no server answers.
"""

from __future__ import annotations

from pathlib import Path

import _pg  # tests/adapters/_pg.py, on the path through tests/conftest.py

from supportkit.adapters.postgres import PostgresStore
from supportkit.testing.desk import DeskContract


class TestPostgresDesk(DeskContract):
    persistent = True
    supports_threads = True
    supports_concurrent_processes = True

    def make_store(self, tmp_path: Path) -> PostgresStore:
        store: PostgresStore = _pg.store_at(tmp_path)
        return store
