"""The SQLite store (stdlib ``sqlite3``): ``from supportkit.adapters.sqlite import SqliteStore``.

- :mod:`~supportkit.adapters.sqlite.store`: :class:`SqliteStore`, connections, units of work,
  error conversion;
- :mod:`~supportkit.adapters.sqlite.schema`: the tables, indexes and forward migrations;
- :mod:`~supportkit.adapters.sqlite.queries`: indexed column values, search words, and the
  SQL of ticket queries.
"""

from supportkit.adapters.sqlite.schema import SCHEMA_VERSION
from supportkit.adapters.sqlite.store import SqliteStore, SqliteUnitOfWork

__all__ = ["SCHEMA_VERSION", "SqliteStore", "SqliteUnitOfWork"]
