"""PostgreSQL store: ``PostgresStore(dsn_or_pool, *, schema="supportkit", blobs=None)``.

Needs the ``postgres`` extra (``pip install supportkit[postgres]``). See ``docs/postgres.md``.
"""

from __future__ import annotations

from supportkit.adapters.postgres.blobs import PostgresBlobStore
from supportkit.adapters.postgres.store import PostgresStore, PostgresUnitOfWork

__all__ = ["PostgresBlobStore", "PostgresStore", "PostgresUnitOfWork"]
