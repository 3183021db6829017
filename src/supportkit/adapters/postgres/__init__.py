"""PostgreSQL store: ``PostgresStore(dsn_or_pool, *, schema="supportkit", blobs=None)``.

Needs the ``postgres`` extra (``pip install supportkit[postgres]``). See ``docs/postgres.md``.
"""

from __future__ import annotations

from supportkit._extras import missing_extra

try:
    import psycopg  # noqa: F401 - checked here, used by the modules below
    import psycopg_pool  # noqa: F401
except ImportError as exc:
    raise missing_extra(exc.name or "psycopg", "postgres", "supportkit.adapters.postgres") from exc

from supportkit.adapters.postgres.blobs import PostgresBlobStore
from supportkit.adapters.postgres.store import PostgresStore, PostgresUnitOfWork

__all__ = ["PostgresBlobStore", "PostgresStore", "PostgresUnitOfWork"]
