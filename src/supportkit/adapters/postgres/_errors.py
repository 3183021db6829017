"""Driver errors become supportkit errors at the edge of the PostgreSQL adapter."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import psycopg_pool
from psycopg import errors as pg_errors

from supportkit.errors import (
    Conflict,
    ConnectionLost,
    InvalidInput,
    StorageError,
    SupportkitError,
)

#: SQLSTATEs that mean "another transaction got there first": retry the unit of work.
_CONFLICTS = (
    pg_errors.UniqueViolation,
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
)


#: SQLSTATEs of a server that ends the session: terminated backend, crash, shutdown.
_SESSION_ENDED = frozenset({"57P01", "57P02", "57P03"})


def is_connection_lost(exc: BaseException) -> bool:
    """Whether the driver error ``exc`` means the connection itself broke (the server
    ended the session, the socket closed, or the connection was already closed), as
    opposed to an error of the statement on a working connection."""
    if isinstance(exc, psycopg_pool.PoolTimeout) or not isinstance(exc, psycopg.Error):
        return False
    state = exc.sqlstate
    if state is not None:
        return state.startswith("08") or state in _SESSION_ENDED
    # No SQLSTATE: the client library failed (server closed the connection unexpectedly,
    # consuming input failed, the connection is closed ...).
    return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)


@contextmanager
def translated(what: str, *, committing: bool = False) -> Iterator[None]:
    """Run a block of driver calls; re-raise psycopg errors as supportkit errors.

    Unique violations, serialization failures and deadlocks are :class:`Conflict` (retry);
    values PostgreSQL cannot hold are :class:`InvalidInput`; a broken connection is
    :class:`ConnectionLost` — in doubt when ``committing`` (the block sends ``COMMIT``, and
    the server may have committed before the connection broke), else nothing was written;
    everything else, including a pool that hands out no connection, is
    :class:`StorageError`. The driver error is chained.
    """
    try:
        yield
    except SupportkitError:
        raise
    except psycopg.Error as exc:
        raise _translate(what, exc, committing=committing) from exc


def _translate(what: str, exc: psycopg.Error, *, committing: bool) -> SupportkitError:
    if is_connection_lost(exc):
        if committing:
            return ConnectionLost(
                f"{what}: the connection to PostgreSQL was lost while committing "
                f"({_first_line(exc)}); the changes may or may not have been written: "
                "read them again to find out",
                in_doubt=True,
            )
        return ConnectionLost(
            f"{what}: the connection to PostgreSQL was lost ({_first_line(exc)}); the "
            "transaction was rolled back and nothing was written; it is safe to try again",
        )
    if isinstance(exc, _CONFLICTS):
        return Conflict(
            f"{what}: another transaction changed the same data ({exc.sqlstate}); "
            "reload and retry"
        )
    if isinstance(exc, psycopg.DataError):
        return InvalidInput(f"{what}: PostgreSQL refused a value: {_first_line(exc)}")
    if isinstance(exc, psycopg_pool.PoolTimeout):
        return StorageError(
            f"{what}: no database connection free in time; raise the pool's max_size or "
            "its timeout"
        )
    return StorageError(f"{what}: PostgreSQL error: {_first_line(exc)}")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
