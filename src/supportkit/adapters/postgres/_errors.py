"""Driver errors become supportkit errors at the edge of the PostgreSQL adapter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import psycopg_pool
from psycopg import errors as pg_errors

from supportkit.errors import Conflict, InvalidInput, StorageError, SupportkitError

#: SQLSTATEs that mean "another transaction got there first": retry the unit of work.
_CONFLICTS = (
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
)


@contextmanager
def translated(what: str) -> Iterator[None]:
    """Run a block of driver calls; re-raise psycopg errors as supportkit errors.

    Unique violations, serialization failures and deadlocks are :class:`Conflict` (retry);
    values PostgreSQL cannot hold are :class:`InvalidInput`; everything else, including a
    pool that hands out no connection, is :class:`StorageError`. The driver error is chained.
    """
    try:
        yield
    except SupportkitError:
        raise
    except _CONFLICTS as exc:
        raise Conflict(
            f"{what}: another transaction changed the same data ({exc.sqlstate}); "
            "reload and retry"
        ) from exc
    except psycopg.DataError as exc:
        raise InvalidInput(f"{what}: PostgreSQL refused a value: {_first_line(exc)}") from exc
    except psycopg_pool.PoolTimeout as exc:
        raise StorageError(
            f"{what}: no database connection free in time; raise the pool's max_size or "
            "its timeout"
        ) from exc
    except psycopg.Error as exc:
        raise StorageError(f"{what}: PostgreSQL error: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
