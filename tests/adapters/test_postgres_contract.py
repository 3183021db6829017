"""The PostgreSQL store passes the shared adapter contract suite on a real server.

Every test runs on this run's random schema, emptied first; "reopening" opens a new store
with its own connection pool on the same schema, and two stores on one location are two
pools on one database (several processes or machines).
"""

from __future__ import annotations

from pathlib import Path

from supportkit.adapters.postgres import PostgresStore
from supportkit.testing.contract import StoreContract

try:
    from . import _pg
except ImportError:
    import _pg  # type: ignore[no-redef]


class TestPostgresStore(StoreContract):
    supports_claims = True
    persistent = True
    supports_concurrent_processes = True

    def make_store(self, tmp_path: Path) -> PostgresStore:
        return _pg.store_at(tmp_path)
