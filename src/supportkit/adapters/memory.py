"""The in-memory store: every port, no persistence. For tests, prototypes and examples.

Units of work are isolated: writes go to an overlay that is applied atomically on commit
(after re-checking versions), and dropped on rollback.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import Self

from supportkit.adapters._blobs_memory import MemoryBlobStore
from supportkit.adapters._query import id_sort_key, matches, sort_key
from supportkit.errors import Conflict, InvalidInput, NotFound
from supportkit.ports import BlobStore, TicketQuery
from supportkit.tickets.model import Ticket

__all__ = ["MemoryStore"]


class _MemoryTickets:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._pending: dict[str, Ticket] = {}

    def next_id(self) -> str:
        return str(next(self._store._ids))

    def _current(self, ticket_id: str) -> Ticket | None:
        return self._pending.get(ticket_id) or self._store._tickets.get(ticket_id)

    def add(self, ticket: Ticket) -> None:
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")
        if self._current(ticket.id) is not None:
            raise Conflict(f"ticket {ticket.id} already exists; use save() to change it")
        self._pending[ticket.id] = ticket

    def get(self, ticket_id: str) -> Ticket:
        ticket = self._current(ticket_id)
        if ticket is None:
            raise NotFound("ticket", ticket_id)
        return ticket

    def save(self, ticket: Ticket) -> None:
        current = self.get(ticket.id)
        if ticket.version != current.version + 1:
            raise Conflict(
                f"ticket {ticket.id} changed since it was read (stored version "
                f"{current.version}, this write expects {ticket.version - 1}); reload and retry"
            )
        self._pending[ticket.id] = ticket

    def query(self, query: TicketQuery) -> Sequence[Ticket]:
        merged = {**self._store._tickets, **self._pending}
        found = sorted((t for t in merged.values() if matches(t, query)), key=sort_key)
        if query.after_id is not None:
            after = id_sort_key(query.after_id)
            found = [t for t in found if sort_key(t) > after]
        return found[: query.limit] if query.limit is not None else found

    def _commit(self) -> None:
        committed = self._store._tickets
        for ticket in self._pending.values():
            stored = committed.get(ticket.id)
            expected = 0 if stored is None else stored.version
            if ticket.version != expected + 1:
                raise Conflict(
                    f"ticket {ticket.id} was changed by another unit of work; reload and retry"
                )
        committed.update(self._pending)


class _MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.tickets = _MemoryTickets(store)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            with self._store._lock:
                self.tickets._commit()


class MemoryStore:
    """A store that keeps everything in process memory."""

    def __init__(self) -> None:
        self._tickets: dict[str, Ticket] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._blobs = MemoryBlobStore()

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    def unit_of_work(self) -> _MemoryUnitOfWork:
        return _MemoryUnitOfWork(self)

    def close(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._tickets)} tickets)"
