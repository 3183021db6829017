"""The in-memory store: every port, no persistence. For tests, prototypes and examples.

Units of work are isolated: writes go to an overlay that is applied atomically on commit
(after re-checking versions), and dropped on rollback. Saving a ticket, or reading it with
``for_update=True``, holds it until the unit of work ends (:mod:`._memory_locks`): other
writers of that ticket wait, as behind a PostgreSQL row lock. A read-only unit of work reads
the committed data and refuses writes; a write unit of work refuses a nested one in the same
thread (the nesting rule of :mod:`supportkit.ports`).
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
from supportkit.adapters._memory_locks import KeyLocks
from supportkit.adapters.reference import (
    StoredRecord,
    append_each,
    check_claim,
    delete_each,
    due_tickets,
    is_numeric_id,
    message_words,
    put_each,
    records_after,
    records_with_key,
    refuse_invalid_text,
    searchable_words,
    select_tickets,
    words,
)
from supportkit.adapters.uow_rules import WriterSlots, readonly_refused
from supportkit.errors import Conflict, InvalidInput, NotFound
from supportkit.ports import BlobStore, RecordPut, TicketQuery
from supportkit.serialization import stored_json
from supportkit.tickets.head import TicketHead, TicketSummary, head_of, rebuild, summary_of
from supportkit.tickets.model import Event, Ticket

__all__ = ["MemoryStore"]


@attrs.define
class _Entry:
    """One committed ticket: its head, its events (a list only ever appended to, so a
    reader's head counts the prefix that is its history) and its search words (every
    subject it had and its public messages)."""

    head: TicketHead
    events: list[Event]
    words: frozenset[str]


@attrs.define
class _Pending:
    """A ticket this unit of work added or appended to: the new head, the events after the
    committed ones and the words they add."""

    head: TicketHead
    base: int  # the committed version this write is based on (0: new)
    events: list[Event]
    words: frozenset[str]


class _MemoryTickets:
    def __init__(self, store: MemoryStore, uow: _MemoryUnitOfWork) -> None:
        self._store = store
        self._uow = uow
        self._pending: dict[str, _Pending] = {}
        # The highest numeric id this unit of work added: the id counter passes it on commit.
        self._top = 0

    def _writing(self, what: str) -> None:
        if self._uow.readonly:
            raise readonly_refused(what)

    def _hold(self, ticket_id: str) -> None:
        self._store._locks.hold(("ticket", ticket_id), self._uow, f"ticket {ticket_id}")

    def next_id(self) -> str:
        self._writing("next ticket id")
        with self._store._lock:
            self._store._last_id = max(self._store._last_id, self._top) + 1
            return str(self._store._last_id)

    def _added(self, ticket_id: str) -> None:
        if is_numeric_id(ticket_id):
            self._top = max(self._top, int(ticket_id))

    def _head(self, ticket_id: str) -> TicketHead | None:
        pending = self._pending.get(ticket_id)
        if pending is not None:
            return pending.head
        entry = self._store._tickets.get(ticket_id)
        return None if entry is None else entry.head

    def _words(self, head: TicketHead) -> frozenset[str]:
        pending = self._pending.get(head.id)
        entry = self._store._tickets.get(head.id)
        held = entry.words if entry is not None else frozenset()
        return held | pending.words if pending is not None else held

    def _check_new(self, ticket: Ticket, seen: set[str]) -> TicketHead:
        """``ticket``'s head, once ``ticket`` is checked to be new and storable."""
        if ticket.version != 1:
            raise InvalidInput(f"a new ticket is saved with version 1, not {ticket.version}")
        if ticket.id in seen or self._head(ticket.id) is not None:
            raise Conflict(f"ticket {ticket.id} already exists; append to it to change it")
        # Refused as the SQL stores refuse it, from the same stored form (their text).
        head = head_of(ticket)
        refuse_invalid_text(ticket.id, stored_json(head),
                            [stored_json(event) for event in ticket.events])
        seen.add(ticket.id)
        return head

    def _put_new(self, ticket: Ticket, head: TicketHead) -> None:
        self._pending[ticket.id] = _Pending(
            head, 0, list(ticket.events), frozenset(searchable_words(ticket))
        )
        self._added(ticket.id)

    def add(self, ticket: Ticket) -> None:
        self._writing(f"add ticket {ticket.id}")
        self._put_new(ticket, self._check_new(ticket, set()))

    def add_many(self, tickets: Iterable[Ticket]) -> None:
        """Insert many new tickets at once: all of them or, on any refusal, none."""
        self._writing("add tickets")
        batch = list(tickets)
        seen: set[str] = set()
        heads = [self._check_new(ticket, seen) for ticket in batch]
        for ticket, head in zip(batch, heads, strict=True):
            self._put_new(ticket, head)

    def _events(self, ticket_id: str, count: int) -> list[Event]:
        pending = self._pending.get(ticket_id)
        entry = self._store._tickets.get(ticket_id)
        stored = entry.events if entry is not None else []
        if pending is None:
            return stored[:count]
        return [*stored[: pending.head.event_count - len(pending.events)], *pending.events]

    def get(self, ticket_id: str) -> Ticket:
        with self._store._lock:  # a committing writer extends the lists under this lock
            head = self._head(ticket_id)
            if head is None:
                raise NotFound("ticket", ticket_id)
            return rebuild(head, self._events(ticket_id, head.event_count))

    def head(self, ticket_id: str, *, for_update: bool = False) -> TicketHead:
        if for_update:
            self._writing(f"get ticket {ticket_id} for update")
            self._hold(ticket_id)
        head = self._head(ticket_id)
        if head is None:
            raise NotFound("ticket", ticket_id)
        return head

    def append(self, head: TicketHead, events: Sequence[Event]) -> None:
        self._writing(f"append to ticket {head.id}")
        self.head(head.id)  # NotFound before waiting for a holder
        self._hold(head.id)
        current = self.head(head.id)
        if head.version != current.version + 1:
            raise Conflict(
                f"ticket {head.id} changed since it was read (stored version "
                f"{current.version}, this write expects {head.version - 1}); reload and retry"
            )
        if head.event_count != current.event_count + len(events):
            raise InvalidInput(
                f"ticket {head.id}: the head counts {head.event_count} events, the store "
                f"holds {current.event_count} and {len(events)} are appended"
            )
        pending = self._pending.get(head.id)
        added = frozenset(message_words(events))
        if head.subject != current.subject:  # a head set without an event: index it too
            added |= words(head.subject)
        if pending is None:
            self._pending[head.id] = _Pending(head, current.version, list(events), added)
        else:
            pending.head = head
            pending.events.extend(events)
            pending.words |= added

    def append_many(self, changes: Iterable[tuple[TicketHead, Sequence[Event]]]) -> None:
        append_each(self, changes)

    def _heads(self) -> list[TicketHead]:
        merged = {tid: entry.head for tid, entry in self._store._tickets.items()}
        merged.update((tid, pending.head) for tid, pending in self._pending.items())
        return list(merged.values())

    def heads(self, query: TicketQuery) -> Sequence[TicketHead]:
        with self._store._lock:
            return select_tickets(self._heads(), query, self._words)

    def query(self, query: TicketQuery) -> Sequence[TicketSummary]:
        return [summary_of(head) for head in self.heads(query)]

    def claim_due(
        self, column: str, before: datetime, *, limit: int, due_from: datetime | None = None
    ) -> Sequence[TicketHead]:
        """Due tickets not held by another live unit of work (see the port), now held by
        this one: another writer of a claimed ticket waits until this unit of work ends."""
        self._writing(f"claim tickets due by {column}")
        check_claim(column, before, due_from, limit)
        with self._store._lock:
            claimed: list[TicketHead] = []
            for head in due_tickets(self._heads(), column, before, due_from):
                if len(claimed) == limit:
                    break
                if self._store._locks.try_hold(("ticket", head.id), self._uow):
                    claimed.append(head)
        return claimed

    def count(self, query: TicketQuery) -> int:
        """How many tickets match ``query``, ignoring its ``limit`` and cursor."""
        return len(self.heads(attrs.evolve(query, limit=None, after_id=None, after_due=None)))

    def _commit(self) -> None:
        committed = self._store._tickets
        for tid, pending in self._pending.items():
            stored = committed.get(tid)
            if (0 if stored is None else stored.head.version) != pending.base:
                raise Conflict(
                    f"ticket {tid} was changed by another unit of work; reload and retry"
                )
        for tid, pending in self._pending.items():
            entry = committed.get(tid)
            if entry is None:
                committed[tid] = _Entry(pending.head, list(pending.events), pending.words)
            else:
                entry.events.extend(pending.events)
                entry.words = entry.words | pending.words
                entry.head = pending.head
        self._store._last_id = max(self._store._last_id, self._top)


_Record = tuple[int, Mapping[str, Any], Mapping[str, str]]  # seq, data, keys


class _MemoryRecords:
    """Records with copy-on-commit isolation: writes land in ``_pending`` (None = deleted)."""

    def __init__(self, store: MemoryStore, uow: _MemoryUnitOfWork) -> None:
        self._store = store
        self._uow = uow
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
        if self._uow.readonly:
            raise readonly_refused(f"put record {kind} {record_id}")
        current = self._lookup(kind, record_id)
        seq = current[0] if current is not None else next(self._store._seq)
        self._pending[(kind, record_id)] = (seq, copy.deepcopy(dict(data)), dict(keys or {}))

    def get(self, kind: str, record_id: str, *, for_update: bool = False) -> Mapping[str, Any]:
        if for_update:
            if self._uow.readonly:
                raise readonly_refused(f"get record {kind} {record_id} for update")
            self._store._locks.hold(
                ("record", kind, record_id), self._uow, f"record {kind} {record_id}"
            )
        record = self._lookup(kind, record_id)
        if record is None:
            raise NotFound(kind, record_id)
        return copy.deepcopy(record[1])

    def find(
        self, kind: str, key: str, value: str, *, limit: int | None = None
    ) -> Sequence[tuple[str, Mapping[str, Any]]]:
        found = records_with_key(self._stored(kind), key, value, limit)
        return [(r.id, copy.deepcopy(r.data)) for r in found]

    def list(
        self, kind: str, *, after_seq: int = 0, limit: int | None = None
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        found = records_after(self._stored(kind), after_seq, limit)
        return [(r.seq, r.id, copy.deepcopy(r.data)) for r in found]

    def claim(
        self, kind: str, key: str, value: str, *, limit: int
    ) -> Sequence[tuple[int, str, Mapping[str, Any]]]:
        """Matching records not held by another live unit of work (see the port). Another
        unit of work may still ``put`` a claimed record; if this one writes it too, its
        commit is then a :class:`Conflict` (PostgreSQL would have made that writer wait)."""
        if self._uow.readonly:
            raise readonly_refused(f"claim {kind} records")
        if limit < 0:
            raise InvalidInput(f"claim limit must be 0 or more, got {limit}")
        with self._store._lock:
            claimed: list[tuple[int, str, Mapping[str, Any]]] = []
            for seq, rid, data, _ in records_with_key(self._stored(kind), key, value):
                if len(claimed) == limit:
                    break
                if self._store._locks.try_hold(("record", kind, rid), self._uow):
                    self._claimed.setdefault((kind, rid), self._store._records.get((kind, rid)))
                    claimed.append((seq, rid, copy.deepcopy(data)))
        return claimed

    def delete(self, kind: str, record_id: str) -> bool:
        if self._uow.readonly:
            raise readonly_refused(f"delete record {kind} {record_id}")
        existed = self._lookup(kind, record_id) is not None
        self._pending[(kind, record_id)] = None
        return existed

    def put_many(self, writes: Iterable[RecordPut]) -> None:
        put_each(self, writes)

    def delete_many(self, kind: str, record_ids: Iterable[str]) -> int:
        return delete_each(self, kind, record_ids)

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
    def __init__(self, store: MemoryStore, *, readonly: bool) -> None:
        self._store = store
        self.readonly = readonly
        self.tickets = _MemoryTickets(store, self)
        self.records = _MemoryRecords(store, self)

    def __enter__(self) -> Self:
        if not self.readonly:
            self._store._writers.enter(self)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None and not self.readonly:
                with self._store._lock:
                    self.records._check()
                    self.tickets._commit()
                    self.records._commit()
        finally:
            self._store._locks.release(self)
            self._store._writers.leave(self)


class MemoryStore:
    """A store that keeps everything in process memory.

    ``timeout`` is how long a writer waits for a ticket or record another unit of work holds
    (``for_update``, a save, a claim) before :class:`~supportkit.StorageError`.
    """

    def __init__(self, *, timeout: float = 30.0) -> None:
        self._tickets: dict[str, _Entry] = {}
        # The last ticket id handed out or added (numeric ids only); next_id() goes past it.
        self._last_id = 0
        self._records: dict[tuple[str, str], _Record] = {}
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._blobs = MemoryBlobStore()
        # Tickets and records held by live units of work (for_update, saves, claims).
        self._locks = KeyLocks(timeout)
        self._writers = WriterSlots()

    @property
    def blobs(self) -> BlobStore:
        return self._blobs

    def unit_of_work(self, *, readonly: bool = False) -> _MemoryUnitOfWork:
        """A new unit of work; ``readonly=True`` reads committed data and refuses writes."""
        return _MemoryUnitOfWork(self, readonly=readonly)

    def close(self) -> None:
        """Nothing to release."""

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._tickets)} tickets)"
