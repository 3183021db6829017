"""The transaction of one unit of work, begun lazily at its first write.

Connections run in autocommit mode. Reads before the first write run as single statements;
the first write (or claim) sends ``BEGIN``, and everything after it, reads included, belongs
to that transaction. Under READ COMMITTED, where every statement sees a fresh snapshot
anyway, this is the same isolation as one transaction from the start, but a read-only unit
of work (most of them: ``Helpdesk.get``, ``Helpdesk.tickets``) costs one round trip per
query instead of ``BEGIN`` + query + ``COMMIT``. Lost updates are caught by the version
column either way.

A read-only unit of work never begins a transaction: every statement runs on its own and
sees only committed data (READ COMMITTED gives each statement a fresh snapshot inside a
transaction too, so ``BEGIN READ ONLY`` would add round trips and no consistency), and every
write is refused here, before it reaches the server, with the wording of
:func:`~supportkit.adapters.uow_rules.readonly_refused`.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.pq import TransactionStatus

from supportkit.adapters.postgres._errors import translated
from supportkit.adapters.uow_rules import readonly_refused
from supportkit.errors import StorageError

__all__ = ["LazyTransaction"]


class LazyTransaction:
    """The connection of a unit of work and whether its transaction has begun."""

    def __init__(self, conn: psycopg.Connection[Any], *, readonly: bool = False) -> None:
        self._conn: psycopg.Connection[Any] | None = conn
        self.readonly = readonly
        self.begun = False

    @property
    def conn(self) -> psycopg.Connection[Any]:
        """The connection; :class:`StorageError` once the unit of work has ended (its
        connection then belongs to the pool, and maybe to another unit of work)."""
        if self._conn is None:
            raise StorageError(
                "this unit of work has ended; use its repositories only inside its with-block"
            )
        return self._conn

    def release(self) -> psycopg.Connection[Any]:
        """Detach and return the connection (for giving it back to the pool)."""
        conn = self.conn
        self._conn = None
        return conn

    def refuse_if_readonly(self, what: str) -> None:
        """:class:`StorageError` naming ``what`` when this unit of work is read-only."""
        if self.readonly:
            raise readonly_refused(what)

    def writing(self, what: str = "write") -> psycopg.Connection[Any]:
        """The connection, inside the transaction (begun now if needed); ``what`` names the
        write in the refusal of a read-only unit of work."""
        self.refuse_if_readonly(what)
        if not self.begun:
            with translated("beginning a transaction"):
                self.conn.execute("BEGIN")
            self.begun = True
        return self.conn

    def finish(self, commit: bool) -> None:
        """Commit (or roll back) the transaction, if one was begun."""
        if not self.begun:
            return
        self.begun = False
        failed = self.conn.info.transaction_status == TransactionStatus.INERROR
        if commit and not failed:
            # A connection lost while COMMIT is under way leaves the outcome unknown: the
            # server may have committed before the reply was lost (ConnectionLost, in doubt).
            with translated("committing a unit of work", committing=True):
                self.conn.execute("COMMIT")
            return
        with translated("rolling back a unit of work"):
            self.conn.execute("ROLLBACK")
        if commit and failed:
            raise StorageError(
                "the unit of work hit a database error earlier (caught and ignored by the "
                "caller); it was rolled back and nothing was written"
            )
