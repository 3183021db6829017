"""The PostgreSQL store: units of work over a ``psycopg_pool.ConnectionPool``."""

from __future__ import annotations

import os
import time
from types import TracebackType
from typing import Any, Self

import psycopg
import psycopg_pool
from psycopg.pq import TransactionStatus

from supportkit.adapters.blobs_fs import FileBlobStore
from supportkit.adapters.postgres._errors import is_connection_lost, translated
from supportkit.adapters.postgres._search import WordStats
from supportkit.adapters.postgres._tx import LazyTransaction
from supportkit.adapters.postgres.blobs import PostgresBlobStore
from supportkit.adapters.postgres.records import PostgresRecords
from supportkit.adapters.postgres.schema import (
    LATEST_VERSION,
    check_schema_name,
    current_version,
    migrate,
)
from supportkit.adapters.postgres.tickets import PostgresTickets
from supportkit.adapters.uow_rules import WriterSlots
from supportkit.errors import ConnectionLost, StorageError
from supportkit.ports import BlobStore

__all__ = ["SUSPECT_SECONDS", "PostgresStore", "PostgresUnitOfWork"]

#: After a connection of a store broke, connections it takes out of its pool are tested
#: for this many seconds (see :meth:`PostgresStore._take`).
SUSPECT_SECONDS = 5.0


_NOT_ENTERED = (
    "a unit of work is used as a context manager: with store.unit_of_work() as uow: ..."
)


class PostgresUnitOfWork:
    """One PostgreSQL transaction on one pooled connection (READ COMMITTED).

    The connection is taken from the pool on ``__enter__`` and given back on ``__exit__``,
    after a commit (normal exit) or a rollback (exception). The transaction begins at the
    first write, claim or ``head(..., for_update=True)`` (see :mod:`._tx`). Stale writes are
    caught by the version column, not by the isolation level; ``for_update`` row locks make
    writers of one ticket wait for each other instead of failing. A read-only unit of work
    never begins a transaction and refuses writes; a write unit of work refuses a nested one
    in the same thread before it takes a connection (the nesting rule of
    :mod:`supportkit.ports`), while a nested read-only one takes a second connection.
    """

    def __init__(self, store: PostgresStore, *, readonly: bool = False) -> None:
        self._store = store
        self.readonly = readonly
        self._tx: LazyTransaction | None = None
        self._autocommit = False
        self._tickets: PostgresTickets | None = None
        self._records: PostgresRecords | None = None

    @property
    def tickets(self) -> PostgresTickets:
        """The ticket repository of this transaction (inside the ``with`` block only)."""
        if self._tickets is None:
            raise StorageError(_NOT_ENTERED)
        return self._tickets

    @property
    def records(self) -> PostgresRecords:
        """The record repository of this transaction (inside the ``with`` block only)."""
        if self._records is None:
            raise StorageError(_NOT_ENTERED)
        return self._records

    def __enter__(self) -> Self:
        if self._tx is not None:
            raise StorageError("a unit of work cannot be entered twice; open a new one")
        if not self.readonly:
            self._store._writers.enter(self)
        try:
            conn, self._autocommit = self._store._take()
        except BaseException:
            self._store._writers.leave(self)
            raise
        self._tx = LazyTransaction(conn, readonly=self.readonly)
        self._tickets = PostgresTickets(self._tx, self._store.schema, self._store._word_stats)
        self._records = PostgresRecords(self._tx, self._store.schema)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tx, self._tx = self._tx, None
        if tx is None:
            return
        try:
            tx.finish(commit=exc_type is None)
        except ConnectionLost:
            # Leaving with an error already: a connection lost on ROLLBACK rolled the
            # transaction back anyway (the server ends it with the session); the error
            # that ended the unit of work is the one the caller needs to see.
            if exc_type is None:
                raise
        finally:
            self._store._writers.leave(self)
            conn = tx.release()
            broken = conn.info.transaction_status == TransactionStatus.UNKNOWN
            try:
                conn.autocommit = self._autocommit
            except psycopg.Error:
                pass  # a broken connection: the pool discards it
            self._store._pool.putconn(conn)
            if broken:
                self._store._lost_connection()


class PostgresStore:
    """A :class:`~supportkit.ports.Store` on PostgreSQL (psycopg 3 + ``psycopg_pool``).

    Give a DSN (the store opens and owns a pool of ``min_size``..``max_size`` connections)
    or a ready :class:`psycopg_pool.ConnectionPool` (yours to close). Tables live in
    ``schema`` (created if missing); migrations run on open unless ``migrate=False``.
    Attachment content goes to ``blobs``: by default tables in the same schema (every
    application server sharing the database sees it); a directory path means a
    :class:`~supportkit.adapters.blobs_fs.FileBlobStore` there (a file system all servers
    share); or any :class:`~supportkit.ports.BlobStore`.
    """

    def __init__(
        self,
        dsn_or_pool: str | psycopg_pool.ConnectionPool[Any],
        *,
        schema: str = "supportkit",
        blobs: BlobStore | str | os.PathLike[str] | None = None,
        min_size: int = 1,
        max_size: int = 10,
        timeout: float = 30.0,
        migrate: bool = True,
    ) -> None:
        self.schema = check_schema_name(schema)
        self._writers = WriterSlots()
        self._word_stats = WordStats(self.schema)
        self._suspect_until = 0.0  # time.monotonic() until which connections are tested
        if isinstance(dsn_or_pool, str):
            pool: psycopg_pool.ConnectionPool[Any] = psycopg_pool.ConnectionPool(
                dsn_or_pool,
                min_size=min_size,
                max_size=max_size,
                timeout=timeout,
                open=False,
                name=f"supportkit-{schema}",
                kwargs={"autocommit": True},
            )
            try:
                with translated("connecting to PostgreSQL"):
                    pool.open(wait=True, timeout=timeout)
            except BaseException:
                pool.close()  # stop its connector threads; nothing leaks from a failed open
                raise
            self._pool = pool
            self._owns_pool = True
        else:
            self._pool = dsn_or_pool
            self._owns_pool = False
        if blobs is None:
            blobs = PostgresBlobStore(self._pool, self.schema)
        elif isinstance(blobs, str | os.PathLike):
            blobs = FileBlobStore(blobs)
        self._blobs: BlobStore = blobs
        try:
            if migrate:
                self.migrate()
            else:
                self._check_version()
        except BaseException:
            self.close()
            raise

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    @property
    def pool(self) -> psycopg_pool.ConnectionPool[Any]:
        """The connection pool (for health checks and statistics)."""
        return self._pool

    def migrate(self) -> int:
        """Apply missing schema migrations (safe to call from many processes at once);
        return how many were applied."""
        with translated("migrating"), self._pool.connection() as conn:
            return migrate(conn, self.schema)

    def _check_version(self) -> None:
        with translated("checking the schema version"), self._pool.connection() as conn:
            version = current_version(conn, self.schema)
        if version != LATEST_VERSION:
            raise StorageError(
                f"schema {self.schema!r} is at version {version}, this supportkit needs "
                f"{LATEST_VERSION}; run PostgresStore.migrate()"
            )

    def _lost_connection(self) -> None:
        """Note that a connection broke: for the next :data:`SUSPECT_SECONDS`, every
        connection taken out of the pool is tested first (see :meth:`_take`)."""
        self._suspect_until = time.monotonic() + SUSPECT_SECONDS

    def _take(self) -> tuple[psycopg.Connection[Any], bool]:
        """A working connection from the pool, switched to autocommit, and its autocommit
        setting before (restored when it goes back).

        What broke one connection (a server restart, a failover, an administrator's
        ``pg_terminate_backend``) has usually broken the idle ones in the pool too, and
        neither the pool nor libpq can know until one is used. So for a few seconds after
        a connection of this store broke, each connection taken out is tested with an
        empty query (one round trip) and a broken one is discarded for the next: the
        retry after a lost connection runs on a fresh one. Testing every connection
        always (``ConnectionPool(check=...)``) would cost that round trip on every unit
        of work, and the pool then backs off for a second or more after each failed test.
        """
        pool = self._pool
        for attempt in range(pool.max_size + 1):
            with translated("starting a unit of work"):
                conn = pool.getconn()
                try:
                    autocommit = conn.autocommit
                    conn.autocommit = True
                    if time.monotonic() < self._suspect_until:
                        conn.execute("")
                except psycopg.Error as exc:
                    pool.putconn(conn)  # a broken one is discarded (status UNKNOWN)
                    if is_connection_lost(exc) and attempt < pool.max_size:
                        self._lost_connection()
                        continue
                    raise
                except BaseException:
                    pool.putconn(conn)
                    raise
            return conn, autocommit
        raise AssertionError("unreachable")  # pragma: no cover

    def unit_of_work(self, *, readonly: bool = False) -> PostgresUnitOfWork:
        """A new unit of work; ``readonly=True`` never begins a transaction and refuses
        writes (see :class:`PostgresUnitOfWork`)."""
        return PostgresUnitOfWork(self, readonly=readonly)

    def close(self) -> None:
        """Close the pool if the store opened it."""
        if self._owns_pool:
            self._pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore(schema={self.schema!r})"
