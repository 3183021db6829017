"""The in-memory store: every port, no persistence. For tests, prototypes and examples.

Units of work are isolated: writes go to an overlay that is applied atomically on commit
(after re-checking versions), and dropped on rollback.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

import attrs

from supportkit.adapters._blobs_memory import MemoryBlobStore
from supportkit.adapters.reference import (
    StoredRecord,
    check_claim,
    due_tickets,
    is_numeric_id,
    records_after,
    records_with_key,
    select_tickets,
)
from supportkit.errors import Conflict, InvalidInput, NotFound
from supportkit.ports import BlobStore, TicketQuery
from supportkit.tickets.model import Ticket

__all__ = ["MemoryStore"]


class _MemoryTickets:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._pending: dict[str, Ticket] = {}
        # The committed version each pending ticket was based on (0: new), checked on commit.
        self._base: dict[str, int] = {}
        # The highest numeric id this unit of work added: the id counter passes it on commit.
        self._top = 0

    def next_id(self) -> str:
        with self._store._lock:
            self._store._last_id = max(self._store._last_id, self._top) + 1
            return str(self._store._last_id)

    def _added(self, ticket_id: str) -> None:
        if is_numeric_id(ticket_id):
            self._top = max(self._top, int(ticket_id))

    def _current(self, ticket_id: str) -> Ticket | None:
        return self._pending.get(ticket_id) or self._store._tickets.get(ticket_id)

    def add(self, ticket: Ticket) -> None:
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")
        if self._current(ticket.id) is not None:
            raise Conflict(f"ticket {ticket.id} already exists; use save() to change it")
        self._pending[ticket.id] = ticket
        self._base[ticket.id] = 0
        self._added(ticket.id)

    def add_many(self, tickets: Iterable[Ticket]) -> None:
        """Insert many new tickets at once: all of them or, on any refusal, none."""
        batch = list(tickets)
        seen: set[str] = set()
        for ticket in batch:
            if ticket.version != 1:
                raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")
            if ticket.id in seen or self._current(ticket.id) is not None:
                raise Conflict(f"ticket {ticket.id} already exists; use save() to change it")
            seen.add(ticket.id)
        for ticket in batch:
            self._pending[ticket.id] = ticket
            self._base[ticket.id] = 0
            self._added(ticket.id)

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
        self._base.setdefault(ticket.id, current.version)
        self._pending[ticket.id] = ticket

    def query(self, query: TicketQuery) -> Sequence[Ticket]:
        return select_tickets({**self._store._tickets, **self._pending}.values(), query)

    def claim_due(
        self, column: str, before: datetime, *, limit: int, due_from: datetime | None = None
    ) -> Sequence[Ticket]:
        """Due tickets not claimed by another live unit of work (see the port). Claims are
        exclusive inside this process; other units of work may still write a claimed ticket,
        which then makes this one's commit a :class:`Conflict`."""
        check_claim(column, before, due_from, limit)
        with self._store._lock:
            merged = {**self._store._tickets, **self._pending}
            claimed: list[Ticket] = []
            for ticket in due_tickets(merged.values(), column, before, due_from):
                if len(claimed) == limit:
                    break
                if self._store._claim(("ticket", ticket.id), self):
                    claimed.append(ticket)
        return claimed

    def count(self, query: TicketQuery) -> int:
        """How many tickets match ``query``, ignoring its ``limit``."""
        return len(self.query(attrs.evolve(query, limit=None)))

    def _commit(self) -> None:
        committed = self._store._tickets
        for ticket in self._pending.values():
            stored = committed.get(ticket.id)
            if (0 if stored is None else stored.version) != self._base[ticket.id]:
                raise Conflict(
                    f"ticket {ticket.id} was changed by another unit of work; reload and retry"
                )
        committed.update(self._pending)
        self._store._last_id = max(self._store._last_id, self._top)


_Record = tuple[int, Mapping[str, Any], Mapping[str, str]]  # seq, data, keys


class _MemoryRecords:
    """Records with copy-on-commit isolation: writes land in ``_pending`` (None = deleted)."""

    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self._pending: dict[tuple[str, str], _Record | None] = {}
        # Claimed records and the committed record each claim saw (None: not committed yet).
        self._claimed: dict[tuple[str, str], _Record | None] = {}

    def _stored(self, kind: str) -> list[StoredRecord]:
        return [StoredRecord(rec[0], rid, rec[1], rec[2]) for rid, rec in self._view(kind).items()]

    def _view(self, kind: str) -> dict[str, _Record]:
        merged = {rid: rec for (k, rid), rec in self._store._records.items() if k == kind}
        for (k, rid), rec in self._pending.items():
            if k != kind:
                continue
            if rec is None:
                merged.pop(rid, None)
            else:
                merged[rid] = rec
        return merged

    def _lookup(self, kind: str, record_id: str) -> _Record | None:
        key = (kind, record_id)
        if key in self._pending:
            return self._pending[key]
        return self._store._records.get(key)

    def put(
        self,
        kind: str,
        record_id: str,
        data: Mapping[str, Any],
        *,
        keys: Mapping[str, str] | None = None,
    ) -> None:
        current = self._lookup(kind, record_id)
        seq = current[0] if current is not None else next(self._store._seq)
        self._pending[(kind, record_id)] = (seq, copy.deepcopy(dict(data)), dict(keys or {}))

    def get(self, kind: str, record_id: str) -> Mapping[str, Any]:
        record = self._lookup(kind, record_id)
        if record is None:
            raise NotFound(kind, record_id)
        return copy.deepcopy(record[1])

    def find(self, kind: str, key: str, value: str) -> Sequence[tuple[str, Mapping[str, Any]]]:
        found = records_with_key(self._stored(kind), key, value)
        return [(r.id, copy.deepcopy(r.data)) for r in found]

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        found = records_after(self._stored(kind), after_seq, limit)
        return [(r.seq, r.id, copy.deepcopy(r.data)) for r in found]

    def claim(
        self, kind: str, key: str, value: str, *, limit: int
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        """Matching records not claimed by another live unit of work (see the port). Another
        unit of work may still write a claimed record; if this one writes it too, its commit
        is then a :class:`Conflict` (PostgreSQL would have made that writer wait)."""
        if limit < 0:
            raise InvalidInput(f"claim limit must be 0 or more, got {limit}")
        with self._store._lock:
            claimed: list[tuple[int, str, Mapping[str, Any]]] = []
            for seq, rid, data, _ in records_with_key(self._stored(kind), key, value):
                if len(claimed) == limit:
                    break
                if self._store._claim((kind, rid), self):
                    self._claimed.setdefault((kind, rid), self._store._records.get((kind, rid)))
                    claimed.append((seq, rid, copy.deepcopy(data)))
        return claimed

    def delete(self, kind: str, record_id: str) -> bool:
        existed = self._lookup(kind, record_id) is not None
        self._pending[(kind, record_id)] = None
        return existed

    def _check(self) -> None:
        """A claimed record this unit of work writes must not have been changed by another
        one since the claim (PostgreSQL would have made that writer wait for the claim)."""
        for key, seen in self._claimed.items():
            if key in self._pending and self._store._records.get(key) is not seen:
                raise Conflict(
                    f"{key[0]} {key[1]} was changed by another unit of work while claimed; "
                    "claim it again"
                )

    def _commit(self) -> None:
        for key, rec in self._pending.items():
            if rec is None:
                self._store._records.pop(key, None)
            else:
                self._store._records[key] = rec


class _MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.tickets = _MemoryTickets(store)
        self.records = _MemoryRecords(store)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                with self._store._lock:
                    self.records._check()
                    self.tickets._commit()
                    self.records._commit()
        finally:
            self._store._release(self.tickets, self.records)


class MemoryStore:
    """A store that keeps everything in process memory."""

    def __init__(self) -> None:
        self._tickets: dict[str, Ticket] = {}
        # The last ticket id handed out or added (numeric ids only); next_id() goes past it.
        self._last_id = 0
        self._records: dict[tuple[str, str], _Record] = {}
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._blobs = MemoryBlobStore()
        # Work-queue claims: (kind or "ticket", id) -> the repository of the live unit of
        # work holding it; released when that unit of work ends.
        self._claims: dict[tuple[str, str], object] = {}

    def _claim(self, key: tuple[str, str], owner: object) -> bool:
        """Claim ``key`` for ``owner`` unless another owner holds it (caller holds the lock)."""
        holder = self._claims.setdefault(key, owner)
        return holder is owner

    def _release(self, *owners: object) -> None:
        with self._lock:
            for key in [k for k, v in self._claims.items() if any(v is o for o in owners)]:
                del self._claims[key]

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    def unit_of_work(self) -> _MemoryUnitOfWork:
        return _MemoryUnitOfWork(self)

    def close(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._tickets)} tickets)"
