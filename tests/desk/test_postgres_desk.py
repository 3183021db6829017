"""The PostgreSQL store passes the desk contract suite on a real server.

Every test runs on this run's random schema (``tests/adapters/_pg.py``), emptied first;
several stores on one location are several connection pools on one database (processes).
Skipped, with the reason, only when no server answers.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from supportkit.adapters.postgres import PostgresStore
from supportkit.testing.desk import DeskContract


def _load_pg() -> ModuleType:
    """``tests/adapters/_pg.py``, shared with the adapter tests (one schema per run)."""
    if "_pg" in sys.modules:
        return sys.modules["_pg"]
    path = Path(__file__).resolve().parent.parent / "adapters" / "_pg.py"
    spec = importlib.util.spec_from_file_location("_pg", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["_pg"] = module
    spec.loader.exec_module(module)
    return module


_pg = _load_pg()


class TestPostgresDesk(DeskContract):
    persistent = True
    supports_threads = True
    supports_concurrent_processes = True

    def make_store(self, tmp_path: Path) -> PostgresStore:
        store: PostgresStore = _pg.store_at(tmp_path)
        return store
